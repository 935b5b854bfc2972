/**
 * Price–volume–mix bridge of a sales ledger between two periods, and its margin bridge (formula sheet, "Variance and
 * price–volume–mix"). The ledger is aggregated by dimension value (product by default) in one pass over its typed
 * arrays; the effects follow src/core/pvm.ts:
 *
 * - continuing values (volume > 0 in both periods), Q_T = Σ Q over them, s = Q / Q_T, P = R / Q:
 *     volume = Σ (Q_T1 − Q_T0)·s0·P0, mix = Σ (s1 − s0)·Q_T1·P0, price = Σ (P1 − P0)·Q1;
 * - new values (no volume in the base period, volume in the current one): new = R1 − R0 (R0 is 0 unless the base
 *   period holds revenue without volume); lost values (volume in the base period only): lost = R1 − R0 (= −R0 as a
 *   rule). A value with zero volume in one period is new or lost, never a price effect;
 * - values with no volume in either period but revenue (services, adjustments): their R1 − R0 is `other`.
 * Hence volume + mix + price + newProducts + lostProducts + other = R1 − R0 = total.
 *
 * Margin bridge, with unit margin m = (R − C) / Q and unit cost c = P − m:
 *     margin volume = Σ (Q_T1 − Q_T0)·s0·m0, margin mix = Σ (s1 − s0)·Q_T1·m0, price = Σ (P1 − P0)·Q1,
 *     cost = −Σ (c1 − c0)·Q1, new = M1 − M0 of new values, lost = M1 − M0 of lost ones, other likewise;
 * so that their sum is M1 − M0.
 *
 * Without a quantity column there is no price / volume split (volume, mix, price are NaN): a value is new when its
 * base revenue is 0, lost when its current revenue is 0, and the change of the continuing ones is `continuingChange`
 * (also counted in `other`, per row and in total), so total = newProducts + lostProducts + continuingChange.
 *
 * Bad input never throws: it gives messages and what can be computed (NaN for what cannot).
 */
import { periodLabel, type Granularity } from "../compliance/periods";
import type { ColumnRole, DataSet, Lang, OpsMessage } from "../types";
import { rowPeriods } from "./periods";

/** A period to compare: a month (month index y×12+m−1), a quarter (y×4+q−1), a year, or the year to date up to a month (month index). */
export interface PeriodSel {
  kind: "month" | "quarter" | "year" | "ytd";
  code: number;
}

export type BridgeBucket = "continuing" | "new" | "lost" | "other";

export interface MarginEffects {
  base: number;
  current: number;
  volume: number;
  mix: number;
  price: number;
  cost: number;
  newProducts: number;
  lostProducts: number;
  other: number;
  /** current − base = volume + mix + price + cost + newProducts + lostProducts + other. */
  total: number;
}

export interface BridgeRow {
  key: string;
  bucket: BridgeBucket;
  baseRevenue: number;
  currentRevenue: number;
  baseVolume: number;
  currentVolume: number;
  /** R / Q, NaN without volume. */
  basePrice: number;
  currentPrice: number;
  volume: number;
  mix: number;
  price: number;
  /** R1 − R0 for a new or lost value, else 0. */
  newOrLost: number;
  /** R1 − R0 of a value without volume in either period (or of every continuing value without a quantity column), else 0. */
  other: number;
  /** currentRevenue − baseRevenue. */
  effect: number;
  /** Margin bridge row (when the ledger gives cost or margin). */
  margin?: { base: number; current: number; volume: number; mix: number; price: number; cost: number; newOrLost: number; other: number };
}

export interface BridgeResult {
  /** False when nothing could be computed (no revenue, no period...). */
  ok: boolean;
  dimension: ColumnRole;
  dimensionHeader?: string;
  base: PeriodSel & { label: string };
  current: PeriodSel & { label: string };
  /** True when a quantity column gives the price / volume / mix split. */
  hasVolume: boolean;
  baseRevenue: number;
  currentRevenue: number;
  baseVolume: number;
  currentVolume: number;
  volume: number;
  mix: number;
  price: number;
  newProducts: number;
  lostProducts: number;
  other: number;
  /** Σ (R1 − R0) over continuing values (= volume + mix + price with a quantity column). */
  continuingChange: number;
  /** currentRevenue − baseRevenue. */
  total: number;
  margin?: MarginEffects;
  /** One row per dimension value sold in either period, largest |effect| first. */
  rows: BridgeRow[];
  counts: { continuing: number; new: number; lost: number; other: number; baseRows: number; currentRows: number };
  messages: OpsMessage[];
}

