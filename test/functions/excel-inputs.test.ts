/**
 * Every function on the awkward cells Excel hands over: an empty cell, a text that is not a number, an error text, and
 * ranges of different sizes. Element-wise functions answer cell by cell (blank / #N/A / #VALUE! / the error passed
 * on) and refuse mismatched ranges as a whole (#N/A); aggregates skip empty cells and refuse the rest as a whole.
 */
import * as Fns from "../../src/functions/functions";
import { ELEMENTWISE } from "../../src/functions/args";
import { cells, col, loose, messageOf, thrown } from "./helpers";

const F = loose(Fns);

/**
 * Element-wise: [name, call with X in the second line of the first argument, does it take a second range, what an
 * empty first cell gives (default: #N/A beside a required value, blank when the other ranges are optional or absent)].
 */
const elementwise: [string, (x: unknown, extra?: unknown) => unknown, boolean, string?][] = [
  ["MARGIN", (x, e) => F.margin(col(100, x, ...(e ? [e] : [])), col(80, 80)), true],
  ["MARKUP", (x, e) => F.markup(col(100, x, ...(e ? [e] : [])), col(80, 80)), true],
  ["MARGIN.CONVERT", (x) => F.marginConvert(col(0.2, x), "cost"), false],
  ["PRICE.FOR.MARGIN", (x, e) => F.priceForMarginFn(col(80, x, ...(e ? [e] : [])), col(0.2, 0.2)), true],
  ["MARGIN.GAP", (x, e) => F.marginGap(col(100, x, ...(e ? [e] : [])), col(80, 80), col(0.2, 0.2)), true],
  ["MARGIN.STATUS", (x, e) => F.marginStatusFn(col(100, x, ...(e ? [e] : [])), col(80, 80), col(0.1, 0.1)), true],
  ["BREAKEVEN", (x, e) => F.breakeven(col(1000, x, ...(e ? [e] : [])), col(15, 15), col(10, 10)), true],
  ["GROWTH (two ranges)", (x, e) => F.growth(col(110, x, ...(e ? [e] : [])), col(100, 100)), true],
  ["CAGR", (x, e) => F.cagr(col(100, x, ...(e ? [e] : [])), col(121, 121), col(2, 2)), true],
  ["SHARE", (x, e) => F.share(col(25, x, ...(e ? [e] : [])), col(100, 100)), true],
  ["RELSHARE", (x) => F.relshare(col(30, x), col(20, 25)), false],
  ["HHI.DELTA", (x, e) => F.hhiDeltaFn(col(0.2, x, ...(e ? [e] : [])), col(0.1, 0.1)), true],
  ["CONCENTRATION", (x, e) => F.concentration(col(1500, x, ...(e ? [e] : [])), col(100, 100)), true, ""], // delta is optional
  ["BCG", (x, e) => F.bcg(col(1.2, x, ...(e ? [e] : [])), col(0.15, 0.15)), true],
];

describe.each(elementwise)("%s on Excel-shaped inputs", (_name, call, twoRanges, emptyGives) => {
  it("gives a value on the good line", () => {
    const first = cells(call(""))[0][0];
    expect(first === "" || String(first).startsWith("#")).toBe(false);
  });
  it("treats an empty cell as missing (#N/A beside a value, blank on an empty line)", () => {
    const expected = emptyGives ?? (twoRanges ? "#N/A" : "");
    expect(cells(call(""))[1][0]).toBe(expected);
    expect(cells(call(null))[1][0]).toBe(expected);
  });
  it("gives #VALUE! for a text that is not a number, and reads numeric text", () => {
    expect(cells(call("abc"))[1][0]).toBe("#VALUE!");
    expect(cells(call("1 000,5"))[1][0]).not.toBe("#VALUE!");
  });
  it("passes an error text on", () => {
    expect(cells(call("#N/A"))[1][0]).toBe("#N/A");
    expect(cells(call("#DIV/0!"))[1][0]).toBe("#DIV/0!");
  });
  if (twoRanges) {
    it("refuses ranges of different sizes with #N/A", () => {
      expect(thrown(() => call(1, 2)).code).toBe("#N/A");
    });
  }
});

const monthly = Array.from({ length: 48 }, (_, t) => 100 + t + 10 * Math.sin((2 * Math.PI * t) / 12));

