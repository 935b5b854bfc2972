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
  const gen = runCheck(data, policy, DEFAULT_CHUNK_ROWS);
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

/**
 * Month index of each row from a date (serial) or year-number column; returns 2 when years were met, else 0.
 * Dates repeat (same day, first of the month): whole serials within 2^16 days of `cache.base` are looked up in
 * `cache.days` (filled on first sight, kept across chunks), so the calendar arithmetic runs once per distinct day.
 */
function periodsFromNumbers(
  nums: Float64Array,
  yearNumbers: boolean,
  out: Int32Array,
  start: number,
  end: number,
  cache: DayCache,
): number {
  let coarsest = 0;
  const days = cache.days;
  const base = cache.base;
  for (let i = start; i < end; i++) {
    const x = nums[i];
    const di = x - base;
    let d = -1;
    if (di >= 0 && di < 65536) {
      d = di | 0;
      if (d !== di) d = -1;
      else {
        const got = days[d];
        if (got !== -2) {
          out[i] = got;
          continue;
        }
      }
    }
    let mi: number;
    if (yearNumbers && x >= 1900 && x <= 9999 && Math.floor(x) === x) {
      mi = x * 12;
      coarsest = 2;
    } else mi = serialToMonthIndex(x);
    const v = mi === mi ? mi : -1;
    out[i] = v;
    if (d >= 0) days[d] = v;
  }
  return coarsest;
}

/** Day cache of periodsFromNumbers: month index by whole serial - base (-2 = not seen yet). */
interface DayCache {
  base: number;
  days: Int32Array;
}

/** A day cache centred on the column's first whole number (years or serials alike: they are cached as they are). */
function newDayCache(nums: Float64Array): DayCache {
  let base = 0;
  for (let i = 0; i < nums.length; i++) {
    const x = nums[i];
    if (x - x === 0) {
      base = Math.floor(x) - 32768;
      break;
    }
  }
  return { base, days: new Int32Array(65536).fill(-2) };
}

/** Month index of each row from period or date texts ("2024-03", "T1 2024", "15/03/2024"); returns the coarsest grain met (GRAIN_ORDER). */
function periodsFromText(
  text: readonly (string | null | undefined)[],
  out: Int32Array,
  start: number,
  end: number,
  textCache: Map<string, number>,
  coarsestIn: number,
): number {
  let coarsest = coarsestIn;
  for (let i = start; i < end; i++) {
    const v = text[i];
    if (v === null || v === undefined || v === "") {
      out[i] = -1;
      continue;
    }
    let mi = textCache.get(v);
    if (mi === undefined) {
      const p = parsePeriodText(v);
      mi = p ? p.monthIndex : -1;
      if (p && GRAIN_ORDER[p.grain] > coarsest) coarsest = GRAIN_ORDER[p.grain];
      textCache.set(v, mi);
    }
    out[i] = mi;
  }
  return coarsest;
}

/** Folds month indices (-1 = none) onto quarters or years, in place. */
function foldPeriods(codes: Int32Array, grain: Granularity): void {
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = foldMonth(codes[i], grain);
}

/**
 * Period code of each day of a date column whose values are all whole serials (or blank) within 2^16 days of each
 * other: days[x - base] for a date x, -1 for a serial with no calendar month. [lo, hi] = the codes present (codes grow
 * with the day). Undefined when some date has a time of day or the dates are further apart: periodCode is made then.
 * With it, the row pass looks the period up instead of reading a per-row array (one less large array to allocate).
 */
interface DayTable {
  base: number;
  days: Int32Array;
  lo: number;
  hi: number;
}

