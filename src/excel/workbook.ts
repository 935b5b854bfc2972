/**
 * ExcelWorkbook: the WorkbookPort the task pane talks to, on the Excel JavaScript API. Production passes Excel.run;
 * tests and the browser preview pass the simulated host's run (src/sim). Reading is src/excel/read.ts; writing is
 * policy-sheet.ts, report.ts, highlight.ts and log.ts. Every method resolves or rejects with a WorkbookError
 * carrying a catalogue message, never a raw Office error.
 */
import { policyFingerprint } from "../core/compliance";
import type { ComplianceResult, MarginPolicy } from "../core/policy-types";
import type { DataSet, Lang, OpsMessage, RoleOverrides, SourceInfo, WorkOptions } from "../core/types";
import { dataPeriod } from "../core/share/summary";
import type { FreezeOutcome, PdfExport, PolicyReadResult, RepairOutcome, RestoreOutcome, MarketSettings, MarketWriteRequest, SummaryRequest, TrendsWriteRequest, WorkbookPort, WriteOutcome } from "../core/workbook-port";
import { guard, throwIfAborted, workbookError } from "./errors";
import { freezeFormulas, repairFormulas, restoreFormulas } from "./freeze";
import {
  buildFormula,
  highlightColumns,
  loadHighlightState,
  queueFormat,
  queueNames,
  refsFor,
  removeOpsFormats,
  saveRecords,
  skippedMessages,
  sourceBodyAddress,
  type HighlightRecord,
  type HighlightState,
  type OpsNames,
} from "./highlight";
import { displayLanguage as hostLanguage } from "./host";
import { appendLog as appendLogRow, excelSerial, type LogEntry } from "./log";
import { snapshot, type WorkbookSnapshot } from "./owned-sheets";
import { readPolicySheet, writePolicySheet, type PolicyLayout } from "./policy-sheet";
import { listSources, readSource, saveRoleOverrides } from "./read";
import { currencyFormat, writeReportSheet, type LinkMode, type ReportWrite } from "./report";
import { exportPdf as exportWorkbookPdf } from "./pdf";
import { writeSummarySheet } from "./summary";
import { clearTrendsSheet, writeTrendsSheet } from "./trends";
import { clearMarketSheet, readMarketSettings, saveMarketSettings, writeMarketSheet } from "./market";
import type { BatchStats } from "./write-blocks";

/** Excel.run's shape (the batch form). */
export type RunFn = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface ExcelWorkbookOptions {
  /** Language of what OPS writes (sheet text, messages); default: Office's display language. */
  lang?: Lang;
  /** How the report links findings to source rows (default "auto"). */
  linkMode?: LinkMode;
  /** Request budget in bytes for block writes (default 4 MiB, under Excel on the web's 5 MB). */
  budgetBytes?: number;
  /** The clock (tests). */
  now?: () => Date;
}

const defaultRun: RunFn = (batch) => Excel.run(batch);

export class ExcelWorkbook implements WorkbookPort {
  /** Figures of the last report written (syncs, largest request, link mode), for the bench and the pane. */
  lastReport: (Omit<ReportWrite, "messages"> & { stats: BatchStats }) | undefined;
  /** Information messages of the last write (sheet renamed for a user's sheet, rules the highlight leaves out...). */
  lastMessages: OpsMessage[] = [];
  private date1904Cache: boolean | undefined;

  constructor(
    private readonly run: RunFn = defaultRun,
    private readonly options: ExcelWorkbookOptions = {},
  ) {}

  private langOverride: Lang | undefined;

  private lang(): Lang {
    return this.langOverride ?? this.options.lang ?? hostLanguage();
  }

  /** The language of what OPS writes from now on (the pane's language switch). */
  setLanguage(lang: Lang): void {
    this.langOverride = lang;
  }

  private now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  async displayLanguage(): Promise<Lang> {
    return this.lang();
  }

  listSources(options?: WorkOptions): Promise<SourceInfo[]> {
    return guard(() => listSources(this.run, options));
  }

  readSource(id: string, options?: WorkOptions): Promise<DataSet> {
    return guard(() => readSource(this.run, id, options), { item: id });
  }

  saveRoleOverrides(id: string, overrides: RoleOverrides): Promise<void> {
    return guard(() => saveRoleOverrides(this.run, id, overrides), { item: id });
  }

