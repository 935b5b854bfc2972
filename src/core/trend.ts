/**
 * Growth and trend arithmetic (formula sheet, "Growth and trend"). NaN in inputs = a missing point; NaN in outputs =
 * no value (the caller shows #DIV/0!, #N/A or #NUM!, never 0).
 *
 * - growthRate: (X_t - X_{t-1}) / |X_{t-1}|, i.e. X_t / X_{t-1} - 1 when the base is positive.
 * - cagr: (V_end / V_start)^(1/n) - 1, as Excel's RRI(n, pv, fv); no value when V_start <= 0 or the sign changes.
 * - movingAverage: trailing mean of the last k values (missing values skipped, as AVERAGE skips blanks).
 * - linearFit / trend: least squares b = Σ(x-x̄)(y-ȳ) / Σ(x-x̄)², a = ȳ - b·x̄ (Excel SLOPE, INTERCEPT, TREND);
 *   pairs with a missing x or y are left out, as Excel's SLOPE leaves out blank cells.
 * - exponentialFit / growthTrend: the linear fit of ln y (Excel LOGEST / GROWTH); needs every y > 0.
 */
import { ExactSum } from "./stats";

/** Relative change from previous to current, divided by |previous|. NaN when previous is 0 or either is missing. */
export function growthRate(current: number, previous: number): number {
  if (previous === 0 || current !== current || previous !== previous) return NaN;
  return (current - previous) / Math.abs(previous);
}

/** Growth of each value versus the value `lag` positions before (1 = previous period, 12 = same month a year before). */
export function periodGrowth(values: ArrayLike<number>, lag = 1): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = lag; i < n; i++) out[i] = growthRate(values[i], values[i - lag]);
  return out;
}

/** Compound annual (periodic) growth rate. NaN when start <= 0, end < 0, periods <= 0 or anything is missing. */
export function cagr(start: number, end: number, periods: number): number {
  if (!(start > 0) || !(end >= 0) || !(periods > 0) || !Number.isFinite(start + end + periods)) return NaN;
  return Math.pow(end / start, 1 / periods) - 1;
}

/**
 * Trailing moving average (or sum) over `window` positions. out[i] uses values[i-window+1 .. i], skipping missing
 * ones; NaN for i < window - 1 and when the window holds no value. With `sum`, the moving total (e.g. 12 = moving
 * annual total) over windows that hold at least one value.
 *
 * Every result equals a fresh, exact sum of its window rounded once (then / count): the running sum is an ExactSum,
 * which adds the value entering and subtracts the value leaving without rounding, so a huge value that left the
 * window (1e16, or 1e20 then -1e20) leaves no trace. ±Infinity where the window's values, added in order, go
 * beyond the double range (as Excel's SUM then gives #NUM!).
 */
export function movingAverage(values: ArrayLike<number>, window: number, sum = false): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (!(window >= 1)) return out;
  const acc = new ExactSum();
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x === x) {
      acc.add(x);
      count++;
    }
    if (i >= window) {
      const old = values[i - window];
      if (old === old) {
        acc.add(-old);
        count--;
      }
    }
    if (acc.overflowed) {
      // An intermediate sum left the double range: rebuild from the window alone (again at each step while it
      // holds such values); what overflows even then is a window whose own sum does.
      acc.reset();
      let big = 0;
      for (let j = Math.max(0, i - window + 1); j <= i; j++) {
        const v = values[j];
        if (v !== v) continue;
        acc.add(v);
        big += v;
      }
      if (acc.overflowed) {
        if (i >= window - 1 && count > 0) out[i] = big > 0 ? Infinity : big < 0 ? -Infinity : NaN;
        acc.overflowed = true;
        continue;
      }
    }
    if (i >= window - 1 && count > 0) {
      const s = acc.value;
      out[i] = sum ? s : s / count;
    }
  }
  return out;
}

