/**
 * A project-made workbook for the writing tests (runs without ../shared): a French sales table with the traps OPS
 * must survive, built on the simulated host's model, and the DataSet the reader would make of it (built here by hand,
 * from the same seed rows, so that these tests do not depend on the reader's heuristics).
 *
 *   "Ventes": A1 title, A3:G<n> Excel table "Ventes2024" (Segment, Produit, Client, Date, CA HT, Coût, Note), a total
 *             formula in I1, a user's own conditional format on the CA HT column, number formats on dates and amounts.
 *   "OPS Compliance": the user's own sheet that happens to have OPS's name (notes, a formula).
 *   "Paramètres": a few values and a defined name OPS_Floor of the user's own (a name collision for the highlight).
 */
import { SimConditionalFormat, SimName, SimWorkbook, parseBounds } from "../../../src/sim";
import type { CellValue, Column, DataSet } from "../../../src/core/types";
import { ExcelErr, type EvalContext } from "./formula-eval";

export interface SampleRow {
  segment: string;
  product: string;
  customer: string;
  date: number;
  revenue: number;
  cost: number;
  note: string;
}

/** Customer names that Excel would read as formulas or numbers if written raw. */
export const TRAP_TEXTS = ['=HYPERLINK("http://example.com","clic")', "+33 1 23 45 67 89", "-promo", "@user", "00123"];

export const SALES_SHEET = "Ventes";
export const SALES_TABLE = "Ventes2024";
export const HEADER_ROW = 3;

/** `n` rows (60 by default) over 2024: breaches below 10 %, Enterprise at -3 %, one zero revenue, one exactly at the floor. */
export function sampleRows(n = 60): SampleRow[] {
  const segments = ["Grands comptes", "PME", "Administration", "Enterprise"];
  const products = ["Câble A", "Boîtier B", "Module C", "Capteur D", "Kit É"];
  const rows: SampleRow[] = [];
  for (let i = 0; i < n; i++) {
    const segment = segments[i % segments.length];
    const product = products[(i * 7) % products.length];
    const customer = i < TRAP_TEXTS.length ? TRAP_TEXTS[i] : `Client ${100 + i}`;
    const date = 45292 + ((i * 6) % 366); // 2024, every 6 days
    const revenue = 1000 + ((i * 137) % 900) * 10;
    // Rates cycle through 2 %..35 %; Enterprise rows get -3 %.
    const rate = segment === "Enterprise" ? -0.03 : 0.02 + ((i * 11) % 34) / 100;
    const cost = Math.round(revenue * (1 - rate) * 100) / 100;
    rows.push({ segment, product, customer, date, revenue, cost, note: i % 9 === 0 ? "promo" : "" });
  }
  rows[10].revenue = 0; // a data issue, never a breach
  rows[10].cost = 120;
  rows[11].revenue = 4456; // exactly 10 % on paper, 0.09999999999999998 in binary: at the floor, not below
  rows[11].cost = 4010.4;
  return rows;
}

export const HEADERS = ["Segment", "Produit", "Client", "Date", "CA HT", "Coût", "Note"];
export const AMOUNT_FORMAT = '#,##0.00\\ "€"';

export function buildSampleWorkbook(rows: SampleRow[] = sampleRows()): SimWorkbook {
  const wb = new SimWorkbook();
  wb.addSheet(SALES_SHEET);
  wb.setValues(SALES_SHEET, "A1", [["Ventes 2024 — export ERP"]]);
  wb.setValues(SALES_SHEET, `A${HEADER_ROW}`, [HEADERS]);
  // Seed as a user would have them: customer names typed with an apostrophe stay text.
  wb.setValues(
    SALES_SHEET,
    `A${HEADER_ROW + 1}`,
    rows.map((r) => [r.segment, r.product, `'${r.customer}`, r.date, r.revenue, r.cost, r.note]),
  );
  const last = HEADER_ROW + rows.length;
  wb.addTable(SALES_SHEET, `A${HEADER_ROW}:G${last}`, SALES_TABLE);
  const sheet = wb.sheetOrThrow(SALES_SHEET);
  for (let r = HEADER_ROW; r < last; r++) {
    sheet.extraFor(r, 3).numFmt = "dd/mm/yyyy";
    sheet.extraFor(r, 4).numFmt = AMOUNT_FORMAT;
    sheet.extraFor(r, 5).numFmt = AMOUNT_FORMAT;
  }
  wb.setValues(SALES_SHEET, "I1", [[`=SUM(E${HEADER_ROW + 1}:E${last})`]]);
  // The user's own conditional format: big sales in bold.
  const cf = new SimConditionalFormat(wb.nextId("CF"), sheet, [parseBounds(`E${HEADER_ROW + 1}:E${last}`)!]);
  cf.formula = `=$E${HEADER_ROW + 1}>9000`;
  cf.bold = true;
  sheet.conditionalFormats.push(cf);

  wb.addSheet("OPS Compliance");
  wb.setValues("OPS Compliance", "A1", [["Mes notes de conformité (feuille de l'utilisateur)"], [42], ["=A2*2"]]);

  wb.addSheet("Paramètres");
  wb.setValues("Paramètres", "A1", [["Seuil maison", 0.08]]);
  wb.names.push(new SimName("OPS_Floor", "=Paramètres!$B$1"));
  return wb;
}

