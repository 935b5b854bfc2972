/**
 * Season length detection, step 1: screening. For every candidate length m = 2..maxLength:
 *   1. detrending: with at least five whole seasons (n >= 5m), a centred moving average of order m (2×m when m is
 *      even) is removed: it follows any trend, even a wandering one, and removes nothing that repeats every m
 *      points (it costs one season of data, hence the five). With fewer points a least-squares line is removed.
 *   2. one-way analysis of variance of the detrended values grouped by position in the season (t mod m):
 *      F = (between-positions mean square) / (within-positions mean square), with m − 1 and N − m degrees of freedom,
 *      turned into a standard normal score by Paulson's approximation (1942) of the F distribution.
 *   3. a candidate passes when its score clears a Bonferroni-corrected 0.1 % level over all candidates, the
 *      positions explain at least 10 % of the detrended variance, and the detrended series is positively
 *      autocorrelated at lag m (a real season repeats itself one season later).
 * The screen assumes independent noise, so a wandering series (random walk, strong autocorrelation) can pass it
 * at long lengths: step 2, in forecast.ts, keeps a candidate only when the seasonal model beats the non-seasonal
 * one by AICc.
 */
import { normalQuantile } from "./normal";

/** Excel's limit for FORECAST.ETS seasonality. */
export const MAX_SEASON_LENGTH = 8760;

const ALPHA_LEVEL = 0.001;
const MIN_SHARE = 0.1;
/** At most this many lengths go on to the model comparison (each costs a fit). */
const MAX_CANDIDATES = 10;

interface Candidate {
  m: number;
  /** Effect size ω² = (SSB − (m − 1)·MSW) / (SST + MSW): the share of variance the positions explain beyond chance. */
  effect: number;
}

/** Normal score of an F(d1, d2) statistic, Paulson's approximation. F = Infinity gives its finite limit. */
function paulsonZ(F: number, d1: number, d2: number): number {
  const a = 2 / (9 * d1);
  const b = 2 / (9 * d2);
  if (!Number.isFinite(F)) return (1 - b) / Math.sqrt(b);
  const f3 = Math.cbrt(F);
  return ((1 - b) * f3 - (1 - a)) / Math.sqrt(a + f3 * f3 * b);
}


/** Residuals of a least-squares line through y (t = 0..n−1), written to out. */
function detrendLinear(y: Float64Array, out: Float64Array): void {
  const n = y.length;
  const tMean = (n - 1) / 2;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dt = i - tMean;
    sxy += dt * (y[i] - mean);
    sxx += dt * dt;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  for (let i = 0; i < n; i++) out[i] = y[i] - mean - slope * (i - tMean);
}

/**
 * y minus its centred moving average of order m (2×m for even m), for t in [h, n − 1 − h], h = ⌊m/2⌋, written to
 * out[t]; returns h. Running sums: O(n).
 */
function detrendMovingAverage(y: Float64Array, m: number, out: Float64Array): number {
  const n = y.length;
  const h = Math.floor(m / 2);
  if (m % 2 === 1) {
    let acc = 0;
    for (let k = 0; k < m; k++) acc += y[k];
    for (let t = h; t <= n - 1 - h; t++) {
      if (t > h) acc += y[t + h] - y[t - h - 1];
      out[t] = y[t] - acc / m;
    }
  } else {
    // window of m + 1 points with half weights at both ends
    let inner = 0; // sum of y[t-h+1 .. t+h-1]
    for (let k = 1; k <= m - 1; k++) inner += y[k];
    for (let t = h; t <= n - 1 - h; t++) {
      if (t > h) inner += y[t + h - 1] - y[t - h];
      out[t] = y[t] - (inner + 0.5 * (y[t - h] + y[t + h])) / m;
    }
  }
  return h;
}

/** Lag-m autocorrelation of x[from..to] (mean removed), normalised as the usual estimator. */
function autocorrelation(x: Float64Array, from: number, to: number, lag: number): number {
  let mean = 0;
  const N = to - from + 1;
  for (let i = from; i <= to; i++) mean += x[i];
  mean /= N;
  let c0 = 0;
  let ck = 0;
  for (let i = from; i <= to; i++) {
    const d = x[i] - mean;
    c0 += d * d;
    if (i + lag <= to) ck += d * (x[i + lag] - mean);
  }
  return c0 > 0 ? ck / c0 : 0;
}

/**
 * One-way ANOVA of the values grouped by position t mod m, from the per-position sums (positions of t in
 * [from, to]), the grand total and the total of squares. Returns [ssb, ssw].
 */
