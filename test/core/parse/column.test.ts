import fc from "fast-check";
import { decideColumn, newStats, parseNumericColumn, parseTextColumn, type ColumnContext } from "../../../src/core/parse/column";
import { parseNumberCell } from "../../../src/core/parse/number";
import type { CellValue } from "../../../src/core/types";

const ctx = (header: string, more: Partial<ColumnContext> = {}): ColumnContext => ({ header, ...more });

/** Parses a column of cells (one per row) with the decision taken on the same cells. */
function readColumn(cells: CellValue[], c: ColumnContext, date1904 = false) {
  const d = decideColumn(cells, c);
  const rows = cells.map((v) => [v]);
  const idx = Int32Array.from(cells.map((_, i) => i));
  const stats = newStats();
  if (d.kind === "text") {
    const out: (string | null)[] = new Array(cells.length);
    parseTextColumn(rows, idx, 0, out, stats);
    return { d, stats, text: out, numbers: undefined };
  }
  const out = new Float64Array(cells.length);
  parseNumericColumn(rows, idx, 0, d, date1904, out, stats);
  return { d, stats, numbers: out, text: undefined };
}

describe("deciding a column's kind", () => {
  it("numbers, numbers as French text, dates as serials under a date format, text", () => {
    expect(decideColumn([1, 2.5, 3], ctx("Qté")).kind).toBe("number");
    expect(decideColumn(["1 234,56 €", "12,00 €", "-", "3 000,10 €"], ctx("CA HT")).kind).toBe("number");
    expect(decideColumn([45366, 45367], ctx("Créé le", { format: "dd/mm/yyyy" })).kind).toBe("date");
    expect(decideColumn([45366, 45367], ctx("Valeur")).kind).toBe("number");
    expect(decideColumn(["Nord", "Sud", 3], ctx("Région")).kind).toBe("text");
  });
  it("a column half serials, half text is a date column", () => {
    const r = readColumn([45366, "16/03/2024", 45368, "2024-03-19", "déc. 2024"], ctx("Date"));
    expect(r.d.kind).toBe("date");
    expect(Array.from(r.numbers!)).toEqual([45366, 45367, 45368, 45370, 45627]);
    expect(r.stats.fromSerial).toBe(2);
    expect(r.stats.fromText).toBe(3);
  });
  it("years stored as text under a Year header are years, not numbers", () => {
    const r = readColumn(["2014", "2013", "2014"], ctx("Year", { yearHeader: true, dateHeader: true }));
    expect(r.d.kind).toBe("date");
    expect(r.d.years).toBe(true);
    expect(Array.from(r.numbers!)).toEqual([41640, 41275, 41640]);
  });
  it("decides d/m order from the column: month-first only when a value proves it", () => {
    expect(decideColumn(["03/04/2024", "05/06/2024"], ctx("Date")).order).toBe("dmy");
    const us = decideColumn(["03/04/2024", "12/31/2024"], ctx("Date"));
    expect(us.order).toBe("mdy");
    expect(us.orderProven).toBe(true);
    const fr = readColumn(["03/04/2024", "31/12/2024"], ctx("Date"));
    expect(fr.d.order).toBe("dmy");
    expect(Array.from(fr.numbers!)).toEqual([45385, 45657]);
  });
  it("decides an ambiguous separator from the rest of the column, then the locale, then the headers", () => {
    const fromColumn = decideColumn(["1,234", "12,5", "3,75"], ctx("Montant"));
    expect(fromColumn).toMatchObject({ decimal: ",", decimalBasis: "column", ambiguousExample: "1,234" });
    const dotColumn = decideColumn(["1,234", "1,234.5"], ctx("Amount"));
    expect(dotColumn).toMatchObject({ decimal: ".", decimalBasis: "column" });
    expect(decideColumn(["1,234", "5,678"], ctx("Poids", { localeDecimal: "," }))).toMatchObject({ decimal: ",", decimalBasis: "locale" });
    expect(decideColumn(["1,234", "5,678"], ctx("Poids", { frenchHeaders: true }))).toMatchObject({ decimal: ",", decimalBasis: "headers" });
    expect(decideColumn(["1,234", "5,678"], ctx("Weight"))).toMatchObject({ decimal: ".", decimalBasis: "default" });
    const r = readColumn(["1,234", "12,5"], ctx("Montant"));
    expect(Array.from(r.numbers!)).toEqual([1.234, 12.5]);
    expect(r.stats.ambiguous).toBe(1);
  });
  it("counts text where numbers were expected, errors and suppressed values, with their positions", () => {
    const r = readColumn([10, "à confirmer", "#N/A", "(S)", 20, "", 30], ctx("CA"));
    expect(r.d.kind).toBe("number");
    expect(r.stats).toMatchObject({ values: 3, unreadable: 1, errors: 1, suppressed: 1, missing: 1, empty: 1 });
    expect(r.stats.unreadableAt).toEqual([1]);
    expect(r.stats.errorAt).toEqual([2]);
    expect(r.stats.suppressedAt).toEqual([3]);
    expect(r.stats.firstUnreadable).toBe("à confirmer");
  });
  it("applies the 1904 date system to serials", () => {
    const r = readColumn([43844], ctx("Date", { format: "dd/mm/yyyy" }), true);
    expect(r.numbers![0]).toBe(43844 + 1462);
  });
});

