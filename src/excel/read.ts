/**
 * The reading half of the Excel adapter: lists what OPS can read (Excel tables first, then the blocks found in each
 * sheet's used range, pivot-like summaries marked), reads one source fully in row blocks under Excel on the web's
 * limits, and hands a RawGrid to the reader in src/core/read. Role overrides are remembered in the workbook's
 * settings under "ops.roles.<source id>".
 *
 * Every function takes `run`, an `Excel.run`-compatible function: production passes `Excel.run`, tests and the
 * browser preview pass the simulated host's `run`. Errors reach the caller as WorkbookError (an OpsMessage), never
 * as Office's raw errors.
 *
 * Syncs: listSources uses 2 syncs plus one per ~4.5 MB of sheet samples; readSource uses 1 sync for the source's
 * shape, a sample of its first rows (values and number formats; valueTypes only on request), the workbook's date system and the saved
 * overrides, then one sync per ~4.7 MB of remaining rows (see chunking.ts).
 */
import { buildDataSet, detectLayouts, noTableMessage, unpivot, type Layout } from "../core/read";
import { rangeAddress } from "../core/parse/text";
import { isColumnRole, type CellValue, type CellValueType, type DataSet, type OpsMessage, type RawGrid, type RoleOverrides, type SourceInfo, type WorkOptions } from "../core/types";
import { WorkbookError } from "../core/workbook-port";
import { DEFAULT_TARGET_BYTES, measureBytesPerRow, readRowBlocks, type ExcelRun } from "./chunking";
import { officeErrorCode, throwIfAborted, toWorkbookError } from "./errors";
import { OWNED_SETTING, SHEET_MARKER_PREFIX, parseRecords, roleOfMarker } from "./owned-sheets";

export type { ExcelRun } from "./chunking";

/** Rows of each sheet (or table) read first to find headers, data and layout. */
export const SAMPLE_ROWS = 200;
/** Widest block OPS samples and reads (columns beyond are left out, with a message). */
export const MAX_COLUMNS = 512;
/** Budget of one sync of samples (listing). */
const SAMPLE_BUDGET_BYTES = 4_500_000;
/** Assumed JSON bytes per cell of a sample before anything is measured. */
const SAMPLE_BYTES_PER_CELL = 16;

export const ROLE_SETTING_PREFIX = "ops.roles.";

export interface ListOptions extends WorkOptions {
  /** Rows sampled per sheet to find its blocks (default 200). */
  sampleRows?: number;
  /** List blocks of hidden sheets too (default false; Excel tables are listed wherever they are). */
  includeHidden?: boolean;
}

export interface ReadSourceOptions extends WorkOptions {
  /** Role corrections for this read; merged over the ones remembered in the workbook (these win). */
  overrides?: RoleOverrides;
  /** Read a wide layout (periods as columns) as long rows (period, value). Default false. */
  wideAsLong?: boolean;
  /** Rows sampled to find the layout (default 200). */
  sampleRows?: number;
  /** Target response bytes per sync (default 4.7 MB); tests lower it. */
  targetBytes?: number;
  /**
   * Load valueTypes with the values (default false). The reader takes error cells from their "#N/A" texts in `values`;
   * valueTypes would only tell a text typed as "'#N/A" from a real error (both are left out of the numbers with the
   * same message), at the price of about twice the response bytes and syncs (bench/adapter-read.bench.ts).
   */
  valueTypes?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// ids and addresses

type SourceRef = { kind: "table"; name: string } | { kind: "sheet"; sheet: string; bounds?: Box };

/** 1-based inclusive block. */
interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function parseBox(a: string): Box | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(a.trim());
  if (!m) return undefined;
  const left = colNumber(m[1]);
  const top = Number(m[2]);
  const right = m[3] ? colNumber(m[3]) : left;
  const bottom = m[4] ? Number(m[4]) : top;
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

/** "table:<name>", "sheet:<sheet>!<A1:B2>" or "sheet:<sheet>". */
export function parseSourceId(id: string): SourceRef | undefined {
  if (id.startsWith("table:")) {
    const name = id.slice(6);
    return name ? { kind: "table", name } : undefined;
  }
  if (id.startsWith("sheet:")) {
    const rest = id.slice(6);
    const bang = rest.lastIndexOf("!");
    if (bang > 0) {
      const bounds = parseBox(rest.slice(bang + 1));
      if (bounds) return { kind: "sheet", sheet: rest.slice(0, bang), bounds };
    }
    return rest ? { kind: "sheet", sheet: rest } : undefined;
  }
  return undefined;
}

export function sheetSourceId(sheet: string, box: Box): string {
  return `sheet:${sheet}!${rangeAddress(box.top, box.left, box.bottom, box.right)}`;
}

function overlap(a: Box, b: Box): number {
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) + 1;
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left) + 1;
  return h > 0 && w > 0 ? h * w : 0;
}

