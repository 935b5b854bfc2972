import { buildDataSet, detectLayouts, noTableMessage, workbookMessages } from "../../../src/core/read";
import { formatMessage } from "../../../src/core/i18n";
import type { CellValue, RawGrid } from "../../../src/core/types";

const grid = (values: CellValue[][], more: Partial<RawGrid> = {}): RawGrid => ({ sheet: "Feuil1", top: 1, left: 1, values, ...more });

describe("detectLayouts", () => {
  it("finds a header on row 6 under title rows, and data to the end", () => {
    const values: CellValue[][] = [
      ["Ventes 2024", "", "", ""],
      ["Montants HT", "", "", ""],
      ["", "", "", ""],
      ["", "", "", ""],
      ["", "", "", ""],
      ["Produit", "Client", "CA HT", "Coût"],
      ["Vis", "Dupont", 100, 60],
      ["Écrou", "Martin", 200, 150],
    ];
    const [l] = detectLayouts(grid(values));
    expect(l).toMatchObject({ headerRows: [6], firstDataRow: 7, lastDataRow: 8, left: 1, right: 4, kind: "data", headers: ["Produit", "Client", "CA HT", "Coût"] });
    expect(l.open).toBe(true);
  });

  it("uses the grid's position: a block read from C10 keeps sheet coordinates", () => {
    const [l] = detectLayouts(grid([["Produit", "CA"], ["Vis", 1], ["Écrou", 2]], { top: 10, left: 3 }));
    expect(l).toMatchObject({ top: 10, left: 3, right: 4, headerRows: [10], firstDataRow: 11, lastDataRow: 12 });
  });

  it("joins a two-row header: a group label over the labels below, carried over merged (empty) cells", () => {
    const values: CellValue[][] = [
      ["Produit", "2024", "", "", "2025", "", ""],
      ["", "Janv", "Févr", "Mars", "Janv", "Févr", "Mars"],
      ["Vis", 1, 2, 3, 4, 5, 6],
      ["Écrou", 1, 2, 3, 4, 5, 6],
    ];
    const [l] = detectLayouts(grid(values));
    expect(l.headerRows).toEqual([1, 2]);
    expect(l.headers).toEqual(["Produit", "2024 Janv", "2024 Févr", "2024 Mars", "2025 Janv", "2025 Févr", "2025 Mars"]);
    expect(l.wide?.periodColumns).toEqual([2, 3, 4, 5, 6, 7]);
    expect(l.messages.map((m) => m.code)).toContain("read.twoRowHeader");
  });

  it("does not join a lone title above the header", () => {
    const values: CellValue[][] = [
      ["Chiffre d'affaires par client", "", ""],
      ["Client", "CA", "Coût"],
      ["A", 1, 2],
      ["B", 3, 4],
    ];
    const [l] = detectLayouts(grid(values));
    expect(l.headerRows).toEqual([2]);
    expect(l.headers).toEqual(["Client", "CA", "Coût"]);
  });

  it("recognises periods as columns: months, quarters, years", () => {
    const quarters = detectLayouts(grid([["Région", "T1 2024", "T2 2024", "T3 2024", "Total"], ["Nord", 1, 2, 3, 6], ["Sud", 4, 5, 6, 15]]))[0];
    expect(quarters.wide).toEqual({ periodColumns: [2, 3, 4], periodLabels: ["T1 2024", "T2 2024", "T3 2024"] });
    const years = detectLayouts(grid([["Produit", 2022, 2023], ["Vis", 1, 2], ["Écrou", 3, 4]]))[0];
    expect(years.wide?.periodColumns).toEqual([2, 3]);
    const notWide = detectLayouts(grid([["Produit", "CA", "Coût", "Date"], ["Vis", 1, 2, 45000], ["Écrou", 3, 4, 45001]]))[0];
    expect(notWide.wide).toBeUndefined();
  });

  it("recognises a pivot table (French or English) as a summary", () => {
    const fr = detectLayouts(grid([["Étiquettes de lignes", "Somme de CA"], ["Nord", 10], ["Sud", 20], ["Total général", 30]]))[0];
    expect(fr.kind).toBe("summary");
    const en = detectLayouts(grid([["Sum of Sales", "Column Labels", ""], ["Row Labels", "A", "Grand Total"], ["x", 1, 1], ["Grand Total", 1, 1]], { top: 3 }))[0];
    expect(en).toMatchObject({ kind: "summary", top: 3, headerRows: [4] });
    expect(en.messages.map((m) => m.code)).toContain("read.summaryBlock");
  });

  it("keeps a detail table with a grand total row at its foot as data", () => {
    const [l] = detectLayouts(grid([["Produit", "CA"], ["Vis", 1], ["Écrou", 2], ["Total général", 3]]));
    expect(l.kind).toBe("data");
    expect(l.lastDataRow).toBe(4);
  });

  it("finds two tables one under the other, and two side by side", () => {
    const stacked: CellValue[][] = [
      ["Produit", "CA"],
      ["Vis", 1],
      ["Écrou", 2],
      ["", ""],
      ["", ""],
      ["", ""],
      ["Client", "Coût"],
      ["Dupont", 3],
    ];
    const ls = detectLayouts(grid(stacked));
    expect(ls.map((l) => [l.headerRows[0], l.lastDataRow])).toEqual([
      [1, 3],
      [7, 8],
    ]);
    const side = detectLayouts(grid([["Produit", "CA", "", "Client", "Coût"], ["Vis", 1, "", "Dupont", 3], ["Écrou", 2, "", "Martin", 4]]));
    expect(side.map((l) => [l.left, l.right, l.headers.join("|")])).toEqual([
      [1, 2, "Produit|CA"],
      [4, 5, "Client|Coût"],
    ]);
  });

  it("ends the data before footnotes, and says the block is closed", () => {
    const values: CellValue[][] = [
      ["Produit", "CA", "Coût"],
      ["Vis", 1, 1],
      ["Écrou", 2, 1],
      [" ", "", ""],
      ["(1) Source : ERP, extraction du 5 janvier 2025, montants hors taxes et hors remises de fin d'année.", "", ""],
    ];
    const [l] = detectLayouts(grid(values));
    expect(l.lastDataRow).toBe(3);
    expect(l.open).toBeUndefined();
  });

  it("splits a CSV pasted as text in one column", () => {
    const [l] = detectLayouts(grid([["Date;Produit;CA HT"], ["15/03/2024;Vis;1 234,56"], ["16/03/2024;Écrou;99,90"], ["17/03/2024;Vis;10,00"]]));
    expect(l).toMatchObject({ delimiter: ";", headers: ["Date", "Produit", "CA HT"], left: 1, right: 3 });
  });

  it("trusts an Excel table's header row", () => {
    const [l] = detectLayouts(grid([["Année", "Montant"], [2023, 10], [2024, 20]], { tableName: "Ventes", top: 4, left: 2 }));
    expect(l).toMatchObject({ tableName: "Ventes", headerRows: [4], firstDataRow: 5, lastDataRow: 6, left: 2, right: 3, headers: ["Année", "Montant"] });
  });

  it("returns [] without throwing when there is no table, and the message names the sheet", () => {
    expect(detectLayouts(grid([]))).toEqual([]);
    expect(detectLayouts(grid([["Notes de réunion"], [""], ["Rien ici."]]))).toEqual([]);
    expect(detectLayouts(grid([["a", "b"], ["c", "d"]]))).toEqual([]);
    expect(detectLayouts({ sheet: "X" } as unknown as RawGrid)).toEqual([]);
    const m = noTableMessage("Notes 2024");
    expect(formatMessage(m, "fr")).toContain("« Notes 2024 »");
    expect(formatMessage(m, "en")).toContain("“Notes 2024”");
    expect(m.location).toEqual({ sheet: "Notes 2024" });
  });

  it("says when a workbook holds only summaries", () => {
    const pivot = detectLayouts(grid([["Row Labels", "Sum of Sales"], ["A", 1], ["Grand Total", 1]], { sheet: "TCD" }));
    const msgs = workbookMessages(pivot);
    expect(msgs.map((m) => m.code)).toEqual(["read.onlySummaries"]);
    expect(formatMessage(msgs[0], "fr")).toContain("TCD");
    expect(workbookMessages([])).toHaveLength(1);
  });
});

describe("detectLayouts on malformed grids", () => {
  it("takes missing or ragged rows as empty, without throwing", () => {
    const values = [["Produit", "CA", "Coût"], undefined, ["Vis", 1], ["Écrou", 2, 3, "extra"]] as unknown as CellValue[][];
    const [l] = detectLayouts(grid(values));
    expect(l).toMatchObject({ headerRows: [1], firstDataRow: 2, lastDataRow: 4 });
    const ds = buildDataSet(grid(values), l);
    expect(Array.from(ds.rowNumbers)).toEqual([3, 4]);
    expect(ds.excluded).toEqual([{ row: 2, reason: "blank" }]);
    expect(Array.from(ds.columns[2].numbers!)).toEqual([NaN, 3]);
  });
});
