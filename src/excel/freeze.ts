/**
 * Frozen OPS formulas over the workbook (issue 11): freeze every OPS.* formula into its value, keeping each formula
 * on the hidden owned sheet "OPS Formulas"; restore them exactly; repair the ones Excel left unresolved (#NAME?).
 * The pure rules (what is an OPS formula, what is written, the sheet's layout) are src/core/share/formulas.ts.
 *
 * - Every user sheet's used range is read (its `formulas`) in row blocks under the payload limits (chunking.ts);
 *   OPS's own sheets are skipped. Only the cells holding an OPS formula are then loaded (values, valueTypes) and,
 *   where the host has ExcelApi 1.12, their spill range (`getSpillingToRangeOrNullObject`): a spilled formula's whole
 *   range is frozen, the anchor's formula is what is restored.
 * - The formulas are written to "OPS Formulas" (hidden) in a sync BEFORE any cell is changed: a failure later
 *   loses nothing. A protected sheet is left as it is, with a message.
 * - Restore puts a formula back only when the frozen block still reads as it was frozen (fingerprint); otherwise the
 *   cell is left as the user made it and a message names it. Restored entries leave the sheet; when none is left the
 *   sheet is deleted.
 */
import { t } from "../core/i18n";
import {
  FORMULAS_COLUMNS,
  FORMULAS_LAYOUT,
  blockFingerprint,
  cellAddress,
  formulasSheetRows,
  frozenBlock,
  isOpsFormula,
  isUnresolvedOpsFormula,
  mergeEntries,
  parseFormulasSheet,
  parseRange,
  repairedFormula,
  type FrozenEntry,
} from "../core/share/formulas";
import type { CellValue, CellValueType, Lang, OpsMessage, WorkOptions } from "../core/types";
import type { FreezeOutcome, RepairOutcome, RestoreOutcome } from "../core/workbook-port";
import { FUNCTION_CATALOGUE } from "../functions/catalogue";
import { excelApiSupported } from "./charts";
import { readRowBlocks, type ExcelRun } from "./chunking";
import { throwIfAborted } from "./errors";
import { OWNED_SETTING, markSheet, ownedSheet, planSheet, recordOwned, snapshot, type SheetInfo, type WorkbookSnapshot } from "./owned-sheets";

type Ctx = Excel.RequestContext;

/** OPS's function names (en-US, as `formulas` gives them), to turn `_xldudf_OPS_MARGIN_CONVERT` back into OPS.MARGIN.CONVERT. */
const KNOWN_NAMES = FUNCTION_CATALOGUE.map((f) => f.id);
/** Calls queued per sync when writing many cells (Excel slows down on huge batches). */
const CALLS_PER_SYNC = 2000;

const info = (code: string, params?: Record<string, string | number>, severity: OpsMessage["severity"] = "info", sheet?: string, address?: string): OpsMessage => {
  const m: OpsMessage = { code, severity };
  if (params) m.params = params;
  if (sheet) m.location = address ? { sheet, address } : { sheet };
  return m;
};

interface FoundCell {
  sheet: SheetInfo;
  row: number;
  col: number;
  formula: string;
}

/** Every cell of the user's sheets holding an OPS formula (used ranges read by row blocks). */
export async function findOpsFormulas(run: ExcelRun, snap: WorkbookSnapshot, signal?: AbortSignal): Promise<FoundCell[]> {
  const userSheets = snap.sheets.filter((s) => s.marker === undefined && !snap.records.some((r) => r.id === s.id));
  const used = await run(async (ctx) => {
    const ranges = userSheets.map((s) => ctx.workbook.worksheets.getItem(s.name).getUsedRangeOrNullObject(true).load("rowIndex,columnIndex,rowCount,columnCount"));
    await ctx.sync();
    return ranges.map((r) => (r.isNullObject ? null : { row: r.rowIndex, col: r.columnIndex, rows: r.rowCount, cols: r.columnCount }));
  });
  const found: FoundCell[] = [];
  for (let i = 0; i < userSheets.length; i++) {
    const u = used[i];
    if (!u) continue;
    throwIfAborted(signal);
    const read = await readRowBlocks(run, { sheet: userSheets[i].name, startRow: u.row, endRow: u.row + u.rows - 1, left: u.col, columns: u.cols, bytesPerRow: 12 * u.cols, formulas: true, signal, checkAbort: () => throwIfAborted(signal) });
    read.values.forEach((row, r) => {
      for (let c = 0; c < row.length; c++) {
        const f = row[c];
        if (typeof f === "string" && f.length > 4 && f[0] === "=" && isOpsFormula(f)) found.push({ sheet: userSheets[i], row: u.row + r, col: u.col + c, formula: f });
      }
    });
  }
  return found;
}

