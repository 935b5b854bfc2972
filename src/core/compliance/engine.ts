/**
 * The compliance checks on a DataSet: line level, group level (dimension x period, Σmargin / Σbase), erosion and
 * data issues. One code path (a generator that yields between chunks of rows) serves the synchronous and the
 * asynchronous entry points; the async one yields to the event loop, reports progress and can be aborted.
 *
 * Hot path: the Float64Array columns are read directly; dimension strings are interned to integer codes once;
 * group sums are accumulated in typed arrays keyed by (value code, period code); Finding objects are made only for
 * rows that have a finding.
 */
import { compareRate, roundCompare } from "../compare";
import { priceIncreaseForTarget } from "../margin";
import type {
  ComplianceResult,
  ComplianceSummary,
  Finding,
  FindingStore,
  MarginPolicy,
  SegmentSummary,
} from "../policy-types";
import {
  DIMENSION_ROLES,
  type CellLocation,
  type Column,
  type ColumnRole,
  type DataSet,
  type OpsMessage,
  type WorkOptions,
} from "../types";
import {
  foldMonth,
  GRAIN_ORDER,
  parsePeriodText,
  periodLabel,
  periodStartSerial,
  PERIODS_PER_YEAR,
  type Granularity,
} from "./periods";
import {
  DEFAULT_RULE_ID,
  effectiveRule,
  hasDates,
  policyFingerprint,
  resolveRule,
  ruleSpecificity,
  validatePolicy,
} from "./policy";
import { columnLetters } from "../parse/text";
import { normKey, serialToMonthIndex } from "./text";

export interface CheckOptions extends WorkOptions {
  /** Rows per chunk between two yields to the event loop (default 50,000). */
  chunkRows?: number;
}

export const DEFAULT_CHUNK_ROWS = 50_000;
const DEFAULT_GROUP_DIMS: ColumnRole[] = ["segment", "product", "region"];
const DENSE_LIMIT = 1 << 22;

interface Progress {
  done: number;
  total: number;
  phase: string;
}

/** Interned dimension column: code 0 = blank; codes 1.. = distinct values compared ignoring case/accents/spaces. */
interface Interned {
  role: ColumnRole;
  codes: Int32Array;
  /** Display text of each code (the first spelling met); [0] = "". */
  labels: string[];
  /** Code of each comparison key. */
  byKey: Map<string, number>;
  /** True when different spellings were folded onto one code (labels then differ from some rows' own text). */
  folded: boolean;
}

export function abortError(): Error {
  if (typeof DOMException === "function")
    return new DOMException("The compliance check was cancelled.", "AbortError") as unknown as Error;
  const e = new Error("The compliance check was cancelled.");
  e.name = "AbortError";
  return e;
}

