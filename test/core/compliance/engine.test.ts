import { checkComplianceSync, defaultPolicy } from "../../../src/core/compliance";
import type { Finding, MarginPolicy } from "../../../src/core/policy-types";
import { ymdFromSerial } from "../../../src/core/parse/dates";
import { serialToMonthIndex } from "../../../src/core/compliance/text";
import { makeDataSet, serial } from "./support";

const policy = (over: Partial<MarginPolicy> = {}): MarginPolicy => ({ ...defaultPolicy(), ...over });
const lines = (fs: Finding[]) => fs.filter((f) => f.kind === "line");
const data = (fs: Finding[]) => fs.filter((f) => f.kind === "data");

describe("line checks", () => {
  it("grades each row against floor and target, with gap, shortfall and price increase", () => {
    const ds = makeDataSet([
      { revenue: 100, cost: 95 }, // 5 %: breach
      { revenue: 200, cost: 170 }, // 15 %: warning
      { revenue: 100, cost: 75 }, // 25 %: fine
    ]);
    const res = checkComplianceSync(ds, policy());
    const [b, w] = lines(res.findings);
    expect(lines(res.findings)).toHaveLength(2);
    expect(b).toMatchObject({ severity: "breach", ruleId: "default", revenue: 100, cost: 95, margin: 5, threshold: 0.1 });
    expect(b.location).toEqual({ sheet: "Ventes", row: 2, column: 1, address: "A2" });
    expect(b.rate).toBeCloseTo(0.05, 15);
    expect(b.gap).toBeCloseTo(-0.05, 15);
    expect(b.shortfall).toBeCloseTo(15, 12); // 20 % x 100 - 5
    expect(b.priceIncrease).toBeCloseTo(95 / 0.8 / 100 - 1, 12); // price 118.75 for 20 % on a cost of 95
    expect(w).toMatchObject({ severity: "warning", threshold: 0.2, revenue: 200 });
    expect(w.gap).toBeCloseTo(-0.05, 15);
    expect(w.shortfall).toBeCloseTo(10, 12);
    expect(res.summary).toMatchObject({ rowsChecked: 3, rowsWithIssues: 2, breaches: 1, warnings: 1, revenueChecked: 400, revenueInBreach: 100 });
    expect(res.summary.totalShortfall).toBeCloseTo(25, 12);
    expect(res.summary.shareOfRevenueInBreach).toBeCloseTo(0.25, 15);
    expect(res.summary.overallRate).toBeCloseTo(60 / 400, 15);
  });

  it("does not call the 4456 / 4010.40 row a breach at a 10 % floor (spreadsheet comparison)", () => {
    expect((4456 - 4010.4) / 4456).toBeLessThan(0.1); // the binary float is just below 10 %
    const res = checkComplianceSync(makeDataSet([{ revenue: 4456, cost: 4010.4 }]), policy());
    expect(res.summary.breaches).toBe(0);
    expect(res.summary.warnings).toBe(1); // below the 20 % target, not below the floor
    expect(lines(res.findings)[0].severity).toBe("warning");
    // and at its target it is no finding at all
    const atTarget = checkComplianceSync(makeDataSet([{ revenue: 4456, cost: 4010.4 }]), policy({ floor: 0.05, target: 0.1 }));
    expect(atTarget.findings).toHaveLength(0);
  });

  it("works on the cost basis (markup): rate = margin / cost, shortfall = target x cost - margin", () => {
    const res = checkComplianceSync(makeDataSet([{ revenue: 110, cost: 100 }]), policy({ basis: "cost", floor: 0.15, target: 0.25 }));
    const [f] = lines(res.findings);
    expect(f.rate).toBeCloseTo(0.1, 15);
    expect(f.severity).toBe("breach");
    expect(f.shortfall).toBeCloseTo(15, 12); // 25 % x 100 - 10
    expect(f.priceIncrease).toBeCloseTo(125 / 110 - 1, 12);
    expect(res.summary.overallRate).toBeCloseTo(0.1, 15);
  });

  it("derives cost from the margin column when there is no cost column, and says so", () => {
    const ds = makeDataSet([{ revenue: 100, margin: 5 }, { revenue: 100, margin: 30 }], { withCost: false });
    const res = checkComplianceSync(ds, policy());
    expect(res.summary.breaches).toBe(1);
    expect(lines(res.findings)[0].cost).toBe(95);
    expect(data(res.findings).map((f) => f.message?.code)).toContain("compliance.data.costFromMargin");
  });

  it("reports rather than errs when revenue or cost columns are missing", () => {
    const ds = makeDataSet([{ revenue: 100 }], { withCost: false });
    const res = checkComplianceSync(ds, policy());
    expect(res.messages.map((m) => m.code)).toContain("compliance.noCost");
    expect(res.summary.rowsChecked).toBe(0);
  });
});

