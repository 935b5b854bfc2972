/**
 * The OPS command line (issue 11): enrich an .xlsx without opening Excel, on the same adapter (ExcelWorkbook) and the
 * simulated host (src/sim loadXlsx / saveXlsx) the tests and the preview use.
 *
 *   npm run ops -- enrich IN.xlsx -o OUT.xlsx [--lang fr|en] [--policy FILE.json]
 *                 [--sheets compliance,trends,market,summary] [--own "COMPANY"] [--freeze] [--json]
 *
 * Exit codes: 0 done; 1 bad input (missing file, not an .xlsx, password-protected / encrypted, corrupt, bad policy,
 * no readable sales table, OUT not writable) with a message naming the file / sheet / cell; 2 usage (bad options,
 * OUT = IN, a sheet name not available in this version). Never a stack trace. OUT is never IN.
 * Sheet writers are a registry (SHEET_WRITERS): compliance, trends (revenue by month, by segment when there is one,
 * with the margin rate on the policy basis), market (the competitor table found among the other sources, the own
 * company remembered in the workbook, and the ledger's price–volume–mix bridge, last whole year vs the year before)
 * and summary (with the trend and market headlines).
 */
import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { checkCompliance, defaultPolicy, validatePolicy } from "../src/core/compliance";
import { formatMessage, t } from "../src/core/i18n";
import type { ComplianceResult, MarginPolicy } from "../src/core/policy-types";
import type { DataSet, Lang, OpsMessage, SourceInfo } from "../src/core/types";
import { analyseMarket, defaultBridgePeriods, pvmBridge, type BridgeResult, type MarketAnalysis } from "../src/core/market/index";
import { trendHeadlines, marketHeadlines } from "../src/core/share/headlines";
import type { TrendResult } from "../src/core/trends";
import { trendsForSheet } from "../src/core/trends/sheet";
import { WorkbookError } from "../src/core/workbook-port";
import { ExcelWorkbook } from "../src/excel/workbook";
import { createSimHost, loadXlsx, saveXlsx } from "../src/sim";
import { pickDefaultSource } from "../src/taskpane/usePane";

export interface SheetWriterInput {
  port: ExcelWorkbook;
  data: DataSet;
  result: ComplianceResult;
  policy: MarginPolicy;
  lang: Lang;
  /** The trend series and the market figures, computed once on demand (the summary's headlines use them too). */
  analyses: Analyses;
}

/** Trends by month of the revenue (by segment when there is one), with the total's margin rate on the policy basis. */
export interface Analyses {
  trends(): { result: TrendResult; rate?: TrendResult };
  market(): Promise<{ market?: { data: DataSet; analysis: MarketAnalysis }; bridge?: { data: DataSet; result: BridgeResult } }>;
}

export function analysesFor(port: ExcelWorkbook, data: DataSet, policy: MarginPolicy, lang: Lang, sources: SourceInfo[]): Analyses {
  let trends: ReturnType<Analyses["trends"]> | undefined;
  let market: Awaited<ReturnType<Analyses["market"]>> | undefined;
  return {
    trends() {
      return (trends ??= trendsForSheet(data, { measure: "revenue", breakdown: data.roles.segment !== undefined ? "segment" : undefined, lang }, policy.basis));
    },
    async market() {
      if (market) return market;
      const out: Awaited<ReturnType<Analyses["market"]>> = {};
      const periods = defaultBridgePeriods(data);
      if (periods) out.bridge = { data, result: pvmBridge(data, { ...periods, lang }) };
      // The competitor table: the first other source with a competitor column.
      const settings = await port.readMarketSettings();
      for (const s of sources) {
        if (s.id === data.id || s.kind === "pivot") continue;
        if (settings.marketSource && s.id !== settings.marketSource) continue;
        const d = await port.readSource(s.id);
        if (d.roles.competitor === undefined) continue;
        const analysis = analyseMarket(d, { own: settings.own, lang });
        if (analysis.ok) {
          out.market = { data: d, analysis };
          break;
        }
      }
      return (market = out);
    },
  };
}
/** Writes one OPS sheet; returns the sheet's name. */
export type SheetWriter = (input: SheetWriterInput) => Promise<string>;