function dayTable(nums: Float64Array, grain: Granularity): DayTable | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < nums.length; i++) {
    const x = nums[i];
    if (x !== x) continue;
    if ((x | 0) !== x) return undefined;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (min > max) return { base: 0, days: new Int32Array(1).fill(-1), lo: 0, hi: -1 };
  if (max - min >= 65536) return undefined;
  const span = max - min + 1;
  const days = new Int32Array(span);
  let lo = 2147483647;
  let hi = -1;
  for (let d = 0; d < span; d++) {
    const mi = serialToMonthIndex(min + d);
    const v = mi === mi ? (grain === "month" ? mi : foldMonth(mi, grain)) : -1;
    days[d] = v;
    if (v >= 0) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return { base: min, days, lo: hi < 0 ? 0 : lo, hi };
}

/** The per-row period codes of a day table's column. */
function materialisePeriods(dates: Float64Array, t: DayTable): Int32Array {
  const out = new Int32Array(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const x = dates[i];
    out[i] = x === x ? t.days[x - t.base] : -1;
  }
  return out;
}

/** Period code of row i (-1 when it has none; 0 when the table has no dates at all). */
function periodAt(ps: RowPass, i: number): number {
  if (ps.periodCode) return ps.periodCode[i];
  const t = ps.days;
  if (t) {
    const x = ps.dates![i];
    return x === x ? t.days[x - t.base] : -1;
  }
  return 0;
}

/** [lowest, highest] period code present (codes >= 0), or [0, -1] when none. */
function periodRange(codes: Int32Array): [number, number] {
  let lo = 2147483647;
  let hi = -1;
  for (let i = 0; i < codes.length; i++) {
    const p = codes[i];
    if (p >= 0) {
      if (p < lo) lo = p;
      if (p > hi) hi = p;
    }
  }
  return hi < 0 ? [0, -1] : [lo, hi];
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

  /**
   * When the rule depends on one dimension's code only (one rule dimension, no dated rule): the codes and the rule of
   * each code, so that the row pass reads `table[codes[i]]` instead of calling ruleOf. Undefined otherwise.
   */
  codeTable(): { codes: Int32Array; table: Int32Array } | undefined {
    if (this.anyDated || this.nDims !== 1 || !this.memoDense) return undefined;
    const table = new Int32Array(this.radix[0]);
    for (let code = 0; code < table.length; code++) table[code] = this.cand[this.candidates(code)];
    return { codes: this.c0!, table };
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
  /** Cost of each checked row (from the cost column, or revenue - margin), NaN for rows not checked: only when some group dimension is summed in a pass of its own. */
  costOf: Float64Array | undefined;
  /** How many of accs (the first ones, dense) are summed in the line-check loop. */
  inlineAccs: number;
  /** The common case fastLineChecks handles (see there). */
  fast: boolean;
  periodCode: Int32Array | undefined;
  /** Instead of periodCode: the date column and its day table (see dayTable). */
  days: DayTable | undefined;
  dates: Float64Array | undefined;
  /** True when the rows have periods (a date or period column). */
  hasPeriods: boolean;
  minP: number;
  grain: Granularity;
  rules: RuleResolver;
  /** The rule of each code of the one rule dimension, when that decides the rule (see RuleResolver.codeTable). */
  ruleTable: { codes: Int32Array; table: Int32Array } | undefined;
  accs: GroupAcc[];
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
  /**
   * Running totals, indexed by the T_* constants. In a Float64Array rather than as fields: number fields that start
   * at 0 and later hold fractions change the object's shape, which throws the row pass's optimised code away.
   */
  tot: Float64Array;
  /** fastLineChecks: [line findings counted in tot up to]. */
  cursor: Int32Array;
}

const T_ROWS_CHECKED = 0;
const T_ROWS_WITH_ISSUES = 1;
const T_BREACHES = 2;
const T_WARNINGS = 3;
const T_SHORTFALL = 4;
const T_REV_CHECKED = 5;
const T_REV_IN_BREACH = 6;
const T_SUM_MARGIN = 7;
const T_SUM_COST = 8;

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
    period: ps.hasPeriods && pc >= 0 ? periodLabelCached(ps, pc) : undefined,
  };
  return f;
}

/**
 * Line findings in growable typed arrays: the row and the severity. Everything else a finding shows (the rule,
 * revenue, cost, margin, rate, threshold, shortfall, period) is recomputed from the row by `at`, with the same
 * arithmetic as the check, so the objects are field for field what the check would have built.
 */