/** Messages for protected sheets holding OPS formulas, and the cells on the others. */
function splitProtected(found: FoundCell[]): { open: FoundCell[]; messages: OpsMessage[] } {
  const messages: OpsMessage[] = [];
  const counts = new Map<string, number>();
  const open: FoundCell[] = [];
  for (const f of found) {
    if (f.sheet.protected) counts.set(f.sheet.name, (counts.get(f.sheet.name) ?? 0) + 1);
    else open.push(f);
  }
  for (const [sheet, count] of counts) messages.push(info("share.sheetProtectedSkipped", { sheet, count }, "warning", sheet));
  return { open, messages };
}

/** Queues `fn` for each item, syncing every CALLS_PER_SYNC items and at the end. */
async function inBatches<T>(ctx: Ctx, items: readonly T[], fn: (item: T) => void, signal?: AbortSignal): Promise<void> {
  for (let i = 0; i < items.length; i += CALLS_PER_SYNC) {
    throwIfAborted(signal);
    for (const item of items.slice(i, i + CALLS_PER_SYNC)) fn(item);
    await ctx.sync();
  }
}

interface LoadedBlock {
  cell: FoundCell;
  address: string;
  range: string;
  bounds: { row: number; col: number; rows: number; cols: number };
  values: CellValue[][];
  types: CellValueType[][];
}

/** Loads each found cell's value (and its spill range's values where the host tells spills). */
async function loadBlocks(ctx: Ctx, cells: FoundCell[], signal?: AbortSignal): Promise<LoadedBlock[]> {
  const spills = excelApiSupported("1.12");
  const out: LoadedBlock[] = [];
  for (let i = 0; i < cells.length; i += CALLS_PER_SYNC) {
    throwIfAborted(signal);
    const part = cells.slice(i, i + CALLS_PER_SYNC);
    const queued = part.map((cell) => {
      const ws = ctx.workbook.worksheets.getItem(cell.sheet.name);
      const anchor = ws.getRangeByIndexes(cell.row, cell.col, 1, 1).load("values,valueTypes");
      let spill: Excel.Range | undefined;
      if (spills) {
        try {
          spill = anchor.getSpillingToRangeOrNullObject().load("values,valueTypes,rowIndex,columnIndex,rowCount,columnCount");
        } catch {
          spill = undefined; // a host without dynamic arrays (the simulated one): single cells
        }
      }
      return { cell, anchor, spill };
    });
    await ctx.sync();
    for (const q of queued) {
      const address = cellAddress(q.cell.row, q.cell.col);
      const s = q.spill && !q.spill.isNullObject && q.spill.rowCount * q.spill.columnCount > 1 ? q.spill : undefined;
      if (s) {
        const range = `${address}:${cellAddress(s.rowIndex + s.rowCount - 1, s.columnIndex + s.columnCount - 1)}`;
        out.push({ cell: q.cell, address, range, bounds: { row: s.rowIndex, col: s.columnIndex, rows: s.rowCount, cols: s.columnCount }, values: s.values as CellValue[][], types: s.valueTypes as CellValueType[][] });
      } else {
        out.push({ cell: q.cell, address, range: address, bounds: { row: q.cell.row, col: q.cell.col, rows: 1, cols: 1 }, values: q.anchor.values as CellValue[][], types: q.anchor.valueTypes as CellValueType[][] });
      }
    }
  }
  return out;
}

/** The entries kept on OPS's formulas sheet (none when there is no such sheet). */
async function readEntries(ctx: Ctx, snap: WorkbookSnapshot): Promise<{ sheet?: SheetInfo; entries: FrozenEntry[]; messages: OpsMessage[] }> {
  const sheet = ownedSheet(snap, "formulas");
  if (!sheet) return { entries: [], messages: [] };
  const used = ctx.workbook.worksheets.getItem(sheet.name).getUsedRangeOrNullObject(true).load("values,rowIndex,columnIndex");
  await ctx.sync();
  if (used.isNullObject) return { sheet, entries: [], messages: [] };
  // place the values at sheet coordinates A1.. (the used range may start lower)
  const grid: CellValue[][] = [];
  for (let r = 0; r < used.rowIndex; r++) grid.push([]);
  for (const row of used.values as CellValue[][]) grid.push([...new Array<CellValue>(used.columnIndex).fill(null), ...row]);
  const parsed = parseFormulasSheet(grid, sheet.name);
  return { sheet, ...parsed };
}