/** The DataSet the reader makes of "Ventes2024" (roles, typed columns), built from the seed rows. */
export function sampleDataSet(rows: SampleRow[] = sampleRows()): DataSet {
  const n = rows.length;
  const text = (f: (r: SampleRow) => string): (string | null)[] => rows.map((r) => (f(r) === "" ? null : f(r)));
  const nums = (f: (r: SampleRow) => number) => Float64Array.from(rows.map(f));
  const columns: Column[] = [
    { index: 0, header: "Segment", sheetColumn: 1, kind: "text", text: text((r) => r.segment), role: "segment", confidence: 1 },
    { index: 1, header: "Produit", sheetColumn: 2, kind: "text", text: text((r) => r.product), role: "product", confidence: 1 },
    { index: 2, header: "Client", sheetColumn: 3, kind: "text", text: text((r) => r.customer), role: "customer", confidence: 1 },
    { index: 3, header: "Date", sheetColumn: 4, kind: "date", numbers: nums((r) => r.date), role: "date", confidence: 1 },
    { index: 4, header: "CA HT", sheetColumn: 5, kind: "number", numbers: nums((r) => r.revenue), role: "revenue", confidence: 1, numberFormat: AMOUNT_FORMAT },
    { index: 5, header: "Coût", sheetColumn: 6, kind: "number", numbers: nums((r) => r.cost), role: "cost", confidence: 1, numberFormat: AMOUNT_FORMAT },
    { index: 6, header: "Note", sheetColumn: 7, kind: "text", text: text((r) => r.note) },
  ];
  return {
    id: `table:${SALES_TABLE}`,
    sheet: SALES_SHEET,
    tableName: SALES_TABLE,
    address: `A${HEADER_ROW}:G${HEADER_ROW + n}`,
    headerRows: [HEADER_ROW],
    rowNumbers: Int32Array.from(rows.map((_, i) => HEADER_ROW + 1 + i)),
    columns,
    roles: { segment: 0, product: 1, customer: 2, date: 3, revenue: 4, cost: 5 },
    excluded: [],
    messages: [],
    kind: "data",
  };
}

export interface CellState {
  value: CellValue;
  formula?: string;
  numFmt: string;
}

/**
 * Every cell (value, formula, number format) of every sheet, keyed "Sheet!R,C", plus each sheet's conditional formats
 * and charts (name, type, title, anchor, each series' name and ranges).
 */
export function cellStates(wb: SimWorkbook, sheetNames?: string[]): { cells: Map<string, CellState>; formats: Map<string, string[]>; charts: Map<string, string[]> } {
  const cells = new Map<string, CellState>();
  const formats = new Map<string, string[]>();
  const charts = new Map<string, string[]>();
  const ref = (x?: { sheet: { name: string }; bounds: { r0: number; c0: number; r1: number; c1: number } }) => (x ? `${x.sheet.name}!${x.bounds.r0},${x.bounds.c0}:${x.bounds.r1},${x.bounds.c1}` : "");
  for (const s of wb.sheets) {
    if (sheetNames && !sheetNames.includes(s.name)) continue;
    const b = s.usedBounds(false);
    if (b) {
      const values = s.readValues(b);
      for (let r = b.r0; r <= b.r1; r++) {
        for (let c = b.c0; c <= b.c1; c++) {
          const st: CellState = { value: values[r - b.r0][c - b.c0], numFmt: s.numFmt(r, c) };
          const f = s.formula(r, c);
          if (f !== undefined) st.formula = f;
          cells.set(`${s.name}!${r},${c}`, st);
        }
      }
    }
    formats.set(
      s.name,
      s.conditionalFormats.map((cf) => `${cf.type}|${cf.formula}|${cf.ranges.map((x) => `${x.r0},${x.c0}:${x.r1},${x.c1}`).join(";")}|${cf.bold}|${cf.fill}`),
    );
    charts.set(
      s.name,
      s.charts.map((ch) => `${ch.name}|${ch.chartType}|${ch.title}|${ch.anchor.from.r},${ch.anchor.from.c}:${ch.anchor.to.r},${ch.anchor.to.c}|${ch.series.map((x) => `${x.name}=${ref(x.values)}/${ref(x.xValues)}`).join(";")}`),
    );
  }
  return { cells, formats, charts };
}

/** The test evaluator's view of a simulated workbook: cells as `Range.values` gives them (errors as errors), names resolved. */
export function simEvalContext(wb: SimWorkbook, sheetName: string): EvalContext {
  const sheet = wb.sheetOrThrow(sheetName);
  return {
    cell: (name, row, col) => {
      const s = name ? wb.sheetOrThrow(name) : sheet;
      const v = s.readValues({ r0: row - 1, c0: col - 1, r1: row - 1, c1: col - 1 })[0][0];
      if (typeof v === "string" && /^#/.test(v)) return new ExcelErr(v);
      return v === "" ? null : v;
    },
    name: (n) => {
      const r = wb.resolveReference(n);
      return r ? { sheet: r.sheet.name, top: r.bounds.r0 + 1, left: r.bounds.c0 + 1, bottom: r.bounds.r1 + 1, right: r.bounds.c1 + 1 } : undefined;
    },
  };
}
