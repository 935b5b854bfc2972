import fc from "fast-check";
import { escapeCell, escapeGrid, escapeText, formulaString, needsEscape, quoteSheetName } from "../../src/core/escape";

/**
 * How Excel reads a string written through Range.values (simplified to the rules that matter here): a leading
 * apostrophe makes the rest text; "=", "+", "-", "@" start a formula; numbers, dates, booleans and errors are converted.
 * Returns what the cell would hold: { text } when stored as text, { other } when Excel would make something else of it.
 */
function excelEntry(s: string): { text: string } | { other: string } {
  if (s.startsWith("'")) return { text: s.slice(1) };
  if (/^[=+\-@]/.test(s)) return { other: "formula" };
  if (/^[\t\r\n\0]/.test(s)) return { other: "control" };
  if (/^\s*[(]?[$€£¥]?\s*[0-9.,]/.test(s)) return { other: "number or date" };
  if (/^\s*(true|false|#n\/a|#div\/0!|#value!|#ref!|#name\?|#num!|#null!)\s*$/i.test(s)) return { other: "literal" };
  return { text: s };
}

describe("escapeText", () => {
  it.each([
    ["=HYPERLINK(\"http://x\",\"clic\")"],
    ["+33 1 23 45 67 89"],
    ["-promo"],
    ["@user"],
    ["\tindent"],
    ["\rcarriage"],
    ["\0nul"],
    ["'quoted"],
    ["00123"],
    ["1/2"],
    ["2024-03"],
    ["12,5 %"],
    ["(1 234)"],
    ["TRUE"],
    ["#N/A"],
    ["  =1+1"],
  ])("writes %j as exactly that text", (s) => {
    expect(needsEscape(s)).toBe(true);
    expect(escapeText(s)).toBe(`'${s}`);
    expect(excelEntry(escapeText(s))).toEqual({ text: s });
  });

  it.each([["Enterprise"], ["Île-de-France"], ["Produit A"], [""], ["Sous-total"], ["x=1"]])("leaves %j as it is", (s) => {
    expect(escapeText(s)).toBe(s);
    expect(excelEntry(s)).toEqual({ text: s });
  });

  it("any string comes back as the same text (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 12 }), (s) => {
        const written = escapeText(s);
        expect(excelEntry(written)).toEqual({ text: s });
      }),
      { numRuns: 300 },
    );
  });

  it("escapes only strings in cells and grids, copying the grid", () => {
    expect(escapeCell(-5)).toBe(-5);
    expect(escapeCell(true)).toBe(true);
    expect(escapeCell(null)).toBe(null);
    expect(escapeCell("-5")).toBe("'-5");
    const grid = [["=1", 2], ["ok", "@x"]];
    const out = escapeGrid(grid);
    expect(out).toEqual([["'=1", 2], ["ok", "'@x"]]);
    expect(grid[0][0]).toBe("=1");
  });

  it("quotes sheet names and formula strings", () => {
    expect(quoteSheetName("L'été 2024")).toBe("'L''été 2024'");
    expect(formulaString('a "b"')).toBe('"a ""b"""');
  });
});
