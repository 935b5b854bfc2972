/**
 * Excel arguments -> numbers, and results -> Excel values, for the OPS.* custom functions.
 *
 * Conventions (docs/functions.md repeats them for users):
 * - An argument is a scalar or a range (`any[][]`, row-major). Omitted optional arguments arrive as null.
 * - Element-wise functions broadcast like Excel's array arithmetic: each dimension of each argument is either 1 or
 *   the result's; any other difference is a size mismatch and the whole result is #N/A with a message naming both
 *   arguments (Excel would put #N/A only in the cells outside the smaller range; a misaligned range is almost always
 *   a mistake, so OPS says so once, plainly).
 * - Empty cells are missing values, not zeros: a line whose required cells are all empty gives a blank (""), a line
 *   with some required cells empty gives #N/A. Aggregates (HHI, TREND...) skip empty cells, as SUM and SLOPE do.
 * - Text is read as a number in French or English format ("1 234,56 €", "12,5 %", "(1 234)"); "-" and "n/a" are
 *   missing; any other text gives #VALUE! naming the value and its place; an error text ("#N/A") is passed on.
 *   An ambiguous "1,234" follows the display language (French: 1.234, English: 1234).
 * - Results: numbers that are not finite become #NUM!. Individual cells of a spilled result may be errors.
 *   Whole-call problems throw a CustomFunctions.Error (#VALUE! and #N/A show their message in Excel).
 * - Nothing else escapes: `run` turns any unexpected exception into #VALUE! with a message.
 * Messages follow Office's display language (read by src/excel/host.ts in the shared runtime), English otherwise.
 */
import { t } from "../core/i18n";
import { displayLanguage } from "../excel/host";
import { parseNumberCell } from "../core/parse/number";
import type { CellValue, Lang } from "../core/types";
import { catalogueEntry } from "./catalogue";

export type Grid = unknown[][];

export type ErrorCodeName =
  | "invalidValue"
  | "notAvailable"
  | "divisionByZero"
  | "invalidNumber"
  | "nullReference"
  | "invalidName"
  | "invalidReference";

const CODE_TEXT: Record<ErrorCodeName, string> = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
};

/** The shape of CustomFunctions.Error that OPS relies on. */
export interface CfError {
  code: string;
  message: string;
}

/** Used only where the CustomFunctions runtime is absent (bench, task pane reuse): same shape as the real one. */
class LocalCfError extends Error implements CfError {
  code: string;
  constructor(code: string, message?: string) {
    super(message ?? code);
    this.code = code;
    this.name = "CustomFunctions.Error";
  }
}

interface CfRuntime {
  Error: new (code: string, message?: string) => CfError;
  ErrorCode: Record<string, string>;
}

function runtime(): CfRuntime | undefined {
  const cf = (globalThis as { CustomFunctions?: Partial<CfRuntime> }).CustomFunctions;
  return cf && typeof cf.Error === "function" && cf.ErrorCode ? (cf as CfRuntime) : undefined;
}

/** A CustomFunctions.Error (or its stand-in outside Excel). */
export function cfError(code: ErrorCodeName, message?: string): CfError {
  const cf = runtime();
  if (cf)
    return message === undefined
      ? new cf.Error(cf.ErrorCode[code] ?? CODE_TEXT[code])
      : new cf.Error(cf.ErrorCode[code] ?? CODE_TEXT[code], message);
  return new LocalCfError(CODE_TEXT[code], message);
}

export function isCfError(x: unknown): x is CfError {
  if (x instanceof LocalCfError) return true;
  const cf = runtime();
  return !!cf && x instanceof cf.Error;
}

/** The error code of an Excel error text, French or English ("#N/D" is French for "#N/A"). */
export function errorCodeOfText(text: string): ErrorCodeName {
  switch (text.replace(/\s+/g, "").toUpperCase()) {
    case "#N/A":
    case "#N/D":
      return "notAvailable";
    case "#DIV/0!":
      return "divisionByZero";
    case "#NUM!":
    case "#NOMBRE!":
      return "invalidNumber";
    case "#NULL!":
    case "#NUL!":
      return "nullReference";
    case "#NAME?":
    case "#NOM?":
      return "invalidName";
    case "#REF!":
      return "invalidReference";
    default:
      return "invalidValue";
  }
}

