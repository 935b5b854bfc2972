/**
 * The project's generated fixtures (scripts/make-fixtures.ts): each workbook has a .truth.json written by the
 * generator with what it put in; the reader must find exactly that.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { buildDataSet, detectLayouts, noTableMessage, unpivot } from "../../../src/core/read";
import { formatMessage } from "../../../src/core/i18n";
import type { DataSet, RawGrid } from "../../../src/core/types";
import { OWN_FIXTURES } from "../../support/fixtures";
import { loadWorkbook, type LoadedWorkbook } from "../../support/xlsx-grid";

/* eslint-disable @typescript-eslint/no-explicit-any */
const truth = JSON.parse(readFileSync(join(OWN_FIXTURES, "fr-ventes.truth.json"), "utf8"));
const truth1904 = JSON.parse(readFileSync(join(OWN_FIXTURES, "fr-1904.truth.json"), "utf8"));

let wb: LoadedWorkbook;
const sheet = (name: string): RawGrid => wb.sheets.find((s) => s.sheet === name)!;
function readSheet(name: string): DataSet {
  const g = sheet(name);
  const ls = detectLayouts(g);
  expect(ls).toHaveLength(1);
  return buildDataSet(g, ls[0]);
}
const byRole = (ds: DataSet, role: keyof DataSet["roles"]) => ds.columns[ds.roles[role]!];

beforeAll(async () => {
  wb = await loadWorkbook(join(OWN_FIXTURES, "fr-ventes.xlsx"));
});

describe("Ventes 2024: French export with title rows, header on row 6, amounts as text, subtotals", () => {
  const t = truth["Ventes 2024"];
  it("finds the header on row 6 and reads exactly the detail rows", () => {
    const [l] = detectLayouts(sheet("Ventes 2024"));
    expect(l.headerRows).toEqual([6]);
    expect(l.headers).toEqual(t.headers);
    expect(l.kind).toBe("data");
    const ds = readSheet("Ventes 2024");
    expect(Array.from(ds.rowNumbers)).toEqual(t.details.map((d: any) => d.row));
  });
  it('reads "1 234,56 €" amounts and the dates, and maps the French headers', () => {
    const ds = readSheet("Ventes 2024");
    expect(byRole(ds, "revenue").header).toBe("CA HT");
    expect(byRole(ds, "cost").header).toBe("Coût de revient");
    expect(byRole(ds, "quantity").header).toBe("Qté");
    expect(byRole(ds, "unitPrice").header).toBe("Prix unitaire HT");
    expect(byRole(ds, "region").header).toBe("Région");
    expect(byRole(ds, "segment").header).toBe("Segment");
    expect(byRole(ds, "channel").header).toBe("Canal");
    expect(Array.from(byRole(ds, "revenue").numbers!)).toEqual(t.details.map((d: any) => d.revenue));
    expect(Array.from(byRole(ds, "cost").numbers!)).toEqual(t.details.map((d: any) => d.cost));
    expect(Array.from(byRole(ds, "unitPrice").numbers!)).toEqual(t.details.map((d: any) => d.price));
    expect(Array.from(byRole(ds, "date").numbers!)).toEqual(t.details.map((d: any) => d.date));
    expect(byRole(ds, "margin").derived).toBe(true);
  });
  it("leaves out the subtotal, total and blank rows and lists them; the note under the table is ignored", () => {
    const ds = readSheet("Ventes 2024");
    const listed = ds.excluded.map((e) => [e.row, e.reason]);
    for (const x of t.totals) expect(listed).toContainEqual([x.row, x.reason]);
    expect(listed).toContainEqual([t.blankRow, "blank"]);
    expect(ds.excluded.some((e) => e.row === t.noteRow)).toBe(false);
    expect(ds.excluded).toHaveLength(t.totals.length + 1);
  });
});