describe("data issues", () => {
  it("lists zero, negative and missing revenue, missing cost and missing dates, each located, never as breaches", () => {
    const d = serial(2024, 1, 15);
    const ds = makeDataSet([
      { revenue: 0, cost: 10, date: d, segment: "A" },
      { revenue: -50, cost: 10, date: d, segment: "A" },
      { revenue: NaN, cost: 10, date: d, segment: "A" },
      { revenue: 100, cost: NaN, date: d, segment: "A" },
      { revenue: 100, cost: 95, date: NaN, segment: "A" }, // checked (breach) but out of the period groups
      { revenue: 100, cost: 50, date: d, segment: "A" },
    ]);
    const res = checkComplianceSync(ds, policy());
    const codes = data(res.findings).map((f) => [f.message?.code, f.location.row, f.location.address]);
    expect(codes).toEqual([
      ["compliance.data.zeroRevenue", 2, "A2"],
      ["compliance.data.negativeRevenue", 3, "A3"],
      ["compliance.data.missingRevenue", 4, "A4"],
      ["compliance.data.missingCost", 5, "B5"],
      ["compliance.data.missingDate", 6, "C6"],
    ]);
    expect(res.summary).toMatchObject({ rowsChecked: 2, breaches: 1, dataIssues: 5, rowsWithIssues: 5 });
    expect(res.summary.revenueChecked).toBe(200);
    // The group of segment A in Jan 2024 holds only the dated, checked row.
    const g = res.findings.find((f) => f.kind === "group");
    expect(g).toBeUndefined(); // 50 % margin: no group finding
  });

  it("lists the rows the reader left out, its messages and derived columns", () => {
    const ds = makeDataSet([{ revenue: 100, cost: 50 }]);
    ds.excluded.push({ row: 40, reason: "total", text: "Total général" });
    ds.messages.push({ code: "read.textInNumbers", severity: "warning", params: { column: "CA HT" }, location: { sheet: "Ventes", row: 7, address: "A7" } });
    ds.columns[1].derived = true;
    const res = checkComplianceSync(ds, policy());
    const found = data(res.findings).map((f) => f.message?.code);
    expect(found).toEqual(["compliance.data.derived", "compliance.data.excluded.total", "read.textInNumbers"]);
    expect(data(res.findings)[1].location).toEqual({ sheet: "Ventes", row: 40, address: "40:40" });
    expect(data(res.findings)[2].location.address).toBe("A7");
    expect(res.summary.breaches).toBe(0);
    expect(res.summary.dataIssues).toBe(3);
  });
});

describe("rules", () => {
  const rows = [
    { revenue: 100, cost: 92, segment: "Export", product: "P1", date: serial(2024, 3, 10) }, // 8 %
    { revenue: 100, cost: 92, segment: "EXPORT ", product: "P2", date: serial(2024, 6, 10) }, // 8 %
    { revenue: 100, cost: 92, segment: "PME", product: "P1", date: serial(2024, 3, 10) }, // 8 %
  ];
  it("applies the most specific rule: dimension beats default, dated beats undated, order breaks ties", () => {
    const p = policy({
      rules: [
        { id: "exp", dimension: "segment", value: "export", floor: 0.05, target: NaN },
        { id: "exp-q1", dimension: "segment", value: "Export", floor: 0.09, target: 0.12, from: serial(2024, 1, 1), to: serial(2024, 3, 31) },
        { id: "p1", dimension: "product", value: "P1", floor: 0.01, target: 0.02 },
        { id: "spring", floor: 0.0, target: 0.05, from: serial(2024, 3, 1), to: serial(2024, 3, 31) },
      ],
    });
    const res = checkComplianceSync(makeDataSet(rows), p);
    const byRow = new Map(lines(res.findings).map((f) => [f.location.row, f]));
    // Row 2: Export in March: exp-q1 (dimension + dates) wins over exp and p1 (dimension only): 8 % < 9 %.
    expect(byRow.get(2)).toMatchObject({ ruleId: "exp-q1", severity: "breach", threshold: 0.09 });
    // Row 3: Export in June: exp (first of the undated dimension rules) applies, target inherited 20 %.
    expect(byRow.get(3)).toMatchObject({ ruleId: "exp", severity: "warning", threshold: 0.2 });
    // Row 4: PME / P1 in March: p1 (dimension) beats spring (dates only): 8 % above its 2 % target, no finding.
    expect(byRow.has(4)).toBe(false);
  });
});

