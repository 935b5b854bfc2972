import fc from "fast-check";
import { buildDataSet, detectLayouts, unpivot } from "../../../src/core/read";
import { formatMessage } from "../../../src/core/i18n";
import type { CellValue, DataSet, RawGrid } from "../../../src/core/types";

const grid = (values: CellValue[][], more: Partial<RawGrid> = {}): RawGrid => ({ sheet: "Ventes", top: 1, left: 1, values, ...more });

function read(values: CellValue[][], more: Partial<RawGrid> = {}, options?: Parameters<typeof buildDataSet>[2]): DataSet {
  const g = grid(values, more);
  const layouts = detectLayouts(g);
  expect(layouts.length).toBeGreaterThan(0);
  return buildDataSet(g, layouts[0], options);
}
const col = (ds: DataSet, header: string) => {
  const c = ds.columns.find((x) => x.header === header);
  if (!c) throw new Error(`no column ${header}`);
  return c;
};
const roleHeader = (ds: DataSet, role: keyof DataSet["roles"]) => (ds.roles[role] === undefined ? undefined : ds.columns[ds.roles[role]!].header);

describe("rows that are not data", () => {
  const values: CellValue[][] = [
    ["Région", "Produit", "CA HT", "Coût"],
    ["NORD", "", "", ""],
    ["Nord", "Vis", 100, 60],
    ["Nord", "Écrou", 50, 20],
    ["Sous-total Nord", "", 150, 80],
    ["", "", "", ""],
    ["SUD", "", "", ""],
    ["Région", "Produit", "CA HT", "Coût"],
    ["Sud", "Vis", 70, 30],
    ["Sud", "TOTAL", 70, 30],
    ["Ensemble", "", 220, 110],
    ["Grand total", "", 220, 110],
    ["Total général", "", 220, 110],
  ];
  const ds = read(values);

  it("keeps only the detail rows, with their sheet row numbers", () => {
    expect(Array.from(ds.rowNumbers)).toEqual([3, 4, 9]);
    expect(Array.from(col(ds, "CA HT").numbers!)).toEqual([100, 50, 70]);
  });
  it("lists every row left out with its reason and text", () => {
    expect(ds.excluded).toEqual([
      { row: 2, reason: "section", text: "NORD" },
      { row: 5, reason: "subtotal", text: "Sous-total Nord" },
      { row: 6, reason: "blank" },
      { row: 7, reason: "section", text: "SUD" },
      { row: 8, reason: "header", text: "Région" },
      { row: 10, reason: "total", text: "TOTAL" },
      { row: 11, reason: "total", text: "Ensemble" },
      { row: 12, reason: "total", text: "Grand total" },
      { row: 13, reason: "total", text: "Total général" },
    ]);
    const codes = ds.messages.map((m) => m.code);
    expect(codes).toEqual(expect.arrayContaining(["read.excludedTotals", "read.excludedSubtotals", "read.excludedSections", "read.excludedBlank", "read.excludedHeaders"]));
    const totals = ds.messages.find((m) => m.code === "read.excludedTotals")!;
    expect(totals.location).toMatchObject({ sheet: "Ventes", row: 10 });
    expect(formatMessage(totals, "fr")).toContain("10, 11, 12, 13");
  });
  it("keeps section titles as a column so sections do not mix", () => {
    expect(col(ds, "Section").text).toEqual(["NORD", "NORD", "SUD"]);
    expect(col(ds, "Section").derived).toBe(true);
  });
});

describe("hierarchical codes", () => {
  it("leaves out the grouping rows of a chart of accounts (a code that starts the next one) as subtotals", () => {
    const ds = read([
      ["Compte", "Libellé", "Montant"],
      ["60", "Achats", 300],
      ["601", "Achats de matières", 200],
      ["6011", "Matières A", 120],
      ["6012", "Matières B", 80],
      ["602", "Fournitures", 100],
    ]);
    expect(Array.from(ds.rowNumbers)).toEqual([4, 5, 6]);
    expect(ds.excluded.map((e) => [e.row, e.reason])).toEqual([
      [2, "subtotal"],
      [3, "subtotal"],
    ]);
    expect(ds.columns[0].kind).toBe("text");
  });
  it("leaves product references alone, even when one starts another", () => {
    const ds = read([["Code article", "Produit", "CA"], ["A1", "Vis", 1], ["A12", "Écrou", 2], ["B7", "Clou", 3]]);
    expect(Array.from(ds.rowNumbers)).toEqual([2, 3, 4]);
  });
});

