/**
 * From a grid and its layout to a DataSet: rows that are not data left out and listed (blank, total, subtotal,
 * section, note, repeated header, hierarchy subtotals), columns typed and parsed into typed arrays, roles with
 * confidence, derived columns, overrides, and located messages. Built for a million rows: one pass over the rows
 * classifies each row and parses its cells (numbers stored as they are, no regex) into typed arrays.
 */
import type { CellValue, Column, ColumnRole, DataSet, ExcludedRow, OpsMessage, RawGrid, RoleOverrides } from "../types";
import { decideColumn, newStats, readNumericCell, readTextCell, type ColumnDecision, type ColumnStats } from "../parse/column";
import { DAYS_1904, MAX_SERIAL } from "../parse/dates";
import { cellAddress, columnLetters, isBlankText, normaliseWords, rangeAddress } from "../parse/text";
import { splitGrid } from "./delimited";
import { TextDictionary } from "./dictionary";
import { classifyLabel, isLooseTotalLabel, isNoteText } from "./labels";
import { periodOfLabel } from "./layout";
import type { Layout } from "./model";
import { assignRoles } from "./assign";
import { isCodeHeader, isDateHeader, isYearHeader, NUMERIC_ROLES, roleFromHeader } from "./roles";

export interface BuildOptions {
  overrides?: RoleOverrides;
  id?: string;
}

const SAMPLE_ROWS = 2000;
const LISTED_CELLS = 5;

type Reason = ExcludedRow["reason"];

/** What the row pass decides for one row. */
interface RowClass {
  reason: Reason | null;
  label: string | null;
  /** Column (0-based in the block) of the total label, when reason is total / subtotal. */
  labelCol: number;
}

/**
 * Classifies one row of the block: blank, total / subtotal (a label cell says so), section or note (a lone text in
 * a table of 3+ columns), a repeated header, or data (reason null).
 */
function classifyRow(row: readonly CellValue[] | undefined, co: number, ncol: number, headerAt: readonly string[], out: RowClass): void {
  out.reason = null;
  out.label = null;
  out.labelCol = -1;
  if (!row) {
    out.reason = "blank";
    return;
  }
  let nonEmpty = 0;
  let texts = 0;
  let nums = 0;
  let checked = 0;
  let labelClass: "total" | "subtotal" | null = null;
  let headerHits = 0;
  for (let j = 0; j < ncol; j++) {
    const v = row[co + j];
    if (typeof v === "number") {
      nonEmpty++;
      nums++;
      continue;
    }
    if (typeof v === "string") {
      if (v === "") continue;
      const c0 = v.charCodeAt(0);
      if ((c0 <= 32 || c0 === 0xa0 || c0 === 0x202f) && isBlankText(v)) continue;
      nonEmpty++;
      texts++;
      if (out.label === null) out.label = v;
      if (checked < 3 && labelClass === null) {
        checked++;
        const k = classifyLabel(v);
        if (k) {
          labelClass = k;
          out.label = v;
          out.labelCol = j;
        }
      }
      if (v === headerAt[j] || (v.length === headerAt[j].length + 1 && v.trim() === headerAt[j])) headerHits++;
      continue;
    }
    if (v !== null && v !== undefined) nonEmpty++;
  }
  if (nonEmpty === 0) out.reason = "blank";
  else if (labelClass !== null) out.reason = labelClass;
  else if (nonEmpty === 1 && texts === 1 && ncol >= 3) out.reason = isNoteText(out.label ?? "") ? "note" : "section";
  else if (headerHits >= 2 && nums === 0) out.reason = "header";
}

const KIND_TEXT = 0;
const KIND_NUMBER = 1;
const KIND_DATE = 2;

