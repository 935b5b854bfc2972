/**
 * The sample workbook's "Concurrents" sheet (scripts/make-sample-workbook.ts), read through the reader as the add-in
 * does: every share, HHI, growth and price index equals an independent computation from the raw competitor lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { COMPANY, COMPETITORS_SHEET, buildSampleWorkbook, competitorLines } from "../../../scripts/make-sample-workbook";
import { serialToMonthIndex } from "../../../src/core/compliance/text";
import { analyseMarket, type MarketAnalysis } from "../../../src/core/market/index";
import { buildDataSet, detectLayouts } from "../../../src/core/read";
import type { DataSet } from "../../../src/core/types";
import { loadWorkbook } from "../../support/xlsx-grid";

describe("market analysis of the sample's Concurrents sheet", () => {
  let ds: DataSet;
  let r: MarketAnalysis;
  const lines = competitorLines();
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-market-"));
    const file = join(dir, "sample.xlsx");
    writeFileSync(file, Buffer.from((await buildSampleWorkbook().xlsx.writeBuffer()) as ArrayBuffer));
    const wb = await loadWorkbook(file);
    rmSync(dir, { recursive: true, force: true });
    const grid = wb.sheets.find((s) => s.sheet === COMPETITORS_SHEET)!;
    ds = buildDataSet(grid, detectLayouts(grid)[0]);
    r = analyseMarket(ds, { own: "verdier equipements", lang: "fr" });
  });

  it("reads one market per product family, 36 months each, the own company by its name without accents", () => {
    expect(r.ok).toBe(true);
    expect(r.layout).toBe("long");
    expect(r.grain).toBe("month");
    expect(r.own).toBe(COMPANY);
    const families = [...new Set(lines.map((l) => l.family))];
    expect(r.markets.map((m) => m.name).sort()).toEqual(families.sort());
    const months = new Set(lines.map((l) => serialToMonthIndex(l.date)));
    for (const m of r.markets) expect(m.periods.map((p) => p.code)).toEqual([...months].sort((a, b) => a - b));
    expect(r.messages.filter((m) => m.severity !== "info")).toEqual([]);
  });

  it("value and volume shares, HHI, CR4 and growth equal a computation from the raw lines", () => {
    let checked = 0;
    for (const m of r.markets) {
      for (const p of m.periods) {
        const raw = lines.filter((l) => l.family === m.name && serialToMonthIndex(l.date) === p.code);
        const tv = raw.reduce((s, l) => s + l.revenue, 0);
        const tq = raw.reduce((s, l) => s + l.units, 0);
        expect(p.totalValue).toBeCloseTo(tv, 6);
        expect(p.totalVolume).toBe(tq);
        for (const l of raw) {
          const c = p.competitors.find((x) => x.name === l.competitor)!;
          expect(c.share).toBeCloseTo(l.revenue / tv, 12);
          expect(c.volumeShare).toBeCloseTo(l.units / tq, 12);
          expect(c.price).toBeCloseTo(l.price, 9);
          const others = raw.filter((o) => o !== l).map((o) => o.revenue);
          expect(c.relativeShare).toBeCloseTo(l.revenue / Math.max(...others), 12);
          checked++;
        }
        const shares = raw.map((l) => l.revenue / tv).sort((a, b) => b - a);
        expect(p.hhi).toBeCloseTo(shares.reduce((s, x) => s + (x * 100) ** 2, 0), 6);
        expect(p.cr4).toBeCloseTo(shares.slice(0, 4).reduce((s, x) => s + x, 0), 12);
        expect(p.verdict?.source).toMatch(/EU Horizontal Merger Guidelines 2004/);
        const prev = lines.filter((l) => l.family === m.name && serialToMonthIndex(l.date) === p.code - 12);
        if (prev.length > 0) expect(p.growthYoy).toBeCloseTo(tv / prev.reduce((s, l) => s + l.revenue, 0) - 1, 12);
        else expect(Number.isNaN(p.growthYoy)).toBe(true);
      }
    }
    expect(checked).toBe(lines.length);
  });

  it("own share changes, price index (volume-weighted) and BCG quadrant follow the raw lines", () => {
    const m = r.markets.find((x) => x.name === "Compresseurs")!;
    const share = (code: number, family: string) => {
      const raw = lines.filter((l) => l.family === family && serialToMonthIndex(l.date) === code);
      const own = raw.find((l) => l.competitor === COMPANY)!;
      return own.revenue / raw.reduce((s, l) => s + l.revenue, 0);
    };
    for (const p of m.periods.slice(12)) {
      const o = p.own!;
      expect(o.name).toBe(COMPANY);
      expect(o.shareChangePts).toBeCloseTo((share(p.code, m.name) - share(p.code - 1, m.name)) * 100, 9);
      expect(o.shareChangeYoyPts).toBeCloseTo((share(p.code, m.name) - share(p.code - 12, m.name)) * 100, 9);
      const raw = lines.filter((l) => l.family === m.name && serialToMonthIndex(l.date) === p.code);
      const own = raw.find((l) => l.competitor === COMPANY)!;
      const comp = raw.filter((l) => l.competitor !== COMPANY);
      const avg = comp.reduce((s, l) => s + l.price * l.units, 0) / comp.reduce((s, l) => s + l.units, 0);
      expect(o.priceIndex).toBeCloseTo((100 * own.price) / avg, 9);
      const rel = own.revenue / Math.max(...comp.map((l) => l.revenue));
      const hi = rel >= 1;
      const growth = p.growthYoy >= 0.1;
      expect(o.bcg).toBe(hi ? (growth ? "STAR" : "CASH_COW") : growth ? "QUESTION_MARK" : "DOG");
      expect(o.bcgGrowth).toBe("yoy");
    }
    // Compressor competitors cut their prices by 5 % from 2025: the own index rises by about that much.
    const idx = (y: number) => m.periods.filter((p) => Math.floor(p.code / 12) === y).reduce((s, p) => s + p.own!.priceIndex, 0) / 12;
    expect(idx(2025) / idx(2024)).toBeGreaterThan(1.03);
  });

  it("US 2023 rules give the US source and the 1,800 threshold", () => {
    const us = analyseMarket(ds, { own: COMPANY, lang: "en", rules: "US2023", period: "year" });
    expect(us.grain).toBe("year");
    for (const m of us.markets) for (const p of m.periods) {
      expect(p.verdict?.source).toMatch(/DOJ\/FTC Merger Guidelines 2023/);
      expect(p.verdict?.level).toBe(p.hhi > 1800 ? "HIGH" : "NOT_HIGH");
      const raw = lines.filter((l) => l.family === m.name && Math.floor(serialToMonthIndex(l.date) / 12) === p.code);
      expect(p.totalValue).toBeCloseTo(raw.reduce((s, l) => s + l.revenue, 0), 5);
    }
  });
});
