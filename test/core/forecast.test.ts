/**
 * The forecasting core (src/core/forecast.ts): additive Holt–Winters against published results, the prediction
 * interval against an independent state-space computation, error measures, missing points and the input errors.
 * Season detection is in forecast-detect.test.ts, the fast-check properties in forecast-properties.test.ts.
 *
 * Notation: our β and γ are the classical Holt–Winters ones (domain-formulas.md, Excel, R's HoltWinters). R's ets and
 * forecast::hw report the innovations state-space parameters β_ets = α·β and γ_ets = (1 − α)·γ, so a published
 * (α, β_ets, γ_ets) is used here as (α, β_ets/α, γ_ets/(1 − α)).
 */
import * as formulajs from "@formulajs/formulajs";
import {
  ForecastInputError,
  etsSse,
  fitEts,
  forecastEts,
  initialState,
  intervalMultipliers,
  normalQuantile,
  prepareSeries,
  smoothEts,
  type EtsFit,
} from "../../src/core/forecast";

/**
 * fpp2::austourists: quarterly visitor nights (millions) spent by international tourists in Australia, 1999 Q1 –
 * 2015 Q4 (Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", 2nd ed., 2018, data package fpp2;
 * values as distributed by the Rdatasets project).
 */
const AUSTOURISTS = [
  30.052513, 19.148496, 25.317692, 27.591437, 32.076456, 23.487961, 28.47594, 35.123753, 36.838485, 25.007017, 30.72223,
  28.693759, 36.640986, 23.824609, 29.311683, 31.770309, 35.177877, 19.775244, 29.60175, 34.538842, 41.273599, 26.655862,
  28.279859, 35.191153, 42.2056638559382, 24.6491713296294, 32.6673351386246, 37.2573540134764, 45.2424602720635,
  29.3504812742718, 36.3442072775119, 41.7820813647366, 49.2765984345619, 31.2754013898459, 37.8506254947152,
  38.83704413019, 51.236900336137, 31.8385516171558, 41.3234212576972, 42.7990033724349, 55.708358364385,
  33.4071449171312, 42.3166379718116, 45.1571225674731, 59.5760799633937, 34.8373301595328, 44.8416807241332,
  46.971249602779, 60.0190309438716, 38.3711785132276, 46.9758641283558, 50.7337964560878, 61.6468731860574,
  39.2995693656296, 52.6712090814052, 54.3323168946667, 66.834358381339, 40.8711884667851, 51.8285357927739,
  57.4919099342262, 65.2514698518726, 43.0612082202828, 54.7607571288007, 59.8344749355003, 73.2570274672009,
  47.6966237298, 61.0977680206996, 66.0557612187001,
];

/**
 * R, forecast package: ets(austourists, model = "AAA", damped = FALSE), as published with its R script in the
 * statsmodels repository (statsmodels/tsa/tests/results/fit_ets_results_seasonal.json, entry FALSE/AAA; script in
 * statsmodels/tsa/tests/test_holtwinters.py, fixture simulate_fit_state_r): parameters, initial state
 * (l, b, s1..s4 with s1 the most recent season), one-step fitted values, sigma², final state and 4-step forecasts.
 * Printed to 8 decimals.
 */
const R_ETS_AAA = {
  alpha: 0.20281952,
  beta: 0.00016979,
  gamma: 0.4645238,
  initstate: [23.06996036, 0.57786622, 1.65451693, -1.17750326, -8.97988612, 8.50287244],
  finalState: [62.55981214, 0.57809173, 2.61176735, -1.2438624, -12.9575427, 12.20664008],
  sigma2: 6.20560506,
  forecast: [75.34454396, 50.75845291, 63.05022495, 67.48394643],
  fitted: [
    32.15069902, 14.81989736, 24.07844941, 27.7402675, 34.16220999, 19.81989015, 27.50984866, 30.47188077, 36.96897492,
    25.69756384, 31.24919029, 35.62109628, 37.5467747, 25.85642145, 31.21023851, 32.32883351, 38.34246813, 25.66962138,
    30.29998064, 32.28274977, 37.65539005, 25.0900549, 33.64836366, 36.05661508, 41.42870059, 27.33305519, 31.80690864,
    37.56995468, 43.81688618, 28.24502523, 35.13437003, 40.42396643, 47.81804093, 32.10503855, 38.65093902, 43.60191761,
    49.79995042, 33.01880294, 39.50631223, 43.14606585, 53.12130468, 35.35815689, 43.08204367, 45.19262285, 56.59399136,
    36.80296395, 45.07466407, 47.63241432, 60.30864849, 37.5551857, 47.1958489, 49.55727484, 62.77907195, 40.36840828,
    49.14534328, 52.91563597, 65.11415198, 43.31239368, 53.94605246, 55.59174907, 68.02915973, 43.38114256, 54.59483466,
    58.56978898, 68.7050569, 46.68628529, 58.39666202, 63.39782057,
  ],
};