  /** Whether the workbook uses the 1904 date system (Workbook.use1904DateSystem where the host has it; else no). */
  private async date1904(): Promise<boolean> {
    if (this.date1904Cache !== undefined) return this.date1904Cache;
    let v = false;
    try {
      v = await this.run(async (ctx) => {
        const wb = ctx.workbook as unknown as { load(p: string): void; use1904DateSystem?: boolean };
        wb.load("use1904DateSystem");
        await ctx.sync();
        return Boolean(wb.use1904DateSystem);
      });
    } catch {
      v = false;
    }
    this.date1904Cache = v;
    return v;
  }

  readPolicy(): Promise<PolicyReadResult> {
    return guard(async () => {
      const d1904 = await this.date1904();
      return this.run(async (ctx) => {
        const snap = await snapshot(ctx);
        const read = await readPolicySheet(ctx, snap, d1904);
        return { policy: read.policy, fromSheet: read.fromSheet, messages: read.messages };
      });
    });
  }

  writePolicy(policy: MarginPolicy): Promise<WriteOutcome> {
    return guard(async () => {
      const d1904 = await this.date1904();
      const lang = this.lang();
      return this.run(async (ctx) => {
        const state = loadHighlightState(ctx);
        const snap = await snapshot(ctx);
        const hs = state();
        const written = await writePolicySheet(ctx, snap, policy, lang, d1904);
        const messages = [...written.messages];
        // Highlights already in place follow the policy's new rules (their thresholds follow the sheet by themselves).
        if (hs.records.length > 0 || Object.keys(hs.names).length > 0) {
          const names = queueNames(ctx, snap, hs.names, written.layout, lang);
          await ctx.sync();
          if (hs.records.length > 0) messages.push(...(await this.rebuildHighlights(ctx, snap, hs, stripLocations(policy), written.layout, names)));
        }
        this.lastMessages = messages;
        return written.outcome;
      });
    });
  }

  writeReport(data: DataSet, result: ComplianceResult, options: WorkOptions = {}): Promise<WriteOutcome> {
    return guard(async () => {
      throwIfAborted(options.signal);
      const d1904 = await this.date1904();
      const lang = this.lang();
      return this.run(async (ctx) => {
        const snap = await snapshot(ctx);
        const out = await writeReportSheet(ctx, snap, data, result, {
          lang,
          signal: options.signal,
          onProgress: options.onProgress,
          linkMode: this.options.linkMode,
          budgetBytes: this.options.budgetBytes,
          now: this.now(),
          date1904: d1904,
        });
        const { messages, ...figures } = out;
        this.lastReport = figures;
        this.lastMessages = messages;
        return { sheet: out.sheet, rowsWritten: out.rowsWritten };
      });
    });
  }

  applyHighlight(data: DataSet, policy: MarginPolicy): Promise<void> {
    return guard(async () => {
      const d1904 = await this.date1904();
      const lang = this.lang();
      await this.run(async (ctx) => {
        const state = loadHighlightState(ctx);
        const snap = await snapshot(ctx);
        const hs = state();
        const source = snap.sheets.find((s) => s.name.toLowerCase() === data.sheet.toLowerCase());
        if (!source) throw workbookError("excel.sourceNotFound", { source: data.tableName ?? data.sheet });
        if (source.protected) throw workbookError("excel.sheetProtected", { sheet: source.name });
        const columns = highlightColumns(data);
        const messages: OpsMessage[] = [];

        // The formula reads the policy sheet: make sure it holds this policy.
        const read = await readPolicySheet(ctx, snap, d1904);
        let rulesPolicy: MarginPolicy;
        let layout: PolicyLayout;
        if (read.fromSheet && read.layout && policyFingerprint(read.policy) === policyFingerprint(policy)) {
          rulesPolicy = read.policy;
          layout = read.layout;
        } else {
          const written = await writePolicySheet(ctx, snap, policy, lang, d1904);
          messages.push(...written.messages);
          rulesPolicy = stripLocations(policy);
          layout = written.layout;
        }
        const names = queueNames(ctx, snap, hs.names, layout, lang);

        // Where: the table's body (it grows with the table), or the rows the reader kept.
        let address: string;
        let firstRow: number;
        let range: Excel.Range;
        const sheet = ctx.workbook.worksheets.getItem(source.name);
        if (data.tableName) {
          range = ctx.workbook.tables.getItem(data.tableName).getDataBodyRange();
          range.load("address,rowIndex");
          await ctx.sync();
          address = range.address.slice(range.address.lastIndexOf("!") + 1);
          firstRow = range.rowIndex + 1;
        } else {
          ({ address, firstRow } = sourceBodyAddress(data));
          range = sheet.getRange(address);
        }
        const built = buildFormula(rulesPolicy, columns, firstRow, refsFor(names, rulesPolicy, layout));
        messages.push(...skippedMessages(built.skipped, rulesPolicy, layout.sheet));

        // Replace OPS's previous highlight of this source, never anything else.
        const previous = hs.records.filter((r) => r.source === data.id);
        await removeOpsFormats(ctx, previous, names.floor);
        const cf = queueFormat(range, built.formula);
        await ctx.sync();
        const record: HighlightRecord = { source: data.id, sheet: source.name, address, id: cf.id, formula: built.formula, columns, firstRow };
        if (data.tableName) record.table = data.tableName;
        saveRecords(ctx, [...hs.records.filter((r) => r.source !== data.id), record]);
        await ctx.sync();
        this.lastMessages = messages;
      });
    });
  }