describe("column roles", () => {
  it("reads French headers with accents, case, spaces and punctuation ignored", () => {
    const ds = read([
      ["Date de facture", "CLIENT", "Réf. article", "Zone", "Canal de vente", "Qté", "P.U. H.T.", "CHIFFRE D'AFFAIRES H.T.", "coût de revient", "Marge brute", "Taux de marque"],
      [45366, "Dupont", "A1", "Nord", "Web", 2, 10, 20, 12, 8, 0.4],
      [45367, "Martin", "A2", "Sud", "Direct", 3, 10, 30, 21, 9, 0.3],
    ], { columnFormats: ["dd/mm/yyyy", "General", "General", "General", "General", "0", "0.00", "0.00", "0.00", "0.00", "0%"] });
    expect({
      date: roleHeader(ds, "date"),
      customer: roleHeader(ds, "customer"),
      product: roleHeader(ds, "product"),
      region: roleHeader(ds, "region"),
      channel: roleHeader(ds, "channel"),
      quantity: roleHeader(ds, "quantity"),
      unitPrice: roleHeader(ds, "unitPrice"),
      revenue: roleHeader(ds, "revenue"),
      cost: roleHeader(ds, "cost"),
      margin: roleHeader(ds, "margin"),
      marginRate: roleHeader(ds, "marginRate"),
    }).toEqual({
      date: "Date de facture",
      customer: "CLIENT",
      product: "Réf. article",
      region: "Zone",
      channel: "Canal de vente",
      quantity: "Qté",
      unitPrice: "P.U. H.T.",
      revenue: "CHIFFRE D'AFFAIRES H.T.",
      cost: "coût de revient",
      margin: "Marge brute",
      marginRate: "Taux de marque",
    });
    for (const c of ds.columns) if (c.role) expect(c.confidence).toBeGreaterThan(0.5);
  });

  it("reads English headers and finds competitor and market columns", () => {
    const ds = read([
      ["Market", "Brand", "Country", "Segment", "Net sales", "Cost of sales"],
      ["Fasteners", "Acme", "France", "Pro", 10, 6],
      ["Fasteners", "Bolt Co", "Spain", "DIY", 12, 7],
    ]);
    expect([roleHeader(ds, "market"), roleHeader(ds, "competitor"), roleHeader(ds, "country"), roleHeader(ds, "segment"), roleHeader(ds, "revenue"), roleHeader(ds, "cost")]).toEqual([
      "Market", "Brand", "Country", "Segment", "Net sales", "Cost of sales",
    ]);
  });

  it("guesses a date column from its values when the header says nothing", () => {
    const ds = read([["Jour J", "Produit", "CA"], ["15/03/2024", "Vis", 1], ["16/03/2024", "Écrou", 2]]);
    expect(col(ds, "Jour J").kind).toBe("date");
    expect(roleHeader(ds, "date")).toBe("Jour J");
    expect(col(ds, "Jour J").confidence).toBeLessThan(0.9);
  });

  it("derives cost = revenue − margin and margin = revenue − cost, marked derived", () => {
    const a = read([["Produit", "CA", "Marge"], ["Vis", 100, 40], ["Écrou", 80.5, -3.25]]);
    const cost = a.columns[a.roles.cost!];
    expect(cost.derived).toBe(true);
    expect(Array.from(cost.numbers!)).toEqual([100 - 40, 80.5 - -3.25]);
    expect(a.messages.map((m) => m.code)).toContain("read.derivedColumn");
    const b = read([["Produit", "Ventes", "Achats consommés"], ["Vis", 100, 70]]);
    expect(b.columns[b.roles.margin!]).toMatchObject({ derived: true, header: "Ventes − Achats consommés" });
    expect(Array.from(b.columns[b.roles.margin!].numbers!)).toEqual([30]);
  });

  it("derives revenue = quantity × unit price when there is no revenue column", () => {
    const ds = read([["Article", "Quantité", "Prix unitaire", "Coût"], ["Vis", 3, 2.5, 5], ["Écrou", 4, 1.25, 4]]);
    const rev = ds.columns[ds.roles.revenue!];
    expect(rev.derived).toBe(true);
    expect(Array.from(rev.numbers!)).toEqual([3 * 2.5, 4 * 1.25]);
    expect(Array.from(ds.columns[ds.roles.margin!].numbers!)).toEqual([3 * 2.5 - 5, 4 * 1.25 - 4]);
  });

  it("applies the user's overrides with confidence 1, including 'no role' and a text column made numeric", () => {
    const values: CellValue[][] = [
      ["Libellé", "Montant", "Montant 2", "Notes"],
      ["Vis", 100, 60, "1 000"],
      ["Écrou", 50, 20, "2 000"],
    ];
    const auto = read(values);
    expect(roleHeader(auto, "revenue")).toBe("Montant");
    const ds = read(values, {}, { overrides: { "Montant 2": "revenue", Montant: null, notes: "quantity", Absente: "cost" } });
    expect(col(ds, "Montant 2")).toMatchObject({ role: "revenue", confidence: 1, roleReason: "override" });
    expect(col(ds, "Montant").role).toBeUndefined();
    expect(col(ds, "Notes")).toMatchObject({ role: "quantity", confidence: 1, kind: "number" });
    expect(Array.from(col(ds, "Notes").numbers!)).toEqual([1000, 2000]);
    const unknown = ds.messages.find((m) => m.code === "read.overrideUnknown");
    expect(unknown?.params).toEqual({ column: "Absente" });
  });
});

