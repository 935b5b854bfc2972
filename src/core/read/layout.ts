/**
 * Layout detection: where the blocks of data are in a sheet grid (usually a sample of its first rows), their header
 * rows (one to MAX_HEADER_ROWS stacked rows, composed into one label per column), where the data starts and ends, whether a block is a summary (pivot table) and whether
 * periods run across the columns (wide layout).
 */
import type { CellValue, OpsMessage, RawGrid } from "../types";
import { isYearNumber, monthFromName, parseDateText } from "../parse/dates";
import { isExcelErrorText, parseNumberCell } from "../parse/number";
import { columnLetters, isBlankText, normaliseWords, rangeAddress } from "../parse/text";
import { detectDelimiter, splitGrid } from "./delimited";
import { classifyLabel, isPivotLayoutWord } from "./labels";
import type { Layout } from "./model";

/** Cell classes used for detection. */
const enum K {
  Empty = 0,
  Number = 1,
  NumText = 2,
  DateText = 3,
  Label = 4,
  Bool = 5,
  Error = 6,
  Missing = 7,
}

interface RowInfo {
  nonEmpty: number;
  numeric: number;
  labels: number;
  years: number;
  first: number;
  last: number;
  longText: boolean;
}

interface Scan {
  grid: RawGrid;
  rows: number;
  width: number;
  cls: Uint8Array;
  info: RowInfo[];
}

function classify(v: CellValue | undefined): K {
  if (v === null || v === undefined || v === "") return K.Empty;
  if (typeof v === "number") return Number.isFinite(v) ? K.Number : K.Error;
  if (typeof v === "boolean") return K.Bool;
  if (isBlankText(v)) return K.Empty;
  const s = v.trim();
  if (s[0] === "#" && isExcelErrorText(s)) return K.Error;
  const n = parseNumberCell(s);
  if (n.kind === "missing") return K.Missing;
  if (parseDateText(s, "dmy", false) || parseDateText(s, "mdy", false)) return K.DateText;
  if (n.kind === "number") return /^\d{4}$/.test(s) ? K.Label : K.NumText;
  return K.Label;
}

function scan(grid: RawGrid): Scan {
  const rows = grid.values.length;
  let width = 0;
  for (const r of grid.values) if (Array.isArray(r) && r.length > width) width = r.length;
  const cls = new Uint8Array(rows * width);
  const info: RowInfo[] = [];
  for (let r = 0; r < rows; r++) {
    const row: readonly CellValue[] = Array.isArray(grid.values[r]) ? grid.values[r] : [];
    const ri: RowInfo = { nonEmpty: 0, numeric: 0, labels: 0, years: 0, first: -1, last: -1, longText: false };
    for (let c = 0; c < width; c++) {
      const v = row[c];
      const k = classify(v);
      cls[r * width + c] = k;
      if (k === K.Empty) continue;
      ri.nonEmpty++;
      if (ri.first < 0) ri.first = c;
      ri.last = c;
      if (k === K.Number || k === K.NumText) {
        ri.numeric++;
        if (typeof v === "number" && isYearNumber(v)) ri.years++;
      } else if (k === K.Label || k === K.DateText) {
        ri.labels++;
        if (typeof v === "string" && v.trim().length > 100) ri.longText = true;
      }
    }
    info.push(ri);
  }
  return { grid, rows, width, cls, info };
}

const cellAt = (s: Scan, r: number, c: number): CellValue => {
  const v = s.grid.values[r]?.[c];
  return v === undefined ? "" : v;
};
const textAt = (s: Scan, r: number, c: number): string => {
  const v = cellAt(s, r, c);
  return v === null ? "" : typeof v === "string" ? v.trim() : String(v);
};
/** The cell's text as typed (not trimmed), for header labels. */
const rawTextAt = (s: Scan, r: number, c: number): string => {
  const v = cellAt(s, r, c);
  return v === null ? "" : typeof v === "string" ? (isBlankText(v) ? "" : v) : String(v);
};

/** A header-like row: two or more cells, mostly labels (years count as labels), no other numbers, no long sentences. */
function headerish(s: Scan, r: number): boolean {
  const i = s.info[r];
  if (i.nonEmpty < 2 || i.longText) return false;
  // Numbers other than years make a data row, not a header ("15/03/2024 | Vis | 1 234,56").
  if (i.numeric > i.years) return false;
  const labels = i.labels + i.years;
  return labels >= 2 && labels >= 0.6 * i.nonEmpty;
}