export function buildDataSetImpl(input: RawGrid, layout: Layout, options: BuildOptions = {}): DataSet {
  const grid = layout.delimiter ? splitGrid(input, layout.delimiter) : input;
  const rows = grid.values;
  const ncol = Math.max(0, layout.right - layout.left + 1);
  const co = layout.left - grid.left;
  const headers: string[] = [];
  for (let j = 0; j < ncol; j++) headers.push(layout.headers[j] ?? `[${columnLetters(layout.left + j)}]`);
  const messages: OpsMessage[] = [];
  const sheet = layout.sheet;
  const start = Math.max(0, layout.firstDataRow - grid.top);
  const end = layout.open ? rows.length - 1 : Math.min(rows.length - 1, layout.lastDataRow - grid.top);
  // Header texts to spot a repeated header row (a column without header never matches).
  const headerAt = headers.map((h) => (/^\[[A-Z]+\]$/.test(h) ? "\u0000" : h.trim()));
  const rc: RowClass = { reason: null, label: null, labelCol: -1 };

  // 1. Column kinds, decided from a sample of the block's data rows.
  const sampleRows: number[] = [];
  {
    const span = end - start + 1;
    const step = span > SAMPLE_ROWS ? span / SAMPLE_ROWS : 1;
    for (let k = 0; k < SAMPLE_ROWS && start + Math.floor(k * step) <= end; k++) {
      const r = start + Math.floor(k * step);
      classifyRow(rows[r], co, ncol, headerAt, rc);
      if (rc.reason === null) sampleRows.push(r);
    }
  }
  const frenchHeaders = looksFrench(headers);
  const periodCols = new Set(layout.wide?.periodColumns ?? []);
  const decisions: ColumnDecision[] = [];
  for (let j = 0; j < ncol; j++) {
    const sample: (CellValue | undefined)[] = new Array(sampleRows.length);
    for (let k = 0; k < sampleRows.length; k++) sample[k] = rows[sampleRows[k]]?.[co + j];
    const h = headers[j];
    const d = decideColumn(sample, {
      header: h,
      format: grid.columnFormats?.[co + j],
      date1904: grid.date1904,
      localeDecimal: grid.decimalSeparator,
      dateHeader: isDateHeader(h),
      yearHeader: isYearHeader(h),
      frenchHeaders,
    });
    if (periodCols.has(layout.left + j) && d.kind !== "number") d.kind = "number";
    // Codes (NAICS, account numbers, "Code article") are identifiers: text, even when Excel stores them as numbers.
    else if (d.kind === "number" && isCodeHeader(h) && looksLikeCodes(sample)) d.kind = "text";
    // A user override that gives a money / quantity role reads the column as numbers; a date role as dates.
    const forced = overrideFor(options.overrides, h);
    if (forced && NUMERIC_ROLES.includes(forced) && d.kind !== "number") d.kind = "number";
    else if (forced && (forced === "date" || forced === "period") && d.kind === "number" && isYearHeader(h)) {
      d.kind = "date";
      d.years = true;
    } else if (forced === "date" && d.kind !== "date") d.kind = "date";
    decisions.push(d);
  }

  // 2. One pass over the rows: classify each, and parse the cells of the data rows into typed arrays.
  const cap = Math.max(0, end - start + 1);
  let kept = new Int32Array(cap);
  let nKept = 0;
  const excluded: ExcludedRow[] = [];
  const sectionNames: string[] = [];
  let sectionOfKept: Int32Array | null = null;
  let currentSection = -1;
  const kinds = new Uint8Array(ncol);
  const nums: (Float64Array | null)[] = [];
  const texts: ((string | null)[] | null)[] = [];
  // Text columns are dictionary-encoded as they are read (Column.codes / labels).
  const dicts: (TextDictionary | null)[] = [];
  const stats: ColumnStats[] = [];
  for (let j = 0; j < ncol; j++) {
    const k = decisions[j].kind;
    kinds[j] = k === "text" ? KIND_TEXT : k === "date" ? KIND_DATE : KIND_NUMBER;
    nums.push(k === "text" ? null : new Float64Array(cap));
    texts.push(k === "text" ? new Array<string | null>(cap) : null);
    dicts.push(k === "text" ? new TextDictionary(cap) : null);
    stats.push(newStats());
  }
  const shift = grid.date1904 ? DAYS_1904 : 0;
  const yearCols = decisions.map((d) => d.kind === "date" && d.years);
  // Sums of the kept rows, for the rows labelled "Total ..." whose other dimension cells are filled (see below).
  const sums = new RunningSums(nums, kinds, KIND_NUMBER);
  for (let r = start; r <= end; r++) {
    const row = rows[r];
    classifyRow(row, co, ncol, headerAt, rc);
    // A label that only starts or ends with a total word ("Total Nord", or a product named "Total Care Kit") is a
    // subtotal when the row's other dimension cells are empty, or when its amounts are the sums of the rows above.
    if ((rc.reason === "total" || rc.reason === "subtotal") && isLooseTotalLabel(rc.label!) && otherTextFilled(row!, co, ncol, kinds, rc.labelCol) && !sums.matches(row!, co, nKept)) {
      rc.reason = null;
    }
    if (rc.reason !== null) {
      if (rc.reason === "total" || rc.reason === "subtotal" || rc.reason === "section") sums.boundary(nKept);
      const ex: ExcludedRow = { row: grid.top + r, reason: rc.reason };
      if (rc.label !== null && rc.reason !== "blank") ex.text = rc.label.trim().slice(0, 120);
      excluded.push(ex);
      if (rc.reason === "section") {
        sectionNames.push(rc.label!.trim());
        currentSection = sectionNames.length - 1;
        if (!sectionOfKept) sectionOfKept = new Int32Array(cap).fill(-1);
      }
      continue;
    }
    const i = nKept++;
    kept[i] = r;
    if (sectionOfKept) sectionOfKept[i] = currentSection;
    for (let j = 0; j < ncol; j++) {
      const v = row![co + j];
      const kind = kinds[j];
      if (kind === KIND_NUMBER) {
        if (typeof v === "number" && v - v === 0) {
          nums[j]![i] = v;
          stats[j].values++;
        } else nums[j]![i] = readNumericCell(v, decisions[j], shift, stats[j], i);
      } else if (kind === KIND_TEXT) {
        if (typeof v === "string" && v !== "") {
          const c0 = v.charCodeAt(0);
          const cl = v.charCodeAt(v.length - 1);
          if (c0 > 35 && cl > 32 && cl !== 0xa0 && cl !== 0x202f && c0 !== 0xa0 && c0 !== 0x202f) {
            texts[j]![i] = dicts[j]!.put(i, v);
            stats[j].values++;
            continue;
          }
        }
        texts[j]![i] = dicts[j]!.put(i, readTextCell(v, stats[j], i));
      } else if (typeof v === "number" && !yearCols[j] && v + shift >= 1 && v + shift <= MAX_SERIAL) {
        // A date column's serial: stored as is (1904 serials shifted to the 1900 system).
        nums[j]![i] = v + shift;
        const st = stats[j];
        st.values++;
        st.fromSerial++;
        st.granularity.day++;
      } else nums[j]![i] = readNumericCell(v, decisions[j], shift, stats[j], i);
    }
  }
  // Trailing blank rows, notes and sections after the last data row are outside the table (footnotes): ignored.
  const lastKeptRow = nKept > 0 ? grid.top + kept[nKept - 1] : layout.firstDataRow - 1;
  let trailing = excluded.length;
  while (trailing > 0 && excluded[trailing - 1].row > lastKeptRow && excluded[trailing - 1].reason !== "total" && excluded[trailing - 1].reason !== "subtotal") trailing--;
  excluded.splice(trailing);
  const lastRow = Math.max(lastKeptRow, excluded.length > 0 ? excluded[excluded.length - 1].row : lastKeptRow);

  // 3. Hierarchical codes (NAICS, chart of accounts): parent rows are subtotals of the rows below them.
  const hier = hierarchySubtotals(rows, kept.subarray(0, nKept), co, headers, decisions, sectionOfKept);
  if (hier.parents.length > 0) {
    const drop = new Uint8Array(nKept);
    for (const p of hier.parents) drop[p.i] = 1;
    for (const p of hier.parents) excluded.push({ row: grid.top + kept[p.i], reason: "subtotal", text: p.text });
    excluded.sort((a, b) => a.row - b.row);
    // The dropped rows' cells no longer count: read them again into scratch stats and subtract.
    for (let i = 0; i < nKept; i++) {
      if (!drop[i]) continue;
      const row = rows[kept[i]];
      for (let j = 0; j < ncol; j++) {
        const tmp = newStats();
        const v = row?.[co + j];
        if (kinds[j] === KIND_TEXT) readTextCell(v, tmp, 0);
        else readNumericCell(v, decisions[j], shift, tmp, 0);
        subtractStats(stats[j], tmp);
      }
    }
    // Compact every array in place; problem cells noted for messages are re-indexed.
    const newIndex = new Int32Array(nKept).fill(-1);
    let k = 0;
    for (let i = 0; i < nKept; i++) {
      if (drop[i]) continue;
      newIndex[i] = k;
      kept[k] = kept[i];
      if (sectionOfKept) sectionOfKept[k] = sectionOfKept[i];
      for (let j = 0; j < ncol; j++) {
        const a = nums[j];
        if (a) a[k] = a[i];
        else {
          texts[j]![k] = texts[j]![i];
          dicts[j]!.move(i, k);
        }
      }
      k++;
    }
    for (const st of stats) {
      st.unreadableAt = st.unreadableAt.map((i) => newIndex[i]).filter((i) => i >= 0);
      st.errorAt = st.errorAt.map((i) => newIndex[i]).filter((i) => i >= 0);
      st.suppressedAt = st.suppressedAt.map((i) => newIndex[i]).filter((i) => i >= 0);
    }
    nKept = k;
    messages.push(msg("read.hierarchySubtotals", "info", sheet, { column: headers[hier.column], count: hier.parents.length }));
  }

  kept = kept.subarray(0, nKept);
  if (sectionOfKept) sectionOfKept = sectionOfKept.subarray(0, nKept);
  const rowNumbers = new Int32Array(nKept);
  for (let i = 0; i < nKept; i++) rowNumbers[i] = grid.top + kept[i];

  // 4. Columns.
  const columns: Column[] = [];
  for (let j = 0; j < ncol; j++) {
    const d = decisions[j];
    const st = stats[j];
    const col: Column = { index: j, header: headers[j], sheetColumn: layout.left + j, kind: d.kind };
    const parts = layout.headerParts?.[j];
    if (parts && parts.length > 1) col.headerParts = parts.slice();
    const fmt = grid.columnFormats?.[co + j];
    if (fmt && fmt !== "General") col.numberFormat = fmt;
    if (d.kind === "text") {
      const t = texts[j]!;
      t.length = nKept;
      col.text = t;
      const enc = dicts[j]!.finish(nKept, hier.parents.length > 0);
      if (enc) {
        col.codes = enc.codes;
        col.labels = enc.labels;
      }
    } else {
      col.numbers = nums[j]!.subarray(0, nKept);
      if (d.kind === "date") col.dateGranularity = finest(st, d);
    }
    if (periodCols.has(layout.left + j)) {
      const p = periodOfLabel(headers[j], true);
      if (p) col.period = p.serial !== undefined ? { label: headers[j], serial: p.serial, granularity: p.granularity } : { label: headers[j], granularity: p.granularity };
      else col.period = { label: headers[j], granularity: "day" };
    }
    columns.push(col);
    columnMessages(messages, sheet, col, d, st, rowNumbers);
  }
  suppressedMessage(messages, sheet, columns, stats, rowNumbers);

  // 5. Sections become a column, so that "NOT ADJUSTED" and "ADJUSTED" rows stay apart.
  if (sectionOfKept && sectionNames.length > 0) {
    const text: (string | null)[] = new Array(nKept);
    for (let i = 0; i < nKept; i++) text[i] = sectionOfKept[i] >= 0 ? sectionNames[sectionOfKept[i]] : null;
    columns.push({ index: columns.length, header: "Section", kind: "text", text, derived: true, roleReason: "section rows" });
    messages.push(msg("read.sectionColumn", "info", sheet, { sections: sectionNames.slice(0, 6).join(", "), count: sectionNames.length }));
  }

  // 6. Roles, derived columns, overrides.
  const candidates: NonNullable<DataSet["candidates"]> = {};
  const roles = assignRoles(columns, options.overrides, messages, sheet, layout.kind === "summary", candidates);
  textWhereNumbersExpected(messages, sheet, columns, rowNumbers);

  // 7. Rows left out, summarised by reason.
  excludedMessages(messages, sheet, excluded);
  if (nKept === 0) messages.push(msg("read.noDataRows", "warning", sheet, { address: rangeAddress(layout.top, layout.left, Math.max(layout.top, lastRow), layout.right) }, layout.top));
  if (layout.kind === "summary") messages.push(msg("read.summaryNotData", "info", sheet, {}, layout.top));

  const address = rangeAddress(layout.top, layout.left, Math.max(lastRow, layout.headerRows[layout.headerRows.length - 1] ?? layout.top, layout.top), layout.right);
  const ds: DataSet = {
    id: options.id ?? (layout.tableName ? `table:${layout.tableName}` : `sheet:${sheet}!${address}`),
    sheet,
    address,
    headerRows: layout.headerRows.slice(),
    rowNumbers,
    columns,
    roles,
    candidates,
    excluded,
    messages: [...layout.messages, ...messages],
    kind: layout.kind,
  };
  if (layout.tableName) ds.tableName = layout.tableName;
  return ds;
}

