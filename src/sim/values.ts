/**
 * What Excel does with a value written through `Range.values` / `Range.formulas` (en-US parsing, as Excel on the web
 * and desktop do for the JavaScript API), and how stored cells read back (`values`, `valueTypes`, `formulas`).
 */
import { SimErrorValue, type Stored } from "./cells";

export type WriteResult =
  | { kind: "skip" } // null: the cell is left as it is
  | { kind: "clear" } // "": the cell is emptied
  | { kind: "value"; value: Stored; numFmt?: string; quotePrefix?: boolean }
  | { kind: "formula"; formula: string };

const NUMBER_EN = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Excel serial (1900 system, with the phantom 29 Feb 1900) of a calendar date; null when it is not a real date. */
export function dateSerial(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 9999) return null;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  let serial = t / 86400000 + 25569;
  if (serial < 61) serial -= 1; // before 1 March 1900 Excel counts from 1 Jan 1900 = 1, without the phantom day
  return serial;
}

/** en-US number text ("1,234.5", "-3", "1e5", "12%", "$1,200") as Excel reads it; null when it is not one. */
export function parseEnNumber(text: string): { value: number; numFmt?: string } | null {
  let s = text.trim();
  if (s === "") return null;
  let percent = false;
  let currency = false;
  if (s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  let sign = "";
  if (s.startsWith("-") || s.startsWith("+")) {
    sign = s[0] === "-" ? "-" : "";
    s = s.slice(1);
  }
  if (s.startsWith("$")) {
    currency = true;
    s = s.slice(1);
  }
  if (!/\d/.test(s) || !NUMBER_EN.test(s)) return null;
  if (percent && currency) return null;
  const n = Number(sign + s.replace(/,/g, ""));
  if (!Number.isFinite(n)) return null;
  if (percent) return { value: n / 100, numFmt: /\./.test(s) ? "0.00%" : "0%" };
  if (currency) return { value: n, numFmt: /\./.test(s) ? "$#,##0.00" : "$#,##0" };
  if (/,/.test(s)) return { value: n, numFmt: /\./.test(s) ? "#,##0.00" : "#,##0" };
  return { value: n };
}

/**
 * The effect of writing `input` to a cell whose number format is `cellFormat`, like Excel:
 * null leaves the cell; "" empties it; "=..." is a formula; a leading apostrophe stores the rest as text; "+x", "-x" and
 * "@x" that are not numbers become formulas; en-US numbers, percents, "$" amounts, ISO and m/d/yyyy dates and TRUE/FALSE
 * are converted; in a text-formatted ("@") cell strings stay text.
 */
export function interpretInput(input: unknown, cellFormat: string | undefined): WriteResult | { kind: "invalid"; reason: string } {
  if (input === null || input === undefined) return { kind: "skip" };
  if (typeof input === "number") {
    if (!Number.isFinite(input)) return { kind: "invalid", reason: "number is not finite" };
    return { kind: "value", value: input };
  }
  if (typeof input === "boolean") return { kind: "value", value: input };
  if (typeof input !== "string") {
    if (input instanceof Date) return { kind: "invalid", reason: "a Date object cannot be written; write a serial number" };
    return { kind: "invalid", reason: `value of type ${typeof input}` };
  }
  const s = input;
  if (s === "") return { kind: "clear" };
  if (cellFormat === "@") return { kind: "value", value: s };
  if (s.startsWith("'")) return { kind: "value", value: s.slice(1), quotePrefix: true };
  if (s.startsWith("=") && s.length > 1) return { kind: "formula", formula: s };
  const upper = s.trim().toUpperCase();
  if (upper === "TRUE") return { kind: "value", value: true };
  if (upper === "FALSE") return { kind: "value", value: false };
  const num = parseEnNumber(s);
  if (num) {
    const general = cellFormat === undefined || cellFormat === "General";
    return general && num.numFmt ? { kind: "value", value: num.value, numFmt: num.numFmt } : { kind: "value", value: num.value };
  }
  const iso = ISO_DATE.exec(s.trim());
  const us = iso ? null : US_DATE.exec(s.trim());
  if (iso || us) {
    const serial = iso ? dateSerial(+iso[1], +iso[2], +iso[3]) : dateSerial(+us![3], +us![1], +us![2]);
    if (serial !== null) {
      const general = cellFormat === undefined || cellFormat === "General";
      return general ? { kind: "value", value: serial, numFmt: iso ? "yyyy-mm-dd" : "m/d/yyyy" } : { kind: "value", value: serial };
    }
  }
  if ((s.startsWith("+") || s.startsWith("-")) && s.length > 1) return { kind: "formula", formula: "=" + s };
  if (s.startsWith("@") && s.length > 1) return { kind: "formula", formula: "=" + s.slice(1) };
  const err = SimErrorValue.fromText(s);
  if (err) return { kind: "value", value: err };
  return { kind: "value", value: s };
}

/** `Range.values` entry of a stored cell. */
export function readValue(v: Stored | undefined): number | string | boolean {
  if (v === undefined) return "";
  if (v instanceof SimErrorValue) return v.code;
  return v;
}

/** `Range.valueTypes` entry of a stored cell. */
export function readValueType(v: Stored | undefined): "Empty" | "Double" | "String" | "Boolean" | "Error" {
  if (v === undefined) return "Empty";
  switch (typeof v) {
    case "number":
      return "Double";
    case "string":
      return "String";
    case "boolean":
      return "Boolean";
    default:
      return "Error";
  }
}
