/**
 * Headers of three or more stacked rows: a group row spanning merged cells ("Ventes 2024"), a second ("T1", "T2"), a
 * third ("CA", "Coût"). Excel gives "" for the other cells of a merged area, so a group label is carried to the right
 * over them; column headers are composed from the stack and roles are read from the composed header.
 */
import { buildDataSet, detectLayouts } from "../../../src/core/read";
import { formatMessage } from "../../../src/core/i18n";
import type { CellValue, DataSet, RawGrid } from "../../../src/core/types";

const grid = (values: CellValue[][]): RawGrid => ({ sheet: "Synthèse", top: 1, left: 1, values });

// Rows 1-3: "Produit" merged down A1:A3 (so A2, A3 are ""), "Région" on the last header row, groups merged across.
const threeRows: CellValue[][] = [
  ["Produit", "", "Ventes 2024", "", "", "", "Ventes 2025", ""],
  ["", "", "T1", "", "T2", "", "T1", ""],
  ["", "Région", "CA", "Coût", "CA", "Coût", "CA", "Coût"],
  ["Vis", "Nord", 100, 60, 110, 70, 120, 75],
  ["Écrou", "Sud", 200, 150, 210, 160, 220, 170],
  ["Clou", "Nord", 50, 20, 55, 25, 60, 30],
];

describe("three stacked header rows", () => {
  const [l] = detectLayouts(grid(threeRows));

  it("finds the three header rows and the data below them", () => {
    expect(l).toMatchObject({ headerRows: [1, 2, 3], firstDataRow: 4, lastDataRow: 6, top: 1, left: 1, right: 8, kind: "data" });
  });

  it("composes each column's header from the stack, carrying group labels across their merged cells", () => {
    expect(l.headers).toEqual([
      "Produit",
      "Région",
      "Ventes 2024 T1 CA",
      "Ventes 2024 T1 Coût",
      "Ventes 2024 T2 CA",
      "Ventes 2024 T2 Coût",
      // a new top group starts at G: the "T2" of row 2 does not run into it
      "Ventes 2025 T1 CA",
      "Ventes 2025 T1 Coût",
    ]);
    const m = l.messages.find((x) => x.code === "read.multiRowHeader")!;
    expect(m.params).toMatchObject({ count: 3, rows: "1–3", example: "Ventes 2024 T1 CA" });
    expect(formatMessage(m, "fr")).toContain("3 lignes");
    expect(formatMessage(m, "en")).toContain("3 rows");
  });

  it("reads roles from the composed header: the lowest label says revenue or cost, not the group word 'Ventes'", () => {
    const ds = buildDataSet(grid(threeRows), l);
    const roleOf = (h: string) => ds.columns.find((c) => c.header === h)!.role;
    expect(ds.columns[ds.roles.product!].header).toBe("Produit");
    expect(ds.columns[ds.roles.region!].header).toBe("Région");
    expect(ds.columns[ds.roles.revenue!].header).toMatch(/ CA$/);
    expect(ds.columns[ds.roles.cost!].header).toMatch(/ Coût$/);
    // no "Coût" column is taken for revenue
    for (const h of ["Ventes 2024 T1 Coût", "Ventes 2024 T2 Coût", "Ventes 2025 T1 Coût"]) expect(roleOf(h)).not.toBe("revenue");
    expect(ds.columns.find((c) => c.header === "Ventes 2025 T1 Coût")!.headerParts).toEqual(["Ventes 2025", "T1", "Coût"]);
    expect(ds.headerRows).toEqual([1, 2, 3]);
    expect(Array.from(ds.rowNumbers)).toEqual([4, 5, 6]);
    expect(Array.from(ds.columns[ds.roles.revenue!].numbers!)).toEqual(threeRows.slice(3).map((r) => r[ds.roles.revenue!] as number));
  });
});

describe("four stacked header rows, under a title", () => {
  const values: CellValue[][] = [
    ["Tableau de bord commercial", "", "", "", "", ""],
    ["", "", "", "", "", ""],
    ["", "Réel", "", "", "", "Budget"],
    ["", "2024", "", "", "", "2024"],
    ["", "S1", "", "S2", "", "S1"],
    ["Article", "Quantité", "CA HT", "Quantité", "CA HT", "CA HT"],
    ["Vis", 10, 100, 12, 120, 90],
    ["Écrou", 20, 200, 22, 220, 180],
  ];
  const [l] = detectLayouts(grid(values));

  it("joins the four rows, not the title", () => {
    expect(l.headerRows).toEqual([3, 4, 5, 6]);
    expect(l.top).toBe(3);
    expect(l.headers).toEqual(["Article", "Réel 2024 S1 Quantité", "Réel 2024 S1 CA HT", "Réel 2024 S2 Quantité", "Réel 2024 S2 CA HT", "Budget 2024 S1 CA HT"]);
    expect(l.messages.map((m) => m.code)).toContain("read.headerRowsFoundMulti");
  });

  it("gives the quantity and revenue roles to columns whose lowest label says so", () => {
    const ds: DataSet = buildDataSet(grid(values), l);
    expect(ds.columns[ds.roles.quantity!].header).toMatch(/Quantité$/);
    expect(ds.columns[ds.roles.revenue!].header).toMatch(/CA HT$/);
    expect(ds.columns[ds.roles.product!].header).toBe("Article");
  });
});

describe("what is not a stacked header", () => {
  it("keeps a two-row header two rows when the row above it is a lone title", () => {
    const [l] = detectLayouts(
      grid([
        ["Ventes par mois", "", "", ""],
        ["Produit", "2024", "", ""],
        ["", "Janv", "Févr", "Mars"],
        ["Vis", 1, 2, 3],
        ["Écrou", 4, 5, 6],
      ]),
    );
    expect(l.headerRows).toEqual([2, 3]);
    expect(l.headers).toEqual(["Produit", "2024 Janv", "2024 Févr", "2024 Mars"]);
  });

  it("does not stack header-like rows that group nothing (no label spanning merged cells) over a two-row header", () => {
    const [l] = detectLayouts(
      grid([
        ["Vis", "Écrou", "Clou"],
        ["Nord", "Sud", "Est"],
        ["Produit", "Région", "CA"],
        ["A", "Nord", 1],
        ["B", "Sud", 2],
      ]),
    );
    expect(l.headerRows).toEqual([2, 3]);
  });
});