  clearHighlights(): Promise<number> {
    return guard(() =>
      this.run(async (ctx) => {
        const state = loadHighlightState(ctx);
        const snap = await snapshot(ctx);
        const hs = state();
        if (hs.records.length === 0) return 0;
        for (const r of hs.records) {
          const s = snap.sheets.find((x) => x.name.toLowerCase() === r.sheet.toLowerCase());
          if (s?.protected) throw workbookError("excel.sheetProtected", { sheet: s.name });
        }
        const removed = await removeOpsFormats(ctx, hs.records, hs.names.floor);
        saveRecords(ctx, []);
        await ctx.sync();
        return removed;
      }),
    );
  }

  selectRow(sheet: string, row: number): Promise<void> {
    return guard(
      () =>
        this.run(async (ctx) => {
          const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
          await ctx.sync();
          if (ws.isNullObject) throw workbookError("excel.notFound", { item: sheet });
          ws.activate();
          ws.getRange(`${row}:${row}`).select();
          await ctx.sync();
        }),
      { sheet, item: sheet },
    );
  }

  appendLog(entry: LogEntry): Promise<void> {
    return guard(async () => {
      const d1904 = await this.date1904();
      const lang = this.lang();
      await this.run(async (ctx) => {
        const snap = await snapshot(ctx);
        await appendLogRow(ctx, snap, entry, lang, this.now(), d1904);
      });
    });
  }

  /** Writes the "OPS Summary" sheet from the source and its check result; page setup of OPS's sheets where ExcelApi 1.9 is. */
  writeSummary(input: SummaryRequest, options: WorkOptions = {}): Promise<WriteOutcome & { messages: OpsMessage[] }> {
    return guard(async () => {
      throwIfAborted(options.signal);
      const d1904 = await this.date1904();
      const lang = this.lang();
      const { data } = input;
      return this.run(async (ctx) => {
        const snap = await snapshot(ctx);
        const out = await writeSummarySheet(
          ctx,
          snap,
          {
            lang,
            source: { sheet: data.sheet, tableName: data.tableName, address: data.address },
            result: input.result,
            period: dataPeriod(data),
            preparedAt: Math.floor(excelSerial(this.now(), d1904)),
            currencyFormat: currencyFormat(data, lang),
            trends: input.trends,
            market: input.market,
          },
          options,
        );
        this.lastMessages = out.messages;
        return { sheet: out.sheet, rowsWritten: out.rowsWritten, messages: out.messages };
      });
    });
  }

  /** Writes the "OPS Trends" sheet: a data block per series and the native charts (src/excel/trends.ts). */
  writeTrends(input: TrendsWriteRequest, options: WorkOptions = {}): Promise<WriteOutcome & { messages: OpsMessage[]; charts: number }> {
    return guard(async () => {
      throwIfAborted(options.signal);
      const d1904 = await this.date1904();
      const lang = this.lang();
      const { data } = input;
      return this.run(async (ctx) => {
        const snap = await snapshot(ctx);
        const out = await writeTrendsSheet(
          ctx,
          snap,
          {
            lang,
            source: { sheet: data.sheet, tableName: data.tableName, address: data.address },
            result: input.result,
            rate: input.rate,
            policy: input.policy,
            currencyFormat: currencyFormat(data, lang),
            preparedAt: Math.floor(excelSerial(this.now(), d1904)),
          },
          options,
        );
        this.lastMessages = out.messages;
        return out;
      });
    });
  }

  /** Removes OPS's "OPS Trends" sheet. */
  clearTrends(): Promise<{ removed: boolean; messages: OpsMessage[] }> {
    return guard(() => this.run(async (ctx) => clearTrendsSheet(ctx, await snapshot(ctx), this.lang())));
  }

