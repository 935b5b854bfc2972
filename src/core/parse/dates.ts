/**
 * Dates and periods, French and English, as Excel serial numbers in the 1900 system.
 *
 * - Serial numbers: 1900 system (serial 1 = 1 Jan 1900, serial 60 = the phantom 29 Feb 1900 Excel keeps for Lotus
 *   compatibility, serial 61 = 1 Mar 1900) and 1904 system (serial 0 = 1 Jan 1904), converted to the 1900 system.
 * - Text: ISO "2024-03-15", "15/03/2024" (French order; "03/15/2024" only when the column proves month-first),
 *   "15 mars 2024", "March 15, 2024", month and year "déc. 2024", "Jan. 2021", "Sep. 2021(p)", "2024 Jan", "janv-24",
 *   quarters "T1 2024", "Q1 2024", "2024-Q1", years stored as text "2014".
 * A period is given by the serial of its first day and its granularity.
 */
import type { CellValue } from "../types";
import { isExcelErrorText } from "./number";
import { foldAccents } from "./text";

export type DateGranularity = "day" | "month" | "quarter" | "year";
export type DateOrder = "dmy" | "mdy";

export type DateParse =
  | { kind: "date"; serial: number; granularity: DateGranularity; fromText: boolean }
  | { kind: "empty" }
  | { kind: "error"; code: string }
  | { kind: "text" };

export interface DateParseOptions {
  /** The workbook uses the 1904 date system: numbers are converted to 1900 serials. */
  date1904?: boolean;
  /** Order of d/m in "03/04/2024": French day-first unless the column proved month-first. */
  order?: DateOrder;
  /** Read bare integers 1900..2100 (numbers or text) as years; set for columns whose header says year/année. */
  yearNumbers?: boolean;
  /** Accept numbers as serials (the column is a date column). Default true. */
  serials?: boolean;
}

const MS_PER_DAY = 86400000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** Last valid Excel serial: 31 Dec 9999. */
export const MAX_SERIAL = 2958465;
/** Days between the 1900 and 1904 systems. */
export const DAYS_1904 = 1462;

/** Serial (1900 system) of a calendar date; month 1..12. Dates before 1 Mar 1900 count the phantom 29 Feb 1900. */
export function serialFromYMD(y: number, m: number, d: number): number {
  if (y === 1900 && m === 2 && d === 29) return 60;
  const days = Math.round((Date.UTC(y, m - 1, d) - EPOCH_1900) / MS_PER_DAY);
  return days < 61 ? days - 1 : days;
}

