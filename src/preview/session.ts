/**
 * The preview's state: the simulated Excel host and the workbook in it, the WorkbookPort the pane talks to (the real
 * adapter, src/excel/workbook.ts, over the host's `run`), the language and theme, and what the page shows about the
 * workbook (name, loading, error, a version that changes after every sync so the grid redraws).
 *
 * The port is created before the workbook has loaded: its `run` waits for the workbook, so the pane can show its home
 * view at once and fill it in when the sample (or the user's file) is ready.
 */
import type { Lang } from "../core/types";
import type { RunFn } from "../excel/workbook";
import { ExcelWorkbook } from "../excel/workbook";
import { createSimHost, type SimHost } from "../sim/host";
import { SimWorkbook } from "../sim/model";

/** ExcelJS (about 1 MB) comes in its own chunk, loaded while the pane renders and the sample downloads. */
type XlsxModule = typeof import("../sim/xlsx");

export type Theme = "light" | "dark";
export type LoadState = { status: "loading" } | { status: "ready" } | { status: "error"; reason: string };

export interface PreviewState {
  lang: Lang;
  theme: Theme;
  fileName: string;
  load: LoadState;
  /** Bumped after syncs (throttled) and workbook changes: the grid redraws on it. */
  version: number;
  /** The workbook now in the host (an empty one while the first file loads). */
  workbook: SimWorkbook;
}

type Listener = () => void;

/** Sync notifications are coalesced to one redraw per this many milliseconds (a 100,000-row read syncs often). */
const REDRAW_MS = 300;

export class PreviewSession {
  readonly host: SimHost;
  port: ExcelWorkbook;
  private state: PreviewState;
  private listeners = new Set<Listener>();
  private ready!: Promise<void>;
  private markReady!: () => void;
  private redrawTimer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private readonly xlsx: Promise<XlsxModule>;

  constructor(lang: Lang, theme: Theme) {
    const empty = new SimWorkbook();
    empty.addSheet("Feuil1");
    this.xlsx = import(/* webpackChunkName: "xlsx" */ "../sim/xlsx");
    this.host = createSimHost(empty, { displayLanguage: lang === "fr" ? "fr-FR" : "en-US" });
    // The adapter and anything else reaching for the Office globals find the simulated host's: office.js is not loaded.
    this.host.installGlobals();
    this.state = { lang, theme, fileName: "", load: { status: "loading" }, version: 0, workbook: empty };
    this.resetReady();
    this.port = this.makePort();
    this.host.onSync(() => this.scheduleRedraw());
  }

  get snapshot(): PreviewState {
    return this.state;
  }

  subscribe(f: Listener): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  private set(patch: Partial<PreviewState>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((f) => f());
  }

  private resetReady(): void {
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve));
  }

  private makePort(): ExcelWorkbook {
    const run: RunFn = async (batch) => {
      await this.ready;
      return this.host.run(batch);
    };
    const port = new ExcelWorkbook(run, { lang: this.state.lang });
    port.setLanguage(this.state.lang);
    return port;
  }

  private scheduleRedraw(): void {
    if (this.redrawTimer !== null) return;
    this.redrawTimer = setTimeout(() => {
      this.redrawTimer = null;
      this.set({ version: this.state.version + 1, workbook: this.host.workbook });
    }, REDRAW_MS);
  }

  /** Redraws now (tests and the hook call it after writing through the host). */
  refresh(): void {
    this.set({ version: this.state.version + 1, workbook: this.host.workbook });
  }

  /** Opens .xlsx bytes in the host; resolves with a new port when the workbook is a new one (the pane starts afresh). */
  async open(bytes: ArrayBuffer | Uint8Array, fileName: string): Promise<ExcelWorkbook> {
    const gen = ++this.generation;
    const first = this.state.load.status === "loading" && this.state.fileName === "";
    if (!first) this.resetReady();
    this.set({ load: { status: "loading" }, fileName });
    try {
      const { loadXlsx } = await this.xlsx;
      const wb = await loadXlsx(bytes);
      if (gen !== this.generation) return this.port;
      this.host.setWorkbook(wb);
      if (!first) this.port = this.makePort();
      this.markReady();
      this.set({ load: { status: "ready" }, workbook: wb, version: this.state.version + 1 });
    } catch (e) {
      if (gen !== this.generation) return this.port;
      const reason = e instanceof Error ? e.message : String(e);
      this.set({ load: { status: "error", reason } });
      // The pane keeps working on the workbook it had (or on an empty one): its calls must not wait forever.
      this.markReady();
    }
    return this.port;
  }

  /** Starts on the empty workbook (no sample): the pane works at once. */
  startEmpty(): void {
    this.markReady();
    this.set({ load: { status: "ready" } });
  }

  /** The workbook as it is now, with what OPS wrote, as .xlsx bytes. */
  async save(): Promise<Uint8Array> {
    const { saveXlsx } = await this.xlsx;
    return saveXlsx(this.host.workbook);
  }

  setLang(lang: Lang): void {
    if (lang === this.state.lang) return;
    this.port.setLanguage(lang);
    this.set({ lang });
  }

  setTheme(theme: Theme): void {
    if (theme !== this.state.theme) this.set({ theme });
  }

  /** Resolves when the current workbook has loaded (or failed to). */
  whenReady(): Promise<void> {
    return this.ready;
  }
}

/** The name the downloaded workbook gets: "ventes.xlsx" -> "ventes-ops.xlsx". */
export function enrichedName(fileName: string): string {
  const base = (fileName || "classeur.xlsx").replace(/\.xlsx$/i, "");
  return `${base}-ops.xlsx`;
}