/** Does the row hold a text in a text column other than the label's? */
function otherTextFilled(row: readonly CellValue[], co: number, ncol: number, kinds: Uint8Array, labelCol: number): boolean {
  for (let j = 0; j < ncol; j++) {
    if (j === labelCol || kinds[j] !== KIND_TEXT) continue;
    const v = row[co + j];
    if (typeof v === "string" && v !== "" && !isBlankText(v)) return true;
  }
  return false;
}

/**
 * Column sums of the kept rows since the last total / subtotal / section (the segment) and since the start of the
 * block, extended as rows are kept (each row is added once: O(rows) in all, however many rows are checked).
 */
class RunningSums {
  private readonly cols: number[] = [];
  private readonly seg: Float64Array;
  private readonly all: Float64Array;
  private segFrom = 0;
  private upto = 0;

  constructor(
    private readonly nums: readonly (Float64Array | null)[],
    kinds: Uint8Array,
    numberKind: number,
  ) {
    for (let j = 0; j < kinds.length; j++) if (kinds[j] === numberKind && nums[j]) this.cols.push(j);
    this.seg = new Float64Array(kinds.length);
    this.all = new Float64Array(kinds.length);
  }

  /** A total / subtotal / section row: the next segment starts at kept row `nKept`. */
  boundary(nKept: number): void {
    this.extend(nKept);
    this.segFrom = nKept;
    this.seg.fill(0);
  }

