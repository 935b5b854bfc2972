/**
 * The one Excel-formula evaluator of the simulated host, used twice:
 * - by the sim, once when a formula is written (no recalculation when its inputs change later): evaluateFormula;
 * - by the browser preview, per visible cell, for formula-based conditional formats: evaluateAt, where relative
 *   references move with the cell from the cell the formula was written for, as Excel does.
 * It computes literals (numbers, text, TRUE/FALSE, error values), references (A1, $A$1, 'Sheet'!$B$5, A1:B9), defined
 * names (sheet scope first, then workbook), the operators + - * / ^ & % and comparisons with Excel's precedence, and
 * SUM, AVERAGE, MIN, MAX, COUNT, COUNTA, IF, IFERROR, AND, OR, NOT, ISNUMBER, ISTEXT, ISBLANK, ISERROR, ROUND, INT,
 * ABS, TRIM, LEN, UPPER, LOWER, CONCATENATE/CONCAT, HYPERLINK, INDEX and MATCH (the functions of OPS's highlight,
 * src/core/highlight.ts, and of common user rules). Any other function, or a formula it cannot parse, is
 * "uncomputable": the sim then caches "" (see README), the preview an error (which marks nothing, as in Excel).
 * An unknown bare name gives #NAME? as in Excel.
 */
import { MAX_COLS, MAX_ROWS, columnIndex } from "./address";
import { SimErrorValue, type Stored } from "./cells";
import type { SimSheet, SimWorkbook } from "./model";

/** A formula's value: null is a blank cell. */
export type FormulaValue = number | string | boolean | null | SimErrorValue;
type Scalar = FormulaValue;

/** One corner of a reference: 0-based row and column, each absolute ($) or relative (moves with the cell). */
interface Corner {
  r: number;
  c: number;
  rAbs: boolean;
  cAbs: boolean;
}
/** A reference (sheet undefined = the formula's sheet) from corner a to corner b. */
interface RefNode {
  kind: "ref";
  sheet?: string;
  a: Corner;
  b: Corner;
}
type Node =
  | { kind: "lit"; v: Scalar }
  | RefNode
  | { kind: "name"; name: string }
  | { kind: "call"; fn: string; args: Node[] }
  | { kind: "bin"; op: string; a: Node; b: Node }
  | { kind: "neg"; a: Node }
  | { kind: "pct"; a: Node };

interface Range {
  sheet: SimSheet;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}
type Value = Scalar | Range;

/** The formula cannot be computed here (unknown function, bad arity, syntax): `code` is the error the preview shows. */
class Uncomputable extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const ERR = (code: string) => SimErrorValue.of(code);
const isRange = (v: Value): v is Range => v !== null && typeof v === "object" && !(v instanceof SimErrorValue);

// ---- parsing ----