/** ets reports seasons newest first (s1 = s_t, s4 = s_{t−3}); ours are in order of use (next season first). */
function etsSeasonsInOrderOfUse(s1to4: number[]): number[] {
  return s1to4.slice().reverse();
}

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

describe("additive Holt–Winters reproduces R's ets(A,A,A) on fpp2::austourists (given R's parameters and initial state)", () => {
  const { alpha, beta, gamma } = R_ETS_AAA;
  const fit = smoothEts(
    AUSTOURISTS,
    { alpha, beta: beta / alpha, gamma: gamma / (1 - alpha), seasonLength: 4 },
    {
      level: R_ETS_AAA.initstate[0],
      trend: R_ETS_AAA.initstate[1],
      seasons: etsSeasonsInOrderOfUse(R_ETS_AAA.initstate.slice(2)),
    },
  );
  // Tolerance: R prints 8 decimals; parameters rounded at 1e-8 move the states by < 1e-6 over 68 steps.
  const TOL = 2e-6;

  it("gives every published one-step fitted value to 2e-6", () => {
    expect(fit.fitted).toHaveLength(68);
    fit.fitted.forEach((v, t) => expect(Math.abs(v - R_ETS_AAA.fitted[t])).toBeLessThan(TOL));
  });
  it("ends in the published level, trend and seasons", () => {
    const [l, b, ...s] = R_ETS_AAA.finalState;
    expect(Math.abs(fit.level - l)).toBeLessThan(TOL);
    expect(Math.abs(fit.trend - b)).toBeLessThan(TOL);
    etsSeasonsInOrderOfUse(s).forEach((v, k) => expect(Math.abs(fit.seasons[k] - v)).toBeLessThan(TOL));
  });
  it("forecasts the published 2016 quarters", () => {
    const f = forecastEts(fit, 4);
    f.forecast.forEach((v, h) => expect(Math.abs(v - R_ETS_AAA.forecast[h])).toBeLessThan(TOL));
  });
  it("has the published sigma² = SSE / (n − 8) (α, β, γ, ℓ0, b0 and 3 free seasons estimated)", () => {
    expect(fit.sigma * fit.sigma).toBeCloseTo(R_ETS_AAA.sigma2, 5);
    expect(fit.sse).toBeCloseTo(R_ETS_AAA.sigma2 * (68 - 8), 3);
  });
});