/** Any cell Range.values can hold, and the odd texts workbooks really contain. */
const cellArb: fc.Arbitrary<CellValue> = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer({ min: -1e6, max: 3e6 }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", " ", "\u00a0", "#N/A", "#DIV/0!", "(S)", "-", "n/a", "1 234,56 €", "(1 234)", "12,5 %", "1,234", "déc. 2024", "T1 2024", "2014", "15/03/2024", "31/02/2024", "Total", "$1,234.50"),
  fc.boolean(),
  fc.constant(null),
);

describe("any mix of cells (property)", () => {
  it("mostly numbers with odd cells among them: each cell is a value or a counted problem", () => {
    const numberish = fc.oneof({ weight: 6, arbitrary: fc.double() }, { weight: 1, arbitrary: cellArb });
    fc.assert(
      fc.property(fc.array(numberish, { minLength: 1, maxLength: 40 }), (cells) => {
        const r = readColumn(cells, ctx("CA HT"));
        if (r.d.kind === "text") return;
        const s = r.stats;
        expect(s.values + s.empty + s.missing + s.errors + s.unreadable).toBe(cells.length);
        expect(Array.from(r.numbers!).filter((x) => Number.isFinite(x)).length).toBe(s.values);
        cells.forEach((v, i) => {
          if (typeof v === "number" && Number.isFinite(v) && r.d.kind === "number") expect(r.numbers![i]).toBe(v);
        });
      }),
      { numRuns: 300 },
    );
  });
  it("is parsed without throwing and every cell is classified exactly once", () => {
    fc.assert(
      fc.property(fc.array(cellArb, { maxLength: 60 }), fc.constantFrom("CA", "Date", "Année", "Produit", "x"), fc.boolean(), (cells, header, date1904) => {
        const c = ctx(header, { dateHeader: header === "Date" || header === "Année", yearHeader: header === "Année", date1904 });
        const r = readColumn(cells, c, date1904);
        const s = r.stats;
        if (r.d.kind === "text") {
          expect(s.values + s.empty + s.errors).toBe(cells.length);
        } else {
          expect(s.values + s.empty + s.missing + s.errors + s.unreadable).toBe(cells.length);
          // A value is a finite number exactly when the cell was counted as a value.
          const finite = Array.from(r.numbers!).filter((x) => Number.isFinite(x)).length;
          expect(finite).toBe(s.values);
        }
        for (const v of cells) expect(["number", "empty", "missing", "error", "text"]).toContain(parseNumberCell(v).kind);
      }),
      { numRuns: 400 },
    );
  });
});
