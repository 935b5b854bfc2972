import { compareRate, isBelow, roundCompare } from "../../src/core/compare";

describe("rate against threshold, as a spreadsheet compares", () => {
  it("takes 4456 / 4010.40 as at a 10 % floor, not below", () => {
    const rate = (4456 - 4010.4) / 4456;
    expect(rate).toBeLessThan(0.1); // binary floats say below...
    expect(compareRate(rate, 0.1)).toBe(0); // ...a spreadsheet says at
    expect(isBelow(rate, 0.1)).toBe(false);
  });
  it("rounds half away from zero at 12 decimals, ties read at 15 significant digits as Excel does", () => {
    expect(roundCompare(-5e-13)).toBe(-1e-12);
    expect(roundCompare(5e-13)).toBe(1e-12);
    expect(roundCompare(-4e-13)).toBe(-0);
    expect(roundCompare(-1.5e-12)).toBe(-2e-12);
    expect(isBelow(0, 5e-13)).toBe(true);
    expect(isBelow(0, 4.9e-13)).toBe(false);
  });
  it("gives NaN for NaN and orders clear cases", () => {
    expect(compareRate(NaN, 0.1)).toBeNaN();
    expect(compareRate(0.05, 0.1)).toBe(-1);
    expect(compareRate(0.15, 0.1)).toBe(1);
  });
});