describe("groups and erosion", () => {
  it("rates each dimension x month as Σmargin / Σrevenue (not the mean of rates) and flags it", () => {
    const d = serial(2024, 1, 5);
    const ds = makeDataSet([
      { revenue: 1000, cost: 700, segment: "A", date: d }, // 30 %
      { revenue: 100, cost: 100, segment: "A", date: d }, // 0 %: mean of rates 15 %, group rate 300/1100
      { revenue: 100, cost: 99, segment: "B", date: d },
    ]);
    const res = checkComplianceSync(ds, policy({ floor: 0.28, target: 0.3 }));
    const g = res.findings.filter((f) => f.kind === "group");
    const a = g.find((f) => f.dimensions.segment === "A")!;
    expect(a.rate).toBeCloseTo(300 / 1100, 15);
    expect(a.severity).toBe("breach");
    expect(a.period).toBe("2024-01");
    expect(a.revenue).toBe(1100);
    expect(a.shortfall).toBeCloseTo(0.3 * 1100 - 300, 10);
    expect(res.summary.groupBreaches).toBe(2);
  });

  it("flags erosion beyond the set points versus the previous period and a year before, above the floor", () => {
    const mk = (y: number, m: number, cost: number) => ({ revenue: 100, cost, product: "Nova", date: serial(y, m, 15) });
    const ds = makeDataSet([mk(2023, 6, 60), mk(2024, 5, 62), mk(2024, 6, 65), mk(2024, 7, 66.5)]);
    // rates: 2023-06 40 %, 2024-05 38 %, 2024-06 35 % (-3 pts vs May, -5 pts vs June 2023), 2024-07 33.5 % (-1.5 pts)
    const res = checkComplianceSync(ds, policy());
    const e = res.findings.filter((f) => f.kind === "erosion");
    expect(e.map((f) => [f.period, f.comparison, f.previousPeriod])).toEqual([
      ["2024-06", "previous", "2024-05"],
      ["2024-06", "yearAgo", "2023-06"],
    ]);
    expect(e[0].gap).toBeCloseTo(-0.03, 12);
    expect(e[1].previousRate).toBeCloseTo(0.4, 12);
    expect(res.summary.erosions).toBe(2);
    expect(res.summary.breaches).toBe(0);
  });

  it("a fall of exactly the set points is not erosion", () => {
    const ds = makeDataSet([
      { revenue: 100, cost: 70, product: "X", date: serial(2024, 1, 1) },
      { revenue: 100, cost: 72, product: "X", date: serial(2024, 2, 1) },
    ]);
    expect(checkComplianceSync(ds, policy()).summary.erosions).toBe(0);
  });

  it("groups by quarter and by year when asked", () => {
    const ds = makeDataSet([
      { revenue: 100, cost: 60, region: "Nord", date: serial(2024, 1, 1) },
      { revenue: 100, cost: 60, region: "Nord", date: serial(2024, 3, 1) },
      { revenue: 100, cost: 70, region: "Nord", date: serial(2024, 4, 1) },
    ]);
    const q = checkComplianceSync(ds, policy({ period: "quarter", floor: 0.35, target: 0.5 }));
    expect(q.findings.filter((f) => f.kind === "group").map((f) => [f.period, f.revenue])).toEqual([
      ["2024-Q1", 200],
      ["2024-Q2", 100],
    ]);
    expect(q.findings.filter((f) => f.kind === "erosion").map((f) => f.period)).toEqual(["2024-Q2"]);
    const y = checkComplianceSync(ds, policy({ period: "year", floor: 0.35, target: 0.5 }));
    expect(y.findings.filter((f) => f.kind === "group").map((f) => [f.period, f.revenue])).toEqual([["2024", 300]]);
  });

  it("uses policy.groupBy and summarises by segment", () => {
    const d = serial(2024, 1, 1);
    const ds = makeDataSet([
      { revenue: 100, cost: 95, segment: "A", customer: "Dupont", date: d },
      { revenue: 300, cost: 150, segment: "B", customer: "Dupont", date: d },
    ]);
    const res = checkComplianceSync(ds, policy({ groupBy: ["customer"] }));
    const g = res.findings.filter((f) => f.kind === "group");
    expect(g.map((f) => Object.keys(f.dimensions))).toEqual([]);
    expect(res.summary.bySegment.map((s) => [s.value, s.breaches])).toEqual([
      ["A", 1],
      ["B", 0],
    ]);
    expect(res.summary.bySegment[0].rate).toBeCloseTo(0.05, 15);
    expect(res.summary.bySegment[0].shortfall).toBeCloseTo(15, 12);
    // Dupont's group: 155 / 400 = 38.75 %: no group finding, but the group exists only for customer.
    const low = checkComplianceSync(ds, policy({ groupBy: ["customer"], floor: 0.4, target: 0.5 }));
    expect(low.findings.filter((f) => f.kind === "group").map((f) => f.dimensions)).toEqual([{ customer: "Dupont" }]);
  });
});

