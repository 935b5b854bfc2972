/**
 * Frozen OPS formulas (issue 11), the pure part: which formulas are OPS's, the text Excel leaves for an unresolved
 * one, what to write when a formula is frozen into its value, and the layout of the hidden "OPS Formulas" sheet that
 * keeps them (address -> formula, plus a fingerprint of the frozen value to see a user's edit since).
 *
 * How Excel stores custom functions: a JavaScript custom function is saved under the `_xldudf_` prefix
 * (/work/shared/reference/office-charts-sharing.md §2.1: ECF#108, OJ#3558); the namespace dot and the dots of the
 * name become underscores (`=_xldudf_OPS_MARGIN_CONVERT(B2,0.3)`). COM add-ins rewrote it as `[2]!_xldudf_…`
 * (OJ#2568). Until Excel has parsed the add-in's manifest the cell shows that text and `#NAME?`; re-entering the
 * cell fixes it (OJ#6611). A recipient without the add-in sees `#NAME?`: what goes to management must be values.
 *
 * Values written when freezing (from the cell's `values` and `valueTypes`):
 * - numbers (dates are serials: the cell keeps its number format) and booleans as they are;
 * - text through src/core/escape.ts (a text starting with = + - @ tab CR stays text; "00123" stays text);
 * - errors (#DIV/0!, #N/A, #VALUE!, #NUM!...) as their text, which Excel turns into the same error value when
 *   written through `Range.values` — a frozen error stays an error;
 * - `#NAME?` (unresolved) and `#BUSY!` / `#GETTING_DATA` (still calculating) are NOT frozen: the cell keeps its
 *   formula and a message says why (repair or wait, then freeze again).
 */
import { escapeText } from "../escape";
import { columnLetters } from "../parse/text";
import type { CellValue, CellValueType, OpsMessage } from "../types";
import type { FrozenFormula } from "../workbook-port";

// ------------------------------------------------------------------------------------------ formula text

