/**
 * Comparing a rate with a threshold as a spreadsheet does, not with a bare `<` on binary floats.
 * Revenue 4456 and cost 4010.40 give 0.09999999999999998, which is *at* a 10 % floor, not below it.
 * Rule (shared by OPS.MARGIN.STATUS, the compliance checks and the highlight formula, which writes it as
 * `ROUND(rate - threshold, 12) < 0`): the difference is rounded to 12 decimals (1e-10 points) before comparing.
 */
export const COMPARE_DECIMALS = 12;
const SCALE = 1e12;

/** Rounds half away from zero at 12 decimals, as Excel's ROUND does. */
export function roundCompare(x: number): number {
  const r = Math.round(Math.abs(x) * SCALE) / SCALE;
  return x < 0 ? -r : r;
}

/** -1 below the threshold, 0 at it (to 12 decimals), 1 above. NaN inputs give NaN. */
export function compareRate(rate: number, threshold: number): number {
  const d = roundCompare(rate - threshold);
  if (Number.isNaN(d)) return NaN;
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function isBelow(rate: number, threshold: number): boolean {
  return compareRate(rate, threshold) === -1;
}