describe("periods from the reader", () => {
  it("groups by year when the date column was read from years, and says so", () => {
    const ds = makeDataSet([
      { revenue: 100, cost: 95, segment: "A", date: serial(2023, 1, 1) },
      { revenue: 100, cost: 95, segment: "A", date: serial(2024, 1, 1) },
    ]);
    ds.columns[ds.roles.date!].dateGranularity = "year";
    const res = checkComplianceSync(ds, defaultPolicy());
    expect(res.findings.filter((f) => f.kind === "group").map((f) => f.period)).toEqual(["2023", "2024"]);
    expect(res.messages.map((m) => m.code)).toContain("compliance.periodCoarser.year");
  });

  it("reads text periods (\"T1 2024\", \"2024-02\", \"déc. 2023\")", () => {
    const ds = makeDataSet([
      { revenue: 100, cost: 95, product: "P" },
      { revenue: 100, cost: 95, product: "P" },
      { revenue: 100, cost: 95, product: "P" },
      { revenue: 100, cost: 95, product: "P" },
    ]);
    ds.columns.push({ index: ds.columns.length, header: "Période", sheetColumn: ds.columns.length + 1, kind: "text", role: "period", text: ["T1 2024", "2024-02", "déc. 2023", "n'importe"] });
    ds.roles.period = ds.columns.length - 1;
    const res = checkComplianceSync(ds, defaultPolicy());
    // Quarters are the coarsest form met, so groups are quarters; the unreadable period is a data issue.
    expect(res.findings.filter((f) => f.kind === "group").map((f) => [f.period, f.revenue])).toEqual([
      ["2023-Q4", 100],
      ["2024-Q1", 200],
    ]);
    expect(res.findings.filter((f) => f.kind === "data").map((f) => f.message?.code)).toEqual(["compliance.data.missingDate"]);
    expect(res.summary.breaches).toBe(4);
  });
});

describe("serialToMonthIndex (hot-path calendar arithmetic)", () => {
  it("agrees with the reader's ymdFromSerial on every day from 1900 to 2200, and on the phantom 29 Feb 1900", () => {
    for (let s = 1; s <= 110_000; s += 1) {
      const { y, m } = ymdFromSerial(s);
      if (serialToMonthIndex(s) !== y * 12 + m - 1) throw new Error(`serial ${s}: ${serialToMonthIndex(s)} vs ${y}-${m}`);
    }
    expect(serialToMonthIndex(60)).toBe(1900 * 12 + 1); // February 1900
    expect(serialToMonthIndex(45292.75)).toBe(2024 * 12); // 1 Jan 2024, 18:00
    expect(serialToMonthIndex(NaN)).toBeNaN();
    expect(serialToMonthIndex(0)).toBeNaN();
  });
});
