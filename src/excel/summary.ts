/**
 * The "OPS Summary" sheet (issue 11): a one-page management summary (cells from src/core/share/summary.ts), replaced
 * on each run and only if OPS owns it, written to a temporary sheet and swapped in at the last sync like the report
 * (src/excel/report.ts): a failure or a cancel removes the temporary sheet and leaves the workbook as it was.
 *
 * Below the rows, the rate by segment as a native column chart (src/excel/charts.ts), inside the print area.
 *
 * Page setup (ExcelApi 1.9, checked with isSetSupported): the summary A4 portrait, one page wide and tall, centred,
 * sheet name and date in the header, "Page n / N" in the footer, its print area; OPS's other sheets that exist
 * ("OPS Compliance", "OPS Trends", "OPS Market") A4 landscape one page wide, the same header / footer and their used
 * range as print area. Without 1.9 the data is written and an info message says the page setup was not made.
 */
import { summaryModel, type SummaryInput, type SummaryRowStyle } from "../core/share/summary";
import { escapeCell } from "../core/escape";
import { t } from "../core/i18n";
import type { CellValue, Lang, OpsMessage, WorkOptions } from "../core/types";
import type { WriteOutcome } from "../core/workbook-port";
import { drawCharts, excelApiSupported } from "./charts";
import { throwIfAborted, toWorkbookError, workbookError } from "./errors";
import { removeTemp } from "./report";
import { markSheet, ownedSheet, planSheet, recordOwned, tempSheetName, type OwnedRole, type WorkbookSnapshot } from "./owned-sheets";

type Ctx = Excel.RequestContext;

export interface SummaryWrite extends WriteOutcome {
  messages: OpsMessage[];
  /** Whether the page setup was made (ExcelApi 1.9). */
  pageSetup: boolean;
  /** OPS's other sheets that got a page setup and a print area. */
  printed: string[];
}

/** OPS's sheets that get a page setup with the summary, besides the summary itself. */
export const PRINTED_ROLES: readonly OwnedRole[] = ["report", "trends", "market"];

const WIDTHS = [230, 110, 110, 110, 110];

/** Writes the summary sheet; the caller gives the workbook as read just before (`snap`). Errors come out as WorkbookErrors. */
export async function writeSummarySheet(ctx: Ctx, snap: WorkbookSnapshot, input: SummaryInput, options: WorkOptions = {}): Promise<SummaryWrite> {
  const lang = input.lang;
  const plan = planSheet(snap, "summary");
  if (snap.structureProtected) throw workbookError("excel.workbookProtected");
  if (plan.existing?.protected) throw workbookError("excel.sheetProtected", { sheet: plan.existing.name });
  const messages: OpsMessage[] = [];
  if (plan.userHasDefault) messages.push({ code: "excel.sheetRenamedForUser", severity: "info", params: { wanted: "OPS Summary", used: plan.name } });
  const model = summaryModel(input);
  messages.push(...model.messages);
  const pageSetup = excelApiSupported("1.9");
  if (!pageSetup) messages.push({ code: "summary.pageSetupMissing", severity: "info" });

  const temp = tempSheetName(snap, "summary");
  const wb = ctx.workbook;
  let created: Excel.Worksheet | undefined;
  const printed: string[] = [];
  try {
    throwIfAborted(options.signal);
    // 1. The sheet, its cells, formats and styles, its page setup.
    const sheet = wb.worksheets.add(temp);
    created = sheet;
    sheet.load("id");
    markSheet(sheet, "summary", t("excel.name.sheetMarker", lang));
    const n = model.rows.length;
    const all = sheet.getRangeByIndexes(0, 0, n, model.width);
    (all as unknown as { numberFormat: unknown }).numberFormat = model.formats;
    all.values = model.rows.map((r) => r.map((v): CellValue => escapeCell(v))) as Excel.Range["values"];
    model.styles.forEach((style, i) => styleRow(sheet.getRangeByIndexes(i, 0, 1, model.width), style));
    WIDTHS.forEach((w, c) => (sheet.getRangeByIndexes(0, c, 1, 1).getEntireColumn().format.columnWidth = w));
    sheet.showGridlines = false;
    // The rate-by-segment chart (a new sheet: the calls are only queued and go with this sync).
    const drawn = await drawCharts(ctx, sheet, model.charts, { fresh: true, sheetName: plan.name });
    messages.push(...drawn.skipped);
    if (pageSetup) {
      setupPage(sheet, lang, "Portrait", true);
      sheet.pageLayout.setPrintArea(model.printArea);
    }
    await ctx.sync();
    throwIfAborted(options.signal);

    // 2. In the last sync: OPS's other sheets' page setup; the swap (OPS's previous summary goes, the new one takes
    // its name and place); the record.
    if (pageSetup) {
      for (const role of PRINTED_ROLES) {
        const other = ownedSheet(snap, role);
        if (!other || other.protected) continue;
        const ws = wb.worksheets.getItem(other.name);
        setupPage(ws, lang, "Landscape", false);
        ws.pageLayout.setPrintArea(ws.getUsedRange());
        printed.push(other.name);
      }
    }
    if (plan.existing) wb.worksheets.getItem(plan.existing.name).delete();
    sheet.name = plan.name;
    if (plan.existing) sheet.position = plan.existing.position;
    sheet.activate();
    snap.records = recordOwned(ctx, snap.records, "summary", sheet.id, plan.name);
    await ctx.sync();
    return { sheet: plan.name, rowsWritten: n, messages, pageSetup, printed };
  } catch (e) {
    await removeTemp(ctx, temp, created !== undefined);
    throw toWorkbookError(e, { sheet: plan.existing?.name ?? plan.name });
  }
}

/** Queues the page setup of one sheet: A4, orientation, one page wide (and tall for the summary), header and footer. */
function setupPage(sheet: Excel.Worksheet, lang: Lang, orientation: "Portrait" | "Landscape", onePage: boolean): void {
  const p = sheet.pageLayout;
  p.paperSize = "A4" as Excel.PaperType;
  p.orientation = orientation as Excel.PageOrientation;
  p.zoom = onePage ? { horizontalFitToPages: 1, verticalFitToPages: 1 } : { horizontalFitToPages: 1, verticalFitToPages: 0 };
  p.centerHorizontally = true;
  const hf = p.headersFooters.defaultForAllPages;
  hf.leftHeader = "&A";
  hf.rightHeader = "&D";
  hf.centerFooter = t("summary.footerPage", lang);
}

function styleRow(range: Excel.Range, style: SummaryRowStyle): void {
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
      break;
    case "total":
      f.font.bold = true;
      f.borders.getItem("EdgeTop" as Excel.BorderIndex).style = "Continuous" as Excel.BorderLineStyle;
      break;
    case "subtitle":
      range.getCell(0, 0).format.font.bold = true;
      break;
    case "note":
      f.font.italic = true;
      f.font.color = "#595959";
      break;
    default:
      break;
  }
}
