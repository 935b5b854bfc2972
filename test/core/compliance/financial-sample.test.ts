/**
 * Issue 4, "Done when": on Microsoft's Financial Sample with floor 10 % / target 20 % and a rule for segment
 * Enterprise of floor -5 %, the engine's counts of breaches and warnings, its total shortfall and its segment rates
 * equal those computed here independently, by a plain loop over the raw ExcelJS cells.
 *
 * Decision stated: the Enterprise rule gives no target, so it keeps the default target of 20 % (a blank target
 * inherits the default). Enterprise rows between -5 % and 20 % are therefore warnings, not breaches.
 */
import ExcelJS from "exceljs";
import { checkCompliance, checkComplianceSync, defaultPolicy, reportModel } from "../../../src/core/compliance";
import type { MarginPolicy } from "../../../src/core/policy-types";
import type { Column, ColumnRole, DataSet } from "../../../src/core/types";
import { describeWithShared } from "../../support/fixtures";
import { loadWorkbook } from "../../support/xlsx-grid";
import { buildDataSet, detectLayouts } from "../../../src/core/read";

const FLOOR = 0.1;
const TARGET = 0.2;
const ENTERPRISE_FLOOR = -0.05;

interface RawRow {
  row: number;
  segment: string;
  country: string;
  product: string;
  sales: number;
  cogs: number;
  profit: number;
  date: Date;
}

function cellNumber(v: ExcelJS.CellValue): number {
  if (typeof v === "number") return v;
  if (v && typeof v === "object" && "result" in v && typeof v.result === "number") return v.result;
  return NaN;
}

async function loadRaw(path: string): Promise<{ rows: RawRow[]; cols: Record<string, number> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet("Sheet1");
  if (!ws) throw new Error("Sheet1 missing");
  const cols: Record<string, number> = {};
  ws.getRow(1).eachCell((cell, col) => {
    cols[String(cell.value)] = col;
  });
  const rows: RawRow[] = [];
  ws.eachRow((r, i) => {
    if (i === 1) return;
    rows.push({
      row: i,
      segment: String(r.getCell(cols["Segment"]).value),
      country: String(r.getCell(cols["Country"]).value),
      product: String(r.getCell(cols["Product"]).value),
      sales: cellNumber(r.getCell(cols[" Sales"]).value),
      cogs: cellNumber(r.getCell(cols["COGS"]).value),
      profit: cellNumber(r.getCell(cols["Profit"]).value),
      date: r.getCell(cols["Date"]).value as Date,
    });
  });
  return { rows, cols };
}

/** The DataSet a reader would give for the financials table (built here from the cells, roles as issue 3 states). */
function toDataSet(rows: RawRow[], cols: Record<string, number>): DataSet {
  const columns: Column[] = [];
  const roles: Partial<Record<ColumnRole, number>> = {};
  const num = (role: ColumnRole, header: string, get: (r: RawRow) => number, kind: "number" | "date" = "number") => {
    roles[role] = columns.length;
    columns.push({ index: columns.length, header, sheetColumn: cols[header], kind, role, numbers: Float64Array.from(rows.map(get)) });
  };
  const text = (role: ColumnRole, header: string, get: (r: RawRow) => string) => {
    roles[role] = columns.length;
    columns.push({ index: columns.length, header, sheetColumn: cols[header], kind: "text", role, text: rows.map(get) });
  };
  text("segment", "Segment", (r) => r.segment);
  text("country", "Country", (r) => r.country);
  text("product", "Product", (r) => r.product);
  num("revenue", " Sales", (r) => r.sales);
  num("cost", "COGS", (r) => r.cogs);
  num("margin", "Profit", (r) => r.profit);
  num("date", "Date", (r) => r.date.getTime() / 86400000 + 25569, "date");
  return {
    id: "table:financials",
    sheet: "Sheet1",
    tableName: "financials",
    address: "A1:P701",
    headerRows: [1],
    rowNumbers: Int32Array.from(rows.map((r) => r.row)),
    columns,
    roles,
    excluded: [],
    messages: [],
    kind: "data",
  };
}

/** The independent figures: a plain loop over the raw cells, rate = Profit / Sales, below by more than 1e-12. */
function independent(rows: RawRow[]) {
  let breaches = 0;
  let warnings = 0;
  let shortfall = 0;
  let revenueInBreach = 0;
  let revenue = 0;
  let profit = 0;
  const seg = new Map<string, { s: number; p: number; b: number; sf: number }>();
  for (const r of rows) {
    const floor = r.segment === "Enterprise" ? ENTERPRISE_FLOOR : FLOOR;
    const rate = r.profit / r.sales;
    const g = seg.get(r.segment) ?? { s: 0, p: 0, b: 0, sf: 0 };
    g.s += r.sales;
    g.p += r.profit;
    revenue += r.sales;
    profit += r.profit;
    if (rate - TARGET < -1e-12) {
      const missing = TARGET * r.sales - r.profit;
      shortfall += missing;
      g.sf += missing;
      if (rate - floor < -1e-12) {
        breaches++;
        g.b++;
        revenueInBreach += r.sales;
      } else warnings++;
    }
    seg.set(r.segment, g);
  }
  return { breaches, warnings, shortfall, revenueInBreach, revenue, profit, seg };
}

const policy = (): MarginPolicy => ({
  ...defaultPolicy(),
  floor: FLOOR,
  target: TARGET,
  rules: [{ id: "Enterprise", dimension: "segment", value: "Enterprise", floor: ENTERPRISE_FLOOR, target: NaN }],
});

