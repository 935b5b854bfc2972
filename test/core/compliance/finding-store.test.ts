/**
 * Line findings in columns: the engine keeps them in a FindingStore (typed arrays) and builds Finding objects only
 * when asked. Compared field by field with a reference computed here from the rows (the old per-row objects).
 */
import { checkComplianceSync, defaultPolicy, findingAt, findingCount, resultFindingAt, resultFindingsSlice } from "../../../src/core/compliance";
import { compareRate } from "../../../src/core/compare";
import { priceIncreaseForTarget } from "../../../src/core/margin";
import type { MarginPolicy } from "../../../src/core/policy-types";
import { makeDataSet, serial, type RowSpec } from "./support";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function randomRows(n: number, seed: number): RowSpec[] {
  const rnd = lcg(seed);
  const segs = ["PME", "Export", "Grands comptes"];
  const rows: RowSpec[] = [];
  for (let i = 0; i < n; i++) {
    const revenue = Math.round((100 + rnd() * 900) * 100) / 100;
    const u = rnd();
    const rate = u < 0.05 ? rnd() * 0.1 : u < 0.1 ? 0.1 + rnd() * 0.1 : 0.2 + rnd() * 0.3;
    rows.push({ revenue, cost: Math.round(revenue * (1 - rate) * 100) / 100, date: serial(2024, 1 + ((rnd() * 12) | 0)), segment: segs[(rnd() * 3) | 0], region: rnd() < 0.5 ? "Nord" : "Sud" });
  }
  return rows;
}

const policy: MarginPolicy = { ...defaultPolicy(), floor: 0.1, target: 0.2, rules: [{ id: "R2", dimension: "segment", value: "Export", floor: 0.05, target: 0.15 }] };

describe("FindingStore", () => {
  const n = 100_000;
  const rows = randomRows(n, 7);
  const data = makeDataSet(rows);
  const result = checkComplianceSync(data, policy);

  it("holds the line findings in columns and makes the findings array lazily", () => {
    const st = result.findingStore;
    expect(st).toBeDefined();
    expect(st!.count).toBe(result.summary.breaches + result.summary.warnings);
    expect(st!.count).toBeGreaterThan(8000);
    expect(st!.rowIndex).toBeInstanceOf(Int32Array);
    expect(st!.severity).toBeInstanceOf(Uint8Array);
    expect(st!.ruleIds[st!.ruleAt(0)]).toBe(findingAt(st!, 0).ruleId);
    const d = Object.getOwnPropertyDescriptor(result, "findings")!;
    expect(typeof d.get).toBe("function");
    expect(d.enumerable).toBe(true);
    expect(Object.keys(result)).toEqual(["summary", "findings", "policyFingerprint", "messages"]);
  });

  it("builds each line finding equal, field by field, to the reference per-row finding", () => {
    const st = result.findingStore!;
    let j = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      const c = r.cost!;
      const m = r.revenue - c;
      const rate = m / r.revenue;
      const exp = r.segment === "Export";
      const floor = exp ? 0.05 : 0.1;
      const target = exp ? 0.15 : 0.2;
      const sev = compareRate(rate, floor) < 0 ? "breach" : compareRate(rate, target) < 0 ? "warning" : undefined;
      if (!sev) continue;
      const threshold = sev === "breach" ? floor : target;
      const f = findingAt(st, j);
      expect(f).toEqual({
        kind: "line",
        severity: sev,
        ruleId: exp ? "R2" : "default",
        location: { sheet: "Ventes", row: i + 2, column: 1, address: "A" + (i + 2) },
        dimensions: { segment: r.segment, region: r.region },
        revenue: r.revenue,
        cost: c,
        margin: m,
        rate,
        threshold,
        gap: rate - threshold,
        shortfall: Math.max(0, target * r.revenue - m),
        priceIncrease: priceIncreaseForTarget(r.revenue, c, target, "sales"),
        period: f.period,
      });
      expect(f.period).toMatch(/^2024-(0[1-9]|1[0-2])$/);
      expect(st.rowIndex[j]).toBe(i);
      j++;
    }
    expect(j).toBe(st.count);
  });

  it("gives the same findings through the array, the index helpers and slices", () => {
    const all = result.findings;
    expect(findingCount(result)).toBe(all.length);
    expect(result.findings).toBe(all); // cached
    for (const i of [0, 1, 500, all.length - 1]) expect(resultFindingAt(result, i)).toEqual(all[i]);
    expect(resultFindingsSlice(result, 100, 140)).toEqual(all.slice(100, 140));
    expect(resultFindingsSlice(result, all.length - 3, all.length + 10)).toEqual(all.slice(all.length - 3));
    const copy = { ...result, findings: all.slice(0, 5) };
    expect(copy.findings).toHaveLength(5);
  });
});
