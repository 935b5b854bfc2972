/**
 * The "OPS Log" sheet: one row per run (time, action, table, rows, breaches, policy fingerprint). The time is an Excel
 * date serial with a date-time format (sortable, filterable), never text. Rows are appended below the last used row;
 * the sheet is OPS's own (a user's "OPS Log" is never written to).
 */
import { escapeCell } from "../core/escape";
import { t } from "../core/i18n";
import type { CellValue, Lang } from "../core/types";
import { workbookError } from "./errors";
import { markSheet, planSheet, recordOwned, type WorkbookSnapshot } from "./owned-sheets";

type Ctx = Excel.RequestContext;

export interface LogEntry {
  action: string;
  source?: string;
  rows?: number;
  breaches?: number;
  policyFingerprint?: string;
}

export const LOG_HEADER_ROW = 3;
export const LOG_COLUMNS = ["time", "action", "source", "rows", "breaches", "fingerprint"] as const;
export const LOG_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss";
const WIDTHS = [130, 170, 220, 60, 80, 140];

/**
 * Excel serial of a moment, in local time (Excel has no time zones), in the 1900 system or the 1904 one.
 * Valid from 1 March 1900 on (serial 61), as every date OPS writes.
 */
export function excelSerial(date: Date, date1904 = false): number {
  const local = date.getTime() - date.getTimezoneOffset() * 60_000;
  return local / 86_400_000 + 25569 - (date1904 ? 1462 : 0);
}

/** The label of an action code ("report" -> "Rapport de conformité"), or the text as given. */
export function actionLabel(action: string, lang: Lang): string {
  const key = `excel.log.action.${action}`;
  const label = t(key, lang);
  return label === key ? action : label;
}

export function logRow(entry: LogEntry, lang: Lang, now: Date, date1904: boolean): CellValue[] {
  return [
    excelSerial(now, date1904),
    escapeCell(actionLabel(entry.action, lang)),
    escapeCell(entry.source ?? ""),
    entry.rows ?? "",
    entry.breaches ?? "",
    escapeCell(entry.policyFingerprint ?? ""),
  ];
}

export type LogAppender = (entry: LogEntry, now: Date, date1904: boolean) => { sheetName: string; created?: Excel.Worksheet };

/**
 * Prepares the append of one row to OPS's log sheet (created with its header when needed). When the sheet exists its
 * last row must be read first: with `sync: true` (default) this syncs; with `sync: false` it only queues the read and
 * `needsSync` says the caller must sync before calling `append` (so the read can share a sync with other work).
 * Throws the protected-sheet WorkbookError before anything is written.
 */
export async function prepareLogAppend(ctx: Ctx, snap: WorkbookSnapshot, lang: Lang, options: { sync?: boolean } = {}): Promise<{ append: LogAppender; needsSync: boolean }> {
  const plan = planSheet(snap, "log");
  if (plan.existing?.protected) throw workbookError("excel.sheetProtected", { sheet: plan.existing.name });
  if (!plan.existing && snap.structureProtected) throw workbookError("excel.workbookProtected");
  let used: Excel.Range | undefined;
  if (plan.existing) {
    used = ctx.workbook.worksheets.getItem(plan.existing.name).getUsedRangeOrNullObject(true).load("rowIndex,rowCount");
    if (options.sync !== false) await ctx.sync();
  }
  let nextRow: number | undefined;
  const append: LogAppender = (entry, now, date1904) => {
    if (nextRow === undefined) {
      nextRow = LOG_HEADER_ROW + 1;
      if (used && !used.isNullObject) nextRow = Math.max(nextRow, used.rowIndex + used.rowCount + 1);
    }
    const wb = ctx.workbook;
    let sheet: Excel.Worksheet;
    let created: Excel.Worksheet | undefined;
    if (plan.existing) sheet = wb.worksheets.getItem(plan.existing.name);
    else {
      sheet = wb.worksheets.add(plan.name);
      created = sheet;
      markSheet(sheet, "log", t("excel.name.sheetMarker", lang));
      const title = sheet.getRange("A1");
      title.values = [[escapeCell(t("excel.log.title", lang))]];
      title.format.font.bold = true;
      title.format.font.size = 14;
      const header = sheet.getRange(`A${LOG_HEADER_ROW}:F${LOG_HEADER_ROW}`);
      header.values = [LOG_COLUMNS.map((c) => escapeCell(t(`excel.log.${c}`, lang)))];
      header.format.font.bold = true;
      WIDTHS.forEach((w, i) => {
        const col = String.fromCharCode(65 + i);
        sheet.getRange(`${col}:${col}`).format.columnWidth = w;
      });
      sheet.freezePanes.freezeRows(LOG_HEADER_ROW);
    }
    const row = sheet.getRange(`A${nextRow}:F${nextRow}`);
    row.numberFormat = [[LOG_TIME_FORMAT, "General", "General", "#,##0", "#,##0", "General"]];
    row.values = [logRow(entry, lang, now, date1904)];
    nextRow++;
    return { sheetName: plan.name, created };
  };
  return { append, needsSync: used !== undefined && options.sync === false };
}

/** Appends one row to the log and records a newly created log sheet. Two or three syncs. */
export async function appendLog(ctx: Ctx, snap: WorkbookSnapshot, entry: LogEntry, lang: Lang, now: Date, date1904: boolean): Promise<void> {
  const { append } = await prepareLogAppend(ctx, snap, lang);
  const { sheetName, created } = append(entry, now, date1904);
  if (created) created.load("id");
  await ctx.sync();
  if (created) {
    snap.records = recordOwned(ctx, snap.records, "log", created.id, sheetName);
    snap.sheets.push({ id: created.id, name: sheetName, position: snap.sheets.length, visibility: "Visible", protected: false, marker: "log" });
    await ctx.sync();
  }
}
