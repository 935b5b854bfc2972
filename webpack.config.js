/*
 * OPS webpack configuration, in the yo-office conventions (Office-Addin-TaskPane-React merged with
 * Excel-Custom-Functions-Shared): one shared runtime, one HTML page (taskpane.html) hosting the task pane, the ribbon
 * commands and the OPS.* custom functions.
 *
 *   npm run build        webpack --mode production        -> dist/ (manifest URLs rewritten to OPS_BASE_URL)
 *   npm run build:dev    webpack --mode development       -> dist/ (manifest on https://localhost:3000/)
 *   npm run dev-server   webpack serve --mode development (https://localhost:3000, office-addin-dev-certs)
 *   npm run preview      browser preview without Excel (webpack.preview.config.js / --env preview), see createPreviewConfig
 *
 * Entries are added only when their source exists, so the build works while the project is being written; a missing
 * entry is reported as a webpack warning, and test/build.test.ts insists on all three.
 */

"use strict";

const fs = require("fs");
const path = require("path");
const webpack = require("webpack");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const { DEV_BASE_URL, normaliseBaseUrl, rewriteDevUrls } = require("./scripts/manifest-urls");

const ROOT = __dirname;
const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const OFFICE_JS_CDN_ORIGIN = "https://appsforoffice.microsoft.com";
const OFFICE_JS_DIST = path.join(path.dirname(require.resolve("@microsoft/office-js/package.json")), "dist");
/** Where the local copy of office.js goes in dev and preview builds (never fetched from the internet there). */
const OFFICE_JS_LOCAL_DIR = "office-js";

const ADDIN_ENTRIES = {
  // Order matters: taskpane.html loads them in this order (functions first, so OPS.* register as early as possible).
  functions: "./src/functions/functions.ts",
  commands: "./src/commands/commands.ts",
  taskpane: "./src/taskpane/index.tsx",
};
const FUNCTIONS_SOURCE = ADDIN_ENTRIES.functions;
const FUNCTIONS_FR_PLUGIN = path.join(ROOT, "scripts", "functions-fr-plugin.js");
const PREVIEW_ENTRY = "./src/preview/index.tsx";
const PREVIEW_TEMPLATE = "./src/preview/preview.html";

/** Code that must never reach the add-in bundles (test and preview hosts). */
const NEVER_IN_ADDIN = ["src/sim/", "src/preview/"];
/** Packages that must never reach functions.js (custom functions run without the pane's UI code). */
const NEVER_IN_FUNCTIONS = /[\\/]node_modules[\\/](react|react-dom|scheduler|@fluentui|@griffel|@tanstack)[\\/]/;

const exists = (rel) => fs.existsSync(path.join(ROOT, rel));
const rel = (abs) => path.relative(ROOT, abs).split(path.sep).join("/");

/**
 * The Content-Security-Policy of the add-in's pages: its own origin only, plus Microsoft's office.js CDN in production.
 * Styles allow 'unsafe-inline' because Fluent UI v9 (Griffel) inserts its rules at run time; no script may be inline.
 */
