/**
 * Trend series (src/core/trends): values against an independent aggregation of the raw cells, margin rate as
 * Σmargin/Σrevenue, missing and partial periods, top N + Others, outliers, forecasts equal to OPS.FORECAST, and the
 * bad-input messages.
 */
import { buildDataSet, detectLayouts } from "../../../src/core/read";
import { buildTrends, type TrendRequest } from "../../../src/core/trends";
import type { CellValue, DataSet } from "../../../src/core/types";
import { forecast as opsForecast } from "../../../src/functions/functions";
import { serialFromYMD } from "../../../src/core/parse/dates";
import { formatMessage } from "../../../src/core/i18n";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

interface Line {
  date: CellValue;
  product: string;
  revenue: CellValue;
  cost: CellValue;
}

function dataOf(lines: Line[]): DataSet {
  const values: CellValue[][] = [["Date", "Produit", "CA HT", "Coût de revient"], ...lines.map((l) => [l.date, l.product, l.revenue, l.cost])];
  const grid = { sheet: "Ventes", top: 1, left: 1, values, columnFormats: ["dd/mm/yyyy", "General", "#,##0.00 €", "#,##0.00 €"] };
  const [layout] = detectLayouts({ ...grid, values: values.slice(0, 200) });
  const ds = buildDataSet(grid, layout);
  expect([ds.roles.date, ds.roles.product, ds.roles.revenue, ds.roles.cost]).toEqual([0, 1, 2, 3]);
  return ds;
}

/** Monthly lines from Jan 2022, `months` months, `products` products, a few lines per month and product. */
function ledger(months: number, products: number, seed = 7, day = (k: number) => [28, 12, 3][k]): Line[] {
  const rnd = lcg(seed);
  const out: Line[] = [];
  for (let m = 0; m < months; m++) {
    for (let p = 0; p < products; p++) {
      const k = 2;
      for (let j = 0; j < k; j++) {
        const base = (100 + p * 40) * (1 + 0.01 * m) * (1 + 0.2 * Math.sin((2 * Math.PI * m) / 12));
        const revenue = Math.round(base * (0.9 + 0.2 * rnd()) * 100) / 100;
        const cost = Math.round(revenue * (0.55 + 0.3 * rnd()) * 100) / 100;
        out.push({ date: serialFromYMD(2022 + Math.floor(m / 12), (m % 12) + 1, day(j)), product: `P${String(p + 1).padStart(2, "0")}`, revenue, cost });
      }
    }
  }
  return out;
}

const monthCode = (serial: number) => {
  const d = new Date(Date.UTC(1899, 11, 30) + serial * 86400000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

/** Independent aggregation: Σ per (product or "all", month code) with a Map, from the raw lines. */
function aggregate(lines: Line[], f: (l: Line) => number | null, key: (l: Line) => string = () => "all"): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const l of lines) {
    const v = f(l);
    if (v === null || typeof l.date !== "number") continue;
    const k = key(l);
    const m = out.get(k) ?? new Map<number, number>();
    const c = monthCode(l.date);
    m.set(c, (m.get(c) ?? 0) + v);
    out.set(k, m);
  }
  return out;
}