export interface BridgeOptions {
  /** Dimension of the mix (default product). */
  dimension?: ColumnRole;
  base: PeriodSel;
  current: PeriodSel;
  lang?: Lang;
}

/** First and last month index (inclusive) of a period selection. */
export function periodMonths(sel: PeriodSel): [number, number] {
  const c = Math.floor(sel.code);
  if (sel.kind === "month") return [c, c];
  if (sel.kind === "quarter") return [c * 3, c * 3 + 2];
  if (sel.kind === "year") return [c * 12, c * 12 + 11];
  return [Math.floor(c / 12) * 12, c];
}

/** "2024-03", "2024-Q1", "2024", "2024-01..2024-06" (year to date). */
export function periodSelLabel(sel: PeriodSel): string {
  if (sel.kind === "ytd") {
    const [a, b] = periodMonths(sel);
    return a === b ? periodLabel(a, "month") : `${periodLabel(a, "month")}..${periodLabel(b, "month")}`;
  }
  return periodLabel(Math.floor(sel.code), sel.kind as Granularity);
}

export interface AvailablePeriod extends PeriodSel {
  label: string;
  /** True when every month of the period has data (a ytd is always complete up to its month). */
  complete: boolean;
}

function monthsPresent(data: DataSet): Set<number> {
  const out = new Set<number>();
  const rp = rowPeriods(data);
  if (!rp) return out;
  const n = data.rowNumbers.length;
  let last = NaN;
  for (let i = 0; i < n; i++) {
    const m = rp.monthAt(i);
    if (m === m && m !== last) {
      out.add(m);
      last = m;
    }
  }
  // A column of years (or quarters) stands for all their months.
  if (rp.grain !== "month") {
    const span = rp.grain === "year" ? 12 : 3;
    for (const m of [...out]) for (let k = 1; k < span; k++) out.add(m + k);
  }
  return out;
}

/** The periods of the ledger that a bridge can compare: its years, quarters, months, and year to date at its last month. */
export function bridgePeriodsAvailable(data: DataSet): AvailablePeriod[] {
  const months = [...monthsPresent(data)].sort((a, b) => a - b);
  if (months.length === 0) return [];
  const set = new Set(months);
  const out: AvailablePeriod[] = [];
  const years = [...new Set(months.map((m) => Math.floor(m / 12)))];
  for (const y of years) {
    let complete = true;
    for (let k = 0; k < 12; k++) if (!set.has(y * 12 + k)) complete = false;
    out.push({ kind: "year", code: y, label: String(y), complete });
  }
  const quarters = [...new Set(months.map((m) => Math.floor(m / 3)))];
  for (const q of quarters) {
    const sel: PeriodSel = { kind: "quarter", code: q };
    out.push({ ...sel, label: periodSelLabel(sel), complete: set.has(q * 3) && set.has(q * 3 + 1) && set.has(q * 3 + 2) });
  }
  for (const m of months) out.push({ kind: "month", code: m, label: periodSelLabel({ kind: "month", code: m }), complete: true });
  const lastM = months[months.length - 1];
  out.push({ kind: "ytd", code: lastM, label: periodSelLabel({ kind: "ytd", code: lastM }), complete: true });
  return out;
}

/**
 * Default comparison: the last complete year against the year before (when the ledger has it); else the year to date at
 * the last month against the same months a year before; null when the ledger has no two periods to compare.
 */
export function defaultBridgePeriods(data: DataSet): { base: PeriodSel; current: PeriodSel } | null {
  const months = [...monthsPresent(data)].sort((a, b) => a - b);
  if (months.length === 0) return null;
  const years = new Set(months.map((m) => Math.floor(m / 12)));
  const full = bridgePeriodsAvailable(data).filter((p) => p.kind === "year" && p.complete && years.has(p.code - 1));
  if (full.length > 0) {
    const y = full[full.length - 1].code;
    return { base: { kind: "year", code: y - 1 }, current: { kind: "year", code: y } };
  }
  const last = months[months.length - 1];
  const [a, b] = periodMonths({ kind: "ytd", code: last - 12 });
  if (months.some((m) => m >= a && m <= b)) return { base: { kind: "ytd", code: last - 12 }, current: { kind: "ytd", code: last } };
  return null;
}

