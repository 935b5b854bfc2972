/**
 * Writes an OPS sheet described as a SheetModel (src/core/charts/sheet-model.ts): the summary, trends and market
 * sheets. The same discipline as the report (src/excel/report.ts): the new sheet is built under a temporary name, and
 * at the last sync OPS's previous sheet of that role goes and the new one takes its name and place; a failure or a
 * cancel removes the temporary sheet and leaves the workbook as it was. A user's sheet of the default name is never
 * touched (the OPS sheet gets another name, with a message).
 *
 * Charts a user added on OPS's previous sheet are not lost: that sheet is then kept, renamed, with a message.
 */
import type { SheetModel, SheetRowStyle } from "../core/charts/sheet-model";
import { escapeCell } from "../core/escape";
import { t } from "../core/i18n";
import type { CellValue, Lang, OpsMessage, WorkOptions } from "../core/types";
import type { WriteOutcome } from "../core/workbook-port";
import { isOpsChartName } from "../core/charts/spec";
import { drawCharts } from "./charts";
import { throwIfAborted, toWorkbookError, workbookError } from "./errors";
import { freeSheetName, markerName, markSheet, OWNED_SETTING, planSheet, recordOwned, tempSheetName, OWNED_SHEET_NAMES, type OwnedRole, type WorkbookSnapshot } from "./owned-sheets";
import { removeTemp } from "./report";

type Ctx = Excel.RequestContext;

export interface ModelSheetOptions extends WorkOptions {
  lang: Lang;
  /** Queued on the new sheet before the first sync (page setup...). */
  setup?: (sheet: Excel.Worksheet) => void;
  /** Queued in the last sync, before the swap (other sheets' page setup...). */
  beforeSwap?: () => void;
  /** Hide the gridlines (default true). */
  hideGridlines?: boolean;
  /** Rows frozen at the top (none by default). */
  freezeRows?: number;
}

export interface ModelSheetWrite extends WriteOutcome {
  messages: OpsMessage[];
  charts: number;
}

export async function writeModelSheet(ctx: Ctx, snap: WorkbookSnapshot, role: OwnedRole, model: SheetModel, options: ModelSheetOptions): Promise<ModelSheetWrite> {
  const { lang } = options;
  const plan = planSheet(snap, role);
  if (snap.structureProtected) throw workbookError("excel.workbookProtected");
  if (plan.existing?.protected) throw workbookError("excel.sheetProtected", { sheet: plan.existing.name });
  const messages: OpsMessage[] = [];
  if (plan.userHasDefault) messages.push({ code: "excel.sheetRenamedForUser", severity: "info", params: { wanted: OWNED_SHEET_NAMES[role], used: plan.name } });
  messages.push(...model.messages);
  const temp = tempSheetName(snap, role);
  const wb = ctx.workbook;
  let created: Excel.Worksheet | undefined;
  try {
    throwIfAborted(options.signal);
    // Charts a user put on OPS's previous sheet (read first: they decide whether that sheet may be deleted).
    let userCharts = 0;
    if (plan.existing) {
      const charts = wb.worksheets.getItem(plan.existing.name).charts;
      charts.load("items/name");
      await ctx.sync();
      userCharts = charts.items.filter((c) => !isOpsChartName(c.name)).length;
    }
    // 1. The sheet, its cells, formats, styles and widths, its charts.
    const sheet = wb.worksheets.add(temp);
    created = sheet;
    sheet.load("id");
    markSheet(sheet, role, t("excel.name.sheetMarker", lang));
    const n = model.rows.length;
    if (n > 0) {
      const all = sheet.getRangeByIndexes(0, 0, n, model.width);
      (all as unknown as { numberFormat: unknown }).numberFormat = model.formats;
      all.values = model.rows.map((r) => r.map((v): CellValue => escapeCell(v))) as Excel.Range["values"];
      // One format call per run of rows of the same style.
      let a = 0;
      for (let i = 1; i <= n; i++) {
        if (i < n && model.styles[i] === model.styles[a]) continue;
        styleRows(sheet.getRangeByIndexes(a, 0, i - a, model.width), model.styles[a], i - a);
        a = i;
      }
    }
    model.widths?.forEach((w, c) => (sheet.getRangeByIndexes(0, c, 1, 1).getEntireColumn().format.columnWidth = w));
    if (options.hideGridlines !== false) sheet.showGridlines = false;
    if (options.freezeRows) sheet.freezePanes.freezeRows(options.freezeRows);
    const drawn = await drawCharts(ctx, sheet, model.charts, { fresh: true, sheetName: plan.name });
    messages.push(...drawn.skipped);
    options.setup?.(sheet);
    await ctx.sync();
    throwIfAborted(options.signal);

    // 2. In the last sync: the swap (OPS's previous sheet goes, or is kept renamed when it holds a user's charts),
    // the new sheet takes its name and place; the record.
    options.beforeSwap?.();
    if (plan.existing) {
      const old = wb.worksheets.getItem(plan.existing.name);
      if (userCharts > 0) {
        const kept = freeSheetName(snap.sheets.map((s) => s.name).concat(temp, plan.name), t("excel.sheet.keptName", lang, { name: plan.existing.name }));
        old.name = kept;
        old.names.getItem(markerName(role)).delete();
        messages.push({ code: "excel.userChartsKept", severity: "warning", params: { sheet: plan.existing.name, kept, count: userCharts } });
      } else old.delete();
    }
    sheet.name = plan.name;
    if (plan.existing) sheet.position = plan.existing.position;
    sheet.activate();
    snap.records = recordOwned(ctx, snap.records, role, sheet.id, plan.name);
    await ctx.sync();
    return { sheet: plan.name, rowsWritten: n, messages, charts: drawn.drawn };
  } catch (e) {
    await removeTemp(ctx, temp, created !== undefined);
    throw toWorkbookError(e, { sheet: plan.existing?.name ?? plan.name });
  }
}

