import fc from "fast-check";
import { parseNumberCell } from "../../../src/core/parse/number";

const num = (v: Parameters<typeof parseNumberCell>[0], decimal?: "," | ".") => {
  const r = parseNumberCell(v, decimal ? { decimal } : {});
  return r.kind === "number" ? r.value : r.kind;
};

describe("parseNumberCell, French and English text", () => {
  it("reads French amounts with spaces of every kind and the euro sign", () => {
    expect(num("1 234,56 €")).toBe(1234.56);
    expect(num("1\u00a0234,56\u00a0€")).toBe(1234.56);
    expect(num("1\u202f234\u202f567,8 €")).toBe(1234567.8);
    expect(num("€ 12,5")).toBe(12.5);
    expect(num("1.234.567,89")).toBe(1234567.89);
  });
  it("reads English amounts with commas as groups and a currency before", () => {
    expect(num("$1,234.50")).toBe(1234.5);
    expect(num("1,234,567")).toBe(1234567);
    expect(num("USD 99.95")).toBe(99.95);
  });
  it("reads percentages as fractions and accounting negatives", () => {
    expect(num("12,5 %")).toBeCloseTo(0.125, 12);
    expect(num("-3.5%")).toBeCloseTo(-0.035, 12);
    expect(num("(1 234)")).toBe(-1234);
    expect(num("(1 234,50 €)")).toBe(-1234.5);
    expect(num("1234-")).toBe(-1234);
  });
  it("keeps a cell that is already a number as it is", () => {
    expect(num(0.1 + 0.2)).toBe(0.1 + 0.2);
    expect(num(-0)).toBe(-0);
  });
  it("says empty, missing, error or text, never a wrong number", () => {
    expect(num("")).toBe("empty");
    expect(num("   ")).toBe("empty");
    expect(num(null)).toBe("empty");
    expect(num("-")).toBe("missing");
    expect(num("n/a")).toBe("missing");
    expect(num("#N/A")).toBe("error");
    expect(num("#DIV/0!")).toBe("error");
    expect(num("abc")).toBe("text");
    expect(num("12 rue des Lilas")).toBe("text");
    expect(num(true)).toBe("text");
  });
  it("marks statistical suppression '(S)' apart from other missing markers", () => {
    expect(parseNumberCell("(S)")).toEqual({ kind: "missing", marker: "suppressed" });
    expect(parseNumberCell("(NA)")).toEqual({ kind: "missing", marker: "na" });
    expect(parseNumberCell("–")).toEqual({ kind: "missing", marker: "dash" });
  });
  it("decides an ambiguous '1,234' by the separator the column uses", () => {
    expect(parseNumberCell("1,234")).toEqual({ kind: "number", value: 1234, ambiguous: true });
    expect(parseNumberCell("1,234", { decimal: "," })).toEqual({ kind: "number", value: 1.234, ambiguous: true });
    expect(parseNumberCell("1.234", { decimal: "," })).toEqual({ kind: "number", value: 1234, ambiguous: true });
    expect(num("12,5", ".")).toBe(12.5); // two decimals: not a group, whatever the column says
  });
  it("reads back any number printed the French or the English way (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 99 }), (int, cents) => {
        const x = int + (Math.sign(int || 1) * cents) / 100;
        const fr = x.toLocaleString("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " €";
        const en = "$" + x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        expect(num(fr, ",")).toBeCloseTo(x, 6);
        expect(num(en, ".")).toBeCloseTo(x, 6);
      }),
      { numRuns: 300 },
    );
  });
});