const CELL = String.raw`(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})`;
const REF_RE = new RegExp(String.raw`^(?:('(?:[^']|'')+'|[A-Za-z_\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*)!)?${CELL}(?::${CELL})?(?![\w(.])`);
const NUM_RE = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;
const IDENT_RE = /^[A-Za-z_\\\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*/;
const ERROR_RE = /^#(?:N\/A|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|NULL!)/i;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    const n = this.binary(0);
    this.ws();
    if (this.i < this.s.length) throw new Uncomputable("#VALUE!");
    return n;
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private peek(ops: readonly string[]): string | null {
    this.ws();
    for (const op of ops) if (this.s.startsWith(op, this.i)) return op;
    return null;
  }

  /** Binary operators by precedence, loosest first (Excel's order; all left-associative). */
  private static readonly LEVELS: readonly string[][] = [["<>", "<=", ">=", "=", "<", ">"], ["&"], ["+", "-"], ["*", "/"], ["^"]];

  private binary(level: number): Node {
    if (level === Parser.LEVELS.length) return this.unary();
    let a = this.binary(level + 1);
    for (;;) {
      const op = this.peek(Parser.LEVELS[level]);
      if (!op) return a;
      this.i += op.length;
      a = { kind: "bin", op, a, b: this.binary(level + 1) };
    }
  }

  private unary(): Node {
    const op = this.peek(["-", "+"]);
    if (op) {
      this.i++;
      const a = this.unary();
      return op === "-" ? { kind: "neg", a } : a;
    }
    let a = this.primary();
    while (this.peek(["%"])) {
      this.i++;
      a = { kind: "pct", a };
    }
    return a;
  }

  private primary(): Node {
    this.ws();
    const rest = this.s.slice(this.i);
    if (rest.startsWith("(")) {
      this.i++;
      const n = this.binary(0);
      this.expect(")");
      return n;
    }
    if (rest.startsWith('"')) {
      let j = this.i + 1;
      let out = "";
      for (;;) {
        if (j >= this.s.length) throw new Uncomputable("#VALUE!");
        if (this.s[j] === '"') {
          if (this.s[j + 1] === '"') {
            out += '"';
            j += 2;
            continue;
          }
          break;
        }
        out += this.s[j++];
      }
      this.i = j + 1;
      return { kind: "lit", v: out };
    }
    if (rest.startsWith("#")) {
      const m = ERROR_RE.exec(rest);
      if (!m) throw new Uncomputable("#VALUE!");
      this.i += m[0].length;
      return { kind: "lit", v: ERR(m[0].toUpperCase()) };
    }
    const ref = REF_RE.exec(rest);
    if (ref) {
      this.i += ref[0].length;
      const sheet = ref[1] ? (ref[1].startsWith("'") ? ref[1].slice(1, -1).replace(/''/g, "'") : ref[1]) : undefined;
      const corner = (k: number): Corner => ({ cAbs: ref[k] === "$", c: columnIndex(ref[k + 1]), rAbs: ref[k + 2] === "$", r: Number(ref[k + 3]) - 1 });
      const a = corner(2);
      return { kind: "ref", sheet, a, b: ref[6] !== undefined ? corner(6) : a };
    }
    const num = NUM_RE.exec(rest);
    if (num) {
      this.i += num[0].length;
      return { kind: "lit", v: Number(num[0]) };
    }
    const id = IDENT_RE.exec(rest);
    if (id) {
      this.i += id[0].length;
      const word = id[0];
      if (this.s[this.i] === "(") {
        this.i++;
        const args: Node[] = [];
        if (!this.peek([")"])) {
          for (;;) {
            // An omitted argument (IF(A1,,1)) is blank.
            args.push(this.peek([",", ";", ")"]) ? { kind: "lit", v: null } : this.binary(0));
            if (this.peek([",", ";"])) {
              this.i++;
              continue;
            }
            break;
          }
        }
        this.expect(")");
        return { kind: "call", fn: word.toUpperCase().replace(/^_XLFN\./, ""), args };
      }
      const up = word.toUpperCase();
      if (up === "TRUE" || up === "FALSE") return { kind: "lit", v: up === "TRUE" };
      return { kind: "name", name: word };
    }
    throw new Uncomputable("#VALUE!");
  }

  private expect(ch: string): void {
    this.ws();
    if (this.s[this.i] !== ch) throw new Uncomputable("#VALUE!");
    this.i++;
  }
}

const parsed = new Map<string, Node | Uncomputable>();

/** The formula's tree (cached), or the reason it cannot be parsed. */
function parseFormula(formula: string): Node | Uncomputable {
  let n = parsed.get(formula);
  if (n === undefined) {
    try {
      n = new Parser(formula.startsWith("=") ? formula.slice(1) : formula).parse();
    } catch (e) {
      if (!(e instanceof Uncomputable)) throw e;
      n = e;
    }
    if (parsed.size > 500) parsed.clear();
    parsed.set(formula, n);
  }
  return n;
}

// ---- coercions (Excel's) ----

