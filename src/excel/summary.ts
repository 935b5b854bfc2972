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
import { summaryModel, type SummaryInput } from "../core/share/summary";
import { t } from "../core/i18n";
import type { Lang, OpsMessage, WorkOptions } from "../core/types";
import type { WriteOutcome } from "../core/workbook-port";
import { excelApiSupported } from "./charts";
import { writeModelSheet } from "./model-sheet";
import { ownedSheet, type OwnedRole, type WorkbookSnapshot } from "./owned-sheets";

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
  const model = summaryModel(input);
  const pageSetup = excelApiSupported("1.9");
  const printed: string[] = [];
  const out = await writeModelSheet(ctx, snap, "summary", { ...model, widths: WIDTHS }, {
    ...options,
    lang,
    // The summary's own page setup, with its cells.
    setup: (sheet) => {
      if (!pageSetup) return;
      setupPage(sheet, lang, "Portrait", true);
      sheet.pageLayout.setPrintArea(model.printArea);
    },
    // In the last sync: OPS's other sheets' page setup, then the swap.
    beforeSwap: () => {
      if (!pageSetup) return;
      for (const role of PRINTED_ROLES) {
        const other = ownedSheet(snap, role);
        if (!other || other.protected) continue;
        const ws = ctx.workbook.worksheets.getItem(other.name);
        setupPage(ws, lang, "Landscape", false);
        ws.pageLayout.setPrintArea(ws.getUsedRange());
        printed.push(other.name);
      }
    },
  });
  const messages = pageSetup ? out.messages : [...out.messages, { code: "summary.pageSetupMissing", severity: "info" as const }];
  return { sheet: out.sheet, rowsWritten: out.rowsWritten, messages, pageSetup, printed };
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