/** Writes the entries to OPS's formulas sheet (created hidden when needed; deleted when there are none). Syncs. */
async function writeEntries(ctx: Ctx, snap: WorkbookSnapshot, entries: FrozenEntry[], lang: Lang): Promise<void> {
  const plan = planSheet(snap, "formulas");
  const wb = ctx.workbook;
  if (entries.length === 0) {
    if (plan.existing) {
      wb.worksheets.getItem(plan.existing.name).delete();
      const next = snap.records.filter((r) => r.role !== "formulas");
      wb.settings.add(OWNED_SETTING, JSON.stringify(next));
      snap.records = next;
      snap.sheets = snap.sheets.filter((s) => s !== plan.existing);
      await ctx.sync();
    }
    return;
  }
  const rows = formulasSheetRows(entries, {
    title: t("share.formulasTitle", lang),
    headers: FORMULAS_LAYOUT.columns.map((c) => t(`share.header.${c}`, lang)),
  });
  let sheet: Excel.Worksheet;
  let created = false;
  if (plan.existing) {
    sheet = wb.worksheets.getItem(plan.existing.name);
    sheet.getRange().clear("Contents");
  } else {
    sheet = wb.worksheets.add(plan.name);
    created = true;
    markSheet(sheet, "formulas", t("excel.name.sheetMarker", lang));
  }
  const last = cellAddress(rows.length - 1, FORMULAS_COLUMNS - 1);
  const block = sheet.getRange(`A1:${last}`);
  block.values = rows;
  sheet.getRange("A2:F2").format.font.bold = true;
  if (created) {
    sheet.visibility = "Hidden" as Excel.SheetVisibility;
    sheet.load("id");
  }
  await ctx.sync();
  if (created) {
    snap.records = recordOwned(ctx, snap.records, "formulas", sheet.id, plan.name);
    snap.sheets.push({ id: sheet.id, name: plan.name, position: snap.sheets.length, visibility: "Hidden", protected: false, marker: "formulas" });
    await ctx.sync();
  }
}

/** Replaces every OPS formula of the user's sheets by its value; the formulas go to "OPS Formulas". */
export async function freezeFormulas(run: ExcelRun, lang: Lang, options: WorkOptions = {}): Promise<FreezeOutcome> {
  const snap = await run((ctx) => snapshot(ctx));
  const found = await findOpsFormulas(run, snap, options.signal);
  const { open, messages } = splitProtected(found);
  if (found.length === 0) return { frozen: 0, sheets: [], messages: [info("share.nothingToFreeze")] };
  return run(async (ctx) => {
    const blocks = await loadBlocks(ctx, open, options.signal);
    const fresh: FrozenEntry[] = [];
    const writes: { block: LoadedBlock; values: CellValue[][] }[] = [];
    for (const b of blocks) {
      const f = frozenBlock(b.values, b.types);
      const sheet = b.cell.sheet.name;
      if ("skip" in f) {
        messages.push(info(f.skip === "unresolved" ? "share.unresolvedNotFrozen" : "share.calculatingNotFrozen", { sheet, address: b.address }, "warning", sheet, b.address));
        continue;
      }
      if (b.range !== b.address) messages.push(info("share.spillFrozen", { sheet, address: b.address, range: b.range }, "info", sheet, b.address));
      fresh.push({ sheet, address: b.address, formula: b.cell.formula, value: b.values[0]?.[0] ?? null, range: b.range, check: blockFingerprint(b.values) });
      writes.push({ block: b, values: f.values });
    }
    if (fresh.length === 0) return { frozen: 0, sheets: [], messages };
    // 1. keep the formulas (a failure after this loses nothing)
    const kept = await readEntries(ctx, snap);
    messages.push(...kept.messages);
    await writeEntries(ctx, snap, mergeEntries(kept.entries, fresh), lang);
    // 2. values in place of the formulas
    await inBatches(ctx, writes, ({ block, values }) => {
      const b = block.bounds;
      ctx.workbook.worksheets.getItem(block.cell.sheet.name).getRangeByIndexes(b.row, b.col, b.rows, b.cols).values = values;
    }, options.signal);
    const sheets = [...new Set(fresh.map((e) => e.sheet))];
    return { frozen: fresh.length, sheets, messages };
  });
}