class LineStore implements FindingStore {
  count = 0;
  rowIndex = new Int32Array(1024);
  severity = new Uint8Array(1024);
  ps: RowPass | undefined = undefined;
  get ruleIds(): readonly string[] {
    return this.ps ? this.ps.rules.ids : [DEFAULT_RULE_ID];
  }

  /** Room for more findings, sized from the share of rows with a finding so far (row i of n), so that few copies are made. */
  grow(i: number, n: number): void {
    const guess = Math.ceil((((this.count + 1) * n) / (i + 1)) * 1.15) + 1024;
    const cap = Math.max(this.rowIndex.length * 2, Math.min(n, guess));
    const rowIndex = new Int32Array(cap);
    rowIndex.set(this.rowIndex);
    this.rowIndex = rowIndex;
    const severity = new Uint8Array(cap);
    severity.set(this.severity);
    this.severity = severity;
  }

  push(i: number, sev: number, n: number): void {
    if (this.count === this.rowIndex.length) this.grow(i, n);
    const j = this.count++;
    this.rowIndex[j] = i;
    this.severity[j] = sev;
  }

  /** Rule of finding j: the row's rule, found again as the check found it. */
  ruleAt(j: number): number {
    const ps = this.ps!;
    const i = this.rowIndex[j];
    const rules = ps.rules;
    if (rules.none) return 0;
    return ps.ruleTable ? ps.ruleTable.table[ps.ruleTable.codes[i]] : rules.ruleOf(i);
  }

