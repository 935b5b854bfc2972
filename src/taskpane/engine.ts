/**
 * The compliance engine as the pane uses it. The default is the real engine from src/core/compliance; component
 * tests may pass another one (e.g. to hold a run in progress) through the App's `engine` prop.
 */
import { checkCompliance, defaultPolicy, validatePolicy } from "../core/compliance";
import type { ComplianceResult, MarginPolicy } from "../core/policy-types";
import type { ColumnRole, DataSet, OpsMessage, WorkOptions } from "../core/types";
import type { PolicyLocator } from "../core/compliance/policy";

export interface ComplianceEngine {
  checkCompliance(data: DataSet, policy: MarginPolicy, options?: WorkOptions): Promise<ComplianceResult>;
  defaultPolicy(): MarginPolicy;
  validatePolicy(policy: MarginPolicy, availableRoles?: ColumnRole[], locator?: PolicyLocator): OpsMessage[];
}

export const coreEngine: ComplianceEngine = { checkCompliance, defaultPolicy, validatePolicy };
