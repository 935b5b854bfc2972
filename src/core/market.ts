/**
 * Market analysis (formula sheet, "Market analysis"). Shares are fractions (0.25 = 25 %) unless a name says "points".
 * NaN in inputs = missing (skipped in aggregates); NaN in outputs = no value.
 *
 * - share = own / market; relative share (BCG) = own / largest competitor (for the leader that is the number two,
 *   so the same formula holds); share / (1 - share) is NOT the BCG measure.
 * - HHI = Σ s_i² with s in percent (0 … 10,000); CR_k = sum of the k largest shares; ΔHHI of a merger = 2·a·b (points).
 * - Concentration verdicts always name their source: EU horizontal merger guidelines (2004) or the US DOJ/FTC Merger
 *   Guidelines (2023). The 2010 US tiers (1,500 / 2,500) are superseded and not offered.
 * - Competitor price index = own price / average competitor price × 100 (above 100 = dearer than competitors).
 * - BCG quadrant: relative share >= 1 = high share; market growth >= threshold (10 % by default) = high growth.
 */
import { compareRate } from "./compare";
import { CompensatedSum, sumFinite } from "./stats";

/** How a list of market values is read: sales (normalised by their total), shares of the whole market, or auto. */
export type ShareInput = "auto" | "sales" | "shares";

/** Own / market. NaN when market <= 0, own < 0, own > market or either is missing. */
export function marketShare(own: number, market: number): number {
  if (!(market > 0) || !(own >= 0) || own > market) return NaN;
  return own / market;
}

/** Each value's share of the total of the values (NaN where a value is missing; all NaN when the total is not > 0). */
export function sharesOfTotal(values: ArrayLike<number>): Float64Array {
  const total = sumFinite(values);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = total > 0 && values[i] === values[i] ? values[i] / total : NaN;
  return out;
}

export type SharesResult =
  | { ok: true; shares: Float64Array; read: "sales" | "fractions" | "points" }
  | { ok: false; reason: "negative" | "empty" | "zeroTotal" | "over100" | "overflow"; total?: number };

/**
 * How far from 100 % a list of values may add up and still be read as complete shares by "auto" (and how far above
 * 100 % "shares" accepts): one point, i.e. a total within 0.99 … 1.01 (fractions) or 99 … 101 (points). Shares
 * typed rounded miss 100 % by up to half a unit per firm: 33 % x 3 = 99 %, 33.3 % x 3 = 99.9 %, and to one decimal
 * up to 20 firms stay within the point. Sales that happen to add up within that point are read as shares as they
 * are, which changes the HHI by at most about 2 % (it scales with the square of the total) and CR_k by at most 1 %.
 */
export const SHARE_TOTAL_TOLERANCE = 0.01;

/**
 * Turns market values into fractional shares (missing values dropped):
 * - "sales": value / total of the values (right for sales, and for a complete list of shares);
 * - "shares": the values are shares of the whole market, as fractions (all <= 1) or as points (any value > 1);
 *   they are not rescaled, so a partial list (top firms only) keeps its meaning; their sum may not exceed 100 %
 *   by more than SHARE_TOTAL_TOLERANCE;
 * - "auto": shares as typed when they add up to 100 % within SHARE_TOTAL_TOLERANCE (a total of 1 = fractions, of
 *   100 = points), otherwise sales: 0.2, 0.3, 0.1 are sales (a third, a half, a sixth), not 20 %, 30 %, 10 %.
 * Sales adding up to 0 give "zeroTotal" (no shares, as OPS.SHARE's #DIV/0!); a total beyond the double range
 * (about 1.8e308) gives "overflow".
 */
