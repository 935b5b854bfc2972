import * as formulajs from "@formulajs/formulajs";
import fc from "fast-check";
import * as Fns from "../../src/functions/functions";
import { cells, col, thrown, loose } from "./helpers";

const { cagr, growth, movavg, trend, trendExp } = loose(Fns);

const near = (a: unknown, b: number, rel = 1e-9) => typeof a === "number" && Math.abs(a - b) <= rel * Math.max(1e-9, Math.abs(a), Math.abs(b));

describe("OPS.GROWTH", () => {
  it("compares each value with previous (change / |previous|)", () => {
    const out = growth(col(110, -50, 5, "", 7), col(100, -100, 0, "", "")) as unknown[][];
    expect(out[0][0]).toBeCloseTo(0.1, 12);
    expect(out[1][0]).toBeCloseTo(0.5, 12);
    expect(cells(out).slice(2)).toEqual([["#DIV/0!"], [""], ["#N/A"]]);
  });
  it("along a series: #N/A before the first comparison, #DIV/0! after a 0, blank for empty cells", () => {
    const out = growth(col(100, 110, 0, 5, "", 7)) as unknown[][];
    expect(cells(out)).toEqual([["#N/A"], [expect.closeTo(0.1, 12)], [-1], ["#DIV/0!"], [""], ["#N/A"]]);
  });
  it("year over year with lag 12, on a row", () => {
    const months = [Array.from({ length: 24 }, (_, i) => (i < 12 ? 100 + i : (100 + i - 12) * 1.05))];
    const out = growth(months, null, 12) as unknown[][];
    expect(out.length).toBe(1);
    expect(cells(out)[0]).toEqual([...Array(12).fill("#N/A"), ...Array(12).fill(expect.closeTo(0.05, 12))]);
  });
  it("refuses previous and lag together, and text", () => {
    expect(thrown(() => growth(col(1), col(2), 3)).code).toBe("#VALUE!");
    expect(thrown(() => growth(col(1, "abc"))).message).toBe("values: 'abc' is not a number (row 2).");
    expect(cells(growth(col(1, "x", "n/a")))).toEqual([["#N/A"], [""], [""]]); // missing markers
    expect(thrown(() => growth(col(1, 2), null, 0)).code).toBe("#NUM!");
  });
});

describe("OPS.CAGR", () => {
  it("agrees with Excel's RRI to 1e-9 on random values", () => {
    const pos = fc.integer({ min: 1, max: 100_000_000 }).map((v) => v / 100);
    fc.assert(
      fc.property(pos, pos, fc.integer({ min: 1, max: 50 }), (s, e, n) => {
        expect(near((cagr([[s]], [[e]], [[n]]) as unknown[][])[0][0], formulajs.RRI(n, s, e) as number)).toBe(true);
      }),
    );
  });
  it("works element-wise and gives #NUM! from a non-positive start or a sign change", () => {
    expect(cells(cagr(col(100, 0, -5, 100, 100), col(121, 10, 10, -1, ""), 2))).toEqual([[expect.closeTo(0.1, 12)], ["#NUM!"], ["#NUM!"], ["#NUM!"], ["#N/A"]]);
    expect(cells(cagr(col(100), col(121), 0))).toEqual([["#NUM!"]]);
  });
});

describe("OPS.MOVAVG", () => {
  it("spills the trailing mean like the input, skipping empty cells", () => {
    expect(cells(movavg(col(1, 2, 3, "", 5, 7), 2))).toEqual([["#N/A"], [1.5], [2.5], [""], [5], [6]]);
    expect(cells(movavg([[1, 2, 3, 4]], 3))).toEqual([["#N/A", "#N/A", 2, 3]]);
  });
  it("equals AVERAGE of each window after a huge value has left it ([1e16, 1, 2, 3...], window 3)", () => {
    const v = [1e16, ...Array.from({ length: 6000 }, (_, i) => i + 1)];
    const out = cells(movavg(col(...v), 3)) as unknown[][];
    // AVERAGE of the window ending at row i+1 (i >= 3): (v[i-2] + v[i-1] + v[i]) / 3, exact on these integers.
    for (let i = 3; i < v.length; i++) if (out[i][0] !== (v[i - 2] + v[i - 1] + v[i]) / 3) throw new Error(`row ${i + 1}: ${String(out[i][0])}`);
    expect(out[5000][0]).toBe(4999);
    const t = cells(movavg(col(1e20, -1e20, 0.1, 0.2, "", 0.4), 2, true));
    expect(t).toEqual([["#N/A"], [0], [-1e20], [0.1 + 0.2], [""], [0.4]]);
    expect(cells(movavg(col(1e20, -1e20, 0.1, 0.2), 2))[3][0]).toBe((0.1 + 0.2) / 2);
  });
  it("gives #NUM! where a window's total is beyond the largest number, and exact values after it", () => {
    expect(cells(movavg(col(1e308, 1e308, 1, 2), 2, true))).toEqual([["#N/A"], ["#NUM!"], [1e308], [3]]);
  });
  it("gives the moving total with as_total (moving annual total)", () => {
    const v = col(...Array.from({ length: 14 }, (_, i) => i + 1));
    const out = movavg(v, 12, true) as unknown[][];
    expect(out[11][0]).toBe(78);
    expect(out[13][0]).toBe(78 + 13 + 14 - 1 - 2);
    expect(cells(movavg(col(1, 2), 1, "VRAI"))).toEqual([[1], [2]]);
  });
  it("refuses a window out of range and text", () => {
    expect(thrown(() => movavg(col(1, 2, 3), 4)).code).toBe("#NUM!");
    expect(thrown(() => movavg(col(1, 2, 3), 0)).code).toBe("#NUM!");
    expect(thrown(() => movavg(col(1, "#N/A"), 1)).code).toBe("#N/A");
    expect(thrown(() => movavg(col(1, 2), 1, "maybe")).code).toBe("#VALUE!");
  });
});

