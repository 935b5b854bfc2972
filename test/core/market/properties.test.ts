/**
 * Properties of the market core (fast-check): shares of one market × period add up to 1, the HHI is Σ (share × 100)²
 * within [0, 10,000], and the revenue and margin bridges add up to R1 − R0 and M1 − M0 on random ledgers that include
 * new and lost products.
 */
import fc from "fast-check";
import { analyseMarket } from "../../../src/core/market/index";
import { pvmBridge } from "../../../src/core/market/bridge";
import { priceVolumeMix } from "../../../src/core/pvm";
import { dataSet, monthSerial } from "./build";

const competitorRows = fc.array(
  fc.record({
    comp: fc.integer({ min: 0, max: 7 }),
    market: fc.integer({ min: 0, max: 2 }),
    month: fc.integer({ min: 0, max: 27 }),
    value: fc.double({ min: 0, max: 1e7, noNaN: true }),
    volume: fc.integer({ min: 0, max: 10000 }),
  }),
  { minLength: 1, maxLength: 120 },
);

function competitorData(rows: { comp: number; market: number; month: number; value: number; volume: number }[]) {
  return dataSet([
    { header: "Mois", role: "date", kind: "date", values: rows.map((r) => monthSerial(2023 + Math.floor(r.month / 12), (r.month % 12) + 1)) },
    { header: "Concurrent", role: "competitor", values: rows.map((r) => `Firm ${r.comp}`) },
    { header: "Marché", role: "market", values: rows.map((r) => `M${r.market}`) },
    { header: "CA", role: "revenue", values: rows.map((r) => r.value) },
    { header: "Unités", role: "quantity", values: rows.map((r) => r.volume) },
  ]);
}

describe("market table properties", () => {
  it("shares of one market × period add up to 1 and HHI = Σ (share × 100)² in [0, 10000]", () => {
    fc.assert(
      fc.property(competitorRows, (rows) => {
        const r = analyseMarket(competitorData(rows), { lang: "en" });
        expect(r.ok).toBe(true);
        for (const m of r.markets) {
          for (const p of m.periods) {
            // independent total of the raw rows of this market × period
            const raw = rows.filter((x) => `M${x.market}` === m.name && 2023 * 12 + x.month === p.code);
            const total = raw.reduce((s, x) => s + x.value, 0);
            expect(p.totalValue).toBeCloseTo(total, 6);
            if (!(total > 0)) {
              expect(Number.isNaN(p.hhi)).toBe(true);
              continue;
            }
            const sum = p.competitors.reduce((s, c) => s + c.share, 0);
            expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
            const h = p.competitors.reduce((s, c) => s + (c.share * 100) ** 2, 0);
            expect(p.hhi).toBeGreaterThanOrEqual(0);
            expect(p.hhi).toBeLessThanOrEqual(10000);
            expect(Math.abs(p.hhi - h)).toBeLessThan(1e-8 * Math.max(1, h));
            const ranks = p.competitors.map((c) => c.rank);
            expect(ranks).toEqual(ranks.map((_, i) => i + 1));
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

const ledgerRows = fc.array(
  fc.record({
    product: fc.integer({ min: 0, max: 14 }),
    year: fc.constantFrom(2023, 2024),
    month: fc.integer({ min: 1, max: 12 }),
    qty: fc.integer({ min: -5, max: 500 }),
    price: fc.double({ min: 0.5, max: 2000, noNaN: true }),
    rate: fc.double({ min: -0.3, max: 0.7, noNaN: true }),
  }),
  { minLength: 1, maxLength: 200 },
);

describe("bridge properties", () => {
  it("volume + mix + price + new + lost + other = R1 − R0 and the margin bridge = M1 − M0", () => {
    fc.assert(
      fc.property(ledgerRows, fc.boolean(), (rows, withCodes) => {
        // Products 10..14 sell in 2024 only (new), 5..9 are given no 2024 volume (lost) by construction.
        const kept = rows.filter((r) => !(r.product >= 10 && r.year === 2023) && !(r.product >= 5 && r.product < 10 && r.year === 2024));
        if (kept.length === 0) return;
        const rev = kept.map((r) => Math.round(r.qty * r.price * 100) / 100);
        const ds = dataSet(
          [
            { header: "Date", role: "date", kind: "date", values: kept.map((r) => monthSerial(r.year, r.month)) },
            { header: "Produit", role: "product", values: kept.map((r) => `P${r.product}`) },
            { header: "Qté", role: "quantity", values: kept.map((r) => r.qty) },
            { header: "CA", role: "revenue", values: rev },
            { header: "Coût", role: "cost", values: rev.map((x, i) => Math.round(x * (1 - kept[i].rate) * 100) / 100) },
          ],
          { codes: withCodes },
        );
        const b = pvmBridge(ds, { base: { kind: "year", code: 2023 }, current: { kind: "year", code: 2024 }, lang: "en" });
        expect(b.ok).toBe(true);
        const r0 = rev.filter((_, i) => kept[i].year === 2023).reduce((s, x) => s + x, 0);
        const r1 = rev.filter((_, i) => kept[i].year === 2024).reduce((s, x) => s + x, 0);
        const scale = 1e-9 * Math.max(1, Math.abs(r0) + Math.abs(r1));
        expect(Math.abs(b.total - (r1 - r0))).toBeLessThanOrEqual(scale);
        const sum = b.volume + b.mix + b.price + b.newProducts + b.lostProducts + b.other;
        expect(Math.abs(sum - (r1 - r0))).toBeLessThanOrEqual(scale);
        const m = b.margin!;
        const msum = m.volume + m.mix + m.price + m.cost + m.newProducts + m.lostProducts + m.other;
        expect(Math.abs(msum - (m.current - m.base))).toBeLessThanOrEqual(scale);
        for (const row of b.rows) {
          if (row.bucket === "new" || row.bucket === "lost") expect(row.price).toBe(0);
          expect(Math.abs(row.volume + row.mix + row.price + row.newOrLost + row.other - row.effect)).toBeLessThanOrEqual(scale);
        }
        // The same effects as src/core/pvm.ts on the per-product prices and volumes.
        const ref = priceVolumeMix(
          b.rows.map((r) => r.basePrice),
          b.rows.map((r) => (r.baseVolume > 0 ? r.baseVolume : 0)),
          b.rows.map((r) => r.currentPrice),
          b.rows.map((r) => (r.currentVolume > 0 ? r.currentVolume : 0)),
        );
        expect(Math.abs(ref.volume - b.volume)).toBeLessThanOrEqual(scale);
        expect(Math.abs(ref.mix - b.mix)).toBeLessThanOrEqual(scale);
        expect(Math.abs(ref.price - b.price)).toBeLessThanOrEqual(scale);
        expect(ref.counts.continuing).toBe(b.counts.continuing);
        for (let i = 1; i < b.rows.length; i++) expect(Math.abs(b.rows[i - 1].effect)).toBeGreaterThanOrEqual(Math.abs(b.rows[i].effect));
      }),
      { numRuns: 200 },
    );
  });
});