/** Puts back every kept formula whose frozen block still reads as frozen; the others stay kept, with a message. */
export async function restoreFormulas(run: ExcelRun, lang: Lang, options: WorkOptions = {}): Promise<RestoreOutcome> {
  return run(async (ctx) => {
    const snap = await snapshot(ctx);
    const kept = await readEntries(ctx, snap);
    const messages = [...kept.messages];
    if (kept.entries.length === 0) return { restored: 0, skipped: 0, messages: [...messages, info("share.nothingToRestore")] };
    const remaining: FrozenEntry[] = [];
    const candidates: { entry: FrozenEntry; sheet: SheetInfo; range: Excel.Range }[] = [];
    const protectedCounts = new Map<string, number>();
    for (const entry of kept.entries) {
      const sheet = snap.sheets.find((s) => s.name.toLowerCase() === entry.sheet.toLowerCase() && s.marker === undefined);
      if (!sheet) {
        messages.push(info("share.sheetMissing", { sheet: entry.sheet, address: entry.address }, "warning"));
        remaining.push(entry);
      } else if (sheet.protected) {
        protectedCounts.set(sheet.name, (protectedCounts.get(sheet.name) ?? 0) + 1);
        remaining.push(entry);
      } else candidates.push({ entry, sheet, range: ctx.workbook.worksheets.getItem(sheet.name).getRange(entry.range).load("values") });
    }
    for (const [sheet, count] of protectedCounts) messages.push(info("share.sheetProtectedSkipped", { sheet, count }, "warning", sheet));
    await ctx.sync();
    const restore: typeof candidates = [];
    for (const c of candidates) {
      if (blockFingerprint(c.range.values as CellValue[][]) === c.entry.check) restore.push(c);
      else {
        messages.push(info("share.editedNotRestored", { sheet: c.sheet.name, address: c.entry.address }, "warning", c.sheet.name, c.entry.address));
        remaining.push(c.entry);
      }
    }
    await inBatches(ctx, restore, ({ entry, sheet }) => {
      const ws = ctx.workbook.worksheets.getItem(sheet.name);
      if (entry.range !== entry.address) ws.getRange(entry.range).values = blankBlock(entry.range);
      ws.getRange(entry.address).formulas = [[entry.formula]];
    }, options.signal);
    await writeEntries(ctx, snap, remaining, lang);
    return { restored: restore.length, skipped: remaining.length, messages };
  });
}

/** "" for every cell of a block (the spilled cells are emptied so the anchor's formula can spill again). */
function blankBlock(range: string): string[][] {
  const b = parseRange(range) ?? { r0: 0, c0: 0, r1: 0, c1: 0 };
  return Array.from({ length: b.r1 - b.r0 + 1 }, () => new Array<string>(b.c1 - b.c0 + 1).fill(""));
}

/** Re-enters the OPS formulas Excel left unresolved (`_xldudf_OPS_…`, or showing #NAME?). */
export async function repairFormulas(run: ExcelRun, options: WorkOptions = {}): Promise<RepairOutcome> {
  const snap = await run((ctx) => snapshot(ctx));
  const found = await findOpsFormulas(run, snap, options.signal);
  const { open, messages } = splitProtected(found);
  return run(async (ctx) => {
    const loaded: { cell: FoundCell; range: Excel.Range }[] = [];
    await inBatches(ctx, open, (cell) => {
      loaded.push({ cell, range: ctx.workbook.worksheets.getItem(cell.sheet.name).getRangeByIndexes(cell.row, cell.col, 1, 1).load("values") });
    }, options.signal);
    const todo = loaded.filter((l) => isUnresolvedOpsFormula(l.cell.formula) || String((l.range.values as CellValue[][])[0]?.[0]).toUpperCase() === "#NAME?");
    await inBatches(ctx, todo, ({ cell }) => {
      ctx.workbook.worksheets.getItem(cell.sheet.name).getRangeByIndexes(cell.row, cell.col, 1, 1).formulas = [[repairedFormula(cell.formula, KNOWN_NAMES)]];
    }, options.signal);
    if (todo.length === 0 && messages.length === 0) messages.push(info("share.nothingToRepair"));
    return { repaired: todo.length, messages };
  });
}