  at(j: number): Finding {
    const ps = this.ps;
    if (!(j >= 0 && j < this.count) || !ps) throw new RangeError(`finding ${j} of ${this.count}`);
    const i = this.rowIndex[j];
    const sev = this.severity[j];
    const k = this.ruleAt(j);
    // The check's own arithmetic (lineChecks), row by row.
    const r = ps.rev[i];
    let c = ps.costArr ? ps.costArr[i] : NaN;
    if (c - c !== 0 && ps.marginArr) c = r - ps.marginArr[i];
    const m = r - c;
    const base = ps.sales ? r : c;
    const rate = m / base;
    const gapT = ps.rules.targets[k] * base - m;
    const pc = periodAt(ps, i);
    return lineFinding(ps, i, sev, k, r, c, m, rate, gapT > 0 ? gapT : 0, pc);
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

/**
 * Rows [start, end): the line checks with the sums of the first three dense group dimensions and of the segments in
 * the same loop; any other group dimension (or one too sparse for an array) in a pass of its own over the checked
 * rows (ps.costOf). Sums run in row order, so they do not depend on the chunk size.
 */
function checkRows(ps: RowPass, start: number, end: number): void {
  if (ps.fast) {
    fastLineChecks(ps, start, end);
    // The finding totals of the plain rows since the last row lineChecks took (see fastLineChecks).
    const cur = ps.cursor;
    findingTotals(ps, cur[0], ps.store.count);
    cur[0] = ps.store.count;
    return;
  }
  lineChecks(ps, start, end);
  const { rev, costOf, periodCode, minP } = ps;
  if (!costOf) return;
  for (let j = ps.inlineAccs; j < ps.accs.length; j++) {
    const a = ps.accs[j];
    if (a.sparse) accumulateSparse(a, rev, costOf, periodCode, minP, start, end);
    else accumulate(a.codes, a.sums, a.nP, rev, costOf, periodCode, minP, start, end);
  }
}

/** The line checks of rows [start, end) (and costOf[i] = the row's cost when it is checked, NaN when it is not). */
function lineChecks(ps: RowPass, start: number, end: number): void {
  const {
    sales,
    rev,
    costArr,
    marginArr,
    costOf,
    periodCode,
    minP,
    rules,
    segCodes,
    segRev,
    segMar,
    segCost,
    segBreaches,
    segShortfall,
    hasPeriods,
    dates,
  } = ps;
  const dayT = ps.days;
  const accs = ps.accs;
  const nIn = ps.inlineAccs;
  const nP = accs.length > 0 ? accs[0].nP : 1;
  const g0 = nIn > 0 ? accs[0].codes : undefined;
  const s0 = nIn > 0 ? accs[0].sums : undefined;
  const g1 = nIn > 1 ? accs[1].codes : undefined;
  const s1 = nIn > 1 ? accs[1].sums : undefined;
  const g2 = nIn > 2 ? accs[2].codes : undefined;
  const s2 = nIn > 2 ? accs[2].sums : undefined;
  const floors = rules.floors;
  const targets = rules.targets;
  const noRules = rules.none;
  const ruleTable = ps.ruleTable;
  const ruleCodes = ruleTable ? ruleTable.codes : undefined;
  const ruleByCode = ruleTable ? ruleTable.table : undefined;
  const store = ps.store;
  const n = rev.length;
  // Running totals continue from the previous chunk, so that the sums do not depend on the chunk size.
  let rowsChecked = ps.tot[T_ROWS_CHECKED];
  let rowsWithIssues = ps.tot[T_ROWS_WITH_ISSUES];
  let breaches = ps.tot[T_BREACHES];
  let warnings = ps.tot[T_WARNINGS];
  let totalShortfall = ps.tot[T_SHORTFALL];
  let revChecked = ps.tot[T_REV_CHECKED];
  let revInBreach = ps.tot[T_REV_IN_BREACH];
  let sumMargin = ps.tot[T_SUM_MARGIN];
  let sumCost = ps.tot[T_SUM_COST];
  for (let i = start; i < end; i++) {
    const r = rev[i];
    let c = costArr ? costArr[i] : NaN;
    if (c - c !== 0 && marginArr) c = r - marginArr[i];
    let pc = 0;
    if (periodCode) pc = periodCode[i];
    else if (dayT) {
      const x = dates![i];
      pc = x === x ? dayT.days[x - dayT.base] : -1;
    }
    let counted = false;
    // x - x !== 0 catches NaN and ±Infinity (unreadable values) in one test.
    if (!(r > 0) || r - r !== 0 || c - c !== 0 || (!sales && !(c > 0)) || pc < 0) {
      rowsWithIssues++;
      if (rowDataIssues(ps, i, r, c, pc)) {
        if (costOf) costOf[i] = NaN;
        continue;
      }
      counted = true;
    }
    if (costOf) costOf[i] = c;
    const m = r - c;
    const base = sales ? r : c;
    const rate = m / base;
    const k = noRules ? 0 : ruleByCode ? ruleByCode[ruleCodes![i]] : rules.ruleOf(i);
    const target = targets[k];
    let sev = 0;
    // roundCompare(d) < 0 for any d below -1e-11 (it rounds at 12 decimals): the rounding runs only near zero.
    const d1 = rate - floors[k];
    if (d1 < -1e-11 || (d1 < 0 && roundCompare(d1) < 0)) sev = 2;
    else {
      const d2 = rate - target;
      if (d2 < -1e-11 || (d2 < 0 && roundCompare(d2) < 0)) sev = 1;
    }
    rowsChecked++;
    revChecked += r;
    sumMargin += m;
    sumCost += c;
    if (g0 && pc >= 0) {
      const p = hasPeriods ? pc - minP : 0;
      const x = 2 * (g0[i] * nP + p);
      s0![x] += r;
      s0![x + 1] += m;
      if (g1) {
        const y = 2 * (g1[i] * nP + p);
        s1![y] += r;
        s1![y + 1] += m;
        if (g2) {
          const z = 2 * (g2[i] * nP + p);
          s2![z] += r;
          s2![z + 1] += m;
        }
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
    store.push(i, sev, n);
    if (!counted) rowsWithIssues++;
    totalShortfall += shortfall;
    if (segCodes) segShortfall[segCodes[i]] += shortfall;
    if (sev === 2) {
      breaches++;
      revInBreach += r;
      if (segCodes) segBreaches[segCodes[i]]++;
    } else warnings++;
  }
  ps.tot[T_ROWS_CHECKED] = rowsChecked;
  ps.tot[T_ROWS_WITH_ISSUES] = rowsWithIssues;
  ps.tot[T_BREACHES] = breaches;
  ps.tot[T_WARNINGS] = warnings;
  ps.tot[T_SHORTFALL] = totalShortfall;
  ps.tot[T_REV_CHECKED] = revChecked;
  ps.tot[T_REV_IN_BREACH] = revInBreach;
  ps.tot[T_SUM_MARGIN] = sumMargin;
  ps.tot[T_SUM_COST] = sumCost;
}

/**
 * The common case with fewer values live in the loop (so that they stay in registers): a cost column, rules decided
 * by one dimension's code (or none), every group dimension dense and summed here. A row that is not plain (no
 * revenue, no cost, no date, a non-positive cost on the cost basis) goes through lineChecks alone; the totals of the
 * findings are made afterwards from the store (findingTotals).
 */
function fastLineChecks(ps: RowPass, start: number, end: number): void {
  const { sales, rev, periodCode, minP, rules, store, accs, dates, segCodes, segRev, segMar, segCost } = ps;
  const dayT = ps.days;
  const dayCodes = dayT ? dayT.days : undefined;
  const dayBase = dayT ? dayT.base : 0;
  const cost = ps.costArr!;
  const floors = rules.floors;
  const targets = rules.targets;
  const ruleTable = ps.ruleTable;
  const ruleCodes = ruleTable ? ruleTable.codes : undefined;
  const ruleByCode = ruleTable ? ruleTable.table : undefined;
  const nIn = accs.length;
  const nP = nIn > 0 ? accs[0].nP : 1;
  const g0 = nIn > 0 ? accs[0].codes : undefined;
  const s0 = nIn > 0 ? accs[0].sums : undefined;
  const g1 = nIn > 1 ? accs[1].codes : undefined;
  const s1 = nIn > 1 ? accs[1].sums : undefined;
  const g2 = nIn > 2 ? accs[2].codes : undefined;
  const s2 = nIn > 2 ? accs[2].sums : undefined;
  const n = rev.length;
  const tot = ps.tot;
  const cur = ps.cursor;
  let rowsChecked = tot[T_ROWS_CHECKED];
  let revChecked = tot[T_REV_CHECKED];
  let sumMargin = tot[T_SUM_MARGIN];
  let sumCost = tot[T_SUM_COST];
  for (let i = start; i < end; i++) {
    const r = rev[i];
    const c = cost[i];
    let pc = 0;
    if (dayCodes) {
      const x = dates![i];
      pc = x === x ? dayCodes[x - dayBase] : -1;
    } else if (periodCode) pc = periodCode[i];
    if (!(r > 0) || r - r !== 0 || c - c !== 0 || pc < 0 || (!sales && !(c > 0))) {
      // Everything before this row is summed first, so that every sum runs in row order as in lineChecks.
      tot[T_ROWS_CHECKED] = rowsChecked;
      tot[T_REV_CHECKED] = revChecked;
      tot[T_SUM_MARGIN] = sumMargin;
      tot[T_SUM_COST] = sumCost;
      findingTotals(ps, cur[0], store.count);
      lineChecks(ps, i, i + 1);
      cur[0] = store.count;
      rowsChecked = tot[T_ROWS_CHECKED];
      revChecked = tot[T_REV_CHECKED];
      sumMargin = tot[T_SUM_MARGIN];
      sumCost = tot[T_SUM_COST];
      continue;
    }
    const m = r - c;
    const rate = m / (sales ? r : c);
    const k = ruleByCode ? ruleByCode[ruleCodes![i]] : 0;
    rowsChecked++;
    revChecked += r;
    sumMargin += m;
    sumCost += c;
    if (g0) {
      const p = pc - minP;
      const x = 2 * (g0[i] * nP + p);
      s0![x] += r;
      s0![x + 1] += m;
      if (g1) {
        const y = 2 * (g1[i] * nP + p);
        s1![y] += r;
        s1![y + 1] += m;
        if (g2) {
          const z = 2 * (g2[i] * nP + p);
          s2![z] += r;
          s2![z + 1] += m;
        }
      }
    }
    // roundCompare(d) < 0 for any d below -1e-11 (it rounds at 12 decimals): the rounding runs only near zero.
    if (segCodes) {
      const sc = segCodes[i];
      segRev[sc] += r;
      segMar[sc] += m;
      segCost[sc] += c;
    }
    const d1 = rate - floors[k];
    if (d1 < -1e-11 || (d1 < 0 && roundCompare(d1) < 0)) store.push(i, 2, n);
    else {
      const d2 = rate - targets[k];
      if (d2 < -1e-11 || (d2 < 0 && roundCompare(d2) < 0)) store.push(i, 1, n);
    }
  }
  tot[T_ROWS_CHECKED] = rowsChecked;
  tot[T_REV_CHECKED] = revChecked;
  tot[T_SUM_MARGIN] = sumMargin;
  tot[T_SUM_COST] = sumCost;
  // Nothing is called after the loop: a call here, inlined, can lose its feedback between two checks (bytecode of
  // functions idle across many garbage collections is flushed) and throw the optimised loop away at every chunk.
}

/**
 * Totals of the line findings [from, to) of the store, all found by fastLineChecks on plain rows (the findings of the
 * rows it hands to lineChecks are counted there): breaches, warnings, revenue in breach, shortfall, by segment too.
 */
function findingTotals(ps: RowPass, from: number, to: number): void {
  const { store, rev, sales, rules, segCodes, segBreaches, segShortfall, tot } = ps;
  const cost = ps.costArr!;
  const targets = rules.targets;
  for (let j = from; j < to; j++) {
    const i = store.rowIndex[j];
    const r = rev[i];
    const c = cost[i];
    const m = r - c;
    const gapT = targets[store.ruleAt(j)] * (sales ? r : c) - m;
    const shortfall = gapT > 0 ? gapT : 0;
    tot[T_ROWS_WITH_ISSUES]++;
    tot[T_SHORTFALL] += shortfall;
    if (segCodes) segShortfall[segCodes[i]] += shortfall;
    if (store.severity[j] === 2) {
      tot[T_BREACHES]++;
      tot[T_REV_IN_BREACH] += r;
      if (segCodes) segBreaches[segCodes[i]]++;
    } else tot[T_WARNINGS]++;
  }
}

/** Σrevenue and Σmargin of the checked rows by (code, period) into a dense accumulator. */
function accumulate(
  codes: Int32Array,
  sums: Float64Array,
  nP: number,
  rev: Float64Array,
  costOf: Float64Array,
  periodCode: Int32Array | undefined,
  minP: number,
  start: number,
  end: number,
): void {
  for (let i = start; i < end; i++) {
    const c = costOf[i];
    if (c !== c) continue;
    const r = rev[i];
    const x = 2 * (codes[i] * nP + (periodCode ? periodCode[i] - minP : 0));
    sums[x] += r;
    sums[x + 1] += r - c;
  }
}

/** The same into an accumulator with slots in a map (too many values x periods for a dense array). */
function accumulateSparse(
  a: GroupAcc,
  rev: Float64Array,
  costOf: Float64Array,
  periodCode: Int32Array | undefined,
  minP: number,
  start: number,
  end: number,
): void {
  const codes = a.codes;
  const nP = a.nP;
  for (let i = start; i < end; i++) {
    const c = costOf[i];
    if (c !== c) continue;
    const r = rev[i];
    const x = 2 * a.slot(codes[i] * nP + (periodCode ? periodCode[i] - minP : 0));
    const sums = a.sums;
    sums[x] += r;
    sums[x + 1] += r - c;
  }
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
  let days: DayTable | undefined; // instead of periodCode, for dates that are whole serials close together
  if (dateCol) {
    const nums = dateCol.kind !== "text" ? dateCol.numbers : undefined;
    const yearNumbers = dateCol.kind === "number";
    if (nums && !yearNumbers) dateSerial = nums;
    // A date column read from years or quarters ("2014", "T1 2024") cannot be grouped finer than that.
    let coarsest = dateCol.dateGranularity === "year" ? 2 : dateCol.dateGranularity === "quarter" ? 1 : 0;
    const coarsen = (): void => {
      if (coarsest <= GRAIN_ORDER[grain]) return;
      const coarser: Granularity = coarsest === 2 ? "year" : "quarter";
      messages.push({
        code: `compliance.periodCoarser.${coarser}`,
        severity: "info",
        params: { period: coarser },
        location: { sheet },
      });
      grain = coarser;
    };
    if (dateSerial) {
      coarsen();
      days = dayTable(dateSerial, grain);
    }
    if (days) done += n;
    else {
      periodCode = new Int32Array(n);
      const textCache = new Map<string, number>();
      const dayCache = nums ? newDayCache(nums) : undefined;
      for (let start = 0; start < n; start += chunk) {
        const end = Math.min(n, start + chunk);
        if (nums)
          coarsest = Math.max(coarsest, periodsFromNumbers(nums, yearNumbers, periodCode, start, end, dayCache!));
        else coarsest = periodsFromText(dateCol.text ?? [], periodCode, start, end, textCache, coarsest);
        done += end - start;
        if (end < n) yield { done, total, phase: "prepare" };
      }
    }
    coarsen();
    if (periodCode && grain !== "month") foldPeriods(periodCode, grain);
  } else if (groupDims.length > 0) {
    messages.push({ code: "compliance.noDate", severity: "info", params: { sheet }, location: { sheet } });
  }
  let minP = 0;
  let nP = 1;
  if (periodCode || days) {
    const [lo, hi] = days ? [days.lo, days.hi] : periodRange(periodCode!);
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
  const ruleTable = rules.none ? undefined : rules.codeTable();
  const fast = !!costArr && (rules.none || !!ruleTable) && accs.length <= 3 && accs.every((a) => !a.sparse);
  if (days && !fast) {
    // The general row pass reads a per-row array: make it from the day table.
    periodCode = materialisePeriods(dateSerial!, days);
    days = undefined;
  }
  let inlineAccs = 0;
  while (inlineAccs < Math.min(3, accs.length) && !accs[inlineAccs].sparse) inlineAccs++;
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
    costOf: inlineAccs < accs.length ? new Float64Array(n) : undefined,
    inlineAccs,
    fast,
    periodCode,
    days,
    dates: days ? dateSerial : undefined,
    hasPeriods: !!(periodCode || days),
    minP,
    grain,
    rules,
    ruleTable,
    accs,
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
    tot: new Float64Array(9),
    cursor: new Int32Array(1),
  };
  store.ps = ps;
  // A short first call runs the whole of checkRows (its tail too) before its loop gets hot, so that the optimised
  // code has type feedback everywhere: without it, every later call leaves the optimised loop at the tail.
  const first = Math.min(n, 256, chunk);
  checkRows(ps, 0, first);
  done += first;
  for (let start = first; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    checkRows(ps, start, end);
    done += end - start;
    if (end < n) yield { done, total, phase: "check" };
  }

  summary.rowsChecked = ps.tot[T_ROWS_CHECKED];
  summary.rowsWithIssues = ps.tot[T_ROWS_WITH_ISSUES];
  summary.breaches = ps.tot[T_BREACHES];
  summary.warnings = ps.tot[T_WARNINGS];
  summary.totalShortfall = ps.tot[T_SHORTFALL];
  summary.revenueChecked = ps.tot[T_REV_CHECKED];
  summary.revenueInBreach = ps.tot[T_REV_IN_BREACH];
  summary.overallRate = sales
    ? ps.tot[T_REV_CHECKED] > 0
      ? ps.tot[T_SUM_MARGIN] / ps.tot[T_REV_CHECKED]
      : NaN
    : ps.tot[T_SUM_COST] > 0
      ? ps.tot[T_SUM_MARGIN] / ps.tot[T_SUM_COST]
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
        const startSerial = ps.hasPeriods ? periodStartSerial(pcode, grain) : undefined;
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
        const period = ps.hasPeriods ? periodLabelCached(ps, pcode) : undefined;
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
