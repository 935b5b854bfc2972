/**
 * What the browser tests and the pane bench share: Debian's Chromium driven by playwright-core (headless, a fresh
 * profile, the flags this machine needs), the preview built once (test/support/build.ts caches it) and served on
 * 127.0.0.1, a record of every request the page makes, and the figures the engine gives on the sample workbook,
 * computed in Node through the same adapter and policy.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import { checkCompliance } from "../../src/core/compliance";
import type { ComplianceResult, MarginPolicy } from "../../src/core/policy-types";
import type { DataSet, SourceInfo } from "../../src/core/types";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { createSimHost, loadXlsx } from "../../src/sim";
import { PROJECT_ROOT, ensureBuild, serveStatic, type BuildResult, type StaticServer } from "../support/build";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
export const SAMPLE_XLSX = join(PROJECT_ROOT, "src/preview/sample/ops-sample.xlsx");
/**
 * Screenshots of the main views go to test-results/screenshots on every run; with OPS_UPDATE_SCREENSHOTS=1 they
 * replace the README's pictures in docs/screenshots (so a plain `npm test` leaves the work tree clean).
 */
export const SCREENSHOTS = process.env.OPS_UPDATE_SCREENSHOTS === "1" ? join(PROJECT_ROOT, "docs/screenshots") : join(PROJECT_ROOT, "test-results/screenshots");

export function chromiumPresent(): boolean {
  return existsSync(CHROMIUM);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium headless with a new, empty --user-data-dir (removed on close). */
export async function launchChromium(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "ops-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    acceptDownloads: true,
    locale: "en-US",
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface Preview {
  build: BuildResult;
  server: StaticServer;
  /** e.g. http://127.0.0.1:40123/preview.html */
  url: string;
}

/** The production build of the preview (cached by input hash), served over http on 127.0.0.1 at a free port. */
export async function startPreview(): Promise<Preview> {
  const build = await ensureBuild({ mode: "preview" });
  const server = await serveStatic(build.dir, "preview.html");
  return { build, server, url: `${server.url}preview.html` };
}

/** Every request the context makes (pages, workers, downloads), with a check that none leaves this machine. */
export class RequestLog {
  readonly urls: string[] = [];
  constructor(context: BrowserContext) {
    context.on("request", (r: Request) => this.urls.push(r.url()));
    context.on("page", (p: Page) => p.on("websocket", (ws) => this.urls.push(ws.url())));
  }
  /** Requests to anything but 127.0.0.1 / localhost (data:, blob: and about: URLs stay in the page). */
  offMachine(): string[] {
    return this.urls.filter((u) => {
      let url: URL;
      try {
        url = new URL(u);
      } catch {
        return true;
      }
      if (url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "about:") return false;
      return !(url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]");
    });
  }
}

export interface EngineFigures {
  source: SourceInfo;
  data: DataSet;
  policy: MarginPolicy;
  result: ComplianceResult;
}

/**
 * What the pane should show for a workbook: the source it reads first (the largest Excel table, else the largest
 * range, never a pivot: src/taskpane/usePane.ts pickDefaultSource), read through the real adapter on the simulated host,
 * checked with the policy the workbook holds (the default policy when it has no "OPS Policy" sheet).
 */
export async function engineFigures(bytes: Uint8Array = readFileSync(SAMPLE_XLSX)): Promise<EngineFigures> {
  const host = createSimHost(await loadXlsx(bytes));
  const port = new ExcelWorkbook(host.run, { lang: "en" });
  const sources = await port.listSources();
  const rank = (s: SourceInfo) => (s.kind === "table" ? 2 : s.kind === "range" ? 1 : 0);
  const source = sources
    .filter((s) => s.kind !== "pivot")
    .reduce<SourceInfo | null>((best, s) => (!best || rank(s) > rank(best) || (rank(s) === rank(best) && s.rowCount > best.rowCount) ? s : best), null);
  if (!source) throw new Error("the sample workbook has no source OPS can read");
  const data = await port.readSource(source.id);
  const { policy } = await port.readPolicy();
  const result = await checkCompliance(data, policy);
  return { source, data, policy, result };
}

/**
 * Presses Tab (at most `max` times) until the focused element has this accessible name (or matches `{ selector }`);
 * fails when it never does.
 */
export async function tabTo(page: Page, name: string | RegExp | { selector: string }, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (typeof name === "object" && "selector" in name) {
      if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, name.selector)) return;
      continue;
    }
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return "";
      const label = el.getAttribute("aria-label");
      if (label) return label;
      const labels = (el as HTMLInputElement).labels;
      if (labels && labels.length > 0) return [...labels].map((l) => (l.textContent ?? "").trim()).join(" ");
      const labelledBy = el.getAttribute("aria-labelledby");
      if (labelledBy) return labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
      return (el.textContent ?? "").trim();
    });
    if (typeof name === "string" ? focused === name : name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${JSON.stringify(typeof name === "object" && "selector" in name ? name : String(name))} in ${max} presses`);
}

/** What the preview exposes to tests on window.__opsPreview (the simulated workbook, read only). */
export interface PreviewHook {
  sheetNames(): string[];
  values(sheet: string, address?: string): unknown[][];
}

/** Runs `fn` against the preview's hook in the page (the function is sent as source text: no closure over test values). */
export function hookCall<T>(page: Page, fn: (h: PreviewHook) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__opsPreview)`) as Promise<T>;
}
