/**
 * Column-level typing: deciding from a sample of a column (and its header, number format and the workbook's locale)
 * whether it holds numbers, dates or text, which decimal separator an ambiguous "1,234" uses, and whether "03/04/2024"
 * is day-first; then parsing the whole column into a Float64Array or text, counting every cell by class.
 *
 * Hot path: a cell that is already a number is stored as is (no regex, no allocation).
 */
import type { CellValue, ColumnKind } from "../types";
import { isDateFormat, isPercentFormat, isYearNumber, numericDateEvidence, parseDateText, DAYS_1904, MAX_SERIAL, type DateGranularity, type DateOrder } from "./dates";
import { parseNumberCell } from "./number";
import { isBlankText } from "./text";

export interface ColumnContext {
  header: string;
  /** Excel number format of the column's first data cell. */
  format?: string;
  date1904?: boolean;
  /** Decimal separator of the workbook / user culture when known. */
  localeDecimal?: "," | ".";
  /** The header says dates / periods ("Date", "Mois", "Année"...). */
  dateHeader?: boolean;
  /** The header says years ("Année", "Year", "Exercice"). */
  yearHeader?: boolean;
  /** The headers of the table look French: used as the last hint for the decimal separator. */
  frenchHeaders?: boolean;
}

export type DecimalBasis = "column" | "locale" | "headers" | "default";

export interface ColumnDecision {
  kind: ColumnKind;
  /** number columns: decimal separator used for text cells. */
  decimal: "," | ".";
  /** How the decimal separator was decided, when some text cells were ambiguous ("1,234"). */
  decimalBasis?: DecimalBasis;
  /** An ambiguous text seen in the sample ("1,234"), for the message. */
  ambiguousExample?: string;
  /** date columns: d/m order for "03/04/2024". */
  order: DateOrder;
  /** date columns: the order was proven by the column (a day > 12 in first or second place). */
  orderProven?: boolean;
  /** date columns: bare integers / 4-digit texts are years. */
  years: boolean;
  /** Finest granularity seen in the sample. */
  granularity?: DateGranularity;
  /** number columns: values are rates (percent format or "12 %" text). */
  percent: boolean;
}

/** What one sample cell looks like. */
interface Tally {
  nonEmpty: number;
  numbers: number;
  numberText: number;
  percentText: number;
  yearLike: number;
  dateText: number;
  /** Numbers that are valid serials (1 .. 31 Dec 9999). */
  serialAny: number;
  /** Numbers between 10000 and 80000 (1927 .. 2119): serials a date column would hold. */
  serialPlausible: number;
  missing: number;
  errors: number;
  text: number;
  commaDecimal: number;
  dotDecimal: number;
  ambiguous: number;
  ambiguousExample?: string;
  dmy: number;
  mdy: number;
  granularity: Record<DateGranularity, number>;
}

function newTally(): Tally {
  return {
    nonEmpty: 0, numbers: 0, numberText: 0, percentText: 0, yearLike: 0, dateText: 0, serialAny: 0, serialPlausible: 0, missing: 0, errors: 0, text: 0,
    commaDecimal: 0, dotDecimal: 0, ambiguous: 0, dmy: 0, mdy: 0, granularity: { day: 0, month: 0, quarter: 0, year: 0 },
  };
}

