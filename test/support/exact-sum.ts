/**
 * An exact oracle for sums of doubles (not a test file): every double is an integer multiple of 2^-1074, so the sum
 * of any doubles is an exact BigInt count of 2^-1074, rounded back to the nearest double (ties to even) only at the
 * end. Independent of src/core: used to check that moving sums equal a fresh, exact recomputation of each window.
 */

const view = new DataView(new ArrayBuffer(8));

/** x × 2^1074 as an exact BigInt (x finite). */
export function scaled(x: number): bigint {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const e = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (e === 0x7ff) throw new Error(`not finite: ${x}`);
  if (e === 0) return sign * m; // subnormal: m × 2^-1074
  m |= 1n << 52n;
  return sign * (m << BigInt(e - 1));
}

/** The double nearest to s × 2^-1074 (ties to even); ±Infinity beyond the largest double. */
export function unscaled(s: bigint): number {
  const neg = s < 0n;
  let a = neg ? -s : s;
  if (a === 0n) return 0;
  const bits = a.toString(2).length;
  let shift = 0;
  if (bits > 53) {
    shift = bits - 53;
    const q = a >> BigInt(shift);
    const r = a - (q << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    a = r > half || (r === half && (q & 1n) === 1n) ? q + 1n : q;
  }
  // a <= 2^53: exact as a Number; the power-of-two scaling is exact unless it overflows.
  const k = shift - 1074;
  const v = Number(a) * 2 ** Math.ceil(k / 2) * 2 ** Math.floor(k / 2);
  return neg ? -v : v;
}

/** The exactly rounded sum of the non-NaN values. */
export function exactSum(values: ArrayLike<number>): number {
  let s = 0n;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) s += scaled(values[i]);
  return unscaled(s);
}
