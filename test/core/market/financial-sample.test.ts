/**
 * PVM by product between 2013 and 2014 on Microsoft's Financial Sample (../shared/fixtures): the bridge read through
 * the reader equals an independent computation from the raw cells read with ExcelJS here (Units Sold = volume,
 * " Sales" = revenue, COGS = cost; Year is text, Date the first of a month).
 */
import ExcelJS from "exceljs";
import { defaultBridgePeriods, pvmBridge, bridgePeriodsAvailable } from "../../../src/core/market/bridge";
import { buildDataSet, detectLayouts } from "../../../src/core/read";
import type { DataSet } from "../../../src/core/types";
import { describeWithShared } from "../../support/fixtures";
import { loadWorkbook } from "../../support/xlsx-grid";

interface Sums {
  q: [number, number];
  r: [number, number];
  c: [number, number];
}

describeWithShared("microsoft-financial-sample.xlsx", "PVM bridge on Microsoft's Financial Sample", (path) => {
  let ds: DataSet;
  const byProduct = new Map<string, Sums>();
  beforeAll(async () => {
    const wb = await loadWorkbook(path);
    const table = wb.tables.find((t) => t.tableName === "financials")!;
    ds = buildDataSet(table, detectLayouts(table)[0]);
    // Raw cells, independently of the reader.
    const x = new ExcelJS.Workbook();
    await x.xlsx.readFile(path);
    const ws = x.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).map((v) => (typeof v === "string" ? v : ""));
    const col = (h: string) => header.indexOf(h);
    const num = (v: unknown): number => (typeof v === "number" ? v : v && typeof v === "object" && "result" in v ? Number((v as { result: unknown }).result) : Number(v));
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r).values as unknown[];
      const product = row[col("Product")];
      if (typeof product !== "string") continue;
      const year = String(row[col("Year")]).trim();
      if (year !== "2013" && year !== "2014") continue;
      const p = year === "2013" ? 0 : 1;
      let s = byProduct.get(product.trim());
      if (!s) byProduct.set(product.trim(), (s = { q: [0, 0], r: [0, 0], c: [0, 0] }));
      s.q[p] += num(row[col("Units Sold")]);
      s.r[p] += num(row[col(" Sales")]);
      s.c[p] += num(row[col("COGS")]);
    }
  });

  it("defaults to 2014 against 2013 and lists both years", () => {
    expect(defaultBridgePeriods(ds)).toEqual({ base: { kind: "year", code: 2013 }, current: { kind: "year", code: 2014 } });
    const years = bridgePeriodsAvailable(ds).filter((p) => p.kind === "year");
    expect(years.map((y) => [y.code, y.complete])).toEqual([
      [2013, false],
      [2014, true],
    ]);
  });

  it("volume, mix, price and the margin bridge equal the formulas on the raw per-product sums", () => {
    const b = pvmBridge(ds, { base: { kind: "year", code: 2013 }, current: { kind: "year", code: 2014 }, lang: "en" });
    expect(b.ok).toBe(true);
    expect(b.hasVolume).toBe(true);
    const sums = [...byProduct.values()];
    const R0 = sums.reduce((a, s) => a + s.r[0], 0);
    const R1 = sums.reduce((a, s) => a + s.r[1], 0);
    const tol = 1e-9 * R1;
    expect(b.baseRevenue).toBeCloseTo(R0, 4);
    expect(b.currentRevenue).toBeCloseTo(R1, 4);
    expect(Math.abs(b.total - (R1 - R0))).toBeLessThan(tol);
    const cont = sums.filter((s) => s.q[0] > 0 && s.q[1] > 0);
    expect(b.counts.continuing).toBe(cont.length);
    const QT0 = cont.reduce((a, s) => a + s.q[0], 0);
    const QT1 = cont.reduce((a, s) => a + s.q[1], 0);
    let vol = 0, mix = 0, price = 0, mvol = 0, mmix = 0, cost = 0;
    for (const s of cont) {
      const P0 = s.r[0] / s.q[0], P1 = s.r[1] / s.q[1];
      const s0 = s.q[0] / QT0, s1 = s.q[1] / QT1;
      const m0 = (s.r[0] - s.c[0]) / s.q[0];
      const c0 = s.c[0] / s.q[0], c1 = s.c[1] / s.q[1];
      vol += (QT1 - QT0) * s0 * P0;
      mix += (s1 - s0) * QT1 * P0;
      price += (P1 - P0) * s.q[1];
      mvol += (QT1 - QT0) * s0 * m0;
      mmix += (s1 - s0) * QT1 * m0;
      cost += -(c1 - c0) * s.q[1];
    }
    expect(Math.abs(b.volume - vol)).toBeLessThan(tol);
    expect(Math.abs(b.mix - mix)).toBeLessThan(tol);
    expect(Math.abs(b.price - price)).toBeLessThan(tol);
    const m = b.margin!;
    const M0 = sums.reduce((a, s) => a + s.r[0] - s.c[0], 0);
    const M1 = sums.reduce((a, s) => a + s.r[1] - s.c[1], 0);
    expect(Math.abs(m.total - (M1 - M0))).toBeLessThan(tol);
    expect(Math.abs(m.volume - mvol)).toBeLessThan(tol);
    expect(Math.abs(m.mix - mmix)).toBeLessThan(tol);
    expect(Math.abs(m.price - price)).toBeLessThan(tol);
    expect(Math.abs(m.cost - cost)).toBeLessThan(tol);
    // Per product, sorted by |effect|.
    for (const row of b.rows) {
      const s = byProduct.get(row.key)!;
      expect(Math.abs(row.effect - (s.r[1] - s.r[0]))).toBeLessThan(tol);
      expect(row.price).toBeCloseTo((s.r[1] / s.q[1] - s.r[0] / s.q[0]) * s.q[1], 4);
    }
    expect(b.rows.map((r) => r.key).sort()).toEqual([...byProduct.keys()].sort());
  });

  it("a ytd bridge (Jan–Dec 2014 vs 2013's same months) keeps the identity and counts 2013's Sep–Dec only", () => {
    const b = pvmBridge(ds, { base: { kind: "ytd", code: 2013 * 12 + 11 }, current: { kind: "ytd", code: 2014 * 12 + 11 }, lang: "en" });
    expect(b.base.label).toBe("2013-01..2013-12");
    const year = pvmBridge(ds, { base: { kind: "year", code: 2013 }, current: { kind: "year", code: 2014 }, lang: "en" });
    expect(b.counts.baseRows).toBe(year.counts.baseRows);
    expect(b.total).toBe(year.total);
    expect(Math.abs(b.volume + b.mix + b.price + b.newProducts + b.lostProducts + b.other - b.total)).toBeLessThan(1e-9 * b.currentRevenue);
    const q = pvmBridge(ds, { base: { kind: "quarter", code: 2013 * 4 + 3 }, current: { kind: "quarter", code: 2014 * 4 + 3 }, lang: "en" });
    expect(q.counts.baseRows + q.counts.currentRows).toBeGreaterThan(0);
    expect(Math.abs(q.volume + q.mix + q.price + q.newProducts + q.lostProducts + q.other - q.total)).toBeLessThan(1e-9 * q.currentRevenue);
  });
});