const RE_COMMA_DECIMAL = /\d,\d{1,2}(?!\d)|\d,\d{4,}|^\s*[-(]?\s*0,\d|\d\.\d{3}\.|\d\.\d{3},\d/;
const RE_DOT_DECIMAL = /\d\.\d{1,2}(?!\d)|\d\.\d{4,}|^\s*[-(]?\s*0\.\d|\d,\d{3},|\d,\d{3}\.\d/;

function tallyCell(t: Tally, v: CellValue | undefined): void {
  if (v === null || v === undefined || v === "") return;
  if (typeof v === "number") {
    t.nonEmpty++;
    t.numbers++;
    if (isYearNumber(v)) t.yearLike++;
    if (v >= 1 && v <= MAX_SERIAL) t.serialAny++;
    if (v >= 10000 && v <= 80000) t.serialPlausible++;
    return;
  }
  if (typeof v === "boolean") {
    t.nonEmpty++;
    t.text++;
    return;
  }
  if (isBlankText(v)) return;
  t.nonEmpty++;
  const n = parseNumberCell(v);
  if (n.kind === "error") {
    t.errors++;
    return;
  }
  if (n.kind === "missing") {
    t.missing++;
    return;
  }
  const s = v.trim();
  if (/^\d{4}$/.test(s) && isYearNumber(Number(s))) {
    t.yearLike++;
    t.numberText++;
    return;
  }
  const d = parseDateText(s, "dmy", false);
  if (d) {
    t.dateText++;
    t.granularity[d.granularity]++;
    const ev = numericDateEvidence(s);
    if (ev === "dmy") t.dmy++;
    else if (ev === "mdy") t.mdy++;
    return;
  }
  if (n.kind === "number") {
    t.numberText++;
    if (n.percent) t.percentText++;
    if (n.ambiguous) {
      t.ambiguous++;
      if (t.ambiguousExample === undefined) t.ambiguousExample = s;
    } else if (RE_COMMA_DECIMAL.test(s)) t.commaDecimal++;
    else if (RE_DOT_DECIMAL.test(s)) t.dotDecimal++;
    return;
  }
  // "mdy"-only dates fail the dmy parse above: count them as dates when the other order reads them.
  const md = parseDateText(s, "mdy", false);
  if (md) {
    t.dateText++;
    t.mdy++;
    t.granularity[md.granularity]++;
    return;
  }
  t.text++;
}

/** Decides a column's kind and reading options from sample cells. Never throws. */
export function decideColumn(sample: readonly (CellValue | undefined)[], ctx: ColumnContext): ColumnDecision {
  const t = newTally();
  for (const v of sample) tallyCell(t, v);
  const informative = t.nonEmpty - t.missing - t.errors;
  const decision: ColumnDecision = { kind: "text", decimal: ".", order: "dmy", years: false, percent: false };
  const fmtDate = isDateFormat(ctx.format);
  decision.percent = isPercentFormat(ctx.format) || (t.percentText > 0 && t.percentText >= 0.5 * t.numberText);

  if (informative <= 0) {
    // Nothing but empty / missing / errors: a number column unless the header says dates.
    decision.kind = ctx.dateHeader || fmtDate ? "date" : t.nonEmpty > 0 ? "number" : "text";
    if (decision.kind === "date") decision.years = Boolean(ctx.yearHeader);
    return decision;
  }

  // Years: a "Year"/"Année"/"Période" column of 2013, 2014 or "2014" (years stored as text).
  if ((ctx.yearHeader || ctx.dateHeader) && t.yearLike >= 0.8 * informative) {
    decision.kind = "date";
    decision.years = true;
    decision.granularity = "year";
    return decision;
  }
  // Serial numbers count as dates when the format says so, or the header does (plausible serials only), or the
  // column also holds dates as text (a column half serials, half text).
  const serials = fmtDate ? t.serialAny : ctx.dateHeader || t.dateText > 0 ? t.serialPlausible : 0;
  const dateLike = t.dateText + serials;
  if (dateLike > 0 && dateLike >= 0.6 * informative) {
    decision.kind = "date";
    if (t.mdy > 0 && t.dmy === 0) {
      decision.order = "mdy";
      decision.orderProven = true;
    } else if (t.dmy > 0) decision.orderProven = true;
    const g = t.granularity;
    decision.granularity = serials > 0 || g.day > 0 ? "day" : g.month > 0 ? "month" : g.quarter > 0 ? "quarter" : "year";
    return decision;
  }
  if (t.numbers + t.numberText >= 0.6 * informative) {
    decision.kind = "number";
    if (t.ambiguous > 0) {
      decision.ambiguousExample = t.ambiguousExample;
      if (t.commaDecimal > t.dotDecimal) {
        decision.decimal = ",";
        decision.decimalBasis = "column";
      } else if (t.dotDecimal > t.commaDecimal) {
        decision.decimal = ".";
        decision.decimalBasis = "column";
      } else if (ctx.localeDecimal) {
        decision.decimal = ctx.localeDecimal;
        decision.decimalBasis = "locale";
      } else if (ctx.frenchHeaders) {
        decision.decimal = ",";
        decision.decimalBasis = "headers";
      } else {
        decision.decimal = ".";
        decision.decimalBasis = "default";
      }
    } else {
      decision.decimal = t.commaDecimal > t.dotDecimal ? "," : t.dotDecimal > t.commaDecimal ? "." : ctx.localeDecimal ?? (ctx.frenchHeaders ? "," : ".");
    }
    return decision;
  }
  decision.kind = "text";
  return decision;
}

/** Counts of every cell of a column by class, and the grid row indices of the first problem cells of each class. */
export interface ColumnStats {
  values: number;
  /** number / date columns: values that came from text ("1 234,56 €", "déc. 2024"). */
  fromText: number;
  /** date columns: values that came from serial numbers. */
  fromSerial: number;
  empty: number;
  missing: number;
  suppressed: number;
  errors: number;
  /** Cells that could not be read as the column's kind. */
  unreadable: number;
  ambiguous: number;
  /** number columns: text cells in percent ("12,5 %"). */
  percentText: number;
  /** First row indices (into the kept rows) of each problem, at most SAMPLE_CELLS each. */
  unreadableAt: number[];
  errorAt: number[];
  suppressedAt: number[];
  firstError?: string;
  firstUnreadable?: string;
  granularity: Record<DateGranularity, number>;
}

export const SAMPLE_CELLS = 8;

export function newStats(): ColumnStats {
  return {
    values: 0, fromText: 0, fromSerial: 0, empty: 0, missing: 0, suppressed: 0, errors: 0, unreadable: 0, ambiguous: 0, percentText: 0,
    unreadableAt: [], errorAt: [], suppressedAt: [], granularity: { day: 0, month: 0, quarter: 0, year: 0 },
  };
}

function note(list: number[], i: number): void {
  if (list.length < SAMPLE_CELLS) list.push(i);
}

/**
 * Reads one cell of a number or date column (the slow path: the caller stores plain numbers of number columns
 * itself). `i` is the row's index in the DataSet, recorded for messages. Never throws.
 */
export function readNumericCell(v: CellValue | undefined, d: ColumnDecision, shift: number, stats: ColumnStats, i: number): number {
  if (typeof v === "number") {
    if (v - v !== 0) {
      // NaN or ±Infinity: Range.values never holds them, but a caller's grid might.
      stats.unreadable++;
      note(stats.unreadableAt, i);
      if (stats.firstUnreadable === undefined) stats.firstUnreadable = String(v);
      return NaN;
    }
    if (d.kind !== "date") {
      stats.values++;
      return v;
    }
    if (d.years && isYearNumber(v)) {
      stats.values++;
      stats.granularity.year++;
      return yearSerial(v);
    }
    const s = v + shift;
    if (s >= 1 && s <= MAX_SERIAL) {
      stats.values++;
      stats.fromSerial++;
      stats.granularity.day++;
      return s;
    }
    stats.unreadable++;
    note(stats.unreadableAt, i);
    if (stats.firstUnreadable === undefined) stats.firstUnreadable = String(v);
    return NaN;
  }
  if (v === "" || v === null || v === undefined) {
    stats.empty++;
    return NaN;
  }
  return d.kind === "date" ? readDateText(v, d, stats, i) : readNumberText(v, d.decimal, stats, i);
}

/**
 * Reads column `col` of `rows[rowIdx[i]]` for every i into `out` (numbers or 1900 serials, NaN when missing).
 * `stats` counts each cell. Never throws.
 */
export function parseNumericColumn(
  rows: readonly (readonly CellValue[])[],
  rowIdx: Int32Array,
  col: number,
  d: ColumnDecision,
  date1904: boolean,
  out: Float64Array,
  stats: ColumnStats,
): void {
  const n = rowIdx.length;
  const shift = date1904 ? DAYS_1904 : 0;
  const plain = d.kind !== "date";
  for (let i = 0; i < n; i++) {
    const row = rows[rowIdx[i]];
    const v = row === undefined ? undefined : row[col];
    if (plain && typeof v === "number" && v - v === 0) {
      out[i] = v;
      stats.values++;
    } else out[i] = readNumericCell(v, d, shift, stats, i);
  }
}

const yearSerials = new Map<number, number>();
function yearSerial(y: number): number {
  let s = yearSerials.get(y);
  if (s === undefined) {
    const r = parseDateText(String(y), "dmy", true);
    s = r ? r.serial : NaN;
    yearSerials.set(y, s);
  }
  return s;
}

const OPTS_COMMA = { decimal: "," as const };
const OPTS_DOT = { decimal: "." as const };

function readNumberText(v: string | boolean, decimal: "," | ".", stats: ColumnStats, i: number): number {
  if (typeof v === "boolean") {
    stats.unreadable++;
    note(stats.unreadableAt, i);
    if (stats.firstUnreadable === undefined) stats.firstUnreadable = v ? "TRUE" : "FALSE";
    return NaN;
  }
  const p = parseNumberCell(v, decimal === "," ? OPTS_COMMA : OPTS_DOT);
  switch (p.kind) {
    case "number":
      stats.values++;
      stats.fromText++;
      if (p.ambiguous) stats.ambiguous++;
      if (p.percent) stats.percentText++;
      return p.value;
    case "empty":
      stats.empty++;
      return NaN;
    case "missing":
      stats.missing++;
      if (p.marker === "suppressed") {
        stats.suppressed++;
        note(stats.suppressedAt, i);
      }
      return NaN;
    case "error":
      stats.errors++;
      note(stats.errorAt, i);
      if (stats.firstError === undefined) stats.firstError = p.code;
      return NaN;
    default:
      stats.unreadable++;
      note(stats.unreadableAt, i);
      if (stats.firstUnreadable === undefined) stats.firstUnreadable = v.trim().slice(0, 40);
      return NaN;
  }
}

function readDateText(v: string | boolean, d: ColumnDecision, stats: ColumnStats, i: number): number {
  if (typeof v === "boolean" || isBlankText(v)) {
    if (typeof v !== "boolean") {
      stats.empty++;
      return NaN;
    }
    stats.unreadable++;
    note(stats.unreadableAt, i);
    return NaN;
  }
  const r = parseDateText(v, d.order, d.years);
  if (r) {
    stats.values++;
    stats.fromText++;
    stats.granularity[r.granularity]++;
    return r.serial;
  }
  const p = parseNumberCell(v);
  if (p.kind === "error") {
    stats.errors++;
    note(stats.errorAt, i);
    if (stats.firstError === undefined) stats.firstError = p.code;
    return NaN;
  }
  if (p.kind === "missing") {
    stats.missing++;
    if (p.marker === "suppressed") {
      stats.suppressed++;
      note(stats.suppressedAt, i);
    }
    return NaN;
  }
  // A serial stored as text ("45292").
  if (p.kind === "number" && Number.isInteger(p.value) && p.value >= 1 && p.value <= MAX_SERIAL && !/[^\d\s]/.test(v.trim())) {
    stats.values++;
    stats.fromText++;
    stats.granularity.day++;
    return p.value;
  }
  stats.unreadable++;
  note(stats.unreadableAt, i);
  if (stats.firstUnreadable === undefined) stats.firstUnreadable = v.trim().slice(0, 40);
  return NaN;
}

const RE_ERROR_TEXT = /^#(N\/A|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|N\/D|VALEUR!|NOM\?|NOMBRE!|NUL!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/;

/** Reads one cell of a text column: trimmed text, null when empty or an error; numbers and booleans as Excel shows them. */
export function readTextCell(v: CellValue | undefined, stats: ColumnStats, i: number): string | null {
  if (typeof v === "string") {
    if (v === "") {
      stats.empty++;
      return null;
    }
    const c0 = v.charCodeAt(0);
    const cl = v.charCodeAt(v.length - 1);
    const s = c0 <= 32 || cl <= 32 || c0 === 0xa0 || cl === 0xa0 || c0 === 0x202f || cl === 0x202f ? v.trim() : v;
    if (s === "") {
      stats.empty++;
      return null;
    }
    if (s.charCodeAt(0) === 35 && RE_ERROR_TEXT.test(s)) {
      stats.errors++;
      note(stats.errorAt, i);
      if (stats.firstError === undefined) stats.firstError = s;
      return null;
    }
    stats.values++;
    return s;
  }
  if (typeof v === "number") {
    if (!Number.isFinite(v)) {
      stats.empty++;
      return null;
    }
    stats.values++;
    return String(v);
  }
  if (typeof v === "boolean") {
    stats.values++;
    return v ? "TRUE" : "FALSE";
  }
  stats.empty++;
  return null;
}

/** Reads a text column: trimmed text, null when empty; numbers and booleans as Excel shows them in General format. */
export function parseTextColumn(
  rows: readonly (readonly CellValue[])[],
  rowIdx: Int32Array,
  col: number,
  out: (string | null)[],
  stats: ColumnStats,
): void {
  const n = rowIdx.length;
  for (let i = 0; i < n; i++) {
    const row = rows[rowIdx[i]];
    out[i] = readTextCell(row === undefined ? undefined : row[col], stats, i);
  }
}
