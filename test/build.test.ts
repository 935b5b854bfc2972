/**
 * The production build, checked on its output: ONE webpack run per jest run (test/support/build.ts caches it by the
 * hash of its inputs), then every check reads the built files. On 2 cores the build takes about a minute.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { gzipSync } from "zlib";
import { JSDOM } from "jsdom";
import { DEV_BASE_URL } from "../scripts/manifest-urls";
import { type BuildResult, builtFiles, ensureBuild } from "./support/build";
import { PROJECT_ROOT, manifestProblems, validateManifestXml } from "./support/manifest";

const BASE_URL = "https://ops.example.com/addin/";
const ORIGIN = "https://ops.example.com";

let build: BuildResult;
let files: string[];
const read = (f: string) => readFileSync(join(build.dir, f), "utf8");
const readJson = <T>(f: string) => JSON.parse(read(f)) as T;

interface Metadata {
  functions: Array<{ id: string; name: string; parameters?: Array<{ name: string }> }>;
}

/** Paths of the modules a bundle holds, from its source map ("webpack:///./src/x.ts" -> "src/x.ts"). */
function bundledSources(js: string): string[] {
  const map = readJson<{ sources: string[] }>(`${js}.map`);
  return map.sources.map((s) => s.replace(/^webpack:\/\/\/(\.\/)?/, ""));
}

const UI_PACKAGES = /(^|\/)node_modules\/(react|react-dom|scheduler|@fluentui|@griffel|@tanstack)\//;
/** Strings React, ReactDOM, Fluent UI and Griffel leave in minified code. */
const UI_MARKERS = [
  /react\.element/,
  /react\.fragment/,
  /reactjs\.org/,
  /react\.dev\//,
  /__SECRET_INTERNALS/,
  /fluentui/i,
  /griffel/i,
  /data-tabster/,
];

beforeAll(
  async () => {
    build = await ensureBuild({ mode: "production", env: { OPS_BASE_URL: BASE_URL } });
    files = builtFiles(build.dir);
    console.log(
      `production build ${build.built ? `ran in ${build.seconds.toFixed(1)} s` : `reused from the cache (it took ${build.seconds.toFixed(1)} s)`}: ${build.dir}`,
    );
  },
  15 * 60 * 1000,
);

describe("production build", () => {
  it("emits the three bundles, the one page, the manifest, both metadata files and the icons", () => {
    for (const f of [
      "functions.js",
      "commands.js",
      "taskpane.js",
      "taskpane.html",
      "manifest.xml",
      "functions.json",
      "functions-fr.json",
    ]) {
      expect(files).toContain(f);
    }
    for (const size of [16, 32, 64, 80, 128]) expect(files).toContain(`assets/icon-${size}.png`);
    expect(build.log).not.toMatch(/does not exist yet/);
  });

  it("prints the sizes of the bundles", () => {
    const js = files.filter((f) => f.endsWith(".js") && !f.startsWith("office-js/"));
    const rows = js.map((f) => {
      const buf = readFileSync(join(build.dir, f));
      return { file: f, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
    });
    const total = rows.reduce((a, r) => ({ bytes: a.bytes + r.bytes, gzip: a.gzip + r.gzip }), { bytes: 0, gzip: 0 });
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      [
        ...rows.map((r) => `${r.file}: ${kb(r.bytes)} (${kb(r.gzip)} gzipped)`),
        `all bundles: ${kb(total.bytes)} (${kb(total.gzip)} gzipped)`,
      ].join("\n"),
    );
    expect(rows.find((r) => r.file === "functions.js")?.bytes).toBeGreaterThan(0);
  });

  it("serves office.js from Microsoft's CDN in production, so no local copy ships", () => {
    expect(files.some((f) => f.startsWith("office-js/"))).toBe(false);
  });
});

