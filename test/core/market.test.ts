import fc from "fast-check";
import { hasText } from "../../src/core/i18n";
import {
  bcgQuadrant,
  concentrationRatio,
  concentrationVerdict,
  hhi,
  hhiDelta,
  hhiOfShares,
  marketShare,
  normalisedHhi,
  priceIndexMany,
  priceIndexOne,
  relativeShare,
  sharesOfTotal,
  toShares,
} from "../../src/core/market";

const sales = fc.array(fc.integer({ min: 0, max: 10_000_000 }).map((v) => v / 100), { minLength: 1, maxLength: 30 }).filter((a) => a.some((v) => v > 0));

describe("shares", () => {
  it("share = own / market, no value for impossible inputs", () => {
    expect(marketShare(25, 100)).toBe(0.25);
    expect(marketShare(25, 0)).toBeNaN();
    expect(marketShare(-1, 100)).toBeNaN();
    expect(marketShare(101, 100)).toBeNaN();
  });
  it("shares of a total sum to 1 (property)", () => {
    fc.assert(
      fc.property(sales, (v) => {
        const s = sharesOfTotal(v);
        expect(Math.abs(s.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-12);
        const r = toShares(v, "sales");
        expect(r.ok && Math.abs(r.shares.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-12);
      }),
    );
  });
  it("reads fractions, points and sales as documented", () => {
    expect(toShares([0.3, 0.7], "auto")).toMatchObject({ ok: true, read: "fractions" });
    expect(toShares([0.3, 0.2], "shares")).toMatchObject({ ok: true, read: "fractions" });
    expect(toShares([30, 20], "auto")).toMatchObject({ ok: true, read: "sales" });
    expect(toShares([30, 20], "shares")).toMatchObject({ ok: true, read: "points" });
    const pts = toShares([30, 20], "shares");
    expect(pts.ok && Array.from(pts.shares)).toEqual([0.3, 0.2]);
    expect(toShares([60, 50], "shares")).toMatchObject({ ok: false, reason: "over100" });
    expect(toShares([1, -2], "auto")).toMatchObject({ ok: false, reason: "negative" });
    expect(toShares([NaN, NaN], "auto")).toMatchObject({ ok: false, reason: "empty" });
    expect(toShares([0, 0], "sales")).toMatchObject({ ok: false, reason: "zeroTotal" });
  });
  it("auto reads values as shares only when they add up to 100 % (1 or 100) within one point, else as sales", () => {
    // Small sales are sales: 0.2, 0.3, 0.1 (say, in M€) are a third, a half and a sixth of the market.
    const small = toShares([0.2, 0.3, 0.1], "auto");
    expect(small).toMatchObject({ ok: true, read: "sales" });
    expect(small.ok && Array.from(small.shares)).toEqual([0.2 / 0.6, 0.3 / 0.6, 0.1 / 0.6]);
    // Shares typed rounded: 33.3 % x 3 = 99.9 %, 33 % x 3 = 99 %, 33.4 % x 3 = 100.2 %: shares, as typed.
    for (const v of [[0.333, 0.333, 0.333], [0.33, 0.33, 0.33], [0.334, 0.334, 0.334]]) {
      const r = toShares(v, "auto");
      expect(r).toMatchObject({ ok: true, read: "fractions" });
      expect(r.ok && Array.from(r.shares)).toEqual(v);
    }
    expect(toShares([33.3, 33.3, 33.3], "auto")).toMatchObject({ ok: true, read: "points" });
    expect(toShares(Array(100).fill(1), "auto")).toMatchObject({ ok: true, read: "points" }); // 100 firms of 1 %
    // Just outside one point: sales.
    expect(toShares([0.5, 0.489], "auto")).toMatchObject({ ok: true, read: "sales" });
    expect(toShares([50, 48.9], "auto")).toMatchObject({ ok: true, read: "sales" });
    expect(toShares([0.6, 0.5], "auto")).toMatchObject({ ok: true, read: "sales" });
    // "shares" accepts rounding within the same point, not more.
    expect(toShares([33.4, 33.4, 33.4], "shares")).toMatchObject({ ok: true, read: "points" });
    expect(toShares([50.6, 50.5], "shares")).toMatchObject({ ok: false, reason: "over100" });
  });
  it("an all-zero market has no shares (zeroTotal, as OPS.SHARE), a total beyond the double range is 'overflow'", () => {
    expect(toShares([0, 0, 0], "auto")).toMatchObject({ ok: false, reason: "zeroTotal" });
    expect(hhi([0, 0])).toBeNaN();
    expect(concentrationRatio([0, 0], 1)).toBeNaN();
    expect(toShares([1e308, 1e308], "auto")).toMatchObject({ ok: false, reason: "overflow" });
    expect(toShares([1e308, 1e308], "sales")).toMatchObject({ ok: false, reason: "overflow" });
    expect(hhi([1e308, 1e308])).toBeNaN();
    // Large but finite totals are fine: 1e307 x 10 = 1e308.
    expect(hhi(Array(10).fill(1e307))).toBeCloseTo(1000, 9);
  });
  it("HHI of small sales equals the HHI of their shares of the total (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }).map((v) => v / 10000), { minLength: 2, maxLength: 12 }), (v) => {
        const total = v.reduce((a, b) => a + b, 0);
        fc.pre(Math.abs(total - 1) > 0.011);
        const expected = v.reduce((a, x) => a + ((100 * x) / total) ** 2, 0);
        expect(Math.abs(hhi(v) - expected)).toBeLessThanOrEqual(1e-9 * expected);
      }),
    );
  });
  it("relative share divides by the largest competitor (by number two for the leader)", () => {
    expect(relativeShare(40, [30, 20])).toBeCloseTo(40 / 30, 15);
    expect(relativeShare(20, [40, 30, NaN])).toBe(0.5);
    expect(relativeShare(20, [0, NaN])).toBeNaN();
    expect(relativeShare(20, [])).toBeNaN();
  });
});

