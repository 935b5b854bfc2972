import fc from "fast-check";
import { asGrid, cfError, Ctx, elementwise, errorCodeOfText, isCfError, numbersArg, run } from "../../src/functions/args";
import * as F from "../../src/functions/functions";
import { cells, thrown } from "./helpers";

describe("argument shapes", () => {
  it("turns scalars, rows and omitted arguments into grids", () => {
    expect(asGrid(5)).toEqual([[5]]);
    expect(asGrid("a")).toEqual([["a"]]);
    expect(asGrid([1, 2])).toEqual([[1, 2]]);
    expect(asGrid([[1], [2]])).toEqual([[1], [2]]);
    expect(asGrid(null)).toBeNull();
    expect(asGrid(undefined)).toBeNull();
    expect(asGrid([])).toBeNull();
    expect(asGrid([[]])).toBeNull();
  });
  it("broadcasts 1-wide dimensions and refuses other differences", () => {
    const ctx = new Ctx("MARGIN");
    const add = (a: number, b: number) => a + b;
    expect(elementwise(ctx, [{ value: [[1, 2, 3]], index: 0 }, { value: 10, index: 1 }], add)).toEqual([[11, 12, 13]]);
    expect(elementwise(ctx, [{ value: [[1], [2]], index: 0 }, { value: [[10, 20]], index: 1 }], add)).toEqual([
      [11, 21],
      [12, 22],
    ]);
    expect(thrown(() => elementwise(ctx, [{ value: [[1, 2]], index: 0 }, { value: [[1, 2, 3]], index: 1 }], add)).code).toBe("#N/A");
    expect(thrown(() => elementwise(ctx, [{ value: null, index: 0 }, { value: 1, index: 1 }], add)).code).toBe("#VALUE!");
  });
  it("gives optional arguments NaN when empty and decides blank lines on the arguments that vary", () => {
    const ctx = new Ctx("MARGIN.STATUS");
    const seen: number[] = [];
    const f = (a: number, b: number) => {
      seen.push(b);
      return a;
    };
    expect(elementwise(ctx, [{ value: [[1], [""]], index: 0 }, { value: null, index: 3, optional: true }], f)).toEqual([[1], [""]]);
    expect(seen).toEqual([NaN]);
    // a scalar required argument does not stop an empty line from being blank
    expect(elementwise(ctx, [{ value: [[""], [2]], index: 0 }, { value: 5, index: 2 }], (a) => a)).toEqual([[""], [2]]);
  });
  it("maps French and English error texts to Excel's codes", () => {
    expect(errorCodeOfText("#N/D")).toBe("notAvailable");
    expect(errorCodeOfText("#DIV/0 !")).toBe("divisionByZero");
    expect(errorCodeOfText("#NOMBRE!")).toBe("invalidNumber");
    expect(errorCodeOfText("#REF!")).toBe("invalidReference");
    expect(errorCodeOfText("#SPILL!")).toBe("invalidValue");
    expect(cells(F.margin([["#N/D"]], [[1]]))).toEqual([["#N/A"]]);
  });
  it("reads numbers row by row and names the cell of a bad one", () => {
    const ctx = new Ctx("HHI");
    const g = numbersArg(ctx, [[1, "2,5 %"], ["", "-"]], 0, true);
    expect(Array.from(g.values)).toEqual([1, 0.025, NaN, NaN]);
    expect(thrown(() => numbersArg(ctx, [[1, 2], [3, "abc"]], 0)).message).toBe("sales_or_shares: 'abc' is not a number (row 2, column 2).");
    expect(thrown(() => numbersArg(ctx, [[true]], 0)).code).toBe("#VALUE!");
  });
  it("turns an unexpected exception into #VALUE! with a message", () => {
    const e = thrown(() =>
      run("MARGIN", () => {
        throw new TypeError("boom");
      }),
    );
    expect(e).toEqual({ code: "#VALUE!", message: "Unexpected problem: boom" });
    expect(isCfError(cfError("invalidNumber"))).toBe(true);
    expect(isCfError(new Error("x"))).toBe(false);
  });
});

describe("no function crashes, whatever Excel passes (property)", () => {
  const cellValue = fc.oneof(
    fc.double(),
    fc.integer({ min: -1000, max: 1000 }),
    fc.constantFrom("", null, undefined, "#N/A", "#DIV/0!", "#VALEUR!", "-", "n/a", "1 234,56 €", "(12)", "12,5 %", "abc", "=1+1", "1e400", "0", "Infinity", true, false),
    fc.string({ maxLength: 6 }),
  );
  const grid = fc.oneof(
    fc.integer({ min: 1, max: 5 }).chain((rows) => fc.integer({ min: 1, max: 3 }).chain((cols) => fc.array(fc.array(cellValue, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }))),
    fc.array(fc.array(cellValue, { maxLength: 3 }), { maxLength: 3 }), // jagged or empty
  );
  const arg = fc.oneof(grid, cellValue, fc.constant(null));
  const isExcelValue = (v: unknown): boolean =>
    (typeof v === "number" && Number.isFinite(v)) || typeof v === "string" || typeof v === "boolean" || isCfError(v);
  const functions = Object.entries(F).filter(([, f]) => typeof f === "function") as [string, (...a: unknown[]) => unknown][];

  it("covers every exported function", () => {
    expect(functions.length).toBe(24);
  });
  it.each(functions.map(([name, f]) => [name, f] as const))("%s returns Excel values or a deliberate CustomFunctions.Error", (_name, f) => {
    fc.assert(
      fc.property(fc.array(arg, { minLength: 0, maxLength: 5 }), (args) => {
        let result: unknown;
        try {
          result = f(...args);
        } catch (e) {
          expect(isCfError(e)).toBe(true);
          // a deliberate Excel error, not an internal exception that run() had to catch
          expect((e as { message: string }).message).not.toMatch(/^Unexpected problem/);
          return;
        }
        if (Array.isArray(result)) {
          for (const row of result) {
            expect(Array.isArray(row)).toBe(true);
            for (const c of row as unknown[]) expect(isExcelValue(c)).toBe(true);
          }
        } else expect(isExcelValue(result)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