function cellValue(sheet: SimSheet, r: number, c: number): Scalar {
  const v = sheet.get(r, c);
  return v === undefined ? null : v;
}

function scalar(v: Value): Scalar {
  if (isRange(v)) return v.r0 === v.r1 && v.c0 === v.c1 ? cellValue(v.sheet, v.r0, v.c0) : ERR("#VALUE!");
  return v;
}

function toNumber(v: Scalar): number | SimErrorValue {
  if (v instanceof SimErrorValue) return v;
  if (v === null) return 0;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  const t = v.trim();
  if (t === "") return ERR("#VALUE!");
  const pct = t.endsWith("%");
  const n = Number((pct ? t.slice(0, -1) : t).replace(/,/g, ""));
  return Number.isFinite(n) ? (pct ? n / 100 : n) : ERR("#VALUE!");
}

function toBool(v: Scalar): boolean | SimErrorValue {
  if (v instanceof SimErrorValue) return v;
  if (v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  const u = v.trim().toUpperCase();
  return u === "TRUE" ? true : u === "FALSE" ? false : ERR("#VALUE!");
}

function toText(v: Scalar): string | SimErrorValue {
  if (v instanceof SimErrorValue) return v;
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return String(Number(v.toPrecision(15)));
  return v;
}

/** Excel's order for comparisons: numbers < text < booleans; text without case; a blank is 0, "" or FALSE as needed. */
function compare(a: Scalar, b: Scalar): number | SimErrorValue {
  if (a instanceof SimErrorValue) return a;
  if (b instanceof SimErrorValue) return b;
  if (a === null) a = typeof b === "string" ? "" : typeof b === "boolean" ? false : 0;
  if (b === null) b = typeof a === "string" ? "" : typeof a === "boolean" ? false : 0;
  const rank = (x: number | string | boolean) => (typeof x === "number" ? 0 : typeof x === "string" ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === "string") {
    const x = a.toLowerCase();
    const y = (b as string).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Excel's ROUND: half away from zero, on the decimal digits (not the binary ones). */
function excelRound(x: number, digits: number): number {
  const f = Math.pow(10, Math.trunc(digits));
  const r = Math.round(Number((Math.abs(x) * f).toPrecision(15)));
  return (Math.sign(x) * r) / f;
}

function* cells(v: Value): Generator<Scalar> {
  if (isRange(v)) {
    for (let r = v.r0; r <= v.r1; r++) for (let c = v.c0; c <= v.c1; c++) yield cellValue(v.sheet, r, c);
  } else yield v;
}

// ---- evaluation ----

interface Ctx {
  wb: SimWorkbook;
  sheet: SimSheet;
  /** Offset of the evaluated cell from the cell the formula was written for (relative references move by it). */
  dr: number;
  dc: number;
  depth: number;
}

function resolveName(ctx: Ctx, name: string): Value {
  const lower = name.toLowerCase();
  const nm =
    ctx.wb.names.find((n) => n.name.toLowerCase() === lower && n.scope === ctx.sheet) ??
    ctx.wb.names.find((n) => n.name.toLowerCase() === lower && n.scope === undefined);
  if (!nm || ctx.depth > 8) return ERR("#NAME?");
  const node = parseFormula(nm.formula);
  if (node instanceof Uncomputable) throw node;
  return evaluate(node, { ...ctx, dr: 0, dc: 0, depth: ctx.depth + 1, sheet: nm.scope ?? ctx.sheet });
}

function evaluate(node: Node, ctx: Ctx): Value {
  switch (node.kind) {
    case "lit":
      return node.v;
    case "ref": {
      const sheet = node.sheet !== undefined ? ctx.wb.sheet(node.sheet) : ctx.sheet;
      if (!sheet) return ERR("#REF!");
      const { a, b } = node;
      const r0 = a.r + (a.rAbs ? 0 : ctx.dr);
      const c0 = a.c + (a.cAbs ? 0 : ctx.dc);
      const r1 = b.r + (b.rAbs ? 0 : ctx.dr);
      const c1 = b.c + (b.cAbs ? 0 : ctx.dc);
      if (Math.min(r0, c0, r1, c1) < 0 || Math.max(r0, r1) >= MAX_ROWS || Math.max(c0, c1) >= MAX_COLS) return ERR("#REF!");
      return { sheet, r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) };
    }
    case "name":
      return resolveName(ctx, node.name);
    case "neg": {
      const n = toNumber(scalar(evaluate(node.a, ctx)));
      return n instanceof SimErrorValue ? n : -n;
    }
    case "pct": {
      const n = toNumber(scalar(evaluate(node.a, ctx)));
      return n instanceof SimErrorValue ? n : n / 100;
    }
    case "bin":
      return binary(node.op, scalar(evaluate(node.a, ctx)), scalar(evaluate(node.b, ctx)));
    case "call":
      return call(node.fn, node.args, ctx);
  }
}

function binary(op: string, a: Scalar, b: Scalar): Scalar {
  if (op === "&") {
    const x = toText(a);
    if (x instanceof SimErrorValue) return x;
    const y = toText(b);
    return y instanceof SimErrorValue ? y : x + y;
  }
  if (op === "=" || op === "<>" || op === "<" || op === ">" || op === "<=" || op === ">=") {
    const c = compare(a, b);
    if (c instanceof SimErrorValue) return c;
    return op === "=" ? c === 0 : op === "<>" ? c !== 0 : op === "<" ? c < 0 : op === ">" ? c > 0 : op === "<=" ? c <= 0 : c >= 0;
  }
  const x = toNumber(a);
  if (x instanceof SimErrorValue) return x;
  const y = toNumber(b);
  if (y instanceof SimErrorValue) return y;
  let r: number;
  switch (op) {
    case "+":
      r = x + y;
      break;
    case "-":
      r = x - y;
      break;
    case "*":
      r = x * y;
      break;
    case "/":
      if (y === 0) return ERR("#DIV/0!");
      r = x / y;
      break;
    default:
      r = Math.pow(x, y);
  }
  return Number.isFinite(r) ? r : ERR("#NUM!");
}

/** The numbers of SUM-like arguments: in ranges only numbers count; direct arguments are converted. */
function numbersOf(args: Node[], ctx: Ctx, skipErrors: boolean): number[] | SimErrorValue {
  const xs: number[] = [];
  for (const a of args) {
    const v = evaluate(a, ctx);
    const inRange = isRange(v);
    for (const x of cells(v)) {
      if (x instanceof SimErrorValue) {
        if (skipErrors) continue;
        return x;
      }
      if (inRange && typeof x !== "number") continue;
      const n = toNumber(x);
      if (n instanceof SimErrorValue) {
        if (skipErrors) continue;
        return n;
      }
      xs.push(n);
    }
  }
  return xs;
}

function arity(args: Node[], min: number, max: number): void {
  if (args.length < min || args.length > max) throw new Uncomputable("#VALUE!");
}

/** INDEX(range, row, [column]): a reference to a cell (or a whole row / column with 0) of the range. */
function index(args: Node[], ctx: Ctx): Value {
  arity(args, 2, 3);
  const v = evaluate(args[0], ctx);
  if (v instanceof SimErrorValue) return v;
  const a = toNumber(scalar(evaluate(args[1], ctx)));
  if (a instanceof SimErrorValue) return a;
  const b = args.length > 2 ? toNumber(scalar(evaluate(args[2], ctx))) : undefined;
  if (b instanceof SimErrorValue) return b;
  if (!isRange(v)) return Math.trunc(a) <= 1 && (b === undefined || Math.trunc(b) <= 1) ? v : ERR("#REF!");
  const rows = v.r1 - v.r0 + 1;
  const cols = v.c1 - v.c0 + 1;
  // With one index, a one-row range is indexed by column.
  let r = Math.trunc(a);
  let c = b === undefined ? 0 : Math.trunc(b);
  if (b === undefined && rows === 1) {
    c = r;
    r = 0;
  }
  if (r < 0 || c < 0) return ERR("#VALUE!");
  if (r > rows || c > cols) return ERR("#REF!");
  if (b === undefined && rows > 1 && cols > 1 && r > 0) c = 0;
  return {
    sheet: v.sheet,
    r0: r === 0 ? v.r0 : v.r0 + r - 1,
    r1: r === 0 ? v.r1 : v.r0 + r - 1,
    c0: c === 0 ? v.c0 : v.c0 + c - 1,
    c1: c === 0 ? v.c1 : v.c0 + c - 1,
  };
}

/** Excel's wildcards for an exact MATCH on text: * any run, ? one character, ~ escapes. */
function wildcard(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "~" && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (ch === "*") re += "[\\s\\S]*";
    else if (ch === "?") re += "[\\s\\S]";
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "i");
}

/** MATCH(value, one-row-or-column range, [type]): 1-based position; 0 exact, 1 largest <= (ascending), -1 smallest >=. */
function match(args: Node[], ctx: Ctx): Scalar {
  arity(args, 2, 3);
  const look = scalar(evaluate(args[0], ctx));
  if (look instanceof SimErrorValue) return look;
  const v = evaluate(args[1], ctx);
  if (v instanceof SimErrorValue) return v;
  const t = args.length > 2 ? toNumber(scalar(evaluate(args[2], ctx))) : 1;
  if (t instanceof SimErrorValue) return t;
  if (isRange(v) && v.r0 !== v.r1 && v.c0 !== v.c1) return ERR("#N/A");
  const list = [...cells(v)];
  const key = look === null ? 0 : look;
  if (t === 0) {
    const re = typeof key === "string" && /[*?~]/.test(key) ? wildcard(key) : null;
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      if (x === null || x instanceof SimErrorValue || typeof x !== typeof key) continue;
      if (re ? re.test(x as string) : compare(x, key) === 0) return i + 1;
    }
    return ERR("#N/A");
  }
  let found = -1;
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x === null || x instanceof SimErrorValue || typeof x !== typeof key) continue;
    const c = compare(x, key) as number;
    if (t > 0 ? c > 0 : c < 0) break;
    found = i;
  }
  return found < 0 ? ERR("#N/A") : found + 1;
}

