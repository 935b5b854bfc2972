/**
 * Margin arithmetic shared by the OPS.* functions, the compliance checks and the pane.
 * Basis "sales": gross margin rate (taux de marque) = (R - C) / R. Basis "cost": markup (taux de marge) = (R - C) / C.
 * Functions return NaN where the rate is undefined (zero base); callers turn that into #DIV/0! or a data finding.
 */
import { isBelow } from "./compare";
import type { MarginBasis } from "./policy-types";

/** Margin rate on the given basis; NaN when the base (revenue or cost) is 0. */
export function marginRate(revenue: number, cost: number, basis: MarginBasis = "sales"): number {
  const base = basis === "sales" ? revenue : cost;
  if (base === 0) return NaN;
  return (revenue - cost) / base;
}

/** Margin amount missing to reach the target rate: target x base - margin, 0 when met. */
export function marginShortfall(revenue: number, cost: number, target: number, basis: MarginBasis = "sales"): number {
  const base = basis === "sales" ? revenue : cost;
  const gap = target * base - (revenue - cost);
  return gap > 0 ? gap : 0;
}

/** Selling price that gives the target rate at this cost: C / (1 - m) on sales, C x (1 + k) on cost. NaN when m >= 1. */
export function priceForMargin(cost: number, target: number, basis: MarginBasis = "sales"): number {
  if (basis === "cost") return cost * (1 + target);
  if (target >= 1) return NaN;
  return cost / (1 - target);
}

/** Relative price increase that meets the target with the same cost (0 when already met, NaN when impossible). */
export function priceIncreaseForTarget(revenue: number, cost: number, target: number, basis: MarginBasis = "sales"): number {
  if (revenue <= 0) return NaN;
  const price = priceForMargin(cost, target, basis);
  if (Number.isNaN(price)) return NaN;
  const inc = price / revenue - 1;
  return inc > 0 ? inc : 0;
}

/** markup = m / (1 - m) */
export function markupFromMarginRate(m: number): number {
  return m === 1 ? NaN : m / (1 - m);
}

/** m = markup / (1 + markup) */
export function marginRateFromMarkup(k: number): number {
  return k === -1 ? NaN : k / (1 + k);
}

/** Markup (taux de marge) = (R - C) / C; NaN when C = 0. */
export function markup(revenue: number, cost: number): number {
  return marginRate(revenue, cost, "cost");
}

/** Multiplier (coefficient multiplicateur) = R / C; NaN when C = 0. */
export function multiplier(revenue: number, cost: number): number {
  return cost === 0 ? NaN : revenue / cost;
}

/** A rate expressed on one basis, converted to the other (identity when from = to). NaN where undefined. */
export function convertRate(rate: number, from: MarginBasis, to: MarginBasis): number {
  if (from === to) return rate;
  return from === "sales" ? markupFromMarginRate(rate) : marginRateFromMarkup(rate);
}

/** Stable codes of OPS.MARGIN.STATUS (and of anything else that grades one rate against a floor and a target). */
export type MarginStatus = "BREACH" | "WARN" | "OK";

/**
 * Grades a rate with the spreadsheet-style comparison of compare.ts: below the floor = BREACH, else below the target
 * (when one is given, i.e. not NaN/undefined) = WARN, else OK. A rate exactly at a threshold is not below it.
 */
export function statusOfRate(rate: number, floor: number, target?: number): MarginStatus {
  if (isBelow(rate, floor)) return "BREACH";
  if (target !== undefined && target === target && isBelow(rate, target)) return "WARN";
  return "OK";
}

/**
 * Status of one line: null when the line has no rate to judge (revenue <= 0 — a credit note or an empty sale —, or a
 * zero/negative cost on the cost basis). Such lines are data points to look at, never breaches.
 */
export function marginStatus(
  revenue: number,
  cost: number,
  floor: number,
  target?: number,
  basis: MarginBasis = "sales",
): MarginStatus | null {
  if (!(revenue > 0) || !Number.isFinite(cost)) return null;
  if (basis === "cost" && !(cost > 0)) return null;
  return statusOfRate(marginRate(revenue, cost, basis), floor, target);
}

/** Break-even volume in units: fixed costs / (price - variable cost per unit). NaN when price <= variable cost. */
export function breakEvenUnits(fixedCosts: number, price: number, variableCost: number): number {
  const cm = price - variableCost;
  if (!(cm > 0)) return NaN;
  return fixedCosts / cm;
}

/**
 * Break-even revenue (seuil de rentabilité) = fixed costs / contribution-margin ratio = FC x P / (P - v).
 * Works with unit figures (price, variable cost per unit) or with totals (revenue, variable costs). NaN when P <= v.
 */
export function breakEvenRevenue(fixedCosts: number, price: number, variableCost: number): number {
  const cm = price - variableCost;
  if (!(cm > 0) || !(price > 0)) return NaN;
  return (fixedCosts * price) / cm;
}

/** Margin of safety (marge de sécurité) = (R - break-even revenue) / R; NaN when R <= 0. */
export function marginOfSafety(revenue: number, breakEven: number): number {
  if (!(revenue > 0)) return NaN;
  return (revenue - breakEven) / revenue;
}