/** The OPS sheets --sheets can name; null: not available in this version (exit 2 with a message). */
export const SHEET_WRITERS: Record<string, SheetWriter | null> = {
  compliance: async ({ port, data, result }) => {
    const out = await port.writeReport(data, result);
    await port.appendLog({ action: "report", source: data.tableName ?? data.sheet, rows: result.summary.rowsChecked, breaches: result.summary.breaches, policyFingerprint: result.policyFingerprint });
    return out.sheet;
  },
  trends: async ({ port, data, policy, analyses }) => {
    const { result, rate } = analyses.trends();
    return (await port.writeTrends({ data, result, rate, policy: { floor: policy.floor, target: policy.target, basis: policy.basis } })).sheet;
  },
  market: async ({ port, analyses }) => {
    const m = await analyses.market();
    if (!m.market && !m.bridge) throw fail(1, "share.cli.noMarket", {});
    return (await port.writeMarket(m)).sheet;
  },
  summary: async ({ port, data, result, lang, analyses }) => {
    const tr = analyses.trends();
    const m = await analyses.market();
    const market = marketHeadlines(lang, m.market?.analysis, m.bridge?.result);
    return (await port.writeSummary({ data, result, trends: trendHeadlines(tr.result, lang, tr.rate), market: market.lines.length > 0 ? market : undefined })).sheet;
  },
};

export interface EnrichOptions {
  input: string;
  output: string;
  lang: Lang;
  policyFile?: string;
  sheets: string[];
  freeze: boolean;
  /** The company's own name in the competitor table; remembered in OUT's settings. */
  own?: string;
}

export interface EnrichFigures {
  input: string;
  output: string;
  source: string;
  sheet: string;
  rows: number;
  revenue: number;
  /** Σmargin / Σrevenue (basis "sales") or Σmargin / Σcost (basis "cost"). */
  rate: number;
  basis: string;
  breaches: number;
  warnings: number;
  shortfall: number;
  sheetsWritten: string[];
  frozen: number;
  messages: string[];
  /** Milliseconds per phase. */
  timings: { load: number; read: number; check: number; write: number; save: number };
}

/** A failure with its exit code and a catalogue message. */
export class CliError extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    readonly ops: OpsMessage,
  ) {
    super(ops.code);
  }
}

const fail = (exitCode: 1 | 2, code: string, params?: Record<string, string | number>): CliError => new CliError(exitCode, { code, severity: "error", params });

/** One short line from an exception (never its stack). */
function detailOf(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return (m.split(/\r?\n/)[0] ?? "").slice(0, 200) || "?";
}

/** The bytes of IN after the checks: exists, a file, a zip (.xlsx), not an encrypted CFB container. */
function readInput(file: string): Uint8Array {
  if (!existsSync(file)) throw fail(1, "share.cli.fileNotFound", { file });
  if (!statSync(file).isFile()) throw fail(1, "share.cli.notXlsx", { file });
  const bytes = new Uint8Array(readFileSync(file));
  const cfb = bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (cfb) throw fail(1, extname(file).toLowerCase() === ".xls" ? "share.cli.notXlsx" : "share.cli.encrypted", { file });
  const zip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
  if (!zip) throw fail(1, "share.cli.notXlsx", { file });
  return bytes;
}

function readPolicyFile(file: string | undefined): MarginPolicy {
  const base = defaultPolicy();
  if (!file) return base;
  if (!existsSync(file)) throw fail(1, "share.cli.fileNotFound", { file });
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw fail(1, "share.cli.badPolicy", { file, detail: detailOf(e) });
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw fail(1, "share.cli.badPolicy", { file, detail: "JSON object expected" });
  const policy = { ...base, ...(parsed as Partial<MarginPolicy>) } as MarginPolicy;
  if (!Array.isArray(policy.rules)) policy.rules = [];
  return policy;
}

