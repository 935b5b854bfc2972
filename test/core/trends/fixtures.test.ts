/**
 * Trend series on real public workbooks (../shared/fixtures): the Census monthly retail sales as a monthly series
 * (five year sheets read by the reader, months unpivoted), the Financial Sample by segment. Expected values come from
 * the raw cells, never from the reader.
 */
import { buildDataSet, detectLayouts, unpivot } from "../../../src/core/read";
import { buildTrends } from "../../../src/core/trends";
import type { CellValue, Column, DataSet } from "../../../src/core/types";
import { forecast as opsForecast } from "../../../src/functions/functions";
import { describeWithShared } from "../../support/fixtures";
import { dateToSerial, loadWorkbook } from "../../support/xlsx-grid";

const MONTH_LABEL = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.? (\d{4})(\(p\))?$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const text = (v: CellValue | undefined) => (typeof v === "string" ? v.trim() : v === null || v === undefined ? "" : String(v));
const KIND = "New car dealers";

describeWithShared("census-monthly-retail-sales.xlsx", "trend series on the Census monthly retail sales", (path) => {
  const expected = new Map<number, number>(); // month code -> raw cell
  let ds: DataSet;
  beforeAll(async () => {
    const wb = await loadWorkbook(path);
    const dates: number[] = [];
    const values: number[] = [];
    for (const year of ["2016", "2017", "2018", "2019", "2020"]) {
      const g = wb.sheets.find((s) => s.sheet === year)!;
      const [layout] = detectLayouts(g);
      const long = unpivot(buildDataSet(g, layout));
      const kind = long.columns.find((c) => c.header === "Kind of Business")!;
      const section = long.columns.find((c) => c.header === "Section")!;
      const period = long.columns[long.roles.period!];
      const value = long.columns.find((c) => c.header === "value")!;
      for (let i = 0; i < long.rowNumbers.length; i++) {
        if (kind.text![i] !== KIND || section.text![i] !== "NOT ADJUSTED") continue;
        dates.push(period.numbers![i]);
        values.push(value.numbers![i]);
      }
      // Raw cells: the row whose column B is the kind, in the NOT ADJUSTED section (the first one), months on row 5.
      const raw = (r: number, c: number) => g.values[r - g.top]?.[c - g.left];
      let row = 0;
      for (let r = g.top; r < g.top + g.values.length && !row; r++) if (text(raw(r, 2)) === KIND) row = r;
      for (let c = g.left; c < g.left + g.values[4].length; c++) {
        const m = MONTH_LABEL.exec(text(raw(5, c)));
        if (m && typeof raw(row, c) === "number") expected.set(Number(m[2]) * 12 + MONTHS.indexOf(m[1]), raw(row, c) as number);
      }
    }
    const date: Column = { index: 0, header: "Month", kind: "date", numbers: Float64Array.from(dates), role: "date", dateGranularity: "month" };
    const sales: Column = { index: 1, header: "Sales", kind: "number", numbers: Float64Array.from(values), role: "revenue" };
    ds = { id: "census", sheet: "2016-2020", address: "A1", headerRows: [1], rowNumbers: Int32Array.from(dates, (_, i) => i + 2), columns: [date, sales], roles: { date: 0, revenue: 1 }, excluded: [], messages: [], kind: "data" };
  });

  it("60 months, each equal to the raw cell; with a 12-month season the forecast equals OPS.FORECAST(values, 12, 12)", () => {
    expect(expected.size).toBe(60);
    const r = buildTrends(ds, { measure: "revenue", lang: "en", seasonLength: 12 });
    expect(r.messages.filter((m) => m.severity === "error")).toEqual([]);
    expect(ds.rowNumbers.length).toBe(60);
    const s = r.series[0];
    expect(s.labels[0]).toBe("Jan 2016");
    expect(s.codes).toHaveLength(60);
    s.codes.forEach((c, j) => expect(s.actual[j]).toBe(expected.get(c)));
    expect(s.partialLast).toBe(false);
    const f = s.forecast!;
    expect(f.model).toBe("holtWinters");
    expect(f.seasonLength).toBe(12);
    const o = opsForecast(Array.from(s.actual, (v) => [v]), 12, 12) as number[][];
    f.values.forEach((v, h) => expect([v, f.low95[h], f.high95[h]]).toEqual(o[h]));
    // April 2020 (the lockdown) is named as unusual.
    expect(s.outliers.map((x) => x.label)).toContain("Apr 2020");
    // Season detected as OPS.FORECAST detects it (here the 2020 shock hides it): the same model either way.
    const d = buildTrends(ds, { measure: "revenue", lang: "en" }).series[0].forecast!;
    const od = opsForecast(Array.from(s.actual, (v) => [v]), 12) as number[][];
    d.values.forEach((v, h) => expect([v, d.low95[h], d.high95[h]]).toEqual(od[h]));
  });
});

describeWithShared("microsoft-financial-sample.xlsx", "trend series on the Financial Sample, by segment", (path) => {
  let ds: DataSet;
  let rows: { segment: string; month: number; sales: number; profit: number }[];
  beforeAll(async () => {
    const wb = await loadWorkbook(path);
    const table = wb.tables.find((t) => t.tableName === "financials")!;
    const [layout] = detectLayouts(table);
    ds = buildDataSet(table, layout);
    const h = table.values[0] as string[];
    rows = table.values.slice(1).map((r) => {
      const d = r[h.indexOf("Date")];
      const serial = typeof d === "number" ? d : dateToSerial(d as unknown as Date, false);
      const dt = new Date(Date.UTC(1899, 11, 30) + serial * 86400000);
      return { segment: String(r[h.indexOf("Segment")]), month: dt.getUTCFullYear() * 12 + dt.getUTCMonth(), sales: r[h.indexOf(" Sales")] as number, profit: r[h.indexOf("Profit")] as number };
    });
  });

  it("revenue and margin rate (ΣProfit / ΣSales) by segment and month equal the raw cells' sums", () => {
    const rev = buildTrends(ds, { measure: "revenue", breakdown: "segment", lang: "en" });
    const rate = buildTrends(ds, { measure: "marginRate", breakdown: "segment", lang: "en" });
    expect(rev.series[0].labels[0]).toBe("Sep 2013");
    expect(rev.series[0].codes).toHaveLength(16);
    expect(rev.series.filter((s) => s.kind === "value").map((s) => s.name).sort()).toEqual(["Channel Partners", "Enterprise", "Government", "Midmarket", "Small Business"]);
    for (const s of rev.series.filter((x) => x.kind === "value")) {
      const r2 = rate.series.find((x) => x.name === s.name)!;
      s.codes.forEach((c, j) => {
        const inCell = rows.filter((r) => r.segment === s.name && r.month === c);
        const sales = inCell.reduce((a, r) => a + r.sales, 0);
        const profit = inCell.reduce((a, r) => a + r.profit, 0);
        if (inCell.length === 0) return expect(s.actual[j]).toBeNaN();
        expect(Math.abs(s.actual[j] - sales)).toBeLessThanOrEqual(1e-12 * Math.abs(sales));
        expect(Math.abs(r2.actual[j] - profit / sales)).toBeLessThan(1e-12);
      });
    }
    // Whole-table rate of a segment, as SOURCES.md gives it: Σ profit / Σ sales.
    expect(rate.series.find((s) => s.name === "Government")!.total).toBeCloseTo(0.2169, 4);
    // 16 months: no season can be fitted (two years needed); the forecast says so and uses Holt.
    expect(rev.series[0].forecast!.model).toBe("holt");
    expect(rev.messages.map((m) => m.code)).toContain("trends.seasonTooShort");
  });
});