/** "fr" when Office's display language is French, else "en". Never throws (no Office outside Excel). */
export function displayLang(): Lang {
  return displayLanguage();
}

/** Kinds of a cell after reading. */
export const NUM = 0;
export const EMPTY = 1;
export const ERR = 2;
export const TEXT = 3;

/** Per-call context: language, argument names, the cell reader and the error helpers. */
export class Ctx {
  readonly lang: Lang;
  readonly decimal: "," | ".";
  /** Kind of the last cell read by `read` (NUM, EMPTY, ERR, TEXT) and, for ERR, its error text. */
  kind = NUM;
  errorText = "";

  constructor(readonly id: string) {
    this.lang = displayLang();
    this.decimal = this.lang === "fr" ? "," : ".";
  }

  /** The parameter's name in the user's language. */
  argName(index: number): string {
    const e = catalogueEntry(this.id);
    return e?.[this.lang].params[index]?.name ?? `#${index + 1}`;
  }

  msg(key: string, params?: Record<string, string | number>): string {
    return t(key, this.lang, params);
  }

  /** Reads one cell as a number; NaN unless kind is NUM. Plain numbers take the first branch, with no parsing. */
  read(v: unknown): number {
    if (typeof v === "number") {
      if (v - v === 0) {
        this.kind = NUM;
        return v;
      }
      this.kind = TEXT;
      return NaN;
    }
    if (v === "" || v === null || v === undefined) {
      this.kind = EMPTY;
      return NaN;
    }
    if (typeof v !== "string" && typeof v !== "boolean") {
      this.kind = TEXT;
      return NaN;
    }
    const p = parseNumberCell(v as CellValue, { decimal: this.decimal });
    switch (p.kind) {
      case "number":
        this.kind = NUM;
        return p.value;
      case "empty":
      case "missing":
        this.kind = EMPTY;
        return NaN;
      case "error":
        this.kind = ERR;
        this.errorText = p.code;
        return NaN;
      default:
        this.kind = TEXT;
        return NaN;
    }
  }

  where(row: number, col: number, cols: number): string {
    return cols <= 1
      ? this.msg("functions.where.row", { row: row + 1 })
      : this.msg("functions.where.cell", { row: row + 1, col: col + 1 });
  }

  /** The error for the cell just read when it was not a number (kind ERR or TEXT). */
  cellProblem(value: unknown, argIndex: number, row: number, col: number, cols: number): CfError {
    const where = this.where(row, col, cols);
    if (this.kind === ERR) {
      return cfError(
        errorCodeOfText(this.errorText),
        this.msg("functions.arg.error", { arg: this.argName(argIndex), code: this.errorText, where }),
      );
    }
    return cfError(
      "invalidValue",
      this.msg("functions.arg.notNumber", { arg: this.argName(argIndex), value: showValue(value), where }),
    );
  }

  error(code: ErrorCodeName, key?: string, params?: Record<string, string | number>): CfError {
    return key ? cfError(code, this.msg(key, params)) : cfError(code);
  }

  /** Throws a CustomFunctions.Error: the whole result is that error. */
  fail(code: ErrorCodeName, key?: string, params?: Record<string, string | number>): never {
    throw this.error(code, key, params);
  }

  failSize(a: number, ra: number, ca: number, b: number, rb: number, cb: number): never {
    this.fail("notAvailable", "functions.arg.size", {
      a: this.argName(a),
      sa: `${ra} × ${ca}`,
      b: this.argName(b),
      sb: `${rb} × ${cb}`,
    });
  }
}

function showValue(v: unknown): string {
  const s = typeof v === "string" ? v : String(v);
  return s.length > 40 ? s.slice(0, 37) + "..." : s;
}

/**
 * Runs a function body with its context. CustomFunctions errors thrown on purpose pass through (that is how Excel
 * receives a whole-result error); anything else becomes #VALUE! with a message, so a function never crashes.
 */
