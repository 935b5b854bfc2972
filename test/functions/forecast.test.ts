/**
 * The forecast wrappers (OPS.FORECAST, OPS.SEASONALITY, OPS.FORECAST.STATS) over src/core/forecast.ts. The model
 * itself (published Holt–Winters examples, interval formulas) is tested with the core; here: arguments, shapes,
 * errors, and that the spill is what the core computes for the same series.
 */
import { fitEts, forecastEts } from "../../src/core/forecast";
import * as Fns from "../../src/functions/functions";
import { col, thrown, withDisplayLanguage, loose } from "./helpers";

const { forecast, forecastStats, seasonality } = loose(Fns);

/** Seeded pseudo-random noise (LCG), so the series are the same on every run. */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** n points of level + trend + a season of length m, with a little noise. */
function seasonal(n: number, m: number, seed = 7): number[] {
  const r = noise(seed);
  return Array.from({ length: n }, (_, t) => 200 + 1.5 * t + 30 * Math.sin((2 * Math.PI * t) / m) + 12 * Math.cos((4 * Math.PI * t) / m) + 4 * r());
}

const monthly = seasonal(60, 12);

describe("OPS.FORECAST", () => {
  it("spills horizon rows of forecast, low, high: the core's numbers for the same series", () => {
    const out = forecast(col(...monthly), 18) as number[][];
    expect(out.length).toBe(18);
    const f = forecastEts(fitEts(monthly), 18, 0.95);
    out.forEach((row, h) => {
      expect(row).toEqual([f.forecast[h], f.low[h], f.high[h]]);
      expect(row[1]).toBeLessThan(row[0]);
      expect(row[0]).toBeLessThan(row[2]);
    });
  });
  it("widens its interval with the horizon and narrows it with a lower confidence", () => {
    const wide = forecast(col(...monthly), 24) as number[][];
    const narrow = forecast(col(...monthly), 24, null, 0.8) as number[][];
    for (let h = 1; h < 24; h++) expect(wide[h][2] - wide[h][1]).toBeGreaterThanOrEqual(wide[h - 1][2] - wide[h - 1][1] - 1e-9);
    for (let h = 0; h < 24; h++) expect(narrow[h][2] - narrow[h][1]).toBeLessThan(wide[h][2] - wide[h][1]);
  });
  it("follows Excel's season argument: omitted or 1 = detect, 0 = none, n = that length", () => {
    const detected = forecast(col(...monthly), 3);
    expect(forecast(col(...monthly), 3, 1)).toEqual(detected);
    expect(forecast(col(...monthly), 3, 12)).toEqual(detected);
    expect(forecast(col(...monthly), 3, 0)).toEqual(
      (() => {
        const f = forecastEts(fitEts(monthly, { seasonLength: 0 }), 3);
        return f.forecast.map((x, i) => [x, f.low[i], f.high[i]]);
      })(),
    );
  });
  it("drops empty cells at the ends of the range and treats inner ones as missing points", () => {
    const padded = forecast(col("", ...monthly, "", ""), 6);
    expect(padded).toEqual(forecast(col(...monthly), 6));
    const holes = monthly.map((v, i) => (i % 10 === 5 ? "" : v));
    const out = forecast(col(...holes), 6) as number[][];
    for (const row of out) for (const x of row) expect(Number.isFinite(x)).toBe(true);
    // A row as well as a column; numeric text read as numbers.
    expect(forecast([monthly.map(String)], 2)).toEqual(forecast(col(...monthly), 2));
  });
  it("explains too little data in the user's language (#N/A with a message)", () => {
    const en = thrown(() => forecast(col(1, 2), 3));
    expect(en.code).toBe("#N/A");
    expect(en.message).toMatch(/^Not enough data to forecast/);
    const fr = withDisplayLanguage("fr-FR", () => thrown(() => forecast(col(1, 2), 3)));
    expect(fr.message).toMatch(/^Pas assez de données pour prévoir/);
    expect(thrown(() => forecast(col("", ""), 3)).code).toBe("#N/A");
  });
  it("refuses bad arguments with Excel's codes", () => {
    expect(thrown(() => forecast(col(...monthly), 0)).code).toBe("#NUM!");
    expect(thrown(() => forecast(col(...monthly), 10001)).code).toBe("#NUM!");
    expect(thrown(() => forecast(col(...monthly), 3, 9000)).code).toBe("#NUM!");
    expect(thrown(() => forecast(col(...monthly), 3, -2)).code).toBe("#NUM!");
    expect(thrown(() => forecast(col(...monthly), 3, null, 1)).code).toBe("#NUM!");
    expect(thrown(() => forecast(col(...monthly), null)).code).toBe("#VALUE!");
    expect(thrown(() => forecast(col(1, "abc", 3), 3)).message).toBe("values: 'abc' is not a number (row 2).");
    expect(thrown(() => forecast(col(1, "#N/A", 3), 3)).code).toBe("#N/A");
  });
});

