/**
 * Margin compliance, pure: the policy (default, validation, fingerprint, rule resolution, "OPS Policy" sheet cells),
 * the checks (line, group, erosion, data issues) and the report model. The Excel side (src/excel) and the pane call
 * these; nothing here touches Office or the DOM.
 */
export { defaultPolicy, validatePolicy, policyFingerprint, resolveRule, effectiveRule, normalisePolicy, DEFAULT_RULE_ID } from "./policy";
export type { PolicyLocator } from "./policy";
export { checkCompliance, checkComplianceSync, DEFAULT_CHUNK_ROWS, yieldToEventLoop, findingAt, findingCount, resultFindingAt, resultFindingsSlice } from "./engine";
export type { CheckOptions } from "./engine";
export { POLICY_SHEET, policyToCells, policyFromCells, parseDimensionName, dimensionName, parseRateCell, parseDateCell, parseBasis, parsePeriodName } from "./policy-sheet";
export type { PolicyCells, CellFormat, PolicySettingKey, PolicyColumnKey } from "./policy-sheet";
export { reportModel, findingMessage } from "./report";
export type { ReportModel, SummaryFormat, ReportColumnFormat } from "./report";
export { periodLabel, parsePeriodText } from "./periods";
export { normKey as dimensionKey } from "./text";