describe("fpp2 §7.3: hw(aust, seasonal = \"additive\") on austourists 2005 Q1 – 2015 Q4", () => {
  // Published summary of the fitted model (R forecast package, as printed in the book's example): α = 0.3063,
  // β = 0.0001, γ = 0.4263, ℓ0 = 32.2597, b0 = 0.7014, s = (1.311, −1.694, −9.313, 9.696) newest first,
  // sigma = 1.949; training RMSE 1.763. Parameters and states are printed to 3–4 decimals, so the recursions can only
  // match to about 1e-3 on sigma and RMSE.
  const aust = AUSTOURISTS.slice(24);
  const published = { alpha: 0.3063, beta: 0.0001, gamma: 0.4263, sigma: 1.949, rmse: 1.763 };
  const fixed = smoothEts(
    aust,
    {
      alpha: published.alpha,
      beta: published.beta / published.alpha,
      gamma: published.gamma / (1 - published.alpha),
      seasonLength: 4,
    },
    { level: 32.2597, trend: 0.7014, seasons: etsSeasonsInOrderOfUse([1.311, -1.694, -9.313, 9.696]) },
  );

  it("with the published parameters and initial state gives the published sigma and RMSE (±0.002)", () => {
    expect(fixed.n).toBe(44);
    expect(Math.abs(fixed.sigma - published.sigma)).toBeLessThan(0.002);
    expect(Math.abs(fixed.rmse - published.rmse)).toBeLessThan(0.002);
  });

  it("fitted on its own (classical initial state) does no worse than the published parameters on the same start", () => {
    const fit = fitEts(aust, { seasonLength: 4 });
    const withPublished = smoothEts(aust, {
      alpha: published.alpha,
      beta: published.beta / published.alpha,
      gamma: published.gamma / (1 - published.alpha),
      seasonLength: 4,
    });
    expect(withPublished.initial).toEqual(fit.initial);
    expect(fit.sse).toBeLessThanOrEqual(withPublished.sse);
    // R also optimises the initial state, so its RMSE is a little lower than ours: within 3 %.
    expect(fit.rmse).toBeLessThan(published.rmse * 1.03);
    // Forecasts of the published model (by the recursions above from its published parameters and start) and ours
    // agree within half a residual standard deviation (0.5 × 1.949) up to two years ahead: the fits differ only in
    // how the start was estimated.
    const theirs = forecastEts(fixed, 8).forecast;
    const ours = forecastEts(fit, 8).forecast;
    ours.forEach((v, h) => expect(Math.abs(v - theirs[h])).toBeLessThan(0.5 * published.sigma));
  });
});

describe("fitEts on the full austourists series", () => {
  const fit = fitEts(AUSTOURISTS, { seasonLength: 4 });

  it("finds parameters in [0, 1] with an SSE no worse than R's published fit", () => {
    for (const p of [fit.alpha, fit.beta, fit.gamma]) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    expect(fit.sse).toBeLessThanOrEqual(R_ETS_AAA.sigma2 * (68 - 8));
    const { alpha, beta, gamma } = R_ETS_AAA;
    const rParamsOurStart = smoothEts(AUSTOURISTS, { alpha, beta: beta / alpha, gamma: gamma / (1 - alpha), seasonLength: 4 });
    expect(fit.sse).toBeLessThanOrEqual(rParamsOurStart.sse);
  });
  it("forecasts R's published 2016 quarters within 1 % (and within 0.5 σ; R also optimises the start)", () => {
    const f = forecastEts(fit, 4).forecast;
    f.forEach((v, h) => {
      expect(Math.abs(v - R_ETS_AAA.forecast[h]) / R_ETS_AAA.forecast[h]).toBeLessThan(0.01);
      expect(Math.abs(v - R_ETS_AAA.forecast[h])).toBeLessThan(0.5 * Math.sqrt(R_ETS_AAA.sigma2));
    });
  });
  it("detects the quarterly season when none is given", () => {
    const auto = fitEts(AUSTOURISTS);
    expect(auto.seasonLength).toBe(4);
    expect(auto.seasonDetected).toBe(true);
    expect(auto.alpha).toBe(fit.alpha);
  });
});

/** The recursions of domain-formulas.md written out with one array per component, as a reference. */
function referenceHoltWinters(y: number[], m: number, a: number, b: number, g: number, l0: number, b0: number, s0: number[]) {
  const n = y.length;
  const l = [l0];
  const tr = [b0];
  const s = [...s0]; // s[k] is s_{k−m+1}: s0[0] is s_{1−m}, used at t = 1
  const fitted: number[] = [];
  for (let t = 1; t <= n; t++) {
    const sPrev = s[t - 1]; // s_{t−m}
    fitted.push(l[t - 1] + tr[t - 1] + sPrev);
    l[t] = a * (y[t - 1] - sPrev) + (1 - a) * (l[t - 1] + tr[t - 1]);
    tr[t] = b * (l[t] - l[t - 1]) + (1 - b) * tr[t - 1];
    s[t - 1 + m] = g * (y[t - 1] - l[t]) + (1 - g) * sPrev;
  }
  const forecast = (h: number) => l[n] + h * tr[n] + s[n - 1 + m - m * Math.ceil(h / m) + h];
  return { fitted, level: l[n], trend: tr[n], forecast };
}

