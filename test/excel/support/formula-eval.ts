/**
 * A tiny evaluator of Excel formulas, enough for OPS's highlight formula and the report's HYPERLINK formulas:
 * numbers, strings, TRUE/FALSE, cell references (A1, $A$1, 'Sheet'!$B$5), workbook names, + - * / & and comparisons,
 * and the functions IF and IFERROR (lazy, as in Excel), AND, ISNUMBER, ROUND, INT, TRIM, INDEX, HYPERLINK.
 * Functions other than IF/IFERROR/INDEX come from @formulajs/formulajs, so the arithmetic is not OPS's own.
 * Excel's semantics where they matter: a blank cell is 0 in arithmetic and "" for text, errors propagate through
 * operators and AND, text compared case-insensitively, numbers < text < booleans in comparisons.
 */
import * as formulajs from "@formulajs/formulajs";

export type Value = number | string | boolean | null | ExcelErr;
export class ExcelErr {
  constructor(readonly code: string) {}
}
/** A reference: sheet (undefined = the formula's sheet), 1-based rows/columns, absolute flags. */
interface Ref {
  kind: "ref";
  sheet?: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
  rowAbs: boolean;
}
type Node =
  | { kind: "num"; v: number }
  | { kind: "str"; v: string }
  | { kind: "bool"; v: boolean }
  | Ref
  | { kind: "name"; name: string }
  | { kind: "call"; fn: string; args: Node[] }
  | { kind: "bin"; op: string; a: Node; b: Node }
  | { kind: "neg"; a: Node };

export interface EvalContext {
  /** Value of a cell (1-based row and column) of a sheet; undefined sheet = the formula's own sheet. */
  cell(sheet: string | undefined, row: number, col: number): Value;
  /** A workbook name -> the reference it stands for (a sheet range). */
  name(name: string): { sheet: string; top: number; left: number; bottom: number; right: number } | undefined;
}

const colNum = (s: string) => s.toUpperCase().split("").reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

function tokenize(src: string): string[] {
  const tokens: string[] = [];
  const re = /\s*('(?:[^']|'')+'!\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?|[A-Za-z_][\w.]*!\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?|\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?(?![\w(])|"(?:[^"]|"")*"|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?%?|[A-Za-z_][\w.]*|<=|>=|<>|[-+*/&=<>(),^])/y;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < src.length) {
    re.lastIndex = pos;
    m = re.exec(src);
    if (!m) {
      if (/^\s*$/.test(src.slice(pos))) break;
      throw new Error(`cannot read formula at: ${src.slice(pos, pos + 20)}`);
    }
    tokens.push(m[1]);
    pos = re.lastIndex;
  }
  return tokens;
}

function parseRef(tok: string): Ref {
  let sheet: string | undefined;
  let addr = tok;
  const bang = tok.lastIndexOf("!");
  if (bang >= 0) {
    sheet = tok.slice(0, bang);
    if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    addr = tok.slice(bang + 1);
  }
  const [a, b] = addr.split(":");
  const p = (s: string) => {
    const m = /^(\$?)([A-Z]+)(\$?)(\d+)$/.exec(s) as RegExpExecArray;
    return { col: colNum(m[2]), row: Number(m[4]), rowAbs: m[3] === "$" };
  };
  const s = p(a);
  const e = b ? p(b) : s;
  return { kind: "ref", sheet, top: s.row, left: s.col, bottom: e.row, right: e.col, rowAbs: s.rowAbs };
}

