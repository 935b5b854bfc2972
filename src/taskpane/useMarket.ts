/**
 * The Market view's controller (issue 10): the competitor table (a source of the workbook), the company's own name in
 * it (remembered in the workbook's settings), the sales ledger (the pane's selected source) and the two periods of the
 * price–volume–mix bridge; "Calculate" reads the competitor table and runs the market core (analyseMarket, pvmBridge)
 * in the pane; "Draw" writes the "OPS Market" sheet (writeMarket, progress and cancel); "Remove" deletes it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { analyseMarket, bridgePeriodsAvailable, defaultBridgePeriods, pvmBridge, type AvailablePeriod, type BridgeResult, type MarketAnalysis, type PeriodSel } from "../core/market/index";
import type { DataSet, Lang, OpsMessage, SourceInfo } from "../core/types";
import type { MarketSettings, WorkbookPort } from "../core/workbook-port";
import { isAbortError, toOpsMessage } from "./errors";
import { progressGate, type PaneController, type PaneText, type Progress } from "./usePane";

export type MarketAction = "calculate" | "draw" | "clear";

export interface MarketOutcome {
  id: number;
  action: MarketAction;
  intent: "success" | "error" | "info" | "warning";
  text: PaneText;
  details: OpsMessage[];
}

export interface MarketController {
  /** Sources that can hold the competitor table (not the ledger, no pivots). */
  tables: SourceInfo[];
  tableId: string | null;
  setTableId(id: string | null): void;
  own: string;
  setOwn(name: string): void;
  /** Competitors found in the table at the last calculation (to pick the own company from). */
  competitors: string[];
  /** The ledger (the pane's selected source) and its periods. */
  ledger: DataSet | null;
  periods: AvailablePeriod[];
  base: string;
  current: string;
  setBase(key: string): void;
  setCurrent(key: string): void;
  analysis: MarketAnalysis | null;
  bridge: BridgeResult | null;
  calculate(): Promise<void>;
  can: { draw: boolean; clear: boolean };
  busy: MarketAction | null;
  progress: Progress | null;
  outcome: MarketOutcome | null;
  draw(): Promise<void>;
  cancel(): void;
  clear(): Promise<void>;
}

export const periodKey = (p: PeriodSel): string => `${p.kind}:${p.code}`;
function parseKey(k: string): PeriodSel | null {
  const [kind, code] = k.split(":");
  return kind && code !== undefined && /^(month|quarter|year|ytd)$/.test(kind) ? { kind: kind as PeriodSel["kind"], code: Number(code) } : null;
}

/** A source that looks like a competitor table by its sheet or table name. */
const COMPETITOR_NAME = /concurr|compet|march|market|rival/i;

