/**
 * Small numeric helpers shared by trend, market and PVM arithmetic. NaN means "missing" everywhere in src/core.
 */

/** Neumaier-compensated sum of the finite values (NaN skipped): exact to the last bits on sums of large mixed terms. */
export function sumFinite(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x !== x) continue;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** A running compensated sum (Neumaier), for loops that add terms computed on the fly. */
export class CompensatedSum {
  private s = 0;
  private c = 0;
  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

/** Number of non-NaN values. */
export function countFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  return n;
}

/** Mean of the non-NaN values; NaN when there are none. */
export function meanFinite(values: ArrayLike<number>): number {
  const n = countFinite(values);
  return n === 0 ? NaN : sumFinite(values) / n;
}

/** The non-NaN values, in order. */
export function finiteValues(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(countFinite(values));
  let j = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) out[j++] = values[i];
  return out;
}