export function toShares(values: ArrayLike<number>, input: ShareInput = "auto"): SharesResult {
  let n = 0;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v < 0) return { ok: false, reason: "negative" };
    n++;
    if (v > max) max = v;
  }
  if (n === 0) return { ok: false, reason: "empty" };
  const present = new Float64Array(n);
  for (let i = 0, j = 0; i < values.length; i++) if (values[i] === values[i]) present[j++] = values[i];
  const total = sumFinite(present);
  if (!Number.isFinite(total) || !Number.isFinite(max)) return { ok: false, reason: "overflow" };
  // The point itself counts (0.33 x 3 adds up to 0.9899999999999999 in binary): a hair of slack for the rounding.
  const tol = SHARE_TOTAL_TOLERANCE + 1e-12;
  let scale = 0;
  if (input === "shares") {
    scale = max > 1 ? 0.01 : 1;
    if (total * scale > 1 + tol) return { ok: false, reason: "over100", total: total * scale };
  } else if (input === "auto") {
    if (Math.abs(total - 1) <= tol) scale = 1;
    else if (Math.abs(total - 100) <= 100 * tol) scale = 0.01;
  }
  if (scale !== 0) {
    const shares = new Float64Array(n);
    for (let i = 0; i < n; i++) shares[i] = present[i] * scale;
    return { ok: true, shares, read: scale === 1 ? "fractions" : "points" };
  }
  if (!(total > 0)) return { ok: false, reason: "zeroTotal" };
  const shares = new Float64Array(n);
  for (let i = 0; i < n; i++) shares[i] = present[i] / total;
  return { ok: true, shares, read: "sales" };
}

/** Herfindahl–Hirschman index on fractional shares, in points (0 … 10,000). */
export function hhiOfShares(shares: ArrayLike<number>): number {
  const acc = new CompensatedSum();
  for (let i = 0; i < shares.length; i++) {
    const s = shares[i];
    if (s === s) acc.add(s * 100 * (s * 100));
  }
  return Math.min(10000, Math.max(0, acc.value));
}

/** HHI of market values read as `input` describes; NaN when they cannot be read as shares. */
export function hhi(values: ArrayLike<number>, input: ShareInput = "auto"): number {
  const r = toShares(values, input);
  return r.ok ? hhiOfShares(r.shares) : NaN;
}

/** Normalised HHI = (H - 1/n) / (1 - 1/n) on fractional shares (0 … 1); NaN for fewer than 2 firms. */
export function normalisedHhi(shares: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < shares.length; i++) if (shares[i] === shares[i]) n++;
  if (n < 2) return NaN;
  const h = hhiOfShares(shares) / 10000;
  return (h - 1 / n) / (1 - 1 / n);
}

/** Concentration ratio CR_k: sum of the k largest fractional shares (all of them when fewer than k). */
export function concentrationRatioOfShares(shares: ArrayLike<number>, k: number): number {
  const present: number[] = [];
  for (let i = 0; i < shares.length; i++) if (shares[i] === shares[i]) present.push(shares[i]);
  present.sort((a, b) => b - a);
  const acc = new CompensatedSum();
  for (let i = 0; i < Math.min(k, present.length); i++) acc.add(present[i]);
  return acc.value;
}

/** CR_k of market values read as `input` describes; NaN when they cannot be read as shares or k < 1. */
export function concentrationRatio(values: ArrayLike<number>, k: number, input: ShareInput = "auto"): number {
  if (!(k >= 1)) return NaN;
  const r = toShares(values, input);
  return r.ok ? concentrationRatioOfShares(r.shares, Math.floor(k)) : NaN;
}

/**
 * Two shares as fractions: both are fractions when both are <= 1, both are points (percent) when either is > 1.
 * Null when a share is missing or negative, or when together they exceed the whole market.
 */
export function sharePairAsFractions(a: number, b: number): [number, number] | null {
  if (!(a >= 0) || !(b >= 0)) return null;
  const scale = a > 1 || b > 1 ? 0.01 : 1;
  const fa = a * scale;
  const fb = b * scale;
  if (fa + fb > 1 + 1e-9) return null;
  return [fa, fb];
}