export function useMarket(port: WorkbookPort, ctl: PaneController, lang: Lang): MarketController {
  const ledger = ctl.dataStatus === "ready" && ctl.data && ctl.data.id === ctl.sourceId ? ctl.data : null;
  const tables = useMemo(() => ctl.sources.filter((s) => s.kind !== "pivot" && s.id !== ctl.sourceId), [ctl.sources, ctl.sourceId]);
  const [tableId, setTableId] = useState<string | null>(null);
  const [own, setOwn] = useState("");
  const [settings, setSettings] = useState<MarketSettings | null>(null);
  const [base, setBase] = useState("");
  const [current, setCurrent] = useState("");
  const [calc, setCalc] = useState<{ table: DataSet | null; ledger: DataSet | null; own: string; base: PeriodSel | null; current: PeriodSel | null } | null>(null);
  const [busy, setBusy] = useState<MarketAction | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<MarketOutcome | null>(null);
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

  // The choices remembered in the workbook.
  useEffect(() => {
    let stop = false;
    void (async () => {
      const s: MarketSettings = port.readMarketSettings ? await port.readMarketSettings().catch((): MarketSettings => ({})) : {};
      if (stop) return;
      setSettings(s);
      if (s.own) setOwn((o) => o || s.own!);
    })();
    return () => {
      stop = true;
    };
  }, [port]);

  // Default competitor table: the remembered one, else one named like it, else the first other source.
  useEffect(() => {
    if (tableId && tables.some((s) => s.id === tableId)) return;
    const remembered = settings?.marketSource && tables.find((s) => s.id === settings.marketSource);
    const named = tables.find((s) => COMPETITOR_NAME.test(`${s.sheet} ${s.tableName ?? ""}`));
    setTableId((remembered || named || tables[0])?.id ?? null);
  }, [tables, settings, tableId]);

  const periods = useMemo(() => (ledger ? bridgePeriodsAvailable(ledger) : []), [ledger]);
  useEffect(() => {
    if (!ledger) return;
    const d = defaultBridgePeriods(ledger);
    if (!d) return;
    setBase((b) => (b && periods.some((p) => periodKey(p) === b) ? b : periodKey(d.base)));
    setCurrent((c) => (c && periods.some((p) => periodKey(p) === c) ? c : periodKey(d.current)));
  }, [ledger, periods]);

  const done = useCallback((action: MarketAction, intent: MarketOutcome["intent"], text: PaneText, details: OpsMessage[] = []) => {
    if (!alive.current) return;
    setOutcome({ id: ++ids.current, action, intent, text, details });
  }, []);

  const calculate = useCallback(async () => {
    if (busy) return;
    setBusy("calculate");
    setOutcome(null);
    try {
      const table = tableId ? await port.readSource(tableId) : null;
      setCalc({ table, ledger, own: own.trim(), base: parseKey(base), current: parseKey(current) });
      const next: MarketSettings = { ...(settings ?? {}), ...(own.trim() ? { own: own.trim() } : {}), ...(tableId ? { marketSource: tableId } : {}) };
      if (port.saveMarketSettings && JSON.stringify(next) !== JSON.stringify(settings ?? {})) {
        await port.saveMarketSettings(next);
        setSettings(next);
      }
    } catch (e) {
      done("calculate", "error", { msg: toOpsMessage(e) });
    } finally {
      if (alive.current) setBusy(null);
    }
  }, [busy, tableId, port, ledger, own, base, current, settings, done]);

  // The figures in the pane's language.
  const analysis = useMemo(() => (calc?.table ? analyseMarket(calc.table, { own: calc.own || undefined, lang }) : null), [calc, lang]);
  const bridge = useMemo(() => (calc?.ledger && calc.base && calc.current ? pvmBridge(calc.ledger, { base: calc.base, current: calc.current, lang }) : null), [calc, lang]);
  const competitors = useMemo(() => [...new Set((analysis?.markets ?? []).flatMap((m) => m.competitorNames))], [analysis]);

  const draw = useCallback(async () => {
    if (!port.writeMarket || abortRef.current || !calc) return;
    const market = analysis?.ok && calc.table ? { data: calc.table, analysis } : undefined;
    const br = bridge?.ok && calc.ledger ? { data: calc.ledger, result: bridge } : undefined;
    if (!market && !br) {
      done("draw", "warning", { key: "market.view.nothingToDraw" });
      return;
    }
    const ac = new AbortController();
    abortRef.current = ac;
    setBusy("draw");
    setProgress({ done: 0, total: 0 });
    setOutcome(null);
    const gate = progressGate();
    try {
      const o = await port.writeMarket(
        { market, bridge: br },
        {
          signal: ac.signal,
          onProgress: (d, total) => {
            if (alive.current && abortRef.current === ac && gate(d, total)) setProgress({ done: d, total });
          },
        },
      );
      if (ac.signal.aborted) return;
      const shown = new Set([...(analysis?.messages ?? []), ...(bridge?.messages ?? [])].map((m) => JSON.stringify(m)));
      done("draw", "success", { key: "market.view.drawn", params: { sheet: o.sheet, rows: o.rowsWritten, charts: o.charts } }, o.messages.filter((m) => !shown.has(JSON.stringify(m))));
    } catch (e) {
      if (ac.signal.aborted) return;
      if (isAbortError(e)) done("draw", "info", { key: "market.view.cancelled" });
      else done("draw", "error", { msg: toOpsMessage(e) });
    } finally {
      if (abortRef.current === ac) {
        abortRef.current = null;
        if (alive.current) {
          setBusy(null);
          setProgress(null);
        }
      }
    }
  }, [port, calc, analysis, bridge, done]);

  const cancel = useCallback(() => {
    const ac = abortRef.current;
    if (!ac) return;
    abortRef.current = null;
    ac.abort();
    setBusy(null);
    setProgress(null);
    done("draw", "info", { key: "market.view.cancelled" });
  }, [done]);

  const clear = useCallback(async () => {
    if (!port.clearMarket || busy) return;
    setBusy("clear");
    setOutcome(null);
    try {
      const o = await port.clearMarket();
      done("clear", o.removed ? "success" : "info", { key: o.removed ? "market.view.removed" : "market.view.nothingToRemove" }, o.messages);
    } catch (e) {
      done("clear", "error", { msg: toOpsMessage(e) });
    } finally {
      if (alive.current) setBusy(null);
    }
  }, [port, busy, done]);

  return {
    tables,
    tableId,
    setTableId,
    own,
    setOwn,
    competitors,
    ledger,
    periods,
    base,
    current,
    setBase,
    setCurrent,
    analysis,
    bridge,
    calculate,
    can: { draw: typeof port.writeMarket === "function", clear: typeof port.clearMarket === "function" },
    busy,
    progress,
    outcome,
    draw,
    cancel,
    clear,
  };
}
