/**
 * Contracts of the margin policy and of compliance results. Pure types.
 * Rates are fractions (0.2 = 20 %). "sales" basis = taux de marque (R - C) / R; "cost" basis = markup (R - C) / C.
 */
import type { CellLocation, ColumnRole, OpsMessage } from "./types";

export type MarginBasis = "sales" | "cost";

export interface PolicyRule {
  /** Stable id shown to the user, e.g. "R3" (the policy sheet row) or a user-given name. */
  id: string;
  /** The dimension the rule applies to; undefined for the default rule. */
  dimension?: ColumnRole;
  /** The dimension value it applies to (compared ignoring case, accents and surrounding spaces). */
  value?: string;
  floor: number;
  target: number;
  /** Optional date range (Excel serials, inclusive). */
  from?: number;
  to?: number;
  /** Where the rule was read from, when it came from the "OPS Policy" sheet. */
  location?: CellLocation;
  /** The user's comment on the rule (kept so that rewriting the policy sheet never loses it). */
  comment?: string;
}

export interface MarginPolicy {
  basis: MarginBasis;
  /** Default floor and target. */
  floor: number;
  target: number;
  /** Points (fraction, 0.02 = 2 pts) of fall that count as erosion. */
  erosionPoints: number;
  /** Grouping period for group checks and erosion. */
  period: "month" | "quarter" | "year";
  /** Dimensions to group by (default: the dimensions present among segment, product, region). */
  groupBy?: ColumnRole[];
  rules: PolicyRule[];
}

export type FindingKind = "line" | "group" | "erosion" | "data";
export type Severity = "breach" | "warning" | "info";

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** Id of the rule applied ("default" for the default floor/target). */
  ruleId: string;
  location: CellLocation;
  /** Dimension values of the row or group, by role. */
  dimensions: Partial<Record<ColumnRole, string>>;
  /** Period label for group and erosion findings ("2024-03", "2024-Q1", "2024"). */
  period?: string;
  revenue: number;
  cost: number;
  margin: number;
  /** Actual rate on the policy basis; NaN when undefined (zero revenue...). */
  rate: number;
  /** Threshold compared with (the floor for a breach, the target for a warning). */
  threshold: number;
  /** rate - threshold in points as a fraction (-0.03 = 3 pts below). */
  gap: number;
  /** target rate x revenue - margin, >= 0 (0 when met). On the cost basis: target x cost - margin. */
  shortfall: number;
  /** Relative price increase that would meet the target with the same cost (0.05 = +5 %), 0 when met. */
  priceIncrease: number;
  /** For erosion: the comparison rate and its period. */
  previousRate?: number;
  previousPeriod?: string;
  comparison?: "previous" | "yearAgo";
  /** For data findings and extra context: a message with code and params. */
  message?: OpsMessage;
}

export interface SegmentSummary {
  dimension: ColumnRole;
  value: string;
  revenue: number;
  margin: number;
  rate: number;
  breaches: number;
  shortfall: number;
}

export interface ComplianceSummary {
  basis: MarginBasis;
  rowsChecked: number;
  rowsWithIssues: number;
  breaches: number;
  warnings: number;
  erosions: number;
  dataIssues: number;
  totalShortfall: number;
  revenueChecked: number;
  revenueInBreach: number;
  /** revenueInBreach / revenueChecked. */
  shareOfRevenueInBreach: number;
  /** Overall rate: sum margin / sum revenue (sales basis) or / sum cost (cost basis). */
  overallRate: number;
  bySegment: SegmentSummary[];
  /** Group-level (dimension x period) findings below the floor / below the target; not counted in breaches/warnings. */
  groupBreaches?: number;
  groupWarnings?: number;
}

/**
 * Line findings in columns (one entry per finding, in row order): the row and the severity, in typed arrays, so that a check with 100,000 findings allocates no Finding object until one is asked for (`at(j)`, or
 * `findingAt(store, j)`); the figures are recomputed from the row then.
 */
export interface FindingStore {
  /** Number of line findings. */
  readonly count: number;
  /** Row index in the DataSet (into rowNumbers and the columns). */
  readonly rowIndex: Int32Array;
  /** 2 = breach, 1 = warning. */
  readonly severity: Uint8Array;
  readonly ruleIds: readonly string[];
  /** The rule of finding j, as an index into ruleIds (0 = the default rule). */
  ruleAt(j: number): number;
  /** Line finding j (0 <= j < count) as an object, field for field what the check computed for its row. */
  at(j: number): Finding;
}

export interface ComplianceResult {
  summary: ComplianceSummary;
  /**
   * Line findings first (in row order), then group, erosion and data findings. On results of the engine this is a
   * lazy property: the array is built on first read (and cached); `findingStore` holds the line findings in columns.
   */
  findings: Finding[];
  /** The line findings in columns (non-enumerable on engine results; absent on hand-made results). */
  findingStore?: FindingStore;
  /** Group, erosion and data findings (few, kept as objects), in the order they follow the line findings. */
  otherFindings?: Finding[];
  /** Fingerprint of the policy used (stable hash of its normalised JSON). */
  policyFingerprint: string;
  messages: OpsMessage[];
}
