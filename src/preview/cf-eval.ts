/**
 * Conditional formats in the preview's grid: which cells a formula-based ("Custom") conditional format marks, as
 * Excel decides it. The simulated host does not recalculate, so the grid evaluates each visible cell's rule itself,
 * with a small Excel formula evaluator: numbers, text, TRUE/FALSE, references (A1, $A$1, 'Sheet'!$B$5, A1:B9),
 * defined names, + - * / ^ & % and comparisons, and the functions OPS's highlight and common user rules use
 * (IF, IFERROR, AND, OR, NOT, ISNUMBER, ISTEXT, ISBLANK, ISERROR, ROUND, INT, ABS, TRIM, UPPER, LOWER, LEN, SUM, MIN,
 * MAX). Relative references move with the cell, from the top-left cell of the format's first range, as in Excel.
 * Anything else evaluates to an error, and an error marks nothing (Excel does the same).
 */
import { columnIndex } from "../sim/address";
import { SimErrorValue } from "../sim/cells";
import type { SimConditionalFormat, SimSheet, SimWorkbook } from "../sim/model";

export class FormulaError {
  constructor(readonly code: string) {}
}
type Scalar = number | string | boolean | null | FormulaError;

interface RefNode {
  kind: "ref";
  sheet?: string;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  r0Abs: boolean;
  c0Abs: boolean;
  r1Abs: boolean;
  c1Abs: boolean;
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

const ERR = {
  value: new FormulaError("#VALUE!"),
  name: new FormulaError("#NAME?"),
  ref: new FormulaError("#REF!"),
  div0: new FormulaError("#DIV/0!"),
  num: new FormulaError("#NUM!"),
};

// ---- parsing ----

const CELL = String.raw`(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})`;
const REF_RE = new RegExp(String.raw`^(?:('(?:[^']|'')+'|[A-Za-z_\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*)!)?${CELL}(?::${CELL})?(?![\w(.])`);
const NUM_RE = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;
const IDENT_RE = /^[A-Za-z_\\\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*/;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    const n = this.comparison();
    this.ws();
    if (this.i < this.s.length) throw new Error(`unexpected "${this.s.slice(this.i, this.i + 10)}"`);
    return n;
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private peek(ops: string[]): string | null {
    this.ws();
    for (const op of ops) if (this.s.startsWith(op, this.i)) return op;
    return null;
  }

  /** Binary operators by precedence, loosest first (Excel's order; all left-associative). */
  private static readonly LEVELS: readonly string[][] = [["<>", "<=", ">=", "=", "<", ">"], ["&"], ["+", "-"], ["*", "/"], ["^"]];

  private comparison(): Node {
    return this.binary(0);
  }

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
      const n = this.comparison();
      this.expect(")");
      return n;
    }
    if (rest.startsWith('"')) {
      let j = this.i + 1;
      let out = "";
      for (;;) {
        if (j >= this.s.length) throw new Error("unterminated text");
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
      const m = /^#[A-Z0-9/!?]+[!?A]?/i.exec(rest);
      const code = m ? m[0].toUpperCase() : "#VALUE!";
      this.i += m ? m[0].length : 1;
      return { kind: "lit", v: new FormulaError(code === "#N/A" ? "#N/A" : code) };
    }
    const ref = REF_RE.exec(rest);
    if (ref) {
      this.i += ref[0].length;
      const sheet = ref[1] ? (ref[1].startsWith("'") ? ref[1].slice(1, -1).replace(/''/g, "'") : ref[1]) : undefined;
      const a = { cAbs: ref[2] === "$", c: columnIndex(ref[3].toUpperCase()), rAbs: ref[4] === "$", r: Number(ref[5]) - 1 };
      const b = ref[6] !== undefined ? { cAbs: ref[6] === "$", c: columnIndex(ref[7].toUpperCase()), rAbs: ref[8] === "$", r: Number(ref[9]) - 1 } : a;
      return { kind: "ref", sheet, r0: a.r, c0: a.c, r1: b.r, c1: b.c, r0Abs: a.rAbs, c0Abs: a.cAbs, r1Abs: b.rAbs, c1Abs: b.cAbs };
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
      if (this.peek(["("])) {
        this.i++;
        const args: Node[] = [];
        if (!this.peek([")"])) {
          for (;;) {
            args.push(this.peek([",", ")"]) ? { kind: "lit", v: null } : this.comparison());
            if (this.peek([","])) {
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
    throw new Error(`unexpected "${rest.slice(0, 10)}"`);
  }

  private expect(ch: string): void {
    this.ws();
    if (this.s[this.i] !== ch) throw new Error(`expected ${ch}`);
    this.i++;
  }
}

const parsed = new Map<string, Node | null>();

/** The formula's tree (cached), or null when it cannot be parsed. */
export function parseFormula(formula: string): Node | null {
  let n = parsed.get(formula);
  if (n === undefined) {
    try {
      n = new Parser(formula.startsWith("=") ? formula.slice(1) : formula).parse();
    } catch {
      n = null;
    }
    if (parsed.size > 500) parsed.clear();
    parsed.set(formula, n);
  }
  return n;
}

// ---- evaluation ----

interface Ctx {
  wb: SimWorkbook;
  sheet: SimSheet;
  dr: number;
  dc: number;
  depth: number;
}

function cellValue(sheet: SimSheet, r: number, c: number): Scalar {
  const v = sheet.get(r, c);
  if (v === undefined || v === "") return v === "" ? "" : null;
  if (v instanceof SimErrorValue) return new FormulaError(v.code);
  return v;
}

function scalar(v: Value): Scalar {
  if (v !== null && typeof v === "object" && !(v instanceof FormulaError)) {
    return v.r0 === v.r1 && v.c0 === v.c1 ? cellValue(v.sheet, v.r0, v.c0) : ERR.value;
  }
  return v;
}

function toNumber(v: Scalar): number | FormulaError {
  if (v instanceof FormulaError) return v;
  if (v === null) return 0;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  const t = v.trim();
  if (t === "") return ERR.value;
  const pct = t.endsWith("%");
  const n = Number((pct ? t.slice(0, -1) : t).replace(/,/g, ""));
  return Number.isFinite(n) ? (pct ? n / 100 : n) : ERR.value;
}

function toBool(v: Scalar): boolean | FormulaError {
  if (v instanceof FormulaError) return v;
  if (v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  const u = v.trim().toUpperCase();
  return u === "TRUE" ? true : u === "FALSE" ? false : ERR.value;
}

function toText(v: Scalar): string | FormulaError {
  if (v instanceof FormulaError) return v;
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

/** Excel's order for comparisons: numbers < text < booleans; text without case; a blank is 0 or "" as needed. */
function compare(a: Scalar, b: Scalar): number | FormulaError {
  if (a instanceof FormulaError) return a;
  if (b instanceof FormulaError) return b;
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
  const d = Math.trunc(digits);
  const f = Math.pow(10, d);
  const y = Math.abs(x) * f;
  const r = Math.round(Number(y.toPrecision(15)));
  return (Math.sign(x) * r) / f;
}

function* cells(v: Value): Generator<Scalar> {
  if (v !== null && typeof v === "object" && !(v instanceof FormulaError)) {
    for (let r = v.r0; r <= v.r1; r++) for (let c = v.c0; c <= v.c1; c++) yield cellValue(v.sheet, r, c);
  } else yield v;
}

function resolveName(ctx: Ctx, name: string): Value {
  const lower = name.toLowerCase();
  const nm =
    ctx.wb.names.find((n) => n.name.toLowerCase() === lower && n.scope === ctx.sheet) ??
    ctx.wb.names.find((n) => n.name.toLowerCase() === lower && n.scope === undefined);
  if (!nm || ctx.depth > 8) return ERR.name;
  const node = parseFormula(nm.formula);
  if (!node) return ERR.name;
  return evaluate(node, { ...ctx, dr: 0, dc: 0, depth: ctx.depth + 1, sheet: nm.scope ?? ctx.sheet });
}

function evaluate(node: Node, ctx: Ctx): Value {
  switch (node.kind) {
    case "lit":
      return node.v;
    case "ref": {
      const sheet = node.sheet !== undefined ? ctx.wb.sheet(node.sheet) : ctx.sheet;
      if (!sheet) return ERR.ref;
      const r0 = node.r0 + (node.r0Abs ? 0 : ctx.dr);
      const c0 = node.c0 + (node.c0Abs ? 0 : ctx.dc);
      const r1 = node.r1 + (node.r1Abs ? 0 : ctx.dr);
      const c1 = node.c1 + (node.c1Abs ? 0 : ctx.dc);
      if (r0 < 0 || c0 < 0 || r1 < 0 || c1 < 0) return ERR.ref;
      return { sheet, r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) };
    }
    case "name":
      return resolveName(ctx, node.name);
    case "neg": {
      const n = toNumber(scalar(evaluate(node.a, ctx)));
      return n instanceof FormulaError ? n : -n;
    }
    case "pct": {
      const n = toNumber(scalar(evaluate(node.a, ctx)));
      return n instanceof FormulaError ? n : n / 100;
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
    if (x instanceof FormulaError) return x;
    const y = toText(b);
    return y instanceof FormulaError ? y : x + y;
  }
  if (op === "=" || op === "<>" || op === "<" || op === ">" || op === "<=" || op === ">=") {
    const c = compare(a, b);
    if (c instanceof FormulaError) return c;
    return op === "=" ? c === 0 : op === "<>" ? c !== 0 : op === "<" ? c < 0 : op === ">" ? c > 0 : op === "<=" ? c <= 0 : c >= 0;
  }
  const x = toNumber(a);
  if (x instanceof FormulaError) return x;
  const y = toNumber(b);
  if (y instanceof FormulaError) return y;
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return y === 0 ? ERR.div0 : x / y;
    case "^": {
      const p = Math.pow(x, y);
      return Number.isFinite(p) ? p : ERR.num;
    }
  }
  return ERR.value;
}

function call(fn: string, args: Node[], ctx: Ctx): Value {
  const arg = (i: number): Scalar => (i < args.length ? scalar(evaluate(args[i], ctx)) : null);
  const num = (i: number) => toNumber(arg(i));
  switch (fn) {
    case "IF": {
      const c = toBool(arg(0));
      if (c instanceof FormulaError) return c;
      if (c) return args.length > 1 ? evaluate(args[1], ctx) : true;
      return args.length > 2 ? evaluate(args[2], ctx) : false;
    }
    case "IFERROR": {
      const v = arg(0);
      return v instanceof FormulaError ? arg(1) : v;
    }
    case "AND":
    case "OR": {
      let seen = false;
      let acc = fn === "AND";
      for (const a of args) {
        const v = evaluate(a, ctx);
        const isRange = v !== null && typeof v === "object" && !(v instanceof FormulaError);
        for (const x of cells(v)) {
          if (x instanceof FormulaError) return x;
          if (isRange && (x === null || typeof x === "string")) continue;
          const b = toBool(x);
          if (b instanceof FormulaError) return b;
          seen = true;
          acc = fn === "AND" ? acc && b : acc || b;
        }
      }
      return seen ? acc : ERR.value;
    }
    case "NOT": {
      const b = toBool(arg(0));
      return b instanceof FormulaError ? b : !b;
    }
    case "ISNUMBER":
      return typeof arg(0) === "number";
    case "ISTEXT":
      return typeof arg(0) === "string";
    case "ISBLANK":
      return arg(0) === null;
    case "ISERROR":
      return arg(0) instanceof FormulaError;
    case "ROUND": {
      const x = num(0);
      if (x instanceof FormulaError) return x;
      const d = num(1);
      return d instanceof FormulaError ? d : excelRound(x, d);
    }
    case "INT": {
      const x = num(0);
      return x instanceof FormulaError ? x : Math.floor(x);
    }
    case "ABS": {
      const x = num(0);
      return x instanceof FormulaError ? x : Math.abs(x);
    }
    case "TRIM":
    case "UPPER":
    case "LOWER":
    case "LEN": {
      const t = toText(arg(0));
      if (t instanceof FormulaError) return t;
      if (fn === "TRIM") return t.replace(/ +/g, " ").replace(/^ | $/g, "");
      if (fn === "UPPER") return t.toUpperCase();
      if (fn === "LOWER") return t.toLowerCase();
      return t.length;
    }
    case "SUM":
    case "MIN":
    case "MAX": {
      const xs: number[] = [];
      for (const a of args) {
        const v = evaluate(a, ctx);
        const isRange = v !== null && typeof v === "object" && !(v instanceof FormulaError);
        for (const x of cells(v)) {
          if (x instanceof FormulaError) return x;
          if (isRange && typeof x !== "number") continue;
          const n = toNumber(x);
          if (n instanceof FormulaError) return n;
          xs.push(n);
        }
      }
      if (fn === "SUM") return xs.reduce((s, x) => s + x, 0);
      if (xs.length === 0) return 0;
      return fn === "MIN" ? Math.min(...xs) : Math.max(...xs);
    }
    default:
      return ERR.name;
  }
}

/** The value of `formula` written for cell (r, c) of `sheet`, when it was written for (originRow, originCol). */
export function evaluateAt(wb: SimWorkbook, sheet: SimSheet, formula: string, originRow: number, originCol: number, r: number, c: number): Scalar {
  const node = parseFormula(formula);
  if (!node) return ERR.value;
  try {
    return scalar(evaluate(node, { wb, sheet, dr: r - originRow, dc: c - originCol, depth: 0 }));
  } catch {
    return ERR.value;
  }
}

/** Does the conditional format apply to cell (r, c)? (A Custom rule whose formula gives TRUE or a non-zero number.) */
export function conditionalFormatApplies(wb: SimWorkbook, cf: SimConditionalFormat, r: number, c: number): boolean {
  if (cf.type !== "Custom" || !cf.formula || cf.ranges.length === 0) return false;
  const inside = cf.ranges.some((b) => r >= b.r0 && r <= b.r1 && c >= b.c0 && c <= b.c1);
  if (!inside) return false;
  const origin = cf.ranges[0];
  const v = evaluateAt(wb, cf.sheet, cf.formula, origin.r0, origin.c0, r, c);
  if (v instanceof FormulaError || v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  return false;
}