  private extend(nKept: number): void {
    for (; this.upto < nKept; this.upto++) {
      for (const j of this.cols) {
        const v = this.nums[j]![this.upto];
        if (v === v) {
          this.seg[j] += v;
          this.all[j] += v;
        }
      }
    }
  }

  /**
   * Are the row's amounts the sums of the segment's rows (or of all rows above)? At least one number column must
   * match, and at least half of the number columns the row fills (averages and rates do not add up), within rounding:
   * 1e-6 relative, or the sum rounded to the decimals the total shows.
   */
  matches(row: readonly CellValue[], co: number, nKept: number): boolean {
    this.extend(nKept);
    const test = (sums: Float64Array): boolean => {
      let compared = 0;
      let equal = 0;
      for (const j of this.cols) {
        const v = row[co + j];
        if (typeof v !== "number" || v !== v) continue;
        compared++;
        if (sameWithinRounding(v, sums[j])) equal++;
      }
      return equal > 0 && equal * 2 >= compared;
    };
    return (nKept > this.segFrom && test(this.seg)) || (nKept > 0 && this.segFrom > 0 && test(this.all));
  }
}

function sameWithinRounding(total: number, sum: number): boolean {
  if (Math.abs(total - sum) <= 1e-6 * Math.max(1, Math.abs(sum))) return true;
  const t = String(total);
  const dot = t.indexOf(".");
  if (t.includes("e")) return false;
  const decimals = dot < 0 ? 0 : Math.min(6, t.length - dot - 1);
  const f = 10 ** decimals;
  return Math.round(sum * f) / f === total;
}