function sameFile(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      try {
        return resolve(realpathSync(dirname(p)), p.split(/[\\/]/).pop() ?? "");
      } catch {
        return resolve(p);
      }
    }
  };
  return real(a) === real(b) || resolve(a) === resolve(b);
}

/** Runs the whole enrichment; throws CliError for the user's mistakes. */
export async function enrich(o: EnrichOptions): Promise<EnrichFigures> {
  if (sameFile(o.input, o.output)) throw fail(2, "share.cli.sameFile", { file: o.output });
  for (const s of o.sheets) {
    if (!(s in SHEET_WRITERS)) throw fail(2, "share.cli.unknownSheet", { name: s, names: Object.keys(SHEET_WRITERS).join(", ") });
    if (!SHEET_WRITERS[s]) throw fail(2, "share.cli.sheetNotAvailable", { name: s });
  }
  const now = () => performance.now();
  let t0 = now();
  const bytes = readInput(o.input);
  const policy = readPolicyFile(o.policyFile);
  let wb;
  try {
    wb = await loadXlsx(bytes);
  } catch (e) {
    throw fail(1, "share.cli.corrupt", { file: o.input, detail: detailOf(e) });
  }
  const host = createSimHost(wb, { displayLanguage: o.lang === "fr" ? "fr-FR" : "en-US" });
  const port = new ExcelWorkbook(host.run, { lang: o.lang });
  const load = now() - t0;

  t0 = now();
  const sources = await port.listSources();
  const id = pickDefaultSource(sources, null);
  if (!id) throw fail(1, "share.cli.noSource", { file: o.input });
  const data = await port.readSource(id);
  const read = now() - t0;
  const roles = data.columns.map((c) => c.role).filter((r): r is NonNullable<typeof r> => !!r);
  const problems = validatePolicy(policy, roles).filter((m) => m.severity === "error");
  if (problems.length > 0) throw new CliError(1, { code: "share.cli.badPolicy", severity: "error", params: { file: o.policyFile ?? "", detail: problems.map((m) => formatMessage(m, o.lang)).join(" ") } });

  t0 = now();
  const result = await checkCompliance(data, policy);
  const check = now() - t0;

  t0 = now();
  if (o.own) await port.saveMarketSettings({ ...(await port.readMarketSettings()), own: o.own });
  const analyses = analysesFor(port, data, policy, o.lang, sources);
  const sheetsWritten: string[] = [];
  const messages: string[] = [];
  for (const s of o.sheets) {
    sheetsWritten.push(await SHEET_WRITERS[s]!({ port, data, result, policy, lang: o.lang, analyses }));
    messages.push(...port.lastMessages.map((m) => formatMessage(m, o.lang)));
  }
  let frozen = 0;
  if (o.freeze) {
    const f = await port.freezeFormulas();
    frozen = f.frozen;
    messages.push(...f.messages.filter((m) => m.code !== "share.nothingToFreeze").map((m) => formatMessage(m, o.lang)));
  }
  const write = now() - t0;

  t0 = now();
  const out = await saveXlsx(host.workbook);
  try {
    writeFileSync(o.output, out);
  } catch (e) {
    throw fail(1, "share.cli.writeFailed", { file: o.output, detail: detailOf(e) });
  }
  const save = now() - t0;

  const s = result.summary;
  return {
    input: o.input,
    output: o.output,
    source: data.tableName ?? data.sheet,
    sheet: data.sheet,
    rows: s.rowsChecked,
    revenue: s.revenueChecked,
    rate: s.overallRate,
    basis: s.basis,
    breaches: s.breaches,
    warnings: s.warnings,
    shortfall: s.totalShortfall,
    sheetsWritten,
    frozen,
    messages,
    timings: { load, read, check, write, save },
  };
}