function apiSupported(version: string): boolean {
  const office = (globalThis as { Office?: { context?: { requirements?: { isSetSupported?: (n: string, v?: string) => boolean } } } }).Office;
  const req = office?.context?.requirements;
  if (!req?.isSetSupported) return true; // no Office global: the simulated host, which has everything OPS uses
  try {
    return req.isSetSupported("ExcelApi", version);
  } catch {
    return false;
  }
}

function fail(code: string, params?: Record<string, string | number>, severity: OpsMessage["severity"] = "error"): WorkbookError {
  return new WorkbookError(params ? { code, severity, params } : { code, severity });
}

async function guarded<T>(what: { item?: string; sheet?: string }, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw toWorkbookError(e, what);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// listSources

interface SheetShape {
  name: string;
  id: string;
  visible: boolean;
  used?: Box;
}

interface TableShape {
  name: string;
  sheet: string;
  box: Box;
  showHeaders: boolean;
  showTotals: boolean;
}

/**
 * Excel tables first, then the blocks found in each visible sheet's used range (a block overlapping an Excel table is
 * not listed twice; summaries such as pivot tables are marked "pivot"). Sheets OPS owns (report, policy, log) are
 * left out. Few syncs: 2 for the workbook's shape, then one per ~4.5 MB of samples.
 */
export async function listSources(run: ExcelRun, options: ListOptions = {}): Promise<SourceInfo[]> {
  throwIfAborted(options.signal);
  const sampleRows = Math.max(5, options.sampleRows ?? SAMPLE_ROWS);
  const withPivots = apiSupported("1.8");
  const shape = await guarded({}, () => workbookShape(run, withPivots));
  throwIfAborted(options.signal);
  options.onProgress?.(1, 3, "list");

  const out: SourceInfo[] = [];
  for (const t of shape.tables) {
    if (shape.ownedSheets.has(t.sheet.toLowerCase())) continue;
    const rows = t.box.bottom - t.box.top + 1 - (t.showHeaders ? 1 : 0) - (t.showTotals ? 1 : 0);
    out.push({ id: `table:${t.name}`, sheet: t.sheet, tableName: t.name, address: rangeAddress(t.box.top, t.box.left, t.box.bottom, t.box.right), rowCount: Math.max(0, rows), columnCount: t.box.right - t.box.left + 1, kind: "table" });
  }

  const sheets = shape.sheets.filter((s) => s.used && (s.visible || options.includeHidden) && !shape.ownedSheets.has(s.name.toLowerCase()));
  const requests = sheets.map((s) => {
    const u = s.used!;
    return { sheet: s.name, top: u.top, left: u.left, rows: Math.min(sampleRows, u.bottom - u.top + 1), columns: Math.min(MAX_COLUMNS, u.right - u.left + 1) };
  });
  const samples = await guarded({}, () => loadSamples(run, requests, options.signal));
  options.onProgress?.(2, 3, "list");

  sheets.forEach((s, i) => {
    const sample = samples[i];
    if (!sample) return;
    const req = requests[i];
    const u = s.used!;
    // cells of Excel tables are listed as tables: blank them so the rest of the sheet is looked at on its own
    const tablesHere = shape.tables.filter((t) => t.sheet === s.name);
    for (const t of tablesHere) {
      for (let r = Math.max(t.box.top, req.top); r <= Math.min(t.box.bottom, req.top + sample.length - 1); r++) {
        const row = sample[r - req.top];
        for (let c = Math.max(t.box.left, req.left); c <= Math.min(t.box.right, req.left + req.columns - 1); c++) row[c - req.left] = "";
      }
    }
    const grid: RawGrid = { sheet: s.name, top: req.top, left: req.left, values: sample, date1904: shape.date1904 };
    const pivotsHere = shape.pivots.filter((p) => p.sheet === s.name);
    for (const l of detectLayouts(grid)) {
      const bottom = l.open ? u.bottom : l.lastDataRow;
      const box: Box = { top: l.top, left: l.left, bottom: Math.max(bottom, l.top), right: l.right };
      if (tablesHere.some((t) => overlap(t.box, box) > 0.5 * (box.bottom - box.top + 1) * (box.right - box.left + 1))) continue;
      const pivot = l.kind === "summary" || pivotsHere.some((p) => overlap(p.box, box) > 0);
      out.push({
        id: sheetSourceId(s.name, box),
        sheet: s.name,
        address: rangeAddress(box.top, box.left, box.bottom, box.right),
        rowCount: Math.max(0, box.bottom - l.firstDataRow + 1),
        columnCount: box.right - box.left + 1,
        kind: pivot ? "pivot" : "range",
      });
    }
  });
  options.onProgress?.(3, 3, "list");
  return out;
}

async function workbookShape(run: ExcelRun, withPivots: boolean): Promise<{ sheets: SheetShape[]; tables: TableShape[]; pivots: { sheet: string; box: Box }[]; ownedSheets: Set<string>; date1904?: boolean }> {
  const attempt = (pivotsToo: boolean) =>
    run(async (context) => {
      const wb = context.workbook;
      const sheets = wb.worksheets;
      sheets.load("items/name, items/id, items/visibility");
      const tables = wb.tables;
      tables.load("items/name, items/showHeaders, items/showTotals, items/worksheet/name");
      const owned = wb.settings.getItemOrNullObject(OWNED_SETTING);
      owned.load("value");
      const pivots = pivotsToo ? wb.pivotTables : undefined;
      pivots?.load("items/name, items/worksheet/name");
      const with1904 = apiSupported("1.16");
      if (with1904) wb.load("use1904DateSystem");
      await context.sync();

      const tableRanges = tables.items.map((t) => {
        const r = t.getRange();
        r.load("rowIndex, columnIndex, rowCount, columnCount");
        return r;
      });
      const used = sheets.items.map((s) => {
        const r = s.getUsedRangeOrNullObject(true);
        r.load("rowIndex, columnIndex, rowCount, columnCount");
        return r;
      });
      // OPS's own sheets carry a hidden sheet-level marker name (owned-sheets.ts); ids change when a file is reopened.
      const sheetNames = sheets.items.map((s) => s.names.load("items/name, items/formula"));
      const pivotRanges = (pivots?.items ?? []).map((p) => {
        const r = p.layout.getRange();
        r.load("rowIndex, columnIndex, rowCount, columnCount");
        return r;
      });
      await context.sync();

      const box = (r: Excel.Range): Box => ({ top: r.rowIndex + 1, left: r.columnIndex + 1, bottom: r.rowIndex + r.rowCount, right: r.columnIndex + r.columnCount });
      const records = owned.isNullObject ? [] : parseRecords(owned.value);
      const ids = new Set(records.map((r) => r.id));
      const ownedSheets = new Set<string>();
      sheets.items.forEach((s, i) => {
        const marked = sheetNames[i].items.some((n) => n.name.toLowerCase().startsWith(SHEET_MARKER_PREFIX.toLowerCase()) && roleOfMarker(n.formula) !== undefined);
        if (ids.has(s.id) || marked) ownedSheets.add(s.name.toLowerCase());
      });
      return {
        sheets: sheets.items.map((s, i) => ({ name: s.name, id: s.id, visible: s.visibility === "Visible", used: used[i].isNullObject ? undefined : box(used[i]) })),
        tables: tables.items.map((t, i) => ({ name: t.name, sheet: t.worksheet.name, box: box(tableRanges[i]), showHeaders: t.showHeaders, showTotals: t.showTotals })),
        pivots: (pivots?.items ?? []).map((p, i) => ({ sheet: p.worksheet.name, box: box(pivotRanges[i]) })),
        ownedSheets,
        date1904: with1904 ? Boolean((wb as unknown as { use1904DateSystem?: boolean }).use1904DateSystem) : undefined,
      };
    });
  if (!withPivots) return attempt(false);
  try {
    return await attempt(true);
  } catch (e) {
    // a pivot whose layout cannot be read must not hide the rest of the workbook
    if (officeErrorCode(e) === "ItemNotFound" || officeErrorCode(e) === "InvalidOperation" || officeErrorCode(e) === "ApiNotFound" || officeErrorCode(e) === "GeneralException") return attempt(false);
    throw e;
  }
}

interface SampleRequest {
  sheet: string;
  top: number;
  left: number;
  rows: number;
  columns: number;
}

/** Loads the values of several blocks, packed into as few syncs as the budget allows; a block that still fails alone is skipped (undefined). */
async function loadSamples(run: ExcelRun, requests: SampleRequest[], signal?: AbortSignal): Promise<(CellValue[][] | undefined)[]> {
  const out: (CellValue[][] | undefined)[] = new Array(requests.length);
  let i = 0;
  while (i < requests.length) {
    throwIfAborted(signal);
    const batch: number[] = [];
    let bytes = 0;
    while (i < requests.length && (batch.length === 0 || bytes + requests[i].rows * requests[i].columns * SAMPLE_BYTES_PER_CELL <= SAMPLE_BUDGET_BYTES)) {
      bytes += requests[i].rows * requests[i].columns * SAMPLE_BYTES_PER_CELL;
      batch.push(i++);
    }
    const load = (idx: number[]) =>
      run(async (context) => {
        const ranges = idx.map((k) => {
          const q = requests[k];
          const r = context.workbook.worksheets.getItem(q.sheet).getRangeByIndexes(q.top - 1, q.left - 1, q.rows, q.columns);
          r.load("values");
          return r;
        });
        await context.sync();
        return ranges.map((r) => r.values as CellValue[][]);
      });
    try {
      const got = await load(batch);
      batch.forEach((k, j) => (out[k] = got[j]));
    } catch (e) {
      if (batch.length === 1) {
        if (officeErrorCode(e) === "ItemNotFound") continue;
        // one sheet too big to sample at once: try its first rows only
        const q = requests[batch[0]];
        if (q.rows > 20) {
          requests[batch[0]] = { ...q, rows: Math.floor(q.rows / 4) };
          i = batch[0];
          continue;
        }
        throw e;
      }
      // retry one by one
      for (const k of batch) {
        try {
          out[k] = (await load([k]))[0];
        } catch (e2) {
          if (officeErrorCode(e2) === "ItemNotFound") continue;
          throw e2;
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// readSource

interface FirstLook {
  sheet: string;
  tableName?: string;
  /** The table or the used range (1-based); undefined for an empty sheet. */
  box?: Box;
  sampleTop: number;
  sampleLeft: number;
  values: CellValue[][];
  valueTypes?: CellValueType[][];
  formats: string[][];
  date1904?: boolean;
  saved: RoleOverrides;
  savedUnreadable: boolean;
}

/**
 * Reads one source (an id from listSources) into a DataSet: typed columns, roles, rows left out, messages. Role
 * overrides remembered in the workbook are applied, then `options.overrides` over them. Rejects with a WorkbookError
 * when the source is gone or Excel fails; a source where no table is recognised gives an empty DataSet with the
 * reader's "no table" message.
 */
export async function readSource(run: ExcelRun, id: string, options: ReadSourceOptions = {}): Promise<DataSet> {
  throwIfAborted(options.signal);
  const ref = parseSourceId(id);
  if (!ref) throw fail("excel.sourceNotFound", { source: id });
  const sampleRows = Math.max(5, options.sampleRows ?? SAMPLE_ROWS);
  const withTypes = options.valueTypes === true;
  const look = await guarded({ item: ref.kind === "table" ? ref.name : ref.sheet, sheet: ref.kind === "sheet" ? ref.sheet : undefined }, () => firstLook(run, ref, id, sampleRows, withTypes));
  throwIfAborted(options.signal);
  const messages: OpsMessage[] = [];
  if (look.savedUnreadable) messages.push({ code: "excelRead.overridesUnreadable", severity: "warning", params: { source: id } });
  if (!look.box || look.values.length === 0) return emptyDataSet(id, look.sheet, look.tableName, [noTableMessage(look.sheet), ...messages]);

  const sampleGrid: RawGrid = { sheet: look.sheet, tableName: look.tableName, top: look.sampleTop, left: look.sampleLeft, values: look.values, valueTypes: look.valueTypes, date1904: look.date1904 };
  const layouts = detectLayouts(sampleGrid);
  const layout = pickLayout(layouts, ref);
  if (!layout) return emptyDataSet(id, look.sheet, look.tableName, [noTableMessage(look.sheet), ...messages]);

  const sampleWidth = look.values[0]?.length ?? 0;
  const sampleRight = look.sampleLeft + sampleWidth - 1;
  if (look.box.right > sampleRight) {
    messages.push({ code: "excelRead.columnsLeftOut", severity: "warning", params: { sheet: look.sheet, count: look.box.right - sampleRight, max: MAX_COLUMNS }, location: { sheet: look.sheet, column: sampleRight + 1 } });
  }
  // columns to read: the block's, or the whole sample width for CSV text (its layout columns are the split ones)
  const left = layout.delimiter ? look.sampleLeft : Math.max(layout.left, look.sampleLeft);
  const right = layout.delimiter ? sampleRight : Math.min(layout.right, sampleRight);
  const cols = right - left + 1;
  const lastRow = look.tableName ? look.box.bottom : layout.open ? look.box.bottom : layout.lastDataRow;
  const firstRow = layout.top;
  const sampleEnd = look.sampleTop + look.values.length - 1;

  const slice = <T>(rows: T[][] | undefined, from: number, to: number): T[][] => {
    const out: T[][] = [];
    if (!rows) return out;
    for (let r = from; r <= to; r++) {
      const row = rows[r - look.sampleTop];
      out.push(left === look.sampleLeft && cols === sampleWidth ? row : row.slice(left - look.sampleLeft, left - look.sampleLeft + cols));
    }
    return out;
  };
  const values = slice(look.values, firstRow, Math.min(sampleEnd, lastRow));
  const valueTypes = withTypes ? slice(look.valueTypes, firstRow, Math.min(sampleEnd, lastRow)) : undefined;
  const formatRow = Math.min(Math.max(layout.firstDataRow, firstRow), sampleEnd);
  const columnFormats = slice(look.formats, formatRow, formatRow)[0];

  if (lastRow > sampleEnd) {
    const total = lastRow - sampleEnd;
    const bytesPerRow = measureBytesPerRow(values, valueTypes);
    await guarded({ item: look.tableName ?? look.sheet, sheet: look.sheet }, () =>
      readRowBlocks(run, {
        sheet: look.sheet,
        startRow: sampleEnd, // 0-based index of the first row after the sample (1-based sampleEnd + 1)
        endRow: lastRow - 1,
        left: left - 1,
        columns: cols,
        bytesPerRow: bytesPerRow || cols * SAMPLE_BYTES_PER_CELL,
        valueTypes: withTypes,
        targetBytes: options.targetBytes ?? DEFAULT_TARGET_BYTES,
        checkAbort: () => throwIfAborted(options.signal),
        onBlock: (done) => options.onProgress?.(done, total, "read"),
        into: { values, valueTypes },
      }),
    );
  } else {
    options.onProgress?.(1, 1, "read");
  }

  const grid: RawGrid = { sheet: look.sheet, tableName: look.tableName, top: firstRow, left, values, valueTypes, columnFormats, date1904: look.date1904 };
  const overrides = { ...look.saved, ...(options.overrides ?? {}) };
  // the layout was found on the sample: its data now runs to the last row read
  const full: Layout = lastRow > layout.lastDataRow ? { ...layout, lastDataRow: lastRow } : layout;
  let ds = buildDataSet(grid, full, { overrides: Object.keys(overrides).length ? overrides : undefined, id });
  if (options.wideAsLong && layout.wide) ds = unpivot(ds);
  if (messages.length) ds = { ...ds, messages: [...messages, ...ds.messages] };
  return ds;
}

function pickLayout(layouts: Layout[], ref: SourceRef): Layout | undefined {
  if (layouts.length === 0) return undefined;
  if (ref.kind === "table") return layouts[0];
  const want = ref.bounds;
  if (!want) return layouts.find((l) => l.kind === "data") ?? layouts[0];
  const exact = layouts.find((l) => l.top === want.top && l.left === want.left);
  if (exact) return exact;
  let best: Layout | undefined;
  let bestArea = 0;
  for (const l of layouts) {
    const a = overlap({ top: l.top, left: l.left, bottom: l.open ? want.bottom : l.lastDataRow, right: l.right }, want);
    if (a > bestArea) [best, bestArea] = [l, a];
  }
  return best;
}

async function firstLook(run: ExcelRun, ref: SourceRef, id: string, sampleRows: number, withTypes: boolean): Promise<FirstLook> {
  const props = withTypes ? "values, valueTypes, numberFormat" : "values, numberFormat";
  const with1904 = apiSupported("1.16");
  // one sync: the block's shape, a sample of its first rows, the date system, the saved overrides
  const oneSync = () =>
    run(async (context) => {
      const wb = context.workbook;
      if (with1904) wb.load("use1904DateSystem");
      const saved = wb.settings.getItemOrNullObject(ROLE_SETTING_PREFIX + id);
      saved.load("value");
      let block: Excel.Range;
      let sheetName: string | undefined;
      let table: Excel.Table | undefined;
      if (ref.kind === "table") {
        table = wb.tables.getItem(ref.name);
        table.load("name");
        table.worksheet.load("name");
        block = table.getRange();
      } else {
        sheetName = ref.sheet;
        // getUsedRange (not ...OrNullObject): on an empty sheet it gives A1, so the calls below stay valid
        block = wb.worksheets.getItem(ref.sheet).getUsedRange(true);
      }
      block.load("rowIndex, columnIndex, rowCount, columnCount");
      // the first rows, at most MAX_COLUMNS wide, cut to the block
      const sample = block.getCell(0, 0).getResizedRange(sampleRows - 1, MAX_COLUMNS - 1).getIntersection(block);
      sample.load(props);
      await context.sync();
      return { block, sample, saved, table, sheetName, wb };
    });
  let first;
  try {
    first = await oneSync();
  } catch (e) {
    if (officeErrorCode(e) !== "InvalidArgument") throw e;
    // the sample would pass the sheet's last row: read the shape first, then the sample
    return twoSyncLook(run, ref, id, sampleRows, withTypes);
  }
  const { block, sample, saved, table, sheetName, wb } = first;
  const { overrides, unreadable } = parseOverrides(saved.isNullObject ? undefined : saved.value);
  const date1904 = with1904 ? Boolean((wb as unknown as { use1904DateSystem?: boolean }).use1904DateSystem) : undefined;
  const name = table ? table.worksheet.name : (sheetName as string);
  if (block.isNullObject) return { sheet: name, tableName: table?.name, sampleTop: 1, sampleLeft: 1, values: [], formats: [], date1904, saved: overrides, savedUnreadable: unreadable };
  const box: Box = { top: block.rowIndex + 1, left: block.columnIndex + 1, bottom: block.rowIndex + block.rowCount, right: block.columnIndex + block.columnCount };
  const keepRows = Math.min(sample.values.length, block.rowCount);
  const keepCols = Math.min(MAX_COLUMNS, block.columnCount);
  const cut = <T>(rows: T[][]): T[][] => rows.slice(0, keepRows).map((r) => (r.length > keepCols ? r.slice(0, keepCols) : r));
  return {
    sheet: name,
    tableName: table?.name,
    box,
    sampleTop: box.top,
    sampleLeft: box.left,
    values: cut(sample.values as CellValue[][]),
    valueTypes: withTypes ? cut(sample.valueTypes as CellValueType[][]) : undefined,
    formats: cut(sample.numberFormat as string[][]),
    date1904,
    saved: overrides,
    savedUnreadable: unreadable,
  };
}

async function twoSyncLook(run: ExcelRun, ref: SourceRef, id: string, sampleRows: number, withTypes: boolean): Promise<FirstLook> {
  const props = withTypes ? "values, valueTypes, numberFormat" : "values, numberFormat";
  const with1904 = apiSupported("1.16");
  return run(async (context) => {
    const wb = context.workbook;
    if (with1904) wb.load("use1904DateSystem");
    const saved = wb.settings.getItemOrNullObject(ROLE_SETTING_PREFIX + id);
    saved.load("value");
    const table = ref.kind === "table" ? wb.tables.getItem(ref.name) : undefined;
    table?.load("name");
    table?.worksheet.load("name");
    const block = table ? table.getRange() : wb.worksheets.getItem((ref as { sheet: string }).sheet).getUsedRangeOrNullObject(true);
    block.load("rowIndex, columnIndex, rowCount, columnCount");
    await context.sync();
    const { overrides, unreadable } = parseOverrides(saved.isNullObject ? undefined : saved.value);
    const date1904 = with1904 ? Boolean((wb as unknown as { use1904DateSystem?: boolean }).use1904DateSystem) : undefined;
    const name = table ? table.worksheet.name : (ref as { sheet: string }).sheet;
    if (block.isNullObject) return { sheet: name, tableName: table?.name, sampleTop: 1, sampleLeft: 1, values: [], formats: [], date1904, saved: overrides, savedUnreadable: unreadable };
    const rows = Math.min(sampleRows, block.rowCount);
    const cols = Math.min(MAX_COLUMNS, block.columnCount);
    const sample = block.getCell(0, 0).getAbsoluteResizedRange(rows, cols);
    sample.load(props);
    await context.sync();
    return {
      sheet: name,
      tableName: table?.name,
      box: { top: block.rowIndex + 1, left: block.columnIndex + 1, bottom: block.rowIndex + block.rowCount, right: block.columnIndex + block.columnCount },
      sampleTop: block.rowIndex + 1,
      sampleLeft: block.columnIndex + 1,
      values: sample.values as CellValue[][],
      valueTypes: withTypes ? (sample.valueTypes as CellValueType[][]) : undefined,
      formats: sample.numberFormat as string[][],
      date1904,
      saved: overrides,
      savedUnreadable: unreadable,
    };
  });
}

function emptyDataSet(id: string, sheet: string, tableName: string | undefined, messages: OpsMessage[]): DataSet {
  return { id, sheet, tableName, address: "", headerRows: [], rowNumbers: new Int32Array(0), columns: [], roles: {}, excluded: [], messages, kind: "data" };
}

// ---------------------------------------------------------------------------------------------------------------
// role overrides

/** Keeps the well-formed entries of a stored value (object, or its JSON text). */
export function parseOverrides(value: unknown): { overrides: RoleOverrides; unreadable: boolean } {
  if (value === undefined || value === null) return { overrides: {}, unreadable: false };
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return { overrides: {}, unreadable: true };
    }
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return { overrides: {}, unreadable: true };
  const out: RoleOverrides = {};
  let bad = false;
  for (const [k, role] of Object.entries(v as Record<string, unknown>)) {
    if (role === null || isColumnRole(role)) out[k] = role;
    else bad = true;
  }
  return { overrides: out, unreadable: bad };
}

/** The role overrides remembered in the workbook for a source ({} when none). */
export async function loadRoleOverrides(run: ExcelRun, id: string): Promise<RoleOverrides> {
  return guarded({ item: id }, () =>
    run(async (context) => {
      const s = context.workbook.settings.getItemOrNullObject(ROLE_SETTING_PREFIX + id);
      s.load("value");
      await context.sync();
      return parseOverrides(s.isNullObject ? undefined : s.value).overrides;
    }),
  );
}

/** Remembers role overrides for a source in the workbook's settings (an empty set removes them). */
export async function saveRoleOverrides(run: ExcelRun, id: string, overrides: RoleOverrides): Promise<void> {
  const clean = parseOverrides(overrides).overrides;
  await guarded({ item: id }, () =>
    run(async (context) => {
      const key = ROLE_SETTING_PREFIX + id;
      if (Object.keys(clean).length === 0) {
        const s = context.workbook.settings.getItemOrNullObject(key);
        await context.sync();
        if (!s.isNullObject) s.delete();
      } else {
        context.workbook.settings.add(key, clean);
      }
      await context.sync();
    }),
  );
}
