import fc from "fast-check";
import {
  breakEvenRevenue,
  breakEvenUnits,
  convertRate,
  marginOfSafety,
  marginRate,
  marginRateFromMarkup,
  marginShortfall,
  marginStatus,
  markup,
  markupFromMarginRate,
  multiplier,
  priceForMargin,
  priceIncreaseForTarget,
  statusOfRate,
} from "../../src/core/margin";

const money = fc.integer({ min: 1, max: 100_000_000 }).map((c) => c / 100);
/** A revenue and a cost between 1 % and 1,000 % of it (rates from -9 to 0.99: the range a business meets). */
const line = fc.tuple(money, fc.integer({ min: 1, max: 1000 })).map(([r, pct]) => [r, Math.round(r * pct) / 100] as const).filter(([, c]) => c > 0);
const close = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

describe("margin rates on both bases", () => {
  it("computes taux de marque and markup from their definitions", () => {
    expect(marginRate(100, 80)).toBeCloseTo(0.2, 15);
    expect(marginRate(100, 80, "cost")).toBeCloseTo(0.25, 15);
    expect(markup(100, 80)).toBeCloseTo(0.25, 15);
    expect(multiplier(100, 80)).toBeCloseTo(1.25, 15);
  });
  it("has no rate when the base is 0", () => {
    expect(marginRate(0, 10)).toBeNaN();
    expect(markup(10, 0)).toBeNaN();
    expect(multiplier(10, 0)).toBeNaN();
  });
  it("converts margin rate <-> markup both ways (property)", () => {
    fc.assert(
      fc.property(line, ([r, c]) => {
        const m = marginRate(r, c);
        const k = markup(r, c);
        expect(close(markupFromMarginRate(m), k, 1e-9)).toBe(true);
        expect(close(marginRateFromMarkup(k), m, 1e-9)).toBe(true);
        expect(close(convertRate(m, "sales", "cost"), k, 1e-9)).toBe(true);
        expect(close(convertRate(k, "cost", "sales"), m, 1e-9)).toBe(true);
        expect(convertRate(m, "sales", "sales")).toBe(m);
        if (r > c) expect(m).toBeLessThan(k);
      }),
    );
  });
  it("gives the price that meets a target on either basis (property)", () => {
    fc.assert(
      fc.property(money, fc.integer({ min: -50, max: 95 }), (c, pct) => {
        const target = pct / 100;
        const p = priceForMargin(c, target, "sales");
        expect(close(marginRate(p, c, "sales"), target, 1e-9)).toBe(true);
        const q = priceForMargin(c, target, "cost");
        expect(close(marginRate(q, c, "cost"), target, 1e-9)).toBe(true);
      }),
    );
    expect(priceForMargin(100, 1)).toBeNaN();
    expect(priceForMargin(100, 1.2)).toBeNaN();
  });
  it("shortfall is >= 0 and, when paid, meets the target (property)", () => {
    fc.assert(
      fc.property(line, fc.integer({ min: 0, max: 90 }), ([r, c], pct) => {
        const target = pct / 100;
        const s = marginShortfall(r, c, target);
        expect(s).toBeGreaterThanOrEqual(0);
        if (s > 0) expect(close(marginRate(r, c - s), target, 1e-9)).toBe(true);
        else expect(marginRate(r, c)).toBeGreaterThanOrEqual(target - 1e-12);
        const inc = priceIncreaseForTarget(r, c, target);
        if (s > 0) expect(close(marginRate(r * (1 + inc), c), target, 1e-9)).toBe(true);
      }),
    );
  });
});

describe("status against floor and target", () => {
  it("treats 4456 / 4010.40 as exactly at a 10 % floor: not a breach", () => {
    const rate = marginRate(4456, 4010.4);
    expect(rate).toBeLessThan(0.1); // the binary-float trap the comparison must avoid
    expect(statusOfRate(rate, 0.1)).toBe("OK");
    expect(marginStatus(4456, 4010.4, 0.1)).toBe("OK");
    expect(marginStatus(4456, 4010.4, 0.1, 0.2)).toBe("WARN");
    expect(marginStatus(4456, 4010.4, 0.1, 0.1)).toBe("OK");
  });
  it("grades below the floor as BREACH, below the target as WARN", () => {
    expect(marginStatus(100, 95, 0.1, 0.2)).toBe("BREACH");
    expect(marginStatus(100, 85, 0.1, 0.2)).toBe("WARN");
    expect(marginStatus(100, 75, 0.1, 0.2)).toBe("OK");
    expect(marginStatus(100, 85, 0.1)).toBe("OK");
    expect(marginStatus(100, 85, 0.1, NaN)).toBe("OK");
  });
  it("judges the cost basis on markup", () => {
    // markup 100/80 - 1 = 25 %, taux de marque 20 %
    expect(marginStatus(100, 80, 0.22, undefined, "cost")).toBe("OK");
    expect(marginStatus(100, 80, 0.22, undefined, "sales")).toBe("BREACH");
  });
  it("never grades zero or negative revenue", () => {
    expect(marginStatus(0, 10, 0.1)).toBeNull();
    expect(marginStatus(-100, -80, 0.1)).toBeNull();
    expect(marginStatus(100, 0, 0.1, undefined, "cost")).toBeNull();
    expect(marginStatus(100, NaN, 0.1)).toBeNull();
  });
});

describe("break-even", () => {
  it("follows the formula sheet", () => {
    expect(breakEvenUnits(1000, 15, 10)).toBe(200);
    expect(breakEvenRevenue(1000, 15, 10)).toBe(3000);
    // with totals: FC / (1 - V/R)
    expect(breakEvenRevenue(30000, 100000, 60000)).toBeCloseTo(30000 / 0.4, 9);
    expect(breakEvenUnits(1000, 10, 10)).toBeNaN();
    expect(breakEvenUnits(1000, 9, 10)).toBeNaN();
    expect(marginOfSafety(5000, 3000)).toBeCloseTo(0.4, 15);
    expect(marginOfSafety(0, 3000)).toBeNaN();
  });
  it("makes profit zero at the break-even volume (property)", () => {
    fc.assert(
      fc.property(money, money, money, (fcost, v, extra) => {
        const p = v + extra;
        const u = breakEvenUnits(fcost, p, v);
        expect(Math.abs(u * (p - v) - fcost)).toBeLessThanOrEqual(1e-9 * Math.max(1, fcost));
        expect(close(breakEvenRevenue(fcost, p, v), u * p, 1e-12)).toBe(true);
      }),
    );
  });
});