/** Calendar date of a serial (1900 system), time of day dropped. Serial 60 is { 1900, 2, 29 } as Excel shows it. */
export function ymdFromSerial(serial: number): { y: number; m: number; d: number } {
  const whole = Math.floor(serial);
  if (whole === 60) return { y: 1900, m: 2, d: 29 };
  const days = whole < 60 ? whole + 1 : whole;
  const dt = new Date(EPOCH_1900 + days * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** A serial read from a 1904-system workbook, in the 1900 system. */
export function serialFrom1904(serial1904: number): number {
  return serial1904 + DAYS_1904;
}

/** ISO text of a serial's day ("2024-03-15"), for messages and labels. */
export function isoFromSerial(serial: number): string {
  const { y, m, d } = ymdFromSerial(serial);
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const MONTHS: Record<string, number> = {};
(
  [
    ["janvier", "janv", "jan", "january"],
    ["fevrier", "fevr", "fev", "feb", "february", "fevier"],
    ["mars", "mar", "march"],
    ["avril", "avr", "apr", "april"],
    ["mai", "may"],
    ["juin", "jun", "june"],
    ["juillet", "juil", "jul", "july", "juill"],
    ["aout", "aou", "aug", "august"],
    ["septembre", "sept", "sep", "september"],
    ["octobre", "oct", "october"],
    ["novembre", "nov", "november"],
    ["decembre", "dec", "december"],
  ] as const
).forEach((names, i) => {
  for (const n of names) MONTHS[n] = i + 1;
});

/** Month number of a month name or abbreviation, French or English, accents/case/trailing dot ignored; 0 if none. */
export function monthFromName(s: string): number {
  const k = foldAccents(s).replace(/\.$/, "").trim();
  return MONTHS[k] ?? 0;
}

/** Two-digit years as Excel reads them: 00-29 -> 2000s, 30-99 -> 1900s. */
function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 30 ? 2000 + n : 1900 + n;
}

function validYMD(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  if (y === 1900 && m === 2 && d === 29) return true;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= dim;
}

const MONTH_WORD = "([a-zéèêûôîàç]{3,10}\\.?)";
const RE_ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?$/;
const RE_NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;
const RE_DAY_MONTH_YEAR = new RegExp(`^(\\d{1,2})(?:er)?[ -]${MONTH_WORD}[ ,-]*(\\d{2}|\\d{4})$`);
const RE_MONTH_DAY_YEAR = new RegExp(`^${MONTH_WORD} (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})$`);
const RE_MONTH_YEAR = new RegExp(`^${MONTH_WORD}[ \\-/']*(\\d{4}|\\d{2})$`);
const RE_YEAR_MONTH = new RegExp(`^(\\d{4})[ \\-/]+${MONTH_WORD}$`);
const RE_YEAR_MONTH_NUM = /^(\d{4})[-/.](\d{1,2})$/;
const RE_MONTH_NUM_YEAR = /^(\d{1,2})[/.](\d{4})$/;
const RE_QUARTER_YEAR = /^(?:[tq]|trim(?:estre)?\.? ?)([1-4])[ \-/]*(?:'|fy)?(\d{4}|\d{2})$/;
const RE_YEAR_QUARTER = /^(\d{4})[ \-/]*(?:[tq]|trim(?:estre)?\.? ?)([1-4])$/;
const RE_ORDINAL_QUARTER = /^([1-4])(?:er|e|eme|st|nd|rd|th)? ?(?:trimestre|trim\.?|quarter|qtr|t|q) ?(\d{4})$/;
const RE_YEAR = /^(?:fy ?|ex ?|annee |year )?(\d{4})$/;
/** Marks left by statistics offices after a period: "(p)" preliminary, "(r)" revised, "(e)" estimate, "*". */
const RE_ANNOTATION = /\s*(?:\((?:p|r|e|est|prov|prel|\d)\)|\*+)$/;

/**
 * Parses a text as a date or period. Returns null when it is not one. `order` decides "03/04/2024".
 * Years alone ("2014") are read only with `yearNumbers`.
 */
export function parseDateText(text: string, order: DateOrder = "dmy", yearNumbers = false): { serial: number; granularity: DateGranularity } | null {
  if (text.length < 4 || text.length > 60 || !/\d/.test(text)) return null;
  let s = foldAccents(text.trim()).replace(/[\u00a0\u202f\u2009]/g, " ").replace(/\s+/g, " ");
  s = s.replace(RE_ANNOTATION, "");
  if (s.length < 4 || s.length > 40) return null;
  const c0 = s.charCodeAt(0);
  const startsDigit = c0 >= 48 && c0 <= 57;
  let m: RegExpExecArray | null;
  if (startsDigit) {
    if ((m = RE_ISO.exec(s))) return ymd(Number(m[1]), Number(m[2]), Number(m[3]), "day");
    if ((m = RE_NUMERIC.exec(s))) {
      const a = Number(m[1]);
      const b = Number(m[2]);
      const y = fullYear(m[3]);
      return order === "mdy" ? ymd(y, a, b, "day") : ymd(y, b, a, "day");
    }
    if ((m = RE_YEAR.exec(s))) return yearPeriod(Number(m[1]), yearNumbers);
    if ((m = RE_YEAR_QUARTER.exec(s))) return quarter(Number(m[1]), Number(m[2]));
    if ((m = RE_ORDINAL_QUARTER.exec(s))) return quarter(Number(m[2]), Number(m[1]));
    if ((m = RE_YEAR_MONTH_NUM.exec(s))) return ymd(Number(m[1]), Number(m[2]), 1, "month");
    if ((m = RE_MONTH_NUM_YEAR.exec(s))) return ymd(Number(m[2]), Number(m[1]), 1, "month");
    if ((m = RE_DAY_MONTH_YEAR.exec(s))) {
      const mo = monthFromName(m[2]);
      return mo ? ymd(fullYear(m[3]), mo, Number(m[1]), "day") : null;
    }
    if ((m = RE_YEAR_MONTH.exec(s))) {
      const mo = monthFromName(m[2]);
      return mo ? ymd(Number(m[1]), mo, 1, "month") : null;
    }
    return null;
  }
  if ((m = RE_QUARTER_YEAR.exec(s))) return quarter(fullYear(m[2]), Number(m[1]));
  if ((m = RE_YEAR.exec(s))) return yearPeriod(Number(m[1]), true);
  if ((m = RE_MONTH_YEAR.exec(s))) {
    const mo = monthFromName(m[1]);
    return mo ? ymd(fullYear(m[2]), mo, 1, "month") : null;
  }
  if ((m = RE_MONTH_DAY_YEAR.exec(s))) {
    const mo = monthFromName(m[1]);
    return mo ? ymd(Number(m[3]), mo, Number(m[2]), "day") : null;
  }
  // "lundi 15 mars 2024", "Monday, March 15, 2024": drop a leading weekday.
  const wd = /^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? (.+)$/.exec(s);
  if (wd) return parseDateText(wd[1], order, yearNumbers);
  return null;
}

function ymd(y: number, m: number, d: number, granularity: DateGranularity): { serial: number; granularity: DateGranularity } | null {
  return validYMD(y, m, d) ? { serial: serialFromYMD(y, m, d), granularity } : null;
}

function quarter(y: number, q: number): { serial: number; granularity: DateGranularity } | null {
  return ymd(y, (q - 1) * 3 + 1, 1, "quarter");
}

function yearPeriod(y: number, allowed: boolean): { serial: number; granularity: DateGranularity } | null {
  if (!allowed || y < 1900 || y > 2200) return null;
  return { serial: serialFromYMD(y, 1, 1), granularity: "year" };
}

/** Is this integer a plausible year (for columns such as "Year" / "Année" / "Exercice")? */
export function isYearNumber(v: number): boolean {
  return Number.isInteger(v) && v >= 1900 && v <= 2200;
}

/**
 * Parses one cell as a date. Numbers are serials (1904 system converted) unless `yearNumbers` reads 1900..2200 as
 * years. Never throws.
 */
export function parseDateCell(v: CellValue | undefined, opts: DateParseOptions = {}): DateParse {
  if (v === null || v === undefined || v === "") return { kind: "empty" };
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return { kind: "text" };
    if (opts.yearNumbers && isYearNumber(v)) return { kind: "date", serial: serialFromYMD(v, 1, 1), granularity: "year", fromText: false };
    if (opts.serials === false) return { kind: "text" };
    const serial = opts.date1904 ? v + DAYS_1904 : v;
    if (serial < 1 || serial > MAX_SERIAL) return { kind: "text" };
    return { kind: "date", serial, granularity: "day", fromText: false };
  }
  if (typeof v === "boolean") return { kind: "text" };
  const raw = v.trim();
  if (raw === "") return { kind: "empty" };
  if (raw[0] === "#" && isExcelErrorText(raw)) return { kind: "error", code: raw.toUpperCase() };
  const r = parseDateText(raw, opts.order ?? "dmy", opts.yearNumbers ?? false);
  return r ? { kind: "date", serial: r.serial, granularity: r.granularity, fromText: true } : { kind: "text" };
}

/**
 * For a "a/b/yyyy" text, which orders it allows: day-first proven when a > 12, month-first proven when b > 12.
 * Used by the column reader to decide the order from the whole column.
 */
export function numericDateEvidence(text: string): "dmy" | "mdy" | "either" | null {
  const m = RE_NUMERIC.exec(text.trim());
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a > 12 && b <= 12) return "dmy";
  if (b > 12 && a <= 12) return "mdy";
  if (a <= 12 && b <= 12) return "either";
  return null;
}

/**
 * Is an Excel number format a date format? True for "dd/mm/yyyy", "mm-dd-yy", "[$-40C]mmm-yy", "d-mmm"; false for
 * "0.00", "#,##0 €", "h:mm" (time only), "General", "@".
 */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = fmt.split(";")[0].replace(/"[^"]*"/g, "").replace(/\[[^\]]*\]/g, "").replace(/\\./g, "").toLowerCase();
  if (f === "general" || f === "@") return false;
  if (/[0#?]/.test(f)) return false;
  return /[dy]/.test(f) || /m{3,}/.test(f) || (/m/.test(f) && !/[hs]/.test(f));
}

/** Is an Excel number format a percentage? */
export function isPercentFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /%/.test(fmt.split(";")[0].replace(/"[^"]*"/g, ""));
}
