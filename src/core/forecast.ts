/**
 * Forecasting core: additive Holt–Winters (ETS "AAA", the model of Excel's FORECAST.ETS), used by OPS.FORECAST,
 * OPS.SEASONALITY, OPS.FORECAST.STATS and the task pane's trend charts.
 *
 * Model (season length m; m = 1 means no season: Holt's linear trend, gamma = 0), as in domain-formulas.md:
 *   level   ℓ_t = α (y_t − s_{t−m}) + (1 − α)(ℓ_{t−1} + b_{t−1})
 *   trend   b_t = β (ℓ_t − ℓ_{t−1}) + (1 − β) b_{t−1}
 *   season  s_t = γ (y_t − ℓ_t) + (1 − γ) s_{t−m}
 *   forecast ŷ_{t+h} = ℓ_t + h b_t + s_{t+h−m⌈h/m⌉}
 * These are the classical Holt–Winters smoothing parameters (β and γ as in Winters 1960, Excel and R's HoltWinters).
 * In the innovations state-space form of Hyndman et al. (R's ets / forecast::hw) the same model has
 * β_ets = α β and γ_ets = (1 − α) γ; the tests use that identity to reproduce published ets results.
 *
 * Initial state (documented classical method, Hyndman et al. 2008 §2.6.1 in spirit):
 *   - seasonal: classical additive decomposition of the first K whole seasons (K = min(⌊n/m⌋, 3), at least 2):
 *     a centred moving average of order m (2×m when m is even) gives the trend, the seasonal index of each position
 *     is the mean of (y − moving average) at that position, and the indices are normalised to sum to zero;
 *   - level and trend: least-squares line through the seasonally adjusted first K·m points (first min(n, 10)
 *     points when there is no season), t = 1, 2, ...: the intercept is ℓ_0 and the slope b_0.
 * Parameters: α, β, γ in [0, 1] minimise the sum of squared one-step errors (SSE) over the whole series: a 5×5×5
 * grid, a coarse Nelder–Mead descent from each of the three best grid points, then Nelder–Mead from the best
 * result restarted until a restart stops improving (out-of-box points are evaluated at their projection on the box
 * and penalised). Fully deterministic. The initial state is not optimised (R's ets does optimise it, so its SSE can
 * be a little lower on short series).
 * Season length when none is given: see detectSeasonLength (screen of every length, then AICc comparison).
 *
 * Missing points (NaN): up to 30 % filled by linear interpolation before fitting (see forecast/series.ts); more
 * is refused. Error measures (as FORECAST.ETS.STAT): MAE, RMSE, MASE (scaled by the in-sample MAE of the one-step
 * naive forecast y_{t−1}, Hyndman & Koehler 2006), SMAPE (mean of 2|e|/(|y|+|ŷ|), a fraction between 0 and 2).
 * sigma² = SSE / (n − k) with k = number of estimated quantities (smoothing parameters + initial states: m + 4
 * with a season, 4 without), as R's ets; at least 1 degree of freedom is kept.
 * Prediction intervals (class 1 ETS(A,A,A), Hyndman et al. 2008 ch. 6): Var_h = σ² (1 + Σ_{j=1}^{h−1} c_j²),
 * c_j = α (1 + j β) + γ (1 − α) [j mod m = 0]; in state-space terms c_j = α + β_ets j + γ_ets [j mod m = 0].
 */
import { ForecastInputError } from "./forecast/errors";
import { normalQuantile } from "./forecast/normal";
import { prepareSeries } from "./forecast/series";
import { seasonCandidates, MAX_SEASON_LENGTH } from "./forecast/detect";

export { ForecastInputError } from "./forecast/errors";
export type { ForecastErrorCode } from "./forecast/errors";
export { normalQuantile } from "./forecast/normal";
export { prepareSeries, MAX_MISSING_SHARE } from "./forecast/series";
export { MAX_SEASON_LENGTH } from "./forecast/detect";

export interface EtsFit {
  alpha: number;
  beta: number;
  gamma: number;
  /** 1 = no season. */
  seasonLength: number;
  level: number;
  trend: number;
  /** The last m seasonal indices, in the order they will be used for h = 1..m ([0] when there is no season). */
  seasons: number[];
  /** One-step-ahead fitted values aligned with the input. */
  fitted: number[];
  n: number;
  mae: number;
  rmse: number;
  mase: number;
  smape: number;
  /** Residual standard deviation used for intervals. */
  sigma: number;
}

