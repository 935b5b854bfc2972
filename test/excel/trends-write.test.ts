/**
 * The "OPS Trends" sheet on the simulated host, from the preview's sample workbook (three years of monthly sales,
 * a "Concurrents" sheet): data blocks equal to the core's series, native charts (band, rate with floor and target,
 * year over year, small multiples on one scale), the saved .xlsx read back by another reader (ExcelJS for cells,
 * the chart parts' c:f references), every user cell and chart unchanged after draw, redraw and clear, a user's
 * chart on the OPS sheet kept, the workbook unchanged after a failure, LibreOffice converting the file to PDF.
 */
import { execFileSync } from "child_process";
import ExcelJS from "exceljs";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import JSZip from "jszip";
import { tmpdir } from "os";
import { join } from "path";
import { trendsForSheet, MAIN_CHART_KEY, RATE_CHART_KEY, YOY_CHART_KEY } from "../../src/core/trends/sheet";
import type { DataSet } from "../../src/core/types";
import { WorkbookError } from "../../src/core/workbook-port";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { createSimHost, loadXlsx, saveXlsx, simError, type SimHost } from "../../src/sim";
import { sampleWorkbookBytes } from "../../scripts/make-sample-workbook";
import { cellStates } from "./support/sample";

jest.setTimeout(60_000);

const NOW = new Date(2026, 0, 31, 9, 0, 0);
const USER_SHEETS = ["Ventes", "Concurrents"];
const POLICY = { floor: 0.1, target: 0.2, basis: "sales" as const };

let bytes: Uint8Array;
beforeAll(async () => {
  bytes = await sampleWorkbookBytes();
});

async function setup(): Promise<{ host: SimHost; port: ExcelWorkbook; data: DataSet }> {
  const host = createSimHost(await loadXlsx(bytes));
  const port = new ExcelWorkbook(host.run, { lang: "fr", now: () => NOW });
  const sources = await port.listSources();
  const src = sources.find((s) => s.sheet === "Ventes" && s.kind !== "pivot")!;
  const data = await port.readSource(src.id);
  return { host, port, data };
}

