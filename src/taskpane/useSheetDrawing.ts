/**
 * The part of the Trends and Market views that draws or removes an OPS sheet: busy state, progress (gated), the
 * outcome shown under the buttons, cancel (the late answer is ignored), and clean-up when the view goes away.
 * `prefix` names the view's catalogue keys: `${prefix}.drawn`, `.cancelled`, `.removed`, `.nothingToRemove`.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { OpsMessage, WorkOptions } from "../core/types";
import { isAbortError, toOpsMessage } from "./errors";
import { progressGate, type PaneText, type Progress } from "./usePane";

export interface DrawOutcome<A extends string> {
  id: number;
  action: A;
  intent: "success" | "error" | "info" | "warning";
  text: PaneText;
  details: OpsMessage[];
}

/** What a sheet writer answers (WorkbookPort.writeTrends / writeMarket). */
export interface DrawnSheet {
  sheet: string;
  rowsWritten: number;
  charts: number;
  messages: OpsMessage[];
}

/** A message's identity, to leave out of an outcome what the view lists already. */
export function messageKey(m: OpsMessage): string {
  return JSON.stringify([m.code, m.severity, m.params ?? null, m.location ?? null]);
}

export function useSheetDrawing<A extends string>(prefix: string) {
  const [busy, setBusy] = useState<A | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<DrawOutcome<A> | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const alive = useRef(true);
  const ids = useRef(0);
  useEffect(
    () => () => {
      alive.current = false;
      abortRef.current?.abort();
    },
    [],
  );

  const done = useCallback(
    (action: A, intent: DrawOutcome<A>["intent"], text: PaneText, details: OpsMessage[] = []) => {
      if (!alive.current) return;
      setOutcome({ id: ++ids.current, action, intent, text, details });
    },
    [],
  );

  /** Draws with progress and cancel; `shown` = the messages the view lists already (left out of the outcome). */
  const draw = useCallback(
    async (write: (options: WorkOptions) => Promise<DrawnSheet>, shown: readonly OpsMessage[]) => {
      const ac = new AbortController();
      abortRef.current = ac;
      setBusy("draw" as A);
      setProgress({ done: 0, total: 0 });
      setOutcome(null);
      const gate = progressGate();
      try {
        const o = await write({
          signal: ac.signal,
          onProgress: (d, total) => {
            if (alive.current && abortRef.current === ac && gate(d, total)) setProgress({ done: d, total });
          },
        });
        if (ac.signal.aborted) return; // cancelled: the late answer is ignored
        const keys = new Set(shown.map(messageKey));
        const extra = o.messages.filter((m) => !keys.has(messageKey(m)));
        done(
          "draw" as A,
          "success",
          { key: `${prefix}.drawn`, params: { sheet: o.sheet, rows: o.rowsWritten, charts: o.charts } },
          extra,
        );
      } catch (e) {
        if (ac.signal.aborted) return;
        if (isAbortError(e)) done("draw" as A, "info", { key: `${prefix}.cancelled` });
        else done("draw" as A, "error", { msg: toOpsMessage(e) });
      } finally {
        if (abortRef.current === ac) {
          abortRef.current = null;
          if (alive.current) {
            setBusy(null);
            setProgress(null);
          }
        }
      }
    },
    [prefix, done],
  );

  const cancel = useCallback(() => {
    const ac = abortRef.current;
    if (!ac) return;
    abortRef.current = null;
    ac.abort();
    setBusy(null);
    setProgress(null);
    done("draw" as A, "info", { key: `${prefix}.cancelled` });
  }, [prefix, done]);

  /** Removes the view's sheet (nothing when a draw or removal is under way). */
  const clear = useCallback(
    async (remove: () => Promise<{ removed: boolean; messages: OpsMessage[] }>) => {
      if (busy) return;
      setBusy("clear" as A);
      setOutcome(null);
      try {
        const o = await remove();
        done(
          "clear" as A,
          o.removed ? "success" : "info",
          { key: o.removed ? `${prefix}.removed` : `${prefix}.nothingToRemove` },
          o.messages,
        );
      } catch (e) {
        done("clear" as A, "error", { msg: toOpsMessage(e) });
      } finally {
        if (alive.current) setBusy(null);
      }
    },
    [prefix, busy, done],
  );

  return { busy, setBusy, progress, outcome, setOutcome, done, alive, drawing: abortRef, draw, cancel, clear };
}