describe("bad input gives located messages and the rest is read", () => {
  const ds = read(
    [
      ["Produit", "CA HT", "Date"],
      ["Vis", 100, 45366],
      ["Écrou", "à voir", "16/03/2024"],
      ["Boulon", "#N/A", 45368],
      ["Clou", 40, "plus tard"],
    ],
    { sheet: "Ventes 2024", columnFormats: ["General", "0.00", "dd/mm/yyyy"] },
  );
  it("text where a number was expected names the sheet, the cells and what was expected", () => {
    const m = ds.messages.find((x) => x.code === "read.notNumber")!;
    expect(m).toMatchObject({ severity: "warning", location: { sheet: "Ventes 2024", row: 3, column: 2, address: "B3" }, params: { column: "CA HT", count: 1, cells: "B3", example: "à voir" } });
    expect(formatMessage(m, "fr")).toBe("'Ventes 2024'!B3 — Colonne « CA HT » : 1 cellule(s) ne sont pas des nombres (B3, par exemple « à voir ») ; un nombre était attendu. Elles sont lues comme vides.");
    expect(formatMessage(m, "en")).toContain("a number was expected");
    expect(ds.messages.find((x) => x.code === "read.errorCells")?.location?.address).toBe("B4");
  });
  it("a date column half serials, half text is read, the unreadable date reported", () => {
    expect(Array.from(col(ds, "Date").numbers!)).toEqual([45366, 45367, 45368, NaN]);
    expect(ds.messages.find((x) => x.code === "read.notDate")?.location?.address).toBe("C5");
    expect(ds.messages.find((x) => x.code === "read.dateMixed")?.params).toMatchObject({ serials: 2, texts: 1 });
    expect(Array.from(col(ds, "CA HT").numbers!)).toEqual([100, NaN, NaN, 40]);
  });
  it("a revenue column holding only text is reported, not used, and the rest is read", () => {
    const t = read([["Produit", "CA HT", "Coût"], ["Vis", "à voir", 60], ["Écrou", "en attente", 20]], { sheet: "Devis" });
    expect(t.roles.revenue).toBeUndefined();
    const m = t.messages.find((x) => x.code === "read.textNotNumbers")!;
    expect(m).toMatchObject({ severity: "warning", location: { sheet: "Devis", address: "B2", row: 2, column: 2 }, params: { column: "CA HT", count: 2, cells: "B2, B3" } });
    expect(formatMessage(m, "en")).toContain("a number was expected");
    expect(Array.from(t.columns[t.roles.cost!].numbers!)).toEqual([60, 20]);
  });
  it("a summary block is read but said to be a summary", () => {
    const s = read([["Row Labels", "Sum of Sales"], ["A", 1], ["Grand Total", 1]]);
    expect(s.kind).toBe("summary");
    expect(s.messages.map((m) => m.code)).toContain("read.summaryNotData");
  });
});