/** The initial state: level ℓ_0 and trend b_0 before the first point, seasons in the order used for t = 1..m. */
export interface EtsState {
  level: number;
  trend: number;
  seasons: number[];
}

/** What fitEts / smoothEts return: an EtsFit plus details useful for reports and tests. */
export interface EtsFitResult extends EtsFit {
  /** Sum of squared one-step errors. */
  sse: number;
  /** Number of missing points that were filled by interpolation before fitting. */
  filled: number;
  /** True when the season length was detected rather than given. */
  seasonDetected: boolean;
  /** The initial state the recursions started from. */
  initial: EtsState;
}

export interface EtsForecast {
  forecast: number[];
  low: number[];
  high: number[];
}

/** Fewest points accepted without a season (level + trend need at least three). */
export const MIN_POINTS_NONSEASONAL = 3;

// ---------------------------------------------------------------------------------------------------------------
// Validation

function tooFew(needed: number, got: number, m: number): ForecastInputError {
  const what = m >= 2 ? `two full seasons of ${m} points` : "three points";
  return new ForecastInputError(
    "forecast.tooFewPoints",
    `Too few points for a forecast: ${got} given, at least ${needed} needed (${what}).`,
    { needed, got, seasonLength: m },
  );
}

/** Season length from the option: undefined = detect (returns -1), 0 or 1 = none, else an integer up to 8,760. */
function seasonOption(v: number | undefined): number {
  if (v === undefined) return -1;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > MAX_SEASON_LENGTH) {
    throw new ForecastInputError(
      "forecast.badSeasonLength",
      `Season length must be a whole number from 0 to ${MAX_SEASON_LENGTH} (0 or 1 = no season); got ${String(v)}.`,
      { value: typeof v === "number" ? v : NaN, max: MAX_SEASON_LENGTH },
    );
  }
  return v <= 1 ? 1 : v;
}

/** Smallest number of points accepted for season length m (1 = none). */
export function minPointsFor(seasonLength: number): number {
  return seasonLength >= 2 ? 2 * seasonLength : MIN_POINTS_NONSEASONAL;
}

// ---------------------------------------------------------------------------------------------------------------
// Initial state

/**
 * Least-squares line through v[from..to) against t = 1..(to − from): returns [intercept at t = 0, slope].
 * Computed on v − v[from] so that a constant series gives exactly that constant.
 */
function lineFit(v: Float64Array, from: number, to: number): [number, number] {
  const L = to - from;
  const base = v[from];
  if (L < 2) return [base, 0];
  const tMean = (L + 1) / 2;
  let mean = 0;
  for (let i = from; i < to; i++) mean += v[i] - base;
  mean /= L;
  let sxy = 0;
  let sxx = 0;
  for (let i = from; i < to; i++) {
    const dt = i - from + 1 - tMean;
    sxy += dt * (v[i] - base - mean);
    sxx += dt * dt;
  }
  const slope = sxy / sxx;
  return [base + mean - slope * tMean, slope];
}

/** The classical initial state described in the header, for season length m (1 = none). Needs n >= minPointsFor(m). */
export function initialState(values: ArrayLike<number>, seasonLength: number): EtsState {
  const y = values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>);
  const n = y.length;
  const m = seasonLength >= 2 ? Math.floor(seasonLength) : 1;
  if (m === 1) {
    const [l0, b0] = lineFit(y, 0, Math.min(n, 10));
    return { level: l0, trend: b0, seasons: [0] };
  }
  const K = Math.max(2, Math.min(Math.floor(n / m), 3));
  const L = Math.min(n, K * m);
  // centred moving average of order m (2×m for even m), defined for t in [h, L − 1 − h]
  const h = Math.floor(m / 2);
  const even = m % 2 === 0;
  const sum = new Float64Array(m);
  const cnt = new Float64Array(m);
  // running sum of y[t-h+1 .. t+h-1] (even m) or y[t-h .. t+h] (odd m)
  let acc = 0;
  if (even) for (let k = 1; k <= m - 1; k++) acc += y[k];
  else for (let k = 0; k < m; k++) acc += y[k];
  for (let t = h; t <= L - 1 - h; t++) {
    if (t > h) acc += even ? y[t + h - 1] - y[t - h] : y[t + h] - y[t - h - 1];
    const ma = (even ? acc + 0.5 * (y[t - h] + y[t + h]) : acc) / m;
    const j = t % m;
    sum[j] += y[t] - ma;
    cnt[j] += 1;
  }
  const s = new Float64Array(m);
  let mean = 0;
  for (let j = 0; j < m; j++) {
    s[j] = cnt[j] > 0 ? sum[j] / cnt[j] : 0;
    mean += s[j];
  }
  mean /= m;
  for (let j = 0; j < m; j++) s[j] -= mean;
  const adj = new Float64Array(L);
  for (let t = 0; t < L; t++) adj[t] = y[t] - s[t % m];
  const [l0, b0] = lineFit(adj, 0, L);
  return { level: l0, trend: b0, seasons: Array.from(s) };
}

