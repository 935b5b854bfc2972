/**
 * A deliberately small formula evaluator for the simulated host, run once when a formula is written (no recalculation
 * when its inputs change later). It computes literals, cell and range references (same or other sheet, defined names),
 * the operators + - * / ^ & % = <> < > <= >=, and SUM, AVERAGE, MIN, MAX, COUNT, COUNTA, IF, IFERROR, ROUND, ABS,
 * AND, OR, NOT, CONCATENATE, LEN, UPPER, LOWER, HYPERLINK. Any other function leaves the formula uncomputed: its cached
 * value is "" (see README). An unknown bare name gives #NAME? as in Excel.
 */
import { parseBounds, splitSheet, type Bounds } from "./address";
import { SimErrorValue, type Stored } from "./cells";
import type { SimSheet, SimWorkbook } from "./model";

type Scalar = number | string | boolean | SimErrorValue;
type Val = Scalar | { range: { sheet: SimSheet; bounds: Bounds } };

class Uncomputable extends Error {}

interface Tok {
  t: "num" | "str" | "op" | "ref" | "name" | "fn" | "lp" | "rp" | "comma" | "err" | "bool";
  v: string;
}

const ERR = (code: string) => SimErrorValue.of(code);

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === " ") {
      i++;
      continue;
    }
    if (ch === '"') {
      let s = "";
      i++;
      for (;;) {
        if (i >= src.length) throw new Uncomputable();
        if (src[i] === '"') {
          if (src[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ t: "str", v: s });
      continue;
    }
    if (ch === "#") {
      const m = /^#(?:N\/A|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|NULL!)/i.exec(src.slice(i));
      if (!m) throw new Uncomputable();
      out.push({ t: "err", v: m[0].toUpperCase() });
      i += m[0].length;
      continue;
    }
    if (/[0-9.]/.test(ch)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new Uncomputable();
      // a row range like 1:3 is not supported
      out.push({ t: "num", v: m[0] });
      i += m[0].length;
      continue;
    }
    if (ch === "'" || /[A-Za-z_$\\\u00C0-\uFFFF]/.test(ch)) {
      // reference (optionally sheet-qualified) or name or function
      const rest = src.slice(i);
      const m = /^(?:'(?:[^']|'')+'!|[A-Za-z_\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*!)?\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?(?![\w(])/.exec(rest);
      if (m) {
        out.push({ t: "ref", v: m[0] });
        i += m[0].length;
        continue;
      }
      const n = /^[A-Za-z_\\\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*/.exec(rest);
      if (!n) throw new Uncomputable();
      i += n[0].length;
      if (src[i] === "(") {
        out.push({ t: "fn", v: n[0].toUpperCase() });
        i++;
      } else if (/^(TRUE|FALSE)$/i.test(n[0])) out.push({ t: "bool", v: n[0].toUpperCase() });
      else out.push({ t: "name", v: n[0] });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === "<=" || two === ">=" || two === "<>") {
      out.push({ t: "op", v: two });
      i += 2;
      continue;
    }
    if ("+-*/^&=<>%".includes(ch)) {
      out.push({ t: "op", v: ch });
      i++;
      continue;
    }
    if (ch === "(") out.push({ t: "lp", v: ch });
    else if (ch === ")") out.push({ t: "rp", v: ch });
    else if (ch === "," || ch === ";") out.push({ t: "comma", v: "," });
    else throw new Uncomputable();
    i++;
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(
    private toks: Tok[],
    private wb: SimWorkbook,
    private sheet: SimSheet,
  ) {}
  done(): boolean {
    return this.i >= this.toks.length;
  }
  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private next(): Tok {
    const t = this.toks[this.i++];
    if (!t) throw new Uncomputable();
    return t;
  }
  expr(): Val {
    return this.comparison();
  }
  private comparison(): Val {
    let a = this.concat();
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== "op" || !["=", "<>", "<", ">", "<=", ">="].includes(t.v)) return a;
      this.i++;
      const b = this.concat();
      a = compare(scalar(a), scalar(b), t.v);
    }
  }
  private concat(): Val {
    let a = this.additive();
    while (this.peek()?.t === "op" && this.peek()!.v === "&") {
      this.i++;
      const b = this.additive();
      const x = scalar(a),
        y = scalar(b);
      if (x instanceof SimErrorValue) a = x;
      else if (y instanceof SimErrorValue) a = y;
      else a = text(x) + text(y);
    }
    return a;
  }
  private additive(): Val {
    let a = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== "op" || (t.v !== "+" && t.v !== "-")) return a;
      this.i++;
      const b = this.multiplicative();
      a = arith(scalar(a), scalar(b), t.v);
    }
  }
  private multiplicative(): Val {
    let a = this.power();
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== "op" || (t.v !== "*" && t.v !== "/")) return a;
      this.i++;
      const b = this.power();
      a = arith(scalar(a), scalar(b), t.v);
    }
  }
  private power(): Val {
    let a = this.unary();
    while (this.peek()?.t === "op" && this.peek()!.v === "^") {
      this.i++;
      const b = this.unary();
      a = arith(scalar(a), scalar(b), "^");
    }
    return a;
  }
  private unary(): Val {
    const t = this.peek();
    if (t && t.t === "op" && (t.v === "-" || t.v === "+")) {
      this.i++;
      const v = this.unary();
      return t.v === "-" ? arith(0, scalar(v), "-") : arith(0, scalar(v), "+");
    }
    let v = this.primary();
    while (this.peek()?.t === "op" && this.peek()!.v === "%") {
      this.i++;
      v = arith(scalar(v), 100, "/");
    }
    return v;
  }
  private primary(): Val {
    const t = this.next();
    switch (t.t) {
      case "num":
        return Number(t.v);
      case "str":
        return t.v;
      case "bool":
        return t.v === "TRUE";
      case "err":
        return ERR(t.v);
      case "lp": {
        const v = this.expr();
        if (this.next().t !== "rp") throw new Uncomputable();
        return v;
      }
      case "ref": {
        const { sheet: sn, local } = splitSheet(t.v);
        const sheet = sn !== undefined ? this.wb.sheet(sn) : this.sheet;
        if (!sheet) return ERR("#REF!");
        const b = parseBounds(local.replace(/\$/g, ""));
        if (!b) throw new Uncomputable();
        return { range: { sheet, bounds: b } };
      }
      case "name": {
        const ref = this.wb.resolveReference(t.v, this.sheet);
        if (ref) return { range: ref };
        const nm = this.wb.names.find((n) => n.name.toLowerCase() === t.v.toLowerCase());
        if (nm) {
          const inner = evaluateText(this.wb, this.sheet, nm.formula.replace(/^=/, ""));
          if (inner === undefined) throw new Uncomputable();
          return inner;
        }
        return ERR("#NAME?");
      }
      case "fn": {
        const args: Val[] = [];
        if (this.peek()?.t === "rp") this.i++;
        else {
          for (;;) {
            args.push(this.expr());
            const s = this.next();
            if (s.t === "rp") break;
            if (s.t !== "comma") throw new Uncomputable();
          }
        }
        return callFunction(t.v, args);
      }
      default:
        throw new Uncomputable();
    }
  }
}