describe("HHI and concentration ratios", () => {
  it("is 10,000 for a monopoly and 10,000 / n for n equal firms", () => {
    expect(hhi([500])).toBe(10000);
    expect(hhi([1, 1, 1, 1])).toBeCloseTo(2500, 9);
    expect(hhi([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(2500, 9);
    expect(hhi([30, 30, 40])).toBeCloseTo(900 + 900 + 1600, 9);
    expect(normalisedHhi([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(0, 12);
    expect(normalisedHhi([1, 0])).toBeCloseTo(1, 12);
  });
  it("stays in [10,000 / n, 10,000] whatever the sales (property)", () => {
    fc.assert(
      fc.property(sales, (v) => {
        const h = hhi(v, "sales");
        const n = v.filter((x) => x > 0).length;
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(10000);
        expect(h).toBeGreaterThanOrEqual(10000 / n - 1e-6);
      }),
    );
  });
  it("rises by exactly ΔHHI = 2ab when two firms merge (property)", () => {
    fc.assert(
      fc.property(sales.filter((v) => v.length >= 2), (v) => {
        const r = toShares(v, "sales");
        if (!r.ok) throw new Error("sales not read");
        const s = Array.from(r.shares);
        const merged = [s[0] + s[1], ...s.slice(2)];
        const before = hhiOfShares(s);
        const after = hhiOfShares(merged);
        expect(Math.abs(after - before - hhiDelta(s[0], s[1]))).toBeLessThanOrEqual(1e-7);
      }),
    );
  });
  it("ΔHHI reads fractions or points", () => {
    expect(hhiDelta(0.2, 0.1)).toBeCloseTo(400, 9);
    expect(hhiDelta(20, 10)).toBeCloseTo(400, 9);
    expect(hhiDelta(20, 0.5)).toBeCloseTo(20, 9); // 0.5 read as 0.5 point when the other is in points
    expect(hhiDelta(0.7, 0.5)).toBeNaN();
    expect(hhiDelta(-0.1, 0.5)).toBeNaN();
  });
  it("CR_k sums the k largest shares", () => {
    expect(concentrationRatio([10, 20, 30, 40], 2)).toBeCloseTo(0.7, 12);
    expect(concentrationRatio([10, 20, 30, 40], 9)).toBeCloseTo(1, 12);
    expect(concentrationRatio([0.1, 0.05], 1)).toBeCloseTo(0.1 / 0.15, 12); // small sales, not shares
    expect(concentrationRatio([0.1, 0.05], 1, "shares")).toBeCloseTo(0.1, 12); // a partial list of shares
    expect(concentrationRatio([10, 20], 0)).toBeNaN();
  });
});

describe("concentration verdicts, with their source", () => {
  const eu = (h: number, d?: number) => concentrationVerdict(h, d, "EU2004");
  const us = (h: number, d?: number, s?: number) => concentrationVerdict(h, d, "US2023", s);
  it("EU 2004: < 1,000; 1,000–2,000 with ΔHHI < 250; > 2,000 with ΔHHI < 150", () => {
    expect(eu(999.9)).toMatchObject({ level: "LOW", concern: "UNLIKELY" });
    expect(eu(1000, 249.9)).toMatchObject({ level: "MODERATE", concern: "UNLIKELY" });
    expect(eu(1000, 250)).toMatchObject({ level: "MODERATE", concern: "POSSIBLE" });
    expect(eu(2000, 200)).toMatchObject({ level: "MODERATE", concern: "UNLIKELY" });
    expect(eu(2000.5, 149)).toMatchObject({ level: "HIGH", concern: "UNLIKELY" });
    expect(eu(2000.5, 150)).toMatchObject({ level: "HIGH", concern: "POSSIBLE" });
    expect(eu(1500)).toMatchObject({ concern: "DEPENDS", params: { limit: 250 } });
    expect(eu(2500)).toMatchObject({ concern: "DEPENDS", params: { limit: 150 } });
  });
  it("US 2023: above 1,800 with ΔHHI above 100, or a combined share above 30 % with ΔHHI above 100", () => {
    expect(us(1800, 500)).toMatchObject({ level: "NOT_HIGH" });
    expect(us(1801, 100)).toMatchObject({ level: "HIGH", concern: "NOT_PRESUMED" });
    expect(us(1801, 101)).toMatchObject({ level: "HIGH", concern: "PRESUMED" });
    expect(us(1500, 101, 0.31)).toMatchObject({ concern: "PRESUMED", key: "functions.conc.us.presumed.share" });
    expect(us(1500, 101, 0.3)).toMatchObject({ concern: "NOT_PRESUMED" });
    expect(us(1500, 101)).toMatchObject({ concern: "DEPENDS" });
    expect(us(1500, 100, 0.5)).toMatchObject({ concern: "NOT_PRESUMED" });
  });
  it("names the source and has a sentence in both languages for every verdict", () => {
    const verdicts = [eu(500), eu(1500), eu(1500, 10), eu(1500, 300), eu(2500), eu(2500, 10), eu(2500, 300), us(1000), us(1000, 50), us(1000, 200), us(1000, 200, 0.4), us(2000), us(2000, 50), us(2000, 200)];
    for (const v of verdicts) {
      expect(v).not.toBeNull();
      expect(v!.source).toMatch(v!.rules === "EU2004" ? /2004/ : /2023/);
      expect(hasText(v!.key, "fr")).toBe(true);
      expect(hasText(v!.key, "en")).toBe(true);
    }
    expect(new Set(verdicts.map((v) => v!.key)).size).toBe(verdicts.length); // each case its own sentence
  });
  it("refuses impossible inputs", () => {
    expect(concentrationVerdict(-1)).toBeNull();
    expect(concentrationVerdict(10001)).toBeNull();
    expect(concentrationVerdict(1000, -5)).toBeNull();
    expect(concentrationVerdict(1000, 1200)).toBeNull();
    expect(concentrationVerdict(1000, 10, "US2023", 1.5)).toBeNull();
  });
});

describe("price index and BCG", () => {
  it("own price / average competitor price × 100, weighted by volume", () => {
    expect(priceIndexOne(10, [8, 12])).toBeCloseTo(100, 12);
    expect(priceIndexOne(10, [8, 12, NaN])).toBeCloseTo(100, 12);
    expect(priceIndexOne(10, [8, 12], [3, 1])).toBeCloseTo((10 / 9) * 100, 12);
    expect(priceIndexOne(10, [NaN])).toBeNaN();
    expect(priceIndexMany([110, 90], [1, 3])).toBeCloseTo(95, 12);
    expect(priceIndexMany([110, 90])).toBeCloseTo(100, 12);
    expect(priceIndexMany([110, NaN], [1, 3])).toBeCloseTo(110, 12);
  });
  it("places products in the quadrants, a value at its threshold counting as high", () => {
    expect(bcgQuadrant(1.5, 0.2)).toBe("STAR");
    expect(bcgQuadrant(1.5, 0.02)).toBe("CASH_COW");
    expect(bcgQuadrant(0.4, 0.2)).toBe("QUESTION_MARK");
    expect(bcgQuadrant(0.4, 0.02)).toBe("DOG");
    expect(bcgQuadrant(1, 0.1)).toBe("STAR");
    expect(bcgQuadrant(0.3 / 0.3, 1.1 - 1)).toBe("STAR"); // 1.1 - 1 = 0.10000000000000009
    expect(bcgQuadrant(1, 0.7 - 0.6)).toBe("STAR"); // 0.7 - 0.6 = 0.09999999999999998: at the threshold
    expect(bcgQuadrant(0.5, 0.05, 0.04)).toBe("QUESTION_MARK");
    expect(bcgQuadrant(-1, 0.05)).toBeNull();
  });
});
