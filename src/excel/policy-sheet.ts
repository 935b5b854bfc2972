/**
 * The "OPS Policy" sheet: written from a MarginPolicy (title, note, settings block, rules as an Excel table, formats)
 * and read back into one, with every problem located by cell. The layout, labels and parsing are the compliance
 * area's (src/core/compliance/policy-sheet.ts: POLICY_SHEET, policyToCells, policyFromCells); this module does the
 * Excel side: which sheet (OPS's own, never a user's sheet of the same name), protection, escaping, formats, the
 * table, and the 1904 date system (rule dates are kept as 1900-system serials in the policy, written in the
 * workbook's own system so that the dates read right in Excel and the highlight compares like with like).
 *
 * The sheet is updated in place, never deleted: the workbook names of the highlight refer to its cells.
 */
import { POLICY_SHEET, defaultPolicy, policyFromCells, policyToCells, type CellFormat } from "../core/compliance";
import { escapeCell } from "../core/escape";
import { columnLetter } from "../core/highlight";
import { t } from "../core/i18n";
import type { MarginPolicy } from "../core/policy-types";
import type { CellValue, Lang, OpsMessage } from "../core/types";
import type { PolicyReadResult, WriteOutcome } from "../core/workbook-port";
import { workbookError } from "./errors";
import { fillNumberFormat } from "./write-blocks";
import { markSheet, planSheet, recordOwned, type SheetInfo, type WorkbookSnapshot } from "./owned-sheets";

type Ctx = Excel.RequestContext;

/** Where the cells the highlight reads are, on the policy sheet as it is now. */
export interface PolicyLayout {
  sheet: string;
  /** 1-based row and column of the default floor's value cell, and of the default target's. */
  floorRow: number;
  targetRow: number;
  valueColumn: number;
  /** First rule row (1-based) and the table's first column (1-based). */
  rulesTop: number;
  rulesLeft: number;
  /** Rule rows in the table body (at least 1: a table always has a body row). */
  ruleRows: number;
}

export const DATE1904_OFFSET = 1462;

const PERCENT_FORMAT = "0.0%";
const dateFormat = (lang: Lang) => (lang === "fr" ? "dd/mm/yyyy" : "yyyy-mm-dd");
/** Text columns stay "General": user text is escaped with an apostrophe, which a "@" column would keep as a character. */
const formatCode = (f: CellFormat, lang: Lang) => (f === "percent" ? PERCENT_FORMAT : f === "date" ? dateFormat(lang) : "General");

/** Column widths (points) of the policy sheet: rule, dimension, value, floor, target, from, to, comment. */
const WIDTHS = [150, 110, 140, 70, 70, 80, 80, 260];

export function defaultLayout(sheet: string, ruleCount: number): PolicyLayout {
  const keys = POLICY_SHEET.settingKeys as readonly string[];
  return {
    sheet,
    floorRow: POLICY_SHEET.settingsTop + keys.indexOf("floor"),
    targetRow: POLICY_SHEET.settingsTop + keys.indexOf("target"),
    valueColumn: POLICY_SHEET.settingsLeft + 1,
    rulesTop: POLICY_SHEET.rulesTop,
    rulesLeft: POLICY_SHEET.rulesLeft,
    ruleRows: Math.max(1, ruleCount),
  };
}

/** 1-based column of a rules-table field ("value", "floor", "from", "to"...). */
export function ruleColumn(layout: PolicyLayout, field: (typeof POLICY_SHEET.columns)[number]): number {
  return layout.rulesLeft + POLICY_SHEET.columns.indexOf(field);
}

/** The policy's rule dates in the workbook's system (the policy keeps 1900-system serials). */
function toWorkbookDates(rows: CellValue[][], date1904: boolean): CellValue[][] {
  if (!date1904) return rows;
  const iFrom = POLICY_SHEET.columns.indexOf("from");
  const iTo = POLICY_SHEET.columns.indexOf("to");
  return rows.map((r) => r.map((v, i) => ((i === iFrom || i === iTo) && typeof v === "number" ? v - DATE1904_OFFSET : v)));
}

/**
 * Queues the whole policy sheet on `sheet` (new, or OPS's own after its old rules table was deleted and its block
 * cleared). Returns the layout and the last row written.
 */