describe("OPS.SEASONALITY", () => {
  it("detects the season length of synthetic seasonal series", () => {
    expect(seasonality(col(...seasonal(72, 12, 3)))).toBe(12);
    expect(seasonality(col(...seasonal(40, 4, 5)))).toBe(4);
    expect(seasonality([seasonal(84, 7, 11)])).toBe(7);
  });
  it("says 1 for a series without a season", () => {
    const r = noise(42);
    expect(seasonality(col(...Array.from({ length: 60 }, (_, t) => 100 + 2 * t + r())))).toBe(1);
  });
});

describe("OPS.FORECAST.STATS", () => {
  it("spills the fit's parameters and errors as label / value rows", () => {
    const out = forecastStats(col(...monthly)) as [string, number][];
    const fit = fitEts(monthly);
    expect(out).toEqual([
      ["alpha (level)", fit.alpha],
      ["beta (trend)", fit.beta],
      ["gamma (season)", fit.gamma],
      ["MAE (mean absolute error)", fit.mae],
      ["RMSE (root mean squared error)", fit.rmse],
      ["MASE (mean absolute scaled error)", fit.mase],
      ["SMAPE (symmetric mean absolute percentage error)", fit.smape],
      ["season length (1 = none)", 12],
      ["points", 60],
    ]);
    const none = forecastStats(col(...monthly), 0) as [string, number][];
    expect(none[7][1]).toBe(1);
    expect(none[2][1]).toBe(0);
    const fr = withDisplayLanguage("fr-CA", () => forecastStats(col(...monthly))) as [string, number][];
    expect(fr[1][0]).toBe("bêta (tendance)");
  });
  it("with statistic_type 1..8 gives one number, in FORECAST.ETS.STAT's order: alpha, beta, gamma, MASE, SMAPE, MAE, RMSE, step", () => {
    const fit = fitEts(monthly);
    const y = monthly;
    const f = fit.fitted;
    const n = y.length;
    // Independent recomputation of the error measures from the one-step fitted values.
    let abs = 0;
    let sq = 0;
    let sm = 0;
    for (let t = 0; t < n; t++) {
      const e = y[t] - f[t];
      abs += Math.abs(e);
      sq += e * e;
      sm += (2 * Math.abs(e)) / (Math.abs(y[t]) + Math.abs(f[t]));
    }
    let naive = 0;
    for (let t = 1; t < n; t++) naive += Math.abs(y[t] - y[t - 1]);
    const mae = abs / n;
    const expected = [fit.alpha, fit.beta, fit.gamma, mae / (naive / (n - 1)), sm / n, mae, Math.sqrt(sq / n), 1];
    for (let k = 1; k <= 8; k++) {
      const out = forecastStats(col(...monthly), null, k) as unknown[][];
      expect(out.length).toBe(1);
      expect(out[0].length).toBe(1);
      expect(out[0][0]).toBeCloseTo(expected[k - 1], 9);
    }
    // The season argument still applies: no season, gamma 0.
    expect((forecastStats(col(...monthly), 0, 3) as unknown[][])[0][0]).toBe(0);
    expect(thrown(() => forecastStats(col(...monthly), null, 9)).code).toBe("#NUM!");
    expect(thrown(() => forecastStats(col(...monthly), null, 0)).code).toBe("#NUM!");
    // Omitted: the nine label / value rows as before.
    expect((forecastStats(col(...monthly), null, "") as unknown[][]).length).toBe(9);
  });
});