function cellsOf(v: Val): Scalar[] {
  if (typeof v === "object" && !(v instanceof SimErrorValue)) {
    const { sheet, bounds: b } = v.range;
    const out: Scalar[] = [];
    for (let r = b.r0; r <= b.r1; r++)
      for (let c = b.c0; c <= b.c1; c++) {
        const x = sheet.get(r, c);
        if (x !== undefined) out.push(x);
      }
    return out;
  }
  return [v];
}

function scalar(v: Val): Scalar {
  if (typeof v === "object" && !(v instanceof SimErrorValue)) {
    const { sheet, bounds: b } = v.range;
    if (b.r0 !== b.r1 || b.c0 !== b.c1) return ERR("#VALUE!");
    const x = sheet.get(b.r0, b.c0);
    return x === undefined ? 0 : x;
  }
  return v;
}

function num(v: Scalar): number | SimErrorValue {
  if (v instanceof SimErrorValue) return v;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === "") return 0;
  const n = Number(v);
  return Number.isFinite(n) ? n : ERR("#VALUE!");
}

function text(v: Scalar): string {
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return String(Number(v.toPrecision(15)));
  return String(v);
}

function arith(a: Scalar, b: Scalar, op: string): Scalar {
  const x = num(a),
    y = num(b);
  if (x instanceof SimErrorValue) return x;
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

function compare(a: Scalar, b: Scalar, op: string): Scalar {
  if (a instanceof SimErrorValue) return a;
  if (b instanceof SimErrorValue) return b;
  let c: number;
  if (typeof a === typeof b) {
    if (typeof a === "string") c = a.toLowerCase() < (b as string).toLowerCase() ? -1 : a.toLowerCase() > (b as string).toLowerCase() ? 1 : 0;
    else c = Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
  } else {
    const rank = (v: Scalar) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);
    c = rank(a) - rank(b);
  }
  switch (op) {
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

function truthy(v: Scalar): boolean | SimErrorValue {
  if (v instanceof SimErrorValue) return v;
  if (typeof v === "string") {
    if (/^true$/i.test(v)) return true;
    if (/^false$/i.test(v)) return false;
    return ERR("#VALUE!");
  }
  return Boolean(v);
}

function numbersOf(args: Val[]): number[] | SimErrorValue {
  const out: number[] = [];
  for (const a of args) {
    const isRange = typeof a === "object" && !(a instanceof SimErrorValue);
    for (const c of cellsOf(a)) {
      if (c instanceof SimErrorValue) return c;
      if (typeof c === "number") out.push(c);
      else if (!isRange) {
        const n = num(c);
        if (n instanceof SimErrorValue) return n;
        out.push(n);
      }
    }
  }
  return out;
}

function callFunction(name: string, args: Val[]): Val {
  switch (name) {
    case "SUM":
    case "AVERAGE":
    case "MIN":
    case "MAX":
    case "COUNT": {
      const ns = numbersOf(args);
      if (ns instanceof SimErrorValue) return name === "COUNT" ? 0 : ns;
      if (name === "COUNT") return ns.length;
      if (name === "SUM") return ns.reduce((s, x) => s + x, 0);
      if (name === "AVERAGE") return ns.length === 0 ? ERR("#DIV/0!") : ns.reduce((s, x) => s + x, 0) / ns.length;
      if (ns.length === 0) return 0;
      return name === "MIN" ? Math.min(...ns) : Math.max(...ns);
    }
    case "COUNTA":
      return args.reduce<number>((n, a) => n + cellsOf(a).filter((c) => c !== "").length, 0);
    case "IF": {
      if (args.length < 2 || args.length > 3) throw new Uncomputable();
      const c = truthy(scalar(args[0]));
      if (c instanceof SimErrorValue) return c;
      return c ? args[1] : args.length === 3 ? args[2] : false;
    }
    case "IFERROR": {
      if (args.length !== 2) throw new Uncomputable();
      return scalar(args[0]) instanceof SimErrorValue ? args[1] : args[0];
    }
    case "ROUND": {
      const x = num(scalar(args[0] ?? 0)),
        d = num(scalar(args[1] ?? 0));
      if (x instanceof SimErrorValue) return x;
      if (d instanceof SimErrorValue) return d;
      const f = Math.pow(10, Math.trunc(d));
      return (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
    }
    case "ABS": {
      const x = num(scalar(args[0] ?? 0));
      return x instanceof SimErrorValue ? x : Math.abs(x);
    }
    case "AND":
    case "OR": {
      let acc = name === "AND";
      for (const a of args)
        for (const c of cellsOf(a)) {
          const b = truthy(c);
          if (b instanceof SimErrorValue) return b;
          acc = name === "AND" ? acc && b : acc || b;
        }
      return acc;
    }
    case "NOT": {
      const b = truthy(scalar(args[0] ?? false));
      return b instanceof SimErrorValue ? b : !b;
    }
    case "CONCATENATE":
    case "CONCAT": {
      let s = "";
      for (const a of args)
        for (const c of cellsOf(a)) {
          if (c instanceof SimErrorValue) return c;
          s += text(c);
        }
      return s;
    }
    case "LEN": {
      const v = scalar(args[0] ?? "");
      return v instanceof SimErrorValue ? v : text(v).length;
    }
    case "UPPER":
    case "LOWER": {
      const v = scalar(args[0] ?? "");
      if (v instanceof SimErrorValue) return v;
      return name === "UPPER" ? text(v).toUpperCase() : text(v).toLowerCase();
    }
    case "HYPERLINK": {
      const v = scalar(args.length > 1 ? args[1] : args[0]);
      return v;
    }
    default:
      throw new Uncomputable();
  }
}

function evaluateText(wb: SimWorkbook, sheet: SimSheet, body: string): Scalar | undefined {
  try {
    const p = new Parser(tokenize(body), wb, sheet);
    const v = p.expr();
    if (!p.done()) return undefined;
    const s = scalar(v);
    return s;
  } catch (e) {
    if (e instanceof Uncomputable) return undefined;
    throw e;
  }
}

/** Value of a formula written to (r, c); undefined when the simulated host cannot compute it. */
export function evaluateFormula(wb: SimWorkbook, sheet: SimSheet, _r: number, _c: number, formula: string): Stored | undefined {
  const body = formula.startsWith("=") ? formula.slice(1) : formula;
  const v = evaluateText(wb, sheet, body);
  if (v === undefined) return undefined;
  if (typeof v === "number" && !Number.isFinite(v)) return ERR("#NUM!");
  return v;
}