describe("Dates mêlées: serials, dd/mm/yyyy, ISO, month names FR/EN, quarters T/Q, years as text", () => {
  const t = truth["Dates mêlées"];
  it("reads every form to the generator's serials", () => {
    const ds = readSheet("Dates mêlées");
    const c = (h: string) => ds.columns.find((x) => x.header === h)!;
    expect(Array.from(c("Date").numbers!)).toEqual(t.rows.map((r: any) => r.date));
    expect(Array.from(c("Mois").numbers!)).toEqual(t.rows.map((r: any) => r.month));
    expect(Array.from(c("Trimestre").numbers!)).toEqual(t.rows.map((r: any) => r.quarter));
    expect(Array.from(c("Année").numbers!)).toEqual(t.rows.map((r: any) => r.year));
    expect([c("Date").dateGranularity, c("Mois").dateGranularity, c("Trimestre").dateGranularity, c("Année").dateGranularity]).toEqual(["day", "month", "quarter", "year"]);
    expect(ds.messages.find((m) => m.code === "read.dateMixed")?.params).toMatchObject({ serials: t.rows.filter((r: any) => r.dateForm === "serial").length });
  });
});

describe("Tableau mensuel: merged two-row header, months of two years as columns", () => {
  const t = truth["Tableau mensuel"];
  it("joins the merged year over each month and unpivots to (product, period, value)", () => {
    const [l] = detectLayouts(sheet("Tableau mensuel"));
    expect(l.headerRows).toEqual(t.headerRows);
    expect(l.headers[1]).toBe(t.joinedFirst);
    expect(wb.merges["Tableau mensuel"]).toEqual(expect.arrayContaining(["B1:D1", "E1:G1"]));
    const ds = buildDataSet(sheet("Tableau mensuel"), l);
    expect(ds.excluded).toEqual([{ row: t.totalRow, reason: "total", text: "Total" }]);
    const long = unpivot(ds);
    expect(long.columns[long.roles.product!].text).toEqual(t.products.flatMap((p: string) => Array(6).fill(p)));
    expect(Array.from(long.columns[long.roles.period!].numbers!)).toEqual(t.products.flatMap(() => t.periods));
    expect(Array.from(long.columns.find((c) => c.header === "value")!.numbers!)).toEqual(t.values.flat());
  });
});

describe("CSV pasted as text, in one column or split", () => {
  const t = truth["CSV"];
  for (const name of ["CSV collé", "CSV découpé"]) {
    it(`${name}: reads the export like a table`, () => {
      const ds = readSheet(name);
      expect(Array.from(byRole(ds, "date").numbers!)).toEqual(t.rows.map((r: any) => r.date));
      expect(byRole(ds, "customer").text).toEqual(t.rows.map((r: any) => r.customer));
      expect(Array.from(byRole(ds, "quantity").numbers!)).toEqual(t.rows.map((r: any) => r.qty));
      expect(Array.from(byRole(ds, "revenue").numbers!)).toEqual(t.rows.map((r: any) => r.revenue));
      expect(Array.from(byRole(ds, "cost").numbers!)).toEqual(t.rows.map((r: any) => r.cost));
    });
  }
  it("the .csv file pasted line by line into column A", () => {
    const lines = readFileSync(join(OWN_FIXTURES, "export-erp.csv"), "utf8").split(/\r?\n/).filter((x) => x !== "");
    const g: RawGrid = { sheet: "Collage", top: 1, left: 1, values: lines.map((l) => [l]) };
    const [l] = detectLayouts(g);
    expect(l.delimiter).toBe(";");
    const ds = buildDataSet(g, l);
    expect(Array.from(byRole(ds, "revenue").numbers!)).toEqual(t.rows.map((r: any) => r.revenue));
  });
});