// ---------------------------------------------------------------------------------------------------------------
// The recursions

/**
 * Sum of squared one-step errors of the additive Holt–Winters recursions. The hot path of the fit: no allocation;
 * `work` (length m) receives the evolving seasonal indices, `s0` holds the initial ones (order of use).
 */
function sseOf(
  y: Float64Array,
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  l0: number,
  b0: number,
  s0: Float64Array,
  work: Float64Array,
): number {
  for (let j = 0; j < m; j++) work[j] = s0[j];
  const n = y.length;
  const a1 = 1 - alpha;
  const b1 = 1 - beta;
  const g1 = 1 - gamma;
  let l = l0;
  let b = b0;
  let sse = 0;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t];
    const st = work[j];
    const e = yt - (l + b + st);
    sse += e * e;
    const lNew = alpha * (yt - st) + a1 * (l + b);
    b = beta * (lNew - l) + b1 * b;
    l = lNew;
    work[j] = gamma * (yt - lNew) + g1 * st;
    if (++j === m) j = 0;
  }
  return sse;
}

interface RunOutput {
  level: number;
  trend: number;
  seasons: number[];
  fitted: Float64Array;
  sse: number;
}

/** The same recursions, keeping fitted values and the final state. */
function runRecursions(
  y: Float64Array,
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  init: EtsState,
): RunOutput {
  const n = y.length;
  const s = Float64Array.from(init.seasons);
  const fitted = new Float64Array(n);
  let l = init.level;
  let b = init.trend;
  let sse = 0;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t];
    const st = s[j];
    const f = l + b + st;
    fitted[t] = f;
    const e = yt - f;
    sse += e * e;
    const lNew = alpha * (yt - st) + (1 - alpha) * (l + b);
    b = beta * (lNew - l) + (1 - beta) * b;
    l = lNew;
    s[j] = gamma * (yt - lNew) + (1 - gamma) * st;
    if (++j === m) j = 0;
  }
  const seasons = new Array<number>(m);
  for (let k = 0; k < m; k++) seasons[k] = s[(j + k) % m];
  return { level: l, trend: b, seasons, fitted, sse };
}

// ---------------------------------------------------------------------------------------------------------------
// Error measures

interface Measures {
  mae: number;
  rmse: number;
  mase: number;
  smape: number;
  sigma: number;
}