export function parseFormula(formula: string): Node {
  const tokens = tokenize(formula.replace(/^=/, ""));
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected ${t} in ${formula}`);
  };
  const comparison = (): Node => {
    let a = concat();
    while (["=", "<>", "<", ">", "<=", ">="].includes(peek())) {
      const op = next();
      a = { kind: "bin", op, a, b: concat() };
    }
    return a;
  };
  const concat = (): Node => {
    let a = additive();
    while (peek() === "&") {
      next();
      a = { kind: "bin", op: "&", a, b: additive() };
    }
    return a;
  };
  const additive = (): Node => {
    let a = multiplicative();
    while (peek() === "+" || peek() === "-") {
      const op = next();
      a = { kind: "bin", op, a, b: multiplicative() };
    }
    return a;
  };
  const multiplicative = (): Node => {
    let a = unary();
    while (peek() === "*" || peek() === "/") {
      const op = next();
      a = { kind: "bin", op, a, b: unary() };
    }
    return a;
  };
  const unary = (): Node => {
    if (peek() === "-") {
      next();
      return { kind: "neg", a: unary() };
    }
    if (peek() === "+") {
      next();
      return unary();
    }
    return primary();
  };
  const primary = (): Node => {
    const t = next();
    if (t === undefined) throw new Error(`unexpected end of ${formula}`);
    if (t === "(") {
      const e = comparison();
      expect(")");
      return e;
    }
    if (t.startsWith('"')) return { kind: "str", v: t.slice(1, -1).replace(/""/g, '"') };
    if (/^\d/.test(t)) return { kind: "num", v: t.endsWith("%") ? Number(t.slice(0, -1)) / 100 : Number(t) };
    if (/^(TRUE|FALSE)$/i.test(t) && peek() !== "(") return { kind: "bool", v: t.toUpperCase() === "TRUE" };
    if (t.includes("!")) return parseRef(t);
    if (/^\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?$/.test(t) && peek() !== "(") return parseRef(t);
    if (peek() === "(") {
      next();
      const args: Node[] = [];
      if (peek() !== ")") {
        args.push(comparison());
        while (peek() === ",") {
          next();
          args.push(comparison());
        }
      }
      expect(")");
      return { kind: "call", fn: t.toUpperCase(), args };
    }
    return { kind: "name", name: t };
  };
  const node = comparison();
  if (i !== tokens.length) throw new Error(`trailing tokens in ${formula}: ${tokens.slice(i).join(" ")}`);
  return node;
}

type RangeVal = { kind: "range"; sheet?: string; top: number; left: number; bottom: number; right: number };

/** Evaluates `formula`, written for the cell at (anchorRow), at sheet row `row` (relative row references shift). */
export function evaluate(formula: string | Node, ctx: EvalContext, anchorRow: number, row: number): Value {
  const node = typeof formula === "string" ? parseFormula(formula) : formula;
  const shift = row - anchorRow;

  const refOf = (n: Node): RangeVal | undefined => {
    if (n.kind === "ref") {
      const d = n.rowAbs ? 0 : shift;
      return { kind: "range", sheet: n.sheet, top: n.top + d, left: n.left, bottom: n.bottom + d, right: n.right };
    }
    if (n.kind === "name") {
      const r = ctx.name(n.name);
      if (!r) return undefined;
      return { kind: "range", ...r };
    }
    return undefined;
  };
  const deref = (r: RangeVal): Value => ctx.cell(r.sheet, r.top, r.left);

  const num = (v: Value): number | ExcelErr => {
    if (v instanceof ExcelErr) return v;
    if (v === null || v === "") return 0;
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "number") return v;
    const x = Number(v);
    return Number.isFinite(x) && v.trim() !== "" ? x : new ExcelErr("#VALUE!");
  };
  const rank = (v: Value) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);
  const compare = (a: Value, b: Value): number | ExcelErr => {
    if (a instanceof ExcelErr) return a;
    if (b instanceof ExcelErr) return b;
    if (a === null) a = typeof b === "string" ? "" : typeof b === "boolean" ? false : 0;
    if (b === null) b = typeof a === "string" ? "" : typeof a === "boolean" ? false : 0;
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    if (typeof a === "string") {
      const x = a.toLowerCase(), y = (b as string).toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = Number(a), y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const fromJs = (v: unknown): Value => {
    if (v instanceof Error) return new ExcelErr(v.message || "#VALUE!");
    if (v === undefined) return null;
    return v as Value;
  };

  const ev = (n: Node): Value => {
    switch (n.kind) {
      case "num":
        return n.v;
      case "str":
        return n.v;
      case "bool":
        return n.v;
      case "ref":
      case "name": {
        const r = refOf(n);
        return r ? deref(r) : new ExcelErr("#NAME?");
      }
      case "neg": {
        const x = num(ev(n.a));
        return x instanceof ExcelErr ? x : -x;
      }
      case "bin": {
        const a = ev(n.a), b = ev(n.b);
        if (n.op === "&") {
          if (a instanceof ExcelErr) return a;
          if (b instanceof ExcelErr) return b;
          return `${a ?? ""}${b ?? ""}`;
        }
        if (["+", "-", "*", "/"].includes(n.op)) {
          const x = num(a), y = num(b);
          if (x instanceof ExcelErr) return x;
          if (y instanceof ExcelErr) return y;
          if (n.op === "+") return x + y;
          if (n.op === "-") return x - y;
          if (n.op === "*") return x * y;
          return y === 0 ? new ExcelErr("#DIV/0!") : x / y;
        }
        const c = compare(a, b);
        if (c instanceof ExcelErr) return c;
        switch (n.op) {
          case "=":
            return c === 0;
          case "<>":
            return c !== 0;
          case "<":
            return c < 0;
          case ">":
            return c > 0;
          case "<=":
            return c <= 0;
          default:
            return c >= 0;
        }
      }
      case "call": {
        const { fn, args } = n;
        if (fn === "IF") {
          const c = ev(args[0]);
          if (c instanceof ExcelErr) return c;
          const t = typeof c === "string" ? new ExcelErr("#VALUE!") : Boolean(c);
          if (t instanceof ExcelErr) return t;
          return t ? ev(args[1]) : args.length > 2 ? ev(args[2]) : false;
        }
        if (fn === "IFERROR") {
          const v = ev(args[0]);
          return v instanceof ExcelErr ? ev(args[1]) : v;
        }
        if (fn === "INDEX") {
          const r = refOf(args[0]);
          if (!r) return new ExcelErr("#REF!");
          const k = num(ev(args[1]));
          if (k instanceof ExcelErr) return k;
          const height = r.bottom - r.top + 1;
          if (k < 1 || k > height) return new ExcelErr("#REF!");
          return ctx.cell(r.sheet, r.top + Math.floor(k) - 1, r.left);
        }
        if (fn === "HYPERLINK") {
          return args.length > 1 ? ev(args[1]) : ev(args[0]);
        }
        const vals = args.map(ev);
        if (fn === "AND") {
          for (const v of vals) if (v instanceof ExcelErr) return v;
          return vals.every((v) => (typeof v === "number" ? v !== 0 : v === true || v === null || typeof v === "string"));
        }
        if (fn === "ISNUMBER") return typeof vals[0] === "number";
        for (const v of vals) if (v instanceof ExcelErr) return v;
        if (fn === "TRIM") return fromJs(formulajs.TRIM(vals[0] === null ? "" : String(vals[0])));
        if (fn === "ROUND") {
          // Excel's ROUND works on the 15-significant-digit decimal value, half away from zero: ROUND(-5E-13, 12) is
          // -1E-12 in Excel, where formulajs rounds the binary value and gives -0.
          const xs = vals.map(num);
          for (const x of xs) if (x instanceof ExcelErr) return x;
          const [x, d] = xs as number[];
          const p = 10 ** Math.trunc(d);
          const scaled = Number((Math.abs(Number(x.toPrecision(15))) * p).toPrecision(15));
          return (x < 0 ? -1 : 1) * (Math.round(scaled) / p);
        }
        if (fn === "INT") {
          const xs = vals.map(num);
          for (const x of xs) if (x instanceof ExcelErr) return x;
          const f = (formulajs as unknown as Record<string, (...a: unknown[]) => unknown>)[fn];
          return fromJs(f(...xs));
        }
        throw new Error(`function ${fn} not supported by the test evaluator`);
      }
    }
  };
  return ev(node);
}
