/**
 * The task pane's figures (issue 5):
 *   1. the pane's JavaScript, gzipped: taskpane.js of the production add-in build (goal <= 300 KB), and the whole
 *      page's scripts (functions.js + commands.js + taskpane.js, the one shared-runtime page) for context;
 *   2. the first render of the browser preview in headless Chromium: navigation start -> the pane's home view visible
 *      (goal <= 1.5 s), over cold loads (a new browser context each), and -> the sample's table shown on Home;
 *   3. a 100,000-row check in the preview: the large sample variant opened through the page's file input, then from
 *      the click on "Run the check" to the results shown (goal <= 3 s), with the progress updates seen on the way
 *      (reading, then checking).
 * Builds come from test/support/build.ts (cached by input hash). Chromium: /usr/bin/chromium (Debian).
 *
 *   npm run bench -- pane
 */
import { readFileSync } from "fs";
import { join } from "path";
import { gzipSync } from "zlib";
import { chromium, type Browser, type Page } from "playwright-core";
import { sampleLines, sampleWorkbookBytes } from "../scripts/make-sample-workbook";
import { t } from "../src/core/i18n";
import { CHROMIUM, CHROMIUM_ARGS, chromiumPresent, startPreview } from "../test/browser/support";
import { ensureBuild } from "../test/support/build";

const KB = 1024;
const GOAL_GZIP_KB = 300;
const GOAL_FIRST_RENDER_MS = 1500;
const GOAL_CHECK_MS = 3000;
const COLD_LOADS = 5;
const BIG_ROWS = 100_000;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ok = (v: number, goal: number) => (v <= goal ? "meets the goal" : "OVER the goal");

async function bundleSizes(): Promise<void> {
  const build = await ensureBuild({ mode: "production", env: { OPS_BASE_URL: "https://ops.example.com/addin/" } });
  const size = (f: string) => {
    try {
      const bytes = readFileSync(join(build.dir, f));
      return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
    } catch {
      return null;
    }
  };
  const pane = size("taskpane.js");
  if (!pane) {
    console.log("pane: taskpane.js is not in the production build (src/taskpane/index.tsx missing?)");
    return;
  }
  console.log(
    `pane: taskpane.js ${(pane.raw / KB).toFixed(0)} KB minified, ${(pane.gz / KB).toFixed(1)} KB gzipped (goal <= ${GOAL_GZIP_KB} KB: ${ok(pane.gz / KB, GOAL_GZIP_KB)})`,
  );
  const page = ["functions.js", "commands.js", "taskpane.js"].map(size);
  if (page.every((x) => x !== null)) {
    const raw = page.reduce((s, x) => s + x!.raw, 0);
    const gz = page.reduce((s, x) => s + x!.gz, 0);
    console.log(`pane: the whole page's scripts (functions.js + commands.js + taskpane.js) ${(raw / KB).toFixed(0)} KB minified, ${(gz / KB).toFixed(1)} KB gzipped (office.js from Microsoft's CDN not counted)`);
  }
}

/** Records, in the page, when the home view and the sample's table first appear (performance.now(), from navigation start). */
const MARKS_SCRIPT = `
  window.__opsMarks = {};
  const mark = (name, ok) => { if (!window.__opsMarks[name] && ok()) window.__opsMarks[name] = performance.now(); };
  const check = () => {
    mark("home", () => document.getElementById("ops-home-found-title") !== null);
    mark("table", () => document.querySelector('[data-testid="ops-main-table"]') !== null);
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
`;

async function firstRender(browser: Browser, url: string): Promise<void> {
  const home: number[] = [];
  const table: number[] = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(MARKS_SCRIPT);
    const page = await context.newPage();
    await page.goto(`${url}?lang=fr`);
    await page.getByTestId("ops-main-table").waitFor({ timeout: 120_000 });
    const marks = (await page.evaluate("window.__opsMarks")) as { home?: number; table?: number };
    if (marks.home !== undefined) home.push(marks.home);
    if (marks.table !== undefined) table.push(marks.table);
    await context.close();
  }
  const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(`pane: first render of the preview, navigation start -> pane's home view visible: ${fmt(home)} over ${home.length} cold loads (goal <= ${GOAL_FIRST_RENDER_MS} ms: ${ok(median(home), GOAL_FIRST_RENDER_MS)})`);
  console.log(`pane: navigation start -> the sample's table (${sampleLines().length.toLocaleString("en-US")} rows) read and shown on Home: ${fmt(table)}`);
}

