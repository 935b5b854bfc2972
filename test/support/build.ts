/**
 * Builds the add-in (or the browser preview) once per set of inputs, for the tests and benches that need real bundles.
 *
 *   const { dir } = await ensureBuild({ mode: "production", env: { OPS_BASE_URL: "https://ops.example.com/addin/" } });
 *   const { dir } = await ensureBuild({ mode: "preview" });          // dist of the browser preview (production mode)
 *   const server = await serveStatic(dir); ... server.url ... await server.close();
 *
 * The build runs webpack-cli in a child process (not inside jest's module system) into
 * node_modules/.cache/ops-build/<mode>-<hash>/, where the hash covers src/, the webpack configs, manifest, assets,
 * scripts/, package-lock.json, the mode and `env`. A second call with the same inputs, in the same jest run or a later
 * one, reuses the folder; concurrent callers (jest workers) wait on a lock directory instead of building twice.
 */
import { spawn } from "child_process";
import { createHash } from "crypto";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "fs";
import { createServer } from "http";
import type { AddressInfo } from "net";
import { extname, join, normalize, relative, resolve, sep } from "path";

export const PROJECT_ROOT = resolve(__dirname, "../..");
export const BUILD_CACHE_DIR = join(PROJECT_ROOT, "node_modules", ".cache", "ops-build");

export type BuildMode = "production" | "development" | "preview";

export interface BuildOptions {
  mode: BuildMode;
  /** Environment variables for the build (e.g. OPS_BASE_URL). OPS_BASE_URL and NODE_ENV are not inherited. */
  env?: Record<string, string>;
}

export interface BuildResult {
  /** Folder holding the built files (taskpane.html, functions.js, manifest.xml... or preview.html). */
  dir: string;
  key: string;
  /** True when this call ran webpack; false when the cache served it. */
  built: boolean;
  /** Wall time of the webpack run that produced `dir`, in seconds. */
  seconds: number;
  /** webpack's output (warnings, asset table). */
  log: string;
}

const INPUTS = [
  "src",
  "assets",
  "scripts",
  "webpack.config.js",
  "webpack.preview.config.js",
  "manifest.xml",
  "package-lock.json",
  "tsconfig.json",
];

function listFiles(abs: string): string[] {
  if (!existsSync(abs)) return [];
  const st = statSync(abs);
  if (st.isFile()) return [abs];
  if (!st.isDirectory()) return [];
  return readdirSync(abs)
    .filter((n) => !n.startsWith("."))
    .sort()
    .flatMap((n) => listFiles(join(abs, n)));
}

/** Hash of every input file (path and bytes), the mode and the environment given. */
export function buildKey(opts: BuildOptions): string {
  const h = createHash("sha256");
  h.update(`mode=${opts.mode}\n`);
  const env = opts.env ?? {};
  for (const k of Object.keys(env).sort()) h.update(`env ${k}=${env[k]}\n`);
  for (const input of INPUTS) {
    for (const f of listFiles(join(PROJECT_ROOT, input))) {
      h.update(`file ${relative(PROJECT_ROOT, f).split(sep).join("/")}\n`);
      h.update(readFileSync(f));
    }
  }
  return `${opts.mode}-${h.digest("hex").slice(0, 16)}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function runWebpack(opts: BuildOptions, outDir: string): Promise<{ code: number; log: string }> {
  const cli = require.resolve("webpack-cli/bin/cli.js", { paths: [PROJECT_ROOT] });
  const config = opts.mode === "preview" ? "webpack.preview.config.js" : "webpack.config.js";
  const mode = opts.mode === "development" ? "development" : "production";
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OPS_BASE_URL;
  delete env.NODE_ENV;
  Object.assign(env, opts.env ?? {});
  const args = [cli, "--config", config, "--mode", mode, "--env", `outputPath=${outDir}`, "--no-color"];
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (d: Buffer) => (log += d.toString()));
    child.stderr.on("data", (d: Buffer) => (log += d.toString()));
    child.on("close", (code) => resolvePromise({ code: code ?? 1, log }));
    child.on("error", (e) => resolvePromise({ code: 1, log: `${log}\n${e.message}` }));
  });
}

/** Keeps the newest `keep` builds of a mode and removes the rest (the cache must not grow without end). */
function prune(mode: BuildMode, keep: number, current: string): void {
  const entries = readdirSync(BUILD_CACHE_DIR)
    .filter((n) => n.startsWith(`${mode}-`) && n.endsWith(".json"))
    .map((n) => ({ key: n.slice(0, -5), t: statSync(join(BUILD_CACHE_DIR, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const e of entries.slice(keep)) {
    if (e.key === current) continue;
    rmSync(join(BUILD_CACHE_DIR, e.key), { recursive: true, force: true });
    rmSync(join(BUILD_CACHE_DIR, `${e.key}.json`), { force: true });
  }
}

/** Builds (or reuses) the bundles for `opts`; rejects with webpack's output when the build fails. */
export async function ensureBuild(opts: BuildOptions): Promise<BuildResult> {
  mkdirSync(BUILD_CACHE_DIR, { recursive: true });
  const key = buildKey(opts);
  const dir = join(BUILD_CACHE_DIR, key);
  const info = join(BUILD_CACHE_DIR, `${key}.json`);
  const lock = join(BUILD_CACHE_DIR, `${key}.lock`);
  const cached = (): BuildResult => {
    const meta = JSON.parse(readFileSync(info, "utf8")) as { seconds: number; log: string };
    return { dir, key, built: false, seconds: meta.seconds, log: meta.log };
  };
  const deadline = Date.now() + 20 * 60 * 1000;
  for (;;) {
    if (existsSync(info) && existsSync(dir)) return cached();
    try {
      mkdirSync(lock);
      break; // we own the build
    } catch {
      // Someone else is building: wait for them, unless their lock is stale (a crashed run).
      try {
        if (Date.now() - statSync(lock).mtimeMs > 15 * 60 * 1000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* the lock went away meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`ensureBuild: gave up waiting for ${lock}`);
      await sleep(500);
    }
  }
  try {
    if (existsSync(info) && existsSync(dir)) return cached();
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    const t0 = Date.now();
    const { code, log } = await runWebpack(opts, tmp);
    const seconds = (Date.now() - t0) / 1000;
    if (code !== 0) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`webpack (${opts.mode}) failed with exit code ${code}:\n${log.slice(-6000)}`);
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    writeFileSync(
      info,
      JSON.stringify({ key, mode: opts.mode, env: opts.env ?? {}, seconds, log, date: new Date().toISOString() }),
    );
    prune(opts.mode, 3, key);
    return { dir, key, built: true, seconds, log };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Every file under `dir`, as paths relative to it with "/" separators. */
export function builtFiles(dir: string): string[] {
  return listFiles(dir).map((f) => relative(dir, f).split(sep).join("/"));
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".xml": "application/xml; charset=utf-8",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export interface StaticServer {
  /** e.g. "http://127.0.0.1:40123/" */
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` over http on 127.0.0.1 (a free port), for browser tests and benches on a built folder. */
export function serveStatic(dir: string, index = "index.html"): Promise<StaticServer> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const file = normalize(join(root, urlPath.endsWith("/") ? `${urlPath}${index}` : urlPath));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolvePromise({
        url: `http://127.0.0.1:${port}/`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