function measures(y: Float64Array, fitted: Float64Array, sse: number, m: number): Measures {
  const n = y.length;
  let abs = 0;
  let sm = 0;
  for (let t = 0; t < n; t++) {
    const e = Math.abs(y[t] - fitted[t]);
    abs += e;
    const den = Math.abs(y[t]) + Math.abs(fitted[t]);
    if (den > 0) sm += (2 * e) / den;
  }
  let naive = 0;
  for (let t = 1; t < n; t++) naive += Math.abs(y[t] - y[t - 1]);
  const mae = abs / n;
  const naiveMae = n > 1 ? naive / (n - 1) : 0;
  const k = m >= 2 ? m + 4 : 4;
  const dof = Math.max(1, n - k);
  return {
    mae,
    rmse: Math.sqrt(sse / n),
    // a perfect fit scores 0 even against a zero naive scale; a non-zero error on a flat series has no scale
    mase: mae === 0 ? 0 : naiveMae > 0 ? mae / naiveMae : NaN,
    smape: sm / n,
    sigma: Math.sqrt(sse / dof),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Optimiser: bounded Nelder–Mead on [0, 1]^d

const GRID_ALPHA = [0.03, 0.15, 0.35, 0.6, 0.9];
const GRID_BETA = [0.005, 0.05, 0.15, 0.35, 0.7];
const GRID_GAMMA = [0.02, 0.1, 0.25, 0.5, 0.8];

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Minimises f over [0, 1]^d (d = 2 or 3) from a start point. Points outside the box are evaluated at their
 * projection on it, plus a penalty growing with the distance, so the simplex is pulled back inside.
 */
function nelderMead(
  f: (p: Float64Array) => number,
  d: number,
  start: Float64Array,
  penalty: number,
  maxEval: number,
  tol: number,
): { x: Float64Array; fx: number; evals: number } {
  const np = d + 1;
  const pts: Float64Array[] = [];
  const val = new Float64Array(np);
  const proj = new Float64Array(d);
  let evals = 0;
  const g = (x: Float64Array): number => {
    let out = 0;
    for (let i = 0; i < d; i++) {
      const c = clamp01(x[i]);
      const dx = x[i] - c;
      out += dx * dx;
      proj[i] = c;
    }
    evals++;
    const v = f(proj);
    const fv = v === v && v < Infinity ? v : Infinity;
    return fv + penalty * out;
  };
  for (let k = 0; k < np; k++) {
    const p = Float64Array.from(start);
    if (k > 0) {
      const i = k - 1;
      p[i] = p[i] + 0.1 <= 1 ? p[i] + 0.1 : p[i] - 0.1;
    }
    pts.push(p);
    val[k] = g(p);
  }
  const order = new Int32Array(np);
  const centroid = new Float64Array(d);
  const xr = new Float64Array(d);
  const xe = new Float64Array(d);
  const xc = new Float64Array(d);
  while (evals < maxEval) {
    for (let k = 0; k < np; k++) order[k] = k;
    order.sort((a, b) => val[a] - val[b] || a - b);
    const best = order[0];
    const worst = order[np - 1];
    const second = order[np - 2];
    // convergence: flat values and a tiny simplex
    let size = 0;
    for (let k = 1; k < np; k++) {
      const pk = pts[order[k]];
      for (let i = 0; i < d; i++) size = Math.max(size, Math.abs(pk[i] - pts[best][i]));
    }
    const spread = val[worst] - val[best];
    if (size < tol * 1e-3 || (size < tol && spread <= 1e-13 * Math.abs(val[best]) + 1e-300)) break;
    centroid.fill(0);
    for (let k = 0; k < np - 1; k++) {
      const pk = pts[order[k]];
      for (let i = 0; i < d; i++) centroid[i] += pk[i] / d;
    }
    const pw = pts[worst];
    for (let i = 0; i < d; i++) xr[i] = centroid[i] + (centroid[i] - pw[i]);
    const fr = g(xr);
    if (fr < val[best]) {
      for (let i = 0; i < d; i++) xe[i] = centroid[i] + 2 * (centroid[i] - pw[i]);
      const fe = g(xe);
      if (fe < fr) {
        pw.set(xe);
        val[worst] = fe;
      } else {
        pw.set(xr);
        val[worst] = fr;
      }
      continue;
    }
    if (fr < val[second]) {
      pw.set(xr);
      val[worst] = fr;
      continue;
    }
    // contraction (outside when the reflection improved on the worst, inside otherwise)
    const outside = fr < val[worst];
    for (let i = 0; i < d; i++) xc[i] = outside ? centroid[i] + 0.5 * (xr[i] - centroid[i]) : centroid[i] + 0.5 * (pw[i] - centroid[i]);
    const fc = g(xc);
    if (fc < (outside ? fr : val[worst])) {
      pw.set(xc);
      val[worst] = fc;
      continue;
    }
    // shrink towards the best point
    const pb = pts[best];
    for (let k = 0; k < np; k++) {
      if (k === best) continue;
      const pk = pts[k];
      for (let i = 0; i < d; i++) pk[i] = pb[i] + 0.5 * (pk[i] - pb[i]);
      val[k] = g(pk);
    }
  }
  let bi = 0;
  for (let k = 1; k < np; k++) if (val[k] < val[bi]) bi = k;
  const x = new Float64Array(d);
  for (let i = 0; i < d; i++) x[i] = clamp01(pts[bi][i]);
  return { x, fx: f(x), evals };
}

/**
 * Best (α, β, γ) for the given data and initial state; γ is fixed at 0 when m = 1. `quick` (used to compare season
 * lengths) stops after the coarse descent from the best grid point.
 */
function optimiseParams(y: Float64Array, m: number, init: EtsState, quick = false): [number, number, number] {
  const s0 = Float64Array.from(init.seasons);
  const work = new Float64Array(m);
  const l0 = init.level;
  const b0 = init.trend;
  const seasonal = m >= 2;
  const d = seasonal ? 3 : 2;
  const f = (p: Float64Array): number => {
    const v = sseOf(y, m, p[0], p[1], seasonal ? p[2] : 0, l0, b0, s0, work);
    return v === v ? v : Infinity;
  };
  // coarse grid, keeping the three best points
  const keep = 3;
  const bestVal = [Infinity, Infinity, Infinity];
  const bestPts: Float64Array[] = [new Float64Array(d), new Float64Array(d), new Float64Array(d)];
  const p = new Float64Array(d);
  const gammas = seasonal ? GRID_GAMMA : [0];
  for (const a of GRID_ALPHA) {
    for (const b of GRID_BETA) {
      for (const c of gammas) {
        p[0] = a;
        p[1] = b;
        if (seasonal) p[2] = c;
        const v = f(p);
        for (let k = 0; k < keep; k++) {
          if (v < bestVal[k]) {
            for (let q = keep - 1; q > k; q--) {
              bestVal[q] = bestVal[q - 1];
              bestPts[q].set(bestPts[q - 1]);
            }
            bestVal[k] = v;
            bestPts[k].set(p);
            break;
          }
        }
      }
    }
  }
  const scale = Number.isFinite(bestVal[0]) ? bestVal[0] : 1;
  const penalty = 10 * scale + 1e-12;
  // coarse descent from each of the best grid points, then polish the best result until a restart stops improving
  let bestX: Float64Array = Float64Array.from(bestPts[0]);
  let bestF = bestVal[0];
  for (let k = 0; k < (quick ? 1 : keep); k++) {
    if (!Number.isFinite(bestVal[k])) continue;
    const r = nelderMead(f, d, bestPts[k], penalty, 60 * d, 1e-3);
    if (r.fx < bestF) {
      bestF = r.fx;
      bestX = r.x;
    }
  }
  for (let restart = 0; restart < (quick ? 0 : 4); restart++) {
    const r = nelderMead(f, d, bestX, penalty, 200 * d, 1e-6);
    const improved = r.fx < bestF - 1e-10 * Math.abs(bestF);
    if (r.fx <= bestF) {
      bestF = r.fx;
      bestX = r.x;
    }
    if (!improved) break;
  }
  return [clamp01(bestX[0]), clamp01(bestX[1]), seasonal ? clamp01(bestX[2]) : 0];
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

/** Powers of two scale exactly: the data are fitted at unit magnitude and the states scaled back without error. */
function powerOfTwoScale(y: Float64Array): number {
  let maxAbs = 0;
  for (let i = 0; i < y.length; i++) {
    const a = Math.abs(y[i]);
    if (a > maxAbs) maxAbs = a;
  }
  if (maxAbs === 0) return 1;
  const e = Math.max(-1000, Math.min(1000, Math.floor(Math.log2(maxAbs))));
  return Math.pow(2, e);
}

function buildResult(
  y: Float64Array,
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  init: EtsState,
  filled: number,
  seasonDetected: boolean,
  scale: number,
): EtsFitResult {
  const run = runRecursions(y, m, alpha, beta, gamma, init);
  const yOut = scale === 1 ? y : y.map((v) => v * scale);
  const fitted = scale === 1 ? run.fitted : run.fitted.map((v) => v * scale);
  const sse = run.sse * scale * scale;
  const ms = measures(yOut, fitted, sse, m);
  return {
    alpha,
    beta,
    gamma,
    seasonLength: m,
    level: run.level * scale,
    trend: run.trend * scale,
    seasons: run.seasons.map((v) => v * scale),
    fitted: Array.from(fitted),
    n: y.length,
    ...ms,
    sse,
    filled,
    seasonDetected,
    initial: {
      level: init.level * scale,
      trend: init.trend * scale,
      seasons: init.seasons.map((v) => v * scale),
    },
  };
}

/** Share of the best season's AICc gain (over no season) that one of its divisors must reach to be preferred. */
const DIVISOR_GAIN = 0.9;

/** AICc of a fit with Gaussian one-step errors: n log(SSE/n) + 2k + 2k(k+1)/(n−k−1), k estimated quantities. */
function aicc(sse: number, n: number, k: number): number {
  if (n - k - 1 <= 0) return Infinity;
  // floor: data are scaled to unit magnitude, so 1e-24 is far below any real error and keeps log finite
  return n * Math.log(Math.max(sse / n, 1e-24)) + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
}

/** Fitted SSE at (nearly) optimal parameters, on data already scaled to unit magnitude. */
function fittedSse(ys: Float64Array, m: number): number {
  const init = initialState(ys, m);
  const [alpha, beta, gamma] = optimiseParams(ys, m, init, true);
  return sseOf(ys, m, alpha, beta, gamma, init.level, init.trend, Float64Array.from(init.seasons), new Float64Array(m));
}

/**
 * Season length detection, step 2 (step 1 is the screening of forecast/detect.ts): each screened candidate m is
 * fitted (additive Holt–Winters, season m) and kept only if its AICc is below that of the non-seasonal fit (Holt's
 * linear trend); the lowest AICc wins, unless one of its divisors earns at least 90 % of the same AICc gain over
 * no season (a season of 12 also repeats every 24 points). k = m + 4 estimated quantities with a season, 4 without.
 */
function detectScaled(ys: Float64Array, maxLength?: number): number {
  const n = ys.length;
  if (n < 4) return 1;
  const cands = seasonCandidates(ys, maxLength);
  if (cands.length === 0) return 1;
  const base = aicc(fittedSse(ys, 1), n, 4);
  const gain = new Map<number, number>();
  let best = 1;
  let bestGain = 0;
  for (const m of cands) {
    if (n < minPointsFor(m)) continue;
    const g = base - aicc(fittedSse(ys, m), n, m + 4);
    gain.set(m, g);
    if (g > bestGain) {
      best = m;
      bestGain = g;
    }
  }
  // a season of m also repeats every 2m: take the smallest divisor that earns nearly all of the gain
  for (let d = 2; d < best; d++) {
    const g = gain.get(d);
    if (best % d === 0 && g !== undefined && g >= DIVISOR_GAIN * bestGain) return d;
  }
  return best;
}

/**
 * Season length of a series (1 when no seasonality is found): a statistical screen of every length up to
 * maxLength (forecast/detect.ts), then a model comparison by AICc between the screened lengths and no season.
 * Missing points are filled as for fitEts (more than 30 % missing or an infinite value throws
 * ForecastInputError). maxLength defaults to min(⌊n/2⌋, 8760).
 */
export function detectSeasonLength(values: ArrayLike<number>, maxLength?: number): number {
  const { y } = prepareSeries(values);
  const scale = powerOfTwoScale(y);
  return detectScaled(scale === 1 ? y : y.map((v) => v / scale), maxLength);
}

/**
 * Fits additive Holt–Winters to `values` (NaN = missing). seasonLength: 0 or 1 = none, >= 2 given, undefined =
 * detected. Throws ForecastInputError (a RangeError) when there are too few points (fewer than two full seasons
 * with a season, fewer than 3 without), more than 30 % missing, an infinite value, or a bad season length.
 */
export function fitEts(values: ArrayLike<number>, options?: { seasonLength?: number }): EtsFitResult {
  const { y, filled } = prepareSeries(values);
  const n = y.length;
  let m = seasonOption(options?.seasonLength);
  const detected = m === -1;
  const scale = powerOfTwoScale(y);
  const ys = scale === 1 ? y : y.map((v) => v / scale);
  if (detected) m = detectScaled(ys);
  const needed = minPointsFor(m);
  if (n < needed) throw tooFew(needed, n, m);
  const init = initialState(ys, m);
  const [alpha, beta, gamma] = optimiseParams(ys, m, init);
  return buildResult(ys, m, alpha, beta, gamma, init, filled, detected, scale);
}

/**
 * Runs the recursions with GIVEN smoothing parameters and, optionally, a given initial state (else the classical
 * one above): for what-if charts and to check the recursions against published examples. Same input rules as fitEts
 * except that the season length must be given (0 or 1 = none).
 */
export function smoothEts(
  values: ArrayLike<number>,
  params: { alpha: number; beta: number; gamma: number; seasonLength: number },
  initial?: EtsState,
): EtsFitResult {
  const { y, filled } = prepareSeries(values);
  const m = seasonOption(params.seasonLength);
  const needed = minPointsFor(m);
  if (y.length < needed) throw tooFew(needed, y.length, m);
  for (const [name, v] of [
    ["alpha", params.alpha],
    ["beta", params.beta],
    ["gamma", params.gamma],
  ] as const) {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be between 0 and 1; got ${String(v)}.`);
  }
  if (initial && initial.seasons.length !== m) {
    throw new RangeError(`The initial state needs ${m} seasonal values; got ${initial.seasons.length}.`);
  }
  const init = initial ?? initialState(y, m);
  return buildResult(y, m, params.alpha, params.beta, m >= 2 ? params.gamma : 0, init, filled, false, 1);
}

/**
 * Sum of squared one-step errors for given parameters and initial state, by the allocation-free recursion the
 * optimiser minimises (the same recursions as smoothEts; exported so that tests can hold the two together).
 */
export function etsSse(
  values: ArrayLike<number>,
  params: { alpha: number; beta: number; gamma: number; seasonLength: number },
  initial: EtsState,
): number {
  const y = Float64Array.from(values);
  const m = Math.max(1, Math.floor(params.seasonLength));
  const gamma = m >= 2 ? params.gamma : 0;
  return sseOf(y, m, params.alpha, params.beta, gamma, initial.level, initial.trend, Float64Array.from(initial.seasons), new Float64Array(m));
}

/**
 * Standard deviation multipliers of the h-step forecast error, h = 1..horizon: sqrt(1 + Σ_{j<h} c_j²), nondecreasing.
 */
export function intervalMultipliers(fit: Pick<EtsFit, "alpha" | "beta" | "gamma" | "seasonLength">, horizon: number): number[] {
  const m = fit.seasonLength;
  const out = new Array<number>(horizon);
  let acc = 1;
  for (let h = 1; h <= horizon; h++) {
    if (h > 1) {
      const j = h - 1;
      const c = fit.alpha * (1 + j * fit.beta) + (m >= 2 && j % m === 0 ? fit.gamma * (1 - fit.alpha) : 0);
      acc += c * c;
    }
    out[h - 1] = Math.sqrt(acc);
  }
  return out;
}

/**
 * Point forecasts for h = 1..horizon and the prediction interval at `confidence` (default 0.95): forecast ± z·σ_h.
 * horizon: a whole number >= 0; confidence in (0, 1). Throws ForecastInputError otherwise.
 */
export function forecastEts(fit: EtsFit, horizon: number, confidence = 0.95): EtsForecast {
  if (typeof horizon !== "number" || !Number.isInteger(horizon) || horizon < 0) {
    throw new ForecastInputError("forecast.badHorizon", `The horizon must be a whole number of periods, 0 or more; got ${String(horizon)}.`, {
      value: typeof horizon === "number" ? horizon : NaN,
    });
  }
  if (typeof confidence !== "number" || !(confidence > 0 && confidence < 1)) {
    throw new ForecastInputError(
      "forecast.badConfidence",
      `The confidence level must be strictly between 0 and 1 (e.g. 0.95); got ${String(confidence)}.`,
      { value: typeof confidence === "number" ? confidence : NaN },
    );
  }
  const m = Math.max(1, fit.seasonLength);
  const seasons = fit.seasons.length > 0 ? fit.seasons : [0];
  const z = normalQuantile(0.5 + confidence / 2);
  const mult = intervalMultipliers(fit, horizon);
  const forecast = new Array<number>(horizon);
  const low = new Array<number>(horizon);
  const high = new Array<number>(horizon);
  for (let h = 1; h <= horizon; h++) {
    const point = fit.level + h * fit.trend + (seasons[(h - 1) % Math.min(m, seasons.length)] ?? 0);
    const half = fit.sigma > 0 ? z * fit.sigma * mult[h - 1] : 0;
    forecast[h - 1] = point;
    low[h - 1] = point - half;
    high[h - 1] = point + half;
  }
  return { forecast, low, high };
}