/** A data-like row: two or more cells with at least one number (or date), or a total row. */
function dataish(s: Scan, r: number): boolean {
  const i = s.info[r];
  if (i.nonEmpty < 2) return false;
  if (i.numeric > 0) return true;
  for (let c = i.first; c <= i.last; c++) if (s.cls[r * s.width + c] === K.Missing) return true;
  return false;
}

function firstLabel(s: Scan, r: number): string {
  const i = s.info[r];
  for (let c = i.first; c >= 0 && c <= i.last; c++) {
    const k = s.cls[r * s.width + c];
    if (k === K.Label) return textAt(s, r, c);
  }
  return "";
}

/** Most header rows stacked over a block ("Ventes 2024" / "T1" / "CA" is three). */
export const MAX_HEADER_ROWS = 5;

const msg = (code: string, severity: OpsMessage["severity"], sheet: string, params?: Record<string, string | number>, row?: number, address?: string): OpsMessage => {
  const m: OpsMessage = { code, severity, location: { sheet } };
  if (params) m.params = params;
  if (row !== undefined) m.location!.row = row;
  if (address !== undefined) m.location!.address = address;
  return m;
};

/** Detects every block in a sheet grid (or the one Excel table it is). Never throws: [] when nothing is found. */
export function detectLayoutsImpl(input: RawGrid): Layout[] {
  if (!input || !Array.isArray(input.values) || input.values.length === 0) return [];
  const delimiter = input.tableName ? null : detectDelimiter(input);
  const grid = delimiter ? splitGrid(input, delimiter) : input;
  const s = scan(grid);
  if (s.width === 0) return [];
  const layouts = grid.tableName ? [tableLayout(s)] : sheetLayouts(s);
  for (const l of layouts) {
    if (delimiter) {
      l.delimiter = delimiter;
      l.messages.unshift(msg("read.csvInOneColumn", "info", grid.sheet, { separator: delimiter === "\t" ? "TAB" : delimiter }, l.top));
    }
  }
  return layouts;
}

function tableLayout(s: Scan): Layout {
  const g = s.grid;
  const headers: string[] = [];
  for (let c = 0; c < s.width; c++) headers.push(headerText(rawTextAt(s, 0, c), g.left + c));
  const l: Layout = {
    sheet: g.sheet,
    tableName: g.tableName,
    top: g.top,
    left: g.left,
    right: g.left + s.width - 1,
    headerRows: [g.top],
    firstDataRow: g.top + 1,
    lastDataRow: g.top + Math.max(s.rows - 1, 1),
    headers,
    kind: "data",
    messages: [],
  };
  if (headers.some((h) => isPivotLayoutWord(h))) l.kind = "summary";
  const wide = detectWide(s, l, 0, s.width - 1, 1);
  if (wide) l.wide = wide;
  noteLayout(s, l);
  return l;
}

/** A column's header as the user typed it (" Sales" keeps its space, so Excel structured references still match); "[C]" when empty. */
function headerText(t: string, sheetCol: number): string {
  return t.trim() === "" ? `[${columnLetters(sheetCol)}]` : t;
}

function sheetLayouts(s: Scan): Layout[] {
  const out: Layout[] = [];
  let r = 0;
  let guard = 0;
  while (r < s.rows && guard++ < 1000) {
    // First data row at or after r.
    let d = r;
    while (d < s.rows && !(dataish(s, d) && !headerish(s, d))) d++;
    if (d >= s.rows) break;
    const block = blockFrom(s, r, d);
    if (!block) {
      r = d + 1;
      continue;
    }
    out.push(...block.layouts);
    r = block.nextRow;
  }
  return out;
}

