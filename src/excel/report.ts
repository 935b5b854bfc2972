/**
 * The "OPS Compliance" report sheet, replaced on each run, and only if OPS owns it.
 *
 * Layout (the findings table's header is frozen with the title rows; the summary stays on the left):
 *   A1 title, A2 source and time of the run
 *   A4:B… summary (label | value, formats per row: counts, amounts in the workbook's currency, rates in %, basis)
 *   A…:C… by segment (segment | rate | shortfall), below the summary
 *   E4:…  the findings as an Excel table (filter buttons, banded rows), number formats per column, and a link from
 *         each finding's row number to its source row (Range.hyperlink; HYPERLINK formulas past LINK_CELL_LIMIT rows)
 *
 * The new report is written to a temporary sheet first; only when everything is written does OPS delete its previous
 * report and give the new one its name. A failure or a cancel removes the temporary sheet: the workbook is left as
 * it was. Every piece of user text is escaped (src/core/escape.ts); values go in row blocks under the 5 MB limit.
 */
import {
  findingCount,
  reportModel,
  resultFindingsSlice,
  yieldToEventLoop,
  type ReportColumnFormat,
  type ReportModel,
  type SummaryFormat,
} from "../core/compliance";
import { escapeCell, formulaString, quoteSheetName } from "../core/escape";
import { columnLetter } from "../core/highlight";
import { t } from "../core/i18n";
import type { ComplianceResult } from "../core/policy-types";
import type { CellValue, DataSet, Lang, OpsMessage, WorkOptions } from "../core/types";
import type { WriteOutcome } from "../core/workbook-port";
import { throwIfAborted, toWorkbookError, workbookError } from "./errors";
import { parseAddress } from "./highlight";
import { excelSerial, prepareLogAppend } from "./log";
import { freeName, markSheet, planSheet, recordOwned, tempSheetName, type WorkbookSnapshot } from "./owned-sheets";
import {
  CALL_OVERHEAD_BYTES,
  CHUNK_BYTES,
  DEFAULT_BUDGET_BYTES,
  fillNumberFormat,
  gridOps,
  rowBytes,
  runOps,
  utf8Length,
  type BatchOp,
  type BatchStats,
} from "./write-blocks";

type Ctx = Excel.RequestContext;

export const REPORT_TABLE_NAME = "OPS_Findings";
/** Row of the findings table's header (rows above it are frozen with it). */
export const REPORT_HEADER_ROW = 4;
/** 1-based column of the findings table (A:C hold the summary, D is a gap). */
export const REPORT_TABLE_LEFT = 5;
/** Up to this many findings, links are real hyperlinks (Range.hyperlink, one call per cell); beyond, HYPERLINK formulas written with the values. */
export const LINK_CELL_LIMIT = 5000;
/** Hyperlinks grouped per operation (the per-sync call budget of write-blocks.ts keeps each sync short). */
export const LINKS_PER_OP = 250;
/** Estimated request bytes of one hyperlink besides its texts: the range's object path and the property set. */
const LINK_CALL_BYTES = 2 * CALL_OVERHEAD_BYTES;

export type LinkMode = "auto" | "hyperlink" | "formula";

export interface ReportWriteOptions extends WorkOptions {
  lang: Lang;
  linkMode?: LinkMode;
  budgetBytes?: number;
  maxCellsPerSync?: number;
  now?: Date;
  date1904?: boolean;
  /** Append the run to "OPS Log" (default true). */
  log?: boolean;
}

export interface ReportWrite extends WriteOutcome {
  stats: BatchStats;
  linkMode: "hyperlink" | "formula";
  messages: OpsMessage[];
  tableName: string;
}

const PCT = "0.0%";
const POINTS = '+0.0" pts";-0.0" pts";0.0" pts"';
const INT = "#,##0";
const ROWNUM = "0";

/** The workbook's currency format: the revenue column's own number format when it has one, else € (fr) / plain (en). */
export function currencyFormat(data: DataSet, lang: Lang): string {
  const idx = data.roles.revenue;
  const fmt = idx !== undefined ? data.columns[idx]?.numberFormat : undefined;
  if (fmt && fmt !== "General" && fmt !== "@" && !/%/.test(fmt)) return fmt;
  return lang === "fr" ? '#,##0.00\\ "€"' : "#,##0.00";
}