/** The formula with its string literals ("...") and quoted sheet names ('...') blanked out, same length. */
export function codeOnly(formula: string): string {
  let out = "";
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < formula.length) {
        if (formula[j] === ch) {
          if (formula[j + 1] === ch) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      const end = Math.min(j + 1, formula.length);
      out += ch + " ".repeat(Math.max(0, end - i - 2)) + (end - i >= 2 ? ch : "");
      i = end;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** A call of an OPS function: OPS.NAME( with no identifier character before. */
const OPS_CALL = /(^|[^A-Za-z0-9_.\\])OPS\.[A-Za-z][A-Za-z0-9_.]*\s*\(/i;
/** A call Excel left unresolved: _xldudf_OPS_NAME( (optionally after a [n]! workbook prefix). */
const UNRESOLVED_CALL = /(^|[^A-Za-z0-9_.\\])((?:\[\d+\]!)?_xldudf_OPS_([A-Za-z0-9_]+))(\s*\()/gi;

function isFormulaText(f: unknown): f is string {
  return typeof f === "string" && f.length > 1 && f[0] === "=";
}

/** True when a cell's formula calls an OPS function, anywhere in it (also unresolved `_xldudf_OPS_…`). Case-insensitive. */
export function isOpsFormula(formula: unknown): boolean {
  if (!isFormulaText(formula)) return false;
  const code = codeOnly(formula);
  if (OPS_CALL.test(code)) return true;
  UNRESOLVED_CALL.lastIndex = 0;
  return UNRESOLVED_CALL.test(code);
}

/** True when the formula holds an OPS call in the form Excel stores without the add-in (`_xldudf_OPS_…`). */
export function isUnresolvedOpsFormula(formula: unknown): boolean {
  if (!isFormulaText(formula)) return false;
  UNRESOLVED_CALL.lastIndex = 0;
  return UNRESOLVED_CALL.test(codeOnly(formula));
}

/**
 * The OPS function name for the stored form's tail ("MARGIN_CONVERT" -> "MARGIN.CONVERT"): the known name whose
 * dots read as underscores, else every underscore read as a dot (OPS's names use dots, never underscores).
 */
export function unresolvedName(tail: string, knownNames: readonly string[] = []): string {
  const up = tail.toUpperCase();
  for (const n of knownNames) if (n.toUpperCase().replace(/\./g, "_") === up) return n.toUpperCase();
  return up.replace(/_/g, ".");
}

/** The formula with every `_xldudf_OPS_NAME(` turned back into `OPS.NAME(` (string literals untouched). */
export function repairedFormula(formula: string, knownNames: readonly string[] = []): string {
  const code = codeOnly(formula);
  let out = "";
  let last = 0;
  UNRESOLVED_CALL.lastIndex = 0;
  for (let m = UNRESOLVED_CALL.exec(code); m; m = UNRESOLVED_CALL.exec(code)) {
    const start = m.index + m[1].length;
    out += formula.slice(last, start) + "OPS." + unresolvedName(m[3], knownNames);
    last = start + m[2].length;
  }
  return out + formula.slice(last);
}

// ------------------------------------------------------------------------------------------ freezing values

export type FreezeSkip = "unresolved" | "calculating";

const CALCULATING = new Set(["#BUSY!", "#GETTING_DATA"]);

/** What to write in place of a formula whose result is `value` (`type` from valueTypes), or why not to freeze it. */
export function frozenValue(value: CellValue, type?: CellValueType): { value: CellValue } | { skip: FreezeSkip } {
  if (type === "Error" || (type === undefined && typeof value === "string" && /^#(NAME\?|BUSY!|GETTING_DATA)$/.test(value))) {
    const text = String(value ?? "").toUpperCase();
    if (text === "#NAME?") return { skip: "unresolved" };
    if (CALCULATING.has(text)) return { skip: "calculating" };
    return { value: String(value) };
  }
  if (typeof value === "string") return { value: escapeText(value) };
  if (value === null || value === undefined) return { value: "" };
  return { value };
}

/** A block of frozen values as `Range.values` takes them, and the first reason not to freeze it, if any. */
export function frozenBlock(values: readonly (readonly CellValue[])[], types?: readonly (readonly CellValueType[])[]): { values: CellValue[][] } | { skip: FreezeSkip } {
  const out: CellValue[][] = [];
  for (let r = 0; r < values.length; r++) {
    const row: CellValue[] = [];
    for (let c = 0; c < values[r].length; c++) {
      const f = frozenValue(values[r][c], types?.[r]?.[c]);
      if ("skip" in f) return f;
      row.push(f.value);
    }
    out.push(row);
  }
  return { values: out };
}

/**
 * Fingerprint of a block's values as `Range.values` reads them (FNV-1a over their JSON, with the cell count): taken
 * when freezing, compared on restore to see whether the user changed the frozen cells since.
 */
export function blockFingerprint(values: readonly (readonly CellValue[])[]): string {
  const json = JSON.stringify(values.map((row) => row.map((v) => (v === undefined ? null : typeof v === "number" && Object.is(v, -0) ? 0 : v))));
  let h = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) {
    h ^= json.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const cells = values.reduce((n, row) => n + row.length, 0);
  return `ops1:${cells}:${h.toString(16).padStart(8, "0")}`;
}

// ------------------------------------------------------------------------------------------ the formulas sheet

/** One kept formula: where, what, and what was written in its place. */
export interface FrozenEntry extends FrozenFormula {
  /** The block frozen: the address itself, or the anchor's spill range ("C7:E9"). */
  range: string;
  /** The anchor's value when frozen (shown on the sheet for the reader). */
  value: CellValue;
  /** blockFingerprint of the block's values when frozen. */
  check: string;
}

/** Layout of "OPS Formulas": a title row, a header row, then one row per formula. Columns A..F. */
export const FORMULAS_LAYOUT = {
  titleRow: 0,
  headerRow: 1,
  firstEntryRow: 2,
  columns: ["sheet", "address", "formula", "value", "range", "check"] as const,
};
export const FORMULAS_COLUMNS = FORMULAS_LAYOUT.columns.length;

/** The sheet's rows (title, header, entries), every string escaped so that formulas are kept as text. */
export function formulasSheetRows(entries: readonly FrozenEntry[], texts: { title: string; headers: readonly string[] }): CellValue[][] {
  const width = FORMULAS_COLUMNS;
  const pad = (row: CellValue[]): CellValue[] => [...row, ...new Array<CellValue>(width - row.length).fill("")];
  const rows: CellValue[][] = [pad([escapeText(texts.title)]), pad(texts.headers.slice(0, width).map(escapeText))];
  for (const e of entries) {
    const v = typeof e.value === "string" ? escapeText(e.value) : e.value === null ? "" : e.value;
    rows.push([escapeText(e.sheet), escapeText(e.address), escapeText(e.formula), v, escapeText(e.range), escapeText(e.check)]);
  }
  return rows;
}

const A1 = /^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$/i;
const A1_RANGE = /^\$?[A-Z]{1,3}\$?[1-9][0-9]{0,6}(:\$?[A-Z]{1,3}\$?[1-9][0-9]{0,6})?$/i;

/** The entries read back from the sheet's values (as `Range.values` gives them); bad rows give a located message. */
export function parseFormulasSheet(values: readonly (readonly CellValue[])[], sheetName: string): { entries: FrozenEntry[]; messages: OpsMessage[] } {
  const entries: FrozenEntry[] = [];
  const messages: OpsMessage[] = [];
  for (let r = FORMULAS_LAYOUT.firstEntryRow; r < values.length; r++) {
    const row = values[r] ?? [];
    const [sheet, address, formula, value, range, check] = FORMULAS_LAYOUT.columns.map((_, c) => row[c] ?? null);
    if ([sheet, address, formula, range, check].every((v) => v === null || v === "")) continue;
    const ok = typeof sheet === "string" && sheet !== "" && typeof address === "string" && A1.test(address) && isFormulaText(formula) && typeof check === "string" && check.startsWith("ops1:");
    if (!ok) {
      messages.push({ code: "share.badFormulaRow", severity: "warning", params: { sheet: sheetName, row: r + 1 }, location: { sheet: sheetName, row: r + 1 } });
      continue;
    }
    const rng = typeof range === "string" && A1_RANGE.test(range) ? range.toUpperCase() : address.toUpperCase();
    entries.push({ sheet, address: address.toUpperCase(), formula, value: value === undefined ? null : value, range: rng, check });
  }
  return { entries, messages };
}

/** Entries after a freeze: the new ones replace older ones of the same cell (sheet names compared ignoring case). */
export function mergeEntries(previous: readonly FrozenEntry[], fresh: readonly FrozenEntry[]): FrozenEntry[] {
  const k = (e: FrozenEntry) => `${e.sheet.toLowerCase()}!${e.address}`;
  const seen = new Set(fresh.map(k));
  return [...previous.filter((e) => !seen.has(k(e))), ...fresh];
}

// ------------------------------------------------------------------------------------------ addresses

/** "C7" for 0-based row 6, column 2. */
export function cellAddress(row: number, col: number): string {
  return `${columnLetters(col + 1)}${row + 1}`;
}

/** 0-based { r0, c0, r1, c1 } of "C7" or "C7:E9". */
export function parseRange(address: string): { r0: number; c0: number; r1: number; c1: number } | null {
  const parts = address.replace(/\$/g, "").split(":");
  const cells = parts.map((p) => A1.exec(p));
  if (cells.some((m) => !m) || cells.length > 2) return null;
  const at = (m: RegExpExecArray) => {
    let c = 0;
    for (const ch of m[1].toUpperCase()) c = c * 26 + (ch.charCodeAt(0) - 64);
    return { r: Number(m[2]) - 1, c: c - 1 };
  };
  const a = at(cells[0]!);
  const b = cells[1] ? at(cells[1]) : a;
  return { r0: Math.min(a.r, b.r), c0: Math.min(a.c, b.c), r1: Math.max(a.r, b.r), c1: Math.max(a.c, b.c) };
}