export function run<T>(id: string, body: (ctx: Ctx) => T): T {
  const ctx = new Ctx(id);
  try {
    return body(ctx);
  } catch (e) {
    if (isCfError(e)) throw e;
    const detail = e instanceof Error ? e.message : String(e);
    throw cfError("invalidValue", ctx.msg("functions.unexpected", { detail }));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Shapes

/** An argument as a grid: null when omitted (null / undefined / an empty array); a scalar becomes [[v]]. */
export function asGrid(v: unknown): Grid | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) {
    if (v.length === 0) return null;
    if (Array.isArray(v[0])) return (v[0] as unknown[]).length === 0 ? null : (v as Grid);
    return [v];
  }
  return [[v]];
}

function gridCols(g: Grid): number {
  let c = 0;
  for (const row of g) if (Array.isArray(row) && row.length > c) c = row.length;
  return c;
}

function cellAt(g: Grid, r: number, c: number): unknown {
  const row = g[r];
  return Array.isArray(row) ? row[c] : undefined;
}

/** The single value of a scalar argument (null when omitted or empty). A range of more than one cell fails #VALUE!. */
export function scalarArg(ctx: Ctx, v: unknown, index: number): unknown {
  const g = asGrid(v);
  if (!g) return null;
  if (g.length > 1 || gridCols(g) > 1) ctx.fail("invalidValue", "functions.arg.single", { arg: ctx.argName(index) });
  const x = cellAt(g, 0, 0);
  return x === undefined || x === "" ? null : x;
}

/** A number argument; `def` when omitted or empty (or fails #VALUE! "is empty" when def is undefined). */
export function numberArg(ctx: Ctx, v: unknown, index: number, def?: number): number {
  const x = scalarArg(ctx, v, index);
  const n = ctx.read(x);
  if (ctx.kind === NUM) return n;
  if (ctx.kind === EMPTY) {
    if (def === undefined) ctx.fail("invalidValue", "functions.arg.required", { arg: ctx.argName(index) });
    return def;
  }
  throw ctx.cellProblem(x, index, 0, 0, 1);
}

/** A whole-number argument in [min, max] (decimals are truncated, as Excel does); #NUM! outside. */
export function integerArg(ctx: Ctx, v: unknown, index: number, min: number, max: number, def?: number): number {
  const n = Math.trunc(numberArg(ctx, v, index, def));
  if (!(n >= min && n <= max))
    ctx.fail("invalidNumber", "functions.arg.integer", { arg: ctx.argName(index), value: n, min, max });
  return n;
}

/** A TRUE/FALSE argument: booleans, 0/1, "TRUE"/"FALSE"/"VRAI"/"FAUX". */
export function boolArg(ctx: Ctx, v: unknown, index: number, def: boolean): boolean {
  const x = scalarArg(ctx, v, index);
  if (x === null) return def;
  if (typeof x === "boolean") return x;
  if (typeof x === "number") return x !== 0;
  const s = normaliseWord(String(x));
  if (s === "true" || s === "vrai" || s === "1") return true;
  if (s === "false" || s === "faux" || s === "0") return false;
  return ctx.fail("invalidValue", "functions.arg.notBool", { arg: ctx.argName(index), value: showValue(x) });
}

/** Lower case, no accents, no spaces / dashes / underscores / dots: "Coût de revient" -> "coutderevient". */
export function normaliseWord(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s\-_.'’]/g, "");
}