/** Increase of the HHI when two firms with these shares merge: 2·a·b with shares in percent (points of HHI). */
export function hhiDelta(shareA: number, shareB: number): number {
  const p = sharePairAsFractions(shareA, shareB);
  if (!p) return NaN;
  return 2 * (p[0] * 100) * (p[1] * 100);
}

/** Own / largest competitor (= own / number two when own leads). NaN when no competitor value is > 0 or own < 0. */
export function relativeShare(own: number, competitors: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < competitors.length; i++) {
    const c = competitors[i];
    if (c === c && c > max) max = c;
  }
  if (!(max > 0) || !(own >= 0)) return NaN;
  return own / max;
}

// ---------------------------------------------------------------------------------------------------------------
// Concentration verdicts

export type ConcentrationRules = "EU2004" | "US2023";

export interface ConcentrationVerdict {
  rules: ConcentrationRules;
  /** EU2004: LOW (< 1,000), MODERATE (1,000–2,000), HIGH (> 2,000). US2023: HIGH (> 1,800) or NOT_HIGH. */
  level: "LOW" | "MODERATE" | "HIGH" | "NOT_HIGH";
  /**
   * EU2004: UNLIKELY (concerns unlikely, §19–20) / POSSIBLE (the safe harbours do not apply) / DEPENDS (needs ΔHHI).
   * US2023: PRESUMED (structural presumption of harm) / NOT_PRESUMED / DEPENDS (needs ΔHHI, or the combined share).
   */
  concern: "UNLIKELY" | "POSSIBLE" | "PRESUMED" | "NOT_PRESUMED" | "DEPENDS";
  /** i18n key (area "functions") of the sentence explaining the verdict, with its params. */
  key: string;
  params: Record<string, number>;
  /** The source, in words that stay the same in both languages. */
  source: string;
}

export const CONCENTRATION_SOURCES: Record<ConcentrationRules, string> = {
  EU2004: "EU Horizontal Merger Guidelines 2004 (2004/C 31/03), §19–20",
  US2023: "U.S. DOJ/FTC Merger Guidelines 2023, Guideline 1",
};

/**
 * Verdict on a post-merger HHI (0 … 10,000) and, when known, its increase ΔHHI and (US 2023) the merged firm's
 * combined share (fraction). Null when hhi is outside 0 … 10,000 or delta is negative or above hhi.
 *
 * EU 2004 (§19–20): concerns unlikely when HHI < 1,000; or 1,000 ≤ HHI ≤ 2,000 with ΔHHI < 250; or HHI > 2,000 with
 * ΔHHI < 150 (save special circumstances, §20 a–f). US 2023: HHI > 1,800 is highly concentrated; a merger is presumed
 * to lessen competition substantially when HHI > 1,800 and ΔHHI > 100, or when the combined share exceeds 30 % and
 * ΔHHI > 100.
 */
