/**
 * Comparing a rate with a threshold as a spreadsheet does, not with a bare `<` on binary floats.
 * Revenue 4456 and cost 4010.40 give 0.09999999999999998, which is *at* a 10 % floor, not below it.
 * Rule (shared by OPS.MARGIN.STATUS, the compliance checks and the highlight formula, which writes it as
 * `ROUND(rate - threshold, 12) < 0`): the difference is rounded to 12 decimals (1e-10 points) before comparing.
 */
export const COMPARE_DECIMALS = 12;
const SCALE = 1e12;

/**
 * Rounds half away from zero at 12 decimals, as Excel's ROUND does. Excel rounds the 15-significant-digit decimal
 * value, so a tie that binary arithmetic puts a hair below .5 (-5E-13 scaled gives 0.49999999999999994) is still a
 * tie: near .5 the scaled value is read at 15 significant digits first.
 */
export function roundCompare(x: number): number {
  let s = Math.abs(x) * SCALE;
  const frac = s - Math.floor(s);
  if (frac > 0.4999999 && frac < 0.5000001) s = Number(s.toPrecision(15));
  const r = Math.round(s) / SCALE;
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
