/**
 * Escaping user text before OPS writes it through `Range.values`.
 *
 * Excel interprets a string written through `values` as if typed: "=SUM(A1)" becomes a formula, "+33 1 23" and
 * "-promo" become formulas (or #NAME?), "@user" an implicit-intersection formula, "00123" the number 123,
 * "1/2" a date, "TRUE" a boolean, "'abc" the text abc (the apostrophe is eaten). A leading apostrophe makes Excel
 * store the rest as text, unchanged, and is not part of the value read back.
 *
 * Required (OWASP ASVS 5.0 V1.2.10, the house rules): text starting with = + - @ tab CR (and NUL) is prefixed.
 * OPS also prefixes text Excel would turn into something else (numbers, dates, booleans, error literals, a text that
 * itself starts with an apostrophe, leading spaces before a risky character), so that user text is written exactly.
 * Prefixing a string that did not need it is harmless: the stored value is the same text.
 */
import type { CellValue } from "./types";

/** First characters that make Excel read the string as a formula (or eat the character). */
const FORMULA_START = /^[=+\-@\t\r\n\0']/;
/** Leading spaces then a formula character: Excel trims some of these on entry; prefixing keeps them as typed. */
const SPACED_FORMULA_START = /^[\s\u00a0]+[=+\-@]/;
/** Text Excel would coerce to a number, date, time, percentage or currency amount: digits, ., ,, (, currency signs. */
const NUMERIC_START = /^[\s\u00a0]*[(]?[$€£¥]?[\s\u00a0]*[0-9.,]/;
/** Booleans and error literals are converted on entry. */
const LITERAL = /^[\s\u00a0]*(true|false|vrai|faux|#[a-z/0-9!?]+[!?]?|#n\/a|#getting_data|#spill!|#calc!)[\s\u00a0]*$/i;

/** True when the text must be prefixed with an apostrophe to be stored as this exact text. */
export function needsEscape(text: string): boolean {
  if (text.length === 0) return false;
  return FORMULA_START.test(text) || SPACED_FORMULA_START.test(text) || NUMERIC_START.test(text) || LITERAL.test(text);
}

/** The string to write through `Range.values` so that Excel stores `text` as text, exactly. */
export function escapeText(text: string): string {
  return needsEscape(text) ? `'${text}` : text;
}

/** Escapes a cell value: strings are escaped, numbers / booleans / null are written as they are. */
export function escapeCell(value: CellValue): CellValue {
  return typeof value === "string" ? escapeText(value) : value;
}

/** A new 2-D array with every string escaped (the input is not modified). */
export function escapeGrid(values: readonly (readonly CellValue[])[]): CellValue[][] {
  const out: CellValue[][] = new Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const row = values[r];
    const copy: CellValue[] = new Array(row.length);
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      copy[c] = typeof v === "string" ? escapeText(v) : v === undefined ? null : v;
    }
    out[r] = copy;
  }
  return out;
}

/** Quotes a sheet name for use in a formula or an address: 'My sheet'!A1 (apostrophes doubled). */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** A text literal for a formula: "a ""b""" (double quotes doubled). */
export function formulaString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
