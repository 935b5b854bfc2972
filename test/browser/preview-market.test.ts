/**
 * The preview's Market view in Chromium on the sample workbook: the competitor table ("Concurrents") found, the
 * company typed once, "Calculate" shows the bridge's figures pvmBridge gives on the sample table (read in Node through
 * the same adapter), "Draw in the workbook" writes "OPS Market" into the simulated workbook and the grid shows its
 * charts (shares, BCG bubble, price index, waterfalls) as SVG. Screenshot: market.png (docs/screenshots with
 * OPS_UPDATE_SCREENSHOTS=1). Where /usr/bin/chromium is absent, one test says so.
 */
import { existsSync, mkdirSync } from "fs";
import type { Page } from "playwright-core";
import { t } from "../../src/core/i18n";
import { defaultBridgePeriods, pvmBridge, type BridgeResult } from "../../src/core/market/index";
import { formatMoney } from "../../src/taskpane/format";
import { COMPANY } from "../../scripts/make-sample-workbook";
import { CHROMIUM, RequestLog, hookCall, SCREENSHOTS, chromiumPresent, engineFigures, launchChromium, startPreview, type Browser, type EngineFigures, type Preview } from "./support";

jest.setTimeout(120_000);

if (!chromiumPresent()) {
  describe("browser Market view (Chromium absent)", () => {
    it(`has no ${CHROMIUM} here, so the Market browser test did not run`, () => {
      console.log(`browser Market test: ${CHROMIUM} is absent on this machine; it did not run.`);
      expect(existsSync(CHROMIUM)).toBe(false);
    });
  });
} else {
  describe("the preview's Market view in Chromium", () => {
    let preview: Preview;
    let browser: Browser;
    let requests: RequestLog;
    let figures: EngineFigures;
    let page: Page;
    let bridge: BridgeResult;
    const tx = (key: string, params?: Record<string, string | number>) => t(key, "en", params);

    beforeAll(async () => {
      [preview, figures] = await Promise.all([startPreview(), engineFigures()]);
      bridge = pvmBridge(figures.data, { ...defaultBridgePeriods(figures.data)!, lang: "en" });
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

    it("calculates: the competitor table is found, the company's share shown, the bridge equals pvmBridge's", async () => {
      await page.getByRole("tab", { name: tx("pane.tab.market") }).click();
      expect(await page.getByTestId("ops-market-table").locator("option:checked").textContent()).toMatch(/Concurrents/);
      await page.getByTestId("ops-market-own").fill(COMPANY);
      await page.keyboard.press("Tab"); // closes the suggestions list
      await page.getByRole("button", { name: tx("market.view.calculate"), exact: true }).click();
      await page.getByTestId("ops-market-card").first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("ops-market-card").first().getByTestId("ops-market-share").locator("dd").textContent()).toMatch(/%$/);
      expect(await page.getByTestId("ops-bridge-start").locator("dd").textContent()).toBe(formatMoney(bridge.baseRevenue, "en"));
      expect(await page.getByTestId("ops-bridge-price").locator("dd").textContent()).toBe(formatMoney(bridge.price, "en"));
      expect(await page.getByTestId("ops-bridge-end").locator("dd").textContent()).toBe(formatMoney(bridge.currentRevenue, "en"));
    });

    it("draws OPS Market: the sheet exists and the grid shows its charts as SVG", async () => {
      await page.getByRole("button", { name: tx("market.view.draw") }).click();
      const done = page.locator('[data-testid="ops-market-result"][data-action="draw"][data-intent="success"]');
      await done.waitFor({ timeout: 60_000 });
      const charts = Number(/(\d+) chart/.exec((await done.textContent()) ?? "")?.[1]);
      expect(charts).toBeGreaterThanOrEqual(5);
      expect(await hookCall(page, (h) => h.sheetNames())).toContain("OPS Market");
      const values = await hookCall(page, (h) => h.values("OPS Market"));
      expect(values[0][0]).toBe(tx("market.sheet.title"));
      await page.locator('[data-testid="preview-grid"][data-sheet="OPS Market"]').waitFor({ timeout: 30_000 });
      const svgs = page.locator('[data-testid="preview-grid"] [data-testid="preview-chart"] svg');
      await svgs.first().waitFor({ timeout: 30_000 });
      expect(await svgs.count()).toBe(charts);
      // Scroll to the revenue waterfall (the last charts) as a user would.
      const wf = page.locator('[data-testid="preview-chart"]').nth(charts - 2);
      await wf.evaluate((el) => {
        const grid = el.closest('[data-testid="preview-grid"]') as HTMLElement;
        const chart = el as HTMLElement;
        grid.scrollLeft = Math.max(0, chart.offsetLeft - 70);
        grid.scrollTop = Math.max(0, chart.offsetTop - 30);
      });
      expect(await wf.isVisible()).toBe(true);
      expect(await wf.locator("svg rect").count()).toBeGreaterThan(3);
      await page.getByTestId("ops-bridge-start").scrollIntoViewIfNeeded();
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: `${SCREENSHOTS}/market.png` });
    });

    it("removes the sheet again", async () => {
      await page.getByRole("button", { name: tx("market.view.remove") }).click();
      await page.locator('[data-testid="ops-market-result"][data-action="clear"][data-intent="success"]').waitFor({ timeout: 30_000 });
      expect(await hookCall(page, (h) => h.sheetNames())).not.toContain("OPS Market");
    });

    it("makes no request that leaves 127.0.0.1", () => {
      expect(requests.offMachine()).toEqual([]);
    });
  });
}
