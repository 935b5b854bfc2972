/** The summary's trend and market headlines (src/core/share/headlines.ts) carry the figures of the trends and market cores. */
import { analyseMarket, defaultBridgePeriods, pvmBridge } from "../../../src/core/market/index";
import { latestPeriod } from "../../../src/core/market/sheet";
import { marketHeadlines, trendHeadlines } from "../../../src/core/share/headlines";
import { trendsForSheet } from "../../../src/core/trends/sheet";
import { summaryHeadlines } from "../../../src/taskpane/headlines";
import { ExcelWorkbook } from "../../../src/excel/workbook";
import { createSimHost, loadXlsx } from "../../../src/sim";
import { COMPANY, sampleWorkbookBytes } from "../../../scripts/make-sample-workbook";

jest.setTimeout(30_000);

it("trend and market headlines equal the cores' figures on the sample workbook", async () => {
  const host = createSimHost(await loadXlsx(await sampleWorkbookBytes()));
  const port = new ExcelWorkbook(host.run, { lang: "fr" });
  const sources = await port.listSources();
  const ventes = await port.readSource(sources.find((s) => s.sheet === "Ventes")!.id);
  const conc = await port.readSource(sources.find((s) => s.sheet === "Concurrents")!.id);
  const { result, rate } = trendsForSheet(ventes, { measure: "revenue", lang: "fr" }, "sales");
  const th = trendHeadlines(result, "fr", rate);
  const s = result.series[0];
  const last = s.partialLast ? s.actual.length - 2 : s.actual.length - 1;
  expect(th[0]).toMatchObject({ label: "Chiffre d'affaires, dernière période", lastValue: s.actual[last], change: s.change[last], changeKind: "relative", period: s.labels[last], format: "currency" });
  const rateLine = th.find((h) => h.label === "Taux de marge, dernière période")!;
  expect(rateLine.lastValue).toBe(rate!.series[0].actual[last]);
  expect(rateLine.changeKind).toBe("points");
  expect(th.some((h) => h.label.startsWith("Chiffre d'affaires, prévision") && h.lastValue === s.forecast!.values[0])).toBe(true);

  const analysis = analyseMarket(conc, { own: COMPANY, lang: "fr" });
  const bridge = pvmBridge(ventes, { ...defaultBridgePeriods(ventes)!, lang: "fr" });
  const mh = marketHeadlines("fr", analysis, bridge);
  const p = latestPeriod(analysis.markets[0])!;
  expect(mh.market).toBe(analysis.markets[0].name);
  expect(mh.lines[0]).toMatchObject({ lastValue: p.own!.share, change: p.own!.shareChangePts / 100 });
  expect(mh.lines.find((h) => h.label === "Effet prix")!.lastValue).toBe(bridge.price);
  expect(mh.lines.find((h) => h.label === "Évolution du CA")!.lastValue).toBe(bridge.total);
  // The pane's helper: the same from the checked table alone.
  const pane = summaryHeadlines(ventes, "fr", "sales");
  expect(pane.trends).toEqual(th);
  expect(pane.market!.lines.find((h) => h.label === "Effet prix")!.lastValue).toBe(bridge.price);
});
