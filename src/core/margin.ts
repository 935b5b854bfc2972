/**
 * Margin arithmetic shared by the OPS.* functions, the compliance checks and the pane.
 * Basis "sales": gross margin rate (taux de marque) = (R - C) / R. Basis "cost": markup (taux de marge) = (R - C) / C.
 * Functions return NaN where the rate is undefined (zero base); callers turn that into #DIV/0! or a data finding.
 */
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
