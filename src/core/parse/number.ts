/**
 * Reading one cell as a number, French or English: "1 234,56 €", "12,5 %", "(1 234)", "$1,234.50", "-", "n/a".
 * Column-level decisions (is "1,234" one thousand or 1.234?) are made by the column reader, which passes `decimal`.
 */
import type { CellValue } from "../types";

export type NumberParse =
  | { kind: "number"; value: number; percent?: boolean; ambiguous?: boolean }
  | { kind: "empty" }
  | { kind: "missing"; marker?: MissingMarker } // "-", "n/a", "NA", "(S)"... explicitly not a value
  | { kind: "error"; code: string } // "#N/A", "#DIV/0!"...
  | { kind: "text" };

/** Why a cell is explicitly not a value: "suppressed" for "(S)"/"(D)"/"(X)" (statistical secrecy), "na" for n/a-like, "dash" for "-". */
export type MissingMarker = "suppressed" | "na" | "dash";

export interface NumberParseOptions {
  /** Decimal separator decided for the column or the workbook; when absent an ambiguous "1,234" is read as 1234 (en). */
  decimal?: "," | ".";
}

const EXCEL_ERRORS = new Set([
  "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!",
  "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#N/D", "#DIV/0 !", "#VALEUR!", "#REF!", "#NOM?", "#NOMBRE!", "#NUL!",
]);
const MISSING = new Set(["-", "–", "—", "n/a", "na", "n.a.", "n.d.", "nd", "(s)", "(x)", "(d)", "(na)", "s.o.", "..", "…", "x", "--", "s/o", "(nd)", "(z)", "nc", "n.c.", "s", "(c)", "secret", "(secret)"]);
const SUPPRESSED = new Set(["(s)", "(x)", "(d)", "s", "(c)", "secret", "(secret)"]);
const DASHES = new Set(["-", "–", "—", "--", "..", "…"]);

/** The kind of "missing" marker of a lower-cased trimmed text already known to be in MISSING. */
function markerOf(lower: string): MissingMarker {
  if (SUPPRESSED.has(lower)) return "suppressed";
  if (DASHES.has(lower)) return "dash";
  return "na";
}
const CURRENCY = /[€$£¥₣]|\b(?:eur|euros?|usd|gbp|chf|k€|m€)\b/gi;
const SPACES = /[\s\u00a0\u202f\u2007\u2009']/g;

export function isExcelErrorText(s: string): boolean {
  return EXCEL_ERRORS.has(s.trim().toUpperCase()) || EXCEL_ERRORS.has(s.trim());
}

/** Parses one cell. Never throws. */
export function parseNumberCell(v: CellValue | undefined, opts: NumberParseOptions = {}): NumberParse {
  if (v === null || v === undefined || v === "") return { kind: "empty" };
  if (typeof v === "number") return Number.isFinite(v) ? { kind: "number", value: v } : { kind: "text" };
  if (typeof v === "boolean") return { kind: "text" };
  const raw = v.trim();
  if (raw === "") return { kind: "empty" };
  if (raw[0] === "#" && isExcelErrorText(raw)) return { kind: "error", code: raw.toUpperCase() };
  const lower = raw.toLowerCase();
  if (MISSING.has(lower)) return { kind: "missing", marker: markerOf(lower) };
  return parseNumericText(raw, opts);
}

function parseNumericText(raw: string, opts: NumberParseOptions): NumberParse {
  let s = raw;
  let negative = false;
  let percent = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1);
  }
  s = s.replace(CURRENCY, "");
  if (s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1);
  }
  s = s.replace(SPACES, "");
  if (s.startsWith("+")) s = s.slice(1);
  else if (s.startsWith("-") || s.startsWith("−")) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.endsWith("-")) {
    negative = !negative;
    s = s.slice(0, -1);
  }
  if (s.endsWith("%") && !percent) {
    percent = true;
    s = s.slice(0, -1);
  }
  if (!/^[0-9.,]*[0-9][0-9.,]*(?:[eE][+-]?[0-9]+)?$/.test(s)) return { kind: "text" };
  const r = normaliseSeparators(s, opts.decimal);
  if (r === null) return { kind: "text" };
  let value = Number(r.text);
  if (!Number.isFinite(value)) return { kind: "text" };
  if (negative) value = -value;
  if (percent) value = value / 100;
  const out: NumberParse = { kind: "number", value };
  if (percent) out.percent = true;
  if (r.ambiguous) out.ambiguous = true;
  return out;
}

/** Turns "1.234,56" / "1,234.56" / "1234,5" into "1234.56"-style text. Null when the pattern is not a number. */
function normaliseSeparators(s: string, decimal?: "," | "."): { text: string; ambiguous: boolean } | null {
  const commas = count(s, ",");
  const dots = count(s, ".");
  if (commas === 0 && dots === 0) return { text: s, ambiguous: false };
  if (commas > 0 && dots > 0) {
    const dec = s.lastIndexOf(",") > s.lastIndexOf(".") ? "," : ".";
    const group = dec === "," ? "." : ",";
    if (count(s, dec) !== 1) return null;
    const [intPart, frac] = s.split(dec);
    if (!validGroups(intPart, group)) return null;
    return { text: intPart.split(group).join("") + "." + frac, ambiguous: false };
  }
  const sep = commas > 0 ? "," : ".";
  const n = commas + dots;
  if (n > 1) {
    // "1.234.567" or "1,234,567": only grouping.
    return validGroups(s, sep) ? { text: s.split(sep).join(""), ambiguous: false } : null;
  }
  const [intPart, frac] = s.split(sep);
  const looksGrouped = frac.length === 3 && intPart.length >= 1 && intPart.length <= 3 && intPart !== "0";
  if (!looksGrouped) return { text: intPart + "." + frac, ambiguous: false };
  // "1,234" or "1.234": a thousands group or a decimal; decided by the column/workbook, else by the separator's usual role.
  const dec = decimal ?? ".";
  return { text: sep === dec ? intPart + "." + frac : intPart + frac, ambiguous: true };
}

function validGroups(s: string, sep: string): boolean {
  const parts = s.split(sep);
  if (parts[0].length < 1 || parts[0].length > 3) return false;
  for (let i = 1; i < parts.length; i++) if (parts[i].length !== 3) return false;
  return true;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === ch) n++;
  return n;
}