export function concentrationVerdict(
  hhiValue: number,
  delta?: number,
  rules: ConcentrationRules = "EU2004",
  combinedShare?: number,
): ConcentrationVerdict | null {
  if (!(hhiValue >= 0 && hhiValue <= 10000)) return null;
  const hasDelta = delta !== undefined && delta === delta;
  if (hasDelta && (!(delta >= 0) || delta > hhiValue + 1e-9)) return null;
  const hasShare = combinedShare !== undefined && combinedShare === combinedShare;
  if (hasShare && !(combinedShare >= 0 && combinedShare <= 1 + 1e-9)) return null;
  const source = CONCENTRATION_SOURCES[rules];
  const params: Record<string, number> = { hhi: hhiValue };
  if (hasDelta) params.delta = delta;
  if (rules === "EU2004") {
    if (hhiValue < 1000) return { rules, level: "LOW", concern: "UNLIKELY", key: "functions.conc.eu.low", params, source };
    const moderate = hhiValue <= 2000;
    const level = moderate ? "MODERATE" : "HIGH";
    const limit = moderate ? 250 : 150;
    params.limit = limit;
    const band = moderate ? "moderate" : "high";
    if (!hasDelta) return { rules, level, concern: "DEPENDS", key: `functions.conc.eu.${band}.depends`, params, source };
    const concern = delta < limit ? "UNLIKELY" : "POSSIBLE";
    return { rules, level, concern, key: `functions.conc.eu.${band}.${concern === "UNLIKELY" ? "unlikely" : "possible"}`, params, source };
  }
  const high = hhiValue > 1800;
  const level = high ? "HIGH" : "NOT_HIGH";
  if (hasShare) params.share = combinedShare * 100;
  const shareOver = hasShare && compareRate(combinedShare, 0.3) > 0;
  if (!hasDelta) {
    return { rules, level, concern: "DEPENDS", key: high ? "functions.conc.us.high.depends" : "functions.conc.us.low.depends", params, source };
  }
  if (delta > 100 && high) return { rules, level, concern: "PRESUMED", key: "functions.conc.us.presumed.hhi", params, source };
  if (delta > 100 && shareOver) return { rules, level, concern: "PRESUMED", key: "functions.conc.us.presumed.share", params, source };
  if (delta > 100 && !hasShare) return { rules, level, concern: "DEPENDS", key: "functions.conc.us.low.shareDepends", params, source };
  return { rules, level, concern: "NOT_PRESUMED", key: high ? "functions.conc.us.high.none" : "functions.conc.us.low.none", params, source };
}

// ---------------------------------------------------------------------------------------------------------------
// Price index and BCG

/**
 * Competitor price index = own price / average competitor price × 100 (above 100 = own product dearer).
 * For one product: `competitorPrices` are that product's competitor prices, averaged (weighted by `competitorWeights`,
 * e.g. their volumes, when given). Missing prices are skipped. NaN when there is no competitor price > 0.
 */
export function priceIndexOne(ownPrice: number, competitorPrices: ArrayLike<number>, competitorWeights?: ArrayLike<number>): number {
  let sw = 0;
  let sp = 0;
  for (let i = 0; i < competitorPrices.length; i++) {
    const p = competitorPrices[i];
    if (p !== p) continue;
    const w = competitorWeights ? competitorWeights[i] : 1;
    if (w !== w) continue;
    if (p < 0 || w < 0) return NaN;
    sw += w;
    sp += w * p;
  }
  if (!(sw > 0) || !(ownPrice >= 0)) return NaN;
  const avg = sp / sw;
  if (!(avg > 0)) return NaN;
  return (ownPrice / avg) * 100;
}

/**
 * Index over several products: the mean of the per-product indices weighted by volume (equal weights when `volumes`
 * is absent). Products without an index (no competitor price, missing own price) or without a volume are left out.
 * NaN when no product remains or the volumes add up to 0.
 */
export function priceIndexMany(productIndices: ArrayLike<number>, volumes?: ArrayLike<number>): number {
  let sw = 0;
  const acc = new CompensatedSum();
  for (let i = 0; i < productIndices.length; i++) {
    const ix = productIndices[i];
    const w = volumes ? volumes[i] : 1;
    if (ix !== ix || w !== w) continue;
    if (w < 0) return NaN;
    sw += w;
    acc.add(w * ix);
  }
  return sw > 0 ? acc.value / sw : NaN;
}

export type BcgQuadrant = "STAR" | "CASH_COW" | "QUESTION_MARK" | "DOG";

/**
 * BCG quadrant: high share when relative share >= 1, high growth when market growth >= threshold (compared as a
 * spreadsheet does, so a growth exactly at the threshold is high). Null when an input is missing or the share < 0.
 */
export function bcgQuadrant(relative: number, marketGrowth: number, threshold = 0.1): BcgQuadrant | null {
  if (!(relative >= 0) || marketGrowth !== marketGrowth || threshold !== threshold) return null;
  const highShare = compareRate(relative, 1) >= 0;
  const highGrowth = compareRate(marketGrowth, threshold) >= 0;
  if (highShare) return highGrowth ? "STAR" : "CASH_COW";
  return highGrowth ? "QUESTION_MARK" : "DOG";
}