describe("recursions and forecast formula", () => {
  it("match the domain-formulas.md recursions written out independently", () => {
    const y = [12, 15, 9, 20, 14, 18, 11, 23, 16, 19, 13, 25, 18, 22, 15, 27];
    const m = 4;
    const init = initialState(y, m);
    for (const [a, b, g] of [
      [0.3, 0.1, 0.2],
      [1, 0, 0],
      [0, 1, 1],
      [0.75, 0.5, 0.05],
    ]) {
      const ours = smoothEts(y, { alpha: a, beta: b, gamma: g, seasonLength: m }, init);
      const ref = referenceHoltWinters(y, m, a, b, g, init.level, init.trend, init.seasons);
      ours.fitted.forEach((v, t) => expect(v).toBeCloseTo(ref.fitted[t], 10));
      expect(ours.level).toBeCloseTo(ref.level, 10);
      expect(ours.trend).toBeCloseTo(ref.trend, 10);
      const f = forecastEts(ours, 9).forecast;
      for (let h = 1; h <= 9; h++) expect(f[h - 1]).toBeCloseTo(ref.forecast(h), 10);
      // the optimiser's allocation-free SSE is the SSE of these same recursions
      const refSse = sum(ref.fitted.map((v, t) => (y[t] - v) ** 2));
      expect(etsSse(y, { alpha: a, beta: b, gamma: g, seasonLength: m }, init)).toBeCloseTo(refSse, 9);
      expect(ours.sse).toBeCloseTo(refSse, 9);
    }
  });

  it("builds the classical initial state: seasons sum to zero, level and trend from the adjusted first seasons", () => {
    // 3 seasons of an exact line + pattern: the decomposition recovers both exactly
    const pattern = [5, -3, 1, -3];
    const y = Array.from({ length: 12 }, (_, t) => 100 + 2 * (t + 1) + pattern[t % 4]);
    const s = initialState(y, 4);
    expect(sum(s.seasons)).toBeCloseTo(0, 12);
    s.seasons.forEach((v, j) => expect(v).toBeCloseTo(pattern[j], 10));
    expect(s.level).toBeCloseTo(100, 10);
    expect(s.trend).toBeCloseTo(2, 10);
    // without a season: the line through the first points
    const ns = initialState([7, 9, 11, 13, 15], 1);
    expect(ns.level).toBeCloseTo(5, 12);
    expect(ns.trend).toBeCloseTo(2, 12);
    expect(ns.seasons).toEqual([0]);
  });

  it("repeats the last season's indices and adds m trends every m periods", () => {
    const fit = fitEts(AUSTOURISTS.slice(24), { seasonLength: 4 });
    const f = forecastEts(fit, 12).forecast;
    for (let h = 0; h < 8; h++) expect(f[h + 4] - f[h]).toBeCloseTo(4 * fit.trend, 9);
    expect(f[0]).toBeCloseTo(fit.level + fit.trend + fit.seasons[0], 12);
  });

  it("without a season is Holt's linear trend: gamma 0, seasons [0]", () => {
    const fit = fitEts([3, 5, 8, 9, 12, 14, 15, 19, 20, 22], { seasonLength: 0 });
    expect(fit.seasonLength).toBe(1);
    expect(fit.gamma).toBe(0);
    expect(fit.seasons).toEqual([0]);
    expect(fitEts([3, 5, 8, 9, 12], { seasonLength: 1 }).seasonLength).toBe(1);
  });
});

