/**
 * The in-memory workbook behind the simulated Excel host: sheets stored column by column (one dense JS array per
 * column, so a 1,048,576-row sheet of numbers is a packed double array), per-cell extras (formula, number format,
 * style, hyperlink) in a sparse map, Excel tables, defined names, settings, conditional formats, frozen panes.
 *
 * Tests and the browser preview may use this model directly (seeding data, checking what the add-in wrote); the
 * add-in itself only ever sees it through the Excel API proxies of ./proxies.ts.
 */
import { MAX_COLS, MAX_ROWS, boundsAddress, cellAddress, intersects, parseBounds, qualifiedAddress, splitSheet, type Bounds } from "./address";
import { SimErrorValue, type Stored } from "./cells";
import { simError } from "./errors";
import { evaluateFormula } from "./formula";
import { interpretInput, readValue } from "./values";
import type { SimChart } from "./chart-model";

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: string;
  strikethrough?: boolean;
  fontColor?: string;
  fontSize?: number;
  fontName?: string;
  fill?: string;
  wrap?: boolean;
  hAlign?: string;
  vAlign?: string;
  indent?: number;
  borders?: Record<string, { style?: string; color?: string; weight?: string }>;
}

export interface SimHyperlink {
  address?: string;
  documentReference?: string;
  screenTip?: string;
  textToDisplay?: string;
}

export interface CellExtra {
  /** Formula text with the leading "=". The value array holds its cached result. */
  formula?: string;
  numFmt?: string;
  style?: CellStyle;
  hyperlink?: SimHyperlink;
  /** The cell was typed with a leading apostrophe (text kept as text). */
  quotePrefix?: boolean;
}

export type Visibility = "Visible" | "Hidden" | "VeryHidden";

/** Header / footer texts of a sheet's pages (Excel's codes kept as given: &A sheet, &D date, &P page, &N pages). */
export interface SimHeadersFooters {
  leftHeader?: string;
  centerHeader?: string;
  rightHeader?: string;
  leftFooter?: string;
  centerFooter?: string;
  rightFooter?: string;
}

/** A sheet's page setup (worksheet.pageLayout, ExcelApi 1.9): only what OPS sets; saved as pageSetup, printOptions, headerFooter and _xlnm.Print_Area. */
export interface SimPageLayout {
  orientation?: "Portrait" | "Landscape";
  /** Excel.PaperType ("A4", "Letter"...). */
  paperSize?: string;
  zoom?: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  centerHorizontally?: boolean;
  printGridlines?: boolean;
  headersFooters: SimHeadersFooters;
  printArea?: Bounds;
}

const key = (r: number, c: number): number => r * MAX_COLS + c;

export class SimSheet {
  name: string;
  visibility: Visibility = "Visible";
  protected = false;
  tabColor = "";
  showGridlines = true;
  /** cols[c][r]: stored value or undefined (empty). */
  cols: (Stored | undefined)[][] = [];
  extras = new Map<number, CellExtra>();
  /** Column widths in points (Excel's `format.columnWidth` unit). */
  colWidths = new Map<number, number>();
  rowHeights = new Map<number, number>();
  freezeRows = 0;
  freezeCols = 0;
  merges: Bounds[] = [];
  conditionalFormats: SimConditionalFormat[] = [];
  /** Pivot tables found in a loaded .xlsx (location only; the simulated host does not compute pivots). */
  pivots: { name: string; bounds: Bounds }[] = [];
  /** Charts on the sheet, in z-order (./chart-model.ts); they go with the sheet when it is deleted or renamed. */
  charts: SimChart[] = [];
  /** Page setup (worksheet.pageLayout). */
  pageLayout: SimPageLayout = { headersFooters: {} };
  constructor(
    readonly workbook: SimWorkbook,
    readonly id: string,
    name: string,
  ) {
    this.name = name;
  }

  get position(): number {
    return this.workbook.sheets.indexOf(this);
  }

  get(r: number, c: number): Stored | undefined {
    const col = this.cols[c];
    return col === undefined ? undefined : col[r];
  }

