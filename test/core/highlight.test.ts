/**
 * The highlight formula is evaluated, row by row, by a small Excel evaluator (test/excel/support/formula-eval.ts,
 * functions from @formulajs/formulajs) on sample rows and a policy sheet, and compared with an independent reading of
 * the rules: the rate on the policy basis, the most specific matching rule, and compareRate (src/core/compare.ts).
 */
import fc from "fast-check";
import { compareRate } from "../../src/core/compare";
import { checkComplianceSync } from "../../src/core/compliance";
import type { DataSet } from "../../src/core/types";
import { HighlightFormulaError, MAX_CF_FORMULA_LENGTH, columnLetter, highlightFormula, namedRefs, type HighlightColumns } from "../../src/core/highlight";
import type { MarginPolicy, PolicyRule } from "../../src/core/policy-types";
import type { ColumnRole } from "../../src/core/types";
import { ExcelErr, evaluate, parseFormula, type EvalContext, type Value } from "../excel/support/formula-eval";

// Source sheet layout: A segment, B product, C revenue, D cost, E margin, F date; header on row 1, data from row 2.
const COLS: HighlightColumns = { revenue: "C", cost: "D", date: "F", dimensions: { segment: "A", product: "B" } };
const COLS_MARGIN: HighlightColumns = { revenue: "C", margin: "E", date: "F", dimensions: { segment: "A", product: "B" } };
type Row = { segment: Value; product: Value; revenue: Value; cost: Value; date: Value };

// Policy sheet: default floor in B5; rules body from row 12: C value, D floor, F from, G to.
const POLICY = "OPS Policy";
const RULE_TOP = 12;
const NAMES = { floor: "OPS_Floor", ruleValue: "OPS_RuleValue", ruleFloor: "OPS_RuleFloor", ruleFrom: "OPS_RuleFrom", ruleTo: "OPS_RuleTo" };

function policySheet(policy: MarginPolicy): Map<string, Value> {
  const cells = new Map<string, Value>();
  cells.set("B5", policy.floor);
  policy.rules.forEach((r, i) => {
    const row = RULE_TOP + i;
    cells.set(`C${row}`, r.value ?? null);
    cells.set(`D${row}`, Number.isFinite(r.floor) ? r.floor : null);
    cells.set(`F${row}`, r.from ?? null);
    cells.set(`G${row}`, r.to ?? null);
  });
  return cells;
}

function context(rows: Row[], policyCells: Map<string, Value>, nRules: number): EvalContext {
  const bottom = RULE_TOP + Math.max(nRules, 1) - 1;
  const nameMap: Record<string, { sheet: string; top: number; left: number; bottom: number; right: number }> = {
    OPS_Floor: { sheet: POLICY, top: 5, left: 2, bottom: 5, right: 2 },
    OPS_RuleValue: { sheet: POLICY, top: RULE_TOP, left: 3, bottom, right: 3 },
    OPS_RuleFloor: { sheet: POLICY, top: RULE_TOP, left: 4, bottom, right: 4 },
    OPS_RuleFrom: { sheet: POLICY, top: RULE_TOP, left: 6, bottom, right: 6 },
    OPS_RuleTo: { sheet: POLICY, top: RULE_TOP, left: 7, bottom, right: 7 },
  };
  return {
    name: (n) => nameMap[n],
    cell: (sheet, row, col) => {
      if (sheet === POLICY) return policyCells.get(`${columnLetter(col)}${row}`) ?? null;
      if (sheet !== undefined) throw new Error(`unexpected sheet ${sheet}`);
      const r = rows[row - 2];
      if (!r) return null;
      const v = [r.segment, r.product, r.revenue, r.cost, typeof r.revenue === "number" && typeof r.cost === "number" ? r.revenue - r.cost : null, r.date][col - 1];
      return v === undefined ? null : v;
    },
  };
}

/** Marks of the formula on every row (true / false; an error counts as not marked, as in Excel). */
function marks(policy: MarginPolicy, rows: Row[], cols = COLS, cells = policySheet(policy)): boolean[] {
  const { formula } = highlightFormula(policy, cols, 2, namedRefs(NAMES));
  const node = parseFormula(formula);
  const ctx = context(rows, cells, policy.rules.length);
  return rows.map((_, i) => {
    const v = evaluate(node, ctx, 2, i + 2);
    return v === true;
  });
}