function formatCode(f: ReportColumnFormat | SummaryFormat, currency: string, lang: Lang): string {
  switch (f) {
    case "percent":
      return PCT;
    case "points":
      return POINTS;
    case "currency":
      return currency;
    case "int":
      return INT;
    case "date":
      return lang === "fr" ? "dd/mm/yyyy" : "yyyy-mm-dd";
    default:
      return "General";
  }
}

/** The cell a finding links to: the first cell of its source row in the source's columns ("'Sheet1'!A12"). */
export function sourceRowReference(sheet: string, row: number, data: DataSet): string {
  const b = parseAddress(data.address);
  return `${quoteSheetName(sheet)}!${b ? columnLetter(b.left) : "A"}${row}`;
}

/**
 * Writes the report (and appends the run to the log). `snap` is the workbook as read just before; the caller catches
 * nothing: errors come out as WorkbookErrors, after the temporary sheet was removed.
 */
export async function writeReportSheet(
  ctx: Ctx,
  snap: WorkbookSnapshot,
  data: DataSet,
  result: ComplianceResult,
  options: ReportWriteOptions,
): Promise<ReportWrite> {
  const lang = options.lang;
  const plan = planSheet(snap, "report");
  if (snap.structureProtected) throw workbookError("excel.workbookProtected");
  if (plan.existing?.protected) throw workbookError("excel.sheetProtected", { sheet: plan.existing.name });
  const messages: OpsMessage[] = [];
  if (plan.userHasDefault)
    messages.push({
      code: "excel.sheetRenamedForUser",
      severity: "info",
      params: { wanted: "OPS Compliance", used: plan.name },
    });
  const doLog = options.log !== false;
  // One sync reads what must be known first: the log's last row and the old report's table name.
  const log = doLog ? await prepareLogAppend(ctx, snap, lang, { sync: false }) : undefined;
  const oldTables = plan.existing
    ? ctx.workbook.worksheets.getItem(plan.existing.name).tables.load("items/name")
    : undefined;
  if (log?.needsSync || oldTables) await ctx.sync();
  const oldTable = oldTables?.items.find((tb) =>
    tb.name.toLowerCase().startsWith(REPORT_TABLE_NAME.toLowerCase()),
  )?.name;

  const model = await buildModel(data, result, lang, options);
  const currency = currencyFormat(data, lang);
  const nRows = model.rows.length;
  const width = model.header.length;
  const linkable = model.rows.reduce((n, r) => n + (typeof r[model.sourceRowColumn] === "number" ? 1 : 0), 0);
  const linkMode: "hyperlink" | "formula" =
    options.linkMode === "hyperlink" || options.linkMode === "formula"
      ? options.linkMode
      : linkable <= LINK_CELL_LIMIT
        ? "hyperlink"
        : "formula";

  const temp = tempSheetName(snap, "report");
  const tableName = freeName(snap.tableNames, REPORT_TABLE_NAME);
  const wb = ctx.workbook;
  let created: Excel.Worksheet | undefined;
  let recorded = false;
  let stats: BatchStats = { syncs: 0, largestRequestBytes: 0, retries: 0 };

  try {
    const ops: BatchOp[] = [];
    const sheetRef = () => wb.worksheets.getItem(temp);
    const hRow = REPORT_HEADER_ROW;
    const top = hRow + 1; // first finding row (1-based)
    const left = REPORT_TABLE_LEFT;
    const lastCol = columnLetter(left + width - 1);
    const bottom = top + Math.max(1, nRows) - 1;

    // 1. The sheet, its title, the summary panel, the header, the column formats (a small first request).
    let setupBytes = CALL_OVERHEAD_BYTES * 40;
    const summary = model.summary.map((r) => r.map(escapeCell));
    const segHeader = [model.segments.header[0], model.segments.header[3], model.segments.header[5]].map(escapeCell);
    const segRows = model.segments.rows.map((r) => [escapeCell(r[0]), r[3], r[5]]);
    setupBytes +=
      summary.reduce((n, r) => n + rowBytes(r) + CALL_OVERHEAD_BYTES, 0) +
      segRows.reduce((n, r) => n + rowBytes(r), 0) +
      rowBytes(model.header) +
      width * CALL_OVERHEAD_BYTES;
    ops.push({
      bytes: setupBytes,
      calls: 40 + summary.length + width,
      queue: () => {
        const sheet = wb.worksheets.add(temp);
        sheet.load("id");
        created = sheet;
        markSheet(sheet, "report", t("excel.name.sheetMarker", lang));
        const now = options.now ?? new Date();
        sheet.getRange("A1:A2").values = [
          [escapeCell(t("excel.report.title", lang))],
          [escapeCell(t("excel.report.generated", lang, { source: sourceLabel(data) }))],
        ];
        sheet.getRange("A1").format.font.bold = true;
        sheet.getRange("A1").format.font.size = 14;
        const stamp = sheet.getRange("B2");
        fillNumberFormat(stamp, "yyyy-mm-dd hh:mm");
        stamp.values = [[excelSerial(now, options.date1904 ?? false)]];
        // Summary panel: heading, then label | value with one format per value.
        sheet.getRange(`A${hRow}`).values = [[escapeCell(t("excel.report.summary", lang))]];
        sheet.getRange(`A${hRow}`).format.font.bold = true;
        const sTop = hRow + 1;
        model.summaryFormats.forEach((f, i) => {
          fillNumberFormat(sheet.getRange(`B${sTop + i}`), formatCode(f, currency, lang));
        });
        if (summary.length > 0) {
          sheet.getRange(`A${sTop}:B${sTop + summary.length - 1}`).values = summary;
          sheet.getRange(`A${sTop}:A${sTop + summary.length - 1}`).format.font.bold = true;
        }
        // By segment, below the summary.
        if (segRows.length > 0) {
          const gTop = sTop + summary.length + 1;
          sheet.getRange(`A${gTop}:C${gTop}`).values = [segHeader];
          sheet.getRange(`A${gTop}:C${gTop}`).format.font.bold = true;
          const gBottom = gTop + segRows.length;
          fillNumberFormat(sheet.getRange(`B${gTop + 1}:B${gBottom}`), PCT);
          fillNumberFormat(sheet.getRange(`C${gTop + 1}:C${gBottom}`), currency);
          sheet.getRange(`A${gTop + 1}:C${gBottom}`).values = segRows;
        }
        // Findings header and column formats (one call per column, whatever the number of rows).
        sheet.getRange(`${columnLetter(left)}${hRow}:${lastCol}${hRow}`).values = [model.header.map(escapeCell)];
        model.columnFormats.forEach((f, i) => {
          const col = columnLetter(left + i);
          const code = i === model.sourceRowColumn ? ROWNUM : formatCode(f, currency, lang);
          if (code !== "General") fillNumberFormat(sheet.getRange(`${col}${top}:${col}${bottom}`), code);
        });
      },
    });

    // 2. The findings, in row blocks (user text escaped). In formula mode the link column goes as HYPERLINK formulas.
    const rows: CellValue[][] = new Array(nRows);
    const linkCol = model.sourceRowColumn;
    const sheetCol = model.sourceSheetColumn;
    const formulas: CellValue[][] | undefined = linkMode === "formula" ? new Array(nRows) : undefined;
    for (let i = 0; i < nRows; i++) {
      const src = model.rows[i];
      const out: CellValue[] = new Array(width);
      for (let c = 0; c < width; c++) {
        const v = src[c];
        out[c] = typeof v === "string" ? escapeCell(v) : v === undefined ? null : v;
      }
      if (formulas) {
        const row = src[linkCol];
        const sheet = String(src[sheetCol] ?? data.sheet);
        formulas[i] = [
          typeof row === "number"
            ? `=HYPERLINK(${formulaString("#" + sourceRowReference(sheet, row, data))},${row})`
            : out[linkCol],
        ];
      }
      rows[i] = out;
    }
    const rangeAt = (r: number, c: number, nr: number, nc: number) =>
      sheetRef().getRangeByIndexes(r, c, nr, nc) as unknown as { values: unknown; formulas: unknown };
    const chunkBytes = Math.min(CHUNK_BYTES, Math.floor((options.budgetBytes ?? DEFAULT_BUDGET_BYTES) / 4));
    const valueOps = gridOps(rangeAt, rows, top - 1, left - 1, { chunkBytes });
    const formulaOps = formulas
      ? gridOps(rangeAt, formulas, top - 1, left - 1 + linkCol, { asFormulas: true, countRows: false, chunkBytes })
      : [];
    // Interleave: each formula block right after the value block of the same rows (both fit the same budget).
    ops.push(...interleave(valueOps, formulaOps));

    // 3. Hyperlinks, per cell, in operations of LINKS_PER_OP (split further if a request must shrink).
    if (linkMode === "hyperlink") {
      const tip = t("excel.report.linkTip", lang);
      const links: { r: number; ref: string; bytes: number }[] = [];
      for (let i = 0; i < nRows; i++) {
        const row = model.rows[i][linkCol];
        if (typeof row !== "number") continue;
        const ref = sourceRowReference(String(model.rows[i][sheetCol] ?? data.sheet), row, data);
        links.push({ r: i, ref, bytes: LINK_CALL_BYTES + utf8Length(ref) + utf8Length(tip) });
      }
      const linkOp = (from: number, to: number): BatchOp => {
        let bytes = 0;
        for (let k = from; k < to; k++) bytes += links[k].bytes;
        const op: BatchOp = {
          bytes,
          calls: to - from,
          queue: () => {
            const sheet = sheetRef();
            for (let k = from; k < to; k++) {
              sheet.getRangeByIndexes(top - 1 + links[k].r, left - 1 + linkCol, 1, 1).hyperlink = {
                documentReference: links[k].ref,
                screenTip: tip,
              };
            }
          },
        };
        if (to - from > 1) {
          const mid = from + Math.floor((to - from) / 2);
          op.split = () => [linkOp(from, mid), linkOp(mid, to)];
        }
        return op;
      };
      for (let start = 0; start < links.length; start += LINKS_PER_OP)
        ops.push(linkOp(start, Math.min(links.length, start + LINKS_PER_OP)));
    }

    // 4. The table, the frozen header, widths; then the swap with the old report, the record and the log line.
    ops.push({
      bytes: CALL_OVERHEAD_BYTES * 30,
      calls: 30,
      queue: () => {
        const sheet = sheetRef();
        const table = sheet.tables.add(`${columnLetter(left)}${hRow}:${lastCol}${bottom}`, true);
        table.name = tableName;
        table.style = "TableStyleMedium2";
        sheet.freezePanes.freezeRows(hRow);
        sheet.getRange("A:A").format.columnWidth = 190;
        sheet.getRange("B:C").format.columnWidth = 95;
        sheet.getRange("D:D").format.columnWidth = 12;
        sheet.getRange(`${columnLetter(left)}:${lastCol}`).format.columnWidth = 90;
        sheet.getRange(`${columnLetter(left + width - 1)}:${lastCol}`).format.columnWidth = 360;
        if (plan.existing) wb.worksheets.getItem(plan.existing.name).delete();
        sheet.name = plan.name;
        if (plan.existing) sheet.position = plan.existing.position;
        if (oldTable && oldTable.toLowerCase() === REPORT_TABLE_NAME.toLowerCase() && tableName !== REPORT_TABLE_NAME) {
          table.name = REPORT_TABLE_NAME;
        }
        sheet.activate();
        if (log) {
          // A log sheet created here is known as OPS's by its marker (no extra sync for a settings record).
          log.append(
            {
              action: "report",
              source: data.tableName ?? data.id,
              rows: result.summary.rowsChecked,
              breaches: result.summary.breaches,
              policyFingerprint: result.policyFingerprint,
            },
            options.now ?? new Date(),
            options.date1904 ?? false,
          );
        }
        // The report's id was loaded with the first sync: when that sync is behind us, the record goes in this one.
        const id = loadedId(created);
        if (id !== undefined) {
          snap.records = recordOwned(ctx, snap.records, "report", id, plan.name);
          recorded = true;
        }
      },
    });

    stats = await runOps(ctx, ops, {
      signal: options.signal,
      onProgress: options.onProgress,
      budgetBytes: options.budgetBytes,
      maxCellsPerSync: options.maxCellsPerSync,
      phase: "report",
      totalRows: nRows,
    });
  } catch (e) {
    await removeTemp(ctx, temp, created !== undefined);
    throw toWorkbookError(e, { sheet: plan.existing?.name ?? plan.name, name: tableName });
  }

  const sheet = created as unknown as Excel.Worksheet;
  if (!recorded) {
    snap.records = recordOwned(ctx, snap.records, "report", sheet.id, plan.name);
    await ctx.sync();
    stats.syncs++;
  }
  const finalTable =
    oldTable && oldTable.toLowerCase() === REPORT_TABLE_NAME.toLowerCase() ? REPORT_TABLE_NAME : tableName;
  return { sheet: plan.name, rowsWritten: nRows, stats, linkMode, messages, tableName: finalTable };
}