  /** Stores a value (no formula); undefined empties the cell's value. */
  put(r: number, c: number, v: Stored | undefined): void {
    let col = this.cols[c];
    if (col === undefined) {
      if (v === undefined) return;
      while (this.cols.length < c) this.cols.push([]);
      col = this.cols[c] = [];
    }
    if (v === undefined) {
      if (r < col.length) {
        col[r] = undefined;
        if (r === col.length - 1) {
          let n = r;
          while (n > 0 && col[n - 1] === undefined) n--;
          col.length = n;
        }
      }
      return;
    }
    if (r > col.length) {
      // keep the array packed: fill the gap with explicit undefined instead of holes
      for (let i = col.length; i < r; i++) col.push(undefined);
    }
    col[r] = v;
  }

  extra(r: number, c: number): CellExtra | undefined {
    return this.extras.get(key(r, c));
  }

  extraFor(r: number, c: number): CellExtra {
    const k = key(r, c);
    let e = this.extras.get(k);
    if (!e) {
      e = {};
      this.extras.set(k, e);
    }
    return e;
  }

  dropExtraIfEmpty(r: number, c: number): void {
    const k = key(r, c);
    const e = this.extras.get(k);
    if (!e) return;
    if (e.formula === undefined && e.numFmt === undefined && e.hyperlink === undefined && !e.quotePrefix && (!e.style || Object.keys(e.style).length === 0)) this.extras.delete(k);
  }

  formula(r: number, c: number): string | undefined {
    return this.extras.get(key(r, c))?.formula;
  }

  numFmt(r: number, c: number): string {
    return this.extras.get(key(r, c))?.numFmt ?? "General";
  }

  /**
   * Writes one input like Excel (see values.ts interpretInput). Formulas get their value from the small evaluator of
   * ./formula.ts when it can compute them, else the cached value "" (see README).
   */
  write(r: number, c: number, input: unknown, where: string): void {
    const cur = this.extras.get(key(r, c));
    const w = interpretInput(input, cur?.numFmt);
    switch (w.kind) {
      case "skip":
        return;
      case "invalid":
        throw simError("InvalidArgument", where, `The argument is invalid or missing or has an incorrect format (${w.reason}).`);
      case "clear":
        this.put(r, c, undefined);
        if (cur) {
          cur.formula = undefined;
          cur.quotePrefix = undefined;
          this.dropExtraIfEmpty(r, c);
        }
        return;
      case "value": {
        this.put(r, c, w.value);
        if (cur || w.numFmt || w.quotePrefix) {
          const e = cur ?? this.extraFor(r, c);
          e.formula = undefined;
          e.quotePrefix = w.quotePrefix || undefined;
          if (w.numFmt) e.numFmt = w.numFmt;
          this.dropExtraIfEmpty(r, c);
        }
        return;
      }
      case "formula": {
        const e = cur ?? this.extraFor(r, c);
        e.formula = w.formula;
        e.quotePrefix = undefined;
        const v = evaluateFormula(this.workbook, this, r, c, w.formula);
        this.put(r, c, v === undefined ? "" : v);
        return;
      }
    }
  }