/** a -= b for every counter of two ColumnStats. */
function subtractStats(a: ColumnStats, b: ColumnStats): void {
  a.values -= b.values;
  a.fromText -= b.fromText;
  a.fromSerial -= b.fromSerial;
  a.empty -= b.empty;
  a.missing -= b.missing;
  a.suppressed -= b.suppressed;
  a.errors -= b.errors;
  a.unreadable -= b.unreadable;
  a.ambiguous -= b.ambiguous;
  a.percentText -= b.percentText;
  a.granularity.day -= b.granularity.day;
  a.granularity.month -= b.granularity.month;
  a.granularity.quarter -= b.granularity.quarter;
  a.granularity.year -= b.granularity.year;
}

function finest(st: ColumnStats, d: ColumnDecision): "day" | "month" | "quarter" | "year" {
  const g = st.granularity;
  if (g.day > 0) return "day";
  if (g.month > 0) return "month";
  if (g.quarter > 0) return "quarter";
  if (g.year > 0) return "year";
  return d.granularity ?? "day";
}

const FRENCH_WORDS = /\b(ca|chiffre|affaires|cout|couts|marge|produit|produits|quantite|qte|prix|client|clients|mois|annee|montant|ventes|vente|pays|canal|achat|achats|revient|remise|famille|libelle|designation|periode|trimestre|ht|ttc|societe|marche|concurrent)\b/;

