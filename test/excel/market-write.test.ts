/**
 * The "OPS Market" sheet on the simulated host, from the preview's sample workbook ("Concurrents": competitors by
 * month and product family, the company among them; "Ventes": the sales ledger): the headline and bridge cells equal
 * the core's figures, the native charts (shares, BCG bubble on a log axis, price index bars, the revenue and margin
 * waterfalls with an unfilled base), the saved .xlsx with its chart parts, every user cell and chart unchanged after
 * draw, redraw and clear, the own company remembered in the workbook, LibreOffice converting the file to PDF.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import JSZip from "jszip";
import { tmpdir } from "os";
import { join } from "path";
import { analyseMarket, defaultBridgePeriods, pvmBridge } from "../../src/core/market/index";
import { BCG_CHART_KEY, BRIDGE_CHART_KEY, MARGIN_BRIDGE_CHART_KEY, PRICE_CHART_KEY, latestPeriod } from "../../src/core/market/sheet";
import type { DataSet } from "../../src/core/types";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { createSimHost, loadXlsx, saveXlsx, type SimHost } from "../../src/sim";
import { COMPANY, sampleWorkbookBytes } from "../../scripts/make-sample-workbook";
import { cellStates } from "./support/sample";

jest.setTimeout(60_000);

const NOW = new Date(2026, 0, 31, 9, 0, 0);
const USER_SHEETS = ["Ventes", "Concurrents"];

let bytes: Uint8Array;
beforeAll(async () => {
  bytes = await sampleWorkbookBytes();
});

async function setup(): Promise<{ host: SimHost; port: ExcelWorkbook; ventes: DataSet; conc: DataSet }> {
  const host = createSimHost(await loadXlsx(bytes));
  const port = new ExcelWorkbook(host.run, { lang: "fr", now: () => NOW });
  const sources = await port.listSources();
  const ventes = await port.readSource(sources.find((s) => s.sheet === "Ventes" && s.kind !== "pivot")!.id);
  const conc = await port.readSource(sources.find((s) => s.sheet === "Concurrents" && s.kind !== "pivot")!.id);
  return { host, port, ventes, conc };
}

function request(ventes: DataSet, conc: DataSet) {
  const analysis = analyseMarket(conc, { own: COMPANY, lang: "fr" });
  const periods = defaultBridgePeriods(ventes)!;
  const result = pvmBridge(ventes, { ...periods, lang: "fr" });
  return { market: { data: conc, analysis }, bridge: { data: ventes, result } };
}

describe("writeMarket", () => {
  it("writes the figures and charts; user cells and charts unchanged after draw, redraw and clear", async () => {
    const { host, port, ventes, conc } = await setup();
    const before = cellStates(host.workbook, USER_SHEETS);
    const req = request(ventes, conc);
    expect(req.market.analysis.ok).toBe(true);
    expect(req.bridge.result.ok).toBe(true);
    const out = await port.writeMarket(req);
    expect(out.sheet).toBe("OPS Market");
    const s = host.workbook.sheetOrThrow("OPS Market");
    const values = s.readValues(s.usedBounds(false)!);
    expect(values[0][0]).toBe("OPS — Marché, concurrence et effets prix–volume–mix");
    // Headline: the own company's share in each market's latest period.
    for (const m of req.market.analysis.markets) {
      const p = latestPeriod(m)!;
      const row = values.find((r) => r[0] === m.name && r[1] === p.label)!;
      expect(row[2]).toBe(p.own!.share);
      expect(row[7]).toBe(p.hhi);
    }
    // The revenue bridge: start, effects, end; the running total ends on the current revenue.
    const br = req.bridge.result;
    const start = values.findIndex((r) => r[0] === `CA ${br.base.label}`);
    expect(values[start][1]).toBe(br.baseRevenue);
    const effects = ["Effet volume", "Effet mix", "Effet prix", "Nouveaux produits", "Produits perdus"].map((l) => values.slice(start).find((r) => r[0] === l)![1]);
    expect(effects).toEqual([br.volume, br.mix, br.price, br.newProducts, br.lostProducts]);
    const end = values.findIndex((r, i) => i > start && r[0] === `CA ${br.current.label}`);
    expect(values[end][1]).toBe(br.currentRevenue);
    expect(Math.abs((values[end - 1][2] as number) - br.currentRevenue)).toBeLessThan(1e-6 * br.currentRevenue);
    // Charts.
    const byName = new Map(s.charts.map((c) => [c.name, c]));
    const bcg = byName.get(`OPS_${BCG_CHART_KEY}`)!;
    expect(bcg.chartType).toBe("Bubble");
    expect(bcg.categoryAxis.logBase).toBe(10);
    expect(byName.get(`OPS_${PRICE_CHART_KEY}`)!.chartType).toBe("BarClustered");
    const wf = byName.get(`OPS_${BRIDGE_CHART_KEY}`)!;
    expect(wf.chartType).toBe("ColumnStacked");
    expect(wf.series[0].fill).toBeNull();
    expect(wf.series.map((x) => x.name)).toEqual(["Base (invisible)", "Total", "Hausse", "Baisse"]);
    expect(byName.has(`OPS_${MARGIN_BRIDGE_CHART_KEY}`)).toBe(true);
    expect(s.charts.filter((c) => c.name.startsWith("OPS_market_shares_"))).toHaveLength(req.market.analysis.markets.length);
    expect(cellStates(host.workbook, USER_SHEETS)).toEqual(before);
    // Redraw, then clear.
    await port.writeMarket({ bridge: req.bridge });
    expect(host.workbook.sheetOrThrow("OPS Market").charts.some((c) => c.name === `OPS_${BCG_CHART_KEY}`)).toBe(false);
    expect(cellStates(host.workbook, USER_SHEETS)).toEqual(before);
    expect((await port.clearMarket()).removed).toBe(true);
    expect(host.workbook.sheets.some((x) => x.name === "OPS Market")).toBe(false);
    expect(cellStates(host.workbook, USER_SHEETS)).toEqual(before);
  });

  it("the saved workbook holds the chart parts, their series pointing at the OPS Market blocks", async () => {
    const { host, port, ventes, conc } = await setup();
    await port.writeMarket(request(ventes, conc));
    const zip = await JSZip.loadAsync(await saveXlsx(host.workbook));
    const parts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    expect(parts.length).toBeGreaterThanOrEqual(5);
    const xml = await Promise.all(parts.map((p) => zip.file(p)!.async("string")));
    expect(xml.some((x) => x.includes("<c:bubbleChart>"))).toBe(true);
    expect(xml.some((x) => /<c:logBase val="10"\/>/.test(x))).toBe(true);
    const refs = xml.flatMap((x) => [...x.matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) => m[1]));
    expect(refs.filter((r) => r.startsWith("'OPS Market'!")).length).toBeGreaterThan(10);
  });

  it("remembers the own company and the tables chosen in the workbook", async () => {
    const { port } = await setup();
    expect(await port.readMarketSettings()).toEqual({});
    await port.saveMarketSettings({ own: ` ${COMPANY} `, marketSource: "sheet:Concurrents!A1:F100" });
    expect(await port.readMarketSettings()).toEqual({ own: COMPANY, marketSource: "sheet:Concurrents!A1:F100" });
  });
});

const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].find((p) => existsSync(p));
describe("LibreOffice opens the market sheet", () => {
  if (!soffice) {
    it("needs LibreOffice (soffice), which is not installed here: the PDF conversion check is not run", () => {
      console.warn("LibreOffice is not installed: the OPS Market → PDF check was not run.");
      expect(soffice).toBeUndefined();
    });
    return;
  }
  it("converts the saved workbook (OPS Market and its charts) to PDF without error", async () => {
    const { host, port, ventes, conc } = await setup();
    await port.writeMarket(request(ventes, conc));
    const wb = host.workbook;
    for (const s of [...wb.sheets]) if (s.name !== "OPS Market") wb.deleteSheet(s);
    const dir = mkdtempSync(join(tmpdir(), "ops-market-"));
    try {
      const file = join(dir, "market.xlsx");
      writeFileSync(file, await saveXlsx(wb));
      execFileSync(soffice, ["--headless", `-env:UserInstallation=file://${dir}/profile`, "--convert-to", "pdf", "--outdir", dir, file], { timeout: 170_000, stdio: "pipe" });
      const pdf = readFileSync(join(dir, "market.pdf")).toString("latin1");
      expect(pdf.startsWith("%PDF-")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
