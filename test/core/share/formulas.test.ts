import {
  blockFingerprint,
  cellAddress,
  codeOnly,
  formulasSheetRows,
  frozenBlock,
  frozenValue,
  isOpsFormula,
  isUnresolvedOpsFormula,
  mergeEntries,
  parseFormulasSheet,
  parseRange,
  repairedFormula,
  type FrozenEntry,
} from "../../../src/core/share/formulas";
import { needsEscape } from "../../../src/core/escape";

describe("isOpsFormula", () => {
  it.each([
    ["=OPS.MARGIN(B2,C2)", true],
    ["=ops.margin(B2,C2)", true],
    ["=ROUND(OPS.MARGIN(B2,C2),2)*100", true],
    ["=IFERROR(OPS.PRICE.FOR.MARGIN(C2, 0.3), 0)", true],
    ["=_xldudf_OPS_MARGIN(B2,C2)", true],
    ["=[2]!_xldudf_OPS_MARGIN_CONVERT(B2,0.3)", true],
    ["=SUM(_XLDUDF_OPS_GROWTH(A1:A4))", true],
    ["=SUM(A1:A3)", false],
    ['="OPS.MARGIN(A1)"', false],
    ["='OPS.MARGIN(x)'!A1+1", false],
    ["=XOPS.MARGIN(A1)", false],
    ["=MYOPS.MARGIN(A1)", false],
    ["OPS.MARGIN(A1)", false],
    ["'=OPS.MARGIN(A1)", false],
    [42, false],
    [null, false],
  ])("%p -> %p", (f, expected) => {
    expect(isOpsFormula(f)).toBe(expected);
  });

  it("tells the unresolved form", () => {
    expect(isUnresolvedOpsFormula("=_xldudf_OPS_MARGIN(B2,C2)")).toBe(true);
    expect(isUnresolvedOpsFormula("=OPS.MARGIN(B2,C2)")).toBe(false);
    expect(isUnresolvedOpsFormula('="_xldudf_OPS_MARGIN("')).toBe(false);
  });

  it("blanks literals and quoted sheet names, keeping length", () => {
    const f = `=A1&"a""b"&'x''y'!B2`;
    const c = codeOnly(f);
    expect(c.length).toBe(f.length);
    expect(c).not.toContain("a");
    expect(c).toContain("B2");
  });
});

describe("repairedFormula", () => {
  const known = ["MARGIN", "MARGIN.CONVERT", "PRICE.FOR.MARGIN", "GROWTH"];
  it("turns _xldudf_ calls back into OPS.NAME, dots restored", () => {
    expect(repairedFormula("=_xldudf_OPS_MARGIN(B2,C2)", known)).toBe("=OPS.MARGIN(B2,C2)");
    expect(repairedFormula("=ROUND(_xldudf_OPS_PRICE_FOR_MARGIN(C2,0.3),2)", known)).toBe("=ROUND(OPS.PRICE.FOR.MARGIN(C2,0.3),2)");
    expect(repairedFormula("=[2]!_xldudf_OPS_MARGIN_CONVERT(B2,0.3)", known)).toBe("=OPS.MARGIN.CONVERT(B2,0.3)");
    expect(repairedFormula("=_xldudf_OPS_MARGIN(A1)+_xldudf_OPS_GROWTH(A1:A3)", known)).toBe("=OPS.MARGIN(A1)+OPS.GROWTH(A1:A3)");
  });
  it("leaves text literals and resolved formulas alone", () => {
    expect(repairedFormula('=_xldudf_OPS_MARGIN(A1)&"_xldudf_OPS_MARGIN("', known)).toBe('=OPS.MARGIN(A1)&"_xldudf_OPS_MARGIN("');
    expect(repairedFormula("=OPS.MARGIN(B2,C2)", known)).toBe("=OPS.MARGIN(B2,C2)");
  });
  it("without a known name, underscores read as dots", () => {
    expect(repairedFormula("=_xldudf_OPS_NEW_THING(A1)")).toBe("=OPS.NEW.THING(A1)");
  });
});