describeWithShared("microsoft-financial-sample.xlsx", "compliance on Microsoft's Financial Sample", (path) => {
  let raw: { rows: RawRow[]; cols: Record<string, number> };
  beforeAll(async () => {
    raw = await loadRaw(path);
  });

  it("counts, shortfall and segment rates equal an independent computation from the raw cells", () => {
    const { breaches, warnings, shortfall, revenueInBreach, revenue, profit, seg } = independent(raw.rows);
    const data = toDataSet(raw.rows, raw.cols);
    const res = checkComplianceSync(data, policy());
    const s = res.summary;
    expect(raw.rows.length).toBe(700);
    expect(s.rowsChecked).toBe(700);
    expect(s.breaches).toBe(breaches);
    expect(s.warnings).toBe(warnings);
    expect(breaches).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(0);
    expect(s.totalShortfall).toBeCloseTo(shortfall, 4);
    expect(s.revenueInBreach).toBeCloseTo(revenueInBreach, 4);
    expect(s.revenueChecked).toBeCloseTo(revenue, 4);
    expect(s.shareOfRevenueInBreach).toBeCloseTo(revenueInBreach / revenue, 12);
    expect(s.overallRate).toBeCloseTo(profit / revenue, 12);
    expect(res.findings.filter((f) => f.kind === "line" && f.severity === "breach")).toHaveLength(breaches);
    expect(res.findings.filter((f) => f.kind === "line" && f.severity === "warning")).toHaveLength(warnings);

    expect(s.bySegment.map((b) => b.value).sort()).toEqual([...seg.keys()].sort());
    for (const b of s.bySegment) {
      const g = seg.get(b.value)!;
      expect(b.dimension).toBe("segment");
      expect(b.rate).toBeCloseTo(g.p / g.s, 12);
      expect(b.breaches).toBe(g.b);
      expect(b.shortfall).toBeCloseTo(g.sf, 4);
    }
  });

  it("gives the same figures on the DataSet built by the reader (xlsx grid -> layout -> buildDataSet)", async () => {
    const wb = await loadWorkbook(path);
    const grid = wb.tables.find((t) => t.tableName === "financials")!;
    const ds = buildDataSet(grid, detectLayouts(grid)[0]);
    expect(ds.roles.revenue).toBeDefined();
    const ind = independent(raw.rows);
    const s = checkComplianceSync(ds, policy()).summary;
    expect([s.rowsChecked, s.breaches, s.warnings]).toEqual([700, ind.breaches, ind.warnings]);
    expect(s.totalShortfall).toBeCloseTo(ind.shortfall, 4);
    for (const b of s.bySegment) expect(b.rate).toBeCloseTo(ind.seg.get(b.value)!.p / ind.seg.get(b.value)!.s, 12);
  });

  it("finds the published segment rates (ΣProfit / ΣSales)", () => {
    const res = checkComplianceSync(toDataSet(raw.rows, raw.cols), policy());
    const rate = (v: string) => res.summary.bySegment.find((b) => b.value === v)!.rate * 100;
    expect(rate("Channel Partners")).toBeCloseTo(73.132, 3);
    expect(rate("Enterprise")).toBeCloseTo(-3.134, 3);
    expect(rate("Government")).toBeCloseTo(21.69, 3);
    expect(rate("Midmarket")).toBeCloseTo(27.713, 3);
    expect(rate("Small Business")).toBeCloseTo(9.765, 3);
  });

  it("applies the Enterprise rule (floor -5 %, default target 20 %) and names it on each Enterprise line finding", () => {
    const res = checkComplianceSync(toDataSet(raw.rows, raw.cols), policy());
    const lines = res.findings.filter((f) => f.kind === "line");
    const ent = lines.filter((f) => f.dimensions.segment === "Enterprise");
    expect(ent.length).toBeGreaterThan(0);
    for (const f of ent) {
      expect(f.ruleId).toBe("Enterprise");
      expect(f.threshold).toBe(f.severity === "breach" ? ENTERPRISE_FLOOR : TARGET);
      expect(f.location.sheet).toBe("Sheet1");
      expect(f.location.address).toBe(`J${f.location.row}`); // " Sales" is column J
    }
    for (const f of lines.filter((x) => x.dimensions.segment !== "Enterprise")) expect(f.ruleId).toBe("default");
    // The monthly Enterprise groups are compared with the same rule.
    const groups = res.findings.filter((f) => f.kind === "group" && f.dimensions.segment === "Enterprise");
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(g.ruleId).toBe("Enterprise");
  });

  it("gives the same result in chunks, asynchronously, and a report with one row per finding", async () => {
    const data = toDataSet(raw.rows, raw.cols);
    const sync = checkComplianceSync(data, policy());
    const seen: number[] = [];
    const res = await checkCompliance(data, policy(), { chunkRows: 64, onProgress: (d) => seen.push(d) });
    expect(res.summary).toEqual(sync.summary);
    expect(res.findings).toEqual(sync.findings);
    expect(seen.length).toBeGreaterThan(10);
    const model = reportModel(data, res, "en");
    expect(model.rows).toHaveLength(res.findings.length);
    const rowCol = model.sourceRowColumn;
    const firstLine = res.findings.findIndex((f) => f.kind === "line");
    expect(model.rows[firstLine][rowCol]).toBe(res.findings[firstLine].location.row);
  });
});