const num = (v: CellValue) => (typeof v === "number" ? v : null);
const req = (r: Partial<TrendRequest>): TrendRequest => ({ measure: "revenue", lang: "fr", ...r });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe("trend series from a sales ledger", () => {
  const lines = ledger(36, 14);
  const ds = dataOf(lines);

  it("revenue by month equals an independent aggregation of the raw cells (1e-12)", () => {
    const r = buildTrends(ds, req({}));
    const total = r.series[0];
    expect(total.kind).toBe("total");
    expect(total.codes).toHaveLength(36);
    const want = aggregate(lines, (l) => num(l.revenue)).get("all")!;
    total.codes.forEach((c, j) => expect(rel(total.actual[j], want.get(c)!)).toBeLessThan(1e-12));
    expect(total.labels[0]).toBe("janv. 2022");
    expect(total.partialLast).toBe(false);
  });

  it("cost, margin and quantity-free measures: cost and margin amounts per month", () => {
    const cost = buildTrends(ds, req({ measure: "cost" })).series[0];
    const margin = buildTrends(ds, req({ measure: "margin" })).series[0];
    const wantC = aggregate(lines, (l) => num(l.cost)).get("all")!;
    const wantM = aggregate(lines, (l) => (num(l.revenue) !== null && num(l.cost) !== null ? (l.revenue as number) - (l.cost as number) : null)).get("all")!;
    cost.codes.forEach((c, j) => expect(rel(cost.actual[j], wantC.get(c)!)).toBeLessThan(1e-12));
    margin.codes.forEach((c, j) => expect(rel(margin.actual[j], wantM.get(c)!)).toBeLessThan(1e-12));
  });

  it("margin rate per month is Σmargin / Σrevenue, not the average of the lines' rates", () => {
    const r = buildTrends(ds, req({ measure: "marginRate" }));
    expect(r.changeKind).toBe("points");
    const s = r.series[0];
    const m = aggregate(lines, (l) => (l.revenue as number) - (l.cost as number)).get("all")!;
    const v = aggregate(lines, (l) => l.revenue as number).get("all")!;
    let differs = 0;
    s.codes.forEach((c, j) => {
      expect(Math.abs(s.actual[j] - m.get(c)! / v.get(c)!)).toBeLessThan(1e-12);
      const inMonth = lines.filter((l) => monthCode(l.date as number) === c);
      const avg = inMonth.reduce((a, l) => a + ((l.revenue as number) - (l.cost as number)) / (l.revenue as number), 0) / inMonth.length;
      if (Math.abs(avg - s.actual[j]) > 1e-6) differs++;
    });
    expect(differs).toBeGreaterThan(20); // the data make the two differ: the test can tell them apart
    // change is in points: rate_t − rate_{t−1}
    expect(s.change[5]).toBeCloseTo(s.actual[5] - s.actual[4], 12);
    expect(s.yoy[20]).toBeCloseTo(s.actual[20] - s.actual[8], 12);
  });

  it("by quarter and by year: Σ of the months", () => {
    const months = buildTrends(ds, req({})).series[0];
    const q = buildTrends(ds, req({ period: "quarter" })).series[0];
    const y = buildTrends(ds, req({ period: "year" })).series[0];
    expect(q.labels.slice(0, 2)).toEqual(["T1 2022", "T2 2022"]);
    expect(y.labels).toEqual(["2022", "2023", "2024"]);
    expect(rel(q.actual[1], months.actual[3] + months.actual[4] + months.actual[5])).toBeLessThan(1e-12);
    let y2 = 0;
    for (let j = 12; j < 24; j++) y2 += months.actual[j];
    expect(rel(y.actual[1], y2)).toBeLessThan(1e-12);
    // CAGR between the first and last whole years
    expect(months.cagr).toBeCloseTo(Math.pow(y.actual[2] / y.actual[0], 1 / 2) - 1, 12);
  });

  it("top N values plus Others; the series add up to the total", () => {
    const r = buildTrends(ds, req({ breakdown: "product", topN: 5 }));
    expect(r.series.map((s) => s.kind)).toEqual(["total", "value", "value", "value", "value", "value", "others"]);
    expect(r.othersCount).toBe(9);
    const byProduct = aggregate(lines, (l) => num(l.revenue), (l) => l.product);
    const sizes = [...byProduct.entries()].map(([k, m]) => [k, [...m.values()].reduce((a, b) => a + b, 0)] as const).sort((a, b) => b[1] - a[1]);
    expect(r.series.slice(1, 6).map((s) => s.name)).toEqual(sizes.slice(0, 5).map((x) => x[0]));
    for (const s of r.series.slice(1, 6)) {
      const want = byProduct.get(s.name)!;
      s.codes.forEach((c, j) => expect(rel(s.actual[j], want.get(c) ?? NaN)).toBeLessThan(1e-12));
    }
    for (let j = 0; j < 36; j++) {
      const sum = r.series.slice(1).reduce((a, s) => a + s.actual[j], 0);
      expect(rel(sum, r.series[0].actual[j])).toBeLessThan(1e-12);
    }
    expect(r.messages.some((m) => m.code === "trends.others")).toBe(true);
  });

  it("the forecast and its 80 % and 95 % intervals equal OPS.FORECAST on the same values", () => {
    const r = buildTrends(ds, req({ horizon: 6 }));
    const f = r.series[0].forecast!;
    expect(f.model).toBe("holtWinters");
    expect(f.seasonLength).toBe(12);
    expect(f.labels[0]).toBe("janv. 2025");
    const cells = Array.from(r.series[0].actual).map((v) => [v]);
    const o95 = opsForecast(cells, 6) as number[][];
    const o80 = opsForecast(cells, 6, undefined, 0.8) as number[][];
    for (let h = 0; h < 6; h++) {
      expect(f.values[h]).toBe(o95[h][0]);
      expect(f.low95[h]).toBe(o95[h][1]);
      expect(f.high95[h]).toBe(o95[h][2]);
      expect(f.low80[h]).toBe(o80[h][1]);
      expect(f.high80[h]).toBe(o80[h][2]);
      expect(f.low80[h]).toBeGreaterThan(f.low95[h]);
    }
    // The trend line goes on over the horizon.
    expect(r.series[0].trendValues.length).toBe(36 + 6);
    expect(r.series[0].trendValues[40]).toBeCloseTo(r.series[0].trendValues[0] + 40 * r.series[0].slope, 6);
  });

  it("moving average: default window 12 on 24+ months, each value the mean of its window", () => {
    const r = buildTrends(ds, req({}));
    expect(r.window).toBe(12);
    const s = r.series[0];
    expect(s.movingAverage[10]).toBeNaN();
    let w = 0;
    for (let j = 8; j <= 19; j++) w += s.actual[j];
    expect(s.movingAverage[19]).toBeCloseTo(w / 12, 8);
    expect(buildTrends(ds, req({ window: 3 })).series[0].movingAverage[2]).toBeCloseTo((s.actual[0] + s.actual[1] + s.actual[2]) / 3, 8);
  });
});

