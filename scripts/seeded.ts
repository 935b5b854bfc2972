/**
 * What the generators (make-fixtures, make-sample-workbook) and the tests that draw synthetic data share: a seeded
 * random generator, the Excel serial of a date (computed independently of the reader), and a stopped clock so that
 * regenerated .xlsx files keep the same bytes.
 */

/** mulberry32: a small seeded uniform generator on [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Excel 1900-system serial of a calendar date (from 1 March 1900 on). */
export function serial(y: number, m: number, d: number): number {
  return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000;
}

/**
 * Runs `write` with the clock stopped at `fixedUtcMs`: ExcelJS/JSZip stamp the zip entries with the current time
 * (stored in UTC), so regenerating a workbook gives the same bytes in any time zone.
 */
export async function withFixedClock<T>(fixedUtcMs: number, write: () => Promise<T>): Promise<T> {
  const Real = Date;
  class FixedDate extends Real {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(fixedUtcMs);
      else super(...(args as [number]));
    }
    static override now(): number {
      return fixedUtcMs;
    }
  }
  (globalThis as { Date: DateConstructor }).Date = FixedDate as unknown as DateConstructor;
  try {
    return await write();
  } finally {
    (globalThis as { Date: DateConstructor }).Date = Real;
  }
}
