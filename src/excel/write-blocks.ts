/**
 * Writing large 2-D arrays to Excel in row blocks, with the fewest `sync` calls that keep every request under Excel on
 * the web's 5 MB payload limit and every sync short enough not to hold Excel for long.
 *
 * Work is described as a list of operations (`BatchOp`): each knows the size of the request it adds (estimated from
 * the JSON of its values plus a fixed cost per API call) and how to queue itself on a request context. `runOps` packs
 * consecutive operations into one sync until the byte or cell budget is reached, syncs, reports progress and checks
 * for cancellation between syncs. When Excel still refuses a request as too large (the estimate is only an estimate;
 * Excel on the web may also say only "GeneralException"), the batch is queued again with half the budget, splitting
 * row blocks as needed, down to one row. Office discards every action of a failed batch, so re-queuing is exact.
 */
import type { CellValue, WorkOptions } from "../core/types";
import { escapeCell } from "../core/escape";
import { cancelled, isPayloadError, officeErrorCode } from "./errors";

/** Excel on the web: at most 5 MB per request (and per response). */
export const REQUEST_LIMIT_BYTES = 5 * 1024 * 1024;
/** What OPS aims at per request: room left for the envelope and for estimates that fall short. */
export const DEFAULT_BUDGET_BYTES = 4 * 1024 * 1024;
/** Cells written per sync at most: Microsoft advises blocks of 5k-20k rows; 20,000 rows x 25 columns. */
export const DEFAULT_MAX_CELLS_PER_SYNC = 500_000;
/** Estimated JSON of one queued API call besides its arguments (object path, action, ids). */
export const CALL_OVERHEAD_BYTES = 300;
/** API calls per sync at most (per-cell calls such as hyperlinks are slow in Excel: a sync of thousands holds it). */
export const DEFAULT_MAX_CALLS_PER_SYNC = 2000;
/** Row blocks are cut at about this size so that the packing into syncs is tight. */
export const CHUNK_BYTES = 256 * 1024;

export interface BatchOp {
  /** Estimated bytes this operation adds to the request. */
  bytes: number;
  /** Cells it writes (for the per-sync cell budget). */
  cells?: number;
  /** Rows of the main grid it completes (for progress). */
  rows?: number;
  /** API calls it queues (default 1), for the per-sync call budget. */
  calls?: number;
  queue(): void;
  /** Smaller operations doing the same work, when the request must shrink. */
  split?(): BatchOp[];
}

export interface BatchOptions extends WorkOptions {
  budgetBytes?: number;
  maxCellsPerSync?: number;
  maxCallsPerSync?: number;
  /** Total rows for progress (default: the sum of ops' rows). */
  totalRows?: number;
  phase?: string;
  /** Queued before each retry of a failed batch (nothing by default). */
  onRetry?: () => void;
}

export interface BatchStats {
  syncs: number;
  /** Largest estimated request, in bytes. */
  largestRequestBytes: number;
  retries: number;
}

interface SyncContext {
  sync(): Promise<unknown>;
}

/** UTF-8 length of a string (an upper bound for lone surrogates), plus JSON escapes for quotes and backslashes. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += c === 0x22 || c === 0x5c ? 2 : c < 0x20 ? 6 : 1;
    else if (c < 0x800) n += 2;
    else n += 3;
  }
  return n;
}

/** Estimated bytes of a row in a JSON request: [v,v,...] */
export function rowBytes(row: readonly CellValue[]): number {
  let n = 2 + row.length;
  for (const v of row) {
    if (typeof v === "string") n += utf8Length(v) + 2;
    else if (typeof v === "number") n += Number.isInteger(v) ? String(v).length : 24;
    else if (typeof v === "boolean") n += 5;
    else n += 4;
  }
  return n;
}

/**
 * Operations writing `rows` (already prepared: strings escaped where they are user text) through `Range.values` (or
 * `Range.formulas` with `asFormulas`), top-left at 0-based (top, left) of the sheet given by `range(r0, c0, nRows, nCols)`.
 */