/** Do the headers look French (a hint for "1,234" when the workbook's locale is unknown)? */
export function looksFrench(headers: string[]): boolean {
  let fr = 0;
  for (const h of headers) {
    if (/[éèêàçûôî]/i.test(h) || FRENCH_WORDS.test(normaliseWords(h))) fr++;
  }
  return fr > 0 && fr >= headers.length * 0.2;
}

function msg(code: string, severity: OpsMessage["severity"], sheet: string, params?: Record<string, string | number>, row?: number, address?: string, column?: number): OpsMessage {
  const m: OpsMessage = { code, severity, location: { sheet } };
  if (params) m.params = params;
  if (row !== undefined) m.location!.row = row;
  if (column !== undefined) m.location!.column = column;
  if (address !== undefined) m.location!.address = address;
  return m;
}

function cellsList(col: Column, at: number[], rowNumbers: Int32Array, total: number): string {
  const sc = col.sheetColumn ?? 0;
  const list = at.slice(0, LISTED_CELLS).map((i) => cellAddress(rowNumbers[i], sc));
  return total > list.length ? `${list.join(", ")}…` : list.join(", ");
}

function columnMessages(out: OpsMessage[], sheet: string, col: Column, d: ColumnDecision, st: ColumnStats, rowNumbers: Int32Array): void {
  const sc = col.sheetColumn ?? 0;
  const located = (code: string, params: Record<string, string | number>, at: number[]) => {
    const i = at[0];
    if (i === undefined || sc === 0) out.push(msg(code, "warning", sheet, params, undefined, undefined, sc || undefined));
    else out.push(msg(code, "warning", sheet, params, rowNumbers[i], cellAddress(rowNumbers[i], sc), sc));
  };
  if (st.unreadable > 0) {
    const code = col.kind === "date" ? "read.notDate" : "read.notNumber";
    located(code, { column: col.header, count: st.unreadable, cells: cellsList(col, st.unreadableAt, rowNumbers, st.unreadable), example: st.firstUnreadable ?? "" }, st.unreadableAt);
  }
  if (st.errors > 0) {
    located("read.errorCells", { column: col.header, count: st.errors, cells: cellsList(col, st.errorAt, rowNumbers, st.errors), code: st.firstError ?? "#N/A" }, st.errorAt);
  }
  if (col.kind === "number" && d.decimalBasis && st.ambiguous > 0) {
    const code = d.decimalBasis === "column" ? "read.decimalFromColumn" : d.decimalBasis === "locale" ? "read.decimalFromLocale" : d.decimalBasis === "headers" ? "read.decimalFromHeaders" : "read.decimalDefault";
    out.push(msg(code, "info", sheet, { column: col.header, example: d.ambiguousExample ?? "", decimal: d.decimal, count: st.ambiguous }, undefined, undefined, sc));
  }
  if (col.kind === "date") {
    if (st.fromSerial > 0 && st.fromText > 0) out.push(msg("read.dateMixed", "info", sheet, { column: col.header, serials: st.fromSerial, texts: st.fromText }, undefined, undefined, sc));
    if (d.order === "mdy" && d.orderProven && st.fromText > 0) out.push(msg("read.dateMonthFirst", "info", sheet, { column: col.header }, undefined, undefined, sc));
    if (d.years && st.fromText > 0) out.push(msg("read.yearsAsText", "info", sheet, { column: col.header, count: st.fromText }, undefined, undefined, sc));
  }
  if (col.kind === "number" && st.fromText > 0 && st.fromText >= 0.5 * st.values) {
    out.push(msg("read.numbersAsText", "info", sheet, { column: col.header, count: st.fromText }, undefined, undefined, sc));
  }
}