  /** Bounding box of the used cells (values and formulas; with formats too unless valuesOnly), or null when empty. */
  usedBounds(valuesOnly: boolean): Bounds | null {
    let r0 = Infinity,
      r1 = -1,
      c0 = Infinity,
      c1 = -1;
    for (let c = 0; c < this.cols.length; c++) {
      const col = this.cols[c];
      if (!col || col.length === 0) continue;
      let last = col.length - 1;
      while (last >= 0 && col[last] === undefined) last--;
      if (last < 0) continue;
      let first = 0;
      while (col[first] === undefined) first++;
      if (first < r0) r0 = first;
      if (last > r1) r1 = last;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
    for (const [k, e] of this.extras) {
      if (valuesOnly && e.formula === undefined) continue;
      if (!valuesOnly && e.formula === undefined && e.numFmt === undefined && !e.style && !e.hyperlink) continue;
      const r = Math.floor(k / MAX_COLS);
      const c = k - r * MAX_COLS;
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
    if (r1 < 0) return null;
    return { r0, c0, r1, c1 };
  }

  /** Empties contents and/or formats of a block (Range.clear). */
  clear(b: Bounds, what: "All" | "Contents" | "Formats" | "Hyperlinks" | "RemoveHyperlinks" | "ResetContents"): void {
    const contents = what === "All" || what === "Contents" || what === "ResetContents";
    const formats = what === "All" || what === "Formats";
    const links = what === "All" || what === "Hyperlinks" || what === "RemoveHyperlinks";
    if (contents) {
      const cEnd = Math.min(b.c1, this.cols.length - 1);
      for (let c = b.c0; c <= cEnd; c++) {
        const col = this.cols[c];
        if (!col) continue;
        const rEnd = Math.min(b.r1, col.length - 1);
        for (let r = b.r0; r <= rEnd; r++) col[r] = undefined;
        let n = col.length;
        while (n > 0 && col[n - 1] === undefined) n--;
        col.length = n;
      }
    }
    for (const [k, e] of [...this.extras]) {
      const r = Math.floor(k / MAX_COLS);
      const c = k - r * MAX_COLS;
      if (r < b.r0 || r > b.r1 || c < b.c0 || c > b.c1) continue;
      if (contents) {
        e.formula = undefined;
        e.quotePrefix = undefined;
      }
      if (formats) {
        e.numFmt = undefined;
        e.style = undefined;
      }
      if (links) e.hyperlink = undefined;
      this.dropExtraIfEmpty(r, c);
    }
    if (formats) {
      this.conditionalFormats = this.conditionalFormats.filter((cf) => {
        cf.ranges = cf.ranges.filter((rg) => !(rg.r0 >= b.r0 && rg.r1 <= b.r1 && rg.c0 >= b.c0 && rg.c1 <= b.c1));
        return cf.ranges.length > 0;
      });
    }
  }

  assertWritable(where: string): void {
    if (this.protected) throw simError("AccessDenied", where, `The cell or chart you're trying to change is on a protected sheet ('${this.name}').`);
  }

  /** `Range.values` of a block: columns hoisted, one tight loop (the hot path of big reads). */
  valuesBlock(b: Bounds): (number | string | boolean)[][] {
    const w = b.c1 - b.c0 + 1;
    const cols: ((Stored | undefined)[] | undefined)[] = [];
    for (let c = b.c0; c <= b.c1; c++) cols.push(this.cols[c]);
    const out: (number | string | boolean)[][] = new Array(b.r1 - b.r0 + 1);
    for (let r = b.r0; r <= b.r1; r++) {
      const row: (number | string | boolean)[] = [];
      for (let j = 0; j < w; j++) {
        const col = cols[j];
        const v = col === undefined ? undefined : col[r];
        row.push(v === undefined ? "" : typeof v === "object" ? v.code : v);
      }
      out[r - b.r0] = row;
    }
    return out;
  }

  /** `Range.valueTypes` of a block. */
  typesBlock(b: Bounds): string[][] {
    const w = b.c1 - b.c0 + 1;
    const cols: ((Stored | undefined)[] | undefined)[] = [];
    for (let c = b.c0; c <= b.c1; c++) cols.push(this.cols[c]);
    const out: string[][] = new Array(b.r1 - b.r0 + 1);
    for (let r = b.r0; r <= b.r1; r++) {
      const row: string[] = [];
      for (let j = 0; j < w; j++) {
        const col = cols[j];
        const v = col === undefined ? undefined : col[r];
        row.push(v === undefined ? "Empty" : typeof v === "number" ? "Double" : typeof v === "string" ? "String" : typeof v === "boolean" ? "Boolean" : "Error");
      }
      out[r - b.r0] = row;
    }
    return out;
  }

  /** Values of a block as `Range.values` gives them (a convenience for tests and the preview grid). */
  readValues(b: Bounds): (number | string | boolean)[][] {
    const out: (number | string | boolean)[][] = [];
    for (let r = b.r0; r <= b.r1; r++) {
      const row: (number | string | boolean)[] = new Array(b.c1 - b.c0 + 1);
      for (let c = b.c0; c <= b.c1; c++) row[c - b.c0] = readValue(this.get(r, c));
      out.push(row);
    }
    return out;
  }

  /** Seeds a column fast (tests, benches): values[i] goes to row startRow + i (0-based). Does not check protection. */
  setColumn(c: number, values: (Stored | undefined)[], startRow = 0): void {
    if (startRow === 0 && (!this.cols[c] || this.cols[c].length === 0)) {
      while (this.cols.length < c) this.cols.push([]);
      this.cols[c] = values.slice();
      return;
    }
    for (let i = 0; i < values.length; i++) this.put(startRow + i, c, values[i]);
  }
}

export class SimTable {
  showHeaders = true;
  showTotals = false;
  style = "TableStyleMedium2";
  showFilterButton = true;
  showBandedRows = true;
  showBandedColumns = false;
  showFirstColumn = false;
  showLastColumn = false;
  constructor(
    readonly id: string,
    public name: string,
    public sheet: SimSheet,
    /** Whole table, header (and totals) included. */
    public bounds: Bounds,
  ) {}

  get headerBounds(): Bounds | null {
    return this.showHeaders ? { r0: this.bounds.r0, c0: this.bounds.c0, r1: this.bounds.r0, c1: this.bounds.c1 } : null;
  }

  get bodyBounds(): Bounds {
    const r0 = this.bounds.r0 + (this.showHeaders ? 1 : 0);
    const r1 = this.bounds.r1 - (this.showTotals ? 1 : 0);
    return { r0, c0: this.bounds.c0, r1: Math.max(r0, r1), c1: this.bounds.c1 };
  }

  get rowCount(): number {
    return this.bounds.r1 - this.bounds.r0 + 1 - (this.showHeaders ? 1 : 0) - (this.showTotals ? 1 : 0);
  }

  columnNames(): string[] {
    const names: string[] = [];
    for (let c = this.bounds.c0; c <= this.bounds.c1; c++) {
      names.push(this.showHeaders ? String(readValue(this.sheet.get(this.bounds.r0, c))) : `Column${c - this.bounds.c0 + 1}`);
    }
    return names;
  }
}

export class SimName {
  comment = "";
  visible = true;
  constructor(
    public name: string,
    /** Formula with leading "=", e.g. "=Sheet1!$A$1:$B$4" or "=0.2". */
    public formula: string,
    /** Sheet scope; undefined for workbook scope. */
    public scope?: SimSheet,
  ) {}
}

export class SimConditionalFormat {
  type = "Custom";
  formula = "";
  fill: string | null = null;
  fontColor: string | null = null;
  bold: boolean | null = null;
  italic: boolean | null = null;
  strikethrough: boolean | null = null;
  numberFormat: string | null = null;
  stopIfTrue = false;
  priority = 0;
  /** A rule of another type read from an .xlsx (data bar, cell value...): kept as ExcelJS gave it and written back. */
  raw?: unknown;
  constructor(
    readonly id: string,
    public sheet: SimSheet,
    public ranges: Bounds[],
  ) {}
}

export interface Selection {
  sheet: SimSheet;
  bounds: Bounds;
}

const INVALID_SHEET_CHARS = /[\\/?*[\]:]/;

export class SimWorkbook {
  sheets: SimSheet[] = [];
  tables: SimTable[] = [];
  names: SimName[] = [];
  /** Excel.Setting key -> JSON-compatible value (kept as JSON text, like the document settings). */
  settings = new Map<string, string>();
  date1904 = false;
  name = "Book1.xlsx";
  activeSheet: SimSheet | undefined;
  selection: Selection | undefined;
  private seq = 0;

  nextId(prefix: string): string {
    this.seq++;
    const hex = (this.seq * 2654435761 >>> 0).toString(16).toUpperCase().padStart(8, "0");
    return `{${prefix}${hex}-${String(this.seq).padStart(4, "0")}-4000-8000-${hex}${hex.slice(0, 4)}}`;
  }

  sheet(name: string): SimSheet | undefined {
    const n = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === n);
  }

  sheetOrThrow(name: string): SimSheet {
    const s = this.sheet(name);
    if (!s) throw new Error(`no sheet named ${name}`);
    return s;
  }

  sheetById(id: string): SimSheet | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  table(name: string): SimTable | undefined {
    const n = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === n);
  }

