/**
 * The margin policy: its default, its validation, its fingerprint and the choice of the rule that applies to a row.
 *
 * A rule's floor or target that is not a finite number (NaN, as left blank on the "OPS Policy" sheet) inherits the
 * policy's default floor or target: a rule "Enterprise, floor -5 %" with no target keeps the default target.
 */
import { DIMENSION_ROLES, type CellLocation, type ColumnRole, type OpsMessage } from "../types";
import type { MarginPolicy, PolicyRule } from "../policy-types";
import { cellAddress } from "../parse/text";
import { normKey } from "./text";

export const DEFAULT_RULE_ID = "default";

/** Basis "sales", floor 10 %, target 20 %, erosion 2 points, monthly periods, no rules. */
export function defaultPolicy(): MarginPolicy {
  return { basis: "sales", floor: 0.1, target: 0.2, erosionPoints: 0.02, period: "month", rules: [] };
}

/** The rule's floor/target with blanks (non-finite) taken from the policy's defaults. */
export function effectiveRule(policy: MarginPolicy, rule: PolicyRule): PolicyRule {
  const floor = Number.isFinite(rule.floor) ? rule.floor : policy.floor;
  const target = Number.isFinite(rule.target) ? rule.target : policy.target;
  if (floor === rule.floor && target === rule.target) return rule;
  return { ...rule, floor, target };
}

export function defaultRule(policy: MarginPolicy): PolicyRule {
  return { id: DEFAULT_RULE_ID, floor: policy.floor, target: policy.target };
}

/** 2 = dimension + dates, 1... : a rule with a dimension beats one without; then one with dates beats one without. */
export function ruleSpecificity(rule: PolicyRule): number {
  return (rule.dimension !== undefined && rule.value !== undefined ? 2 : 0) + (hasDates(rule) ? 1 : 0);
}

export function hasDates(rule: PolicyRule): boolean {
  return rule.from !== undefined || rule.to !== undefined;
}

export function dateInRule(rule: PolicyRule, date: number | undefined): boolean {
  if (!hasDates(rule)) return true;
  if (date === undefined || !Number.isFinite(date)) return false;
  const d = Math.floor(date);
  if (rule.from !== undefined && Number.isFinite(rule.from) && d < rule.from) return false;
  if (rule.to !== undefined && Number.isFinite(rule.to) && d > rule.to) return false;
  return true;
}

/**
 * The rule that applies to a row (or group) with these dimension values and date. Most specific wins: a rule with a
 * dimension + value beats the default; among matching rules one with a date range beats one without; ties go to the
 * first rule in the policy's order. Returns the defaults as a rule with id "default". Blank floor/target inherited.
 */