/**
 * A column whose header announces amounts or quantities ("CA HT", "Coût") but whose cells are text: it cannot take
 * its role; say so, naming the first cells.
 */
function textWhereNumbersExpected(out: OpsMessage[], sheet: string, columns: Column[], rowNumbers: Int32Array): void {
  for (const col of columns) {
    if (col.kind !== "text" || col.derived || col.role || !col.text || col.sheetColumn === undefined) continue;
    const m = roleFromHeader(col.header);
    if (!m || !m.role || !NUMERIC_ROLES.includes(m.role) || m.confidence < 0.6) continue;
    const at: number[] = [];
    let count = 0;
    for (let i = 0; i < col.text.length; i++) {
      if (col.text[i] === null) continue;
      count++;
      if (at.length < LISTED_CELLS) at.push(i);
    }
    if (count === 0) continue;
    const first = at[0];
    out.push(msg("read.textNotNumbers", "warning", sheet, { column: col.header, count, cells: cellsList(col, at, rowNumbers, count), example: String(col.text[first]).slice(0, 40) }, rowNumbers[first], cellAddress(rowNumbers[first], col.sheetColumn), col.sheetColumn));
  }
}

/** One message for all suppressed values "(S)" of the block: how many, in how many columns, the first cells. */
function suppressedMessage(out: OpsMessage[], sheet: string, columns: Column[], stats: ColumnStats[], rowNumbers: Int32Array): void {
  let count = 0;
  let cols = 0;
  const cells: { row: number; col: number }[] = [];
  for (let j = 0; j < stats.length; j++) {
    const st = stats[j];
    if (st.suppressed === 0) continue;
    count += st.suppressed;
    cols++;
    for (const i of st.suppressedAt) cells.push({ row: rowNumbers[i], col: columns[j].sheetColumn ?? 0 });
  }
  if (count === 0) return;
  if (cells.length === 0) {
    out.push(msg("read.suppressed", "info", sheet, { count, columns: cols, cells: "…" }));
    return;
  }
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  const list = cells.slice(0, LISTED_CELLS).map((c) => cellAddress(c.row, c.col));
  out.push(msg("read.suppressed", "info", sheet, { count, columns: cols, cells: list.join(", ") + (count > list.length ? "…" : "") }, cells[0].row, cellAddress(cells[0].row, cells[0].col), cells[0].col));
}

function excludedMessages(out: OpsMessage[], sheet: string, excluded: ExcludedRow[]): void {
  const by: Partial<Record<Reason, ExcludedRow[]>> = {};
  for (const e of excluded) (by[e.reason] ??= []).push(e);
  const order: [Reason, string][] = [
    ["total", "read.excludedTotals"],
    ["subtotal", "read.excludedSubtotals"],
    ["section", "read.excludedSections"],
    ["note", "read.excludedNotes"],
    ["header", "read.excludedHeaders"],
    ["blank", "read.excludedBlank"],
  ];
  for (const [reason, code] of order) {
    const list = by[reason];
    if (!list || list.length === 0) continue;
    const rowsText = list.slice(0, 8).map((e) => String(e.row)).join(", ") + (list.length > 8 ? "…" : "");
    const examples = list
      .filter((e) => e.text)
      .slice(0, 3)
      .map((e) => `« ${e.text} »`)
      .join(", ");
    out.push(msg(code, "info", sheet, { count: list.length, rows: rowsText, examples }, list[0].row));
  }
}

interface Hierarchy {
  column: number;
  parents: { i: number; text: string }[];
}