function queuePolicyCells(ctx: Ctx, sheet: Excel.Worksheet, sheetName: string, policy: MarginPolicy, lang: Lang, date1904: boolean, tableName: string): { layout: PolicyLayout; bottom: number } {
  const cells = policyToCells(policy, lang);
  const width = POLICY_SHEET.columns.length;
  const lastCol = columnLetter(POLICY_SHEET.rulesLeft + width - 1);
  // Title and note.
  const title = sheet.getRange(`A${POLICY_SHEET.titleRow}:A${POLICY_SHEET.noteRow}`);
  title.values = [[escapeCell(cells.title)], [escapeCell(cells.note)]];
  const titleCell = sheet.getRange(`A${POLICY_SHEET.titleRow}`);
  titleCell.format.font.bold = true;
  titleCell.format.font.size = 14;
  sheet.getRange(`A${POLICY_SHEET.noteRow}`).format.font.italic = true;

  // Settings: labels bold, values with their formats (one call per value cell: six cells).
  const sTop = POLICY_SHEET.settingsTop;
  const sLeft = columnLetter(POLICY_SHEET.settingsLeft);
  const sVal = columnLetter(POLICY_SHEET.settingsLeft + 1);
  const sBottom = sTop + cells.settings.length - 1;
  const settings = sheet.getRange(`${sLeft}${sTop}:${sVal}${sBottom}`);
  cells.settingsFormats.forEach((f, i) => {
    fillNumberFormat(sheet.getRange(`${sVal}${sTop + i}`), f === "percent" ? PERCENT_FORMAT : "General");
  });
  settings.values = cells.settings.map((r) => r.map(escapeCell));
  sheet.getRange(`${sLeft}${sTop}:${sLeft}${sBottom}`).format.font.bold = true;

  // Rules: header, body (at least one row), formats, then the table over them.
  const hRow = POLICY_SHEET.rulesHeaderRow;
  const top = POLICY_SHEET.rulesTop;
  const body = toWorkbookDates(cells.rules, date1904).map((r) => r.map(escapeCell));
  const n = Math.max(1, body.length);
  const bottom = top + n - 1;
  cells.rulesFormats.forEach((f, i) => {
    const col = columnLetter(POLICY_SHEET.rulesLeft + i);
    fillNumberFormat(sheet.getRange(`${col}${top}:${col}${bottom}`), formatCode(f, lang));
  });
  sheet.getRange(`A${hRow}:${lastCol}${hRow}`).values = [cells.rulesHeader.map(escapeCell)];
  if (body.length > 0) sheet.getRange(`A${top}:${lastCol}${bottom}`).values = body;
  const table = sheet.tables.add(`A${hRow}:${lastCol}${bottom}`, true);
  table.name = tableName;
  table.style = "TableStyleLight9";
  WIDTHS.forEach((w, i) => {
    sheet.getRange(`${columnLetter(POLICY_SHEET.rulesLeft + i)}:${columnLetter(POLICY_SHEET.rulesLeft + i)}`).format.columnWidth = w;
  });
  void ctx;
  return { layout: defaultLayout(sheetName, body.length), bottom };
}

export interface PolicyWrite {
  outcome: WriteOutcome;
  layout: PolicyLayout;
  messages: OpsMessage[];
  /** The sheet's info after writing (new sheets: id known after the write's sync). */
  sheet: SheetInfo;
}

/**
 * Writes the policy to OPS's policy sheet (creating it, or updating it in place). Syncs 2 or 3 times.
 * Fails with a WorkbookError, before changing anything, when the sheet (or the workbook's structure, for a new sheet)
 * is protected.
 */
export async function writePolicySheet(ctx: Ctx, snap: WorkbookSnapshot, policy: MarginPolicy, lang: Lang, date1904: boolean): Promise<PolicyWrite> {
  const plan = planSheet(snap, "policy");
  const messages: OpsMessage[] = [];
  if (plan.existing?.protected) throw workbookError("excel.sheetProtected", { sheet: plan.existing.name });
  if (!plan.existing && snap.structureProtected) throw workbookError("excel.workbookProtected");
  if (plan.userHasDefault) messages.push({ code: "excel.sheetRenamedForUser", severity: "info", params: { wanted: POLICY_SHEET.name, used: plan.name } });

  const wb = ctx.workbook;
  let sheet: Excel.Worksheet;
  let tableName: string;
  if (plan.existing) {
    sheet = wb.worksheets.getItem(plan.existing.name);
    const tables = sheet.tables.load("items/name");
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load("rowCount,rowIndex");
    await ctx.sync();
    // The old rules table goes (its name is reused), then the block OPS lays out (A1 to the table's last row) is
    // cleared; what the user wrote to the right of it or below the table stays as it is.
    const own = tables.items.find((tb) => tb.name.toLowerCase().startsWith(POLICY_SHEET.tableName.toLowerCase()));
    let lastRow: number;
    if (own) {
      const r = own.getRange().load("rowIndex,rowCount");
      await ctx.sync();
      lastRow = Math.max(POLICY_SHEET.rulesTop, r.rowIndex + r.rowCount);
      own.delete();
    } else {
      lastRow = used.isNullObject ? POLICY_SHEET.rulesTop : Math.max(POLICY_SHEET.rulesTop, used.rowIndex + used.rowCount);
    }
    tableName = own ? own.name : freeTableName(snap);
    const lastCol = columnLetter(POLICY_SHEET.rulesLeft + POLICY_SHEET.columns.length - 1);
    sheet.getRange(`A1:${lastCol}${lastRow}`).clear("All");
  } else {
    sheet = wb.worksheets.add(plan.name);
    markSheet(sheet, "policy", t("excel.name.sheetMarker", lang));
    tableName = freeTableName(snap);
  }
  const { layout } = queuePolicyCells(ctx, sheet, plan.name, policy, lang, date1904, tableName);
  sheet.load("id,name,position,visibility");
  await ctx.sync();
  const info: SheetInfo = { id: sheet.id, name: sheet.name, position: sheet.position, visibility: String(sheet.visibility), protected: false, marker: "policy" };
  if (!plan.existing || !snap.records.some((r) => r.role === "policy" && r.id === sheet.id)) {
    snap.records = recordOwned(ctx, snap.records, "policy", sheet.id, sheet.name);
    await ctx.sync();
  }
  if (!plan.existing) {
    snap.sheets.push(info);
    snap.tableNames.add(tableName.toLowerCase());
  }
  return { outcome: { sheet: plan.name, rowsWritten: policy.rules.length }, layout, messages, sheet: info };
}

