/**
 * Price–volume–mix analysis of a revenue change (formula sheet, "Variance and price–volume–mix").
 *
 * Products (or segments) i with base price/volume (P_i0, Q_i0) and current price/volume (P_i1, Q_i1):
 * - continuing products (volume > 0 in both periods): Q_T = Σ Q_i over them, s_i = Q_i / Q_T,
 *     volume = Σ (Q_T1 − Q_T0) · s_i0 · P_i0
 *     mix    = Σ (s_i1 − s_i0) · Q_T1 · P_i0
 *     price  = Σ (P_i1 − P_i0) · Q_i1
 *   so that volume + mix + price = Σ R_i1 − Σ R_i0 over them, with no residual;
 * - new products (no base volume, or 0): their whole current revenue is the "new" effect;
 * - lost products (no current volume, or 0): minus their whole base revenue is the "lost" effect.
 * New and lost products are never put in the price effect (they have no price to compare with).
 * Hence volume + mix + price + new + lost = R1 − R0 (total), up to floating-point rounding.
 *
 * A missing volume counts as 0 (not sold in that period). A product sold (volume > 0) with no price, or with a negative
 * price or volume, cannot be placed: it is left out and reported in `issues`.
 */
import { CompensatedSum } from "./stats";

export type PvmIssueCode = "missingBasePrice" | "missingCurrentPrice" | "negative";

export interface PvmIssue {
  /** 0-based index of the product in the inputs. */
  index: number;
  code: PvmIssueCode;
  /** Which input holds the problem. */
  input: "basePrice" | "baseVolume" | "currentPrice" | "currentVolume";
  value?: number;
}

export type PvmBucket = "continuing" | "new" | "lost" | "none" | "excluded";

export interface PvmRow {
  bucket: PvmBucket;
  volume: number;
  mix: number;
  price: number;
  /** Current revenue for a new product, minus base revenue for a lost one, else 0. */
  newOrLost: number;
}

export interface PvmResult {
  baseRevenue: number;
  currentRevenue: number;
  volume: number;
  mix: number;
  price: number;
  /** Current revenue of products absent in the base period. */
  newProducts: number;
  /** Minus the base revenue of products absent in the current period (<= 0). */
  lostProducts: number;
  /** currentRevenue - baseRevenue = volume + mix + price + newProducts + lostProducts. */
  total: number;
  counts: { continuing: number; new: number; lost: number; excluded: number };
  /** Effects per product (same order as the inputs). */
  rows: PvmRow[];
  issues: PvmIssue[];
}

export function priceVolumeMix(
  basePrices: ArrayLike<number>,
  baseVolumes: ArrayLike<number>,
  currentPrices: ArrayLike<number>,
  currentVolumes: ArrayLike<number>,
): PvmResult {
  const n = Math.min(basePrices.length, baseVolumes.length, currentPrices.length, currentVolumes.length);
  const bucket: PvmBucket[] = new Array(n);
  const issues: PvmIssue[] = [];
  let qt0 = 0;
  let qt1 = 0;
  const counts = { continuing: 0, new: 0, lost: 0, excluded: 0 };
  for (let i = 0; i < n; i++) {
    const p0 = basePrices[i];
    const q0 = baseVolumes[i];
    const p1 = currentPrices[i];
    const q1 = currentVolumes[i];
    const neg: [number, PvmIssue["input"]] | null =
      p0 < 0 ? [p0, "basePrice"] : q0 < 0 ? [q0, "baseVolume"] : p1 < 0 ? [p1, "currentPrice"] : q1 < 0 ? [q1, "currentVolume"] : null;
    if (neg) {
      issues.push({ index: i, code: "negative", input: neg[1], value: neg[0] });
      bucket[i] = "excluded";
      counts.excluded++;
      continue;
    }
    const sold0 = q0 > 0;
    const sold1 = q1 > 0;
    if (sold0 && p0 !== p0) {
      issues.push({ index: i, code: "missingBasePrice", input: "basePrice" });
      bucket[i] = "excluded";
      counts.excluded++;
      continue;
    }
    if (sold1 && p1 !== p1) {
      issues.push({ index: i, code: "missingCurrentPrice", input: "currentPrice" });
      bucket[i] = "excluded";
      counts.excluded++;
      continue;
    }
    if (sold0 && sold1) {
      bucket[i] = "continuing";
      counts.continuing++;
      qt0 += q0;
      qt1 += q1;
    } else if (sold1) {
      bucket[i] = "new";
      counts.new++;
    } else if (sold0) {
      bucket[i] = "lost";
      counts.lost++;
    } else bucket[i] = "none";
  }

  const r0 = new CompensatedSum();
  const r1 = new CompensatedSum();
  const vol = new CompensatedSum();
  const mix = new CompensatedSum();
  const price = new CompensatedSum();
  const added = new CompensatedSum();
  const lost = new CompensatedSum();
  const rows: PvmRow[] = new Array(n);
  const dq = qt1 - qt0;
  for (let i = 0; i < n; i++) {
    const b = bucket[i];
    const row: PvmRow = { bucket: b, volume: 0, mix: 0, price: 0, newOrLost: 0 };
    rows[i] = row;
    if (b === "continuing") {
      const p0 = basePrices[i];
      const q0 = baseVolumes[i];
      const p1 = currentPrices[i];
      const q1 = currentVolumes[i];
      const s0 = q0 / qt0;
      const s1 = q1 / qt1;
      row.volume = dq * s0 * p0;
      row.mix = (s1 - s0) * qt1 * p0;
      row.price = (p1 - p0) * q1;
      vol.add(row.volume);
      mix.add(row.mix);
      price.add(row.price);
      r0.add(p0 * q0);
      r1.add(p1 * q1);
    } else if (b === "new") {
      row.newOrLost = currentPrices[i] * currentVolumes[i];
      added.add(row.newOrLost);
      r1.add(row.newOrLost);
    } else if (b === "lost") {
      const rev = basePrices[i] * baseVolumes[i];
      row.newOrLost = -rev;
      lost.add(-rev);
      r0.add(rev);
    }
  }
  const baseRevenue = r0.value;
  const currentRevenue = r1.value;
  return {
    baseRevenue,
    currentRevenue,
    volume: vol.value,
    mix: mix.value,
    price: price.value,
    newProducts: added.value,
    lostProducts: lost.value,
    total: currentRevenue - baseRevenue,
    counts,
    rows,
    issues,
  };
}