/** Codes of a cell: 441 -> ["441"]; "4411,4412" -> ["4411", "4412"]; "722513, 722514" -> [...]. Null when not digit codes. */
function codesOf(v: CellValue | undefined): string[] | null {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? [String(v)] : null;
  if (typeof v !== "string") return null;
  const s = v.trim();
  if (s === "") return [];
  if (!/^\d+(?:\s*[,;/]\s*\d+)*$/.test(s)) return null;
  return s.split(/\s*[,;/]\s*/);
}

function hierarchySubtotals(
  rows: readonly (readonly CellValue[])[],
  kept: Int32Array,
  co: number,
  headers: string[],
  decisions: ColumnDecision[],
  sectionOfKept: Int32Array | null,
): Hierarchy {
  const none: Hierarchy = { column: -1, parents: [] };
  const n = kept.length;
  if (n < 3) return none;
  for (let j = 0; j < headers.length; j++) {
    if (!isCodeHeader(headers[j])) continue;
    // All (non-empty) values must be digit codes of varying lengths.
    const codes: (string[] | null)[] = new Array(n);
    let filled = 0;
    let bad = 0;
    const lengths = new Set<number>();
    for (let i = 0; i < n; i++) {
      const c = codesOf(rows[kept[i]]?.[co + j]);
      codes[i] = c;
      if (c === null) {
        if (++bad > 0.05 * n) break; // not a column of digit codes: stop early on long tables
      } else if (c.length > 0) {
        filled++;
        for (const x of c) lengths.add(x.length);
      }
    }
    if (bad > 0.05 * n || filled < 0.6 * n || lengths.size < 2) continue;
    const label = labelColumn(headers, decisions, j);
    const parents: { i: number; text: string }[] = [];
    for (let i = 0; i < n; i++) {
      const c = codes[i];
      if (!c) continue;
      const text = label >= 0 ? String(rows[kept[i]]?.[co + label] ?? "").trim() : "";
      if (c.length === 0) {
        // A row without code in a coded table: an aggregate ("Retail sales, total", "... excl. gasoline stations").
        parents.push({ i, text });
        continue;
      }
      const next = i + 1 < n ? codes[i + 1] : null;
      if (!next || next.length === 0) continue;
      if (sectionOfKept && sectionOfKept[i] !== sectionOfKept[i + 1]) continue;
      if (isParent(c, next)) parents.push({ i, text: text ? `${c.join(",")} ${text}` : c.join(",") });
    }
    const realParents = parents.filter((p) => (codes[p.i]?.length ?? 0) > 0).length;
    if (realParents >= 2) return { column: j, parents };
  }
  return none;
}

/** Is code set a the parent of code set b: every code of b starts with a code of a, and they differ? */
function isParent(a: string[], b: string[]): boolean {
  if (a.length === b.length && a.every((x, k) => x === b[k])) return false;
  let longer = false;
  for (const y of b) {
    const p = a.find((x) => y.startsWith(x));
    if (p === undefined) return false;
    if (y.length > p.length) longer = true;
  }
  return longer || b.length < a.length;
}

function labelColumn(headers: string[], decisions: ColumnDecision[], codeCol: number): number {
  for (let j = codeCol + 1; j < headers.length; j++) if (decisions[j].kind === "text") return j;
  for (let j = 0; j < headers.length; j++) if (j !== codeCol && decisions[j].kind === "text") return j;
  return -1;
}

function looksLikeCodes(sample: readonly (CellValue | undefined)[]): boolean {
  let n = 0;
  for (const v of sample) {
    if (v === "" || v === null || v === undefined) continue;
    if (typeof v === "boolean") return false;
    if (typeof v === "number" ? !Number.isInteger(v) || v < 0 : !/^[\dA-Za-z][\w.\-/, ]*$/.test(v.trim())) return false;
    n++;
  }
  return n > 0;
}

function overrideFor(overrides: RoleOverrides | undefined, header: string): ColumnRole | null {
  if (!overrides) return null;
  if (header in overrides) return overrides[header] ?? null;
  const k = normaliseWords(header);
  for (const [key, role] of Object.entries(overrides)) if (normaliseWords(key) === k) return role ?? null;
  return null;
}