/** Builds the block whose first data row is d (searching its header between `from` and d). */
function blockFrom(s: Scan, from: number, d: number): { layouts: Layout[]; nextRow: number } | null {
  // Header: the nearest header-like row above d, skipping blank and one-cell rows (sections, units).
  let hLow = -1;
  for (let r = d - 1, skipped = 0; r >= from && skipped <= 3; r--) {
    if (headerish(s, r)) {
      hLow = r;
      break;
    }
    if (s.info[r].nonEmpty <= 1) skipped++;
    else break;
  }
  // Rows above it that group its labels ("2024" over "Jan", "Ventes 2024" over "T1" over "CA"), up to MAX_HEADER_ROWS in all.
  const hRows: number[] = [];
  let pivot = false;
  if (hLow >= 0) {
    hRows.push(hLow);
    const up = hLow - 1;
    if (rowHasPivotWords(s, hLow) || (up >= from && rowHasPivotWords(s, up))) pivot = true;
    for (let u = up; !pivot && u >= from && hRows.length < MAX_HEADER_ROWS && joinable(s, u, hRows.length > 1, hLow); u--) {
      if (rowHasPivotWords(s, u)) break;
      hRows.unshift(u);
    }
  }
  const hUp = hRows.length > 1 ? hRows[0] : -1;
  // End of data.
  let last = d;
  let blanks = 0;
  let open = true;
  let r = d + 1;
  for (; r < s.rows; r++) {
    const i = s.info[r];
    if (i.nonEmpty === 0) {
      blanks++;
      if (blanks >= 3) {
        open = false;
        break;
      }
      continue;
    }
    if (headerish(s, r) && !dataish(s, r)) {
      // A new table (header after a gap, followed by data) ends this one; a repeated header does not.
      const next = nextNonBlank(s, r + 1);
      if (blanks > 0 && next >= 0 && dataish(s, next) && !sameLabels(s, r, hLow)) {
        open = false;
        break;
      }
    }
    blanks = 0;
    if (i.nonEmpty >= 2) last = r;
  }
  if (r >= s.rows && last < s.rows - 1) {
    // Trailing rows after the data are notes / blanks: the block is closed if anything non-data followed it.
    const tail = s.info.slice(last + 1).some((x) => x.nonEmpty > 0);
    if (tail) open = false;
  }
  const topRow = hUp >= 0 ? hUp : hLow >= 0 ? hLow : d;
  // Columns: the union of header and data cells, split at fully empty columns.
  const rowsInBlock: number[] = [];
  for (let x = topRow; x <= last; x++) rowsInBlock.push(x);
  const used = new Uint8Array(s.width);
  for (const x of rowsInBlock) {
    const i = s.info[x];
    if (i.nonEmpty === 0) continue;
    // One-cell rows (sections, notes) do not widen the block.
    if (i.nonEmpty === 1 && !hRows.includes(x)) continue;
    for (let c = i.first; c <= i.last; c++) if (s.cls[x * s.width + c] !== K.Empty) used[c] = 1;
  }
  const segments: [number, number][] = [];
  for (let c = 0; c < s.width; c++) {
    if (!used[c]) continue;
    let e = c;
    while (e + 1 < s.width && used[e + 1]) e++;
    segments.push([c, e]);
    c = e;
  }
  const layouts: Layout[] = [];
  for (const [c0, c1] of segments) {
    // A segment needs numbers below its header to be a block of data.
    let numeric = 0;
    for (let x = d; x <= last && numeric === 0; x++) for (let c = c0; c <= c1; c++) if (s.cls[x * s.width + c] === K.Number || s.cls[x * s.width + c] === K.NumText) numeric++;
    if (numeric === 0) continue;
    layouts.push(makeLayout(s, { c0, c1, hRows, hLow, d, last, pivot, open, topRow }));
  }
  return { layouts, nextRow: last + 1 };
}

function nextNonBlank(s: Scan, r: number): number {
  for (let x = r; x < s.rows; x++) if (s.info[x].nonEmpty > 0) return x;
  return -1;
}

function sameLabels(s: Scan, a: number, b: number): boolean {
  if (b < 0) return false;
  let same = 0;
  let diff = 0;
  for (let c = 0; c < s.width; c++) {
    const x = normaliseWords(textAt(s, a, c));
    const y = normaliseWords(textAt(s, b, c));
    if (x === "" && y === "") continue;
    if (x === y) same++;
    else diff++;
  }
  return same > 0 && same >= 2 * diff;
}

function rowHasPivotWords(s: Scan, r: number): boolean {
  const i = s.info[r];
  for (let c = i.first; c >= 0 && c <= i.last; c++) if (isPivotLayoutWord(textAt(s, r, c))) return true;
  return false;
}

/**
 * Can row `up` be the upper half of a two-row header over the header row below it? It must hold labels only, either standing
 * where the row below is empty ("NAICS Code" over nothing) or grouping the labels below ("2024" over "Jan", "Feb"...);
 * a lone title over a wide header does not count, unless it is a period ("2024").
 */