describe("sheets that are not data", () => {
  it("a sheet of notes has no table and the message says so in French and English", () => {
    expect(detectLayouts(sheet("Sans tableau"))).toEqual([]);
    expect(formatMessage(noTableMessage("Sans tableau"), "fr")).toMatch(/Aucun tableau reconnu sur la feuille « Sans tableau »/);
    expect(formatMessage(noTableMessage("Sans tableau"), "en")).toMatch(/No table recognised on sheet “Sans tableau”/);
  });
  it("a French pivot table is a summary and its Total général is left out", () => {
    const [l] = detectLayouts(sheet("TCD"));
    expect(l).toMatchObject({ kind: "summary", headerRows: [truth["TCD"].headerRow] });
    const ds = buildDataSet(sheet("TCD"), l);
    expect(ds.excluded).toEqual([{ row: truth["TCD"].totalRow, reason: "total", text: "Total général" }]);
  });
});

describe("Anomalies: text in a number column, an error, a bad date", () => {
  it("reports each bad cell where it is, in the user's language, and reads the rest", () => {
    const ds = readSheet("Anomalies");
    const bad: { cell: string; kind: string }[] = truth["Anomalies"].bad;
    const notNumber = ds.messages.find((m) => m.code === "read.notNumber")!;
    expect(String(notNumber.params!.cells).split(", ")).toEqual(bad.filter((b) => b.kind === "text").map((b) => b.cell));
    expect(ds.messages.find((m) => m.code === "read.errorCells")!.location!.address).toBe(bad.find((b) => b.kind === "error")!.cell);
    expect(ds.messages.find((m) => m.code === "read.notDate")!.location!.address).toBe(bad.find((b) => b.kind === "date")!.cell);
    expect(formatMessage(notNumber, "fr")).toContain("Anomalies!C5");
    const rev = byRole(ds, "revenue").numbers!;
    expect(Array.from(rev).filter((x) => Number.isFinite(x))).toHaveLength(20 - 4);
  });
});

describe("Séparateurs: an ambiguous '1,234' decided from the column, else from the French headers", () => {
  it("reads both columns and reports the decision", () => {
    const ds = readSheet("Séparateurs");
    const t = truth["Séparateurs"];
    expect(Array.from(ds.columns.find((c) => c.header === "Montant")!.numbers!)).toEqual(t.montant);
    expect(Array.from(ds.columns.find((c) => c.header === "Poids")!.numbers!)).toEqual(t.poidsIfComma);
    expect(ds.messages.find((m) => m.code === "read.decimalFromColumn")?.params).toMatchObject({ column: "Montant", decimal: "," });
    expect(ds.messages.find((m) => m.code === "read.decimalFromHeaders")?.params).toMatchObject({ column: "Poids", decimal: "," });
  });
  it("the workbook's locale wins over the headers", () => {
    const g = { ...sheet("Séparateurs"), decimalSeparator: "." as const };
    const ds = buildDataSet(g, detectLayouts(g)[0]);
    expect(Array.from(ds.columns.find((c) => c.header === "Poids")!.numbers!)).toEqual(truth["Séparateurs"].poidsIfDot);
    expect(ds.messages.find((m) => m.code === "read.decimalFromLocale")?.params).toMatchObject({ column: "Poids", decimal: "." });
  });
});

describe("1904 date system", () => {
  it("converts the workbook's 1904 serials to 1900 serials", async () => {
    const w = await loadWorkbook(join(OWN_FIXTURES, "fr-1904.xlsx"));
    expect(w.date1904).toBe(true);
    const g = w.sheets[0];
    const rows = truth1904.Factures.rows;
    expect(g.values.slice(1).map((r) => r[0])).toEqual(rows.map((r: any) => r.serial1904));
    const ds = buildDataSet(g, detectLayouts(g)[0]);
    expect(Array.from(byRole(ds, "date").numbers!)).toEqual(rows.map((r: any) => r.serial1900));
    expect(Array.from(byRole(ds, "revenue").numbers!)).toEqual(rows.map((r: any) => r.revenue));
    expect(byRole(ds, "cost").derived).toBe(true);
  });
});