describe("OPS.TREND", () => {
  const value = fc.integer({ min: -100000, max: 100000 }).map((v) => v / 100);
  it("agrees with Excel's TREND (formulajs) on random Excel-shaped columns", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value), { minLength: 3, maxLength: 30 }).filter((p) => new Set(p.map((q) => q[0])).size > 1),
        fc.array(value, { minLength: 1, maxLength: 6 }),
        (pts, nx) => {
          const y = pts.map((p) => p[1]);
          const x = pts.map((p) => p[0]);
          const out = trend(col(...y), col(...x), col(...nx)) as unknown[][];
          const exp = formulajs.TREND(y, x, nx) as number[];
          const scale = Math.max(1, ...y.map(Math.abs));
          nx.forEach((_, i) => expect(Math.abs((out[i][0] as number) - exp[i])).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(exp[i]), scale * 1e-3)));
        },
      ),
    );
  });
  it("defaults known_x to 1..n and new_x to known_x, spilling like new_x", () => {
    const out = trend(col(2, 4, 6)) as unknown[][];
    expect(cells(out)).toEqual([[expect.closeTo(2, 12)], [expect.closeTo(4, 12)], [expect.closeTo(6, 12)]]);
    expect(cells(trend(col(2, 4, 6), null, [[4, 5]]))).toEqual([[expect.closeTo(8, 12), expect.closeTo(10, 12)]]);
  });
  it("skips pairs with an empty cell, as SLOPE does, and leaves blank new_x cells blank", () => {
    const out = trend(col(1, "", 3, 5), col(1, 2, 3, ""), col(10, "")) as unknown[][];
    expect(cells(out)).toEqual([[expect.closeTo(10, 12)], [""]]);
  });
  it("follows Excel's errors: #N/A for sizes, #DIV/0! without variance, #VALUE! for text", () => {
    expect(thrown(() => trend(col(1, 2, 3), col(1, 2))).code).toBe("#N/A");
    expect(thrown(() => trend(col(1, 2, 3), col(5, 5, 5))).code).toBe("#DIV/0!");
    expect(thrown(() => trend(col(1, "abc", 3))).message).toBe("known_y: 'abc' is not a number (row 2).");
    expect(thrown(() => trend(col(1, 2, 3), [[1, 2], [2, 3], [3, 5]])).code).toBe("#VALUE!");
    expect(thrown(() => trend(col("", ""))).code).toBe("#N/A");
  });
});

describe("OPS.TREND.EXP", () => {
  it("agrees with Excel's GROWTH (formulajs) on random positive series", () => {
    const pos = fc.integer({ min: 1, max: 1_000_000 }).map((v) => v / 100);
    fc.assert(
      fc.property(fc.array(pos, { minLength: 2, maxLength: 25 }), fc.integer({ min: 0, max: 40 }), (y, x0) => {
        const out = trendExp(col(...y), null, [[x0]]) as unknown[][];
        const exp = formulajs.GROWTH(y, undefined, [x0]) as number[];
        expect(near(out[0][0], exp[0])).toBe(true);
      }),
    );
  });
  it("needs every known_y > 0", () => {
    const e = thrown(() => trendExp(col(1, 0, 3)));
    expect(e.code).toBe("#NUM!");
    expect(e.message).toContain("row 2");
  });
});