function freeTableName(snap: WorkbookSnapshot): string {
  const base = POLICY_SHEET.tableName;
  if (!snap.tableNames.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!snap.tableNames.has(`${base}_${i}`.toLowerCase())) return `${base}_${i}`;
}

export interface PolicyRead extends PolicyReadResult {
  layout?: PolicyLayout;
}

/**
 * Reads the policy from OPS's policy sheet: the settings block and the rules table's body (wherever the table now is,
 * e.g. after the user inserted rows), through the compliance area's parser and validation. The default policy when
 * OPS has no policy sheet. One or two syncs.
 */
export async function readPolicySheet(ctx: Ctx, snap: WorkbookSnapshot, date1904: boolean): Promise<PolicyRead> {
  const plan = planSheet(snap, "policy");
  if (!plan.existing) return { policy: defaultPolicy(), fromSheet: false, messages: [] };
  const name = plan.existing.name;
  const sheet = ctx.workbook.worksheets.getItem(name);
  const tables = sheet.tables.load("items/name");
  await ctx.sync();
  const table = tables.items.find((tb) => tb.name.toLowerCase().startsWith(POLICY_SHEET.tableName.toLowerCase())) ?? tables.items[0];
  const width = POLICY_SHEET.columns.length;
  let headerRow = POLICY_SHEET.rulesHeaderRow;
  let rulesLeft = POLICY_SHEET.rulesLeft;
  let ruleValues: CellValue[][] = [];
  const messages: OpsMessage[] = [];
  let body: Excel.Range | undefined;
  if (table) {
    const header = table.getHeaderRowRange().load("rowIndex,columnIndex");
    body = table.getDataBodyRange().load("values,rowIndex,columnIndex,rowCount,columnCount");
    await ctx.sync();
    headerRow = header.rowIndex + 1;
    rulesLeft = header.columnIndex + 1;
    ruleValues = (body.values as CellValue[][]).map((r) => r.slice(0, width));
  } else {
    messages.push({ code: "excel.policyTableMissing", severity: "warning", params: { sheet: name, table: POLICY_SHEET.tableName }, location: { sheet: name } });
    const used = sheet.getUsedRangeOrNullObject(true).load("rowIndex,rowCount");
    await ctx.sync();
    const last = used.isNullObject ? 0 : used.rowIndex + used.rowCount;
    if (last >= POLICY_SHEET.rulesTop) {
      const r = sheet.getRange(`A${POLICY_SHEET.rulesTop}:${columnLetter(width)}${last}`).load("values");
      await ctx.sync();
      ruleValues = r.values as CellValue[][];
    }
  }
  const sTop = POLICY_SHEET.settingsTop;
  const sBottom = Math.max(sTop + POLICY_SHEET.settingKeys.length - 1, Math.min(headerRow - 1, sTop + 20));
  const sRange = sheet.getRange(`${columnLetter(POLICY_SHEET.settingsLeft)}${sTop}:${columnLetter(POLICY_SHEET.settingsLeft + 1)}${sBottom}`).load("values");
  await ctx.sync();
  const settings = (sRange.values as CellValue[][]).filter((r, i) => i < POLICY_SHEET.settingKeys.length || r.some((v) => v !== "" && v !== null));
  if (date1904) {
    const iFrom = POLICY_SHEET.columns.indexOf("from");
    const iTo = POLICY_SHEET.columns.indexOf("to");
    ruleValues = ruleValues.map((r) => r.map((v, i) => ((i === iFrom || i === iTo) && typeof v === "number" ? v + DATE1904_OFFSET : v)));
  }
  const rulesTop = headerRow + 1;
  const { policy, messages: parsed } = policyFromCells(settings, ruleValues, { sheet: name, settingsTop: sTop, rulesTop, settingsLeft: POLICY_SHEET.settingsLeft, rulesLeft });
  const keys = POLICY_SHEET.settingKeys as readonly string[];
  const layout: PolicyLayout = {
    sheet: name,
    floorRow: sTop + keys.indexOf("floor"),
    targetRow: sTop + keys.indexOf("target"),
    valueColumn: POLICY_SHEET.settingsLeft + 1,
    rulesTop,
    rulesLeft,
    ruleRows: Math.max(1, ruleValues.length),
  };
  return { policy, fromSheet: true, messages: [...messages, ...parsed], layout };
}
