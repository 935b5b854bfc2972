/**
 * Conditional formats in the preview's grid: which cells a formula-based ("Custom") conditional format marks, as
 * Excel decides it. The simulated host does not recalculate, so the grid evaluates each visible cell's rule with the
 * sim's formula evaluator (src/sim/formula.ts evaluateAt), relative references moving with the cell from the top-left
 * cell of the format's first range, as in Excel. An error marks nothing (Excel does the same).
 */
import { SimErrorValue } from "../sim/cells";
import { evaluateAt } from "../sim/formula";
import type { SimConditionalFormat, SimWorkbook } from "../sim/model";

/** Does the conditional format apply to cell (r, c)? (A Custom rule whose formula gives TRUE or a non-zero number.) */
export function conditionalFormatApplies(wb: SimWorkbook, cf: SimConditionalFormat, r: number, c: number): boolean {
  if (cf.type !== "Custom" || !cf.formula || cf.ranges.length === 0) return false;
  const inside = cf.ranges.some((b) => r >= b.r0 && r <= b.r1 && c >= b.c0 && c <= b.c1);
  if (!inside) return false;
  const origin = cf.ranges[0];
  const v = evaluateAt(wb, cf.sheet, cf.formula, origin.r0, origin.c0, r, c);
  if (v instanceof SimErrorValue || v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  return false;
}