// ---- independent reading of the policy -------------------------------------------------------------------------
const key = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();
function floorFor(policy: MarginPolicy, row: Row): number {
  let best: PolicyRule | undefined;
  let bestScore = -1;
  for (const rule of policy.rules) {
    if ((rule.dimension === undefined) !== (rule.value === undefined)) continue;
    let score = 0;
    if (rule.dimension !== undefined) {
      const v = rule.dimension === "segment" ? row.segment : rule.dimension === "product" ? row.product : undefined;
      if (v === undefined || v === null || v instanceof ExcelErr) continue;
      if (key(String(v)) !== key(rule.value as string)) continue;
      score += 2;
    }
    if (rule.from !== undefined || rule.to !== undefined) {
      if (typeof row.date !== "number") continue;
      const d = Math.floor(row.date);
      if (rule.from !== undefined && d < rule.from) continue;
      if (rule.to !== undefined && d > rule.to) continue;
      score += 1;
    }
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  if (!best) return policy.floor;
  return Number.isFinite(best.floor) ? best.floor : policy.floor;
}
function expectedMark(policy: MarginPolicy, row: Row): boolean {
  const { revenue: R, cost: C } = row;
  if (typeof R !== "number" || typeof C !== "number" || !(R > 0)) return false;
  if (policy.basis === "cost" && !(C > 0)) return false;
  const rate = policy.basis === "cost" ? (R - C) / C : (R - C) / R;
  return compareRate(rate, floorFor(policy, row)) < 0;
}

const base = (over: Partial<MarginPolicy> = {}): MarginPolicy => ({ basis: "sales", floor: 0.1, target: 0.2, erosionPoints: 0.02, period: "month", rules: [], ...over });
const row = (segment: Value, revenue: Value, cost: Value, product: Value = "P1", date: Value = 45292): Row => ({ segment, product, revenue, cost, date });

describe("highlight formula", () => {
  it("marks a row below the floor, not one exactly at it (4456 / 4010.40 is 10 % on paper)", () => {
    const rows = [row("Gov", 4456, 4010.4), row("Gov", 4456, 4010.5), row("Gov", 1000, 850)];
    expect((4456 - 4010.4) / 4456).toBeLessThan(0.1); // binary floating point says below...
    expect(marks(base(), rows)).toEqual([false, true, false]); // ...the sheet says at the floor
  });

  it("never marks zero or negative revenue, text amounts, blanks or error values, and never evaluates to an error", () => {
    const rows = [row("A", 0, 10), row("A", -100, 50), row("A", "1 234,56 €", 2000), row("A", 100, null), row("A", 100, "n/a"), row("A", new ExcelErr("#N/A"), 10), row("A", 100, new ExcelErr("#DIV/0!")), row(new ExcelErr("#N/A"), 100, 95)];
    const { formula } = highlightFormula(base({ rules: [{ id: "R1", dimension: "segment", value: "A", floor: 0.5, target: 0.6 }] }), COLS, 2, namedRefs(NAMES));
    const ctx = context(rows, policySheet(base({ rules: [{ id: "R1", dimension: "segment", value: "A", floor: 0.5, target: 0.6 }] })), 1);
    const values = rows.map((_, i) => evaluate(formula, ctx, 2, i + 2));
    expect(values.slice(0, 7)).toEqual([false, false, false, false, false, false, false]);
    // A dimension cell in error does not match the rule, the default floor (10 %) applies: 5 % is below it.
    expect(values[7]).toBe(true);
  });

  it("applies the most specific rule: dimension + dates, then dimension, then dates only, then the default", () => {
    const policy = base({
      floor: 0.1,
      rules: [
        { id: "dates", from: 45292, to: 45322, floor: 0.3, target: 0.4 },
        { id: "ent", dimension: "segment", value: "Enterprise", floor: -0.05, target: 0.1 },
        { id: "entJan", dimension: "segment", value: "Enterprise", floor: 0.02, target: 0.1, from: 45292, to: 45322 },
      ],
    });
    const rows = [
      row("Enterprise", 100, 103, "P", 45300), // Jan, entJan floor 2 %: -3 % below
      row("Enterprise", 100, 103, "P", 45400), // outside Jan, ent floor -5 %: -3 % above
      row("  enterprise ", 100, 97, "P", 45400), // case and spaces ignored: 3 % above -5 %
      row("Gov", 100, 75, "P", 45300), // Jan, dates-only rule 30 %: 25 % below
      row("Gov", 100, 85, "P", 45400), // default 10 %: 15 % above
      row("Gov", 100, 95, "P", "2024-01-15"), // date as text: default applies, 5 % below
    ];
    expect(marks(policy, rows)).toEqual([true, false, false, true, false, true]);
    expect(rows.map((r) => expectedMark(policy, r))).toEqual([true, false, false, true, false, true]);
  });

  it("reads the thresholds from the policy sheet: editing a floor there changes the marks without a new formula", () => {
    const policy = base({ rules: [{ id: "ent", dimension: "segment", value: "Enterprise", floor: -0.05, target: 0.1 }] });
    const rows = [row("Enterprise", 100, 103), row("Gov", 100, 92)];
    const cells = policySheet(policy);
    expect(marks(policy, rows, COLS, cells)).toEqual([false, true]);
    cells.set("D12", 0); // the rule's floor edited to 0 % in Excel
    cells.set("B5", 0.05); // the default floor edited to 5 %
    expect(marks(policy, rows, COLS, cells)).toEqual([true, false]);
    cells.set("D12", null); // the rule's floor cleared: the default floor applies, as in the engine
    expect(marks(policy, rows, COLS, cells)).toEqual([true, false]);
  });

  it("uses the cost basis (markup) and a margin column when there is no cost column", () => {
    const policy = base({ basis: "cost", floor: 0.25 });
    const rows = [row("A", 125, 100), row("A", 124, 100), row("A", 100, 0)];
    expect(marks(policy, rows)).toEqual([false, true, false]);
    expect(marks(policy, rows, COLS_MARGIN)).toEqual([false, true, false]);
    const sales = base({ floor: 0.2 });
    expect(marks(sales, rows, COLS_MARGIN)).toEqual([false, true, false]);
  });

  it("leaves out rules that can never apply to this data, as the engine does", () => {
    const policy = base({
      rules: [
        { id: "region", dimension: "region", value: "Nord", floor: 0.5, target: 0.6 },
        { id: "half", dimension: "segment", floor: 0.5, target: 0.6 },
        { id: "all", floor: 0.05, target: 0.1 },
        { id: "after", dimension: "product", value: "P1", floor: 0.9, target: 0.9 },
      ],
    });
    const out = highlightFormula(policy, COLS, 2, namedRefs(NAMES));
    expect(out.rulesUsed).toEqual([4, 3]);
    expect(out.skipped).toEqual(expect.arrayContaining([{ rule: 1, reason: "dimensionAbsent" }, { rule: 2, reason: "incomplete" }]));
    const noDate = highlightFormula(base({ rules: [{ id: "d", from: 1, to: 2, floor: 0, target: 0 }] }), { ...COLS, date: undefined }, 2, namedRefs(NAMES));
    expect(noDate.skipped).toEqual([{ rule: 1, reason: "dateAbsent" }]);
  });

  it("refers to the policy sheet only through the names, with relative rows and absolute columns", () => {
    const { formula } = highlightFormula(base({ rules: [{ id: "e", dimension: "segment", value: "E", floor: 0, target: 0 }] }), COLS, 7, namedRefs(NAMES));
    expect(formula.startsWith("=")).toBe(true);
    expect(formula).toContain("OPS_Floor");
    expect(formula).toContain("INDEX(OPS_RuleFloor,1)");
    expect(formula).toContain("ROUND(");
    expect(formula).toMatch(/\$C7/);
    expect(formula).not.toMatch(/\$C\$7/);
  });

  it("refuses without revenue and cost or margin, and past Excel's formula length", () => {
    expect(() => highlightFormula(base(), { revenue: "C", dimensions: {} }, 2, namedRefs(NAMES))).toThrow(HighlightFormulaError);
    const many: PolicyRule[] = Array.from({ length: 60 }, (_, i) => ({ id: `R${i}`, dimension: "segment" as ColumnRole, value: `S${i}`, floor: 0.1, target: 0.2, from: 1, to: 99999 }));
    try {
      highlightFormula(base({ rules: many }), COLS, 2, namedRefs(NAMES));
      throw new Error("expected tooLong");
    } catch (e) {
      expect(e).toBeInstanceOf(HighlightFormulaError);
      expect((e as HighlightFormulaError).reason).toBe("tooLong");
      expect((e as HighlightFormulaError).length).toBeGreaterThan(MAX_CF_FORMULA_LENGTH);
    }
    const fine = highlightFormula(base({ rules: many.slice(0, 25) }), COLS, 2, namedRefs(NAMES));
    expect(fine.formula.length).toBeLessThanOrEqual(MAX_CF_FORMULA_LENGTH);
  });

  it("agrees with the independent reading on random rows and random policies (property)", () => {
    const segs = ["Gov", "Enterprise", "enterprise ", "SMB", ""];
    const cellArb = fc.oneof(
      // Amounts as a ledger holds them (cents) and arbitrary doubles of realistic size (Excel has no subnormals).
      { weight: 5, arbitrary: fc.integer({ min: -100_000, max: 1_000_000 }).map((x) => x / 100) },
      { weight: 3, arbitrary: fc.double({ min: 1e-3, max: 1e7, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom<Value>(0, null, "text", new ExcelErr("#N/A")) },
    );
    const rowArb = fc.record({
      segment: fc.constantFrom<Value>(...segs, null),
      product: fc.constantFrom<Value>("P1", "P2", 42),
      revenue: cellArb,
      cost: cellArb,
      date: fc.oneof(fc.integer({ min: 45000, max: 45400 }).map((d) => d + 0.5 as Value), fc.constant<Value>(null)),
    });
    const rateArb = fc.oneof(fc.double({ min: -0.5, max: 0.9, noNaN: true }), fc.constant(Number.NaN));
    const ruleArb = fc.record({
      id: fc.constant("r"),
      dimension: fc.constantFrom<ColumnRole | undefined>("segment", "product", undefined),
      value: fc.constantFrom<string | undefined>("Gov", "ENTERPRISE", "SMB", "P1", "42", undefined),
      floor: rateArb,
      target: fc.constant(0.9),
      from: fc.option(fc.integer({ min: 45000, max: 45200 }), { nil: undefined }),
      to: fc.option(fc.integer({ min: 45200, max: 45400 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 12 }), fc.array(ruleArb, { maxLength: 5 }), fc.constantFrom<"sales" | "cost">("sales", "cost"), fc.double({ min: -0.2, max: 0.6, noNaN: true }), (rows, rules, basis, floor) => {
        const policy = base({ basis, floor, rules: rules as PolicyRule[] });
        expect(marks(policy, rows as Row[])).toEqual((rows as Row[]).map((r) => expectedMark(policy, r)));
      }),
      { numRuns: 150 },
    );
  });

  it("marks exactly the rows the compliance engine finds in breach (property, random data and policies)", () => {
    const num = (v: Value): number => (typeof v === "number" ? v : Number.NaN);
    const cellArb = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: -50_000, max: 1_000_000 }).map((x) => x / 100) },
      { weight: 1, arbitrary: fc.constantFrom<Value>(0, null, "n/a") },
    );
    const rowArb = fc.record({
      segment: fc.constantFrom<Value>("Gov", "Enterprise", "ENTERPRISE ", "SMB"),
      product: fc.constantFrom<Value>("P1", "P2", "P3"),
      revenue: cellArb,
      cost: cellArb,
      date: fc.integer({ min: 45000, max: 45400 }).map((d) => d as Value),
    });
    const ruleArb = fc.record({
      id: fc.constantFrom("A", "B", "C"),
      dimension: fc.constantFrom<ColumnRole>("segment", "product"),
      value: fc.constantFrom("Gov", "enterprise", "P2", "P3"),
      floor: fc.oneof(fc.integer({ min: -20, max: 60 }).map((x) => x / 100), fc.constant(Number.NaN)),
      target: fc.constant(0.95),
      from: fc.option(fc.integer({ min: 45000, max: 45200 }), { nil: undefined }),
      to: fc.option(fc.integer({ min: 45200, max: 45400 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 25 }), fc.array(ruleArb, { maxLength: 4 }), fc.constantFrom<"sales" | "cost">("sales", "cost"), (rows, rules, basis) => {
        const policy = base({ basis, floor: 0.15, target: 0.95, rules: rules.map((r, i) => ({ ...r, id: `${r.id}${i}` })) as PolicyRule[] });
        const data: DataSet = {
          id: "t",
          sheet: "S",
          address: `A1:F${rows.length + 1}`,
          headerRows: [1],
          rowNumbers: Int32Array.from(rows.map((_, i) => i + 2)),
          columns: [
            { index: 0, header: "Segment", sheetColumn: 1, kind: "text", text: rows.map((r) => (r.segment === null ? null : String(r.segment).trim())), role: "segment" },
            { index: 1, header: "Product", sheetColumn: 2, kind: "text", text: rows.map((r) => String(r.product)), role: "product" },
            { index: 2, header: "Revenue", sheetColumn: 3, kind: "number", numbers: Float64Array.from(rows.map((r) => num(r.revenue))), role: "revenue" },
            { index: 3, header: "Cost", sheetColumn: 4, kind: "number", numbers: Float64Array.from(rows.map((r) => num(r.cost))), role: "cost" },
            { index: 4, header: "Date", sheetColumn: 6, kind: "date", numbers: Float64Array.from(rows.map((r) => num(r.date))), role: "date" },
          ],
          roles: { segment: 0, product: 1, revenue: 2, cost: 3, date: 4 },
          excluded: [],
          messages: [],
          kind: "data",
        };
        const result = checkComplianceSync(data, policy);
        const breach = new Set(result.findings.filter((f) => f.kind === "line" && f.severity === "breach").map((f) => f.location.row));
        expect(marks(policy, rows as Row[])).toEqual(rows.map((_, i) => breach.has(i + 2)));
      }),
      { numRuns: 120 },
    );
  });
});
