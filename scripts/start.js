#!/usr/bin/env node
/*
 * `npm start`: run OPS where it can run.
 *   - Desktop Excel available (Windows or macOS, not CI): build, then sideload the add-in the way the yo-office
 *     templates do, with `office-addin-debugging start manifest.xml` (it starts `npm run dev-server` on
 *     https://localhost:3000 and opens Excel). `npm stop` unloads it.
 *   - Otherwise (Linux, CI, no Excel): serve the browser preview (the real pane and adapter against the simulated
 *     Excel host, see webpack.config.js createPreviewConfig) on http://localhost:3001 and print its address.
 *
 * Options:  --preview         always the browser preview          (also: OPS_START=preview, `npm run preview`)
 *           --excel [args]    always sideload into Excel; args go to office-addin-debugging (e.g. desktop | web)
 *           --port N          preview port (default OPS_PREVIEW_PORT or 3001; the next free one if taken)
 *           --dry-run         print what would be run and why, run nothing
 */

"use strict";

const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");

const ROOT = path.resolve(__dirname, "..");

/** Where desktop Excel is, or null. Windows: the App Paths registry key; macOS: the application bundle. */
function findDesktopExcel(platform = process.platform, env = process.env) {
  if (platform === "darwin") {
    const candidates = [
      "/Applications/Microsoft Excel.app",
      path.join(env.HOME || "", "Applications/Microsoft Excel.app"),
    ];
    return candidates.find((p) => fs.existsSync(p)) || null;
  }
  if (platform === "win32") {
    for (const hive of ["HKLM", "HKCU"]) {
      const key = `${hive}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\excel.exe`;
      const r = spawnSync("reg", ["query", key, "/ve"], { encoding: "utf8", windowsHide: true });
      const m = r.status === 0 && /REG_SZ\s+(.+)/.exec(r.stdout || "");
      if (m) return m[1].trim();
    }
    const roots = [env.ProgramFiles, env["ProgramFiles(x86)"]].filter(Boolean);
    for (const root of roots) {
      for (const v of ["Office16", "Office15"]) {
        const p = path.join(root, "Microsoft Office", "root", v, "EXCEL.EXE");
        if (fs.existsSync(p)) return p;
      }
    }
  }
  return null;
}

/**
 * Decides what `npm start` does. Pure apart from the Excel lookup, so it can be tested.
 * @returns {{ target: "excel" | "preview", reason: string, port: number | null, excelArgs: string[], dryRun: boolean }}
 */
function decide(argv, env = process.env, platform = process.platform, lookup = findDesktopExcel) {
  const args = [...argv];
  const dryRun = args.includes("--dry-run");
  const portAt = args.indexOf("--port");
  const port = portAt >= 0 ? Number(args[portAt + 1]) : env.OPS_PREVIEW_PORT ? Number(env.OPS_PREVIEW_PORT) : null;
  if (port !== null && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new Error(
      `--port / OPS_PREVIEW_PORT must be a port number (got ${portAt >= 0 ? args[portAt + 1] : env.OPS_PREVIEW_PORT})`,
    );
  }
  const excelAt = args.indexOf("--excel");
  // Everything after --excel goes to office-addin-debugging (e.g. `web --document <url>`), except --dry-run.
  const excelArgs = excelAt >= 0 ? args.slice(excelAt + 1).filter((a) => a !== "--dry-run") : [];
  const base = { port, excelArgs, dryRun };
  if (args.includes("--preview")) return { ...base, target: "preview", reason: "--preview was given" };
  if (excelAt >= 0) return { ...base, target: "excel", reason: "--excel was given" };
  const forced = (env.OPS_START || "").toLowerCase();
  if (forced === "preview" || forced === "excel") return { ...base, target: forced, reason: `OPS_START=${forced}` };
  if (env.CI) return { ...base, target: "preview", reason: "running in CI" };
  if (platform !== "win32" && platform !== "darwin") {
    return { ...base, target: "preview", reason: `desktop Excel does not run on ${platform}` };
  }
  const excel = lookup(platform, env);
  if (excel) return { ...base, target: "excel", reason: `desktop Excel found at ${excel}` };
  return { ...base, target: "preview", reason: "desktop Excel was not found on this machine" };
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: "inherit", shell: process.platform === "win32" });
    child.on("close", (code) => resolve(code ?? 1));
    child.on("error", () => resolve(1));
  });
}

function bin(name) {
  const file = path.join(ROOT, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);
  return fs.existsSync(file) ? file : name;
}

async function startExcel(plan) {
  console.log(`OPS: sideloading into Excel (${plan.reason}).`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  if (plan.dryRun) {
    console.log(
      `would run: ${npm} run build:dev && office-addin-debugging start manifest.xml ${plan.excelArgs.join(" ")}`.trim(),
    );
    return 0;
  }
  // Like Excel-Custom-Functions-Shared's "prestart": a dev build first, so functions.json exists for registration.
  const built = await run(npm, ["run", "build:dev"]);
  if (built !== 0) return built;
  return run(bin("office-addin-debugging"), ["start", "manifest.xml", ...plan.excelArgs]);
}

async function startPreview(plan) {
  const missing = ["src/preview/index.tsx", "src/preview/preview.html"].filter(
    (f) => !fs.existsSync(path.join(ROOT, f)),
  );
  if (missing.length > 0) {
    console.error(`OPS: the browser preview cannot start: ${missing.join(" and ")} not there yet.`);
    console.error("     With desktop Excel (Windows or macOS), `npm start -- --excel` sideloads the add-in instead.");
    return 1;
  }
  const webpack = require("webpack");
  const WebpackDevServer = require("webpack-dev-server");
  const { createPreviewConfig } = require(path.join(ROOT, "webpack.config.js"));
  const wanted = plan.port ?? 3001;
  const port = Number(await WebpackDevServer.getFreePort(wanted, "localhost"));
  const url = `http://localhost:${port}/`;
  console.log(`OPS: starting the browser preview (${plan.reason}).`);
  if (plan.dryRun) {
    console.log(`would serve the preview on ${url}`);
    return 0;
  }
  const config = createPreviewConfig({ mode: "development", port });
  config.stats = "errors-warnings"; // keep the address as the last thing printed
  const compiler = webpack(config);
  let announced = false;
  compiler.hooks.done.tap("ops-start", (stats) => {
    if (stats.hasErrors()) {
      console.error(`OPS: the preview build has errors (see above); fix them and it rebuilds by itself. ${url}`);
      return;
    }
    console.log(`\n  OPS preview${announced ? " rebuilt" : " ready"}:  ${url}\n  (Ctrl+C to stop)\n`);
    announced = true;
  });
  const server = new WebpackDevServer({ ...config.devServer, port, open: false }, compiler);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await server.start();
  return null; // keeps running
}

async function main() {
  let plan;
  try {
    plan = decide(process.argv.slice(2));
  } catch (e) {
    console.error(`OPS: ${e.message}`);
    return 2;
  }
  return plan.target === "excel" ? startExcel(plan) : startPreview(plan);
}

if (require.main === module) {
  main().then(
    (code) => {
      if (code !== null) process.exit(code);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

module.exports = { decide, findDesktopExcel };
