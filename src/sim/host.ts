/**
 * The simulated host: `run` like `Excel.run`, the workbook behind it, payload statistics, and globals (Excel, Office)
 * for the browser preview.
 */
import { DEFAULT_LIMITS, SimContext, createStats, type HostHooks, type SimLimits, type SimStats, type SyncInterceptor } from "./context";
import { SimRichApiError } from "./errors";
import { SimWorkbook } from "./model";
import { simPdf } from "./pdf";
import { makeWorkbookProxy } from "./proxies";

export interface SimHostOptions {
  /** Office display language, e.g. "fr-FR" (default "en-US"). */
  displayLanguage?: string;
  /** Office theme for the preview (`Office.context.officeTheme`). */
  officeTheme?: { bodyBackgroundColor: string; bodyForegroundColor: string; controlBackgroundColor: string; controlForegroundColor: string };
  /** Payload and size limits (defaults: Excel on the web's 5 MB request / response, 5,000,000 cells per read). */
  limits?: Partial<SimLimits>;
  /** Delay added to each sync (milliseconds), to feel a real round trip in the preview. Default 0. */
  latencyMs?: number;
  /**
   * Requirement sets reported as supported by Office.context.requirements.isSetSupported (default ExcelApi up to 1.17).
   * Versions compare part by part, as Office does: 1.9 < 1.17 (write "1.10" as a string: the number 1.10 is 1.1).
   */
  excelApiVersion?: number | string;
}

export interface SimHost {
  /** Like Excel.run: runs the batch with a new request context, then syncs what is still queued. */
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  workbook: SimWorkbook;
  stats: SimStats;
  limits: SimLimits;
  /** Test hook: called before each request; throw a SimRichApiError to fail that sync (e.g. a forced payload error). */
  intercept(f: SyncInterceptor): () => void;
  /** Called after every sync that reached the workbook (the preview grid refreshes on it). Returns an unsubscribe. */
  onSync(f: (wb: SimWorkbook) => void): () => void;
  /** Sets globalThis.Excel (run + enums), OfficeExtension (Error, ErrorCodes) and a minimal globalThis.Office for the browser preview and pane tests. */
  installGlobals(target?: object): void;
  /** Replaces the workbook behind the host (the preview's "open .xlsx"). */
  setWorkbook(wb: SimWorkbook): void;
}

export function createSimHost(workbook?: SimWorkbook, options: SimHostOptions = {}): SimHost {
  const limits: SimLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const stats = createStats();
  const hooks: HostHooks = { limits, stats, interceptors: [], afterSync: [], latencyMs: options.latencyMs ?? 0 };
  let wb = workbook ?? defaultWorkbook();

  const run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    if (typeof batch !== "function") throw new Error("not supported by the simulated host: Excel.run with objects or options (pass only the batch function)");
    const ctx = new SimContext(wb, hooks, makeWorkbookProxy);
    try {
      const result = await batch(ctx as unknown as Excel.RequestContext);
      await ctx.sync();
      return result;
    } finally {
      ctx._close();
    }
  };

  const host: SimHost = {
    run,
    get workbook() {
      return wb;
    },
    set workbook(v: SimWorkbook) {
      wb = v;
    },
    stats,
    limits,
    intercept(f) {
      hooks.interceptors.push(f);
      return () => {
        hooks.interceptors = hooks.interceptors.filter((x) => x !== f);
      };
    },
    onSync(f) {
      hooks.afterSync.push(f);
      return () => {
        hooks.afterSync = hooks.afterSync.filter((x) => x !== f);
      };
    },
    setWorkbook(v) {
      wb = v;
      hooks.afterSync.forEach((f) => f(wb));
    },
    installGlobals(target: object = globalThis) {
      const t = target as Record<string, unknown>;
      t.Excel = { ...EXCEL_ENUMS, run: (...args: unknown[]) => run(args[args.length - 1] as (c: Excel.RequestContext) => Promise<unknown>) };
      t.OfficeExtension = { Error: SimRichApiError, ErrorCodes: { ...EXCEL_ENUMS.ErrorCodes, propertyNotLoaded: "PropertyNotLoaded", invalidRequestContext: "InvalidRequestContext", invalidObjectPath: "InvalidObjectPath" } };
      const lang = options.displayLanguage ?? "en-US";
      const version = options.excelApiVersion ?? 1.17;
      const theme = options.officeTheme;
      t.Office = {
        HostType: { Excel: "Excel", Word: "Word", PowerPoint: "PowerPoint", Outlook: "Outlook", OneNote: "OneNote", Project: "Project", Access: "Access" },
        PlatformType: { PC: "PC", OfficeOnline: "OfficeOnline", Mac: "Mac", iOS: "iOS", Android: "Android", Universal: "Universal" },
        FileType: { Compressed: "compressed", Pdf: "pdf", Text: "text" },
        AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
        context: {
          // getFileAsync(Pdf) gives a simple PDF of the workbook's print areas (./pdf.ts); other types fail as on the web.
          document: { getFileAsync: (type: string, a?: unknown, b?: unknown) => getFileAsync(() => wb, type, a, b) },
          displayLanguage: lang,
          contentLanguage: lang,
          officeTheme: theme,
          host: "Excel",
          platform: "OfficeOnline",
          diagnostics: { host: "Excel", platform: "OfficeOnline", version: "16.0 (simulated)" },
          requirements: {
            isSetSupported(name: string, minVersion?: string | number) {
              if (name !== "ExcelApi" && name !== "SharedRuntime" && name !== "CustomFunctionsRuntime" && name !== "RibbonApi" && name !== "DialogApi") return false;
              if (name !== "ExcelApi") return true;
              return minVersion === undefined || compareVersions(String(minVersion), String(version)) <= 0;
            },
          },
        },
        onReady(cb?: (info: { host: string; platform: string }) => void) {
          const info = { host: "Excel", platform: "OfficeOnline" };
          cb?.(info);
          return Promise.resolve(info);
        },
        initialize: undefined,
      };
    },
  };
  return host;
}

