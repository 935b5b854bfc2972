/**
 * The preview's Trends view in Chromium: "Calculate" shows the total's figures buildTrends gives on the sample table
 * (read in Node through the same adapter), "Draw in the workbook" writes "OPS Trends" into the simulated workbook
 * (its summary row holds the same last value) and the grid switches to it and draws its charts as SVG. Screenshot:
 * trends.png (docs/screenshots with OPS_UPDATE_SCREENSHOTS=1). Where /usr/bin/chromium is absent, one test says so.
 */
import { existsSync, mkdirSync } from "fs";
import type { Page } from "playwright-core";
import { t } from "../../src/core/i18n";
import { buildTrends, type TrendResult } from "../../src/core/trends";
import { formatMoney } from "../../src/taskpane/format";
import { CHROMIUM, RequestLog, hookCall, SCREENSHOTS, chromiumPresent, engineFigures, launchChromium, startPreview, type Browser, type EngineFigures, type Preview } from "./support";

jest.setTimeout(120_000);

if (!chromiumPresent()) {
  describe("browser Trends view (Chromium absent)", () => {
    it(`has no ${CHROMIUM} here, so the Trends browser test did not run`, () => {
      console.log(`browser Trends test: ${CHROMIUM} is absent on this machine; it did not run.`);
      expect(existsSync(CHROMIUM)).toBe(false);
    });
  });
} else {
  describe("the preview's Trends view in Chromium", () => {
    let preview: Preview;
    let browser: Browser;
    let requests: RequestLog;
    let figures: EngineFigures;
    let page: Page;
    let expected: TrendResult;
    const tx = (key: string, params?: Record<string, string | number>) => t(key, "en", params);

    beforeAll(async () => {
      [preview, figures] = await Promise.all([startPreview(), engineFigures()]);
      expected = buildTrends(figures.data, { measure: "revenue", period: "month", topN: 10, horizon: 12, basis: figures.policy.basis, lang: "en" });
      browser = await launchChromium({ width: 1280, height: 1000 });
      requests = new RequestLog(browser.context);
      page = await browser.context.newPage();
      await page.goto(`${preview.url}?lang=en&theme=light`);
      await page.getByTestId("ops-main-table").waitFor({ timeout: 60_000 });
    }, 15 * 60 * 1000);

    afterAll(async () => {
      await browser?.close();
      await preview?.server.close();
    });

    it("calculates the sample's monthly revenue: the total's last value is buildTrends'", async () => {
      await page.getByRole("tab", { name: tx("pane.tab.trends") }).click();
      await page.getByRole("button", { name: tx("trends.view.calculate"), exact: true }).click();
      const total = page.locator('[data-testid="ops-trend-series"][data-kind="total"]');
      await total.waitFor({ timeout: 30_000 });
      const s = expected.series[0];
      let j = s.actual.length - 1;
      if (s.partialLast) j--;
      while (j >= 0 && Number.isNaN(s.actual[j])) j--;
      expect(j).toBeGreaterThan(0);
      expect(await total.getByTestId("ops-trend-last").locator("dd").textContent()).toBe(formatMoney(s.actual[j], "en"));
      expect(await total.getByTestId("ops-trend-next").locator("dd").textContent()).toBe(formatMoney(s.forecast!.values[0], "en"));
    });

    it("draws OPS Trends: the sheet exists with the same figures, the grid shows it with its charts as SVG", async () => {
      await page.getByRole("button", { name: tx("trends.view.draw") }).click();
      const done = page.locator('[data-testid="ops-trends-outcome"][data-action="draw"][data-intent="success"]');
      await done.waitFor({ timeout: 60_000 });
      const charts = Number(/(\d+) chart/.exec((await done.textContent()) ?? "")?.[1]);
      expect(charts).toBeGreaterThanOrEqual(2);
      expect(await hookCall(page, (h) => h.sheetNames())).toContain("OPS Trends");
      const values = await hookCall(page, (h) => h.values("OPS Trends"));
      expect(values[0][0]).toBe(tx("trends.sheet.title", { measure: tx("trends.measure.revenue"), grain: tx("trends.grain.month") }));
      const header = values.findIndex((r) => r[0] === tx("trends.col.series"));
      const totalRow = values[header + 1];
      expect(totalRow[0]).toBe(tx("trends.total"));
      const s = expected.series[0];
      const j = s.labels.indexOf(String(totalRow[1]));
      expect(j).toBeGreaterThan(0);
      expect(totalRow[2]).toBeCloseTo(s.actual[j], 6);

      // The grid follows the sheet OPS activated, and draws every chart of it.
      await page.locator('[data-testid="preview-grid"][data-sheet="OPS Trends"]').waitFor({ timeout: 30_000 });
      const svgs = page.locator('[data-testid="preview-grid"] [data-testid="preview-chart"] svg');
      await svgs.first().waitFor({ timeout: 30_000 });
      expect(await svgs.count()).toBe(charts);
      const first = page.locator('[data-testid="preview-chart"]').first();
      // Scroll the grid to the main chart (columns R–AB, beside the total's block), as a user would.
      await first.evaluate((el) => {
        const grid = el.closest('[data-testid="preview-grid"]') as HTMLElement;
        const chart = el as HTMLElement;
        grid.scrollLeft = Math.max(0, chart.offsetLeft - 70);
        grid.scrollTop = Math.max(0, chart.offsetTop - 30);
      });
      expect(await first.isVisible()).toBe(true);
      const box = await first.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      // Lines of the main chart were drawn (the actual series at least).
      expect(await first.locator("svg path").count()).toBeGreaterThan(0);
      await done.scrollIntoViewIfNeeded();
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: `${SCREENSHOTS}/trends.png` });
    });

    it("removes the sheet again", async () => {
      await page.getByRole("button", { name: tx("trends.view.remove") }).click();
      await page.locator('[data-testid="ops-trends-outcome"][data-action="clear"][data-intent="success"]').waitFor({ timeout: 30_000 });
      expect(await hookCall(page, (h) => h.sheetNames())).not.toContain("OPS Trends");
    });

    it("makes no request that leaves 127.0.0.1", () => {
      expect(requests.offMachine()).toEqual([]);
    });
  });
}