function emptyResult(dimension: ColumnRole, base: PeriodSel, current: PeriodSel, messages: OpsMessage[]): BridgeResult {
  return {
    ok: false,
    dimension,
    base: { ...base, label: periodSelLabel(base) },
    current: { ...current, label: periodSelLabel(current) },
    hasVolume: false,
    baseRevenue: NaN,
    currentRevenue: NaN,
    baseVolume: NaN,
    currentVolume: NaN,
    volume: NaN,
    mix: NaN,
    price: NaN,
    newProducts: NaN,
    lostProducts: NaN,
    other: NaN,
    continuingChange: NaN,
    total: NaN,
    rows: [],
    counts: { continuing: 0, new: 0, lost: 0, other: 0, baseRows: 0, currentRows: 0 },
    messages,
  };
}

/** Revenue (and margin) bridge of `data` between `opts.base` and `opts.current`, by `opts.dimension` (default product). */
export function pvmBridge(data: DataSet, opts: BridgeOptions): BridgeResult {
  const dimension = opts.dimension ?? "product";
  const messages: OpsMessage[] = [];
  const sheet = data.sheet;
  const revIdx = data.roles.revenue;
  if (revIdx === undefined || !data.columns[revIdx]?.numbers) {
    messages.push({ code: "market.bridge.noRevenue", severity: "error", location: { sheet } });
    return emptyResult(dimension, opts.base, opts.current, messages);
  }
  const rp = rowPeriods(data);
  if (!rp) {
    messages.push({ code: "market.bridge.noPeriod", severity: "error", location: { sheet } });
    return emptyResult(dimension, opts.base, opts.current, messages);
  }
  const rev = data.columns[revIdx].numbers!;
  const qIdx = data.roles.quantity;
  const qty = qIdx !== undefined ? data.columns[qIdx]?.numbers : undefined;
  const hasVolume = qty !== undefined;
  const cIdx = data.roles.cost;
  const mIdx = data.roles.margin;
  const cost = cIdx !== undefined ? data.columns[cIdx]?.numbers : undefined;
  const marginCol = cost === undefined && mIdx !== undefined ? data.columns[mIdx]?.numbers : undefined;
  const hasMargin = cost !== undefined || marginCol !== undefined;

  // Dimension codes: the column's dictionary when present, else texts interned here.
  const dIdx = data.roles[dimension];
  const dCol = dIdx !== undefined ? data.columns[dIdx] : undefined;
  const n = data.rowNumbers.length;
  let codes: Int32Array;
  let labels: string[];
  if (dCol?.codes && dCol.labels) {
    codes = dCol.codes;
    labels = dCol.labels;
  } else if (dCol?.text) {
    codes = new Int32Array(n);
    labels = [""];
    const seen = new Map<string, number>();
    const text = dCol.text;
    for (let i = 0; i < n; i++) {
      const s = text[i];
      if (s === null) continue;
      let k = seen.get(s);
      if (k === undefined) {
        k = labels.length;
        seen.set(s, k);
        labels.push(s);
      }
      codes[i] = k;
    }
  } else if (dCol?.numbers) {
    codes = new Int32Array(n);
    labels = [""];
    const seen = new Map<number, number>();
    const nums = dCol.numbers;
    for (let i = 0; i < n; i++) {
      const v = nums[i];
      if (v !== v) continue;
      let k = seen.get(v);
      if (k === undefined) {
        k = labels.length;
        seen.set(v, k);
        labels.push(String(v));
      }
      codes[i] = k;
    }
  } else {
    messages.push({ code: "market.bridge.noDimension", severity: "warning", params: { dimension }, location: { sheet } });
    codes = new Int32Array(n).fill(1);
    labels = ["", "—"];
  }

  const [b0, b1] = periodMonths(opts.base);
  const [c0, c1] = periodMonths(opts.current);
  const K = labels.length;
  // Accumulators per dimension value: [2k] base, [2k + 1] current.
  const Q = new Float64Array(2 * K);
  const R = new Float64Array(2 * K);
  const M = new Float64Array(2 * K);
  const RM = new Float64Array(2 * K); // revenue of the rows whose margin is known
  let missingRev = 0;
  let missingQty = 0;
  let missingCost = 0;
  let baseRows = 0;
  let currentRows = 0;
  const monthAt = rp.monthAt;
  for (let i = 0; i < n; i++) {
    const m = monthAt(i);
    let p: number;
    if (m >= c0 && m <= c1) p = 1;
    else if (m >= b0 && m <= b1) p = 0;
    else continue;
    const r = rev[i];
    if (r !== r) {
      missingRev++;
      continue;
    }
    const slot = 2 * codes[i] + p;
    if (p === 1) currentRows++;
    else baseRows++;
    R[slot] += r;
    if (qty !== undefined) {
      const q = qty[i];
      if (q === q) Q[slot] += q;
      else missingQty++;
    }
    if (cost !== undefined) {
      const c = cost[i];
      if (c === c) {
        M[slot] += r - c;
        RM[slot] += r;
      } else missingCost++;
    } else if (marginCol !== undefined) {
      const g = marginCol[i];
      if (g === g) {
        M[slot] += g;
        RM[slot] += r;
      } else missingCost++;
    }
  }
  if (missingRev > 0) messages.push({ code: "market.bridge.missingRevenue", severity: "warning", params: { count: missingRev }, location: { sheet } });
  if (missingQty > 0) messages.push({ code: "market.bridge.missingQuantity", severity: "warning", params: { count: missingQty }, location: { sheet } });
  if (missingCost > 0) messages.push({ code: "market.bridge.missingCost", severity: "warning", params: { count: missingCost }, location: { sheet } });
  if (!hasVolume) messages.push({ code: "market.bridge.noQuantity", severity: "warning", params: { dimension }, location: { sheet } });
  if (!hasMargin) messages.push({ code: "market.bridge.noCost", severity: "info", location: { sheet } });
  if (baseRows === 0) messages.push({ code: "market.bridge.emptyPeriod", severity: "warning", params: { period: periodSelLabel(opts.base) }, location: { sheet } });
  if (currentRows === 0) messages.push({ code: "market.bridge.emptyPeriod", severity: "warning", params: { period: periodSelLabel(opts.current) }, location: { sheet } });

  return effects(dimension, dCol?.header, opts, labels, Q, R, M, hasVolume, hasMargin, baseRows, currentRows, messages);
}

