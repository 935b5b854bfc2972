/**
 * The Share view's controller ("Prepare for management", issue 11): the optional SharePort calls — write the OPS
 * Summary from the last check, freeze / restore / repair OPS formulas, export a PDF — with their outcomes. What the
 * port lacks is reported in `can` so the view hides it. Like usePane, text in the state is language-neutral.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { OpsMessage } from "../core/types";
import type { SummaryRequest, WorkbookPort } from "../core/workbook-port";
import { toOpsMessage } from "./errors";
import type { PaneController, PaneText } from "./usePane";

export type ShareAction = "summary" | "freeze" | "restore" | "repair" | "pdf";

export interface ShareOutcome {
  id: number;
  action: ShareAction;
  intent: "success" | "error" | "info" | "warning";
  text: PaneText;
  details: OpsMessage[];
}

export interface ShareController {
  can: Record<ShareAction, boolean>;
  busy: ShareAction | null;
  outcome: ShareOutcome | null;
  /** The last PDF: an object URL to download it from (browsers), its size. */
  pdf: { url: string; size: number } | null;
  /** The last check's data and result, when there is one (the summary needs it). */
  ready: boolean;
  prepareSummary(): Promise<void>;
  freeze(): Promise<void>;
  restore(): Promise<void>;
  repair(): Promise<void>;
  exportPdf(): Promise<void>;
}

/** Trend / market headlines for the summary, when the pane has them (filled by the trends and market views later). */
export type HeadlineSource = () => Pick<SummaryRequest, "trends" | "market">;

export function useShare(port: WorkbookPort, ctl: PaneController, headlines?: HeadlineSource): ShareController {
  const [busy, setBusy] = useState<ShareAction | null>(null);
  const [outcome, setOutcome] = useState<ShareOutcome | null>(null);
  const [pdf, setPdf] = useState<{ url: string; size: number } | null>(null);
  const alive = useRef(true);
  const ids = useRef(0);
  const pdfUrl = useRef<string | null>(null);
  useEffect(
    () => () => {
      alive.current = false;
      if (pdfUrl.current) revoke(pdfUrl.current);
    },
    [],
  );

  const done = useCallback((action: ShareAction, intent: ShareOutcome["intent"], text: PaneText, details: OpsMessage[] = []) => {
    if (!alive.current) return;
    setOutcome({ id: ++ids.current, action, intent, text, details });
  }, []);

  /** Runs one action: busy while it runs, its outcome (or its error as a catalogue message) afterwards. */
  const act = useCallback(
    async <T,>(action: ShareAction, work: () => Promise<T>, success: (v: T) => { text: PaneText; details?: OpsMessage[]; intent?: ShareOutcome["intent"] }) => {
      setBusy(action);
      setOutcome(null);
      try {
        const v = await work();
        const s = success(v);
        done(action, s.intent ?? "success", s.text, s.details ?? []);
      } catch (e) {
        done(action, "error", { msg: toOpsMessage(e) });
      } finally {
        if (alive.current) setBusy(null);
      }
    },
    [done],
  );

  const run = ctl.run;
  const ready = run.status === "done" && !!run.result && !!run.data;

  const prepareSummary = useCallback(async () => {
    if (!port.writeSummary) return;
    if (!run.result || !run.data) {
      done("summary", "info", { key: "share.summary.needCheck" });
      return;
    }
    const request: SummaryRequest = { data: run.data, result: run.result, ...(headlines?.() ?? {}) };
    const data = run.data;
    const result = run.result;
    await act(
      "summary",
      async () => {
        const o = await port.writeSummary!(request);
        // The run goes to "OPS Log" like the others; a failing log line only adds a warning to the outcome.
        const logged = await port
          .appendLog({ action: "summary", source: data.tableName ?? data.sheet, rows: result.summary.rowsChecked, breaches: result.summary.breaches, policyFingerprint: result.policyFingerprint })
          .then(() => [] as OpsMessage[])
          .catch((e: unknown) => [{ ...toOpsMessage(e), severity: "warning" as const }]);
        return { ...o, messages: [...o.messages, ...logged] };
      },
      (o) => ({ text: { key: "share.summary.done", params: { sheet: o.sheet, rows: o.rowsWritten } }, details: o.messages }),
    );
  }, [port, run.result, run.data, headlines, act, done]);

  const freeze = useCallback(async () => {
    if (!port.freezeFormulas) return;
    await act(
      "freeze",
      () => port.freezeFormulas!(),
      (o) => ({ text: { key: "share.formulas.frozen", params: { count: o.frozen, sheets: o.sheets.join(", ") || "—" } }, details: o.messages }),
    );
  }, [port, act]);

  const restore = useCallback(async () => {
    if (!port.restoreFormulas) return;
    await act(
      "restore",
      () => port.restoreFormulas!(),
      (o) => ({ text: { key: "share.formulas.restored", params: { count: o.restored, skipped: o.skipped } }, details: o.messages, intent: o.skipped > 0 ? "warning" : "success" }),
    );
  }, [port, act]);

  const repair = useCallback(async () => {
    if (!port.repairFormulas) return;
    await act(
      "repair",
      () => port.repairFormulas!(),
      (o) => ({ text: { key: "share.formulas.repaired", params: { count: o.repaired } }, details: o.messages }),
    );
  }, [port, act]);

  const exportPdf = useCallback(async () => {
    if (!port.exportPdf) return;
    await act(
      "pdf",
      () => port.exportPdf!(),
      (o) => {
        if (!o.bytes || o.bytes.length === 0) {
          const [first, ...rest] = o.messages;
          return { text: first ? { msg: first } : { key: "pdf.empty" }, details: rest, intent: "warning" };
        }
        if (pdfUrl.current) revoke(pdfUrl.current);
        const url = objectUrl(o.bytes);
        pdfUrl.current = url;
        if (alive.current) setPdf(url ? { url, size: o.bytes.length } : null);
        return { text: { key: "pdf.ready", params: { size: o.bytes.length } }, details: o.messages.filter((m) => m.code !== "pdf.ready") };
      },
    );
  }, [port, act]);

  return {
    can: {
      summary: typeof port.writeSummary === "function",
      freeze: typeof port.freezeFormulas === "function",
      restore: typeof port.restoreFormulas === "function",
      repair: typeof port.repairFormulas === "function",
      pdf: typeof port.exportPdf === "function",
    },
    busy,
    outcome,
    pdf,
    ready,
    prepareSummary,
    freeze,
    restore,
    repair,
    exportPdf,
  };
}

/** An object URL for the PDF bytes where the browser has URL.createObjectURL (else null: the message stands alone). */
function objectUrl(bytes: Uint8Array): string | null {
  if (typeof URL === "undefined" || typeof URL.createObjectURL !== "function" || typeof Blob === "undefined") return null;
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return URL.createObjectURL(new Blob([copy.buffer], { type: "application/pdf" }));
}

function revoke(url: string): void {
  if (typeof URL !== "undefined" && typeof URL.revokeObjectURL === "function") URL.revokeObjectURL(url);
}
