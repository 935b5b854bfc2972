import * as formulajs from "@formulajs/formulajs";
import fc from "fast-check";
import {
  cagr,
  defaultX,
  exponentialFit,
  growthRate,
  growthTrend,
  intercept,
  linearFit,
  movingAverage,
  periodGrowth,
  slope,
  trend,
} from "../../src/core/trend";
import { exactSum, scaled, unscaled } from "../support/exact-sum";

/** |a - b| <= rel · max(|a|, |b|, floor): 1e-9 relative, with an absolute floor for results that are ~0 by cancellation. */
function near(a: number, b: number, rel = 1e-9, floor = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), floor);
}

const value = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((v) => v / 100);
const positive = fc.integer({ min: 1, max: 1_000_000 }).map((v) => v / 100);
/** (x, y) series of 3 to 40 points with at least two distinct x. */
const series = fc
  .array(fc.tuple(value, value), { minLength: 3, maxLength: 40 })
  .filter((pts) => new Set(pts.map((p) => p[0])).size >= 2);

describe("linear fit agrees with Excel (via @formulajs/formulajs) to 1e-9 relative", () => {
  it("SLOPE and INTERCEPT on random series", () => {
    fc.assert(
      fc.property(series, (pts) => {
        const x = pts.map((p) => p[0]);
        const y = pts.map((p) => p[1]);
        const s = formulajs.SLOPE(y, x) as number;
        const i = formulajs.INTERCEPT(y, x) as number;
        const yScale = Math.max(1, ...y.map(Math.abs));
        const xScale = Math.max(1, ...x.map(Math.abs));
        expect(near(slope(y, x), s, 1e-9, yScale / xScale * 1e-6)).toBe(true);
        expect(near(intercept(y, x), i, 1e-9, yScale * 1e-6)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it("TREND on random series and new x", () => {
    fc.assert(
      fc.property(series, fc.array(value, { minLength: 1, maxLength: 10 }), (pts, nx) => {
        const x = pts.map((p) => p[0]);
        const y = pts.map((p) => p[1]);
        const expected = formulajs.TREND(y, x, nx) as number[];
        const got = trend(y, x, nx);
        const yScale = Math.max(1, ...y.map(Math.abs));
        for (let k = 0; k < nx.length; k++) expect(near(got[k], expected[k], 1e-9, yScale * 1e-6)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it("TREND with default known_x = 1..n and default new_x = known_x", () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 30 }), (y) => {
        const x = Array.from({ length: y.length }, (_, i) => i + 1);
        const expected = formulajs.TREND(y, x, x) as number[];
        const got = trend(y);
        const yScale = Math.max(1, ...y.map(Math.abs));
        for (let k = 0; k < y.length; k++) expect(near(got[k], expected[k], 1e-9, yScale * 1e-6)).toBe(true);
      }),
    );
  });
  it("is exact on a straight line (closed form)", () => {
    const x = [2, 3, 5, 7, 11];
    const y = x.map((v) => 3 * v - 2);
    const fit = linearFit(x, y)!;
    expect(fit.slope).toBeCloseTo(3, 12);
    expect(fit.intercept).toBeCloseTo(-2, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(Array.from(trend(y, x, [0, 100]))).toEqual([expect.closeTo(-2, 10), expect.closeTo(298, 10)]);
  });
  it("leaves out pairs with a missing x or y, as SLOPE skips blanks", () => {
    fc.assert(
      fc.property(series, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (pts, holes) => {
        const x = pts.map((p, i) => (holes[i] && i % 2 === 0 ? NaN : p[0]));
        const y = pts.map((p, i) => (holes[i] && i % 2 === 1 ? NaN : p[1]));
        const keep = pts.map((_, i) => x[i] === x[i] && y[i] === y[i]);
        const kx = x.filter((_, i) => keep[i]);
        const ky = y.filter((_, i) => keep[i]);
        fc.pre(kx.length >= 2 && new Set(kx).size >= 2);
        const yScale = Math.max(1, ...ky.map(Math.abs));
        const xScale = Math.max(1, ...kx.map(Math.abs));
        expect(near(slope(y, x), formulajs.SLOPE(ky, kx) as number, 1e-9, (yScale / xScale) * 1e-6)).toBe(true);
      }),
    );
  });
  it("has no line when x has no variance (Excel #DIV/0!)", () => {
    expect(slope([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(intercept([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(Number.isNaN(trend([1, 2], [5, 5], [6])[0])).toBe(true);
    expect(linearFit([NaN], [NaN])).toBeNull();
  });
});

describe("exponential trend agrees with Excel's GROWTH", () => {
  it("on random positive series", () => {
    fc.assert(
      fc.property(fc.array(positive, { minLength: 2, maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 5 }), (y, nx) => {
        const x = Array.from({ length: y.length }, (_, i) => i + 1);
        const expected = formulajs.GROWTH(y, x, nx) as number[];
        const got = growthTrend(y, x, nx);
        for (let k = 0; k < nx.length; k++) expect(near(got[k], expected[k], 1e-9)).toBe(true);
      }),
    );
  });
  it("recovers b·m^x exactly and refuses y <= 0", () => {
    const x = [0, 1, 2, 3, 4];
    const y = x.map((v) => 5 * Math.pow(1.1, v));
    const fit = exponentialFit(x, y)!;
    expect(fit.b).toBeCloseTo(5, 10);
    expect(fit.m).toBeCloseTo(1.1, 12);
    expect(exponentialFit([1, 2], [3, 0])).toBeNull();
    expect(exponentialFit([1, 2], [3, -1])).toBeNull();
  });
});

describe("growth and CAGR", () => {
  it("divides a change by |base|; no value when the base is 0", () => {
    expect(growthRate(110, 100)).toBeCloseTo(0.1, 15);
    expect(growthRate(-50, -100)).toBeCloseTo(0.5, 15); // a loss halved is an improvement
    expect(growthRate(5, 0)).toBeNaN();
    expect(growthRate(NaN, 3)).toBeNaN();
  });
  it("compares with the value lag periods before", () => {
    const v = [100, 110, 121, NaN, 133.1];
    const g = periodGrowth(v, 1);
    expect(g[0]).toBeNaN();
    expect(g[1]).toBeCloseTo(0.1, 12);
    expect(g[2]).toBeCloseTo(0.1, 12);
    expect(g[3]).toBeNaN();
    expect(g[4]).toBeNaN();
    const yoy = periodGrowth(Array.from({ length: 24 }, (_, i) => (i < 12 ? 100 : 120)), 12);
    expect(yoy[11]).toBeNaN();
    expect(yoy[12]).toBeCloseTo(0.2, 12);
  });
  it("CAGR agrees with Excel's RRI on random values", () => {
    fc.assert(
      fc.property(positive, positive, fc.integer({ min: 1, max: 40 }), (start, end, n) => {
        expect(near(cagr(start, end, n), formulajs.RRI(n, start, end) as number, 1e-9, 1e-12)).toBe(true);
      }),
    );
    expect(cagr(100, 0, 3)).toBe(-1);
    expect(cagr(0, 100, 3)).toBeNaN();
    expect(cagr(-100, 100, 3)).toBeNaN();
    expect(cagr(100, -5, 3)).toBeNaN();
    expect(cagr(100, 200, 0)).toBeNaN();
  });
});

describe("moving average", () => {
  function naive(v: number[], w: number, sum: boolean): number[] {
    return v.map((_, i) => {
      if (i < w - 1) return NaN;
      const win = v.slice(i - w + 1, i + 1).filter((x) => x === x);
      if (win.length === 0) return NaN;
      const s = win.reduce((a, b) => a + b, 0);
      return sum ? s : s / win.length;
    });
  }
  it("equals the trailing mean (and total) of the present values in each window", () => {
    fc.assert(
      fc.property(fc.array(fc.option(value, { nil: NaN, freq: 5 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 13 }), fc.boolean(), (v, w, sum) => {
        const got = movingAverage(v, w, sum);
        const exp = naive(v, w, sum);
        for (let i = 0; i < v.length; i++) {
          if (exp[i] !== exp[i]) expect(got[i]).toBeNaN();
          else expect(Math.abs(got[i] - exp[i])).toBeLessThanOrEqual(1e-6);
        }
      }),
    );
  });
  it("does not drift on a long series", () => {
    const n = 20000;
    const v = Array.from({ length: n }, (_, i) => (i % 2 ? 1e9 : 0.01) + i / 7);
    const got = movingAverage(v, 12);
    const exp = naive(v.slice(n - 12), 12, false)[11];
    expect(Math.abs(got[n - 1] - exp)).toBeLessThanOrEqual(1e-6);
  });
  /** A fresh, exact recomputation of each window (BigInt oracle, rounded once): Excel's SUM / AVERAGE of that window. */
  function fresh(v: ArrayLike<number>, w: number, sum: boolean): number[] {
    const out: number[] = [];
    const exact = Array.from(v, (x) => (x === x ? scaled(x) : null));
    for (let i = 0; i < v.length; i++) {
      if (i < w - 1) {
        out.push(NaN);
        continue;
      }
      let n = 0;
      let big = 0n;
      for (let j = i - w + 1; j <= i; j++) {
        const e = exact[j];
        if (e === null) continue;
        n++;
        big += e;
      }
      const s = unscaled(big);
      out.push(n === 0 ? NaN : sum ? s : s / n);
    }
    return out;
  }
  function sameAsFresh(v: ArrayLike<number>, w: number, sum: boolean): void {
    const got = movingAverage(v, w, sum);
    const exp = fresh(v, w, sum);
    for (let i = 0; i < v.length; i++) {
      if (!Object.is(got[i], exp[i]) && !(got[i] === 0 && exp[i] === 0)) {
        throw new Error(`window ending at ${i} (w=${w}, total=${sum}): got ${got[i]}, a fresh sum of the window gives ${exp[i]}`);
      }
    }
  }
  it("after a huge value leaves the window, equals a fresh sum of the window ([1e16, 1, 2, 3...], window 3)", () => {
    const v = [1e16, ...Array.from({ length: 5000 }, (_, i) => i + 1)];
    const got = movingAverage(v, 3);
    // Window ending at i (i >= 3) holds i-2, i-1, i: their mean is i-1, as AVERAGE gives.
    for (const i of [3, 4, 100, 4095, 4096, 5000]) expect(got[i]).toBe(i - 1);
    sameAsFresh(v, 3, false);
    sameAsFresh(v, 3, true);
  });
  it("after a cancellation (1e20 - 1e20) keeps the small values ([1e20, -1e20, 0.1, 0.2], window 2 gives 0.15)", () => {
    const got = movingAverage([1e20, -1e20, 0.1, 0.2, 0.4], 2);
    expect(got[1]).toBe(0);
    expect(got[3]).toBe((0.1 + 0.2) / 2);
    expect(got[4]).toBe((0.2 + 0.4) / 2);
    expect(movingAverage([1e20, -1e20, 0.1, 0.2], 2, true)[3]).toBe(0.1 + 0.2);
  });
  it("equals a fresh exact recomputation of every window on random series mixing huge, tiny and missing values", () => {
    const mixed = fc.oneof(
      { arbitrary: value, weight: 4 },
      { arbitrary: fc.constantFrom(1e16, -1e16, 1e20, -1e20, 1e300, -1e300, 1e-300, 5e-324, 0.1, 0.2, 0.3), weight: 2 },
      { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e250, max: 1e250 }), weight: 2 },
      { arbitrary: fc.constant(NaN), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(mixed, { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 13 }), fc.boolean(), (v, w, sum) => {
        sameAsFresh(v, w, sum);
      }),
      { numRuns: 400 },
    );
  });
  it("a window whose sum is beyond the double range is ±Infinity; the windows after it are exact again", () => {
    const got = movingAverage([1e308, 1e308, 1, 2, -1e308, -1e308, 5], 2, true);
    expect(Array.from(got)).toEqual([NaN, Infinity, 1e308, 3, -1e308 + 2, -Infinity, -1e308 + 5]);
    // As Excel's SUM, a window that overflows when added in order has no total (1e308 + 1e308 - 1e308).
    expect(Array.from(movingAverage([1e308, 1e308, -1e308, 4], 3))).toEqual([NaN, NaN, Infinity, 4 / 3]);
  });
  it("equals a fresh exact recomputation on a long ledger-like series (cents, missing cells, a spike)", () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const v = Array.from({ length: 30000 }, (_, i) => (i === 777 ? 3e15 : rnd() < 0.03 ? NaN : Math.round(rnd() * 1e7) / 100));
    sameAsFresh(v, 12, false);
    sameAsFresh(v, 12, true);
    sameAsFresh(v, 1, false);
    expect(exactSum([0.1, 0.2, 0.3])).toBe(0.6); // the oracle rounds once: 0.1 + 0.2 + 0.3 step by step is 0.6000000000000001
  });
  it("defaultX is 1..n", () => {
    expect(Array.from(defaultX(3))).toEqual([1, 2, 3]);
  });
});