/** Pass 2: effects per dimension value from the sums of pass 1. Exported for tests and the bench. */
export function effects(
  dimension: ColumnRole,
  dimensionHeader: string | undefined,
  opts: Pick<BridgeOptions, "base" | "current">,
  labels: readonly string[],
  Q: Float64Array,
  R: Float64Array,
  M: Float64Array,
  hasVolume: boolean,
  hasMargin: boolean,
  baseRows: number,
  currentRows: number,
  messages: OpsMessage[],
): BridgeResult {
  const K = labels.length;
  const bucketOf = new Int8Array(K); // 0 none, 1 continuing, 2 new, 3 lost, 4 other
  let qt0 = 0;
  let qt1 = 0;
  for (let k = 0; k < K; k++) {
    const q0 = Q[2 * k];
    const q1 = Q[2 * k + 1];
    const r0 = R[2 * k];
    const r1 = R[2 * k + 1];
    let b = 0;
    if (hasVolume) {
      if (q0 > 0 && q1 > 0) {
        b = 1;
        qt0 += q0;
        qt1 += q1;
      } else if (q1 > 0) b = 2;
      else if (q0 > 0) b = 3;
      else if (r0 !== 0 || r1 !== 0) b = 4;
    } else if (r0 !== 0 && r1 !== 0) b = 1;
    else if (r1 !== 0) b = 2;
    else if (r0 !== 0) b = 3;
    bucketOf[k] = b;
  }
  const dq = qt1 - qt0;
  let sVol = 0, sMix = 0, sPrice = 0, sNew = 0, sLost = 0, sOther = 0, sCont = 0;
  let mVol = 0, mMix = 0, mCost = 0, mNew = 0, mLost = 0, mOther = 0, mBase = 0, mCur = 0;
  let rBase = 0, rCur = 0, qBase = 0, qCur = 0;
  const counts = { continuing: 0, new: 0, lost: 0, other: 0, baseRows, currentRows };
  const rows: BridgeRow[] = [];
  const names: BridgeBucket[] = ["continuing", "continuing", "new", "lost", "other"];
  for (let k = 0; k < K; k++) {
    const b = bucketOf[k];
    if (b === 0) continue;
    const q0 = Q[2 * k];
    const q1 = Q[2 * k + 1];
    const r0 = R[2 * k];
    const r1 = R[2 * k + 1];
    const g0 = M[2 * k];
    const g1 = M[2 * k + 1];
    rBase += r0;
    rCur += r1;
    qBase += q0;
    qCur += q1;
    mBase += g0;
    mCur += g1;
    const row: BridgeRow = {
      key: labels[k],
      bucket: names[b],
      baseRevenue: r0,
      currentRevenue: r1,
      baseVolume: hasVolume ? q0 : NaN,
      currentVolume: hasVolume ? q1 : NaN,
      basePrice: hasVolume && q0 > 0 ? r0 / q0 : NaN,
      currentPrice: hasVolume && q1 > 0 ? r1 / q1 : NaN,
      volume: 0,
      mix: 0,
      price: 0,
      newOrLost: 0,
      other: 0,
      effect: r1 - r0,
    };
    const mr = hasMargin ? { base: g0, current: g1, volume: 0, mix: 0, price: 0, cost: 0, newOrLost: 0, other: 0 } : undefined;
    if (b === 1) {
      counts.continuing++;
      sCont += r1 - r0;
      if (hasVolume) {
        const p0 = r0 / q0;
        const p1 = r1 / q1;
        const s0 = q0 / qt0;
        const s1 = q1 / qt1;
        row.volume = dq * s0 * p0;
        row.mix = (s1 - s0) * qt1 * p0;
        row.price = (p1 - p0) * q1;
        sVol += row.volume;
        sMix += row.mix;
        sPrice += row.price;
        if (mr) {
          const u0 = g0 / q0;
          const u1 = g1 / q1;
          mr.volume = dq * s0 * u0;
          mr.mix = (s1 - s0) * qt1 * u0;
          mr.price = row.price;
          // unit cost c = P − m, so −(c1 − c0)·Q1 = (m1 − m0)·Q1 − (P1 − P0)·Q1
          mr.cost = -((p1 - u1) - (p0 - u0)) * q1;
          mVol += mr.volume;
          mMix += mr.mix;
          mCost += mr.cost;
        }
      } else {
        row.other = r1 - r0;
        if (mr) mr.other = g1 - g0;
        if (mr) mOther += g1 - g0;
      }
    } else if (b === 2 || b === 3) {
      if (b === 2) {
        counts.new++;
        sNew += r1 - r0;
        if (mr) mNew += g1 - g0;
      } else {
        counts.lost++;
        sLost += r1 - r0;
        if (mr) mLost += g1 - g0;
      }
      row.newOrLost = r1 - r0;
      if (mr) mr.newOrLost = g1 - g0;
    } else {
      counts.other++;
      row.other = r1 - r0;
      sOther += r1 - r0;
      if (mr) {
        mr.other = g1 - g0;
        mOther += g1 - g0;
      }
    }
    if (mr) row.margin = mr;
    rows.push(row);
  }
  rows.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const margin: MarginEffects | undefined = hasMargin
    ? {
        base: mBase,
        current: mCur,
        volume: hasVolume ? mVol : NaN,
        mix: hasVolume ? mMix : NaN,
        price: hasVolume ? sPrice : NaN,
        cost: hasVolume ? mCost : NaN,
        newProducts: mNew,
        lostProducts: mLost,
        other: mOther,
        total: mCur - mBase,
      }
    : undefined;
  if (hasVolume && (counts.new > 0 || counts.lost > 0)) messages.push({ code: "market.bridge.convention", severity: "info" });
  return {
    ok: true,
    dimension,
    dimensionHeader,
    base: { ...opts.base, label: periodSelLabel(opts.base) },
    current: { ...opts.current, label: periodSelLabel(opts.current) },
    hasVolume,
    baseRevenue: rBase,
    currentRevenue: rCur,
    baseVolume: hasVolume ? qBase : NaN,
    currentVolume: hasVolume ? qCur : NaN,
    volume: hasVolume ? sVol : NaN,
    mix: hasVolume ? sMix : NaN,
    price: hasVolume ? sPrice : NaN,
    newProducts: sNew,
    lostProducts: sLost,
    other: hasVolume ? sOther : sCont,
    continuingChange: sCont,
    total: rCur - rBase,
    margin,
    rows,
    counts,
    messages,
  };
}
