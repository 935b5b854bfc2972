/**
 * An in-memory WorkbookPort for the pane's component tests: configurable sources, DataSets, policy, delays and
 * errors, with every call recorded. DataSets are built with plain code here (buildDataSet / salesDataSet), not copied
 * from the reader's output. Long work can be held open (hold) so a test sees the progress bar and can cancel.
 */
import type { ComplianceResult, MarginPolicy } from "../../src/core/policy-types";
import type {
  Column,
  ColumnRole,
  DataSet,
  ExcludedRow,
  Lang,
  OpsMessage,
  RoleOverrides,
  SourceInfo,
  WorkOptions,
} from "../../src/core/types";
import {
  WorkbookError,
  type FreezeOutcome,
  type PdfExport,
  type RepairOutcome,
  type RestoreOutcome,
  type SharePort,
  type SummaryRequest,
  type TrendsWriteRequest,
  type PolicyReadResult,
  type WorkbookPort,
  type WriteOutcome,
} from "../../src/core/workbook-port";

export type PortMethod = keyof WorkbookPort;

export interface PortCall {
  method: PortMethod;
  args: unknown[];
}

/** A call held open by the test: it reports progress when told, and settles when released or failed. */
export interface HeldCall {
  readonly method: PortMethod;
  readonly args: unknown[];
  readonly options: WorkOptions | undefined;
  progress(done: number, total: number): void;
  release(): void;
  fail(err: unknown): void;
  /** True once the pane aborted the call's signal. */
  readonly aborted: boolean;
}

export interface FakePortConfig {
  lang?: Lang;
  sources?: SourceInfo[];
  /** DataSets by source id. */
  dataSets?: Record<string, DataSet>;
  policy?: PolicyReadResult;
  /** Delay in ms before each method resolves (default 0: next microtask). */
  delays?: Partial<Record<PortMethod, number>>;
  /** progress calls made by readSource / writeReport before resolving (done, total), e.g. 4 -> 1/4 .. 4/4. */
  progressSteps?: number;
  /** Errors by method: every call rejects with it (or the first n calls when `times` is set). */
  errors?: Partial<Record<PortMethod, unknown>>;
  errorTimes?: Partial<Record<PortMethod, number>>;
  /** Number of highlights clearHighlights reports. */
  highlightsToClear?: number;
  /** Name writeReport says it wrote to (default "OPS Compliance"). */
  reportSheet?: string;
  /** What `lastMessages` holds after a successful call of each method (as the Excel adapter reports extra facts). */
  lastMessages?: Partial<Record<PortMethod, OpsMessage[]>>;
}

function abortError(): Error {
  const e = new Error("Aborted");
  e.name = "AbortError";
  return e;
}

export class FakePort implements WorkbookPort {
  readonly calls: PortCall[] = [];
  readonly config: FakePortConfig;
  private holds = new Map<PortMethod, ((call: HeldCall) => void)[]>();
  private holdQueue = new Set<PortMethod>();
  private overrides = new Map<string, RoleOverrides>();
  private errorCounts = new Map<PortMethod, number>();
  writtenPolicies: MarginPolicy[] = [];
  lastMessages?: OpsMessage[];

  constructor(config: FakePortConfig = {}) {
    this.config = config;
  }

  /** Calls of one method, in order. */
  callsOf(method: PortMethod): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** The next call of `method` is held open; the promise resolves with its handle when the pane makes it. */
  hold(method: PortMethod): Promise<HeldCall> {
    this.holdQueue.add(method);
    return new Promise((resolve) => {
      const list = this.holds.get(method) ?? [];
      list.push(resolve);
      this.holds.set(method, list);
    });
  }

  setError(method: PortMethod, err: unknown, times?: number): void {
    this.config.errors = { ...this.config.errors, [method]: err };
    this.config.errorTimes = { ...this.config.errorTimes, [method]: times };
    this.errorCounts.set(method, 0);
  }

  clearError(method: PortMethod): void {
    if (this.config.errors) delete this.config.errors[method];
  }

