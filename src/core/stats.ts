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

/**
 * An exact running sum of doubles that also subtracts exactly (Shewchuk's non-overlapping partials, as Python's
 * math.fsum): the partials always add up to the exact sum of what was added, so removing a value that left a moving
 * window leaves no trace of it, however large it was (1e16 + 1 - 1e16 = 1, 1e20 - 1e20 + 0.1 = 0.1). `value` is that
 * exact sum rounded once to the nearest double (ties to even): the sum a fresh, exact recomputation would give.
 * Typical data keeps one to three partials, so add() costs a few additions. `overflowed` turns true when an
 * intermediate sum left the double range (|sum| >= 2^1024); the caller then has to rebuild from its values.
 */
export class ExactSum {
  private p = new Float64Array(8);
  private n = 0;
  overflowed = false;

  reset(): void {
    this.n = 0;
    this.overflowed = false;
  }

  add(v: number): void {
    let x = v;
    let p = this.p;
    const n = this.n;
    let i = 0;
    for (let j = 0; j < n; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (x !== 0) {
      if (x - x !== 0) {
        // Infinity (or NaN from Infinity - Infinity): the partials no longer describe the sum.
        this.overflowed = true;
        this.n = 0;
        return;
      }
      if (i === p.length) {
        const q = new Float64Array(p.length * 2);
        q.set(p);
        this.p = p = q;
      }
      p[i++] = x;
    }
    this.n = i;
  }

  /** The exact sum rounded to the nearest double; NaN after an overflow. */
  get value(): number {
    if (this.overflowed) return NaN;
    const p = this.p;
    let n = this.n;
    if (n === 0) return 0;
    let hi = p[--n];
    if (n === 0) return hi;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Half-way case: the rest below lo pushes it past the tie, so round the other way (math.fsum's correction).
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    return hi;
  }
}