/** A choice among words (keys already normalised); `def` when omitted; #VALUE! listing `shown` otherwise. */
export function choiceArg<T>(ctx: Ctx, v: unknown, index: number, table: Record<string, T>, def: T, shown: string): T {
  const x = scalarArg(ctx, v, index);
  if (x === null) return def;
  const key = normaliseWord(String(x));
  if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
  return ctx.fail("invalidValue", "functions.arg.choice", {
    arg: ctx.argName(index),
    value: showValue(x),
    choices: shown,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Vectors (aggregates)

export interface NumGrid {
  /** Row-major values; NaN where the cell is empty or a missing marker ("-", "n/a"). */
  values: Float64Array;
  rows: number;
  cols: number;
}

/**
 * Reads a range as numbers (row-major). Empty cells are NaN; a text that is not a number fails #VALUE! naming it;
 * an error text fails with that error. Null when the argument is omitted (or fails "is empty" when required).
 */
export function numbersArg(ctx: Ctx, v: unknown, index: number, required: true): NumGrid;
export function numbersArg(ctx: Ctx, v: unknown, index: number, required?: boolean): NumGrid | null;
export function numbersArg(ctx: Ctx, v: unknown, index: number, required = false): NumGrid | null {
  const g = asGrid(v);
  if (!g) {
    if (required) ctx.fail("invalidValue", "functions.arg.required", { arg: ctx.argName(index) });
    return null;
  }
  const rows = g.length;
  const cols = gridCols(g);
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = g[r];
    for (let c = 0; c < cols; c++) {
      const cell = Array.isArray(row) ? row[c] : undefined;
      const x = ctx.read(cell);
      if (ctx.kind === NUM || ctx.kind === EMPTY) values[r * cols + c] = x;
      else throw ctx.cellProblem(cell, index, r, c, cols);
    }
  }
  return { values, rows, cols };
}

/** True when the grid is a single row or a single column. */
export function isVector(g: NumGrid): boolean {
  return g.rows === 1 || g.cols === 1;
}

/** Fails #N/A (size) unless both grids hold the same number of cells. */
export function sameCount(ctx: Ctx, a: NumGrid, ia: number, b: NumGrid, ib: number): void {
  if (a.values.length !== b.values.length) ctx.failSize(ia, a.rows, a.cols, ib, b.rows, b.cols);
}

/** A spill of `rows` x `cols` from row-major numbers: NaN becomes `nanCell`, cells flagged in `blank` become "". */
export function spill(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  nanCell: () => unknown,
  blank?: ArrayLike<number>,
): unknown[][] {
  const out: unknown[][] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const row: unknown[] = new Array(cols);
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const x = values[i];
      row[c] = blank && blank[i] !== blank[i] ? "" : Number.isFinite(x) ? x : nanCell();
    }
    out[r] = row;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Element-wise engine

export interface EwArg {
  /** The raw argument (range, scalar or null). */
  value: unknown;
  /** Index of the parameter (for its name in messages). */
  index: number;
  /** Optional arguments may be omitted or empty: the function receives NaN. */
  optional?: boolean;
}

/** Receives one number per argument (NaN for an empty optional one) and returns the result cell. */
export type EwFn = (a: number, b: number, c: number, d: number, e: number) => unknown;

/**
 * Applies `fn` cell by cell over arguments broadcast as Excel's array arithmetic does, and returns the spill.
 * Cells: an error or non-numeric text in an argument gives that cell an error (the first one found, in argument
 * order); empty required cells give "" when every required argument that varies is empty there (an empty line),
 * #N/A otherwise; a non-finite number from `fn` gives #NUM!.
 */
/** Switches for elementwise: `quick` = the quick path for two columns of numbers (off only to compare with the general path in tests). */
export const ELEMENTWISE = { quick: true };

export function elementwise(ctx: Ctx, args: EwArg[], fn: EwFn): unknown[][] {
  const k = args.length;
  const grids: Grid[] = new Array(k);
  const rows = new Int32Array(k);
  const cols = new Int32Array(k);
  const optional = new Uint8Array(k);
  let R = 1;
  let C = 1;
  let rFrom = -1;
  let cFrom = -1;
  for (let j = 0; j < k; j++) {
    const a = args[j];
    optional[j] = a.optional ? 1 : 0;
    const g = asGrid(a.value);
    if (!g) {
      if (!a.optional) ctx.fail("invalidValue", "functions.arg.required", { arg: ctx.argName(a.index) });
      grids[j] = [[null]];
      rows[j] = 1;
      cols[j] = 1;
      continue;
    }
    grids[j] = g;
    rows[j] = g.length;
    cols[j] = gridCols(g);
    if (rows[j] !== 1) {
      if (R === 1) {
        R = rows[j];
        rFrom = j;
      } else if (rows[j] !== R) ctx.failSize(args[rFrom].index, R, cols[rFrom], a.index, rows[j], cols[j]);
    }
    if (cols[j] !== 1) {
      if (C === 1) {
        C = cols[j];
        cFrom = j;
      } else if (cols[j] !== C) ctx.failSize(args[cFrom].index, rows[cFrom], C, a.index, rows[j], cols[j]);
    }
  }
  // Which required arguments decide that a line is empty: those that vary over the result, else all required ones.
  const decides = new Uint8Array(k);
  let anyVarying = false;
  for (let j = 0; j < k; j++) if (!optional[j] && (rows[j] > 1 || cols[j] > 1)) anyVarying = true;
  for (let j = 0; j < k; j++) decides[j] = !optional[j] && (!anyVarying || rows[j] > 1 || cols[j] > 1) ? 1 : 0;

  // Single cells broadcast over the result are read once: a number, or NaN for an empty optional argument. Other
  // single cells (text, errors, empty required) go through the per-cell path so that each line reports them.
  const v = new Float64Array(5).fill(NaN);
  const perCell: number[] = [];
  let constPresent = false;
  for (let j = 0; j < k; j++) {
    if (rows[j] === 1 && cols[j] === 1) {
      const x = ctx.read(cellAt(grids[j], 0, 0));
      if (ctx.kind === NUM) {
        v[j] = x;
        if (decides[j]) constPresent = true;
        continue;
      }
      if (ctx.kind === EMPTY && optional[j]) continue;
    }
    perCell.push(j);
  }
  const m = perCell.length;
  const numError = ctx.error("invalidNumber", "functions.cell.impossible");

  const compute = (r: number, c: number): unknown => {
    let missing = -1;
    let decidingPresent = constPresent;
    for (let q = 0; q < m; q++) {
      const j = perCell[q];
      const rr = rows[j] === 1 ? 0 : r;
      const cc = cols[j] === 1 ? 0 : c;
      const row = grids[j][rr];
      const cell = Array.isArray(row) ? row[cc] : undefined;
      if (typeof cell === "number" && cell - cell === 0) {
        v[j] = cell;
        if (decides[j]) decidingPresent = true;
        continue;
      }
      const x = ctx.read(cell);
      if (ctx.kind === NUM) {
        v[j] = x;
        if (decides[j]) decidingPresent = true;
      } else if (ctx.kind === EMPTY) {
        v[j] = NaN;
        if (!optional[j] && missing < 0) missing = j;
      } else {
        return ctx.cellProblem(cell, args[j].index, rr, cc, cols[j]);
      }
    }
    if (missing >= 0) {
      if (!decidingPresent) return "";
      return ctx.error("notAvailable", "functions.arg.missing", {
        arg: ctx.argName(args[missing].index),
        where: ctx.where(rows[missing] === 1 ? 0 : r, cols[missing] === 1 ? 0 : c, cols[missing]),
      });
    }
    const res = fn(v[0], v[1], v[2], v[3], v[4]);
    return typeof res === "number" && !(res - res === 0) ? numError : res;
  };

  const out: unknown[][] = new Array(R);
  if (
    ELEMENTWISE.quick &&
    C === 1 &&
    m === 2 &&
    perCell[0] === 0 &&
    perCell[1] === 1 &&
    rows[0] === R &&
    rows[1] === R &&
    k <= 5
  ) {
    // The usual shape (two columns of numbers, the other arguments single numbers): both cells read straight, the
    // per-cell path only for a cell that is not a finite number. Same results as compute, less work per line.
    const g0 = grids[0];
    const g1 = grids[1];
    const a2 = v[2];
    const a3 = v[3];
    const a4 = v[4];
    for (let r = 0; r < R; r++) {
      const row0 = g0[r];
      const row1 = g1[r];
      const x = Array.isArray(row0) ? row0[0] : undefined;
      const y = Array.isArray(row1) ? row1[0] : undefined;
      if (typeof x === "number" && x - x === 0 && typeof y === "number" && y - y === 0) {
        const res = fn(x, y, a2, a3, a4);
        out[r] = [typeof res === "number" && !(res - res === 0) ? numError : res];
      } else out[r] = [compute(r, 0)];
    }
  } else if (C === 1) {
    for (let r = 0; r < R; r++) out[r] = [compute(r, 0)];
  } else {
    for (let r = 0; r < R; r++) {
      const line: unknown[] = new Array(C);
      for (let c = 0; c < C; c++) line[c] = compute(r, c);
      out[r] = line;
    }
  }
  return out;
}
