/**
 * The preview's Share view in Chromium: after a check, "Prepare the summary" writes "OPS Summary" into the simulated
 * workbook with the engine's figures (computed here in Node through the same adapter), with its print area; "Export as
 * PDF" gives a download of a PDF (the simulated host's getFileAsync). Screenshot: share.png (docs/screenshots with
 * OPS_UPDATE_SCREENSHOTS=1). Where /usr/bin/chromium is absent, one test says so plainly.
 */
import { existsSync, mkdirSync, readFileSync } from "fs";
import type { Page } from "playwright-core";
import { t } from "../../src/core/i18n";
import { CHROMIUM, RequestLog, hookCall, SCREENSHOTS, chromiumPresent, engineFigures, launchChromium, startPreview, type Browser, type EngineFigures, type Preview } from "./support";

jest.setTimeout(120_000);

if (!chromiumPresent()) {
  describe("browser Share view (Chromium absent)", () => {
    it(`has no ${CHROMIUM} here, so the Share browser test did not run`, () => {
      console.log(`browser Share test: ${CHROMIUM} is absent on this machine; it did not run.`);
      expect(existsSync(CHROMIUM)).toBe(false);
    });
  });
} else {
  describe("the preview's Share view in Chromium", () => {
    let preview: Preview;
    let browser: Browser;
    let requests: RequestLog;
    let figures: EngineFigures;
    let page: Page;
    const tx = (key: string, params?: Record<string, string | number>) => t(key, "en", params);

    beforeAll(async () => {
      [preview, figures] = await Promise.all([startPreview(), engineFigures()]);
      browser = await launchChromium({ width: 1280, height: 1150 });
      requests = new RequestLog(browser.context);
      page = await browser.context.newPage();
      await page.goto(`${preview.url}?lang=en&theme=light`);
      await page.getByTestId("ops-main-table").waitFor({ timeout: 60_000 });
    }, 15 * 60 * 1000);

    afterAll(async () => {
      await browser?.close();
      await preview?.server.close();
    });

    it("prepares the summary after a check: OPS Summary holds the engine's figures", async () => {
      await page.getByRole("tab", { name: tx("pane.tab.check") }).click();
      await page.getByRole("button", { name: tx("pane.action.run"), exact: true }).click();
      await page.getByTestId("ops-summary").waitFor({ timeout: 60_000 });
      await page.getByRole("tab", { name: tx("pane.tab.share") }).click();
      await page.getByRole("button", { name: tx("share.summary.prepare") }).click();
      await page.locator('[data-testid="ops-share-result"][data-action="summary"][data-intent="success"]').waitFor({ timeout: 60_000 });
      expect(await hookCall(page, (h) => h.sheetNames())).toContain("OPS Summary");
      const values = await hookCall(page, (h) => h.values("OPS Summary"));
      const row = (label: string) => values.find((r) => r[0] === label);
      const s = figures.result.summary;
      expect(values[0][0]).toBe(tx("summary.title"));
      expect(row(tx("summary.revenue"))?.[1]).toBeCloseTo(s.revenueChecked, 6);
      expect(row(tx("summary.rate"))?.[1]).toBeCloseTo(s.overallRate, 12);
      expect(row(tx("summary.rate"))?.[2]).toBe(tx(s.basis === "cost" ? "basis.cost" : "basis.sales"));
      expect(row(tx("summary.breaches"))?.[1]).toBe(s.breaches);
      const tab = page.getByTestId("preview-sheet-tabs").getByRole("tab", { name: "OPS Summary" });
      await tab.click();
      await page.locator('[data-testid="preview-grid"][data-sheet="OPS Summary"]').waitFor({ timeout: 30_000 });
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: `${SCREENSHOTS}/share.png` });
    });

    it("exports a PDF and offers it as a download", async () => {
      await page.getByRole("button", { name: tx("share.pdf.export") }).click();
      const link = page.getByTestId("ops-pdf-link");
      await link.waitFor({ timeout: 60_000 });
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      expect(download.suggestedFilename()).toBe("OPS.pdf");
      const bytes = readFileSync(await download.path());
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(bytes.toString("latin1")).toContain("(OPS \x97 Management summary)");
    });

    it("makes no request that leaves 127.0.0.1", () => {
      expect(requests.offMachine()).toEqual([]);
    });
  });
}