export function resolveRule(policy: MarginPolicy, dims: Partial<Record<ColumnRole, string>>, date?: number): PolicyRule {
  let best: PolicyRule | undefined;
  let bestScore = -1;
  const keys: Partial<Record<ColumnRole, string>> = {};
  for (const rule of policy.rules) {
    if (rule.dimension !== undefined || rule.value !== undefined) {
      if (rule.dimension === undefined || rule.value === undefined) continue; // incomplete rule: never applies
      const v = dims[rule.dimension];
      if (v === undefined || v === null) continue;
      let k = keys[rule.dimension];
      if (k === undefined) {
        k = normKey(String(v));
        keys[rule.dimension] = k;
      }
      if (k !== normKey(rule.value)) continue;
    }
    if (!dateInRule(rule, date)) continue;
    const score = ruleSpecificity(rule);
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  return best ? effectiveRule(policy, best) : defaultRule(policy);
}

/** How validation messages are placed: by default at rule.location's row, the field's column next to it. */
export interface PolicyLocator {
  /** Location of a default setting ("basis", "floor", "target", "erosionPoints", "period", "groupBy"). */
  setting?(name: string): CellLocation | undefined;
  /** Location of a rule's field ("rule", "dimension", "value", "floor", "target", "from", "to"). */
  ruleField?(rule: PolicyRule, index: number, field: string): CellLocation | undefined;
}

/** Column order of a rule on the policy sheet, from rule.location.column (the rule id's column). */
export const RULE_FIELDS = ["rule", "dimension", "value", "floor", "target", "from", "to", "comment"] as const;

function defaultRuleField(rule: PolicyRule, field: string): CellLocation | undefined {
  const loc = rule.location;
  if (!loc) return undefined;
  if (loc.row === undefined) return { ...loc };
  const base = loc.column ?? 1;
  const offset = Math.max(0, (RULE_FIELDS as readonly string[]).indexOf(field));
  const column = base + offset;
  return { sheet: loc.sheet, row: loc.row, column, address: cellAddress(loc.row, column) };
}

function pct(x: number): number {
  return Math.round(x * 1e6) / 1e4; // fraction -> percent with 4 decimals, for messages
}

/**
 * Checks a policy: floor above target, rates out of range (sales basis: < -100 % or >= 100 %; cost basis: < -100 %),
 * erosion points out of range, incomplete rules, dimensions that are not dimensions or not among the data's roles,
 * overlapping rules (same dimension/value, date ranges that meet), dates in the wrong order, duplicate ids.
 * Each message is located at the cell when the rule has a location (or through `locator`).
 */
export function validatePolicy(policy: MarginPolicy, availableRoles?: ColumnRole[], locator?: PolicyLocator): OpsMessage[] {
  const out: OpsMessage[] = [];
  const settingLoc = (name: string) => locator?.setting?.(name);
  const fieldLoc = (rule: PolicyRule, i: number, field: string) => locator?.ruleField?.(rule, i, field) ?? defaultRuleField(rule, field);
  const push = (code: string, severity: OpsMessage["severity"], params: Record<string, string | number>, location?: CellLocation) => {
    const m: OpsMessage = { code, severity, params };
    if (location) m.location = location;
    out.push(m);
  };

  const sales = policy.basis !== "cost";
  const rateProblem = (x: number): string | null => {
    if (!Number.isFinite(x)) return "compliance.policy.notANumber";
    if (x < -1) return "compliance.policy.rateTooLow";
    if (sales && x >= 1) return "compliance.policy.rateTooHighSales";
    if (!sales && x > 100) return "compliance.policy.rateTooHighCost";
    return null;
  };

  if (policy.basis !== "sales" && policy.basis !== "cost") push("compliance.policy.badBasis", "error", { value: String(policy.basis) }, settingLoc("basis"));
  if (!["month", "quarter", "year"].includes(policy.period)) push("compliance.policy.badPeriod", "error", { value: String(policy.period) }, settingLoc("period"));
  for (const [name, value] of [["floor", policy.floor], ["target", policy.target]] as const) {
    const p = rateProblem(value);
    if (p) push(p, "error", { field: name, value: Number.isFinite(value) ? pct(value) : String(value) }, settingLoc(name));
  }
  if (Number.isFinite(policy.floor) && Number.isFinite(policy.target) && policy.floor > policy.target) {
    push("compliance.policy.floorAboveTarget", "error", { rule: DEFAULT_RULE_ID, floor: pct(policy.floor), target: pct(policy.target) }, settingLoc("floor"));
  }
  if (!Number.isFinite(policy.erosionPoints) || policy.erosionPoints < 0 || policy.erosionPoints >= 1) {
    push("compliance.policy.erosionOutOfRange", "error", { value: Number.isFinite(policy.erosionPoints) ? pct(policy.erosionPoints) : String(policy.erosionPoints) }, settingLoc("erosionPoints"));
  }
  for (const d of policy.groupBy ?? []) {
    if (!DIMENSION_ROLES.includes(d)) push("compliance.policy.notADimension", "error", { dimension: String(d) }, settingLoc("groupBy"));
    else if (availableRoles && !availableRoles.includes(d)) push("compliance.policy.unknownDimension", "warning", { dimension: d, rule: "groupBy" }, settingLoc("groupBy"));
  }

  const seenIds = new Map<string, number>();
  policy.rules.forEach((rule, i) => {
    const id = rule.id || `#${i + 1}`;
    if (rule.id) {
      const prev = seenIds.get(normKey(rule.id));
      if (prev !== undefined) push("compliance.policy.duplicateId", "warning", { rule: id, other: prev + 1 }, fieldLoc(rule, i, "rule"));
      else seenIds.set(normKey(rule.id), i);
    }
    if (rule.dimension !== undefined && !DIMENSION_ROLES.includes(rule.dimension)) {
      push("compliance.policy.notADimension", "error", { rule: id, dimension: String(rule.dimension) }, fieldLoc(rule, i, "dimension"));
    } else if (rule.dimension !== undefined && availableRoles && !availableRoles.includes(rule.dimension)) {
      push("compliance.policy.unknownDimension", "warning", { rule: id, dimension: rule.dimension }, fieldLoc(rule, i, "dimension"));
    }
    if (rule.dimension !== undefined && (rule.value === undefined || rule.value.trim() === "")) {
      push("compliance.policy.missingValue", "error", { rule: id }, fieldLoc(rule, i, "value"));
    }
    if (rule.dimension === undefined && rule.value !== undefined && rule.value.trim() !== "") {
      push("compliance.policy.missingDimension", "error", { rule: id, value: rule.value }, fieldLoc(rule, i, "dimension"));
    }
    for (const field of ["floor", "target"] as const) {
      const v = rule[field];
      if (Number.isNaN(v)) continue; // blank: inherits the default
      const p = rateProblem(v);
      if (p) push(p, "error", { rule: id, field, value: Number.isFinite(v) ? pct(v) : String(v) }, fieldLoc(rule, i, field));
    }
    const eff = effectiveRule(policy, rule);
    if (Number.isFinite(eff.floor) && Number.isFinite(eff.target) && eff.floor > eff.target) {
      push("compliance.policy.floorAboveTarget", "error", { rule: id, floor: pct(eff.floor), target: pct(eff.target) }, fieldLoc(rule, i, Number.isFinite(rule.floor) ? "floor" : "target"));
    }
    for (const field of ["from", "to"] as const) {
      const v = rule[field];
      if (v !== undefined && !(Number.isFinite(v) && v >= 1)) push("compliance.policy.badDate", "error", { rule: id, field, value: String(v) }, fieldLoc(rule, i, field));
    }
    if (rule.from !== undefined && rule.to !== undefined && Number.isFinite(rule.from) && Number.isFinite(rule.to) && rule.from > rule.to) {
      push("compliance.policy.dateOrder", "error", { rule: id }, fieldLoc(rule, i, "to"));
    }
  });

  // Overlaps: same dimension and value (or both without dimension), both without dates or with ranges that meet.
  for (let j = 0; j < policy.rules.length; j++) {
    const b = policy.rules[j];
    for (let i = 0; i < j; i++) {
      const a = policy.rules[i];
      if ((a.dimension ?? "") !== (b.dimension ?? "")) continue;
      if (normKey(a.value ?? "") !== normKey(b.value ?? "")) continue;
      if (hasDates(a) !== hasDates(b)) continue; // a dated rule is an exception to an undated one: allowed
      const aFrom = a.from ?? -Infinity, aTo = a.to ?? Infinity, bFrom = b.from ?? -Infinity, bTo = b.to ?? Infinity;
      if (aFrom <= bTo && bFrom <= aTo) {
        push("compliance.policy.overlap", "warning", { rule: b.id || `#${j + 1}`, other: a.id || `#${i + 1}` }, fieldLoc(b, j, hasDates(b) ? "from" : "value"));
        break;
      }
    }
  }
  return out;
}

/** The policy as it is compared and hashed: fields in a fixed order, values as keys, no locations. */
export function normalisePolicy(policy: MarginPolicy): unknown {
  const num = (x: number | undefined) => (x === undefined ? null : Number.isFinite(x) ? Math.round(x * 1e12) / 1e12 : null);
  return {
    basis: policy.basis,
    floor: num(policy.floor),
    target: num(policy.target),
    erosionPoints: num(policy.erosionPoints),
    period: policy.period,
    groupBy: policy.groupBy ? [...policy.groupBy].sort() : null,
    rules: policy.rules.map((r) => ({
      id: r.id,
      dimension: r.dimension ?? null,
      value: r.value === undefined ? null : normKey(r.value),
      floor: num(r.floor),
      target: num(r.target),
      from: num(r.from),
      to: num(r.to),
    })),
  };
}

/** Stable hash of the normalised policy: two FNV-1a 32-bit hashes (different offsets) as 16 hex digits. */
export function policyFingerprint(policy: MarginPolicy): string {
  const s = JSON.stringify(normalisePolicy(policy));
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193);
    h2 = (h2 ^ (h2 >>> 15)) >>> 0;
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}
