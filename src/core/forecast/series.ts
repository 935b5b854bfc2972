import { ForecastInputError } from "./errors";

/** Largest share of missing points that is filled (Excel's FORECAST.ETS fills up to 30 %); more is refused. */
export const MAX_MISSING_SHARE = 0.3;

export interface PreparedSeries {
  /** The values with every missing point filled. */
  y: Float64Array;
  /** How many points were missing and filled. */
  filled: number;
}

/** A missing point: NaN, or anything that is not a number at run time (null / undefined from loose callers). */
function isMissing(v: unknown): boolean {
  return typeof v !== "number" || v !== v;
}

/**
 * Copies `values` into a Float64Array, filling missing points (NaN) as Excel's FORECAST.ETS does with its default
 * data completion: linear interpolation between the nearest known neighbours. A gap at the start takes the first
 * known value and a gap at the end the last known value (there is only one neighbour to interpolate from).
 *
 * Throws ForecastInputError (a RangeError) when a value is +/-Infinity or when more than 30 % of the points are
 * missing (all of them, in particular). An empty input gives an empty series (the callers then say "too few points").
 */
export function prepareSeries(values: ArrayLike<number>): PreparedSeries {
  const n = values.length >>> 0;
  const y = new Float64Array(n);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (isMissing(v)) {
      missing++;
      y[i] = NaN;
    } else if (v === Infinity || v === -Infinity) {
      throw new ForecastInputError(
        "forecast.notFinite",
        `Value at position ${i + 1} is infinite; forecasting needs finite numbers (leave a cell empty for a missing point).`,
        { index: i },
      );
    } else {
      y[i] = v;
    }
  }
  // integer comparison: missing / n > 30 % without rounding trouble
  if (n > 0 && (missing === n || missing * 10 > n * 3)) {
    throw new ForecastInputError(
      "forecast.tooManyMissing",
      `${missing} of ${n} points are missing; at most 30 % of the points can be missing for a forecast.`,
      { missing, total: n, maxShare: MAX_MISSING_SHARE },
    );
  }
  if (missing > 0) fillGaps(y);
  return { y, filled: missing };
}

/** In place: linear interpolation inside the series, nearest known value at both ends. Needs one known value. */
function fillGaps(y: Float64Array): void {
  const n = y.length;
  let prev = -1; // index of the last known value
  for (let i = 0; i < n; i++) {
    if (y[i] !== y[i]) continue;
    if (prev === -1) {
      for (let k = 0; k < i; k++) y[k] = y[i];
    } else if (i - prev > 1) {
      const a = y[prev];
      const step = (y[i] - a) / (i - prev);
      for (let k = prev + 1; k < i; k++) y[k] = a + step * (k - prev);
    }
    prev = i;
  }
  for (let k = prev + 1; k < n; k++) y[k] = y[prev];
}