/** Findings per slice of the report model: the model is built slice by slice, yielding to the event loop between. */
export const MODEL_SLICE = 500;

/**
 * The report model (src/core/compliance reportModel), built in slices of findings so that the task pane stays
 * responsive on large reports (each finding's message is formatted text) and a cancel is seen between slices.
 */
async function buildModel(
  data: DataSet,
  result: ComplianceResult,
  lang: Lang,
  options: WorkOptions,
): Promise<ReportModel> {
  // Findings are made slice by slice from the engine's store (findingCount / resultFindingsSlice); `{ ...result }`
  // would read the lazy `findings` array and make all of them at once.
  const n = findingCount(result);
  if (n <= MODEL_SLICE) return reportModel(data, result, lang);
  const slice = (start: number): ComplianceResult => ({
    summary: result.summary,
    policyFingerprint: result.policyFingerprint,
    messages: result.messages,
    findings: resultFindingsSlice(result, start, start + MODEL_SLICE),
  });
  const first = reportModel(data, slice(0), lang);
  const rows = first.rows;
  const sameHeader = (h: string[]) => h.length === first.header.length && h.every((x, i) => x === first.header[i]);
  for (let start = MODEL_SLICE; start < n; start += MODEL_SLICE) {
    throwIfAborted(options.signal);
    options.onProgress?.(start, n, "prepare");
    await yieldToEventLoop();
    const part = reportModel(data, slice(start), lang);
    // Columns follow the dimensions the findings name: a slice naming another one means the model must be whole.
    if (!sameHeader(part.header)) return reportModel(data, result, lang);
    for (const r of part.rows) rows.push(r);
  }
  return { ...first, rows };
}