describe("custom functions metadata", () => {
  it("functions.json and functions-fr.json list the same ids with the same parameter counts", () => {
    const en = readJson<Metadata>("functions.json");
    const fr = readJson<Metadata>("functions-fr.json");
    expect(en.functions.length).toBeGreaterThan(0);
    expect(fr.functions.map((f) => f.id).sort()).toEqual(en.functions.map((f) => f.id).sort());
    const paramsOf = (m: Metadata) => Object.fromEntries(m.functions.map((f) => [f.id, (f.parameters ?? []).length]));
    expect(paramsOf(fr)).toEqual(paramsOf(en));
  });

  it("ids are valid custom function ids (A-Z, 0-9, _ and ., 3 characters at least, not a cell reference)", () => {
    for (const f of readJson<Metadata>("functions.json").functions) {
      expect(f.id).toMatch(/^[A-Z0-9_.]{3,}$/);
      expect(f.id).not.toMatch(/^[A-Z]{1,3}[0-9]+$/);
    }
  });

  it("functions.js associates every id of functions.json, and only those", () => {
    const ids = readJson<Metadata>("functions.json")
      .functions.map((f) => f.id)
      .sort();
    const associated = [...read("functions.js").matchAll(/CustomFunctions\.associate\("([^"]+)"/g)]
      .map((m) => m[1])
      .sort();
    expect(associated).toEqual(ids);
  });
});

describe("bundle contents", () => {
  it("functions.js holds no React or Fluent UI code", () => {
    const js = read("functions.js");
    for (const marker of UI_MARKERS) expect(js).not.toMatch(marker);
    const sources = bundledSources("functions.js");
    expect(sources.some((s) => s.startsWith("src/functions/"))).toBe(true);
    expect(sources.filter((s) => UI_PACKAGES.test(s) || s.startsWith("src/taskpane/"))).toEqual([]);
    console.log(
      `functions.js: ${(Buffer.byteLength(js) / 1024).toFixed(1)} KB, ${sources.length} modules, none from React or Fluent UI`,
    );
  });

  it("the marker check would see React if it were there (taskpane.js has it)", () => {
    const pane = read("taskpane.js");
    expect(UI_MARKERS.some((m) => m.test(pane))).toBe(true);
    expect(bundledSources("taskpane.js").some((s) => UI_PACKAGES.test(s))).toBe(true);
  });

  it("no bundle holds src/sim or src/preview code", () => {
    for (const js of files.filter((f) => f.endsWith(".js"))) {
      expect(bundledSources(js).filter((s) => s.startsWith("src/sim/") || s.startsWith("src/preview/"))).toEqual([]);
    }
  });

  it("nothing built points at the dev server", () => {
    for (const f of files.filter((x) => /\.(js|html|json)$/.test(x))) expect(read(f)).not.toContain("localhost:3000");
  });
});

describe("built manifest.xml", () => {
  it("has every https://localhost:3000/ rewritten to OPS_BASE_URL", () => {
    const source = readFileSync(join(PROJECT_ROOT, "manifest.xml"), "utf8");
    const built = read("manifest.xml");
    expect(built).not.toContain("localhost");
    expect(built.split(BASE_URL).length - 1).toBe(source.split(DEV_BASE_URL).length - 1);
    expect(built.split(BASE_URL).length - 1).toBeGreaterThan(10);
  });

  it("passes every check on the new origin, with its icons in the build", () => {
    expect(manifestProblems(read("manifest.xml"), { origin: ORIGIN, baseUrl: BASE_URL, filesRoot: build.dir })).toEqual(
      [],
    );
  });

  it("points only at files the build emitted", () => {
    const urls = [...read("manifest.xml").matchAll(/\b(?:DefaultValue|Value)="(https:\/\/[^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(10);
    for (const u of urls) {
      expect(u.startsWith(BASE_URL)).toBe(true);
      expect(files).toContain(u.slice(BASE_URL.length));
    }
  });

  it("is still valid against the XSDs", async () => {
    const r = await validateManifestXml(read("manifest.xml"));
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });
});

describe("built taskpane.html", () => {
  const doc = () => new JSDOM(read("taskpane.html")).window.document;

  it("has a Content-Security-Policy meta before any script: own origin, plus office.js's CDN for scripts only", () => {
    const d = doc();
    const meta = d.querySelector('meta[http-equiv="Content-Security-Policy"]');
    expect(meta).not.toBeNull();
    const csp = meta?.getAttribute("content") ?? "";
    const directives = Object.fromEntries(
      csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives["default-src"]).toEqual(["'self'"]);
    expect(directives["script-src"]).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(directives["connect-src"]).toEqual(["'self'"]);
    expect(directives["object-src"]).toEqual(["'none'"]);
    const external = csp.match(/https?:\/\/[^\s;]+/g) ?? [];
    expect(external).toEqual(["https://appsforoffice.microsoft.com"]);
    const all = Array.from(d.querySelectorAll("meta, script"));
    expect(all.indexOf(meta as Element)).toBeLessThan(all.findIndex((e) => e.tagName === "SCRIPT"));
  });

  it("loads office.js from the CDN first, then functions, commands and the pane, with no inline script", () => {
    const scripts = Array.from(doc().querySelectorAll("script"));
    expect(scripts.every((s) => s.getAttribute("src"))).toBe(true);
    expect(scripts.map((s) => s.getAttribute("src"))).toEqual([
      "https://appsforoffice.microsoft.com/lib/1/hosted/office.js",
      "functions.js",
      "commands.js",
      "taskpane.js",
    ]);
  });
});