describe("writeTrends", () => {
  it("writes the blocks (equal to the core's series) and the native charts; user cells and charts unchanged after draw, redraw, clear", async () => {
    const { host, port, data } = await setup();
    // A user's own chart on the sales sheet must survive every step.
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Ventes");
      const ch = ws.charts.add("ColumnClustered" as Excel.ChartType, ws.getRange("G5:G20"), "Auto" as Excel.ChartSeriesBy);
      ch.name = "Mon graphique";
      await ctx.sync();
    });
    const before = cellStates(host.workbook, USER_SHEETS);
    expect(before.charts.get("Ventes")).toHaveLength(1);
    const { result, rate } = trendsForSheet(data, { measure: "revenue", breakdown: "segment", lang: "fr" }, "sales");
    const out = await port.writeTrends({ data, result, rate, policy: POLICY });
    expect(out.sheet).toBe("OPS Trends");
    const wb = host.workbook;
    const s = wb.sheetOrThrow("OPS Trends");
    expect(String(s.get(0, 0))).toBe("OPS — Tendances : Chiffre d'affaires par mois et par Segment");
    // The total's block: its rows equal the series.
    const b = s.usedBounds(false)!;
    const values = s.readValues(b);
    const head = values.findIndex((r, i) => r[0] === "Période" && values[i - 1]?.[0] === "Total");
    expect(head).toBeGreaterThan(0);
    const total = result.series[0];
    for (let j = 0; j < total.codes.length; j++) {
      const row = values[head + 1 + j];
      expect(row[0]).toBe(total.labels[j] + (total.partialLast && j === total.codes.length - 1 ? " (partiel)" : ""));
      expect(row[1]).toBe(Number.isFinite(total.actual[j]) ? total.actual[j] : "");
    }
    const f = total.forecast!;
    const firstF = values.findIndex((r, i) => i > head && String(r[0]).startsWith(f.labels[0]));
    expect(values[firstF][4]).toBe(f.values[0]);
    expect(values[firstF][7]).toBe(f.low95[0]);
    expect(values[firstF][8]).toBe(f.high95[0]);
    expect(s.numFmt(head + 1, 1)).toBe(data.columns[data.roles.revenue!].numberFormat);
    // Charts: the main band chart, the rate with floor and target, YoY, one small chart per segment.
    const names = s.charts.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([`OPS_${MAIN_CHART_KEY}`, `OPS_${RATE_CHART_KEY}`, `OPS_${YOY_CHART_KEY}`]));
    const small = s.charts.filter((c) => c.name.startsWith("OPS_trends_sm_"));
    expect(small).toHaveLength(result.series.length - 1);
    expect(new Set(small.map((c) => `${c.valueAxis.minimum}-${c.valueAxis.maximum}`)).size).toBe(1);
    const main = s.charts.find((c) => c.name === `OPS_${MAIN_CHART_KEY}`)!;
    expect(main.chartType).toBe("AreaStacked");
    expect(main.series[0].fill).toBeNull(); // the unfilled base of the band
    expect(main.series.find((x) => x.name === "Prévision")!.chartType).toBe("Line");
    expect(main.series.find((x) => x.name === "Prévision")!.line.style).toBe("Dash");
    const rateChart = s.charts.find((c) => c.name === `OPS_${RATE_CHART_KEY}`)!;
    expect(rateChart.series.map((x) => x.name)).toEqual(["Taux de marge", "Plancher 10 %", "Objectif 20 %"]);
    expect(cellStates(wb, USER_SHEETS)).toEqual(before);

    // Redraw (by product): OPS's sheet replaced, its charts replaced, the user's untouched.
    const again = trendsForSheet(data, { measure: "marginRate", breakdown: "product", topN: 4, lang: "fr" }, "sales");
    await port.writeTrends({ data, result: again.result, policy: POLICY });
    expect(wb.sheets.filter((x) => x.name.startsWith("OPS Trends"))).toHaveLength(1);
    const s2 = wb.sheetOrThrow("OPS Trends");
    expect(s2.charts.filter((c) => c.name.startsWith("OPS_trends_sm_"))).toHaveLength(5); // 4 products + Others
    expect(cellStates(wb, USER_SHEETS)).toEqual(before);

    // Clear.
    const cleared = await port.clearTrends();
    expect(cleared.removed).toBe(true);
    expect(wb.sheets.some((x) => x.name === "OPS Trends")).toBe(false);
    expect(cellStates(wb, USER_SHEETS)).toEqual(before);
    expect((await port.clearTrends()).removed).toBe(false);
  });

  it("the saved workbook, read by ExcelJS and as a package, holds the sheet and chart parts whose series point at the blocks", async () => {
    const { host, port, data } = await setup();
    const { result, rate } = trendsForSheet(data, { measure: "revenue", lang: "fr" }, "sales");
    await port.writeTrends({ data, result, rate, policy: POLICY });
    const saved = await saveXlsx(host.workbook);
    const ex = new ExcelJS.Workbook();
    await ex.xlsx.load(Buffer.from(saved) as unknown as ArrayBuffer);
    const ws = ex.getWorksheet("OPS Trends")!;
    expect(ws).toBeDefined();
    expect(ws.getCell("A1").value).toBe("OPS — Tendances : Chiffre d'affaires par mois");
    const zip = await JSZip.loadAsync(saved);
    const parts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const refs: string[] = [];
    for (const p of parts) refs.push(...[...(await zip.file(p)!.async("string")).matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) => m[1]));
    const onTrends = refs.filter((r) => r.startsWith("'OPS Trends'!"));
    expect(onTrends.length).toBeGreaterThan(10);
    // Each reference is a block range: read it back with ExcelJS and find the series' values there.
    const total = result.series[0];
    const actualRef = onTrends.find((r) => /!\$B\$\d+:\$B\$\d+$/.test(r))!;
    const [, r0] = /\$B\$(\d+):/.exec(actualRef)!;
    expect(ws.getCell(`B${r0}`).value).toBe(total.actual[0]);
    expect(ws.getCell(`A${r0}`).value).toBe(total.labels[0]);
  });

  it("a failure at the last sync leaves the workbook as it was (no temporary sheet, the previous OPS Trends kept)", async () => {
    const { host, port, data } = await setup();
    const { result } = trendsForSheet(data, { measure: "revenue", lang: "fr" }, "sales");
    await port.writeTrends({ data, result });
    const before = cellStates(host.workbook);
    const sheetsBefore = host.workbook.sheets.map((s) => s.name);
    // The last sync is the one that swaps the sheets: fail it.
    let failed = false;
    host.intercept(({ actions }) => {
      if (!failed && actions > 0 && host.workbook.sheets.some((x) => x.name.startsWith("~OPS trends"))) {
        failed = true;
        throw simError("GeneralException");
      }
    });
    await expect(port.writeTrends({ data, result })).rejects.toBeInstanceOf(WorkbookError);
    expect(host.workbook.sheets.map((s) => s.name)).toEqual(sheetsBefore);
    expect(cellStates(host.workbook)).toEqual(before);
  });

  it("without ExcelApi 1.7 the data blocks are written and each chart not drawn says so", async () => {
    const host = createSimHost(await loadXlsx(bytes), { excelApiVersion: 1.6 });
    host.installGlobals();
    try {
      const port = new ExcelWorkbook(host.run, { lang: "fr", now: () => NOW });
      const data = await port.readSource((await port.listSources()).find((s) => s.sheet === "Ventes")!.id);
      const { result, rate } = trendsForSheet(data, { measure: "revenue", lang: "fr" }, "sales");
      const out = await port.writeTrends({ data, result, rate, policy: POLICY });
      expect(out.charts).toBe(0);
      const s = host.workbook.sheetOrThrow("OPS Trends");
      expect(s.charts).toHaveLength(0);
      expect(s.readValues(s.usedBounds(false)!).some((r) => r[0] === "Total")).toBe(true);
      const missing = out.messages.filter((m) => m.code === "charts.setMissing");
      expect(missing.length).toBeGreaterThanOrEqual(3);
      expect(missing[0].params).toMatchObject({ set: "ExcelApi 1.7" });
    } finally {
      for (const k of ["Office", "Excel", "OfficeExtension"]) delete (globalThis as Record<string, unknown>)[k];
    }
  });

  it("a user's chart on OPS Trends is kept: that sheet is renamed rather than deleted", async () => {
    const { host, port, data } = await setup();
    const { result } = trendsForSheet(data, { measure: "revenue", lang: "fr" }, "sales");
    await port.writeTrends({ data, result });
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("OPS Trends");
      ws.charts.add("Line" as Excel.ChartType, ws.getRange("B20:B30"), "Auto" as Excel.ChartSeriesBy).name = "Ma courbe";
      await ctx.sync();
    });
    const out = await port.writeTrends({ data, result });
    expect(out.messages.map((m) => m.code)).toContain("excel.userChartsKept");
    const kept = host.workbook.sheetOrThrow("OPS Trends (ancienne)");
    expect(kept.charts.map((c) => c.name)).toContain("Ma courbe");
    expect(host.workbook.sheetOrThrow("OPS Trends").charts.every((c) => c.name.startsWith("OPS_"))).toBe(true);
  });
});

