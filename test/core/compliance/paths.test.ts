/**
 * The engine has two row passes (the common case in one tight loop, everything else in the general one) and two ways
 * of reading dates (a day table for whole serials close together, else a period per row). Whatever the path, the
 * result must be the same: compared here on the same rows, with awkward rows (no revenue, no cost, no date, cost
 * from the margin column) scattered among plain ones.
 */
import { checkCompliance, checkComplianceSync, defaultPolicy } from "../../../src/core/compliance";
import type { ComplianceResult, MarginPolicy } from "../../../src/core/policy-types";
import type { DataSet } from "../../../src/core/types";
import { makeDataSet, serial, type RowSpec } from "./support";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function rows(n: number, seed: number, timeOfDay = 0): RowSpec[] {
  const rnd = lcg(seed);
  const out: RowSpec[] = [];
  for (let i = 0; i < n; i++) {
    const revenue = Math.round((50 + rnd() * 950) * 100) / 100;
    const u = rnd();
    const segment = ["PME", "Export", "Grands comptes", "Public"][(rnd() * 4) | 0];
    // The public sector sells at thin margins: its monthly groups fall below the floor.
    const rate =
      segment === "Public"
        ? 0.02 + rnd() * 0.1
        : u < 0.08
          ? -0.1 + rnd() * 0.2
          : u < 0.16
            ? 0.1 + rnd() * 0.1
            : 0.2 + rnd() * 0.3;
    const row: RowSpec = {
      revenue,
      cost: Math.round(revenue * (1 - rate) * 100) / 100,
      date: serial(2023 + ((rnd() * 3) | 0), 1 + ((rnd() * 12) | 0), 1 + ((rnd() * 28) | 0)) + timeOfDay,
      segment,
      product: `P${(rnd() * 12) | 0}`,
      region: rnd() < 0.5 ? "Nord" : "Sud",
      customer: `C${(rnd() * 30) | 0}`,
    };
    const a = rnd();
    if (a < 0.01) row.revenue = 0;
    else if (a < 0.02) row.cost = undefined;
    else if (a < 0.03) row.date = undefined;
    else if (a < 0.04) row.revenue = -row.revenue;
    out.push(row);
  }
  return out;
}

const base: MarginPolicy = {
  ...defaultPolicy(),
  floor: 0.1,
  target: 0.2,
  rules: [{ id: "Export", dimension: "segment", value: "Export", floor: 0.05, target: 0.15 }],
};

/** The summary and the line findings, which do not depend on the group dimensions. */
function lineView(r: ComplianceResult): unknown {
  const s = r.summary;
  return {
    summary: {
      rowsChecked: s.rowsChecked,
      rowsWithIssues: s.rowsWithIssues,
      breaches: s.breaches,
      warnings: s.warnings,
      totalShortfall: s.totalShortfall,
      revenueChecked: s.revenueChecked,
      revenueInBreach: s.revenueInBreach,
      overallRate: s.overallRate,
      bySegment: s.bySegment,
    },
    lines: r.findings.filter((f) => f.kind === "line"),
    data: r.findings.filter((f) => f.kind === "data").length,
  };
}

describe("engine paths give one result", () => {
  const n = 6000;

  it("reads whole-day dates through the day table as it reads dates with a time of day (one period per row)", () => {
    for (const period of ["month", "quarter", "year"] as const) {
      const policy = { ...base, period };
      const days = checkComplianceSync(makeDataSet(rows(n, 11)), policy);
      const timed = checkComplianceSync(makeDataSet(rows(n, 11, 0.25)), policy);
      expect(timed.summary).toEqual(days.summary);
      expect(timed.findings).toEqual(days.findings);
      expect(days.summary.rowsChecked).toBeGreaterThan(n * 0.9);
      expect(
        days.findings.some((f) => f.kind === "group" && f.dimensions.segment === "Public" && f.period !== undefined),
      ).toBe(true);
      expect(days.findings.some((f) => f.kind === "data" && f.message?.code === "compliance.data.missingDate")).toBe(
        true,
      );
    }
  });

  it("reads dates far apart (beyond the day table) and names their periods", () => {
    const rs = rows(200, 5);
    rs[0] = { ...rs[0], revenue: 100, cost: 95, date: serial(1905, 3, 14) };
    rs[1] = { ...rs[1], revenue: 100, cost: 95, date: serial(2150, 11, 2) };
    const r = checkComplianceSync(makeDataSet(rs), base);
    const line = (row: number) => r.findings.find((f) => f.kind === "line" && f.location.row === row);
    expect(line(2)?.period).toBe("1905-03");
    expect(line(3)?.period).toBe("2150-11");
  });

  it("gives the same line findings and totals in the tight loop (3 group dimensions) and the general one (4)", () => {
    const data = makeDataSet(rows(n, 23));
    const fast = checkComplianceSync(data, { ...base, groupBy: ["segment", "product", "region"] });
    const general = checkComplianceSync(data, { ...base, groupBy: ["segment", "product", "region", "customer"] });
    expect(lineView(general)).toEqual(lineView(fast));
    expect(general.findings.some((f) => f.kind === "group" && f.dimensions.customer !== undefined)).toBe(true);
    // The cost basis, where a row with a cost <= 0 cannot be checked, too.
    const costBasis = { ...base, basis: "cost" as const };
    expect(
      lineView(checkComplianceSync(data, { ...costBasis, groupBy: ["segment", "customer", "product", "region"] })),
    ).toEqual(lineView(checkComplianceSync(data, { ...costBasis, groupBy: ["segment"] })));
  });

  it("takes the cost from the margin column where the cost cell is empty, in either loop", () => {
    // Every fifth row has no cost but a 2 % margin (a breach under every floor); the others carry both.
    const rs = rows(800, 31).map((r, i) =>
      i % 5 === 0 || r.cost === undefined
        ? { ...r, cost: undefined, margin: r.revenue * 0.02 }
        : { ...r, margin: r.revenue - r.cost! },
    );
    const data = makeDataSet(rs, { withCost: true, withMargin: true });
    const fast = checkComplianceSync(data, base);
    const general = checkComplianceSync(data, { ...base, groupBy: ["segment", "product", "region", "customer"] });
    expect(lineView(general)).toEqual(lineView(fast));
    // A row whose cost came from its margin is checked (2 % margin: a breach).
    const fromMargin = rs.findIndex((r) => r.cost === undefined && r.revenue > 0 && r.date !== undefined);
    const f = fast.findings.find((x) => x.kind === "line" && x.location.row === fromMargin + 2);
    expect(f?.severity).toBe("breach");
    expect(f?.cost).toBeCloseTo(rs[fromMargin].revenue * 0.98, 9);
  });

  it("sums in row order whatever the chunk size, awkward rows included", async () => {
    const data: DataSet = makeDataSet(rows(n, 47));
    const sync = checkComplianceSync(data, base);
    for (const chunkRows of [1, 7, 500]) {
      const res = await checkCompliance(data, base, { chunkRows });
      expect(res.summary).toEqual(sync.summary);
      expect(res.findings).toEqual(sync.findings);
    }
  });
});