function anovaFromSums(sums: Float64Array, m: number, from: number, to: number, total: number, totalSq: number): [number, number] {
  const N = to - from + 1;
  const grand = total / N;
  const base = Math.floor(N / m);
  const extra = N - base * m; // the first `extra` positions from `from` get one more point
  let ssb = 0;
  for (let k = 0; k < m; k++) {
    const j = (from + k) % m;
    const c = base + (k < extra ? 1 : 0);
    if (c > 0) {
      const d = sums[j] / c - grand;
      ssb += c * d * d;
    }
  }
  const sst = Math.max(0, totalSq - total * grand);
  return [ssb, Math.max(0, sst - ssb)];
}

/**
 * Season lengths worth trying on a complete series (no NaN): the `limit` candidates passing steps 1–3 above with
 * the largest effect size, then the passing divisors of the first one (at most 10 lengths in all). Empty when the
 * series shows no seasonal structure at all (white noise, a straight line, a constant).
 */
export function seasonCandidates(y: Float64Array, maxLength?: number, limit = 5): number[] {
  const n = y.length;
  const cap = Math.floor(n / 2);
  let K = maxLength === undefined || !Number.isFinite(maxLength) ? cap : Math.floor(maxLength);
  K = Math.min(K, cap, MAX_SEASON_LENGTH);
  if (K < 2) return [];

  // a series that is a straight line (or constant) up to rounding has no season
  const lin = new Float64Array(n);
  detrendLinear(y, lin);
  let scale = 0;
  let resid = 0;
  for (let i = 0; i < n; i++) {
    scale = Math.max(scale, Math.abs(y[i]));
    resid = Math.max(resid, Math.abs(lin[i]));
  }
  if (resid === 0 || resid <= 1e-11 * scale) return [];

  const zCrit = -normalQuantile(ALPHA_LEVEL / (K - 1));
  let linTotal = 0;
  let linSq = 0;
  for (let i = 0; i < n; i++) {
    linTotal += lin[i];
    linSq += lin[i] * lin[i];
  }
  const ma = new Float64Array(n);
  const sums = new Float64Array(K);
  const passing: Candidate[] = [];
  const passed = new Set<number>();
  for (let m = 2; m <= K; m++) {
    sums.fill(0, 0, m);
    let from = 0;
    let to = n - 1;
    let total = linTotal;
    let totalSq = linSq;
    const useMa = n >= 5 * m;
    if (useMa) {
      // detrend by the moving average and sum by position in one pass
      from = detrendMovingAverage(y, m, ma);
      to = n - 1 - from;
      total = 0;
      totalSq = 0;
      let j = from % m;
      for (let t = from; t <= to; t++) {
        const v = ma[t];
        sums[j] += v;
        total += v;
        totalSq += v * v;
        if (++j === m) j = 0;
      }
    } else {
      let j = 0;
      for (let t = 0; t < n; t++) {
        sums[j] += lin[t];
        if (++j === m) j = 0;
      }
    }
    const [ssb, ssw] = anovaFromSums(sums, m, from, to, total, totalSq);
    const N = to - from + 1;
    const d1 = m - 1;
    const d2 = N - m;
    const sst = ssb + ssw;
    if (d2 < 1 || !(sst > 0)) continue;
    const F = ssw > 0 ? ssb / d1 / (ssw / d2) : Infinity;
    const z = paulsonZ(F, d1, d2);
    const share = ssb / sst;
    if (z > zCrit && share >= MIN_SHARE && autocorrelation(useMa ? ma : lin, from, to, m) > 0) {
      const msw = ssw / d2;
      passing.push({ m, effect: (ssb - d1 * msw) / (sst + msw) });
      passed.add(m);
    }
  }
  // Rank by effect size, not by significance: with a strong season every multiple of it is "more significant"
  // (more degrees of freedom), while the effect size of a multiple is no larger than that of the season itself.
  passing.sort((a, b) => b.effect - a.effect || a.m - b.m);
  const out: number[] = passing.slice(0, limit).map((c) => c.m);
  // the divisors of the leader that pass too (smallest first): the leader may be a multiple of the true season
  const lead = out.length > 0 ? out[0] : 0;
  for (let d = 2; d < lead && out.length < MAX_CANDIDATES; d++) {
    if (lead % d === 0 && passed.has(d) && !out.includes(d)) out.push(d);
  }
  return out;
}
