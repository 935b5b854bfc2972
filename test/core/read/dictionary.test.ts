import fc from "fast-check";
import { buildDataSet, detectLayouts, unpivot } from "../../../src/core/read";
import { encodeTextColumn, MAX_DICTIONARY_LABELS, renumberCodes } from "../../../src/core/read/dictionary";
import type { CellValue, Column, DataSet } from "../../../src/core/types";

function read(values: CellValue[][]): DataSet {
  const g = { sheet: "Ventes", top: 1, left: 1, values };
  const layouts = detectLayouts(g);
  expect(layouts.length).toBeGreaterThan(0);
  return buildDataSet(g, layouts[0]);
}

/** Every text cell is the label its code names (0 = empty); labels are distinct and in order of first appearance. */
function expectConsistent(c: Column): void {
  const { text, codes, labels } = c;
  expect(text && codes && labels).toBeTruthy();
  expect(codes!.length).toBe(text!.length);
  expect(new Set(labels).size).toBe(labels!.length);
  const firstSeen: string[] = [""];
  for (let i = 0; i < text!.length; i++) {
    const t = text![i];
    if (t === null) expect(codes![i]).toBe(0);
    else {
      expect(labels![codes![i]]).toBe(t);
      if (!firstSeen.includes(t)) firstSeen.push(t);
    }
  }
  expect(labels).toEqual(firstSeen);
}

describe("dictionary encoding of text columns by the reader", () => {
  it("gives each text column codes and labels matching its text, blanks as 0", () => {
    const ds = read([
      ["Segment", "Produit", "CA HT", "Coût"],
      ["PME", "Vis", 100, 80],
      ["  Export ", "Écrou", 200, 150],
      ["PME", "", 300, 200],
      ["Export", "Vis", 400, 390],
      [null, "Clou", 50, 45],
    ]);
    const seg = ds.columns.find((c) => c.header === "Segment")!;
    const prod = ds.columns.find((c) => c.header === "Produit")!;
    expect(seg.text).toEqual(["PME", "Export", "PME", "Export", null]); // trimmed as before
    expect(seg.labels).toEqual(["", "PME", "Export"]);
    expect(Array.from(seg.codes!)).toEqual([1, 2, 1, 2, 0]);
    expect(prod.labels).toEqual(["", "Vis", "Écrou", "Clou"]);
    expect(Array.from(prod.codes!)).toEqual([1, 2, 0, 1, 3]);
    expect(ds.columns.find((c) => c.header === "CA HT")!.codes).toBeUndefined();
  });

  it("renumbers after the rows of a chart of accounts' grouping codes are left out", () => {
    const ds = read([
      ["Compte", "Libellé", "Montant"],
      ["60", "Achats", 300],
      ["601", "Achats de matières", 200],
      ["6011", "Matières A", 120],
      ["6012", "Matières B", 80],
      ["602", "Fournitures", 100],
    ]);
    expect(Array.from(ds.rowNumbers)).toEqual([4, 5, 6]);
    for (const c of ds.columns.filter((x) => x.kind === "text")) expectConsistent(c);
    expect(ds.columns[1].labels).toEqual(["", "Matières A", "Matières B", "Fournitures"]);
  });

  it("keeps codes consistent on random columns, and through unpivot", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom("Nord", "Sud", " Nord", "NORD", "Est", "", "#N/A", "  "), fc.constant(null), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 40 }), (cells) => {
        const values: CellValue[][] = [["Région", "Produit", "CA HT"]];
        cells.forEach((v, i) => values.push([v, `P${i % 3}`, 100 + i]));
        const g = { sheet: "Ventes", top: 1, left: 1, values };
        const layouts = detectLayouts(g);
        if (layouts.length === 0) return; // not a table to the reader: nothing to encode
        const ds = buildDataSet(g, layouts[0]);
        for (const c of ds.columns) {
          if (c.kind !== "text") continue;
          expectConsistent(c);
          checked++;
        }
      }),
      { numRuns: 60 },
    );
    expect(checked).toBeGreaterThan(30);
    const wide = read([
      ["Code", "Activité", "Jan. 2021", "Feb. 2021", "Mar. 2021", "TOTAL"],
      ["441", "Autos", 10, 11, 12, 33],
      ["445", "Alimentation", 20, 21, 22, 63],
      ["447", "Autos", 5, 6, 7, 18],
    ]);
    const long = unpivot(wide);
    const p = long.columns.find((c) => c.header === "Activité")!;
    expect(p.text).toEqual(["Autos", "Autos", "Autos", "Alimentation", "Alimentation", "Alimentation", "Autos", "Autos", "Autos"]);
    expectConsistent(p);
  });

  it("leaves a column with too many distinct texts without codes", () => {
    const many = Array.from({ length: MAX_DICTIONARY_LABELS + 1 }, (_, i) => `id-${i}`);
    expect(encodeTextColumn(many.slice(1)).labels).toHaveLength(MAX_DICTIONARY_LABELS + 1); // exactly the limit: encoded
    const enc = encodeTextColumn(many);
    expect(enc.codes).toBeUndefined();
    expect(enc.text).toEqual(many);
    const few = encodeTextColumn(["a", null, "b", "a"]);
    expect(Array.from(few.codes!)).toEqual([1, 0, 2, 1]);
    expect(few.labels).toEqual(["", "a", "b"]);
  });

  it("renumbers codes in order of first appearance, dropping unused labels", () => {
    const r = renumberCodes(Int32Array.from([3, 0, 1, 3]), ["", "a", "b", "c"]);
    expect(Array.from(r.codes)).toEqual([1, 0, 2, 1]);
    expect(r.labels).toEqual(["", "c", "a"]);
  });
});
