/**
 * Reading rows of a sheet in blocks under Excel on the web's limits (5 MB per request and per response, 5,000,000
 * cells per range read), with as few `sync` calls as the payload allows.
 *
 * Each sync carries one or more range loads whose estimated response stays under a budget (4.7 MB by default: close
 * to the 5 MB limit, because fewer, fuller syncs are what makes a million rows fast). The bytes per row are first
 * estimated from a sample, then re-measured on every block received (a few dozen rows serialised), so the next block
 * is sized on what the data really is. When Excel refuses a block anyway (payload codes, or a general error while the
 * block is large) the block is retried at half the size, down to a few rows.
 */
import type { CellValue, CellValueType } from "../core/types";
import { isPayloadError, officeErrorCode } from "./errors";

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Excel on the web's payload limit, counted as 5,000,000 bytes to stay clear of it. */
export const PAYLOAD_LIMIT_BYTES = 5_000_000;
/** What one sync aims to carry back. */
export const DEFAULT_TARGET_BYTES = 4_700_000;
/** Most cells one range may read on every platform. */
export const MAX_CELLS_PER_READ = 5_000_000;
/** Below this, a block that still fails is not split further: the error is real. */
const MIN_ROWS = 8;
/** A general error on a block estimated above this is treated as a payload error (Excel on the web reports some that way). */
const LARGE_BLOCK_BYTES = 1_000_000;

export interface BlockReadOptions {
  /** Sheet name. */
  sheet: string;
  /** 0-based first row and column, column count. */
  startRow: number;
  endRow: number; // inclusive, 0-based
  left: number;
  columns: number;
  /** Bytes per row estimated from a sample (values JSON, plus valueTypes when loaded). */
  bytesPerRow: number;
  /** Load valueTypes too (default false: the reader reads errors from the values' texts). */
  valueTypes?: boolean;
  /** Load `formulas` instead of `values` (a formula's text, else the value); returned in `values`. */
  formulas?: boolean;
  targetBytes?: number;
  signal?: AbortSignal;
  onBlock?: (rowsDone: number) => void;
  /** Checked before each sync; throws to stop (cancellation). */
  checkAbort?: () => void;
  /** Arrays to append the rows to (saves a copy of a million rows); new arrays when absent. */
  into?: { values: CellValue[][]; valueTypes?: CellValueType[][] };
}

export interface BlockReadResult {
  values: CellValue[][];
  valueTypes?: CellValueType[][];
  syncs: number;
  retries: number;
}

/**
 * JSON bytes of a sample of rows, scaled to one row (no allocation of the whole block). One row is taken at a
 * pseudo-random place in each of `samples` equal strides: a fixed step would alias with data that repeats every few
 * rows (products cycling every 8 rows) and misjudge the block by several percent, enough to pass 5 MB.
 */
export function measureBytesPerRow(values: unknown[][], types?: unknown[][], samples = 256): number {
  const n = values.length;
  if (n === 0) return 0;
  const count = Math.min(n, samples);
  const stride = n / count;
  let bytes = 0;
  let h = 0x9e3779b9;
  for (let k = 0; k < count; k++) {
    h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + k) >>> 0;
    const i = Math.min(n - 1, Math.floor(k * stride + (h / 4294967296) * stride));
    bytes += utf8Bytes(JSON.stringify(values[i])) + 1;
    if (types) bytes += utf8Bytes(JSON.stringify(types[i])) + 1;
  }
  return bytes / count;
}

function utf8Bytes(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdfff ? 1 : 2;
  }
  return n;
}

/** Whether a failed block should be retried smaller. */
export function isRetryablePayloadError(e: unknown, estimatedBytes: number): boolean {
  if (isPayloadError(e)) return true;
  const code = officeErrorCode(e);
  return estimatedBytes > LARGE_BLOCK_BYTES && (code === "GeneralException" || code === "InternalServerError" || code === undefined);
}

/** Largest number of rows a range of `columns` columns may read at once. */
export function maxRowsPerRead(columns: number): number {
  return Math.max(1, Math.floor(MAX_CELLS_PER_READ / Math.max(1, columns)));
}

/**
 * Reads rows startRow..endRow, columns left..left+columns-1 of a sheet, in as few syncs as the budget allows.
 * Rejects with Excel's error when a block fails for another reason, or still fails at MIN_ROWS rows.
 */