interface Parsed {
  options?: EnrichOptions;
  json: boolean;
  help?: boolean;
}

function parseArgs(argv: string[]): Parsed {
  const args = [...argv];
  if (args.length === 0 || args[0] === "--help" || args[0] === "-h") return { json: false, help: true };
  if (args.shift() !== "enrich") throw fail(2, "share.cli.badOption", { option: argv[0] });
  let input: string | undefined;
  let output: string | undefined;
  let lang: Lang = "fr";
  let policyFile: string | undefined;
  let sheets = ["compliance"];
  let freeze = false;
  let json = false;
  let own: string | undefined;
  while (args.length > 0) {
    const a = args.shift()!;
    const value = () => {
      const v = args.shift();
      if (v === undefined || v.startsWith("--")) throw fail(2, "share.cli.badOption", { option: a });
      return v;
    };
    if (a === "-o" || a === "--output") output = value();
    else if (a === "--lang") {
      const v = value();
      if (v !== "fr" && v !== "en") throw fail(2, "share.cli.badOption", { option: `--lang ${v}` });
      lang = v;
    } else if (a === "--policy") policyFile = value();
    else if (a === "--sheets") sheets = value().split(",").map((x) => x.trim().toLowerCase()).filter(Boolean);
    else if (a === "--freeze") freeze = true;
    else if (a === "--own") own = value();
    else if (a === "--json") json = true;
    else if (!a.startsWith("-") && input === undefined) input = a;
    else throw fail(2, "share.cli.badOption", { option: a });
  }
  if (!input || !output) throw fail(2, "share.cli.badOption", { option: !input ? "IN.xlsx" : "-o OUT.xlsx" });
  return { options: { input, output, lang, policyFile, sheets, freeze, ...(own ? { own } : {}) }, json };
}

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

const processIO: CliIO = {
  out: (l) => process.stdout.write(l + "\n"),
  err: (l) => process.stderr.write(l + "\n"),
};

function langOf(argv: string[]): Lang {
  const i = argv.indexOf("--lang");
  return argv[i + 1] === "en" ? "en" : "fr";
}

/** The command line: returns the exit code; prints a one-line summary (or --json the figures). Never throws. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const lang = langOf(argv);
  let file = "";
  try {
    const parsed = parseArgs(argv);
    if (parsed.help || !parsed.options) {
      io.err(t("share.cli.usage", lang));
      return 2;
    }
    file = parsed.options.input;
    const f = await enrich(parsed.options);
    const n = new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-US", { maximumFractionDigits: 2 });
    const pct = new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-US", { style: "percent", maximumFractionDigits: 1 });
    if (parsed.json) io.out(JSON.stringify(f, null, 2));
    else {
      io.out(
        t("share.cli.summary", lang, {
          out: f.output,
          source: f.source,
          rows: n.format(f.rows),
          revenue: n.format(f.revenue),
          rate: pct.format(f.rate),
          basis: t(`basis.${f.basis}`, lang),
          breaches: n.format(f.breaches),
          shortfall: n.format(f.shortfall),
          sheets: f.sheetsWritten.join(", ") || "-",
          frozen: parsed.options.freeze ? t("share.cli.frozenPart", lang, { count: f.frozen }) : "",
        }),
      );
      for (const m of f.messages) io.out(m);
    }
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.err(formatMessage(e.ops, lang));
      if (e.exitCode === 2 && e.ops.code !== "share.cli.sameFile") io.err(t("share.cli.usage", lang));
      return e.exitCode;
    }
    const ops = e instanceof WorkbookError ? formatMessage(e.ops, lang) : detailOf(e);
    io.err(t("share.cli.failed", lang, { file, detail: ops }));
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    () => process.exit(1),
  );
}
