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
import type { ComplianceResult, ComplianceSummary, Finding, MarginPolicy, SegmentSummary, Severity } from "../policy-types";
import { DIMENSION_ROLES, type CellLocation, type Column, type ColumnRole, type DataSet, type OpsMessage, type WorkOptions } from "../types";
import { foldMonth, GRAIN_ORDER, parsePeriodText, periodLabel, periodStartSerial, PERIODS_PER_YEAR, type Granularity } from "./periods";
import { DEFAULT_RULE_ID, effectiveRule, hasDates, policyFingerprint, resolveRule, ruleSpecificity, validatePolicy } from "./policy";
import { cellAddress, normKey, serialToMonthIndex } from "./text";

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
}

export function abortError(): Error {
  if (typeof DOMException === "function") return new DOMException("The compliance check was cancelled.", "AbortError") as unknown as Error;
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
export async function checkCompliance(data: DataSet, policy: MarginPolicy, options: CheckOptions = {}): Promise<ComplianceResult> {
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

function* runCheck(data: DataSet, policy: MarginPolicy, chunk: number): Generator<Progress, ComplianceResult> {
  const n = data.rowNumbers.length;
  const sales = policy.basis !== "cost";
  const basis = sales ? "sales" : "cost";
  const messages: OpsMessage[] = [];
  const lineFindings: Finding[] = [];
  const dataFindings: Finding[] = [];
  const groupFindings: Finding[] = [];
  const erosionFindings: Finding[] = [];
  const summary = emptySummary(policy);
  const fingerprint = policyFingerprint(policy);
  const sheet = data.sheet;
  const rowNumbers = data.rowNumbers;

  const colOf = (role: ColumnRole): Column | undefined => {
    const idx = data.roles[role];
    return idx === undefined ? undefined : data.columns[idx];
  };
  const presentRoles = (Object.keys(data.roles) as ColumnRole[]).filter((r) => data.roles[r] !== undefined);
  messages.push(...validatePolicy(policy, presentRoles));
  if (data.kind === "summary") messages.push({ code: "compliance.summarySource", severity: "warning", params: { sheet }, location: { sheet, address: data.address } });

  const revCol = colOf("revenue");
  const costCol = colOf("cost");
  const marginCol = colOf("margin");
  const rev = revCol?.numbers;
  const costArr = costCol?.numbers;
  const marginArr = marginCol?.numbers;

  const dataFinding = (code: string, location: CellLocation, params: Record<string, string | number>, extra?: Partial<Finding>): Finding => {
    const f: Finding = {
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
    return f;
  };

  // Reader's left-out rows and messages, and derived columns: listed as data findings, never as breaches.
  const sourceFindings: Finding[] = [];
  for (const role of ["revenue", "cost", "margin", "date", "period"] as ColumnRole[]) {
    const c = colOf(role);
    if (c?.derived) sourceFindings.push(dataFinding("compliance.data.derived", { sheet, address: data.address }, { column: c.header, role }));
  }
  if (!costArr && marginArr && rev) {
    sourceFindings.push(dataFinding("compliance.data.costFromMargin", { sheet, address: data.address }, { column: marginCol!.header }));
  }
  for (const ex of data.excluded) {
    sourceFindings.push(dataFinding(`compliance.data.excluded.${ex.reason}`, { sheet, row: ex.row, address: `${ex.row}:${ex.row}` }, { row: ex.row, text: ex.text ?? "" }));
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
    summary.shareOfRevenueInBreach = summary.revenueChecked > 0 ? summary.revenueInBreach / summary.revenueChecked : NaN;
    return { summary, findings: lineFindings.concat(groupFindings, erosionFindings, dataAll), policyFingerprint: fingerprint, messages };
  };

  if (!rev) {
    messages.push({ code: "compliance.noRevenue", severity: "error", params: { sheet }, location: { sheet, address: data.address } });
    return finish();
  }
  if (!costArr && !marginArr) {
    messages.push({ code: "compliance.noCost", severity: "error", params: { sheet }, location: { sheet, address: data.address } });
    return finish();
  }

  // Dimensions: those present, those grouped by, those the rules use.
  const present = DIMENSION_ROLES.filter((d) => colOf(d) && (colOf(d)!.text || colOf(d)!.numbers));
  const groupDims = (policy.groupBy ?? DEFAULT_GROUP_DIMS).filter((d, i, a) => present.includes(d) && a.indexOf(d) === i);
  const ruleDims: ColumnRole[] = [];
  for (const r of policy.rules) {
    if (r.dimension && r.value !== undefined && present.includes(r.dimension) && !ruleDims.includes(r.dimension)) ruleDims.push(r.dimension);
  }
  const segDim: ColumnRole | undefined = present.includes("segment") ? "segment" : groupDims[0];
  const internRoles = Array.from(new Set<ColumnRole>([...groupDims, ...ruleDims, ...(segDim ? [segDim] : [])]));

  const dateCol = colOf("date") ?? colOf("period");
  const passes = internRoles.length + (dateCol ? 1 : 0) + 1;
  const total = Math.max(1, n * passes + 1);
  let done = 0;

  // --- Pass: intern dimension columns ---------------------------------------------------------------------
  const interned = new Map<ColumnRole, Interned>();
  for (const role of internRoles) {
    const col = colOf(role)!;
    const codes = new Int32Array(n);
    const rawMap = new Map<string, number>();
    const rawList: string[] = [""];
    const text = col.text;
    const nums = col.numbers;
    let prev: string | null | undefined = undefined;
    let prevCode = 0;
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      for (let i = start; i < end; i++) {
        let v: string | null;
        if (text) v = text[i] ?? null;
        else {
          const x = nums![i];
          v = Number.isFinite(x) ? String(x) : null;
        }
        if (v === prev) {
          codes[i] = prevCode;
          continue;
        }
        let c = 0;
        if (v !== null && v !== "") {
          const got = rawMap.get(v);
          if (got === undefined) {
            c = rawList.length;
            rawMap.set(v, c);
            rawList.push(v);
          } else c = got;
        }
        codes[i] = c;
        prev = v;
        prevCode = c;
      }
      done += end - start;
      if (end < n) yield { done, total, phase: "prepare" };
    }
    // Fold spellings that compare equal (case, accents, spaces) onto one code.
    const remap = new Int32Array(rawList.length);
    const labels: string[] = [""];
    const byKey = new Map<string, number>();
    for (let c = 1; c < rawList.length; c++) {
      const k = normKey(rawList[c]);
      if (k === "") {
        remap[c] = 0;
        continue;
      }
      let canon = byKey.get(k);
      if (canon === undefined) {
        canon = labels.length;
        byKey.set(k, canon);
        labels.push(rawList[c]);
      }
      remap[c] = canon;
    }
    let identity = labels.length === rawList.length;
    if (identity) for (let c = 1; c < remap.length; c++) if (remap[c] !== c) identity = false;
    if (!identity) for (let i = 0; i < n; i++) codes[i] = remap[codes[i]];
    interned.set(role, { role, codes, labels, byKey });
  }

  // --- Pass: periods ----------------------------------------------------------------------------------------
  let grain: Granularity = policy.period === "quarter" || policy.period === "year" ? policy.period : "month";
  let periodCode: Int32Array | undefined; // month index of the row, -1 when missing
  let dateSerial: Float64Array | undefined;
  if (dateCol) {
    periodCode = new Int32Array(n);
    const nums = dateCol.kind !== "text" ? dateCol.numbers : undefined;
    const yearNumbers = dateCol.kind === "number";
    if (nums && !yearNumbers) dateSerial = nums;
    const textCache = new Map<string, number>();
    let coarsest = 0;
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      if (nums) {
        for (let i = start; i < end; i++) {
          const x = nums[i];
          let mi: number;
          if (yearNumbers && x >= 1900 && x <= 9999 && Math.floor(x) === x) {
            mi = x * 12;
            if (coarsest < 2) coarsest = 2;
          } else mi = serialToMonthIndex(x);
          periodCode[i] = mi === mi ? mi : -1;
        }
      } else {
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
      messages.push({ code: `compliance.periodCoarser.${coarser}`, severity: "info", params: { period: coarser }, location: { sheet } });
      grain = coarser;
    }
    if (grain !== "month") for (let i = 0; i < n; i++) if (periodCode[i] >= 0) periodCode[i] = foldMonth(periodCode[i], grain);
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

  // --- Rules: effective floors/targets and the per-row resolver -------------------------------------------
  // Index 0 = the defaults; 1..R = policy.rules in order.
  const R = policy.rules.length;
  const floors = new Float64Array(R + 1);
  const targets = new Float64Array(R + 1);
  const ruleIds: string[] = [DEFAULT_RULE_ID];
  floors[0] = policy.floor;
  targets[0] = policy.target;
  policy.rules.forEach((r, k) => {
    const e = effectiveRule(policy, r);
    floors[k + 1] = e.floor;
    targets[k + 1] = e.target;
    ruleIds.push(r.id);
  });
  const anyDated = policy.rules.some(hasDates);
  // Applicable rules: complete, and on a dimension present (or no dimension at all).
  const applicable: number[] = [];
  const ruleCode = new Int32Array(R + 1).fill(-1);
  const ruleDimPos = new Int32Array(R + 1).fill(-1);
  policy.rules.forEach((r, k) => {
    if (r.dimension === undefined && r.value === undefined) {
      applicable.push(k + 1);
      return;
    }
    if (!r.dimension || r.value === undefined || !ruleDims.includes(r.dimension)) return;
    const code = interned.get(r.dimension)!.byKey.get(normKey(r.value));
    if (code === undefined) return; // value absent from the data: never matches
    ruleCode[k + 1] = code;
    ruleDimPos[k + 1] = ruleDims.indexOf(r.dimension);
    applicable.push(k + 1);
  });
  applicable.sort((a, b) => ruleSpecificity(policy.rules[b - 1]) - ruleSpecificity(policy.rules[a - 1]) || a - b);
  const ruleCodesArr = ruleDims.map((d) => interned.get(d)!.codes);
  const radix = ruleDims.map((d) => interned.get(d)!.labels.length);
  let combos = 1;
  for (const k of radix) combos *= k;
  const strides = ruleDims.map((_, j) => radix.slice(j + 1).reduce((a, b) => a * b, 1));
  // Candidate lists per combo: the applicable rules matching, most specific first, then the default (0).
  const candStore: number[] = [];
  const candidatesFor = (key: number): number => {
    const off = candStore.length;
    for (const k of applicable) {
      const pos = ruleDimPos[k];
      if (pos >= 0) {
        const code = Math.floor(key / strides[pos]) % radix[pos];
        if (code !== ruleCode[k]) continue;
      }
      candStore.push(k);
      if (!hasDates(policy.rules[k - 1])) break; // undated: nothing after it can win
    }
    candStore.push(0);
    return off;
  };
  const memoDense = combos <= DENSE_LIMIT ? new Int32Array(combos).fill(-1) : undefined;
  const memoSparse = memoDense ? undefined : new Map<number, number>();
  const c0 = ruleCodesArr[0];
  const c1 = ruleCodesArr[1];
  const s0 = strides[0];
  const nRuleDims = ruleDims.length;
  const dateOf = (i: number): number => {
    if (dateSerial) return dateSerial[i];
    const p = periodCode ? periodCode[i] : -1;
    return p >= 0 ? periodStartSerial(p, grain) : NaN;
  };
  /** Offset in candStore of the row's candidate list. */
  const candOffset = (i: number): number => {
    let key: number;
    if (nRuleDims === 0) key = 0;
    else if (nRuleDims === 1) key = c0[i];
    else if (nRuleDims === 2) key = c0[i] * s0 + c1[i];
    else {
      key = 0;
      for (let j = 0; j < nRuleDims; j++) key += ruleCodesArr[j][i] * strides[j];
    }
    if (memoDense) {
      let off = memoDense[key];
      if (off < 0) {
        off = candidatesFor(key);
        memoDense[key] = off;
      }
      return off;
    }
    let off = memoSparse!.get(key);
    if (off === undefined) {
      off = candidatesFor(key);
      memoSparse!.set(key, off);
    }
    return off;
  };
  const ruleOfRow = (i: number): number => {
    let off = candOffset(i);
    if (!anyDated) return candStore[off];
    for (;;) {
      const k = candStore[off];
      if (k === 0) return 0;
      const rule = policy.rules[k - 1];
      if (!hasDates(rule)) return k;
      const d = dateOf(i);
      if (d === d) {
        const day = Math.floor(d);
        if ((rule.from === undefined || !(day < rule.from)) && (rule.to === undefined || !(day > rule.to))) return k;
      }
      off++;
    }
  };
  const noRules = applicable.length === 0;

  // --- Group accumulators -------------------------------------------------------------------------------
  interface Acc {
    role: ColumnRole;
    codes: Int32Array;
    labels: string[];
    K: number;
    rev: Float64Array;
    mar: Float64Array;
    cost: Float64Array;
    count: Int32Array;
    sparse?: Map<number, number>;
  }
  const accs: Acc[] = groupDims.map((role) => {
    const it = interned.get(role)!;
    const K = it.labels.length;
    const dense = K * nP <= DENSE_LIMIT;
    const size = dense ? K * nP : 1024;
    return { role, codes: it.codes, labels: it.labels, K, rev: new Float64Array(size), mar: new Float64Array(size), cost: new Float64Array(size), count: new Int32Array(size), sparse: dense ? undefined : new Map() };
  });
  const slotOf = (a: Acc, key: number): number => {
    const m = a.sparse!;
    let s = m.get(key);
    if (s === undefined) {
      s = m.size;
      if (s >= a.rev.length) {
        const grow = (x: Float64Array) => {
          const y = new Float64Array(x.length * 2);
          y.set(x);
          return y;
        };
        a.rev = grow(a.rev);
        a.mar = grow(a.mar);
        a.cost = grow(a.cost);
        const c = new Int32Array(a.count.length * 2);
        c.set(a.count);
        a.count = c;
      }
      m.set(key, s);
    }
    return s;
  };
  const seg = segDim ? interned.get(segDim)! : undefined;
  const segK = seg ? seg.labels.length : 0;
  const segRev = new Float64Array(segK);
  const segMar = new Float64Array(segK);
  const segCost = new Float64Array(segK);
  const segBreaches = new Int32Array(segK);
  const segShortfall = new Float64Array(segK);
  const segCodes = seg?.codes;

  // --- Pass: rows ---------------------------------------------------------------------------------------
  const dimCols = present.map((d) => [d, colOf(d)!] as const);
  const revSheetCol = revCol!.sheetColumn;
  const costSheetCol = costCol?.sheetColumn ?? marginCol?.sheetColumn;
  const dateSheetCol = dateCol?.sheetColumn;
  const locate = (i: number, col: number | undefined): CellLocation => {
    const row = rowNumbers[i];
    return col !== undefined ? { sheet, row, column: col, address: cellAddress(col, row) } : { sheet, row, address: `${row}:${row}` };
  };
  const dimsOf = (i: number): Partial<Record<ColumnRole, string>> => {
    const o: Partial<Record<ColumnRole, string>> = {};
    for (const [d, c] of dimCols) {
      const v = textOf(c, i);
      if (v !== null) o[d] = v;
    }
    return o;
  };
  const labelCache = new Map<number, string>();
  const labelOf = (p: number): string => {
    let s = labelCache.get(p);
    if (s === undefined) {
      s = periodLabel(p, grain);
      labelCache.set(p, s);
    }
    return s;
  };

  let rowsChecked = 0;
  let rowsWithIssues = 0;
  let breaches = 0;
  let warnings = 0;
  let totalShortfall = 0;
  let revChecked = 0;
  let revInBreach = 0;
  let sumMargin = 0;
  let sumCost = 0;
  const nAcc = accs.length;
  const dense = accs.every((a) => !a.sparse);

  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    for (let i = start; i < end; i++) {
      const r = rev[i];
      let c = costArr ? costArr[i] : NaN;
      if (c !== c && marginArr) c = r - marginArr[i];
      const pc = periodCode ? periodCode[i] : 0;
      let counted = false;
      if (!(r > 0) || c !== c || (!sales && !(c > 0)) || pc < 0) {
        // Data issues of the row, each listed. A row whose only issue is a missing date is still checked line by
        // line (but cannot join a period group).
        let blocking = false;
        if (r !== r) {
          dataFindings.push(dataFinding("compliance.data.missingRevenue", locate(i, revSheetCol), { row: rowNumbers[i] }, { dimensions: dimsOf(i), cost: c }));
          blocking = true;
        } else if (!(r > 0)) {
          dataFindings.push(dataFinding(r === 0 ? "compliance.data.zeroRevenue" : "compliance.data.negativeRevenue", locate(i, revSheetCol), { row: rowNumbers[i], value: r }, { dimensions: dimsOf(i), revenue: r, cost: c, margin: r - c }));
          blocking = true;
        }
        if (c !== c) {
          dataFindings.push(dataFinding("compliance.data.missingCost", locate(i, costSheetCol), { row: rowNumbers[i] }, { dimensions: dimsOf(i), revenue: r }));
          blocking = true;
        } else if (!sales && !(c > 0) && !blocking) {
          dataFindings.push(dataFinding("compliance.data.nonPositiveCost", locate(i, costSheetCol), { row: rowNumbers[i], value: c }, { dimensions: dimsOf(i), revenue: r, cost: c, margin: r - c }));
          blocking = true;
        }
        if (pc < 0) dataFindings.push(dataFinding("compliance.data.missingDate", locate(i, dateSheetCol), { row: rowNumbers[i] }, { dimensions: dimsOf(i) }));
        rowsWithIssues++;
        if (blocking) continue;
        counted = true;
      }
      const m = r - c;
      const base = sales ? r : c;
      const rate = m / base;
      const k = noRules ? 0 : ruleOfRow(i);
      const floor = floors[k];
      const target = targets[k];
      let sev = 0;
      const d1 = rate - floor;
      if (d1 < 0 && roundCompare(d1) < 0) sev = 2;
      else {
        const d2 = rate - target;
        if (d2 < 0 && roundCompare(d2) < 0) sev = 1;
      }
      rowsChecked++;
      revChecked += r;
      sumMargin += m;
      sumCost += c;
      if (pc >= 0) {
        const p = pc - minP;
        if (dense) {
          for (let j = 0; j < nAcc; j++) {
            const a = accs[j];
            const s = a.codes[i] * nP + p;
            a.rev[s] += r;
            a.mar[s] += m;
            a.cost[s] += c;
            a.count[s]++;
          }
        } else {
          for (let j = 0; j < nAcc; j++) {
            const a = accs[j];
            const s = a.sparse ? slotOf(a, a.codes[i] * nP + p) : a.codes[i] * nP + p;
            a.rev[s] += r;
            a.mar[s] += m;
            a.cost[s] += c;
            a.count[s]++;
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
      const threshold = sev === 2 ? floor : target;
      const gapT = target * base - m;
      const shortfall = gapT > 0 ? gapT : 0;
      const f: Finding = {
        kind: "line",
        severity: sev === 2 ? "breach" : "warning",
        ruleId: ruleIds[k],
        location: locate(i, revSheetCol),
        dimensions: dimsOf(i),
        revenue: r,
        cost: c,
        margin: m,
        rate,
        threshold,
        gap: rate - threshold,
        shortfall,
        priceIncrease: priceIncreaseForTarget(r, c, target, basis),
      };
      if (pc >= 0 && periodCode) f.period = labelOf(pc);
      lineFindings.push(f);
      if (!counted) rowsWithIssues++;
      totalShortfall += shortfall;
      if (sev === 2) {
        breaches++;
        revInBreach += r;
        if (segCodes) {
          segBreaches[segCodes[i]]++;
          segShortfall[segCodes[i]] += shortfall;
        }
      } else {
        warnings++;
        if (segCodes) segShortfall[segCodes[i]] += shortfall;
      }
    }
    done += end - start;
    if (end < n) yield { done, total, phase: "check" };
  }

  summary.rowsChecked = rowsChecked;
  summary.rowsWithIssues = rowsWithIssues;
  summary.breaches = breaches;
  summary.warnings = warnings;
  summary.totalShortfall = totalShortfall;
  summary.revenueChecked = revChecked;
  summary.revenueInBreach = revInBreach;
  summary.overallRate = sales ? (revChecked > 0 ? sumMargin / revChecked : NaN) : sumCost > 0 ? sumMargin / sumCost : NaN;
  if (seg && segDim) {
    const list: SegmentSummary[] = [];
    for (let sc = 0; sc < segK; sc++) {
      if (segRev[sc] === 0 && segCost[sc] === 0) continue;
      const b = sales ? segRev[sc] : segCost[sc];
      list.push({ dimension: segDim, value: seg.labels[sc], revenue: segRev[sc], margin: segMar[sc], rate: b > 0 ? segMar[sc] / b : NaN, breaches: segBreaches[sc], shortfall: segShortfall[sc] });
    }
    list.sort((a, b) => b.shortfall - a.shortfall || a.value.localeCompare(b.value));
    summary.bySegment = list;
  }
  yield { done, total, phase: "groups" };

  // --- Groups and erosion ---------------------------------------------------------------------------------
  const perYear = PERIODS_PER_YEAR[grain];
  let groupBreaches = 0;
  let groupWarnings = 0;
  for (const a of accs) {
    const slotFor = (code: number, p: number): number => {
      if (p < 0 || p >= nP) return -1;
      const key = code * nP + p;
      if (!a.sparse) return key;
      const s = a.sparse.get(key);
      return s === undefined ? -1 : s;
    };
    const rateAt = (s: number): number => {
      if (s < 0 || a.count[s] === 0) return NaN;
      const b = sales ? a.rev[s] : a.cost[s];
      return b > 0 ? a.mar[s] / b : NaN;
    };
    const ruleCache = new Map<string, ReturnType<typeof resolveRule>>();
    for (let code = 0; code < a.K; code++) {
      for (let p = 0; p < nP; p++) {
        const s = slotFor(code, p);
        const rate = rateAt(s);
        if (rate !== rate) continue;
        const label = a.labels[code];
        const pcode = p + minP;
        const start = periodCode ? periodStartSerial(pcode, grain) : undefined;
        const cacheKey = `${code}|${anyDated ? pcode : ""}`;
        let rule = ruleCache.get(cacheKey);
        if (!rule) {
          rule = code === 0 ? resolveRule(policy, {}, start) : resolveRule(policy, { [a.role]: label }, start);
          ruleCache.set(cacheKey, rule);
        }
        const revenue = a.rev[s];
        const margin = a.mar[s];
        const cost = a.cost[s];
        const base = sales ? revenue : cost;
        const gapT = rule.target * base - margin;
        const shortfall = gapT > 0 ? gapT : 0;
        const dims: Partial<Record<ColumnRole, string>> = { [a.role]: label };
        const period = periodCode ? labelOf(pcode) : undefined;
        const loc: CellLocation = { sheet, address: data.address };
        const cmpF = compareRate(rate, rule.floor);
        const cmpT = compareRate(rate, rule.target);
        if (cmpF < 0 || cmpT < 0) {
          const sev: Severity = cmpF < 0 ? "breach" : "warning";
          const threshold = cmpF < 0 ? rule.floor : rule.target;
          if (cmpF < 0) groupBreaches++;
          else groupWarnings++;
          const f: Finding = { kind: "group", severity: sev, ruleId: rule.id, location: loc, dimensions: dims, revenue, cost, margin, rate, threshold, gap: rate - threshold, shortfall, priceIncrease: priceIncreaseForTarget(revenue, cost, rule.target, basis) };
          if (period !== undefined) f.period = period;
          groupFindings.push(f);
        }
        if (!periodCode) continue;
        const comparisons: ["previous" | "yearAgo", number][] = [["previous", p - 1]];
        if (perYear > 1) comparisons.push(["yearAgo", p - perYear]);
        for (const [comparison, q] of comparisons) {
          const prevRate = rateAt(slotFor(code, q));
          if (prevRate !== prevRate) continue;
          if (compareRate(rate - prevRate, -policy.erosionPoints) < 0) {
            erosionFindings.push({
              kind: "erosion",
              severity: "warning",
              ruleId: rule.id,
              location: loc,
              dimensions: dims,
              period: period!,
              revenue,
              cost,
              margin,
              rate,
              threshold: prevRate,
              gap: rate - prevRate,
              shortfall,
              priceIncrease: priceIncreaseForTarget(revenue, cost, rule.target, basis),
              previousRate: prevRate,
              previousPeriod: labelOf(q + minP),
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
