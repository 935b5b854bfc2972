/**
 * The interface through which the task pane talks to the workbook. Implemented in src/excel (on the real Excel
 * API, and so also on the simulated host of src/sim). The pane never touches the Excel API itself.
 *
 * Every method resolves or rejects with a `WorkbookError` carrying an OpsMessage (code + params), never a raw
 * Office error: the adapter translates Excel's errors (protected sheet, name collision, payload too large...).
 */
import type { ComplianceResult, MarginPolicy } from "./policy-types";
import type { Headline, MarketHeadlines } from "./share/summary";
import type { TrendResult } from "./trends";
import type { BridgeResult, MarketAnalysis } from "./market/index";
import type { DataSet, Lang, OpsMessage, RoleOverrides, SourceInfo, WorkOptions } from "./types";

export class WorkbookError extends Error {
  readonly ops: OpsMessage;
  constructor(ops: OpsMessage, cause?: unknown) {
    super(ops.code);
    this.name = "WorkbookError";
    this.ops = ops;
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

export interface PolicyReadResult {
  /** The policy read from the "OPS Policy" sheet, or the default policy when the sheet does not exist. */
  policy: MarginPolicy;
  /** False when there was no policy sheet yet. */
  fromSheet: boolean;
  /** Validation problems, each located on the policy sheet. */
  messages: OpsMessage[];
}

export interface WriteOutcome {
  /** The sheet written (may differ from the default name when the user owns a sheet of that name). */
  sheet: string;
  rowsWritten: number;
}

export interface WorkbookPort extends SharePort {
  /** Office display language (fr or en). */
  displayLanguage(): Promise<Lang>;
  /** Tables and sheet ranges OPS can read, summaries (pivots) included and marked. */
  listSources(options?: WorkOptions): Promise<SourceInfo[]>;
  /** Reads one source fully into typed columns with roles; overrides remembered in the workbook are applied. */
  readSource(id: string, options?: WorkOptions): Promise<DataSet>;
  /** Remembers role overrides for a source in the workbook, then the next readSource applies them. */
  saveRoleOverrides(id: string, overrides: RoleOverrides): Promise<void>;
  readPolicy(): Promise<PolicyReadResult>;
  writePolicy(policy: MarginPolicy): Promise<WriteOutcome>;
  /** Writes the "OPS Compliance" sheet (replacing OPS's previous one) and appends to "OPS Log". */
  writeReport(data: DataSet, result: ComplianceResult, options?: WorkOptions): Promise<WriteOutcome>;
  /** Adds (or replaces) the formula-based conditional format that marks breach rows of the source table. */
  applyHighlight(data: DataSet, policy: MarginPolicy): Promise<void>;
  /** Removes exactly the conditional formats OPS added. Returns how many were removed. */
  clearHighlights(): Promise<number>;
  /** Selects a sheet row (e.g. the source row of a finding) in the workbook. */
  selectRow(sheet: string, row: number): Promise<void>;
  /**
   * Information messages of the last write, when the implementation keeps them (the report went to another sheet
   * because the user owns one of that name, rules the highlight could not express...). The pane shows them.
   */
  readonly lastMessages?: readonly OpsMessage[];
  /** Appends a line to the "OPS Log" sheet. */
  appendLog(entry: { action: string; source?: string; rows?: number; breaches?: number; policyFingerprint?: string }): Promise<void>;
}

/** One OPS.* formula frozen into its value: where it was and exactly what it was. */
export interface FrozenFormula {
  sheet: string;
  /** A1 address of the cell on its sheet ("C7"); a spilled formula's anchor cell. */
  address: string;
  /** The formula as the cell held it (formulas, en-US), e.g. "=OPS.MARGIN(B2,C2)". */
  formula: string;
}

export interface FreezeOutcome {
  /** Cells whose OPS.* formula was replaced by its value. */
  frozen: number;
  /** The sheets where formulas were frozen. */
  sheets: string[];
  /** Information and warnings (a cell still calculating, a spill range, a protected sheet skipped...). */
  messages: OpsMessage[];
}

export interface RestoreOutcome {
  /** Formulas put back exactly. */
  restored: number;
  /** Formulas not put back (the cell was changed by the user since the freeze, the sheet is gone...), each with a message. */
  skipped: number;
  messages: OpsMessage[];
}

export interface RepairOutcome {
  /** Cells whose unresolved OPS formula (#NAME?, _xldudf_ prefix) was entered again. */
  repaired: number;
  messages: OpsMessage[];
}

/** What the "OPS Summary" sheet is made from: the source checked and the check's result; trend and market headlines when known. */
export interface SummaryRequest {
  data: DataSet;
  result: ComplianceResult;
  trends?: Headline[];
  market?: MarketHeadlines;
}

/** The workbook as a PDF (Office's getFileAsync(Pdf)), or why not (messages). */
export interface PdfExport {
  bytes?: Uint8Array;
  messages: OpsMessage[];
}

/** What the "OPS Trends" sheet is made from: the source, its series (src/core/trends), the total's margin rate and the policy's floor / target. */
export interface TrendsWriteRequest {
  data: DataSet;
  result: TrendResult;
  rate?: TrendResult;
  policy?: { floor?: number; target?: number; basis: "sales" | "cost" };
}

/** What the "OPS Market" sheet is made from: the competitor table's analysis and / or the ledger's price–volume–mix bridge. */
export interface MarketWriteRequest {
  market?: { data: DataSet; analysis: MarketAnalysis };
  bridge?: { data: DataSet; result: BridgeResult };
}

/** The market choices remembered in the workbook: the company's own name in the competitor table, the tables chosen. */
export interface MarketSettings {
  own?: string;
  marketSource?: string;
  ledgerSource?: string;
}

/**
 * What the management pack does (issue 11). Optional on the port: implementations without them (older adapters,
 * tests' fakes) make the pane hide the matching actions.
 */
export interface SharePort {
  /** Replaces every OPS.* formula of the workbook by its value; the formulas go to the hidden "OPS Formulas" sheet. */
  freezeFormulas?(options?: WorkOptions): Promise<FreezeOutcome>;
  /** Puts back every formula kept on "OPS Formulas" whose cell still holds the frozen value. */
  restoreFormulas?(options?: WorkOptions): Promise<RestoreOutcome>;
  /** Re-enters OPS formulas that Excel left unresolved (#NAME?, stored as _xldudf_OPS_...). */
  repairFormulas?(options?: WorkOptions): Promise<RepairOutcome>;
  /** Writes the one-page "OPS Summary" sheet (replacing OPS's previous one) and the page setup of OPS's sheets (ExcelApi 1.9). */
  writeSummary?(input: SummaryRequest, options?: WorkOptions): Promise<WriteOutcome & { messages: OpsMessage[] }>;
  /** Writes the "OPS Trends" sheet (data blocks and native charts), replacing OPS's previous one (issue 9). */
  writeTrends?(input: TrendsWriteRequest, options?: WorkOptions): Promise<WriteOutcome & { messages: OpsMessage[]; charts: number }>;
  /** Removes OPS's "OPS Trends" sheet (a user's charts on it are kept). */
  clearTrends?(): Promise<{ removed: boolean; messages: OpsMessage[] }>;
  /** Writes the "OPS Market" sheet (tables and native charts: shares, BCG bubble, price index, PVM waterfall), replacing OPS's previous one (issue 10). */
  writeMarket?(input: MarketWriteRequest, options?: WorkOptions): Promise<WriteOutcome & { messages: OpsMessage[]; charts: number }>;
  /** Removes OPS's "OPS Market" sheet (a user's charts on it are kept). */
  clearMarket?(): Promise<{ removed: boolean; messages: OpsMessage[] }>;
  /** The market choices remembered in the workbook ({} when none). */
  readMarketSettings?(): Promise<MarketSettings>;
  saveMarketSettings?(settings: MarketSettings): Promise<void>;
  /** The workbook as a PDF where the platform offers it; otherwise no bytes and a message. Never rejects. */
  exportPdf?(): Promise<PdfExport>;
}