function joinable(s: Scan, up: number, higher = false, hLow = up + 1): boolean {
  const iu = s.info[up];
  if (iu.nonEmpty === 0 || iu.longText) return false;
  if (iu.numeric > iu.years) return false;
  // A third (fourth...) row up must group the rows below it: one of its labels spans empty (merged) cells to its
  // right over labelled columns ("Ventes 2024" over "T1" and "T2"). Header-like rows that merely stack are not joined.
  if (higher) {
    let spans = false;
    for (let c = iu.first; c < iu.last + 1 && !spans; c++) {
      if (s.cls[up * s.width + c] === K.Empty || c + 1 >= s.width || s.cls[up * s.width + c + 1] !== K.Empty) continue;
      for (let r = up + 1; r <= hLow && !spans; r++) if (s.cls[r * s.width + c + 1] !== K.Empty) spans = true;
    }
    if (!spans) return false;
  }
  if (iu.nonEmpty === 1) {
    const c = iu.first;
    const t = textAt(s, up, c);
    const isPeriod = isYearNumber(Number(t)) || parseDateText(t, "dmy", true) !== null;
    if (!isPeriod) return false;
  }
  // Each upper label must sit over a lower label (a group) or over an empty lower cell (a standalone header).
  for (let c = iu.first; c <= iu.last; c++) {
    const k = s.cls[up * s.width + c];
    if (k === K.Empty) continue;
    if (k !== K.Label && k !== K.DateText && !(k === K.Number && isYearNumber(cellAt(s, up, c) as number))) return false;
  }
  return true;
}

interface BlockSpec {
  c0: number;
  c1: number;
  /** Header rows (grid indexes), top to bottom; the last is hLow. Empty when there is no header. */
  hRows: number[];
  hLow: number;
  d: number;
  last: number;
  pivot: boolean;
  open: boolean;
  topRow: number;
}

/**
 * One label per column from the stacked header rows: each row's label, top to bottom, joined with one space
 * ("Ventes 2024 T1 CA"). A label carries to the right over empty cells (Excel gives "" for the other cells of a merged
 * area) while the column has a label below it and no row above starts a new group there. One header row: the text
 * as typed. `parts` holds each column's labels when there are several header rows.
 */
function composeHeaders(s: Scan, hRows: readonly number[], c0: number, c1: number): { headers: string[]; parts: string[][]; example: string } {
  const headers: string[] = [];
  const parts: string[][] = [];
  let example = "";
  const n = hRows.length;
  const carry: string[] = new Array<string>(n).fill("");
  for (let c = c0; c <= c1; c++) {
    const cells = hRows.map((r) => textAt(s, r, c));
    const own: string[] = [];
    let onlyBottom = true;
    for (let k = 0; k < n; k++) {
      const below = cells.slice(k + 1).some((x) => x !== "");
      if (cells[k] !== "") {
        own.push(cells[k]);
        if (k < n - 1) onlyBottom = false;
        carry[k] = below ? cells[k] : ""; // a group label spans the labelled cells to its right
        for (let j = k + 1; j < n; j++) carry[j] = ""; // a new group: the rows below start again
      } else if (k < n - 1 && carry[k] !== "" && below) {
        own.push(carry[k]);
        onlyBottom = false;
      } else carry[k] = "";
    }
    const h = onlyBottom ? (n > 0 ? rawTextAt(s, hRows[n - 1], c) : "") : own.join(" ").replace(/\s+/g, " ");
    if (own.length > 1 && example === "") example = h;
    headers.push(headerText(h, s.grid.left + c));
    parts.push(own);
  }
  return { headers, parts, example };
}

function makeLayout(s: Scan, b: BlockSpec): Layout {
  const g = s.grid;
  const composed = composeHeaders(s, b.hRows, b.c0, b.c1);
  const headers = composed.headers;
  const joinedExample = composed.example;
  const headerRows = b.hRows.map((r) => g.top + r);
  const l: Layout = {
    sheet: g.sheet,
    top: g.top + b.topRow,
    left: g.left + b.c0,
    right: g.left + b.c1,
    headerRows,
    firstDataRow: g.top + (b.hLow >= 0 ? b.hLow + 1 : b.d),
    lastDataRow: g.top + b.last,
    headers,
    kind: "data",
    messages: [],
  };
  if (b.open) l.open = true;
  // A pivot's caption row ("Sum of Sales | Column Labels") sits above its header.
  if (b.pivot && b.hLow > 0 && rowHasPivotWords(s, b.hLow - 1)) l.top = g.top + b.hLow - 1;
  if (b.pivot || isSummary(s, b, headers)) l.kind = "summary";
  const wide = detectWide(s, l, b.c0, b.c1, b.hLow >= 0 ? b.hLow + 1 : b.d);
  if (wide) l.wide = wide;
  if (headerRows.length > 1) l.headerParts = composed.parts;
  if (headerRows.length === 2 && joinedExample) {
    l.messages.push(msg("read.twoRowHeader", "info", g.sheet, { rows: `${headerRows[0]}–${headerRows[1]}`, example: joinedExample }, headerRows[0]));
  } else if (headerRows.length > 2 && joinedExample) {
    l.messages.push(msg("read.multiRowHeader", "info", g.sheet, { count: headerRows.length, rows: `${headerRows[0]}–${headerRows[headerRows.length - 1]}`, example: joinedExample }, headerRows[0]));
  }
  if (headerRows.length === 0) l.messages.push(msg("read.noHeaderRow", "warning", g.sheet, { row: l.firstDataRow }, l.firstDataRow));
  noteLayout(s, l);
  return l;
}

