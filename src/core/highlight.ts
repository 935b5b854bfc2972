/**
 * The formula of OPS's "live highlight": one formula-based conditional format on the data body of a source table that
 * marks the rows in breach of the margin policy, reading the thresholds from the "OPS Policy" sheet (through workbook
 * names), so that it stays right when the data or the thresholds are edited and when the file is opened without OPS.
 *
 * It mirrors the line check of the compliance engine exactly:
 * - rate on the policy basis: sales = (R - C) / R, cost = (R - C) / C, with C = R - M when only a margin column exists;
 * - rows with revenue <= 0 (or cost <= 0 on the cost basis), or a non-number revenue / cost / margin, are not marked
 *   (they are data issues, never breaches); ISNUMBER guards keep the formula from ever evaluating to an error;
 * - the floor of the most specific matching rule (src/core/compliance/policy.ts resolveRule): rules with a dimension
 *   and a date range first, then a dimension, then a date range only, then a rule with neither; ties go to the first
 *   rule in the policy's order; a blank rule floor falls back to the default floor;
 * - the comparison of src/core/compare.ts: `ROUND(rate - floor, 12) < 0` (a row exactly at its floor is not marked).
 *
 * Known differences with the engine, all on the safe side (the row is not marked): amounts stored as text
 * ("1 234,56 €") and dates stored as text are not numbers for Excel; dimension values are compared by Excel's `=`
 * after TRIM (case-insensitive, inner spaces collapsed, like the engine) but accents are NOT ignored ("Équipe" and
 * "Equipe" differ) and a no-break space is not a space.
 *
 * Pure: builds a string. The adapter (src/excel/highlight.ts) defines the names and adds the conditional format.
 */
import type { ColumnRole } from "./types";
import type { MarginPolicy, PolicyRule } from "./policy-types";
import { columnLetters } from "./parse/text";

/** 1 -> "A", 28 -> "AB" (the reader's helper). */
export const columnLetter = columnLetters;

/**
 * Excel stores a formula (ST_Formula, conditional formats included) in at most 8,192 characters
 * ([MS-OI29500] 2.1.1085, Part 1 §18.18.35). The Conditional Formatting dialog only edits up to 255, which is one more
 * reason the thresholds live on the policy sheet (names), not in the formula.
 */
export const MAX_CF_FORMULA_LENGTH = 8192;

/** Column letters of the source's cells in the sheet (absolute column, row relative to the first data row). */
export interface HighlightColumns {
  revenue: string;
  /** One of cost / margin must be given; cost is used when both are. */
  cost?: string;
  margin?: string;
  /** The row's date column (needed by rules limited to a date range). */
  date?: string;
  /** Column letter of each dimension present in the data. */
  dimensions: Partial<Record<ColumnRole, string>>;
}

/**
 * Formula expressions that read the policy sheet. `k` is the 1-based position of the rule in `policy.rules`
 * (the row of the rules table body). Usually workbook names: "OPS_Floor", "INDEX(OPS_RuleFloor,3)".
 */
export interface HighlightRefs {
  floor: string;
  ruleValue(k: number): string;
  ruleFloor(k: number): string;
  ruleFrom(k: number): string;
  ruleTo(k: number): string;
}

export type SkipReason = "incomplete" | "dimensionAbsent" | "dateAbsent" | "unreachable";

export interface HighlightFormula {
  /** The formula, starting with "=", relative to the first data row. */
  formula: string;
  /** 1-based positions of the rules the formula tests, in the order it tests them. */
  rulesUsed: number[];
  /** Rules that can never apply to this data (as in the engine), and why. */
  skipped: { rule: number; reason: SkipReason }[];
}

export class HighlightFormulaError extends Error {
  constructor(
    readonly reason: "missingColumns" | "tooLong",
    readonly length?: number,
  ) {
    super(reason);
    this.name = "HighlightFormulaError";
  }
}

/** The same order of preference as the engine's resolveRule: specificity descending, then policy order. */
function specificity(rule: PolicyRule): number {
  const dim = rule.dimension !== undefined && rule.value !== undefined ? 2 : 0;
  const dated = rule.from !== undefined || rule.to !== undefined ? 1 : 0;
  return dim + dated;
}

const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/**
 * Builds the conditional-format formula for a source whose first data row is `firstRow`.
 * Throws HighlightFormulaError("missingColumns") without a revenue column and a cost or margin column,
 * HighlightFormulaError("tooLong") past MAX_CF_FORMULA_LENGTH (a policy with very many rules).
 */