/** Removes OPS's sheet of a role (only when OPS owns it; a user's charts on it keep it, renamed). False when there was none. */
export async function clearModelSheet(ctx: Ctx, snap: WorkbookSnapshot, role: OwnedRole, _lang: Lang): Promise<{ removed: boolean; messages: OpsMessage[] }> {
  const plan = planSheet(snap, role);
  if (!plan.existing) return { removed: false, messages: [] };
  if (snap.structureProtected) throw workbookError("excel.workbookProtected");
  try {
    const old = ctx.workbook.worksheets.getItem(plan.existing.name);
    old.charts.load("items/name");
    await ctx.sync();
    const user = old.charts.items.filter((c) => !isOpsChartName(c.name));
    const messages: OpsMessage[] = [];
    if (user.length > 0) {
      for (const c of old.charts.items) if (isOpsChartName(c.name)) c.delete();
      messages.push({ code: "excel.userChartsKept", severity: "warning", params: { sheet: plan.existing.name, kept: plan.existing.name, count: user.length } });
    } else {
      if (snap.sheets.filter((s) => s.visibility === "Visible").length <= 1) ctx.workbook.worksheets.add();
      old.delete();
    }
    snap.records = snap.records.filter((r) => r.role !== role);
    ctx.workbook.settings.add(OWNED_SETTING, JSON.stringify(snap.records));
    await ctx.sync();
    return { removed: user.length === 0, messages };
  } catch (e) {
    throw toWorkbookError(e, { sheet: plan.existing.name });
  }
}

/** Formats a run of rows of one style. */
export function styleRows(range: Excel.Range, style: SheetRowStyle, count = 1): void {
  const f = range.format;
  switch (style) {
    case "title":
      f.font.bold = true;
      f.font.size = 16;
      break;
    case "heading":
      f.font.bold = true;
      f.font.size = 12;
      f.font.color = "#1F4E79";
      break;
    case "tableHeader":
      f.font.bold = true;
      f.fill.color = "#DDEBF7";
      f.wrapText = true;
      break;
    case "total":
      f.font.bold = true;
      f.borders.getItem("EdgeTop" as Excel.BorderIndex).style = "Continuous" as Excel.BorderLineStyle;
      break;
    case "subtitle":
      range.getColumn(0).format.font.bold = true;
      break;
    case "note":
      f.font.italic = true;
      f.font.color = "#595959";
      break;
    case "forecast":
      f.font.italic = true;
      f.font.color = "#2E75B6";
      break;
    default:
      void count;
      break;
  }
}
