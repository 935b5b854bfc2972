/**
 * The policy as the Policy view edits it: rates as the text the user types ("12,5" or "12.5" means 12.5 %),
 * converted to and from a MarginPolicy. Pure code (no React), shared by the view and the controller.
 */
import type { MarginBasis, MarginPolicy, PolicyRule } from "../core/policy-types";
import type { CellLocation, ColumnRole, Lang } from "../core/types";
import { isoDateToSerial, serialToIsoDate } from "./format";

/** Dimensions a rule may target, in the order the Policy view offers them. */
export const RULE_DIMENSIONS: ColumnRole[] = ["segment", "product", "region", "country", "customer", "channel"];

export interface RuleDraft {
  /** Stable React key (not saved). */
  key: number;
  id: string;
  dimension: ColumnRole | "";
  value: string;
  /** Percent text; "" = inherit the default. */
  floor: string;
  target: string;
  /** "yyyy-mm-dd" or "". */
  from: string;
  to: string;
  location?: CellLocation;
}

export interface PolicyDraft {
  basis: MarginBasis;
  floor: string;
  target: string;
  /** Points text ("2" = 2 pts). */
  erosion: string;
  period: MarginPolicy["period"];
  groupBy?: ColumnRole[];
  rules: RuleDraft[];
}

let nextKey = 1;
export function newRuleKey(): number {
  return nextKey++;
}

/** A fraction as the percent text a user would type: 0.125 -> "12,5" (fr) / "12.5" (en); NaN -> "". */
export function percentText(x: number | undefined, lang: Lang): string {
  if (x === undefined || !Number.isFinite(x)) return "";
  const v = Math.round(x * 100 * 1e6) / 1e6;
  const s = String(v);
  return lang === "fr" ? s.replace(".", ",") : s;
}

/**
 * Reads what the user typed as a percent (or points): "12,5", "12.5", "12,5 %", " -5 ", "−5". Returns the fraction
 * (0.125), NaN for text that is not a number, undefined for an empty field.
 */
export function parsePercentText(text: string): number | undefined {
  let s = text.replace(/[\s\u00a0\u202f]/g, "");
  if (s === "") return undefined;
  s = s.replace(/%$/, "").replace(/pts?$/i, "").replace(/^−/, "-").replace(",", ".");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return NaN;
  return Number(s) / 100;
}

export function draftFromPolicy(policy: MarginPolicy, lang: Lang): PolicyDraft {
  return {
    basis: policy.basis,
    floor: percentText(policy.floor, lang),
    target: percentText(policy.target, lang),
    erosion: percentText(policy.erosionPoints, lang),
    period: policy.period,
    groupBy: policy.groupBy ? [...policy.groupBy] : undefined,
    rules: policy.rules.map((r) => ruleDraftFrom(r, lang)),
  };
}

function ruleDraftFrom(r: PolicyRule, lang: Lang): RuleDraft {
  return {
    key: newRuleKey(),
    id: r.id,
    dimension: r.dimension ?? "",
    value: r.value ?? "",
    floor: percentText(r.floor, lang),
    target: percentText(r.target, lang),
    from: serialToIsoDate(r.from),
    to: serialToIsoDate(r.to),
    location: r.location,
  };
}

/** A field of the draft the pane itself could not read (before the engine's validation). */
export interface DraftProblem {
  /** "floor", "target", "erosion" for the defaults; rule fields are "rule:<key>:<field>". */
  field: string;
  code: "pane.policy.notAPercent" | "pane.policy.notADate" | "pane.policy.required";
}

export function ruleField(key: number, field: string): string {
  return `rule:${key}:${field}`;
}

/** The MarginPolicy the draft describes, and the fields that could not be read. Blank rule rates inherit (NaN). */
export function draftToPolicy(draft: PolicyDraft): { policy: MarginPolicy; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const required = (text: string, field: string): number => {
    const v = parsePercentText(text);
    if (v === undefined) problems.push({ field, code: "pane.policy.required" });
    else if (Number.isNaN(v)) problems.push({ field, code: "pane.policy.notAPercent" });
    return v ?? NaN;
  };
  const optional = (text: string, field: string): number => {
    const v = parsePercentText(text);
    if (v !== undefined && Number.isNaN(v)) problems.push({ field, code: "pane.policy.notAPercent" });
    return v ?? NaN;
  };
  const date = (text: string, field: string): number | undefined => {
    if (text.trim() === "") return undefined;
    const v = isoDateToSerial(text);
    if (v === undefined) problems.push({ field, code: "pane.policy.notADate" });
    return v;
  };
  const policy: MarginPolicy = {
    basis: draft.basis,
    floor: required(draft.floor, "floor"),
    target: required(draft.target, "target"),
    erosionPoints: required(draft.erosion, "erosion"),
    period: draft.period,
    rules: draft.rules.map((r, i) => {
      const rule: PolicyRule = {
        id: r.id.trim() || `R${i + 1}`,
        floor: optional(r.floor, ruleField(r.key, "floor")),
        target: optional(r.target, ruleField(r.key, "target")),
      };
      if (r.dimension) rule.dimension = r.dimension;
      if (r.value.trim() !== "") rule.value = r.value.trim();
      const from = date(r.from, ruleField(r.key, "from"));
      const to = date(r.to, ruleField(r.key, "to"));
      if (from !== undefined) rule.from = from;
      if (to !== undefined) rule.to = to;
      if (r.location) rule.location = r.location;
      return rule;
    }),
  };
  if (draft.groupBy) policy.groupBy = [...draft.groupBy];
  return { policy, problems };
}

/** True when the draft says something different from the policy (compared as policies, not as text). */
export function draftDiffers(draft: PolicyDraft, policy: MarginPolicy): boolean {
  const { policy: p, problems } = draftToPolicy(draft);
  if (problems.length > 0) return true;
  const norm = (x: MarginPolicy) =>
    JSON.stringify({
      b: x.basis,
      f: round(x.floor),
      t: round(x.target),
      e: round(x.erosionPoints),
      p: x.period,
      g: x.groupBy ?? null,
      r: x.rules.map((r) => [
        r.id,
        r.dimension ?? null,
        r.value ?? null,
        round(r.floor),
        round(r.target),
        r.from ?? null,
        r.to ?? null,
      ]),
    });
  return norm(p) !== norm(policy);
}

function round(x: number): number | null {
  return Number.isFinite(x) ? Math.round(x * 1e9) / 1e9 : null;
}
