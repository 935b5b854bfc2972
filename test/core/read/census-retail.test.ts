/**
 * US Census Bureau monthly retail sales (../shared/fixtures): 30 year sheets, each with title rows, a two-row header
 * (rows 4-5), months as columns, section rows, total and subtotal rows, "(S)" suppressed values and footnotes.
 * Expectations are computed from the raw cells.
 */
import { buildDataSet, detectLayouts, unpivot } from "../../../src/core/read";
import type { CellValue, DataSet, RawGrid } from "../../../src/core/types";
import type { Layout } from "../../../src/core/read";
import { describeWithShared } from "../../support/fixtures";
import { loadWorkbook, type LoadedWorkbook } from "../../support/xlsx-grid";

const MONTH_LABEL = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.? (\d{4})(\(p\))?$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const text = (v: CellValue | undefined) => (typeof v === "string" ? v.trim() : v === null || v === undefined ? "" : String(v));

describeWithShared("census-monthly-retail-sales.xlsx", "reading the Census monthly retail sales workbook", (path) => {
  let wb: LoadedWorkbook;
  const read = new Map<string, { g: RawGrid; l: Layout; ds: DataSet }>();
  beforeAll(async () => {
    wb = await loadWorkbook(path);
    for (const g of wb.sheets) {
      const ls = detectLayouts(g);
      expect(ls.length).toBeGreaterThan(0);
      read.set(g.sheet, { g, l: ls[0], ds: buildDataSet(g, ls[0]) });
    }
  });
  const raw = (g: RawGrid, row: number, col: number) => g.values[row - g.top]?.[col - g.left];

  it("has the 30 year sheets, 1992 to 2021", () => {
    expect(wb.sheets.map((s) => s.sheet).sort()).toEqual(Array.from({ length: 30 }, (_, i) => String(1992 + i)));
  });

  it("reads every sheet with its two-row header and the months as periods", () => {
    for (const [sheet, { g, l }] of read) {
      expect(`${sheet}: ${l.headerRows.join(",")} ${l.kind}`).toBe(`${sheet}: 4,5 data`);
      // Month labels on row 5, as the sheet holds them.
      const months: number[] = [];
      for (let c = g.left; c < g.left + g.values[4].length; c++) if (MONTH_LABEL.test(text(raw(g, 5, c)))) months.push(c);
      expect(months.length).toBeGreaterThanOrEqual(9);
      expect(l.wide?.periodColumns).toEqual(months);
      expect(l.headers[0]).toBe("NAICS Code");
      expect(l.headers[1]).toBe("Kind of Business");
      expect(l.wide?.periodLabels).toEqual(months.map((c) => text(raw(g, 5, c))));
    }
  });

  it("turns the months into (period, value) rows with the right first days and values", () => {
    const { g, ds } = read.get("2020")!;
    const long = unpivot(ds);
    const periods = ds.columns.filter((c) => c.period);
    expect(periods).toHaveLength(12);
    expect(long.rowNumbers.length).toBe(ds.rowNumbers.length * 12);
    const pcol = long.columns[long.roles.period!];
    const vcol = long.columns.find((c) => c.header === "value")!;
    for (let k = 0; k < long.rowNumbers.length; k += 37) {
      const month = k % 12;
      const label = text(raw(g, 5, periods[month].sheetColumn!));
      const m = MONTH_LABEL.exec(label)!;
      expect(pcol.numbers![k]).toBe((Date.UTC(Number(m[2]), MONTHS.indexOf(m[1]), 1) - Date.UTC(1899, 11, 30)) / 86400000);
      const cell = raw(g, long.rowNumbers[k], periods[month].sheetColumn!);
      if (typeof cell === "number") expect(vcol.numbers![k]).toBe(cell);
      else expect(vcol.numbers![k]).toBeNaN();
    }
  });

  it("leaves out and lists the total and subtotal rows and the section rows", () => {
    for (const [sheet, { g, l, ds }] of read) {
      const reasonOf = new Map(ds.excluded.map((e) => [e.row, e.reason]));
      const kept = new Set(Array.from(ds.rowNumbers));
      for (let r = l.firstDataRow; r <= l.lastDataRow; r++) {
        const label = text(raw(g, r, 2));
        if (/\btotal\b/i.test(label)) {
          expect(`${sheet}!${r} ${reasonOf.get(r)}`).toMatch(new RegExp(`^${sheet}!${r} (sub)?total$`));
        }
        if (label === "NOT ADJUSTED" || label === "ADJUSTED(2)") expect(`${sheet}!${r} ${reasonOf.get(r)}`).toBe(`${sheet}!${r} section`);
        expect(kept.has(r) && reasonOf.has(r)).toBe(false);
      }
      expect(ds.messages.map((m) => m.code)).toEqual(expect.arrayContaining(["read.excludedSubtotals", "read.excludedSections"]));
      // Sections stay apart in the data.
      expect(new Set(ds.columns.find((c) => c.header === "Section")!.text)).toEqual(new Set(["NOT ADJUSTED", "ADJUSTED(2)"]));
    }
  });

  it('reports "(S)" as suppressed values, read as missing', () => {
    let sheetsWithS = 0;
    for (const [, { g, ds }] of read) {
      let expected = 0;
      const periodCols = ds.columns.filter((c) => c.sheetColumn !== undefined && c.kind === "number");
      for (let i = 0; i < ds.rowNumbers.length; i++) {
        for (const c of periodCols) {
          if (text(raw(g, ds.rowNumbers[i], c.sheetColumn!)) === "(S)") {
            expected++;
            expect(c.numbers![i]).toBeNaN();
          }
        }
      }
      const m = ds.messages.find((x) => x.code === "read.suppressed");
      if (expected === 0) expect(m).toBeUndefined();
      else {
        sheetsWithS++;
        expect(m?.params?.count).toBe(expected);
        expect(text(raw(g, m!.location!.row!, m!.location!.column!))).toBe("(S)");
      }
    }
    expect(sheetsWithS).toBeGreaterThan(0);
  });

  it("ignores the footnotes under the table", () => {
    for (const [sheet, { g, l, ds }] of read) {
      let firstNote = -1;
      for (let r = l.firstDataRow; r < g.top + g.values.length; r++) {
        if (/^(\(S\)|\(1\)|\(p\)|Note:)/.test(text(raw(g, r, 1)))) {
          firstNote = r;
          break;
        }
      }
      expect(firstNote).toBeGreaterThan(0);
      expect(`${sheet} ${l.lastDataRow < firstNote}`).toBe(`${sheet} true`);
      expect(Math.max(...ds.rowNumbers, ...ds.excluded.map((e) => e.row))).toBeLessThan(firstNote);
    }
  });

  it("reads the detail values exactly", () => {
    const { g, ds } = read.get("2021")!;
    const jan = ds.columns.find((c) => c.header === "Jan. 2021")!;
    for (let i = 0; i < ds.rowNumbers.length; i++) {
      const cell = raw(g, ds.rowNumbers[i], jan.sheetColumn!);
      if (typeof cell === "number") expect(jan.numbers![i]).toBe(cell);
    }
    // The NAICS codes are identifiers, kept as text ("4411,4412" included).
    expect(ds.columns[0]).toMatchObject({ header: "NAICS Code", kind: "text" });
  });
});