export function highlightFormula(policy: MarginPolicy, columns: HighlightColumns, firstRow: number, refs: HighlightRefs): HighlightFormula {
  if (!columns.revenue || (!columns.cost && !columns.margin)) throw new HighlightFormulaError("missingColumns");
  const cell = (letter: string) => `$${letter}${firstRow}`;
  const R = cell(columns.revenue);
  const skipped: HighlightFormula["skipped"] = [];

  // Rules in the order the engine prefers them, with those that can never apply left out.
  const order = policy.rules
    .map((rule, i) => ({ rule, k: i + 1, score: specificity(rule) }))
    .filter(({ rule, k }) => {
      if ((rule.dimension === undefined) !== (rule.value === undefined)) {
        skipped.push({ rule: k, reason: "incomplete" });
        return false;
      }
      if (rule.dimension !== undefined && !columns.dimensions[rule.dimension]) {
        skipped.push({ rule: k, reason: "dimensionAbsent" });
        return false;
      }
      if ((rule.from !== undefined || rule.to !== undefined) && !columns.date) {
        skipped.push({ rule: k, reason: "dateAbsent" });
        return false;
      }
      return true;
    })
    .sort((a, b) => b.score - a.score || a.k - b.k);

  const conditions: { k: number; cond: string | null }[] = [];
  for (const { rule, k } of order) {
    const parts: string[] = [];
    if (rule.dimension !== undefined) {
      const D = cell(columns.dimensions[rule.dimension] as string);
      parts.push(`IFERROR(TRIM(${D})=TRIM(${refs.ruleValue(k)}),FALSE)`);
    }
    let cond: string | null = parts.length ? parts[0] : null;
    if (rule.from !== undefined || rule.to !== undefined) {
      const T = cell(columns.date as string);
      const bounds: string[] = [];
      if (finite(rule.from)) bounds.push(`INT(${T})>=${refs.ruleFrom(k)}`);
      if (finite(rule.to)) bounds.push(`INT(${T})<=${refs.ruleTo(k)}`);
      const all = [...parts, ...bounds];
      // The engine needs a date for a dated rule even when its bounds are blank (NaN).
      cond = `IF(ISNUMBER(${T}),${all.length === 0 ? "TRUE" : all.length === 1 ? all[0] : `AND(${all.join(",")})`},FALSE)`;
    }
    conditions.push({ k, cond });
    if (cond === null) break; // a rule with neither dimension nor dates always applies: later rules are unreachable
  }
  const used = new Set(conditions.map((c) => c.k));
  for (const { k } of order) if (!used.has(k)) skipped.push({ rule: k, reason: "unreachable" });

  let floor = refs.floor;
  for (let i = conditions.length - 1; i >= 0; i--) {
    const { k, cond } = conditions[i];
    const f = refs.ruleFloor(k);
    const ruleFloor = `IF(ISNUMBER(${f}),${f},${refs.floor})`;
    floor = cond === null ? ruleFloor : `IF(${cond},${ruleFloor},${floor})`;
  }

  // As the engine: cost = the cost cell, or revenue - margin; rate = (R - C) / R on sales, (R - C) / C on cost.
  const other = cell(columns.cost ?? (columns.margin as string));
  const C = columns.cost ? other : `(${R}-${other})`;
  const rate = policy.basis === "cost" ? `(${R}-${C})/${C}` : `(${R}-${C})/${R}`;
  const positive = policy.basis === "cost" ? `AND(${R}>0,${C}>0)` : `${R}>0`;
  const formula = `=IF(AND(ISNUMBER(${R}),ISNUMBER(${other})),IF(${positive},ROUND(${rate}-${floor},12)<0,FALSE),FALSE)`;
  if (formula.length > MAX_CF_FORMULA_LENGTH) throw new HighlightFormulaError("tooLong", formula.length);
  return { formula, rulesUsed: conditions.map((c) => c.k), skipped };
}

/** Names OPS defines for the highlight (workbook scope), before any suffix for a collision with a user's name. */
export const HIGHLIGHT_NAMES = {
  floor: "OPS_Floor",
  target: "OPS_Target",
  ruleValue: "OPS_RuleValue",
  ruleFloor: "OPS_RuleFloor",
  ruleFrom: "OPS_RuleFrom",
  ruleTo: "OPS_RuleTo",
} as const;

/** Refs through workbook names: the default floor's cell and the columns of the rules table body. */
export function namedRefs(names: { floor: string; ruleValue: string; ruleFloor: string; ruleFrom: string; ruleTo: string }): HighlightRefs {
  return {
    floor: names.floor,
    ruleValue: (k) => `INDEX(${names.ruleValue},${k})`,
    ruleFloor: (k) => `INDEX(${names.ruleFloor},${k})`,
    ruleFrom: (k) => `INDEX(${names.ruleFrom},${k})`,
    ruleTo: (k) => `INDEX(${names.ruleTo},${k})`,
  };
}