function interleave(a: BatchOp[], b: BatchOp[]): BatchOp[] {
  if (b.length === 0) return a;
  // Both lists cover the same rows in order; place each b op after the a ops covering at least as many rows.
  const out: BatchOp[] = [];
  let j = 0;
  let rowsA = 0;
  let rowsB = 0;
  const rowsOfB = (op: BatchOp) => op.cells ?? 0; // one column: cells = rows
  for (const op of a) {
    out.push(op);
    rowsA += op.rows ?? 0;
    while (j < b.length && rowsB + rowsOfB(b[j]) <= rowsA) {
      rowsB += rowsOfB(b[j]);
      out.push(b[j++]);
    }
  }
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** A proxy's id when it was loaded and synced, else undefined (reading an unloaded property throws in office.js). */
function loadedId(sheet: Excel.Worksheet | undefined): string | undefined {
  if (!sheet) return undefined;
  try {
    return sheet.id;
  } catch {
    return undefined;
  }
}

/** Best effort: removes the temporary sheet after a failure or a cancel (Office discarded what was still queued). */
export async function removeTemp(ctx: Ctx, name: string, mayExist: boolean): Promise<void> {
  if (!mayExist) return;
  try {
    const s = ctx.workbook.worksheets.getItemOrNullObject(name);
    await ctx.sync();
    if (!s.isNullObject) {
      s.delete();
      await ctx.sync();
    }
  } catch {
    // The original error is what the user needs to see.
  }
}

function sourceLabel(data: DataSet): string {
  return data.tableName ? `${data.tableName} (${data.sheet})` : `${data.sheet}!${data.address}`;
}
