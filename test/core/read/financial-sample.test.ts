/**
 * Microsoft's "Financial Sample" workbook (../shared/fixtures): the Excel table `financials`, pivot sheets, a charts
 * sheet. Expected figures come from SOURCES.md and from the raw cells, never from the reader itself.
 */
import { buildDataSet, detectLayouts, workbookMessages } from "../../../src/core/read";
import type { DataSet, RawGrid } from "../../../src/core/types";
import { describeWithShared } from "../../support/fixtures";
import { loadWorkbook, type LoadedWorkbook } from "../../support/xlsx-grid";

describeWithShared("microsoft-financial-sample.xlsx", "reading Microsoft's Financial Sample", (path) => {
  let wb: LoadedWorkbook;
  let table: RawGrid;
  let ds: DataSet;
  beforeAll(async () => {
    wb = await loadWorkbook(path);
    table = wb.tables.find((t) => t.tableName === "financials")!;
    const layouts = detectLayouts(table);
    expect(layouts).toHaveLength(1);
    ds = buildDataSet(table, layouts[0]);
  });
  const rawHeader = () => table.values[0] as string[];
  const rawColumn = (header: string) => table.values.slice(1).map((r) => r[rawHeader().indexOf(header)]);
  const roleOf = (header: string) => ds.columns.find((c) => c.header === header)?.role;

  it("finds the table financials, its header on row 1 and its 700 rows", () => {
    expect(table).toBeDefined();
    const [l] = detectLayouts(table);
    expect(l).toMatchObject({ tableName: "financials", sheet: "Sheet1", headerRows: [1], firstDataRow: 2, lastDataRow: 701, kind: "data", left: 1, right: 16 });
    expect(ds.id).toBe("table:financials");
    expect(ds.rowNumbers.length).toBe(700);
    expect(ds.excluded).toEqual([]);
  });

  it('maps " Sales" (leading space kept) to revenue, COGS to cost, Profit to margin, Date to date', () => {
    expect(rawHeader()).toContain(" Sales");
    expect(roleOf(" Sales")).toBe("revenue");
    expect(roleOf("COGS")).toBe("cost");
    expect(roleOf("Profit")).toBe("margin");
    expect(roleOf("Date")).toBe("date");
    expect(ds.columns[ds.roles.revenue!].header).toBe(" Sales");
    // Gross Sales (before discounts) is not the revenue.
    expect(roleOf("Gross Sales")).not.toBe("revenue");
  });

  it("maps Segment, Country and Product to dimensions", () => {
    expect([roleOf("Segment"), roleOf("Country"), roleOf("Product")]).toEqual(["segment", "country", "product"]);
  });

  it("reads the amounts exactly as the cells hold them", () => {
    const sales = rawColumn(" Sales");
    expect(Array.from(ds.columns[ds.roles.revenue!].numbers!)).toEqual(sales);
    const dates = rawColumn("Date");
    expect(Array.from(ds.columns[ds.roles.date!].numbers!)).toEqual(dates);
  });

  it("understands Year stored as text", () => {
    const years = rawColumn("Year");
    expect(years.every((y) => typeof y === "string")).toBe(true);
    const year = ds.columns.find((c) => c.header === "Year")!;
    expect(year.kind).toBe("date");
    expect(year.dateGranularity).toBe("year");
    const jan1 = (y: number) => (Date.UTC(y, 0, 1) - Date.UTC(1899, 11, 30)) / 86400000;
    expect(Array.from(year.numbers!)).toEqual(years.map((y) => jan1(Number(y))));
    expect(ds.messages.some((m) => m.code === "read.yearsAsText" && m.params?.column === "Year")).toBe(true);
  });

  it("gives the published gross margin rate by segment (Σ Profit / Σ Sales)", () => {
    const seg = ds.columns[ds.roles.segment!].text!;
    const rev = ds.columns[ds.roles.revenue!].numbers!;
    const mar = ds.columns[ds.roles.margin!].numbers!;
    const sums = new Map<string, [number, number]>();
    for (let i = 0; i < seg.length; i++) {
      const s = sums.get(seg[i]!) ?? [0, 0];
      s[0] += mar[i];
      s[1] += rev[i];
      sums.set(seg[i]!, s);
    }
    const rate = (s: string) => (100 * sums.get(s)![0]) / sums.get(s)![1];
    expect(rate("Channel Partners")).toBeCloseTo(73.132, 3);
    expect(rate("Enterprise")).toBeCloseTo(-3.134, 3);
    expect(rate("Government")).toBeCloseTo(21.69, 3);
    expect(rate("Midmarket")).toBeCloseTo(27.713, 3);
    expect(rate("Small Business")).toBeCloseTo(9.765, 3);
  });

  it("recognises the pivot sheets as summaries, not data, and the charts sheet as holding no table", () => {
    const others = wb.sheets.filter((s) => s.sheet !== "Sheet1");
    expect(others.length).toBeGreaterThanOrEqual(7);
    for (const g of others) {
      const layouts = detectLayouts(g);
      if (g.sheet === "Charts") {
        expect(layouts).toEqual([]);
        continue;
      }
      expect(layouts.length).toBeGreaterThan(0);
      for (const l of layouts) expect(`${g.sheet}:${l.kind}`).toBe(`${g.sheet}:summary`);
      const s = buildDataSet(g, layouts[0]);
      expect(s.kind).toBe("summary");
      // Their "Grand Total" rows are left out and listed.
      expect(s.excluded.some((e) => e.reason === "total" && /grand total/i.test(e.text ?? ""))).toBe(true);
    }
    const pivotsOnly = others.flatMap((g) => detectLayouts(g));
    expect(workbookMessages(pivotsOnly).map((m) => m.code)).toEqual(["read.onlySummaries"]);
  });

  it("reads Sheet1's used range (without the table) as the same data", () => {
    const g = wb.sheets.find((s) => s.sheet === "Sheet1")!;
    const [l] = detectLayouts(g);
    expect(l).toMatchObject({ headerRows: [1], firstDataRow: 2, lastDataRow: 701, kind: "data" });
    const d = buildDataSet(g, l);
    expect(d.columns[d.roles.revenue!].header).toBe(" Sales");
    expect(d.rowNumbers.length).toBe(700);
  });
});