/** A block is a summary when pivot words label it, or when it ends on a grand total and has a total column. */
function isSummary(s: Scan, b: BlockSpec, headers: string[]): boolean {
  if (headers.some((h) => isPivotLayoutWord(h))) return true;
  const lastLabel = firstLabel(s, b.last);
  const totalColumn = headers.length > 2 && classifyLabel(headers[headers.length - 1]) === "total";
  // A crosstab: a total column on the right and a total row at the bottom (a detail table with a grand total row
  // at its foot stays data: its total row is left out when reading).
  if (lastLabel && classifyLabel(lastLabel) === "total" && totalColumn) {
    // A wide table of periods with a TOTAL column stays data (it can be unpivoted).
    const periods = headers.filter((h) => periodOfLabel(h, true) !== null).length;
    return periods < 2;
  }
  return false;
}

function noteLayout(s: Scan, l: Layout): void {
  const g = s.grid;
  if (l.kind === "summary") {
    l.messages.push(msg("read.summaryBlock", "info", g.sheet, { address: rangeAddress(l.top, l.left, l.lastDataRow, l.right) }, l.top, rangeAddress(l.top, l.left, l.lastDataRow, l.right)));
  }
  if (l.wide) {
    const w = l.wide;
    l.messages.push(
      msg("read.wideLayout", "info", g.sheet, { count: w.periodLabels.length, first: w.periodLabels[0], last: w.periodLabels[w.periodLabels.length - 1] }, l.headerRows[0] ?? l.top),
    );
  }
  if (l.kind === "data" && l.headerRows.length > 0 && l.headerRows[0] > 1 && !l.tableName) {
    const n = l.headerRows.length;
    const rows = n >= 2 ? `${l.headerRows[0]}–${l.headerRows[n - 1]}` : String(l.headerRows[0]);
    const code = n > 2 ? "read.headerRowsFoundMulti" : n === 2 ? "read.headerRowsFound" : "read.headerFound";
    l.messages.push(msg(code, "info", g.sheet, { row: l.headerRows[0], rows, count: n }, l.headerRows[0]));
  }
}

/** A header label read as a period: its first day as a 1900 serial and its granularity; month names alone give month only. */
export function periodOfLabel(label: string, allowYears: boolean): { serial?: number; month?: number; granularity: "day" | "month" | "quarter" | "year" } | null {
  const t = label.trim();
  if (t === "") return null;
  const r = parseDateText(t, "dmy", allowYears);
  if (r) return { serial: r.serial, granularity: r.granularity };
  const m = monthFromName(t.replace(/\s*\((?:p|r|e)\)$/i, ""));
  if (m) return { month: m, granularity: "month" };
  return null;
}

/** Periods as columns: at least three (two for years) header labels that are periods over numeric columns. */
function detectWide(s: Scan, l: Layout, c0: number, c1: number, firstDataIdx: number): Layout["wide"] | undefined {
  const cols: number[] = [];
  const labels: string[] = [];
  let years = 0;
  for (let c = c0; c <= c1; c++) {
    const h = l.headers[c - c0];
    let p = periodOfLabel(h, true);
    // A header cell that is a date serial (a real date typed in the header row).
    if (!p && l.headerRows.length > 0) {
      const hv = cellAt(s, l.headerRows[l.headerRows.length - 1] - s.grid.top, c);
      if (typeof hv === "number" && hv >= 10000 && hv <= 80000) p = { serial: hv, granularity: "day" };
    }
    if (!p) continue;
    // The column below must be mostly numbers (or missing markers).
    let num = 0;
    let other = 0;
    for (let x = firstDataIdx; x <= l.lastDataRow - s.grid.top && x < s.rows; x++) {
      const k = s.cls[x * s.width + c];
      if (k === K.Number || k === K.NumText || k === K.Missing) num++;
      else if (k !== K.Empty && k !== K.Error) other++;
    }
    if (num === 0 || other > num) continue;
    if (p.granularity === "year") years++;
    cols.push(s.grid.left + c);
    labels.push(h);
  }
  if (cols.length >= 3 || (cols.length >= 2 && years === cols.length)) return { periodColumns: cols, periodLabels: labels };
  return undefined;
}