/** Waits for a macrotask: setImmediate in Node, a MessageChannel message in browsers, setTimeout(0) otherwise. */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === "function") return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof g.MessageChannel === "function") {
    return new Promise((resolve) => {
      const ch = new g.MessageChannel!();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs the checks without yielding (tests, small tables, workers). */
export function checkComplianceSync(data: DataSet, policy: MarginPolicy): ComplianceResult {
  const gen = runCheck(data, policy, Number.MAX_SAFE_INTEGER);
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs the checks in chunks of `chunkRows` rows, yielding to the event loop between chunks, reporting
 * onProgress(done, total, phase) and rejecting with an AbortError when `signal` is aborted.
 */
export async function checkCompliance(
  data: DataSet,
  policy: MarginPolicy,
  options: CheckOptions = {},
): Promise<ComplianceResult> {
  const { signal, onProgress } = options;
  const chunk = options.chunkRows && options.chunkRows > 0 ? Math.floor(options.chunkRows) : DEFAULT_CHUNK_ROWS;
  if (signal?.aborted) throw abortError();
  const gen = runCheck(data, policy, chunk);
  let last: Progress = { done: 0, total: 1, phase: "prepare" };
  onProgress?.(0, 1, "prepare");
  for (;;) {
    const r = gen.next();
    if (r.done) {
      onProgress?.(last.total, last.total, "done");
      return r.value;
    }
    last = r.value;
    onProgress?.(last.done, last.total, last.phase);
    await yieldToEventLoop();
    if (signal?.aborted) throw abortError();
  }
}

function textOf(col: Column, i: number): string | null {
  if (col.text) {
    const v = col.text[i];
    return v === null || v === undefined ? null : v;
  }
  if (col.numbers) {
    const v = col.numbers[i];
    return Number.isFinite(v) ? String(v) : null;
  }
  return null;
}

function emptySummary(policy: MarginPolicy): ComplianceSummary {
  return {
    basis: policy.basis,
    rowsChecked: 0,
    rowsWithIssues: 0,
    breaches: 0,
    warnings: 0,
    erosions: 0,
    dataIssues: 0,
    totalShortfall: 0,
    revenueChecked: 0,
    revenueInBreach: 0,
    shareOfRevenueInBreach: NaN,
    overallRate: NaN,
    bySegment: [],
    groupBreaches: 0,
    groupWarnings: 0,
  };
}

/**
 * Interned codes by column array (DataSet columns are not modified after reading): checking the same DataSet again,
 * e.g. after a policy edit, skips the interning pass. Held weakly: dropped with the DataSet.
 */
const internCache = new WeakMap<object, Interned>();

/** Interning state of one dimension column, filled chunk by chunk. */
class Interner {
  readonly codes: Int32Array;
  /** Distinct spellings; code c is rawList[c], code 0 = blank. */
  private readonly rawList: string[] = [""];
  /**
   * Open hash table keyed by a cheap fingerprint of the string (length and four characters), chained through `next`:
   * cheaper than a Map on fresh string objects, whose full hash would have to be computed once per cell.
   */
  private mask = 1023;
  private head = new Int32Array(1024);
  private next = new Int32Array(64);
  constructor(
    readonly role: ColumnRole,
    private readonly col: Column,
    n: number,
  ) {
    this.codes = new Int32Array(n);
  }

  private static slot(v: string, mask: number): number {
    const L = v.length;
    return (
      (L * 7919 +
        v.charCodeAt(0) * 31 +
        v.charCodeAt(L - 1) * 961 +
        v.charCodeAt(L >> 1) * 29791 +
        v.charCodeAt(L > 1 ? L - 2 : 0) * 17) &
      mask
    );
  }

  private add(v: string, h: number): number {
    const c = this.rawList.length;
    this.rawList.push(v);
    if (c >= this.next.length) {
      const nn = new Int32Array(this.next.length * 2);
      nn.set(this.next);
      this.next = nn;
    }
    this.next[c] = this.head[h];
    this.head[h] = c;
    if (c > this.mask) this.grow();
    return c;
  }

  private grow(): void {
    this.mask = this.mask * 2 + 1;
    this.head = new Int32Array(this.mask + 1);
    for (let c = 1; c < this.rawList.length; c++) {
      const h = Interner.slot(this.rawList[c], this.mask);
      this.next[c] = this.head[h];
      this.head[h] = c;
    }
  }

  chunk(start: number, end: number): void {
    const text = this.col.text;
    const nums = this.col.numbers;
    const codes = this.codes;
    const rawList = this.rawList;
    for (let i = start; i < end; i++) {
      let v: string | null;
      if (text) v = text[i] ?? null;
      else {
        const x = nums ? nums[i] : NaN;
        v = Number.isFinite(x) ? String(x) : null;
      }
      if (v === null || v.length === 0) {
        codes[i] = 0;
        continue;
      }
      const h = Interner.slot(v, this.mask);
      let c = this.head[h];
      while (c !== 0 && rawList[c] !== v) c = this.next[c];
      codes[i] = c !== 0 ? c : this.add(v, h);
    }
  }

  /** Folds spellings that compare equal (case, accents, spaces) onto one code. */
  finish(): Interned {
    const f = foldSpellings(this.rawList, 0);
    const codes = this.codes;
    if (!f.identity) for (let i = 0; i < codes.length; i++) codes[i] = f.remap[codes[i]];
    return { role: this.role, codes, labels: f.labels, byKey: f.byKey, folded: !f.identity };
  }
}

/**
 * Canonical code of each distinct spelling: rawList[c] (c >= first) gets the code of the first spelling with the same
 * comparison key (codes from 1 in order of first appearance), 0 when blank.
 */
function foldSpellings(
  rawList: readonly string[],
  first: number,
): { remap: Int32Array; labels: string[]; byKey: Map<string, number>; identity: boolean } {
  const remap = new Int32Array(rawList.length);
  const labels: string[] = [""];
  const byKey = new Map<string, number>();
  let identity = true;
  for (let c = first; c < rawList.length; c++) {
    const k = normKey(rawList[c]);
    let canon = 0;
    if (k !== "") {
      const got = byKey.get(k);
      if (got === undefined) {
        canon = labels.length;
        byKey.set(k, canon);
        labels.push(rawList[c]);
      } else canon = got;
    }
    remap[c] = canon;
    if (canon !== c + 1 - first) identity = false;
  }
  return { remap, labels, byKey, identity };
}

/**
 * Interned codes straight from the reader's dictionary encoding (Column.codes / labels), without looking at a string
 * per row: the same codes and labels as the Interner gives (both number texts in order of first appearance, 0 =
 * blank). The reader's array is used as it is (read only) unless spellings fold together. Undefined when the column
 * has no usable encoding (absent, another length, or not matching its text on a sample of rows).
 */
function internFromDictionary(role: ColumnRole, col: Column, n: number): Interned | undefined {
  const src = col.codes;
  const dict = col.labels;
  const text = col.text;
  if (!src || !dict || !text || src.length !== n || text.length !== n || dict[0] !== "") return undefined;
  for (let i = 0; i < n; i += 997) {
    const c = src[i];
    const t = text[i];
    if (c === 0 ? t !== null && t !== undefined && t !== "" : !(c > 0 && c < dict.length) || t !== dict[c])
      return undefined;
  }
  const f = foldSpellings(dict, 1);
  if (f.identity) return { role, codes: src, labels: f.labels, byKey: f.byKey, folded: false };
  const remap = f.remap;
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = remap[src[i]];
  return { role, codes, labels: f.labels, byKey: f.byKey, folded: true };
}

/** Month index of each row from a date (serial) or year-number column; returns 2 when years were met, else 0. */
function periodsFromNumbers(
  nums: Float64Array,
  yearNumbers: boolean,
  out: Int32Array,
  start: number,
  end: number,
): number {
  let coarsest = 0;
  // Dates repeat (same day, first of the month): a direct-mapped cache by day skips the calendar arithmetic.
  const keys = new Float64Array(4096).fill(NaN);
  const vals = new Int32Array(4096);
  for (let i = start; i < end; i++) {
    const x = nums[i];
    const slot = x & 4095;
    if (keys[slot] === x) {
      out[i] = vals[slot];
      continue;
    }
    let mi: number;
    if (yearNumbers && x >= 1900 && x <= 9999 && Math.floor(x) === x) {
      mi = x * 12;
      coarsest = 2;
    } else mi = serialToMonthIndex(x);
    const v = mi === mi ? mi : -1;
    out[i] = v;
    keys[slot] = x;
    vals[slot] = v;
  }
  return coarsest;
}

/** The rule of each row: per combination of the rule dimensions' codes, the candidate rules, most specific first. */
class RuleResolver {
  readonly floors: Float64Array;
  readonly targets: Float64Array;
  readonly ids: string[];
  readonly none: boolean;
  private readonly anyDated: boolean;
  private readonly applicable: number[] = [];
  private readonly ruleCode: Int32Array;
  private readonly ruleDimPos: Int32Array;
  private readonly codes: Int32Array[];
  private readonly radix: number[];
  private readonly strides: number[];
  private readonly c0: Int32Array | undefined;
  private readonly c1: Int32Array | undefined;
  private readonly s0: number;
  private readonly nDims: number;
  private readonly memoDense: Int32Array | undefined;
  private readonly memoSparse: Map<number, number> | undefined;
  private readonly cand: number[] = [];
  private readonly from: Float64Array;
  private readonly to: Float64Array;
  private readonly dated: Uint8Array;

  constructor(
    private readonly policy: MarginPolicy,
    ruleDims: ColumnRole[],
    interned: Map<ColumnRole, Interned>,
    private readonly dateOf: (i: number) => number,
  ) {
    const R = policy.rules.length;
    this.floors = new Float64Array(R + 1);
    this.targets = new Float64Array(R + 1);
    this.from = new Float64Array(R + 1).fill(-Infinity);
    this.to = new Float64Array(R + 1).fill(Infinity);
    this.dated = new Uint8Array(R + 1);
    this.ids = [DEFAULT_RULE_ID];
    this.floors[0] = policy.floor;
    this.targets[0] = policy.target;
    this.ruleCode = new Int32Array(R + 1).fill(-1);
    this.ruleDimPos = new Int32Array(R + 1).fill(-1);
    policy.rules.forEach((r, j) => {
      const k = j + 1;
      const e = effectiveRule(policy, r);
      this.floors[k] = e.floor;
      this.targets[k] = e.target;
      this.ids.push(r.id);
      if (hasDates(r)) {
        this.dated[k] = 1;
        if (r.from !== undefined && Number.isFinite(r.from)) this.from[k] = r.from;
        if (r.to !== undefined && Number.isFinite(r.to)) this.to[k] = r.to;
      }
      if (r.dimension === undefined && r.value === undefined) {
        this.applicable.push(k);
        return;
      }
      if (!r.dimension || r.value === undefined || !ruleDims.includes(r.dimension)) return;
      const code = interned.get(r.dimension)!.byKey.get(normKey(r.value));
      if (code === undefined) return; // the value is not in the data: the rule never applies
      this.ruleCode[k] = code;
      this.ruleDimPos[k] = ruleDims.indexOf(r.dimension);
      this.applicable.push(k);
    });
    this.applicable.sort(
      (a, b) => ruleSpecificity(policy.rules[b - 1]) - ruleSpecificity(policy.rules[a - 1]) || a - b,
    );
    this.none = this.applicable.length === 0;
    this.anyDated = this.applicable.some((k) => this.dated[k] === 1);
    this.codes = ruleDims.map((d) => interned.get(d)!.codes);
    this.radix = ruleDims.map((d) => interned.get(d)!.labels.length);
    this.strides = ruleDims.map((_, j) => this.radix.slice(j + 1).reduce((a, b) => a * b, 1));
    this.nDims = ruleDims.length;
    this.c0 = this.codes[0];
    this.c1 = this.codes[1];
    this.s0 = this.strides[0] ?? 1;
    const combos = this.radix.reduce((a, b) => a * b, 1);
    this.memoDense = combos <= DENSE_LIMIT ? new Int32Array(combos).fill(-1) : undefined;
    this.memoSparse = this.memoDense ? undefined : new Map();
  }

  private candidates(key: number): number {
    const off = this.cand.length;
    for (const k of this.applicable) {
      const pos = this.ruleDimPos[k];
      if (pos >= 0 && Math.floor(key / this.strides[pos]) % this.radix[pos] !== this.ruleCode[k]) continue;
      this.cand.push(k);
      if (this.dated[k] === 0) break; // undated: nothing after it can win
    }
    this.cand.push(0);
    return off;
  }

  /** Index of the row's rule: 0 = the defaults, k = policy.rules[k - 1]. */
  ruleOf(i: number): number {
    let key: number;
    const nd = this.nDims;
    if (nd === 0) key = 0;
    else if (nd === 1) key = this.c0![i];
    else if (nd === 2) key = this.c0![i] * this.s0 + this.c1![i];
    else {
      key = 0;
      for (let j = 0; j < nd; j++) key += this.codes[j][i] * this.strides[j];
    }
    let off: number;
    if (this.memoDense) {
      off = this.memoDense[key];
      if (off < 0) {
        off = this.candidates(key);
        this.memoDense[key] = off;
      }
    } else {
      const got = this.memoSparse!.get(key);
      if (got === undefined) {
        off = this.candidates(key);
        this.memoSparse!.set(key, off);
      } else off = got;
    }
    if (!this.anyDated) return this.cand[off];
    let d = NaN;
    for (;;) {
      const k = this.cand[off];
      if (k === 0 || this.dated[k] === 0) return k;
      if (d !== d) d = Math.floor(this.dateOf(i));
      if (d >= this.from[k] && d <= this.to[k]) return k;
      off++;
    }
  }
}

/** Sums of one group dimension by (value code, period): dense typed arrays, or a map to slots when too many. */
class GroupAcc {
  /** Interleaved sums per slot: [2s] = Σrevenue, [2s + 1] = Σmargin (Σcost = Σrevenue - Σmargin). */
  sums: Float64Array;
  readonly sparse: Map<number, number> | undefined;
  constructor(
    readonly role: ColumnRole,
    readonly codes: Int32Array,
    readonly labels: string[],
    readonly nP: number,
  ) {
    const dense = labels.length * nP <= DENSE_LIMIT;
    this.sums = new Float64Array(2 * (dense ? labels.length * nP : 1024));
    this.sparse = dense ? undefined : new Map();
  }

  /** Slot of a key in sparse mode, created on first use. */
  slot(key: number): number {
    const m = this.sparse!;
    let s = m.get(key);
    if (s === undefined) {
      s = m.size;
      if (2 * s >= this.sums.length) {
        const y = new Float64Array(this.sums.length * 2);
        y.set(this.sums);
        this.sums = y;
      }
      m.set(key, s);
    }
    return s;
  }

  /** Slot of (code, period offset), or -1 when absent. */
  find(code: number, p: number): number {
    if (p < 0 || p >= this.nP) return -1;
    const key = code * this.nP + p;
    if (!this.sparse) return key;
    const s = this.sparse.get(key);
    return s === undefined ? -1 : s;
  }
}

function sharedDimsFor(present: ColumnRole[], interned: Map<ColumnRole, Interned>): RowPass["sharedDims"] {
  const its = present.map((d) => interned.get(d));
  if (its.some((it) => !it || it.folded)) return undefined;
  const list = its as Interned[];
  const radix = list.map((it) => it.labels.length);
  if (radix.reduce((a, b) => a * b, 1) > 2 ** 52) return undefined;
  const strides = radix.map((_, j) => radix.slice(j + 1).reduce((a, b) => a * b, 1));
  const combos = radix.reduce((a, b) => a * b, 1);
  return {
    codes: list.map((it) => it.codes),
    strides,
    labels: list.map((it) => it.labels),
    roles: present,
    dense: combos <= DENSE_DIMS_LIMIT ? new Array<Dims | undefined>(combos).fill(undefined) : undefined,
    cache: new Map(),
  };
}

type Dims = Partial<Record<ColumnRole, string>>;

/** One frozen dimensions object per combination of codes: in an array when the combinations are few, else a map. */
interface SharedDims {
  codes: Int32Array[];
  strides: number[];
  labels: string[][];
  roles: ColumnRole[];
  dense: (Dims | undefined)[] | undefined;
  cache: Map<number, Dims>;
}

const DENSE_DIMS_LIMIT = 1 << 16;

/** Everything the row pass reads and writes. */
interface RowPass {
  sales: boolean;
  basis: "sales" | "cost";
  sheet: string;
  rowNumbers: Int32Array;
  rev: Float64Array;
  costArr: Float64Array | undefined;
  marginArr: Float64Array | undefined;
  periodCode: Int32Array | undefined;
  minP: number;
  grain: Granularity;
  rules: RuleResolver;
  accs: GroupAcc[];
  allDense: boolean;
  segCodes: Int32Array | undefined;
  segRev: Float64Array;
  segMar: Float64Array;
  segCost: Float64Array;
  segBreaches: Int32Array;
  segShortfall: Float64Array;
  dimCols: (readonly [ColumnRole, Column])[];
  /** When every dimension present is interned without folding: one frozen dimensions object per combination. */
  sharedDims: SharedDims | undefined;
  revSheetCol: number | undefined;
  /** Column letters of revSheetCol, computed once ("" when undefined). */
  revLetters: string;
  costSheetCol: number | undefined;
  dateSheetCol: number | undefined;
  labelCache: Map<number, string>;
  store: LineStore;
  dataFindings: Finding[];
  // totals
  rowsChecked: number;
  rowsWithIssues: number;
  breaches: number;
  warnings: number;
  totalShortfall: number;
  revChecked: number;
  revInBreach: number;
  sumMargin: number;
  sumCost: number;
}

/** Column letters by sheet column, computed once per column rather than once per finding. */
const lettersCache = new Map<number, string>();

function lettersOf(col: number): string {
  let letters = lettersCache.get(col);
  if (letters === undefined) {
    letters = columnLetters(col);
    lettersCache.set(col, letters);
  }
  return letters;
}

function locateRow(ps: RowPass, i: number, col: number | undefined): CellLocation {
  const row = ps.rowNumbers[i];
  if (col === undefined) return { sheet: ps.sheet, row, address: `${row}:${row}` };
  return { sheet: ps.sheet, row, column: col, address: lettersOf(col) + row };
}

function sharedDimsOf(sh: SharedDims, i: number): Dims {
  const codes = sh.codes;
  const strides = sh.strides;
  let key = 0;
  for (let j = 0; j < codes.length; j++) key += codes[j][i] * strides[j];
  const dense = sh.dense;
  let o = dense ? dense[key] : sh.cache.get(key);
  if (o === undefined) {
    const d: Dims = {};
    for (let j = 0; j < codes.length; j++) {
      const c = codes[j][i];
      if (c !== 0) d[sh.roles[j]] = sh.labels[j][c];
    }
    o = Object.freeze(d);
    if (dense) dense[key] = o;
    else sh.cache.set(key, o);
  }
  return o;
}

function dimsOfRow(ps: RowPass, i: number): Partial<Record<ColumnRole, string>> {
  const sh = ps.sharedDims;
  if (sh) return sharedDimsOf(sh, i);
  const o: Partial<Record<ColumnRole, string>> = {};
  for (const [d, c] of ps.dimCols) {
    const v = textOf(c, i);
    if (v !== null) o[d] = v;
  }
  return o;
}

function periodLabelCached(ps: RowPass, code: number): string {
  let s = ps.labelCache.get(code);
  if (s === undefined) {
    s = periodLabel(code, ps.grain);
    ps.labelCache.set(code, s);
  }
  return s;
}

function dataFinding(
  code: string,
  location: CellLocation,
  params: Record<string, string | number>,
  extra?: Partial<Finding>,
): Finding {
  return {
    kind: "data",
    severity: "info",
    ruleId: "",
    location,
    dimensions: {},
    revenue: NaN,
    cost: NaN,
    margin: NaN,
    rate: NaN,
    threshold: NaN,
    gap: NaN,
    shortfall: 0,
    priceIncrease: NaN,
    message: { code, severity: "warning", params, location },
    ...extra,
  };
}

/** Lists a row's data issues; true when the row cannot be checked (only a missing date still lets it be checked). */
function rowDataIssues(ps: RowPass, i: number, r: number, c: number, pc: number): boolean {
  const out = ps.dataFindings;
  const row = ps.rowNumbers[i];
  let blocking = false;
  if (r - r !== 0) {
    out.push(
      dataFinding(
        "compliance.data.missingRevenue",
        locateRow(ps, i, ps.revSheetCol),
        { row },
        { dimensions: dimsOfRow(ps, i), cost: c },
      ),
    );
    blocking = true;
  } else if (!(r > 0)) {
    out.push(
      dataFinding(
        r === 0 ? "compliance.data.zeroRevenue" : "compliance.data.negativeRevenue",
        locateRow(ps, i, ps.revSheetCol),
        { row, value: r },
        { dimensions: dimsOfRow(ps, i), revenue: r, cost: c, margin: r - c },
      ),
    );
    blocking = true;
  }
  if (c - c !== 0) {
    out.push(
      dataFinding(
        "compliance.data.missingCost",
        locateRow(ps, i, ps.costSheetCol),
        { row },
        { dimensions: dimsOfRow(ps, i), revenue: r },
      ),
    );
    blocking = true;
  } else if (!ps.sales && !(c > 0) && !blocking) {
    out.push(
      dataFinding(
        "compliance.data.nonPositiveCost",
        locateRow(ps, i, ps.costSheetCol),
        { row, value: c },
        { dimensions: dimsOfRow(ps, i), revenue: r, cost: c, margin: r - c },
      ),
    );
    blocking = true;
  }
  if (pc < 0)
    out.push(
      dataFinding(
        "compliance.data.missingDate",
        locateRow(ps, i, ps.dateSheetCol),
        { row },
        { dimensions: dimsOfRow(ps, i) },
      ),
    );
  return blocking;
}

function lineFinding(
  ps: RowPass,
  i: number,
  sev: number,
  k: number,
  r: number,
  c: number,
  m: number,
  rate: number,
  shortfall: number,
  pc: number,
): Finding {
  const rules = ps.rules;
  const threshold = sev === 2 ? rules.floors[k] : rules.targets[k];
  const row = ps.rowNumbers[i];
  const col = ps.revSheetCol;
  const f: Finding = {
    kind: "line",
    severity: sev === 2 ? "breach" : "warning",
    ruleId: rules.ids[k],
    location:
      col === undefined
        ? { sheet: ps.sheet, row, address: `${row}:${row}` }
        : { sheet: ps.sheet, row, column: col, address: ps.revLetters + row },
    dimensions: dimsOfRow(ps, i),
    revenue: r,
    cost: c,
    margin: m,
    rate,
    threshold,
    gap: rate - threshold,
    shortfall,
    priceIncrease: priceIncreaseForTarget(r, c, rules.targets[k], ps.basis),
    // Set in the literal (undefined when there is no period) so that every line finding has the same shape.
    period: ps.periodCode && pc >= 0 ? periodLabelCached(ps, pc) : undefined,
  };
  return f;
}

/** Line findings in growable typed arrays; objects are built on demand by `at`. */
class LineStore implements FindingStore {
  count = 0;
  rowIndex = new Int32Array(256);
  severity = new Uint8Array(256);
  rule = new Int32Array(256);
  periodCode = new Int32Array(256);
  revenue = new Float64Array(256);
  cost = new Float64Array(256);
  margin = new Float64Array(256);
  rate = new Float64Array(256);
  threshold = new Float64Array(256);
  shortfall = new Float64Array(256);
  ps: RowPass | undefined;
  get ruleIds(): readonly string[] {
    return this.ps ? this.ps.rules.ids : [DEFAULT_RULE_ID];
  }

  grow(): void {
    const cap = this.rowIndex.length * 2;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(cap);
      b.set(a);
      return b;
    };
    this.rowIndex = g(this.rowIndex, Int32Array);
    this.severity = g(this.severity, Uint8Array);
    this.rule = g(this.rule, Int32Array);
    this.periodCode = g(this.periodCode, Int32Array);
    this.revenue = g(this.revenue, Float64Array);
    this.cost = g(this.cost, Float64Array);
    this.margin = g(this.margin, Float64Array);
    this.rate = g(this.rate, Float64Array);
    this.threshold = g(this.threshold, Float64Array);
    this.shortfall = g(this.shortfall, Float64Array);
  }

  at(j: number): Finding {
    if (!(j >= 0 && j < this.count) || !this.ps) throw new RangeError(`finding ${j} of ${this.count}`);
    return lineFinding(
      this.ps,
      this.rowIndex[j],
      this.severity[j],
      this.rule[j],
      this.revenue[j],
      this.cost[j],
      this.margin[j],
      this.rate[j],
      this.shortfall[j],
      this.periodCode[j],
    );
  }
}

/** Line finding j of a store as an object (the same fields as the findings array holds). */
export function findingAt(store: FindingStore, j: number): Finding {
  return store.at(j);
}

/** Number of findings of a result (line findings from the store when there is one, without building objects). */
export function findingCount(result: ComplianceResult): number {
  const st = result.findingStore;
  return st && result.otherFindings ? st.count + result.otherFindings.length : result.findings.length;
}

/** Finding i of a result in the order of `findings` (line findings first), built on demand from the store. */
export function resultFindingAt(result: ComplianceResult, i: number): Finding {
  const st = result.findingStore;
  if (st && result.otherFindings) return i < st.count ? st.at(i) : result.otherFindings[i - st.count];
  return result.findings[i];
}

/** Findings [start, end) of a result, in the order of `findings`, built on demand from the store. */
export function resultFindingsSlice(result: ComplianceResult, start: number, end: number): Finding[] {
  const st = result.findingStore;
  if (!st || !result.otherFindings) return result.findings.slice(start, end);
  const n = st.count + result.otherFindings.length;
  const a = Math.max(0, Math.min(n, start));
  const b = Math.max(a, Math.min(n, end));
  const out: Finding[] = new Array(b - a);
  for (let i = a; i < b; i++) out[i - a] = i < st.count ? st.at(i) : result.otherFindings[i - st.count];
  return out;
}

/**
 * The result object: `findings` is an enumerable lazy property (built from the store on first read, cached, and
 * assignable); `findingStore` and `otherFindings` are non-enumerable, so results compare and serialise as before.
 */
function makeResult(
  summary: ComplianceSummary,
  store: LineStore,
  others: Finding[],
  policyFingerprint: string,
  messages: OpsMessage[],
): ComplianceResult {
  let cache: Finding[] | undefined;
  const result = { summary } as ComplianceResult;
  Object.defineProperty(result, "findings", {
    enumerable: true,
    configurable: true,
    get(): Finding[] {
      if (!cache) {
        const out: Finding[] = new Array(store.count + others.length);
        for (let j = 0; j < store.count; j++) out[j] = store.at(j);
        for (let j = 0; j < others.length; j++) out[store.count + j] = others[j];
        cache = out;
      }
      return cache;
    },
    set(v: Finding[]) {
      cache = v;
      // An assigned array replaces the store's view.
      Object.defineProperty(result, "findingStore", {
        value: undefined,
        enumerable: false,
        configurable: true,
        writable: true,
      });
    },
  });
  result.policyFingerprint = policyFingerprint;
  result.messages = messages;
  Object.defineProperty(result, "findingStore", {
    value: store,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  Object.defineProperty(result, "otherFindings", {
    value: others,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return result;
}

/** The hot loop: line checks, group and segment sums for rows [start, end). */
function checkRows(ps: RowPass, start: number, end: number): void {
  const {
    sales,
    rev,
    costArr,
    marginArr,
    periodCode,
    minP,
    rules,
    accs,
    allDense,
    segCodes,
    segRev,
    segMar,
    segCost,
    segBreaches,
    segShortfall,
  } = ps;
  const floors = rules.floors;
  const targets = rules.targets;
  const noRules = rules.none;
  const nAcc = accs.length;
  const store = ps.store;
  // Running totals continue from the previous chunk, so that the sums do not depend on the chunk size.
  let rowsChecked = ps.rowsChecked;
  let rowsWithIssues = ps.rowsWithIssues;
  let breaches = ps.breaches;
  let warnings = ps.warnings;
  let totalShortfall = ps.totalShortfall;
  let revChecked = ps.revChecked;
  let revInBreach = ps.revInBreach;
  let sumMargin = ps.sumMargin;
  let sumCost = ps.sumCost;
  for (let i = start; i < end; i++) {
    const r = rev[i];
    let c = costArr ? costArr[i] : NaN;
    if (c - c !== 0 && marginArr) c = r - marginArr[i];
    const pc = periodCode ? periodCode[i] : 0;
    let counted = false;
    // x - x !== 0 catches NaN and ±Infinity (unreadable values) in one test.
    if (!(r > 0) || r - r !== 0 || c - c !== 0 || (!sales && !(c > 0)) || pc < 0) {
      rowsWithIssues++;
      if (rowDataIssues(ps, i, r, c, pc)) continue;
      counted = true;
    }
    const m = r - c;
    const base = sales ? r : c;
    const rate = m / base;
    const k = noRules ? 0 : rules.ruleOf(i);
    const target = targets[k];
    let sev = 0;
    const d1 = rate - floors[k];
    if (d1 < 0 && roundCompare(d1) < 0) sev = 2;
    else {
      const d2 = rate - target;
      if (d2 < 0 && roundCompare(d2) < 0) sev = 1;
    }
    rowsChecked++;
    revChecked += r;
    sumMargin += m;
    sumCost += c;
    if (pc >= 0 && nAcc > 0) {
      const p = pc - minP;
      for (let j = 0; j < nAcc; j++) {
        const a = accs[j];
        const s2 = 2 * (allDense || !a.sparse ? a.codes[i] * a.nP + p : a.slot(a.codes[i] * a.nP + p));
        const sums = a.sums;
        sums[s2] += r;
        sums[s2 + 1] += m;
      }
    }
    if (segCodes) {
      const sc = segCodes[i];
      segRev[sc] += r;
      segMar[sc] += m;
      segCost[sc] += c;
    }
    if (sev === 0) continue;
    const gapT = target * base - m;
    const shortfall = gapT > 0 ? gapT : 0;
    if (store.count === store.rowIndex.length) store.grow();
    const j = store.count++;
    store.rowIndex[j] = i;
    store.severity[j] = sev;
    store.rule[j] = k;
    store.periodCode[j] = pc;
    store.revenue[j] = r;
    store.cost[j] = c;
    store.margin[j] = m;
    store.rate[j] = rate;
    store.threshold[j] = sev === 2 ? floors[k] : target;
    store.shortfall[j] = shortfall;
    if (!counted) rowsWithIssues++;
    totalShortfall += shortfall;
    if (segCodes) segShortfall[segCodes[i]] += shortfall;
    if (sev === 2) {
      breaches++;
      revInBreach += r;
      if (segCodes) segBreaches[segCodes[i]]++;
    } else warnings++;
  }
  ps.rowsChecked = rowsChecked;
  ps.rowsWithIssues = rowsWithIssues;
  ps.breaches = breaches;
  ps.warnings = warnings;
  ps.totalShortfall = totalShortfall;
  ps.revChecked = revChecked;
  ps.revInBreach = revInBreach;
  ps.sumMargin = sumMargin;
  ps.sumCost = sumCost;
}

function* runCheck(data: DataSet, policy: MarginPolicy, chunk: number): Generator<Progress, ComplianceResult> {
  const n = data.rowNumbers.length;
  const sales = policy.basis !== "cost";
  const basis = sales ? "sales" : "cost";
  const messages: OpsMessage[] = [];
  const store = new LineStore();
  const dataFindings: Finding[] = [];
  const groupFindings: Finding[] = [];
  const erosionFindings: Finding[] = [];
  const summary = emptySummary(policy);
  const fingerprint = policyFingerprint(policy);
  const sheet = data.sheet;

  const colOf = (role: ColumnRole): Column | undefined => {
    const idx = data.roles[role];
    return idx === undefined ? undefined : data.columns[idx];
  };
  const presentRoles = (Object.keys(data.roles) as ColumnRole[]).filter((r) => data.roles[r] !== undefined);
  messages.push(...validatePolicy(policy, presentRoles));
  if (data.kind === "summary")
    messages.push({
      code: "compliance.summarySource",
      severity: "warning",
      params: { sheet },
      location: { sheet, address: data.address },
    });

  const revCol = colOf("revenue");
  const costCol = colOf("cost");
  const marginCol = colOf("margin");
  const rev = revCol?.numbers;
  const costArr = costCol?.numbers;
  const marginArr = marginCol?.numbers;

  // Reader's left-out rows and messages, and derived columns: listed as data findings, never as breaches.
  const sourceFindings: Finding[] = [];
  for (const role of ["revenue", "cost", "margin", "date", "period"] as ColumnRole[]) {
    const c = colOf(role);
    if (c?.derived)
      sourceFindings.push(
        dataFinding("compliance.data.derived", { sheet, address: data.address }, { column: c.header, role }),
      );
  }
  if (!costArr && marginArr && rev) {
    sourceFindings.push(
      dataFinding("compliance.data.costFromMargin", { sheet, address: data.address }, { column: marginCol!.header }),
    );
  }
  for (const ex of data.excluded) {
    sourceFindings.push(
      dataFinding(
        `compliance.data.excluded.${ex.reason}`,
        { sheet, row: ex.row, address: `${ex.row}:${ex.row}` },
        { row: ex.row, text: ex.text ?? "" },
      ),
    );
  }
  for (const m of data.messages) {
    const f = dataFinding(m.code, m.location ?? { sheet }, m.params ?? {});
    f.message = m;
    sourceFindings.push(f);
  }

  const finish = (): ComplianceResult => {
    const dataAll = dataFindings.concat(sourceFindings);
    summary.dataIssues = dataAll.length;
    summary.erosions = erosionFindings.length;
    summary.shareOfRevenueInBreach =
      summary.revenueChecked > 0 ? summary.revenueInBreach / summary.revenueChecked : NaN;
    return makeResult(summary, store, groupFindings.concat(erosionFindings, dataAll), fingerprint, messages);
  };

  if (!rev) {
    messages.push({
      code: "compliance.noRevenue",
      severity: "error",
      params: { sheet },
      location: { sheet, address: data.address },
    });
    return finish();
  }
  if (!costArr && !marginArr) {
    messages.push({
      code: "compliance.noCost",
      severity: "error",
      params: { sheet },
      location: { sheet, address: data.address },
    });
    return finish();
  }

  // Dimensions: those present, those grouped by, those the rules use.
  const present = DIMENSION_ROLES.filter((d) => colOf(d) && (colOf(d)!.text || colOf(d)!.numbers));
  const groupDims = (policy.groupBy ?? DEFAULT_GROUP_DIMS).filter(
    (d, i, a) => present.includes(d) && a.indexOf(d) === i,
  );
  const ruleDims: ColumnRole[] = [];
  for (const r of policy.rules) {
    if (r.dimension && r.value !== undefined && present.includes(r.dimension) && !ruleDims.includes(r.dimension))
      ruleDims.push(r.dimension);
  }
  const segDim: ColumnRole | undefined = present.includes("segment") ? "segment" : groupDims[0];
  const internRoles = Array.from(new Set<ColumnRole>([...groupDims, ...ruleDims, ...(segDim ? [segDim] : [])]));

  const dateCol = colOf("date") ?? colOf("period");
  const total = Math.max(1, n * (internRoles.length + (dateCol ? 1 : 0) + 1) + 1);
  let done = 0;

  // --- Pass: intern dimension columns (once per column array: a re-run on the same DataSet reuses the codes) -----
  const interned = new Map<ColumnRole, Interned>();
  for (const role of internRoles) {
    const col = colOf(role)!;
    const source = (col.text ?? col.numbers) as object | undefined;
    const cached = source ? internCache.get(source) : undefined;
    if (cached && cached.codes.length === n) {
      interned.set(role, { ...cached, role });
      done += n;
      continue;
    }
    const fromDict = internFromDictionary(role, col, n);
    if (fromDict) {
      interned.set(role, fromDict);
      if (source) internCache.set(source, fromDict);
      done += n;
      continue;
    }
    const it = new Interner(role, col, n);
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      it.chunk(start, end);
      done += end - start;
      if (end < n) yield { done, total, phase: "prepare" };
    }
    const result = it.finish();
    interned.set(role, result);
    if (source) internCache.set(source, result);
  }

  // --- Pass: periods ----------------------------------------------------------------------------------------
  let grain: Granularity = policy.period === "quarter" || policy.period === "year" ? policy.period : "month";
  let periodCode: Int32Array | undefined; // period code of the row, -1 when missing
  let dateSerial: Float64Array | undefined;
  if (dateCol) {
    periodCode = new Int32Array(n);
    const nums = dateCol.kind !== "text" ? dateCol.numbers : undefined;
    const yearNumbers = dateCol.kind === "number";
    if (nums && !yearNumbers) dateSerial = nums;
    const textCache = new Map<string, number>();
    // A date column read from years or quarters ("2014", "T1 2024") cannot be grouped finer than that.
    let coarsest = dateCol.dateGranularity === "year" ? 2 : dateCol.dateGranularity === "quarter" ? 1 : 0;
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      if (nums) coarsest = Math.max(coarsest, periodsFromNumbers(nums, yearNumbers, periodCode, start, end));
      else {
        const text = dateCol.text ?? [];
        for (let i = start; i < end; i++) {
          const v = text[i];
          if (v === null || v === undefined || v === "") {
            periodCode[i] = -1;
            continue;
          }
          let mi = textCache.get(v);
          if (mi === undefined) {
            const p = parsePeriodText(v);
            mi = p ? p.monthIndex : -1;
            if (p && GRAIN_ORDER[p.grain] > coarsest) coarsest = GRAIN_ORDER[p.grain];
            textCache.set(v, mi);
          }
          periodCode[i] = mi;
        }
      }
      done += end - start;
      if (end < n) yield { done, total, phase: "prepare" };
    }
    if (coarsest > GRAIN_ORDER[grain]) {
      const coarser: Granularity = coarsest === 2 ? "year" : "quarter";
      messages.push({
        code: `compliance.periodCoarser.${coarser}`,
        severity: "info",
        params: { period: coarser },
        location: { sheet },
      });
      grain = coarser;
    }
    if (grain !== "month")
      for (let i = 0; i < n; i++) if (periodCode[i] >= 0) periodCode[i] = foldMonth(periodCode[i], grain);
  } else if (groupDims.length > 0) {
    messages.push({ code: "compliance.noDate", severity: "info", params: { sheet }, location: { sheet } });
  }
  let minP = 0;
  let nP = 1;
  if (periodCode) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const p = periodCode[i];
      if (p >= 0) {
        if (p < lo) lo = p;
        if (p > hi) hi = p;
      }
    }
    if (lo <= hi) {
      minP = lo;
      nP = hi - lo + 1;
    }
  }
  const finalGrain = grain;
  const pcodes = periodCode;
  const rules = new RuleResolver(policy, ruleDims, interned, (i) => {
    if (dateSerial) return dateSerial[i];
    const p = pcodes ? pcodes[i] : -1;
    return p >= 0 ? periodStartSerial(p, finalGrain) : NaN;
  });

  // --- Pass: rows ---------------------------------------------------------------------------------------
  const accs = groupDims.map((role) => {
    const it = interned.get(role)!;
    return new GroupAcc(role, it.codes, it.labels, nP);
  });
  const seg = segDim ? interned.get(segDim)! : undefined;
  const segK = seg ? seg.labels.length : 0;
  const ps: RowPass = {
    sales,
    basis,
    sheet,
    rowNumbers: data.rowNumbers,
    rev,
    costArr,
    marginArr,
    periodCode,
    minP,
    grain,
    rules,
    accs,
    allDense: accs.every((a) => !a.sparse),
    segCodes: seg?.codes,
    segRev: new Float64Array(segK),
    segMar: new Float64Array(segK),
    segCost: new Float64Array(segK),
    segBreaches: new Int32Array(segK),
    segShortfall: new Float64Array(segK),
    dimCols: present.map((d) => [d, colOf(d)!] as const),
    sharedDims: sharedDimsFor(present, interned),
    revSheetCol: revCol!.sheetColumn,
    revLetters: revCol!.sheetColumn === undefined ? "" : lettersOf(revCol!.sheetColumn),
    costSheetCol: costCol?.sheetColumn ?? marginCol?.sheetColumn,
    dateSheetCol: dateCol?.sheetColumn,
    labelCache: new Map(),
    store,
    dataFindings,
    rowsChecked: 0,
    rowsWithIssues: 0,
    breaches: 0,
    warnings: 0,
    totalShortfall: 0,
    revChecked: 0,
    revInBreach: 0,
    sumMargin: 0,
    sumCost: 0,
  };
  store.ps = ps;
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    checkRows(ps, start, end);
    done += end - start;
    if (end < n) yield { done, total, phase: "check" };
  }

  summary.rowsChecked = ps.rowsChecked;
  summary.rowsWithIssues = ps.rowsWithIssues;
  summary.breaches = ps.breaches;
  summary.warnings = ps.warnings;
  summary.totalShortfall = ps.totalShortfall;
  summary.revenueChecked = ps.revChecked;
  summary.revenueInBreach = ps.revInBreach;
  summary.overallRate = sales
    ? ps.revChecked > 0
      ? ps.sumMargin / ps.revChecked
      : NaN
    : ps.sumCost > 0
      ? ps.sumMargin / ps.sumCost
      : NaN;
  if (seg && segDim) {
    const list: SegmentSummary[] = [];
    for (let sc = 0; sc < segK; sc++) {
      if (ps.segRev[sc] === 0 && ps.segCost[sc] === 0) continue;
      const b = sales ? ps.segRev[sc] : ps.segCost[sc];
      list.push({
        dimension: segDim,
        value: seg.labels[sc],
        revenue: ps.segRev[sc],
        margin: ps.segMar[sc],
        rate: b > 0 ? ps.segMar[sc] / b : NaN,
        breaches: ps.segBreaches[sc],
        shortfall: ps.segShortfall[sc],
      });
    }
    list.sort((a, b) => b.shortfall - a.shortfall || a.value.localeCompare(b.value));
    summary.bySegment = list;
  }
  yield { done, total, phase: "groups" };

  // --- Groups and erosion ---------------------------------------------------------------------------------
  const perYear = PERIODS_PER_YEAR[grain];
  let groupBreaches = 0;
  let groupWarnings = 0;
  const anyDated = policy.rules.some(hasDates);
  for (const a of accs) {
    const rateAt = (s: number): number => {
      if (s < 0) return NaN;
      const rv = a.sums[2 * s];
      if (!(rv > 0)) return NaN; // no row in this group and period (checked rows all have revenue > 0)
      const b = sales ? rv : rv - a.sums[2 * s + 1];
      return b > 0 ? a.sums[2 * s + 1] / b : NaN;
    };
    const ruleCache = new Map<string, ReturnType<typeof resolveRule>>();
    for (let code = 0; code < a.labels.length; code++) {
      for (let p = 0; p < nP; p++) {
        const s = a.find(code, p);
        const rate = rateAt(s);
        if (rate !== rate) continue;
        const label = a.labels[code];
        const pcode = p + minP;
        const startSerial = periodCode ? periodStartSerial(pcode, grain) : undefined;
        const cacheKey = anyDated ? `${code}|${pcode}` : `${code}`;
        let rule = ruleCache.get(cacheKey);
        if (!rule) {
          rule =
            code === 0 ? resolveRule(policy, {}, startSerial) : resolveRule(policy, { [a.role]: label }, startSerial);
          ruleCache.set(cacheKey, rule);
        }
        const revenue = a.sums[2 * s];
        const margin = a.sums[2 * s + 1];
        const cost = revenue - margin;
        const base = sales ? revenue : cost;
        const gapT = rule.target * base - margin;
        const shortfall = gapT > 0 ? gapT : 0;
        const dims: Partial<Record<ColumnRole, string>> = { [a.role]: label };
        const period = periodCode ? periodLabelCached(ps, pcode) : undefined;
        const loc: CellLocation = { sheet, address: data.address };
        const cmpF = compareRate(rate, rule.floor);
        const cmpT = compareRate(rate, rule.target);
        if (cmpF < 0 || cmpT < 0) {
          const threshold = cmpF < 0 ? rule.floor : rule.target;
          if (cmpF < 0) groupBreaches++;
          else groupWarnings++;
          const f: Finding = {
            kind: "group",
            severity: cmpF < 0 ? "breach" : "warning",
            ruleId: rule.id,
            location: loc,
            dimensions: dims,
            revenue,
            cost,
            margin,
            rate,
            threshold,
            gap: rate - threshold,
            shortfall,
            priceIncrease: priceIncreaseForTarget(revenue, cost, rule.target, basis),
          };
          if (period !== undefined) f.period = period;
          groupFindings.push(f);
        }
        if (period === undefined) continue;
        const comparisons: ["previous" | "yearAgo", number][] = [["previous", p - 1]];
        if (perYear > 1) comparisons.push(["yearAgo", p - perYear]);
        for (const [comparison, q] of comparisons) {
          const prevRate = rateAt(a.find(code, q));
          if (prevRate !== prevRate) continue;
          if (compareRate(rate - prevRate, -policy.erosionPoints) < 0) {
            erosionFindings.push({
              kind: "erosion",
              severity: "warning",
              ruleId: rule.id,
              location: loc,
              dimensions: dims,
              period,
              revenue,
              cost,
              margin,
              rate,
              threshold: prevRate,
              gap: rate - prevRate,
              shortfall,
              priceIncrease: priceIncreaseForTarget(revenue, cost, rule.target, basis),
              previousRate: prevRate,
              previousPeriod: periodLabelCached(ps, q + minP),
              comparison,
            });
          }
        }
      }
    }
  }
  summary.groupBreaches = groupBreaches;
  summary.groupWarnings = groupWarnings;
  return finish();
}