describe("prediction intervals", () => {
  /**
   * h-step variance multipliers from the innovations state-space form (Hyndman et al. 2008, ch. 6), computed with
   * matrices: x_t = F x_{t−1} + g e_t, y_t = w' x_{t−1} + e_t; Var_h / σ² = 1 + Σ_{j=1}^{h−1} (w' F^{j−1} g)².
   */
  function stateSpaceMultipliers(alpha: number, beta: number, gamma: number, m: number, horizon: number): number[] {
    const dim = 2 + m; // level, trend, s_{t}, s_{t−1}, ..., s_{t−m+1}
    const F: number[][] = Array.from({ length: dim }, () => new Array(dim).fill(0));
    F[0][0] = 1;
    F[0][1] = 1;
    F[1][1] = 1;
    F[2][dim - 1] = 1; // the new season starts from s_{t−m}
    for (let k = 3; k < dim; k++) F[k][k - 1] = 1;
    const w = new Array(dim).fill(0);
    w[0] = 1;
    w[1] = 1;
    w[dim - 1] = 1;
    const g = new Array(dim).fill(0);
    g[0] = alpha;
    g[1] = alpha * beta; // β_ets
    g[2] = (1 - alpha) * gamma; // γ_ets
    const out: number[] = [];
    let acc = 1;
    let v = g.slice(); // F^{j−1} g
    for (let h = 1; h <= horizon; h++) {
      if (h > 1) {
        const c = w.reduce((s, wi, i) => s + wi * v[i], 0);
        acc += c * c;
        v = F.map((row) => row.reduce((s, fij, j) => s + fij * v[j], 0));
      }
      out.push(Math.sqrt(acc));
    }
    return out;
  }

  it("use the class-1 ETS(A,A,A) variance, checked against matrix powers of the state-space form", () => {
    for (const [a, b, g, m] of [
      [0.3, 0.1, 0.4, 4],
      [0.9, 0.7, 0.95, 12],
      [0.05, 0, 0.2, 7],
      [0.5, 0.2, 0, 1],
    ]) {
      const ours = intervalMultipliers({ alpha: a, beta: b, gamma: m >= 2 ? g : 0, seasonLength: m }, 30);
      const ref = stateSpaceMultipliers(a, b, m >= 2 ? g : 0, Math.max(m, 1), 30);
      ours.forEach((v, i) => expect(v).toBeCloseTo(ref[i], 10));
    }
  });

  it("are forecast ± z·σ·multiplier with z the normal quantile of the confidence", () => {
    const fit = fitEts(AUSTOURISTS, { seasonLength: 4 });
    const f = forecastEts(fit, 10, 0.8);
    const mult = intervalMultipliers(fit, 10);
    const z = 1.2815515655446004; // qnorm(0.9)
    for (let h = 0; h < 10; h++) {
      expect(f.high[h] - f.forecast[h]).toBeCloseTo(z * fit.sigma * mult[h], 6);
      expect(f.forecast[h] - f.low[h]).toBeCloseTo(z * fit.sigma * mult[h], 6);
    }
    expect(forecastEts(fit, 0)).toEqual({ forecast: [], low: [], high: [] });
  });
});