describe("wide to long", () => {
  const values: CellValue[][] = [
    ["Code", "Activité", "Jan. 2021", "Feb. 2021", "Mar. 2021(p)", "TOTAL"],
    ["441", "Autos", 10, 11, "(S)", 21],
    ["445", "Alimentation", 20, 21, 22, 63],
  ];
  const ds = read(values);
  const long = unpivot(ds);
  it("gives one row per (row, period) with the dimensions kept and the period as a date", () => {
    expect(long.rowNumbers.length).toBe(6);
    expect(Array.from(long.rowNumbers)).toEqual([2, 2, 2, 3, 3, 3]);
    expect(long.columns.find((c) => c.header === "Activité")!.text).toEqual(["Autos", "Autos", "Autos", "Alimentation", "Alimentation", "Alimentation"]);
    const period = long.columns[long.roles.period!];
    expect(period.kind).toBe("date");
    const jan = (Date.UTC(2021, 0, 1) - Date.UTC(1899, 11, 30)) / 86400000;
    const feb = (Date.UTC(2021, 1, 1) - Date.UTC(1899, 11, 30)) / 86400000;
    const mar = (Date.UTC(2021, 2, 1) - Date.UTC(1899, 11, 30)) / 86400000;
    expect(Array.from(period.numbers!)).toEqual([jan, feb, mar, jan, feb, mar]);
    expect(Array.from(long.columns.find((c) => c.header === "value")!.numbers!)).toEqual([10, 11, NaN, 20, 21, 22]);
  });
  it("leaves the TOTAL column out and says so; a table without periods is returned with a message", () => {
    expect(long.columns.map((c) => c.header)).not.toContain("TOTAL");
    expect(long.messages.find((m) => m.code === "read.unpivotDropped")?.params).toEqual({ columns: "TOTAL" });
    const flat = unpivot(read([["Produit", "CA"], ["Vis", 1]]));
    expect(flat.messages.map((m) => m.code)).toContain("read.notWide");
  });
});

const cellArb: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1000, max: 60000 }) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 3, arbitrary: fc.constantFrom("", "", "Total", "Sous-total Nord", "Nord", "Vis", "CA HT", "Coût", "Date", "(S)", "#N/A", "1 234,56 €", "déc. 2024", "T1 2024", "15/03/2024", "n/a", "Note : voir plus bas", "Grand Total", "Row Labels") },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.boolean() },
);

describe("any grid (property)", () => {
  it("never throws, and every row of each block is either kept or listed as left out", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cellArb, { minLength: 1, maxLength: 7 }), { maxLength: 25 }), fc.integer({ min: 1, max: 50 }), (values, top) => {
        const g = grid(values, { top });
        const layouts = detectLayouts(g);
        for (const l of layouts) {
          const ds = buildDataSet(g, l);
          const kept = new Set(Array.from(ds.rowNumbers));
          const left = new Set(ds.excluded.map((e) => e.row));
          for (const r of kept) expect(left.has(r)).toBe(false);
          const last = Math.max(...kept, ...left, l.firstDataRow - 1);
          for (let r = l.firstDataRow; r <= last; r++) expect(kept.has(r) || left.has(r)).toBe(true);
          for (const c of ds.columns) expect((c.numbers ?? c.text)!.length).toBe(ds.rowNumbers.length);
          for (const m of ds.messages) expect(m.location?.sheet).toBe("Ventes");
        }
      }),
      { numRuns: 300 },
    );
  });
});