/** Counts progress updates (new bars, value or text changes) and when the run moves from reading to checking and ends. */
const PROGRESS_SCRIPT = `
  (() => {
    const rec = { updates: 0, values: new Set(), clickAt: 0, checkingAt: 0, doneAt: 0, gone: document.querySelector('[data-testid="ops-summary"]') === null };
    window.__opsRun = rec;
    const seen = () => {
      for (const bar of document.querySelectorAll('[data-testid="ops-progress"]')) {
        const field = bar.closest(".fui-Field");
        const label = field && field.querySelector("label") ? field.querySelector("label").textContent : "";
        const key = label + "|" + (bar.getAttribute("aria-valuenow") || "") + "|" + (bar.getAttribute("aria-valuetext") || "");
        if (!rec.values.has(key)) { rec.values.add(key); rec.updates++; }
        if (rec.gone && !rec.checkingAt && label === ${JSON.stringify(t("pane.run.checking", "en"))}) rec.checkingAt = performance.now();
      }
      // Results: the summary shown again after the click took the previous one away (or after none was shown).
      const present = document.querySelector('[data-testid="ops-summary"]') !== null;
      if (rec.clickAt && !present) rec.gone = true;
      if (!rec.doneAt && rec.gone && present) rec.doneAt = performance.now();
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    document.addEventListener("click", () => { if (!rec.clickAt) rec.clickAt = performance.now(); }, true);
  })();
`;

async function bigCheck(browser: Browser, url: string): Promise<void> {
  let t0 = performance.now();
  const bytes = await sampleWorkbookBytes({ rows: BIG_ROWS });
  console.log(`pane: ${BIG_ROWS.toLocaleString("en-US")}-row sample variant generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(bytes.length / 1e6).toFixed(1)} MB .xlsx)`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page: Page = await context.newPage();
  await page.goto(`${url}?lang=en&sample=none`);
  t0 = performance.now();
  await page.getByTestId("preview-file").setInputFiles({ name: "ops-100k.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(bytes) });
  const rows = BIG_ROWS.toLocaleString("en-US");
  await page.getByTestId("ops-main-table").filter({ hasText: `${rows} rows` }).waitFor({ timeout: 600_000 });
  console.log(`pane: the ${rows}-row workbook opened in the preview (file input -> loadXlsx in the page -> first read shown on Home) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const runOnce = async (label: string, button: string) => {
    await page.evaluate(PROGRESS_SCRIPT);
    await page.getByRole("button", { name: t(button, "en"), exact: true }).click();
    await page.locator('[data-testid="ops-summary"]').waitFor({ state: "detached", timeout: 10_000 }).catch(() => undefined);
    await page.getByTestId("ops-summary").waitFor({ timeout: 600_000 });
    await page.waitForFunction("window.__opsRun.doneAt > 0");
    const rec = (await page.evaluate("({ ...window.__opsRun, values: undefined })")) as { updates: number; clickAt: number; checkingAt: number; doneAt: number };
    const breaches = (await page.getByTestId("ops-stat-breaches").locator("dd").textContent())?.trim();
    const ms = rec.doneAt - rec.clickAt;
    console.log(
      `pane: ${rows}-row check in the preview, ${label}, click -> results shown: ${ms.toFixed(0)} ms (reading ${(rec.checkingAt - rec.clickAt).toFixed(0)} ms, checking and rendering ${(rec.doneAt - rec.checkingAt).toFixed(0)} ms; goal <= ${GOAL_CHECK_MS} ms: ${ok(ms, GOAL_CHECK_MS)}), ${rec.updates} progress updates seen, ${breaches} breaches shown`,
    );
  };
  await runOnce("first run", "pane.action.run");
  await runOnce("second run", "pane.action.runAgain");
  await context.close();
}

export default async function run(): Promise<void> {
  await bundleSizes();
  if (!chromiumPresent()) {
    console.log(`pane: ${CHROMIUM} is absent: no first-render or 100,000-row figures (install Debian's chromium)`);
    return;
  }
  const preview = await startPreview();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    await firstRender(browser, preview.url);
    await bigCheck(browser, preview.url);
  } finally {
    await browser.close();
    await preview.server.close();
  }
}