describe("normalQuantile (Acklam)", () => {
  // Reference quantiles: R's qnorm / Wichura's AS 241, to 16 digits.
  const known: [number, number][] = [
    [0.5, 0],
    [0.9, 1.2815515655446004],
    [0.95, 1.6448536269514722],
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489004],
    [0.999, 3.090232306167813],
    [0.001, -3.090232306167813],
    [0.8413447460685429, 1], // pnorm(1)
    [1e-10, -6.361340902404056],
    [0.02425, -1.9729610513118845], // the switch between Acklam's regions
  ];
  it.each(known)("Φ⁻¹(%p) = %p to 1e-8", (p, z) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(z)));
  });
  it("agrees with formulajs NORM.S.INV on a grid, is odd, and handles the ends", () => {
    for (let p = 0.001; p < 1; p += 0.0137) {
      expect(normalQuantile(p)).toBeCloseTo((formulajs as unknown as { NORMSINV: (p: number) => number }).NORMSINV(p), 7);
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 7);
    }
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe("error measures (as FORECAST.ETS.STAT)", () => {
  it("are MAE, RMSE, MASE (one-step naive scale) and SMAPE of the one-step fitted values", () => {
    const y = AUSTOURISTS.slice(24);
    const fit = fitEts(y, { seasonLength: 4 });
    const e = y.map((v, t) => v - fit.fitted[t]);
    const n = y.length;
    const mae = sum(e.map(Math.abs)) / n;
    expect(fit.mae).toBeCloseTo(mae, 12);
    expect(fit.rmse).toBeCloseTo(Math.sqrt(sum(e.map((x) => x * x)) / n), 12);
    const naive = sum(y.slice(1).map((v, t) => Math.abs(v - y[t]))) / (n - 1);
    expect(fit.mase).toBeCloseTo(mae / naive, 12);
    const smape = sum(y.map((v, t) => (2 * Math.abs(v - fit.fitted[t])) / (Math.abs(v) + Math.abs(fit.fitted[t])))) / n;
    expect(fit.smape).toBeCloseTo(smape, 12);
    expect(fit.sigma).toBeCloseTo(Math.sqrt(fit.sse / (n - 8)), 12);
  });
  it("are all zero on a constant series", () => {
    const fit = fitEts(new Array(20).fill(4.2), { seasonLength: 4 });
    expect([fit.mae, fit.rmse, fit.mase, fit.smape, fit.sigma]).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("missing points", () => {
  it("are filled by linear interpolation, the ends by the nearest value", () => {
    const p = prepareSeries([NaN, 1, NaN, 3, NaN, NaN, 9, NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(p.y)).toEqual([1, 1, 2, 3, 5, 7, 9, 5, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(p.filled).toBe(5);
    expect(Array.from(prepareSeries([2, 4, 6, 8, NaN]).y)).toEqual([2, 4, 6, 8, 8]);
  });
  it("up to 30 % are accepted and counted (exactly 30 % included); the fit runs on the filled series", () => {
    expect(prepareSeries([1, NaN, 3, NaN, 5, NaN, 7, 8, 9, 10]).filled).toBe(3);
    const y = AUSTOURISTS.slice(24, 44).map((v, i) => (i % 10 === 3 || i % 10 === 6 || i % 10 === 8 ? NaN : v)); // 6 of 20
    const fit = fitEts(y, { seasonLength: 4 });
    expect(fit.filled).toBe(6);
    expect(fit.n).toBe(20);
    const same = fitEts(Array.from(prepareSeries(y).y), { seasonLength: 4 });
    expect(fit.fitted).toEqual(same.fitted);
  });
  it("more than 30 % is refused with a RangeError naming the counts", () => {
    const y = AUSTOURISTS.slice(24, 44).map((v, i) => (i % 3 === 0 ? NaN : v)); // 7 of 20
    expect(() => fitEts(y, { seasonLength: 4 })).toThrow(RangeError);
    try {
      fitEts(y);
    } catch (e) {
      expect(e).toBeInstanceOf(ForecastInputError);
      expect((e as ForecastInputError).code).toBe("forecast.tooManyMissing");
      expect((e as ForecastInputError).params).toEqual({ missing: 7, total: 20, maxShare: 0.3 });
      expect((e as Error).message).toBe("7 of 20 points are missing; at most 30 % of the points can be missing for a forecast.");
    }
    expect(() => fitEts([NaN, NaN, NaN])).toThrow(/3 of 3 points are missing/);
  });
});

describe("input errors (RangeError, with a stable code)", () => {
  function codeOf(f: () => unknown): string | undefined {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      return (e as ForecastInputError).code;
    }
    return undefined;
  }
  it("too few points: two full seasons with a season, three without", () => {
    expect(codeOf(() => fitEts([1, 2], { seasonLength: 0 }))).toBe("forecast.tooFewPoints");
    expect(codeOf(() => fitEts([1, 2]))).toBe("forecast.tooFewPoints");
    expect(codeOf(() => fitEts([]))).toBe("forecast.tooFewPoints");
    expect(codeOf(() => fitEts([1, 2, 3]))).toBeUndefined();
    expect(codeOf(() => fitEts(AUSTOURISTS.slice(0, 23), { seasonLength: 12 }))).toBe("forecast.tooFewPoints");
    expect(codeOf(() => fitEts(AUSTOURISTS.slice(0, 24), { seasonLength: 12 }))).toBeUndefined();
    expect(() => fitEts(AUSTOURISTS.slice(0, 7), { seasonLength: 4 })).toThrow(
      "Too few points for a forecast: 7 given, at least 8 needed (two full seasons of 4 points).",
    );
  });
  it("a bad season length, horizon or confidence", () => {
    for (const s of [-1, 2.5, 8761, NaN]) expect(codeOf(() => fitEts(AUSTOURISTS, { seasonLength: s }))).toBe("forecast.badSeasonLength");
    const fit: EtsFit = fitEts(AUSTOURISTS, { seasonLength: 4 });
    for (const h of [-1, 1.5, NaN]) expect(codeOf(() => forecastEts(fit, h))).toBe("forecast.badHorizon");
    for (const c of [0, 1, -0.5, 95, NaN]) expect(codeOf(() => forecastEts(fit, 3, c))).toBe("forecast.badConfidence");
  });
  it("an infinite value (a missing point is NaN, not Infinity)", () => {
    expect(codeOf(() => fitEts([1, 2, Infinity, 4]))).toBe("forecast.notFinite");
  });
});
