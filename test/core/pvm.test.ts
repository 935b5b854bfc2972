import fc from "fast-check";
import { priceVolumeMix } from "../../src/core/pvm";

describe("price–volume–mix", () => {
  it("splits a two-product change as the formula sheet does (worked by hand)", () => {
    // A: 100 @ 10 -> 120 @ 11; B: 50 @ 20 -> 40 @ 19. Q_T0 = 150, Q_T1 = 160.
    // volume = (160 - 150) × (2/3 × 10 + 1/3 × 20) = 400/3
    // mix = 160 × ((0.75 - 2/3) × 10 + (0.25 - 1/3) × 20) = -400/3
    // price = 1 × 120 + (-1) × 40 = 80;  R0 = 2000, R1 = 2080
    const r = priceVolumeMix([10, 20], [100, 50], [11, 19], [120, 40]);
    expect(r.volume).toBeCloseTo(400 / 3, 9);
    expect(r.mix).toBeCloseTo(-400 / 3, 9);
    expect(r.price).toBeCloseTo(80, 9);
    expect(r.baseRevenue).toBeCloseTo(2000, 9);
    expect(r.currentRevenue).toBeCloseTo(2080, 9);
    expect(r.total).toBeCloseTo(80, 9);
    expect(r.newProducts).toBe(0);
    expect(r.lostProducts).toBe(0);
    expect(r.rows.map((x) => x.bucket)).toEqual(["continuing", "continuing"]);
  });
  it("puts new and lost products in their own buckets, never in price", () => {
    // C is new (30 × 10 = 300), D is lost (5 × 10 = 50), E is sold in neither period.
    const r = priceVolumeMix([10, 20, NaN, 5, 7], [100, 50, NaN, 10, 0], [11, 19, 30, NaN, 8], [120, 40, 10, NaN, 0]);
    expect(r.newProducts).toBeCloseTo(300, 9);
    expect(r.lostProducts).toBeCloseTo(-50, 9);
    expect(r.price).toBeCloseTo(80, 9);
    expect(r.counts).toEqual({ continuing: 2, new: 1, lost: 1, excluded: 0 });
    expect(r.rows[4].bucket).toBe("none");
    expect(r.total).toBeCloseTo(2080 + 300 - (2000 + 50), 9);
  });
  it("gives only a price effect when only prices change, only volume when all volumes scale", () => {
    const p = priceVolumeMix([10, 20], [5, 7], [12, 21], [5, 7]);
    expect(p.volume).toBeCloseTo(0, 12);
    expect(p.mix).toBeCloseTo(0, 12);
    expect(p.price).toBeCloseTo(2 * 5 + 1 * 7, 12);
    const v = priceVolumeMix([10, 20], [5, 7], [10, 20], [10, 14]);
    expect(v.volume).toBeCloseTo(190, 9);
    expect(v.mix).toBeCloseTo(0, 9);
    expect(v.price).toBeCloseTo(0, 12);
  });
  it("reports products it cannot place, and leaves them out", () => {
    const r = priceVolumeMix([NaN, 10, 10], [5, 5, -1], [10, 10, 10], [5, 5, 5]);
    expect(r.issues).toEqual([
      { index: 0, code: "missingBasePrice", input: "basePrice" },
      { index: 2, code: "negative", input: "baseVolume", value: -1 },
    ]);
    expect(r.counts.excluded).toBe(2);
    expect(r.baseRevenue).toBe(50);
    const c = priceVolumeMix([10], [5], [NaN], [5]);
    expect(c.issues[0]).toMatchObject({ code: "missingCurrentPrice", input: "currentPrice" });
  });
  it("volume + mix + price + new + lost = R1 - R0 on random data (property)", () => {
    const price = fc.option(fc.integer({ min: 1, max: 100_000 }).map((v) => v / 100), { nil: NaN, freq: 8 });
    const volume = fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: NaN, freq: 6 });
    const product = fc.tuple(price, volume, price, volume);
    fc.assert(
      fc.property(fc.array(product, { minLength: 1, maxLength: 40 }), (rows) => {
        const p0 = rows.map((r) => r[0]);
        const q0 = rows.map((r) => r[1]);
        const p1 = rows.map((r) => r[2]);
        const q1 = rows.map((r) => r[3]);
        const res = priceVolumeMix(p0, q0, p1, q1);
        // Independent revenues from the raw data, over the rows the engine could place.
        const placed = (i: number) => !res.issues.some((x) => x.index === i);
        let r0 = 0;
        let r1 = 0;
        for (let i = 0; i < rows.length; i++) {
          if (!placed(i)) continue;
          if (q0[i] > 0) r0 += p0[i] * q0[i];
          if (q1[i] > 0) r1 += p1[i] * q1[i];
        }
        const sum = res.volume + res.mix + res.price + res.newProducts + res.lostProducts;
        const tol = 1e-9 * Math.max(1, r0, r1);
        expect(Math.abs(res.baseRevenue - r0)).toBeLessThanOrEqual(tol);
        expect(Math.abs(res.currentRevenue - r1)).toBeLessThanOrEqual(tol);
        expect(Math.abs(sum - (r1 - r0))).toBeLessThanOrEqual(tol);
        expect(Math.abs(res.total - (r1 - r0))).toBeLessThanOrEqual(tol);
        // Per-product rows add up to the totals.
        const rowSum = res.rows.reduce((a, r) => a + r.volume + r.mix + r.price + r.newOrLost, 0);
        expect(Math.abs(rowSum - sum)).toBeLessThanOrEqual(tol);
      }),
      { numRuns: 300 },
    );
  });
});