  /** Validates a new sheet name like Excel; throws ItemAlreadyExists / InvalidArgument. */
  checkSheetName(name: string, where: string, except?: SimSheet): void {
    if (name.length === 0 || name.length > 31 || INVALID_SHEET_CHARS.test(name) || name.startsWith("'") || name.endsWith("'") || name.toLowerCase() === "history") {
      throw simError("InvalidArgument", where);
    }
    const other = this.sheet(name);
    if (other && other !== except) throw simError("ItemAlreadyExists", where);
  }

  addSheet(name?: string, where = "WorksheetCollection.add"): SimSheet {
    let n = name;
    if (n === undefined || n === "") {
      let i = this.sheets.length + 1;
      while (this.sheet(`Sheet${i}`)) i++;
      n = `Sheet${i}`;
    }
    this.checkSheetName(n, where);
    const s = new SimSheet(this, this.nextId(""), n);
    this.sheets.push(s);
    if (!this.activeSheet) this.activeSheet = s;
    return s;
  }

  deleteSheet(s: SimSheet, where = "Worksheet.delete"): void {
    const visible = this.sheets.filter((x) => x.visibility === "Visible");
    if (visible.length === 1 && visible[0] === s) throw simError("InvalidOperation", where, "A workbook must contain at least one visible worksheet.");
    this.sheets = this.sheets.filter((x) => x !== s);
    this.tables = this.tables.filter((t) => t.sheet !== s);
    this.names = this.names.filter((n) => n.scope !== s);
    if (this.activeSheet === s) this.activeSheet = this.sheets.find((x) => x.visibility === "Visible");
    if (this.selection?.sheet === s) this.selection = undefined;
  }