export interface LinearFit {
  slope: number;
  intercept: number;
  /** Number of (x, y) pairs used. */
  n: number;
  /** Coefficient of determination (Excel RSQ); NaN when y has no variance. */
  r2: number;
  xMean: number;
  yMean: number;
  sxx: number;
  sxy: number;
  syy: number;
}

/**
 * Least-squares line through the pairs (x_i, y_i) where both are present. Returns null when no pair is present;
 * slope and intercept are NaN when x has no variance (Excel's #DIV/0!). Two passes (means first) as Excel does.
 */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit | null {
  const len = Math.min(x.length, y.length);
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < len; i++) {
    const xi = x[i];
    const yi = y[i];
    if (xi !== xi || yi !== yi) continue;
    n++;
    sx += xi;
    sy += yi;
  }
  if (n === 0) return null;
  const xMean = sx / n;
  const yMean = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < len; i++) {
    const xi = x[i];
    const yi = y[i];
    if (xi !== xi || yi !== yi) continue;
    const dx = xi - xMean;
    const dy = yi - yMean;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxx === 0 ? NaN : sxy / sxx;
  const intercept = sxx === 0 ? NaN : yMean - slope * xMean;
  const r2 = sxx === 0 || syy === 0 ? NaN : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, n, r2, xMean, yMean, sxx, sxy, syy };
}

/** 1, 2, ..., n: Excel's default known_x. */
export function defaultX(n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = i + 1;
  return x;
}

/** Excel SLOPE on the present pairs; NaN when x has no variance or there is no pair. */
export function slope(y: ArrayLike<number>, x: ArrayLike<number>): number {
  return linearFit(x, y)?.slope ?? NaN;
}

/** Excel INTERCEPT on the present pairs; NaN when x has no variance or there is no pair. */
export function intercept(y: ArrayLike<number>, x: ArrayLike<number>): number {
  return linearFit(x, y)?.intercept ?? NaN;
}

/**
 * Excel TREND(known_y, [known_x], [new_x]) for one x variable: the fitted line evaluated at new_x.
 * known_x defaults to 1..n, new_x to known_x. Entries are NaN where new_x is missing or the fit is undefined.
 */
export function trend(knownY: ArrayLike<number>, knownX?: ArrayLike<number>, newX?: ArrayLike<number>): Float64Array {
  const x = knownX ?? defaultX(knownY.length);
  const nx = newX ?? x;
  const fit = linearFit(x, knownY);
  const out = new Float64Array(nx.length);
  for (let i = 0; i < nx.length; i++) out[i] = fit ? fit.intercept + fit.slope * nx[i] : NaN;
  return out;
}

export interface ExponentialFit {
  /** y = b · m^x (Excel LOGEST's b and m). */
  b: number;
  m: number;
  /** The underlying linear fit of ln y on x. */
  log: LinearFit;
}

/** Fit of y = b·m^x through the present pairs; null when any present y <= 0 or there is no pair. */
export function exponentialFit(x: ArrayLike<number>, y: ArrayLike<number>): ExponentialFit | null {
  const len = Math.min(x.length, y.length);
  const ly = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const yi = y[i];
    if (yi !== yi || x[i] !== x[i]) {
      ly[i] = NaN;
      continue;
    }
    if (!(yi > 0)) return null;
    ly[i] = Math.log(yi);
  }
  const log = linearFit(x, ly);
  if (!log) return null;
  return { b: Math.exp(log.intercept), m: Math.exp(log.slope), log };
}

/** Excel GROWTH(known_y, [known_x], [new_x]): the exponential trend evaluated at new_x. NaN where undefined. */
export function growthTrend(knownY: ArrayLike<number>, knownX?: ArrayLike<number>, newX?: ArrayLike<number>): Float64Array {
  const x = knownX ?? defaultX(knownY.length);
  const nx = newX ?? x;
  const fit = exponentialFit(x, knownY);
  const out = new Float64Array(nx.length);
  for (let i = 0; i < nx.length; i++) out[i] = fit ? Math.exp(fit.log.intercept + fit.log.slope * nx[i]) : NaN;
  return out;
}
