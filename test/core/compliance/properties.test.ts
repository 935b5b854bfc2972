/** Property tests of the engine (fast-check): group rates, shortfall, rows above target, bad rows, floor equality. */
import fc from "fast-check";
import { checkComplianceSync, defaultPolicy } from "../../../src/core/compliance";
import type { MarginPolicy } from "../../../src/core/policy-types";
import { makeDataSet, serial, type RowSpec } from "./support";

const SEGMENTS = ["Grands comptes", "PME", "Export", "grands COMPTES"]; // the last folds onto the first
const MONTHS = [serial(2023, 11, 3), serial(2023, 12, 28), serial(2024, 1, 15), serial(2024, 2, 1)];
const monthLabel = (d: number) => ({ [MONTHS[0]]: "2023-11", [MONTHS[1]]: "2023-12", [MONTHS[2]]: "2024-01", [MONTHS[3]]: "2024-02" })[d];

const goodRow = fc.record({
  revenue: fc.double({ min: 0.01, max: 1e7, noNaN: true }),
  costShare: fc.double({ min: 0.02, max: 1.5, noNaN: true }),
  seg: fc.integer({ min: 0, max: SEGMENTS.length - 1 }),
  month: fc.integer({ min: 0, max: MONTHS.length - 1 }),
});

describe("engine properties", () => {
  it("every group's rate is Σmargin / Σrevenue of its rows (never a mean of rates)", () => {
    fc.assert(
      fc.property(fc.array(goodRow, { minLength: 1, maxLength: 60 }), (rows) => {
        const specs: RowSpec[] = rows.map((r) => ({ revenue: r.revenue, cost: r.revenue * r.costShare, segment: SEGMENTS[r.seg], date: MONTHS[r.month] }));
        // floor 99 %: every group (rate <= 98 %) is below it, so every group gives a finding to compare with.
        const res = checkComplianceSync(makeDataSet(specs), { ...defaultPolicy(), floor: 0.99, target: 0.995 });
        const sums = new Map<string, { r: number; m: number }>();
        for (const s of specs) {
          const key = `${s.segment!.toLowerCase()}|${monthLabel(s.date!)}`;
          const g = sums.get(key) ?? { r: 0, m: 0 };
          g.r += s.revenue;
          g.m += s.revenue - s.cost!;
          sums.set(key, g);
        }
        const groups = res.findings.filter((f) => f.kind === "group");
        expect(groups).toHaveLength(sums.size);
        for (const g of groups) {
          const want = sums.get(`${g.dimensions.segment!.toLowerCase()}|${g.period}`)!;
          expect(g.revenue).toBeCloseTo(want.r, 6);
          expect(Math.abs(g.rate - want.m / want.r)).toBeLessThan(1e-9);
        }
        // by-segment rates too
        for (const b of res.summary.bySegment) {
          let r = 0;
          let m = 0;
          for (const s of specs) if (s.segment!.toLowerCase() === b.value.toLowerCase()) (r += s.revenue), (m += s.revenue - s.cost!);
          expect(Math.abs(b.rate - m / r)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("shortfall is never negative, and a row above its target gives no finding", () => {
    const policyArb = fc
      .record({ floor: fc.double({ min: -0.5, max: 0.6, noNaN: true }), extra: fc.double({ min: 0, max: 0.3, noNaN: true }), basis: fc.constantFrom("sales" as const, "cost" as const) })
      .map(({ floor, extra, basis }): MarginPolicy => ({ ...defaultPolicy(), basis, floor, target: floor + extra }));
    fc.assert(
      fc.property(fc.array(goodRow, { minLength: 1, maxLength: 50 }), policyArb, (rows, policy) => {
        const specs: RowSpec[] = rows.map((r) => ({ revenue: r.revenue, cost: r.revenue * r.costShare, segment: SEGMENTS[r.seg], date: MONTHS[r.month] }));
        const res = checkComplianceSync(makeDataSet(specs), policy);
        for (const f of res.findings) expect(f.shortfall).toBeGreaterThanOrEqual(0);
        expect(res.summary.totalShortfall).toBeGreaterThanOrEqual(0);
        const flagged = new Set(res.findings.filter((f) => f.kind === "line").map((f) => f.location.row));
        specs.forEach((s, i) => {
          const base = policy.basis === "sales" ? s.revenue : s.cost!;
          const rate = (s.revenue - s.cost!) / base;
          if (rate - policy.target > 1e-9) expect(flagged.has(i + 2)).toBe(false);
          if (rate - policy.target < -1e-9) expect(flagged.has(i + 2)).toBe(true);
        });
      }),
      { numRuns: 80 },
    );
  });

  it("random bad rows never throw and are each reported as data, never as breaches", () => {
    const value = fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constantFrom(NaN, 0, -0, -1, Infinity, -Infinity, 1e-300, Number.MAX_VALUE),
    );
    const row = fc.record({ revenue: value, cost: value, date: fc.oneof(fc.constantFrom(...MONTHS), fc.constantFrom(NaN, -5, 0, 1e12)), seg: fc.option(fc.constantFrom(...SEGMENTS, "", "=SUM(A1)")) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.constantFrom("sales" as const, "cost" as const), (rows, basis) => {
        const specs: RowSpec[] = rows.map((r) => ({ revenue: r.revenue, cost: r.cost, date: r.date, segment: r.seg }));
        const ds = makeDataSet(specs, { withCost: true });
        let res!: ReturnType<typeof checkComplianceSync>;
        expect(() => (res = checkComplianceSync(ds, { ...defaultPolicy(), basis }))).not.toThrow();
        const dataRows = new Set(res.findings.filter((f) => f.kind === "data").map((f) => f.location.row));
        const lineRows = new Set(res.findings.filter((f) => f.kind === "line").map((f) => f.location.row));
        let blocked = 0;
        specs.forEach((s, i) => {
          const bad = !(Number.isFinite(s.revenue) && s.revenue > 0) || !Number.isFinite(s.cost!) || (basis === "cost" && !(s.cost! > 0));
          const noDate = !(s.date! >= 1 && s.date! < 2958466);
          if (bad || noDate) expect(dataRows.has(i + 2)).toBe(true);
          if (bad) {
            blocked++;
            expect(lineRows.has(i + 2)).toBe(false);
          }
        });
        expect(res.summary.rowsChecked).toBe(specs.length - blocked);
        expect(res.summary.breaches + res.summary.warnings).toBe(lineRows.size);
        expect(res.findings.every((f) => f.kind !== "data" || f.severity === "info")).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("a row exactly at its floor on paper (cents, whole percent) is never a breach", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 90 }), (revenueCents, floorPct) => {
        // Revenue R with cents; cost = R x (100 - f) / 100 rounded to cents only when exact on paper.
        const costHundredths = revenueCents * (100 - floorPct);
        fc.pre(costHundredths % 100 === 0);
        const revenue = revenueCents / 100;
        const cost = costHundredths / 10000;
        const res = checkComplianceSync(makeDataSet([{ revenue, cost }]), { ...defaultPolicy(), floor: floorPct / 100, target: floorPct / 100 });
        expect(res.summary.breaches).toBe(0);
        expect(res.summary.warnings).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