describe("frozenValue", () => {
  it("keeps numbers (date serials), booleans; empties stay empty", () => {
    expect(frozenValue(45292, "Double")).toEqual({ value: 45292 });
    expect(frozenValue(true, "Boolean")).toEqual({ value: true });
    expect(frozenValue("", "Empty")).toEqual({ value: "" });
    expect(frozenValue(null)).toEqual({ value: "" });
  });
  it.each(["=SUM(A1)", "+33 1 23", "-promo", "@user", "\tx", "\rx", "00123", "#N/A"])("text %p stays text (escaped)", (s) => {
    const f = frozenValue(s, "String");
    expect("value" in f && f.value).toBe(`'${s}`);
    expect(needsEscape(s)).toBe(true);
  });
  it("plain text is written as it is", () => {
    expect(frozenValue("Nord", "String")).toEqual({ value: "Nord" });
  });
  it("errors stay errors, #NAME? and calculating are not frozen", () => {
    expect(frozenValue("#DIV/0!", "Error")).toEqual({ value: "#DIV/0!" });
    expect(frozenValue("#N/A", "Error")).toEqual({ value: "#N/A" });
    expect(frozenValue("#NAME?", "Error")).toEqual({ skip: "unresolved" });
    expect(frozenValue("#BUSY!", "Error")).toEqual({ skip: "calculating" });
    expect(frozenValue("#NAME?")).toEqual({ skip: "unresolved" });
  });
  it("a block is skipped whole when one cell cannot be frozen", () => {
    expect(frozenBlock([[1, "=x"], [2, 3]])).toEqual({ values: [[1, "'=x"], [2, 3]] });
    expect(frozenBlock([[1, "#NAME?"]], [["Double", "Error"]])).toEqual({ skip: "unresolved" });
  });
});

describe("blockFingerprint", () => {
  it("changes with any value, type or shape", () => {
    const base = blockFingerprint([[1, "a"], [2, "b"]]);
    expect(blockFingerprint([[1, "a"], [2, "b"]])).toBe(base);
    expect(blockFingerprint([[1, "a"], [2, "c"]])).not.toBe(base);
    expect(blockFingerprint([["1", "a"], [2, "b"]])).not.toBe(base);
    expect(blockFingerprint([[1, "a", 2, "b"]])).not.toBe(base);
    expect(blockFingerprint([[0.1 + 0.2]])).not.toBe(blockFingerprint([[0.3]]));
    expect(base.startsWith("ops1:4:")).toBe(true);
  });
});

describe("formulas sheet layout", () => {
  const entries: FrozenEntry[] = [
    { sheet: "Ventes", address: "E2", formula: "=OPS.MARGIN(C2,D2)", value: 0.25, range: "E2", check: blockFingerprint([[0.25]]) },
    { sheet: "=Odd 'name", address: "B7", formula: '=OPS.FORECAST(A1:A24,3)&"x"', value: "=text", range: "B7:D9", check: blockFingerprint([["=text"]]) },
    { sheet: "S", address: "A1", formula: "=OPS.GROWTH(A2,A3)", value: "#DIV/0!", range: "A1", check: "ops1:1:00000000" },
  ];
  const texts = { title: "Frozen", headers: ["Sheet", "Cell", "Formula", "Frozen value", "Frozen range", "Check"] };

  it("writes every formula as text and reads the entries back", () => {
    const rows = formulasSheetRows(entries, texts);
    expect(rows).toHaveLength(2 + entries.length);
    expect(rows.every((r) => r.length === 6)).toBe(true);
    expect(rows[2][2]).toBe("'=OPS.MARGIN(C2,D2)");
    expect(rows[3][0]).toBe("'=Odd 'name");
    // what Range.values reads back: the apostrophes are not part of the value
    const read = rows.map((r) => r.map((v) => (typeof v === "string" && v.startsWith("'") ? v.slice(1) : v)));
    const back = parseFormulasSheet(read, "OPS Formulas");
    expect(back.messages).toEqual([]);
    expect(back.entries).toEqual(entries);
  });

  it("names the sheet and row of a bad row and keeps the others", () => {
    const rows = formulasSheetRows(entries.slice(0, 1), texts).map((r) => r.map((v) => (typeof v === "string" && v.startsWith("'") ? v.slice(1) : v)));
    rows.push(["Ventes", "not a cell", "=OPS.MARGIN(A1)", 1, "", "ops1:1:0"]);
    rows.push(["", "", "", "", "", ""]);
    const back = parseFormulasSheet(rows, "OPS Formulas");
    expect(back.entries).toHaveLength(1);
    expect(back.messages).toEqual([expect.objectContaining({ code: "share.badFormulaRow", params: { sheet: "OPS Formulas", row: 4 } })]);
  });

  it("a new freeze of a cell replaces its older entry", () => {
    const fresh: FrozenEntry = { ...entries[0], sheet: "VENTES", formula: "=OPS.MARKUP(C2,D2)" };
    const merged = mergeEntries(entries, [fresh]);
    expect(merged).toHaveLength(3);
    expect(merged.filter((e) => e.address === "E2").map((e) => e.formula)).toEqual(["=OPS.MARKUP(C2,D2)"]);
  });
});

describe("addresses", () => {
  it("round-trips", () => {
    expect(cellAddress(6, 2)).toBe("C7");
    expect(cellAddress(0, 27)).toBe("AB1");
    expect(parseRange("C7")).toEqual({ r0: 6, c0: 2, r1: 6, c1: 2 });
    expect(parseRange("$C$7:E9")).toEqual({ r0: 6, c0: 2, r1: 8, c1: 4 });
    expect(parseRange("C7:E9:F1")).toBeNull();
    expect(parseRange("7C")).toBeNull();
  });
});