const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].find((p) => existsSync(p));
describe("LibreOffice opens the trends sheet", () => {
  if (!soffice) {
    it("needs LibreOffice (soffice), which is not installed here: the PDF conversion check is not run", () => {
      console.warn("LibreOffice is not installed: the OPS Trends → PDF check was not run.");
      expect(soffice).toBeUndefined();
    });
    return;
  }
  it("converts the saved workbook (OPS Trends and its charts) to PDF without error", async () => {
    const { host, port, data } = await setup();
    const { result, rate } = trendsForSheet(data, { measure: "revenue", breakdown: "segment", lang: "fr" }, "sales");
    await port.writeTrends({ data, result, rate, policy: POLICY });
    const wb = host.workbook;
    for (const s of [...wb.sheets]) if (s.name !== "OPS Trends") wb.deleteSheet(s);
    const dir = mkdtempSync(join(tmpdir(), "ops-trends-"));
    try {
      const file = join(dir, "trends.xlsx");
      writeFileSync(file, await saveXlsx(wb));
      execFileSync(soffice, ["--headless", `-env:UserInstallation=file://${dir}/profile`, "--convert-to", "pdf", "--outdir", dir, file], { timeout: 170_000, stdio: "pipe" });
      const pdf = readFileSync(join(dir, "trends.pdf")).toString("latin1");
      expect(pdf.startsWith("%PDF-")).toBe(true);
      expect((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
