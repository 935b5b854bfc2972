/**
 * The interface through which the task pane talks to the workbook. Implemented in src/excel (on the real Excel
 * API, and so also on the simulated host of src/sim). The pane never touches the Excel API itself.
 *
 * Every method resolves or rejects with a `WorkbookError` carrying an OpsMessage (code + params), never a raw
 * Office error: the adapter translates Excel's errors (protected sheet, name collision, payload too large...).
 */
import type { ComplianceResult, MarginPolicy } from "./policy-types";
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

export interface WorkbookPort {
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