  /** Table at a cell, if any. */
  tableAt(sheet: SimSheet, r: number, c: number): SimTable | undefined {
    return this.tables.find((t) => t.sheet === sheet && r >= t.bounds.r0 && r <= t.bounds.r1 && c >= t.bounds.c0 && c <= t.bounds.c1);
  }

  tablesIntersecting(sheet: SimSheet, b: Bounds): SimTable[] {
    return this.tables.filter((t) => t.sheet === sheet && intersects(t.bounds, b));
  }

  /** Resolves "Sheet1!A1:B2" / "A1:B2" (relative to `base`) / a defined name to a sheet block; null when it is not one. */
  resolveReference(ref: string, base?: SimSheet): { sheet: SimSheet; bounds: Bounds } | null {
    const text = ref.startsWith("=") ? ref.slice(1) : ref;
    const { sheet: sheetName, local } = splitSheet(text);
    const sheet = sheetName !== undefined ? this.sheet(sheetName) : base;
    if (sheet) {
      const b = parseBounds(local);
      if (b) return { sheet, bounds: b };
    }
    if (sheetName === undefined) {
      const nm = this.names.find((n) => n.name.toLowerCase() === text.toLowerCase() && (n.scope === undefined || n.scope === base));
      if (nm && nm.formula !== text && nm.formula !== "=" + text) return this.resolveReference(nm.formula, base);
    }
    return null;
  }

  // ---- conveniences for tests and the preview (no Excel semantics of load/sync here) ----

  /** Writes rows of inputs with Excel's value semantics, top-left at `address` ("A1" or "Sheet1!B3"). */
  setValues(sheetName: string, topLeft: string, rows: unknown[][]): void {
    const s = this.sheetOrThrow(sheetName);
    const b = parseBounds(splitSheet(topLeft).local);
    if (!b) throw new Error(`bad address ${topLeft}`);
    rows.forEach((row, i) => row.forEach((v, j) => s.write(b.r0 + i, b.c0 + j, v, "SimWorkbook.setValues")));
  }

  /** `Range.values` of a block ("A1:C9"); the used range when address is omitted. */
  getValues(sheetName: string, address?: string): (number | string | boolean)[][] {
    const s = this.sheetOrThrow(sheetName);
    const b = address ? parseBounds(splitSheet(address).local) : s.usedBounds(false);
    if (!b) return [];
    return s.readValues(b);
  }

  addTable(sheetName: string, address: string, name?: string): SimTable {
    const s = this.sheetOrThrow(sheetName);
    const b = parseBounds(address);
    if (!b) throw new Error(`bad address ${address}`);
    const t = new SimTable(this.nextId("T"), name ?? `Table${this.tables.length + 1}`, s, b);
    this.tables.push(t);
    return t;
  }

  /** A1 address of a block on a sheet, qualified as Excel's Range.address. */
  address(sheet: SimSheet, b: Bounds): string {
    return qualifiedAddress(sheet.name, b);
  }
}

export { boundsAddress, cellAddress, MAX_ROWS, MAX_COLS, SimErrorValue };