  protected async settle<T>(
    method: PortMethod,
    args: unknown[],
    options: WorkOptions | undefined,
    value: () => T,
  ): Promise<T> {
    this.calls.push({ method, args });
    const waiters = this.holds.get(method);
    if (this.holdQueue.has(method) && waiters && waiters.length > 0) {
      const notify = waiters.shift()!;
      if (waiters.length === 0) this.holdQueue.delete(method);
      return new Promise<T>((resolve, reject) => {
        let aborted = false;
        const signal = options?.signal;
        const onAbort = () => {
          aborted = true;
          reject(abortError());
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        notify({
          method,
          args,
          options,
          progress: (done, total) => options?.onProgress?.(done, total),
          release: () => {
            signal?.removeEventListener("abort", onAbort);
            try {
              resolve(value());
            } catch (e) {
              reject(e);
            }
          },
          fail: (err) => reject(err),
          get aborted() {
            return aborted;
          },
        });
      });
    }
    const delay = this.config.delays?.[method] ?? 0;
    const steps = method === "readSource" || method === "writeReport" ? (this.config.progressSteps ?? 0) : 0;
    for (let i = 1; i <= steps; i++) {
      await wait(delay / (steps + 1));
      if (options?.signal?.aborted) throw abortError();
      options?.onProgress?.(i, steps);
    }
    await wait(steps > 0 ? delay / (steps + 1) : delay);
    if (options?.signal?.aborted) throw abortError();
    const err = this.config.errors?.[method];
    if (err !== undefined) {
      const n = (this.errorCounts.get(method) ?? 0) + 1;
      this.errorCounts.set(method, n);
      const times = this.config.errorTimes?.[method];
      if (times === undefined || n <= times) throw err;
    }
    const v = value();
    const extra = this.config.lastMessages?.[method];
    if (extra) this.lastMessages = [...extra];
    return v;
  }

  displayLanguage(): Promise<Lang> {
    return this.settle("displayLanguage", [], undefined, () => this.config.lang ?? "en");
  }

  listSources(options?: WorkOptions): Promise<SourceInfo[]> {
    return this.settle("listSources", [], options, () => [...(this.config.sources ?? [])]);
  }

  readSource(id: string, options?: WorkOptions): Promise<DataSet> {
    return this.settle("readSource", [id], options, () => {
      const ds = this.config.dataSets?.[id];
      if (!ds) throw new WorkbookError({ code: "excel.sourceNotFound", severity: "error", params: { source: id } });
      return applyOverrides(ds, this.overrides.get(id));
    });
  }

  saveRoleOverrides(id: string, overrides: RoleOverrides): Promise<void> {
    return this.settle("saveRoleOverrides", [id, overrides], undefined, () => {
      this.overrides.set(id, { ...this.overrides.get(id), ...overrides });
    });
  }

  readPolicy(): Promise<PolicyReadResult> {
    return this.settle("readPolicy", [], undefined, () => {
      const last = this.writtenPolicies[this.writtenPolicies.length - 1];
      if (last) return { policy: last, fromSheet: true, messages: [] };
      return this.config.policy ?? { policy: basicPolicy(), fromSheet: false, messages: [] };
    });
  }

  writePolicy(policy: MarginPolicy): Promise<WriteOutcome> {
    return this.settle("writePolicy", [policy], undefined, () => {
      this.writtenPolicies.push(policy);
      return { sheet: "OPS Policy", rowsWritten: policy.rules.length };
    });
  }

  writeReport(data: DataSet, result: ComplianceResult, options?: WorkOptions): Promise<WriteOutcome> {
    return this.settle("writeReport", [data, result], options, () => ({
      sheet: this.config.reportSheet ?? "OPS Compliance",
      rowsWritten: result.findings.length,
    }));
  }

  applyHighlight(data: DataSet, policy: MarginPolicy): Promise<void> {
    return this.settle("applyHighlight", [data, policy], undefined, () => undefined);
  }

  clearHighlights(): Promise<number> {
    return this.settle("clearHighlights", [], undefined, () => this.config.highlightsToClear ?? 1);
  }

  selectRow(sheet: string, row: number): Promise<void> {
    return this.settle("selectRow", [sheet, row], undefined, () => undefined);
  }

  appendLog(entry: {
    action: string;
    source?: string;
    rows?: number;
    breaches?: number;
    policyFingerprint?: string;
  }): Promise<void> {
    return this.settle("appendLog", [entry], undefined, () => undefined);
  }
}

function wait(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

/** Floor 10 %, target 20 % on sales, erosion 2 pts, monthly, no rules (written out here, not taken from the engine). */
export function basicPolicy(): MarginPolicy {
  return { basis: "sales", floor: 0.1, target: 0.2, erosionPoints: 0.02, period: "month", rules: [] };
}

/** Overrides applied as the adapter would: the role moves to the named column, with confidence 1. */
function applyOverrides(ds: DataSet, overrides: RoleOverrides | undefined): DataSet {
  if (!overrides) return ds;
  const columns = ds.columns.map((c) => {
    if (!(c.header in overrides)) return c;
    const role = overrides[c.header];
    const next: Column = { ...c, confidence: 1, roleReason: "override" };
    if (role) next.role = role;
    else delete next.role;
    return next;
  });
  const roles: DataSet["roles"] = {};
  for (const c of columns) if (c.role && roles[c.role] === undefined) roles[c.role] = c.index;
  return { ...ds, columns, roles };
}

export interface ColumnSpec {
  header: string;
  role?: ColumnRole;
  confidence?: number;
  derived?: boolean;
  /** Numbers (kind "number") or texts (kind "text"); dates as serials with kind "date". */
  values: (number | string | null)[];
  kind?: "number" | "date" | "text";
}

export interface DataSetSpec {
  id?: string;
  sheet?: string;
  tableName?: string;
  /** Sheet row of the header; data starts on the next row. */
  headerRow?: number;
  columns: ColumnSpec[];
  messages?: OpsMessage[];
  excluded?: ExcludedRow[];
  kind?: "data" | "summary";
}

/** Builds a DataSet from plain column values (the way a test writes a small table by hand). */
export function buildDataSet(spec: DataSetSpec): DataSet {
  const sheet = spec.sheet ?? "Ventes";
  const headerRow = spec.headerRow ?? 1;
  const n = spec.columns.reduce((m, c) => Math.max(m, c.values.length), 0);
  const rowNumbers = new Int32Array(n);
  for (let i = 0; i < n; i++) rowNumbers[i] = headerRow + 1 + i;
  const columns: Column[] = spec.columns.map((c, index) => {
    const kind = c.kind ?? (c.values.some((v) => typeof v === "string") ? "text" : "number");
    const col: Column = { index, header: c.header, kind };
    if (!c.derived) col.sheetColumn = index + 1;
    if (kind === "text")
      col.text = Array.from({ length: n }, (_, i) =>
        c.values[i] === null || c.values[i] === undefined ? null : String(c.values[i]),
      );
    else
      col.numbers = Float64Array.from({ length: n }, (_, i) =>
        typeof c.values[i] === "number" ? (c.values[i] as number) : NaN,
      );
    if (c.role) {
      col.role = c.role;
      col.confidence = c.confidence ?? 0.9;
      col.roleReason = "header";
    }
    if (c.derived) col.derived = true;
    return col;
  });
  const roles: DataSet["roles"] = {};
  for (const c of columns) if (c.role && roles[c.role] === undefined) roles[c.role] = c.index;
  const lastCol = String.fromCharCode(64 + Math.max(1, spec.columns.length));
  const id =
    spec.id ?? (spec.tableName ? `table:${spec.tableName}` : `sheet:${sheet}!A${headerRow}:${lastCol}${headerRow + n}`);
  return {
    id,
    sheet,
    tableName: spec.tableName,
    address: `A${headerRow}:${lastCol}${headerRow + n}`,
    headerRows: [headerRow],
    rowNumbers,
    columns,
    roles,
    excluded: spec.excluded ?? [],
    messages: spec.messages ?? [],
    kind: spec.kind ?? "data",
  };
}

export function sourceOf(ds: DataSet, kind: SourceInfo["kind"] = ds.tableName ? "table" : "range"): SourceInfo {
  return {
    id: ds.id,
    sheet: ds.sheet,
    tableName: ds.tableName,
    address: ds.address,
    rowCount: ds.rowNumbers.length,
    columnCount: ds.columns.length,
    kind,
  };
}

/**
 * A sales table of `rows` lines: product, segment, revenue, cost. Every `breachEvery`-th line has a 5 % margin
 * (below a 10 % floor), the others 30 %. Products and segments cycle through small lists.
 */
export function salesDataSet(
  rows: number,
  opts: { breachEvery?: number; tableName?: string; sheet?: string } = {},
): DataSet {
  const breachEvery = opts.breachEvery ?? 4;
  const products = ["Paseo", "Velo", "Montana", "Carretera"];
  const segments = ["Enterprise", "Government", "Midmarket"];
  const product: string[] = [];
  const segment: string[] = [];
  const revenue: number[] = [];
  const cost: number[] = [];
  for (let i = 0; i < rows; i++) {
    product.push(products[i % products.length]);
    segment.push(segments[i % segments.length]);
    const r = 1000 + 10 * i;
    revenue.push(r);
    cost.push((i + 1) % breachEvery === 0 ? r * 0.95 : r * 0.7);
  }
  return buildDataSet({
    tableName: opts.tableName ?? "Ventes",
    sheet: opts.sheet ?? "Ventes",
    columns: [
      { header: "Produit", role: "product", values: product },
      { header: "Segment", role: "segment", values: segment },
      { header: "CA HT", role: "revenue", confidence: 0.95, values: revenue },
      { header: "Coût", role: "cost", confidence: 0.6, values: cost },
    ],
  });
}

/** A port over one sales table. */
export function salesPort(rows = 12, config: FakePortConfig = {}): { port: FakePort; data: DataSet } {
  const data = salesDataSet(rows);
  const port = new FakePort({ sources: [sourceOf(data)], dataSets: { [data.id]: data }, ...config });
  return { port, data };
}

export type ShareMethod = keyof SharePort;

export interface FakeShareConfig {
  /** The optional methods this port has (default: all of them). */
  methods?: ShareMethod[];
  freeze?: FreezeOutcome;
  restore?: RestoreOutcome;
  repair?: RepairOutcome;
  pdf?: PdfExport;
  summarySheet?: string;
  summaryMessages?: OpsMessage[];
}

/**
 * A FakePort with the management pack's optional methods (SharePort), each recorded like the others. Only the methods
 * listed in `methods` exist on the instance (the others are undefined), so the pane's "only when the port has it"
 * can be tested.
 */
export class FakeSharePort extends FakePort {
  readonly share: FakeShareConfig;
  constructor(config: FakePortConfig = {}, share: FakeShareConfig = {}) {
    super(config);
    this.share = share;
    const all: ShareMethod[] = ["freezeFormulas", "restoreFormulas", "repairFormulas", "writeSummary", "exportPdf"];
    const keep = new Set(share.methods ?? all);
    for (const m of all) if (!keep.has(m)) (this as Record<string, unknown>)[m] = undefined;
  }

  freezeFormulas(options?: WorkOptions): Promise<FreezeOutcome> {
    return this.settle("freezeFormulas", [], options, () => this.share.freeze ?? { frozen: 3, sheets: ["Ventes"], messages: [] });
  }

  restoreFormulas(options?: WorkOptions): Promise<RestoreOutcome> {
    return this.settle("restoreFormulas", [], options, () => this.share.restore ?? { restored: 3, skipped: 0, messages: [] });
  }

  repairFormulas(options?: WorkOptions): Promise<RepairOutcome> {
    return this.settle("repairFormulas", [], options, () => this.share.repair ?? { repaired: 0, messages: [] });
  }

  writeSummary(input: SummaryRequest, options?: WorkOptions): Promise<WriteOutcome & { messages: OpsMessage[] }> {
    return this.settle("writeSummary", [input], options, () => ({ sheet: this.share.summarySheet ?? "OPS Summary", rowsWritten: 24, messages: this.share.summaryMessages ?? [] }));
  }

  exportPdf(): Promise<PdfExport> {
    return this.settle("exportPdf", [], undefined, () => this.share.pdf ?? { messages: [{ code: "pdf.unavailable", severity: "warning" }] });
  }
}

/** A share port over one sales table. */
export function salesSharePort(rows = 12, share: FakeShareConfig = {}, config: FakePortConfig = {}): { port: FakeSharePort; data: DataSet } {
  const data = salesDataSet(rows);
  const port = new FakeSharePort({ sources: [sourceOf(data)], dataSets: { [data.id]: data }, ...config }, share);
  return { port, data };
}

export interface FakeTrendsConfig {
  /** Whether the port has writeTrends / clearTrends (default: both). */
  methods?: ("writeTrends" | "clearTrends")[];
  /** What writeTrends reports (default: "OPS Trends", rows and charts counted from the request). */
  sheet?: string;
  charts?: number;
  messages?: OpsMessage[];
  /** What clearTrends reports (default: removed). */
  removed?: boolean;
  clearMessages?: OpsMessage[];
}

/**
 * A FakePort with writeTrends / clearTrends, recorded like the others (callsOf("writeTrends") gives [request] and
 * `trendsOptions` the WorkOptions of each call). Only the methods listed exist on the instance.
 */
export class FakeTrendsPort extends FakePort {
  readonly trends: FakeTrendsConfig;
  readonly trendsOptions: (WorkOptions | undefined)[] = [];
  constructor(config: FakePortConfig = {}, trends: FakeTrendsConfig = {}) {
    super(config);
    this.trends = trends;
    const keep = new Set(trends.methods ?? ["writeTrends", "clearTrends"]);
    for (const m of ["writeTrends", "clearTrends"] as const) if (!keep.has(m)) (this as Record<string, unknown>)[m] = undefined;
  }

  writeTrends(input: TrendsWriteRequest, options?: WorkOptions): Promise<WriteOutcome & { messages: OpsMessage[]; charts: number }> {
    this.trendsOptions.push(options);
    return this.settle("writeTrends", [input], options, () => ({
      sheet: this.trends.sheet ?? "OPS Trends",
      rowsWritten: input.result.series.reduce((n, s) => n + s.labels.length, 0),
      charts: this.trends.charts ?? input.result.series.length + (input.rate ? 2 : 1),
      messages: this.trends.messages ?? [],
    }));
  }

  clearTrends(): Promise<{ removed: boolean; messages: OpsMessage[] }> {
    return this.settle("clearTrends", [], undefined, () => ({ removed: this.trends.removed ?? true, messages: this.trends.clearMessages ?? [] }));
  }
}

/**
 * A monthly sales table over `months` months from January 2023: one line per month and product (four products,
 * two regions), a date column (Excel serials of the 15th), revenue growing with a yearly swing, cost at 70 % (80 %
 * for one product). Written out by plain arithmetic.
 */
export function monthlySalesDataSet(months = 30): DataSet {
  const products = ["Paseo", "Velo", "Montana", "Carretera"];
  const date: number[] = [];
  const product: string[] = [];
  const region: string[] = [];
  const revenue: number[] = [];
  const cost: number[] = [];
  for (let m = 0; m < months; m++) {
    const serial = Math.round((Date.UTC(2023, m, 15) - Date.UTC(1899, 11, 30)) / 86_400_000);
    products.forEach((p, k) => {
      date.push(serial);
      product.push(p);
      region.push(k % 2 === 0 ? "Nord" : "Sud");
      const r = (1000 + 200 * k) * (1 + 0.02 * m) * (1 + 0.15 * Math.sin((2 * Math.PI * m) / 12));
      revenue.push(Math.round(r * 100) / 100);
      cost.push(Math.round(r * (k === 3 ? 0.8 : 0.7) * 100) / 100);
    });
  }
  return buildDataSet({
    tableName: "Ventes",
    sheet: "Ventes",
    columns: [
      { header: "Date", role: "date", kind: "date", values: date },
      { header: "Produit", role: "product", values: product },
      { header: "Région", role: "region", values: region },
      { header: "CA HT", role: "revenue", values: revenue },
      { header: "Coût", role: "cost", values: cost },
    ],
  });
}

/** A trends port over the monthly sales table. */
export function salesTrendsPort(months = 30, trends: FakeTrendsConfig = {}, config: FakePortConfig = {}): { port: FakeTrendsPort; data: DataSet } {
  const data = monthlySalesDataSet(months);
  const port = new FakeTrendsPort({ sources: [sourceOf(data)], dataSets: { [data.id]: data }, ...config }, trends);
  return { port, data };
}