describe("periods missing, partial, unusual", () => {
  it("a month without any line stays empty (not zero) and is named", () => {
    const lines = ledger(30, 3).filter((l) => monthCode(l.date as number) !== 2022 * 12 + 6); // no July 2022
    const r = buildTrends(dataOf(lines), req({}));
    const s = r.series[0];
    expect(s.codes).toHaveLength(30);
    expect(s.actual[6]).toBeNaN();
    expect(s.missing).toEqual([6]);
    const m = r.messages.find((x) => x.code === "trends.missingPeriods")!;
    expect(formatMessage(m, "fr")).toContain("juil. 2022");
    expect(s.forecast).toBeDefined(); // one missing point of 30 is filled for the fit
  });

  it("a partial last month is shown, left out of the fit, and forecast for the whole month", () => {
    const lines = ledger(25, 3, 9, (k) => 1 + k * 3).filter((l) => !(monthCode(l.date as number) === 2024 * 12 && (l.date as number) > serialFromYMD(2024, 1, 10)));
    const r = buildTrends(dataOf(lines), req({}));
    const s = r.series[0];
    expect(s.labels[24]).toBe("janv. 2024");
    expect(s.partialLast).toBe(true);
    expect(Number.isFinite(s.actual[24])).toBe(true);
    expect(s.movingAverage[24]).toBeNaN();
    expect(s.change[24]).toBeNaN();
    expect(s.forecast!.labels[0]).toBe("janv. 2024");
    expect(s.forecast!.fitted).toHaveLength(24);
    expect(r.messages.map((m) => m.code)).toContain("trends.partialLast");
  });

  it("names an outlier month (3 robust standard deviations from the trend)", () => {
    const lines = ledger(24, 2, 3);
    for (const l of lines) if (monthCode(l.date as number) === 2023 * 12 + 2) l.revenue = (l.revenue as number) * 6;
    const r = buildTrends(dataOf(lines), req({ seasonLength: 0 }));
    const s = r.series[0];
    expect(s.outliers.map((o) => o.label)).toEqual(["mars 2023"]);
    expect(s.outliers[0].score).toBeGreaterThan(3);
  });

  it("zero revenue in a month: no margin rate there, a message naming it, the rest computed", () => {
    const lines = ledger(12, 2, 5);
    for (const l of lines) if (monthCode(l.date as number) === 2022 * 12 + 3) [l.revenue, l.cost] = [0, 0];
    const r = buildTrends(dataOf(lines), req({ measure: "marginRate", lang: "en" }));
    const s = r.series[0];
    expect(s.actual[3]).toBeNaN();
    expect(Number.isFinite(s.actual[4])).toBe(true);
    const m = r.messages.find((x) => x.code === "trends.rateBaseNotPositive")!;
    expect(formatMessage(m, "en")).toContain("Apr 2022");
  });
});