function call(fn: string, args: Node[], ctx: Ctx): Value {
  const arg = (i: number): Scalar => (i < args.length ? scalar(evaluate(args[i], ctx)) : null);
  const num = (i: number) => toNumber(arg(i));
  switch (fn) {
    case "IF": {
      arity(args, 2, 3);
      const c = toBool(arg(0));
      if (c instanceof SimErrorValue) return c;
      if (c) return evaluate(args[1], ctx);
      return args.length > 2 ? evaluate(args[2], ctx) : false;
    }
    case "IFERROR": {
      arity(args, 2, 2);
      const v = evaluate(args[0], ctx);
      return scalar(v) instanceof SimErrorValue ? evaluate(args[1], ctx) : v;
    }
    case "AND":
    case "OR": {
      arity(args, 1, 255);
      let seen = false;
      let acc = fn === "AND";
      for (const a of args) {
        const v = evaluate(a, ctx);
        const inRange = isRange(v);
        for (const x of cells(v)) {
          if (x instanceof SimErrorValue) return x;
          if (inRange && (x === null || typeof x === "string")) continue;
          const b = toBool(x);
          if (b instanceof SimErrorValue) return b;
          seen = true;
          acc = fn === "AND" ? acc && b : acc || b;
        }
      }
      return seen ? acc : ERR("#VALUE!");
    }
    case "NOT": {
      arity(args, 1, 1);
      const b = toBool(arg(0));
      return b instanceof SimErrorValue ? b : !b;
    }
    case "ISNUMBER":
    case "ISTEXT":
    case "ISBLANK":
    case "ISERROR": {
      arity(args, 1, 1);
      const v = arg(0);
      if (fn === "ISNUMBER") return typeof v === "number";
      if (fn === "ISTEXT") return typeof v === "string";
      if (fn === "ISBLANK") return v === null;
      return v instanceof SimErrorValue;
    }
    case "ROUND": {
      arity(args, 2, 2);
      const x = num(0);
      if (x instanceof SimErrorValue) return x;
      const d = num(1);
      return d instanceof SimErrorValue ? d : excelRound(x, d);
    }
    case "INT":
    case "ABS": {
      arity(args, 1, 1);
      const x = num(0);
      if (x instanceof SimErrorValue) return x;
      return fn === "INT" ? Math.floor(x) : Math.abs(x);
    }
    case "TRIM":
    case "UPPER":
    case "LOWER":
    case "LEN": {
      arity(args, 1, 1);
      const t = toText(arg(0));
      if (t instanceof SimErrorValue) return t;
      if (fn === "TRIM") return t.replace(/ +/g, " ").replace(/^ | $/g, "");
      if (fn === "UPPER") return t.toUpperCase();
      if (fn === "LOWER") return t.toLowerCase();
      return t.length;
    }
    case "CONCATENATE":
    case "CONCAT": {
      let s = "";
      for (const a of args)
        for (const x of cells(evaluate(a, ctx))) {
          const t = toText(x);
          if (t instanceof SimErrorValue) return t;
          s += t;
        }
      return s;
    }
    case "SUM":
    case "AVERAGE":
    case "MIN":
    case "MAX":
    case "COUNT": {
      const xs = numbersOf(args, ctx, fn === "COUNT");
      if (xs instanceof SimErrorValue) return xs;
      if (fn === "COUNT") return xs.length;
      const sum = xs.reduce((s, x) => s + x, 0);
      if (fn === "SUM") return sum;
      if (fn === "AVERAGE") return xs.length === 0 ? ERR("#DIV/0!") : sum / xs.length;
      if (xs.length === 0) return 0;
      return fn === "MIN" ? Math.min(...xs) : Math.max(...xs);
    }
    case "COUNTA": {
      let n = 0;
      for (const a of args) for (const x of cells(evaluate(a, ctx))) if (x !== null) n++;
      return n;
    }
    case "HYPERLINK":
      arity(args, 1, 2);
      return arg(args.length > 1 ? 1 : 0);
    case "INDEX":
      return index(args, ctx);
    case "MATCH":
      return match(args, ctx);
    default:
      throw new Uncomputable("#NAME?");
  }
}

function run(wb: SimWorkbook, sheet: SimSheet, formula: string, dr: number, dc: number): Scalar | Uncomputable {
  const node = parseFormula(formula);
  if (node instanceof Uncomputable) return node;
  try {
    return scalar(evaluate(node, { wb, sheet, dr, dc, depth: 0 }));
  } catch (e) {
    if (e instanceof Uncomputable) return e;
    throw e;
  }
}

/**
 * The value of `formula` at cell (r, c) of `sheet`, when it was written for (originRow, originCol) (0-based):
 * relative references move by the difference. An error value when it cannot be computed here.
 */
export function evaluateAt(wb: SimWorkbook, sheet: SimSheet, formula: string, originRow: number, originCol: number, r: number, c: number): FormulaValue {
  const v = run(wb, sheet, formula, r - originRow, c - originCol);
  return v instanceof Uncomputable ? ERR(v.code) : v;
}

/** Value of a formula written to (r, c); undefined when the simulated host cannot compute it. */
export function evaluateFormula(wb: SimWorkbook, sheet: SimSheet, _r: number, _c: number, formula: string): Stored | undefined {
  const v = run(wb, sheet, formula, 0, 0);
  if (v instanceof Uncomputable) return undefined;
  return v === null ? 0 : v;
}