/** Aggregates and series: [name, call with X inside the data, call with mismatched sizes or null]. */
const aggregates: [string, (x: unknown) => unknown, (() => unknown) | null][] = [
  ["GROWTH (series)", (x) => F.growth(col(100, x, 121)), null],
  ["MOVAVG", (x) => F.movavg(col(1, x, 3), 2), null],
  ["TREND", (x) => F.trend(col(1, x, 3, 4)), () => F.trend(col(1, 2, 3), col(1, 2))],
  ["TREND.EXP", (x) => F.trendExp(col(1, x, 3, 4)), () => F.trendExp(col(1, 2, 3), col(1, 2))],
  ["FORECAST", (x) => F.forecast(col(...monthly.slice(0, 20), x, ...monthly.slice(20)), 2), null],
  ["SEASONALITY", (x) => F.seasonality(col(...monthly.slice(0, 20), x, ...monthly.slice(20))), null],
  ["FORECAST.STATS", (x) => F.forecastStats(col(...monthly.slice(0, 20), x, ...monthly.slice(20))), null],
  ["HHI", (x) => F.hhi(col(30, x, 40)), null],
  ["CRK", (x) => F.crk(col(30, x, 40), 1), null],
  ["PRICEINDEX", (x) => F.priceindex(10, col(8, x, 12)), () => F.priceindex(col(1, 2), [[1, 2, 3]])],
  [
    "PVM",
    (x) => F.pvm(col(10, 20), col(100, x), col(11, 19), col(120, 40)),
    () => F.pvm(col(1, 2), col(1, 2), col(1, 2), col(1, 2, 3)),
  ],
];

describe.each(aggregates)("%s on Excel-shaped inputs", (_name, call, mismatch) => {
  it("skips an empty cell", () => {
    expect(() => call("")).not.toThrow();
    expect(() => call(null)).not.toThrow();
  });
  it("refuses a text that is not a number with #VALUE! naming it", () => {
    const e = thrown(() => call("abc"));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("'abc'");
  });
  it("passes an error text on", () => {
    expect(thrown(() => call("#N/A")).code).toBe("#N/A");
    expect(thrown(() => call("#NUM!")).code).toBe("#NUM!");
  });
  if (mismatch) {
    it("refuses ranges of different sizes with #N/A", () => {
      expect(thrown(mismatch).code).toBe("#N/A");
    });
  }
});

describe("two columns with single-cell arguments (the quick path of elementwise)", () => {
  // Every kind of cell in each column, paired with every kind in the other.
  const kinds: unknown[] = [100, 80, 0, -50, 12.5, "", null, "abc", "#N/A", "#DIV/0!", true, "120", Infinity];
  const rev: unknown[] = [];
  const cost: unknown[] = [];
  for (const a of kinds)
    for (const b of kinds) {
      rev.push(a);
      cost.push(b);
    }
  const cases: [string, (r: unknown[][], c: unknown[][]) => unknown][] = [
    ["MARGIN.STATUS", (r, c) => F.marginStatusFn(r, c, [[0.1]], [[0.2]])],
    ["MARGIN.STATUS on cost", (r, c) => F.marginStatusFn(r, c, [[0.1]], [[0.2]], "cost")],
    ["MARGIN.GAP", (r, c) => F.marginGap(r, c, [[0.2]])],
    ["MARGIN", (r, c) => F.margin(r, c)],
    ["MARKUP", (r, c) => F.markup(r, c)],
  ];
  it.each(cases)(
    "%s: the quick path answers every line as the general path does, errors and messages included",
    (_name, call) => {
      const whole = call(col(...rev), col(...cost)) as unknown[][];
      expect(whole).toHaveLength(rev.length);
      ELEMENTWISE.quick = false;
      let general: unknown[][];
      try {
        general = call(col(...rev), col(...cost)) as unknown[][];
      } finally {
        ELEMENTWISE.quick = true;
      }
      expect(cells(whole)).toEqual(cells(general));
      expect(whole.map((r) => messageOf(r[0]))).toEqual(general.map((r) => messageOf(r[0])));
      // Plain numbers do go through: the first line (100 vs 100) has a result, not an error.
      expect(typeof whole[0][0] === "number" || typeof whole[0][0] === "string").toBe(true);
    },
  );
});