describe("bad input", () => {
  it("unreadable dates: counted, the rows named, the rest goes on", () => {
    const lines = ledger(12, 2, 11);
    lines[3].date = "n/a";
    lines[7].date = "pas une date";
    const ds = dataOf(lines);
    const r = buildTrends(ds, req({}));
    const m = r.messages.find((x) => x.code === "trends.datesUnreadable")!;
    expect(m.params).toMatchObject({ column: "Date", count: 2, rows: "5, 9" });
    expect(r.series[0].codes).toHaveLength(12);
  });

  it("no date column: an error, no series, nothing thrown", () => {
    const values: CellValue[][] = [["Produit", "CA HT"], ["A", 10], ["B", 20], ["C", 30]];
    const [layout] = detectLayouts({ sheet: "S", top: 1, left: 1, values });
    const r = buildTrends(buildDataSet({ sheet: "S", top: 1, left: 1, values }, layout), req({}));
    expect(r.series).toEqual([]);
    expect(r.messages[0]).toMatchObject({ code: "trends.noDate", severity: "error" });
  });

  it("no quantity column: the quantity series says which column is missing", () => {
    const r = buildTrends(dataOf(ledger(6, 1)), req({ measure: "quantity" }));
    expect(r.series).toEqual([]);
    expect(formatMessage(r.messages[0], "fr")).toContain("Quantité");
  });

  it("a single period: the value, no forecast, a message", () => {
    const r = buildTrends(dataOf(ledger(1, 2)), req({}));
    expect(r.series[0].codes).toHaveLength(1);
    expect(r.series[0].forecast).toBeUndefined();
    expect(r.messages.map((m) => m.code)).toContain("trends.forecastTooFew");
  });

  it("too few points for a season: Holt without a season, then a level only, each saying so", () => {
    const r18 = buildTrends(dataOf(ledger(18, 2)), req({ seasonLength: 12 }));
    expect(r18.series[0].forecast!.model).toBe("holt");
    expect(r18.messages.find((m) => m.code === "trends.seasonTooShort")!.params).toMatchObject({ season: 12, needed: 24, got: 18 });
    expect(r18.messages.map((m) => m.code)).toContain("trends.model.holt");
    const r4 = buildTrends(dataOf(ledger(4, 2)), req({}));
    expect(r4.series[0].forecast!.model).toBe("level");
    expect(r4.series[0].forecast!.beta).toBe(0);
    const f = r4.series[0].forecast!;
    expect(f.values.every((v) => Math.abs(v - f.values[0]) < 1e-9)).toBe(true); // a level: flat
  });

  it("a measure missing everywhere in a breakdown value: that series says so", () => {
    const lines = ledger(12, 3);
    for (const l of lines) if (l.product === "P02") l.revenue = "";
    const r = buildTrends(dataOf(lines), req({ breakdown: "product" }));
    expect(r.series.map((s) => s.name)).not.toContain("P02");
  });
});

describe("monthly data dated on the first of each month", () => {
  it("is whole up to its last month (no partial last period)", () => {
    const lines = ledger(14, 2, 4, () => 1);
    const r = buildTrends(dataOf(lines), req({}));
    expect(r.series[0].partialLast).toBe(false);
    expect(r.messages.map((m) => m.code)).not.toContain("trends.partialLast");
  });
});