export function gridOps(range: (row: number, col: number, rowCount: number, colCount: number) => { values: unknown; formulas: unknown }, rows: CellValue[][], top: number, left: number, opts: { asFormulas?: boolean; chunkBytes?: number; countRows?: boolean } = {}): BatchOp[] {
  const ops: BatchOp[] = [];
  if (rows.length === 0) return ops;
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  if (width === 0) return ops;
  const chunk = opts.chunkBytes ?? CHUNK_BYTES;
  const sizes = rows.map(rowBytes);
  const make = (from: number, to: number): BatchOp => {
    let bytes = CALL_OVERHEAD_BYTES;
    for (let i = from; i < to; i++) bytes += sizes[i];
    const op: BatchOp = {
      bytes,
      cells: (to - from) * width,
      queue: () => {
        const block: CellValue[][] = new Array(to - from);
        for (let i = from; i < to; i++) {
          const r = rows[i];
          const out: CellValue[] = new Array(width);
          for (let c = 0; c < width; c++) {
            const v = r[c];
            out[c] = v === null || v === undefined ? "" : v;
          }
          block[i - from] = out;
        }
        const target = range(top + from, left, to - from, width);
        if (opts.asFormulas) target.formulas = block;
        else target.values = block;
      },
    };
    if (opts.countRows !== false) op.rows = to - from;
    if (to - from > 1) {
      op.split = () => {
        const mid = from + Math.floor((to - from) / 2);
        return [make(from, mid), make(mid, to)];
      };
    }
    return op;
  };
  let start = 0;
  let acc = 0;
  for (let i = 0; i < rows.length; i++) {
    acc += sizes[i];
    if (acc >= chunk) {
      ops.push(make(start, i + 1));
      start = i + 1;
      acc = 0;
    }
  }
  if (start < rows.length) ops.push(make(start, rows.length));
  return ops;
}

/**
 * Gives every cell of a range the same number format with one call, whatever its size: a single value is applied to
 * all cells (Range.numberFormat's documented "single value" form; the TypeScript type only declares the 2-D array).
 */
export function fillNumberFormat(range: Excel.Range, code: string): void {
  (range as unknown as { numberFormat: unknown }).numberFormat = code;
}

/** Escapes every string of a grid of user data (see src/core/escape.ts), in place, and returns it. */
export function escapeInPlace(rows: CellValue[][]): CellValue[][] {
  for (const r of rows) for (let c = 0; c < r.length; c++) if (typeof r[c] === "string") r[c] = escapeCell(r[c]);
  return rows;
}

/**
 * Runs operations in as few syncs as the budgets allow. Checks `signal` before each sync (not after the last one):
 * when aborted, throws the "cancelled" WorkbookError without syncing what is queued (Office drops it with the context).
 */
export async function runOps(ctx: SyncContext, ops: BatchOp[], options: BatchOptions = {}): Promise<BatchStats> {
  const stats: BatchStats = { syncs: 0, largestRequestBytes: 0, retries: 0 };
  let budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const maxCells = options.maxCellsPerSync ?? DEFAULT_MAX_CELLS_PER_SYNC;
  const maxCalls = options.maxCallsPerSync ?? DEFAULT_MAX_CALLS_PER_SYNC;
  const total = options.totalRows ?? ops.reduce((n, o) => n + (o.rows ?? 0), 0);
  let done = 0;
  const queue = ops.slice();
  while (queue.length > 0) {
    if (options.signal?.aborted) throw cancelled();
    // Take ops while they fit (always at least one; a single op too big is split first).
    let head = queue[0];
    while (head.bytes > budget && head.split) {
      queue.splice(0, 1, ...head.split());
      head = queue[0];
    }
    const batch: BatchOp[] = [];
    let bytes = 0;
    let cells = 0;
    let calls = 0;
    while (queue.length > 0) {
      const op = queue[0];
      if (batch.length > 0 && (bytes + op.bytes > budget || cells + (op.cells ?? 0) > maxCells || calls + (op.calls ?? 1) > maxCalls)) break;
      batch.push(op);
      queue.shift();
      bytes += op.bytes;
      cells += op.cells ?? 0;
      calls += op.calls ?? 1;
    }
    for (const op of batch) op.queue();
    try {
      await ctx.sync();
    } catch (e) {
      if (!isRetryable(e, bytes) || budget <= CALL_OVERHEAD_BYTES * 2) throw e;
      // Excel discarded the whole batch: shrink and queue it again.
      stats.retries++;
      budget = Math.max(CALL_OVERHEAD_BYTES * 2, Math.floor(budget / 2));
      queue.unshift(...batch);
      options.onRetry?.();
      continue;
    }
    stats.syncs++;
    if (bytes > stats.largestRequestBytes) stats.largestRequestBytes = bytes;
    for (const op of batch) done += op.rows ?? 0;
    if (total > 0) options.onProgress?.(Math.min(done, total), total, options.phase);
  }
  return stats;
}

/** A payload error, or Excel on the web's bare "GeneralException" that stands for one on large writes (over 1 MB). */
function isRetryable(e: unknown, bytes: number): boolean {
  return isPayloadError(e) || (officeErrorCode(e) === "GeneralException" && bytes > 1_000_000);
}