/** Compares requirement-set versions part by part ("1.9" < "1.17"): negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map((x) => Number(x) || 0);
  const pb = b.split(".").map((x) => Number(x) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

type AsyncCb = (r: { status: string; value: unknown; error?: { code: number; name: string; message: string } }) => void;

/** Office.context.document.getFileAsync on the simulated workbook: Pdf only, in slices, one open file at a time. */
let openFile = false;
function getFileAsync(current: () => SimWorkbook, type: string, a?: unknown, b?: unknown): void {
  const cb = (typeof a === "function" ? a : b) as AsyncCb | undefined;
  const options = (typeof a === "object" && a !== null ? a : {}) as { sliceSize?: number };
  const fail = (code: number, message: string): void => {
    setTimeout(() => cb?.({ status: "failed", value: undefined, error: { code, name: "Error", message } }), 0);
  };
  if (type !== "pdf") return fail(12004, "The file type is not supported.");
  if (openFile) return fail(11003, "Only one file can be open at a time.");
  const bytes = simPdf(current());
  const sliceSize = Math.max(1, Math.min(options.sliceSize ?? 4 * 1024 * 1024, 4 * 1024 * 1024));
  const sliceCount = Math.max(1, Math.ceil(bytes.length / sliceSize));
  openFile = true;
  const file = {
    size: bytes.length,
    sliceCount,
    getSliceAsync(i: number, scb: AsyncCb) {
      setTimeout(() => {
        if (!openFile || i < 0 || i >= sliceCount) return scb({ status: "failed", value: undefined, error: { code: 5001, name: "Error", message: "Bad slice." } });
        scb({ status: "succeeded", value: { index: i, size: Math.min(sliceSize, bytes.length - i * sliceSize), data: Array.from(bytes.subarray(i * sliceSize, (i + 1) * sliceSize)) } });
      }, 0);
    },
    closeAsync(ccb?: AsyncCb) {
      openFile = false;
      setTimeout(() => ccb?.({ status: "succeeded", value: undefined }), 0);
    },
  };
  setTimeout(() => cb?.({ status: "succeeded", value: file }), 0);
}

function defaultWorkbook(): SimWorkbook {
  const wb = new SimWorkbook();
  wb.addSheet("Sheet1");
  return wb;
}

/** The Excel enums the adapter may reference at run time (values as in office.js). */
export const EXCEL_ENUMS = {
  ConditionalFormatType: {
    custom: "Custom",
    dataBar: "DataBar",
    colorScale: "ColorScale",
    iconSet: "IconSet",
    topBottom: "TopBottom",
    presetCriteria: "PresetCriteria",
    containsText: "ContainsText",
    cellValue: "CellValue",
  },
  ClearApplyTo: { all: "All", formats: "Formats", contents: "Contents", hyperlinks: "Hyperlinks", removeHyperlinks: "RemoveHyperlinks", resetContents: "ResetContents" },
  SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
  HorizontalAlignment: { general: "General", left: "Left", center: "Center", right: "Right", fill: "Fill", justify: "Justify", centerAcrossSelection: "CenterAcrossSelection", distributed: "Distributed" },
  VerticalAlignment: { top: "Top", center: "Center", bottom: "Bottom", justify: "Justify", distributed: "Distributed" },
  BorderIndex: { edgeTop: "EdgeTop", edgeBottom: "EdgeBottom", edgeLeft: "EdgeLeft", edgeRight: "EdgeRight", insideVertical: "InsideVertical", insideHorizontal: "InsideHorizontal", diagonalDown: "DiagonalDown", diagonalUp: "DiagonalUp" },
  BorderLineStyle: { none: "None", continuous: "Continuous", dash: "Dash", dashDot: "DashDot", dashDotDot: "DashDotDot", dot: "Dot", double: "Double", slantDashDot: "SlantDashDot" },
  BorderWeight: { hairline: "Hairline", thin: "Thin", medium: "Medium", thick: "Thick" },
  RangeValueType: { unknown: "Unknown", empty: "Empty", string: "String", integer: "Integer", double: "Double", boolean: "Boolean", error: "Error", richValue: "RichValue" },
  CalculationMode: { automatic: "Automatic", automaticExceptTables: "AutomaticExceptTables", manual: "Manual" },
  ErrorCodes: {
    accessDenied: "AccessDenied",
    apiNotFound: "ApiNotFound",
    conflict: "Conflict",
    generalException: "GeneralException",
    insertDeleteConflict: "InsertDeleteConflict",
    invalidArgument: "InvalidArgument",
    invalidBinding: "InvalidBinding",
    invalidOperation: "InvalidOperation",
    invalidReference: "InvalidReference",
    invalidSelection: "InvalidSelection",
    itemAlreadyExists: "ItemAlreadyExists",
    itemNotFound: "ItemNotFound",
    notImplemented: "NotImplemented",
    rangeExceedsLimit: "RangeExceedsLimit",
    requestAborted: "RequestAborted",
    requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
    responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
    unsupportedOperation: "UnsupportedOperation",
  },
};