function contentSecurityPolicy({ officeJsFromCdn }) {
  const cdn = officeJsFromCdn ? ` ${OFFICE_JS_CDN_ORIGIN}` : "";
  return [
    "default-src 'self'",
    `script-src 'self'${cdn}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join("; ");
}

/**
 * Files of @microsoft/office-js/dist copied next to the pages in dev and preview builds.
 * "preview": what office.js needs outside Office (itself and its strings); "dev": what Excel (desktop, web, Mac) loads.
 */
function officeJsCopyPatterns(kind) {
  const preview = /^(office\.js|o15apptofilemappingtable\.js|(en-us|fr-fr)[\\/]office_strings\.js)$/i;
  const dev =
    /^(office\.js|o15apptofilemappingtable\.js|custom-functions-runtime\.js|es6-promise\.js|excel-[a-z0-9.-]+\.js|[a-z]{2,3}(-[a-z0-9]+)+[\\/]office_strings\.js|telemetry[\\/].*|ariatelemetry[\\/].*|agaveerrorux[\\/].*)$/i;
  const wanted = kind === "preview" ? preview : dev;
  return [
    {
      from: "**/*",
      context: OFFICE_JS_DIST,
      to: `${OFFICE_JS_LOCAL_DIR}/[path][name][ext]`,
      globOptions: { ignore: ["**/*.debug.js", "**/*.d.ts", "**/*-vsdoc.js"] },
      info: { minimized: true }, // Microsoft's files as published: no second minification, no LICENSE extraction
      filter: (file) => wanted.test(path.relative(OFFICE_JS_DIST, file)),
    },
  ];
}

function scriptRule(dev) {
  return {
    test: /\.[jt]sx?$/,
    exclude: /node_modules/,
    use: {
      loader: "swc-loader",
      options: {
        jsc: {
          parser: { syntax: "typescript", tsx: true },
          transform: { react: { runtime: "automatic", development: dev, refresh: false } },
          target: "es2019",
        },
        sourceMaps: true,
      },
    },
  };
}

const assetRules = [
  {
    test: /\.(png|jpe?g|gif|ico|svg)$/,
    type: "asset/resource",
    generator: { filename: "assets/[name][ext]" },
  },
  {
    test: /\.xlsx$/,
    type: "asset/resource",
    generator: { filename: "samples/[name][ext]" },
  },
];

const resolve = {
  extensions: [".ts", ".tsx", ".js", ".json"],
  extensionAlias: { ".js": [".ts", ".tsx", ".js"] },
};

/** What the add-in and the preview builds share: mode, source maps, output naming, resolution, loaders. */
function baseConfig({ name, dev, entry, outputPath }) {
  return {
    name,
    mode: dev ? "development" : "production",
    devtool: "source-map",
    target: "web",
    context: ROOT,
    entry,
    output: {
      path: outputPath,
      filename: "[name].js",
      chunkFilename: "[name].[contenthash:8].js",
      publicPath: "auto",
      clean: true,
      devtoolModuleFilenameTemplate: "webpack:///[resource-path]",
    },
    resolve,
    module: { rules: [scriptRule(dev), ...assetRules] },
    performance: { hints: false },
  };
}

/** Each module's source files (concatenated modules hold several). */
function moduleResources(m) {
  if (m.modules) return [...m.modules].flatMap(moduleResources);
  return m.resource ? [m.resource.split("?")[0]] : [];
}

/**
 * Fails the build when a bundle takes code it must not: src/sim or src/preview in any add-in chunk, or React /
 * Fluent UI in functions.js. Also fails when an emitted HTML page has no Content-Security-Policy meta before its
 * first script.
 */
class OpsGuardPlugin {
  constructor({ forbidden = [], functionsChunk = null } = {}) {
    this.forbidden = forbidden;
    this.functionsChunk = functionsChunk;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("OpsGuardPlugin", (compilation) => {
      compilation.hooks.afterSeal.tap("OpsGuardPlugin", () => {
        for (const chunk of compilation.chunks) {
          for (const m of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
            for (const res of moduleResources(m)) {
              const r = rel(res);
              const bad = this.forbidden.find((prefix) => r.startsWith(prefix));
              if (bad) {
                compilation.errors.push(
                  new webpack.WebpackError(
                    `${r} is in the add-in bundle "${chunk.name}": ${bad} is for tests and the preview only`,
                  ),
                );
              }
              if (this.functionsChunk && chunk.name === this.functionsChunk && NEVER_IN_FUNCTIONS.test(res)) {
                compilation.errors.push(
                  new webpack.WebpackError(
                    `${r} is in functions.js: custom functions must not bundle React or Fluent UI`,
                  ),
                );
              }
            }
          }
        }
      });
      HtmlWebpackPlugin.getHooks(compilation).beforeEmit.tap("OpsGuardPlugin", (data) => {
        const html = data.html;
        const csp = html.search(/<meta[^>]+http-equiv=["']Content-Security-Policy["']/i);
        const script = html.search(/<script\b/i);
        if (csp < 0 || (script >= 0 && script < csp)) {
          compilation.errors.push(
            new webpack.WebpackError(
              `${data.outputName}: needs a Content-Security-Policy <meta> before its first <script>`,
            ),
          );
        }
        return data;
      });
    });
  }
}

/** A webpack warning, shown in the build output (for entries still missing, or a production build without a base URL). */
class WarnPlugin {
  constructor(messages) {
    this.messages = messages;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("WarnPlugin", (compilation) => {
      for (const m of this.messages) compilation.warnings.push(new webpack.WebpackError(m));
    });
  }
}

/** H1's FunctionsFrPlugin (functions-fr.json from the one catalogue), when scripts/functions-fr-plugin.js exists. */
function functionsFrPlugin() {
  if (!fs.existsSync(FUNCTIONS_FR_PLUGIN)) return null;
  const mod = require(FUNCTIONS_FR_PLUGIN);
  const Plugin = mod.FunctionsFrPlugin || mod.default || mod;
  // input = the English metadata asset that CustomFunctionsMetadataPlugin emits just before it.
  return new Plugin({ input: "functions.json", output: "functions-fr.json" });
}

async function getHttpsOptions() {
  const devCerts = require("office-addin-dev-certs");
  const httpsOptions = await devCerts.getHttpsServerOptions();
  return { ca: httpsOptions.ca, key: httpsOptions.key, cert: httpsOptions.cert };
}

/**
 * The add-in build.
 * @param {{ mode: "production" | "development", outputPath?: string, baseUrl?: string, serve?: boolean }} opts
 */
async function createAddinConfig(opts) {
  const dev = opts.mode !== "production";
  const warnings = [];
  const entry = {};
  for (const [name, file] of Object.entries(ADDIN_ENTRIES)) {
    if (exists(file)) entry[name] = file;
    else warnings.push(`${file} does not exist yet: ${name}.js is not built`);
  }
  let baseUrl = null;
  const rawBase = opts.baseUrl ?? process.env.OPS_BASE_URL;
  if (!dev) {
    if (rawBase && rawBase.trim() !== "") baseUrl = normaliseBaseUrl(rawBase);
    else warnings.push(`OPS_BASE_URL is not set: the built manifest.xml still points to ${DEV_BASE_URL}`);
  }
  const chunks = Object.keys(entry);
  const plugins = [];
  if (entry.functions) {
    plugins.push(new CustomFunctionsMetadataPlugin({ input: FUNCTIONS_SOURCE, output: "functions.json" }));
    const fr = functionsFrPlugin();
    if (fr) plugins.push(fr);
    else warnings.push("scripts/functions-fr-plugin.js does not exist yet: functions-fr.json is not built");
  }
  plugins.push(
    new HtmlWebpackPlugin({
      filename: "taskpane.html",
      template: "./src/taskpane/taskpane.html",
      chunks,
      chunksSortMode: "manual",
      csp: contentSecurityPolicy({ officeJsFromCdn: !dev }),
      officeJs: dev ? `${OFFICE_JS_LOCAL_DIR}/office.js` : OFFICE_JS_CDN,
    }),
    new CopyWebpackPlugin({
      patterns: [
        { from: "assets/*", to: "assets/[name][ext]" },
        {
          from: "manifest*.xml",
          to: "[name][ext]",
          transform(content) {
            return baseUrl ? rewriteDevUrls(content.toString(), baseUrl) : content;
          },
        },
        ...(dev ? officeJsCopyPatterns("dev") : []),
      ],
    }),
    new OpsGuardPlugin({ forbidden: NEVER_IN_ADDIN, functionsChunk: "functions" }),
    new WarnPlugin(warnings),
  );

  return {
    ...baseConfig({ name: "addin", dev, entry, outputPath: opts.outputPath ?? path.join(ROOT, "dist") }),
    plugins,
    // functions.js, commands.js and taskpane.js stay self-contained: no shared vendor chunk, so functions.js never
    // carries UI code and the manifest's Script URL works on its own.
    optimization: { runtimeChunk: false, splitChunks: { chunks: "async" } },
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      server: { type: "https", options: opts.serve ? await getHttpsOptions() : {} },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
      static: false,
      hot: true,
    },
  };
}

/**
 * The browser preview (issue 5): the real pane and adapter against the simulated Excel host, without Excel.
 * Expects src/preview/index.tsx (entry) and src/preview/preview.html (template: a CSP <meta> with
 * <%= htmlWebpackPlugin.options.csp %> first in <head>, then <script src="<%= htmlWebpackPlugin.options.officeJs %>">).
 * office.js comes from @microsoft/office-js, copied to office-js/. Output: dist-preview/. Served over http on localhost.
 * @param {{ mode: "production" | "development", outputPath?: string, port?: number }} opts
 */
function createPreviewConfig(opts) {
  const missing = [PREVIEW_ENTRY, PREVIEW_TEMPLATE].filter((f) => !exists(f));
  if (missing.length > 0) {
    throw new Error(`The browser preview is not there yet: ${missing.join(" and ")} missing`);
  }
  const dev = opts.mode !== "production";
  return {
    ...baseConfig({
      name: "preview",
      dev,
      entry: { preview: PREVIEW_ENTRY },
      outputPath: opts.outputPath ?? path.join(ROOT, "dist-preview"),
    }),
    plugins: [
      new HtmlWebpackPlugin({
        filename: "preview.html",
        template: PREVIEW_TEMPLATE,
        chunks: ["preview"],
        csp: contentSecurityPolicy({ officeJsFromCdn: false }),
        officeJs: `${OFFICE_JS_LOCAL_DIR}/office.js`,
      }),
      new CopyWebpackPlugin({
        patterns: [{ from: "assets/*", to: "assets/[name][ext]" }, ...officeJsCopyPatterns("preview")],
      }),
      new OpsGuardPlugin(),
    ],
    devServer: {
      host: "localhost",
      port: Number(opts.port ?? process.env.OPS_PREVIEW_PORT ?? 3001),
      server: { type: "http" },
      static: false,
      hot: false,
      liveReload: true,
      devMiddleware: { index: "preview.html" },
      client: { overlay: { warnings: false, errors: true } },
    },
  };
}

/** webpack-cli entry: `--env preview` selects the preview; `--env outputPath=... --env baseUrl=...` are optional. */
module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode === "production" ? "production" : argv.mode === "development" ? "development" : "production";
  if (env.preview) return createPreviewConfig({ mode, outputPath: env.outputPath });
  return createAddinConfig({
    mode,
    outputPath: env.outputPath,
    baseUrl: env.baseUrl,
    serve: Boolean(env.WEBPACK_SERVE),
  });
};
module.exports.createAddinConfig = createAddinConfig;
module.exports.createPreviewConfig = createPreviewConfig;
module.exports.contentSecurityPolicy = contentSecurityPolicy;
module.exports.OFFICE_JS_CDN = OFFICE_JS_CDN;
module.exports.ADDIN_ENTRIES = ADDIN_ENTRIES;