  /** Writes the "OPS Market" sheet: market figures, the price–volume–mix bridge and their native charts (src/excel/market.ts). */
  writeMarket(input: MarketWriteRequest, options: WorkOptions = {}): Promise<WriteOutcome & { messages: OpsMessage[]; charts: number }> {
    return guard(async () => {
      throwIfAborted(options.signal);
      const d1904 = await this.date1904();
      const lang = this.lang();
      const src = (d: DataSet) => ({ sheet: d.sheet, tableName: d.tableName, address: d.address });
      return this.run(async (ctx) => {
        const snap = await snapshot(ctx);
        const out = await writeMarketSheet(
          ctx,
          snap,
          {
            lang,
            market: input.market ? { source: src(input.market.data), analysis: input.market.analysis } : undefined,
            bridge: input.bridge ? { source: src(input.bridge.data), result: input.bridge.result } : undefined,
            currencyFormat: currencyFormat(input.bridge?.data ?? input.market!.data, lang),
            preparedAt: Math.floor(excelSerial(this.now(), d1904)),
          },
          options,
        );
        this.lastMessages = out.messages;
        return out;
      });
    });
  }

  /** Removes OPS's "OPS Market" sheet. */
  clearMarket(): Promise<{ removed: boolean; messages: OpsMessage[] }> {
    return guard(() => this.run(async (ctx) => clearMarketSheet(ctx, await snapshot(ctx), this.lang())));
  }

  readMarketSettings(): Promise<MarketSettings> {
    return guard(() => this.run((ctx) => readMarketSettings(ctx)));
  }

  saveMarketSettings(settings: MarketSettings): Promise<void> {
    return guard(() => this.run((ctx) => saveMarketSettings(ctx, settings)));
  }

  /** The workbook as a PDF through Office's getFileAsync where the platform has it (src/excel/pdf.ts). */
  exportPdf(): Promise<PdfExport> {
    return exportWorkbookPdf();
  }

  /** Replaces every OPS.* formula by its value; the formulas go to the hidden "OPS Formulas" sheet (src/excel/freeze.ts). */
  freezeFormulas(options?: WorkOptions): Promise<FreezeOutcome> {
    return guard(() => freezeFormulas(this.run, this.lang(), options));
  }

  /** Puts back the formulas kept on "OPS Formulas" whose cells still hold the frozen values. */
  restoreFormulas(options?: WorkOptions): Promise<RestoreOutcome> {
    return guard(() => restoreFormulas(this.run, this.lang(), options));
  }

  /** Re-enters OPS formulas Excel left unresolved (#NAME?, _xldudf_OPS_...). */
  repairFormulas(options?: WorkOptions): Promise<RepairOutcome> {
    return guard(() => repairFormulas(this.run, options));
  }

  /** After the policy's rules changed: each recorded highlight gets the formula for the new rules, on the same range. */
  private async rebuildHighlights(ctx: Excel.RequestContext, snap: WorkbookSnapshot, hs: HighlightState, policy: MarginPolicy, layout: PolicyLayout, names: OpsNames): Promise<OpsMessage[]> {
    const messages: OpsMessage[] = [];
    const kept: HighlightRecord[] = [];
    const fresh: { rec: HighlightRecord; cf: Excel.ConditionalFormat }[] = [];
    for (const rec of hs.records) {
      const s = snap.sheets.find((x) => x.name.toLowerCase() === rec.sheet.toLowerCase());
      if (!s || s.protected) {
        kept.push(rec);
        continue;
      }
      const built = buildFormula(policy, rec.columns, rec.firstRow, refsFor(names, policy, layout));
      messages.push(...skippedMessages(built.skipped, policy, layout.sheet));
      if (built.formula === rec.formula) {
        kept.push(rec);
        continue;
      }
      await removeOpsFormats(ctx, [rec], hs.names.floor ?? names.floor);
      const range = rec.table ? ctx.workbook.tables.getItem(rec.table).getDataBodyRange() : ctx.workbook.worksheets.getItem(rec.sheet).getRange(rec.address);
      fresh.push({ rec: { ...rec, formula: built.formula }, cf: queueFormat(range, built.formula) });
    }
    if (fresh.length > 0) await ctx.sync();
    saveRecords(ctx, [...kept, ...fresh.map((f) => ({ ...f.rec, id: f.cf.id }))]);
    await ctx.sync();
    return messages;
  }
}

/** The policy without rule locations: after OPS writes it, rule k sits on row k of the rules table. */
function stripLocations(policy: MarginPolicy): MarginPolicy {
  return { ...policy, rules: policy.rules.map(({ location: _l, ...r }) => r) };
}