export async function readRowBlocks(run: ExcelRun, o: BlockReadOptions): Promise<BlockReadResult> {
  const target = o.targetBytes ?? DEFAULT_TARGET_BYTES;
  const withTypes = o.valueTypes === true;
  const main = o.formulas === true ? "formulas" : "values";
  const props = withTypes ? `${main}, valueTypes` : main;
  const values: CellValue[][] = o.into?.values ?? [];
  const valueTypes: CellValueType[][] = (withTypes ? o.into?.valueTypes : undefined) ?? [];
  let perRow = Math.max(8, o.bytesPerRow);
  let row = o.startRow;
  let syncs = 0;
  let retries = 0;
  // Budget of one sync in estimated bytes. It halves on a payload failure; after a success it grows back by a quarter,
  // never up to a size that failed; once a failure follows a success, it stays at the largest size that succeeded.
  let budget = target;
  let lockedAt = Infinity;
  let failFloor = Infinity;
  let lastGood = 0;
  const rowCap = maxRowsPerRead(o.columns);
  while (row <= o.endRow) {
    o.checkAbort?.();
    // plan one sync: consecutive ranges while the estimate fits the budget
    const limit = Math.min(budget, lockedAt);
    const plan: { start: number; count: number }[] = [];
    let planned = 0;
    let next = row;
    while (next <= o.endRow && planned < limit) {
      const fit = Math.floor((limit - planned) / perRow);
      const count = Math.min(fit, rowCap, o.endRow - next + 1);
      if (count < 1) break;
      plan.push({ start: next, count });
      planned += count * perRow;
      next += count;
    }
    if (plan.length === 0) {
      const count = Math.min(MIN_ROWS, o.endRow - row + 1);
      plan.push({ start: row, count });
      planned = count * perRow;
    }
    const planRows = plan.reduce((s, p) => s + p.count, 0);
    const shrink = () => {
      retries++;
      failFloor = Math.min(failFloor, planned);
      if (lastGood > 0 && lastGood < planned) lockedAt = lastGood;
      budget = planned / 2;
    };
    let got: { values: CellValue[][]; types?: CellValueType[][] }[];
    try {
      got = await run(async (context) => {
        const ws = context.workbook.worksheets.getItem(o.sheet);
        const ranges = plan.map((p) => {
          const r = ws.getRangeByIndexes(p.start, o.left, p.count, o.columns);
          r.load(props);
          return r;
        });
        await context.sync();
        return ranges.map((r) => ({ values: (main === "formulas" ? r.formulas : r.values) as CellValue[][], types: withTypes ? (r.valueTypes as CellValueType[][]) : undefined }));
      });
      syncs++;
    } catch (e) {
      syncs++;
      if (planRows > MIN_ROWS && isRetryablePayloadError(e, planned)) {
        shrink();
        continue;
      }
      throw e;
    }
    let received = 0;
    for (let i = 0; i < got.length; i++) {
      const g = got[i];
      // Excel may give null values past its cell limit instead of an error: treat as a payload failure
      if (!Array.isArray(g.values) || g.values.length !== plan[i].count) {
        if (planRows <= MIN_ROWS) throw new Error("Excel returned no values for a block of rows");
        shrink();
        got = got.slice(0, i);
        break;
      }
      for (let k = 0; k < g.values.length; k++) values.push(g.values[k]);
      if (withTypes && g.types) for (let k = 0; k < g.types.length; k++) valueTypes.push(g.types[k]);
      received += g.values.length;
    }
    if (received === 0) continue;
    // re-measure on what arrived: the next blocks follow the data
    const last = got[got.length - 1];
    const measured = measureBytesPerRow(last.values, last.types);
    if (measured > 0) perRow = Math.max(8, measured);
    if (received === planRows) {
      lastGood = Math.max(lastGood, planned);
      if (budget < target && lockedAt === Infinity) budget = Math.min(target, budget * 1.25, failFloor * 0.95);
    }
    row += received;
    o.onBlock?.(row - o.startRow);
    // let the host breathe between blocks (Excel desktop restarts an add-in unresponsive for 5 s)
    await new Promise<void>((res) => setTimeout(res, 0));
  }
  return { values, valueTypes: withTypes ? valueTypes : undefined, syncs, retries };
}
