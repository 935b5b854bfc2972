/**
 * The Market view's controller (issue 10): the competitor table (a source of the workbook), the company's own name in
 * it (remembered in the workbook's settings), the sales ledger (the pane's selected source) and the two periods of the
 * price–volume–mix bridge; "Calculate" reads the competitor table and runs the market core (analyseMarket, pvmBridge)
 * in the pane; "Draw" writes the "OPS Market" sheet (writeMarket, progress and cancel); "Remove" deletes it.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import {
  analyseMarket,
  bridgePeriodsAvailable,
  defaultBridgePeriods,
  pvmBridge,
  type AvailablePeriod,
  type BridgeResult,
  type MarketAnalysis,
  type PeriodSel,
} from "../core/market/index";
import type { DataSet, Lang, SourceInfo } from "../core/types";
import type { MarketSettings, WorkbookPort } from "../core/workbook-port";
import { toOpsMessage } from "./errors";
import { type PaneController, type Progress } from "./usePane";
import { useSheetDrawing, type DrawOutcome } from "./useSheetDrawing";

export type MarketAction = "calculate" | "draw" | "clear";

export type MarketOutcome = DrawOutcome<MarketAction>;

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
  return kind && code !== undefined && /^(month|quarter|year|ytd)$/.test(kind)
    ? { kind: kind as PeriodSel["kind"], code: Number(code) }
    : null;
}

/** A source that looks like a competitor table by its sheet or table name. */
const COMPETITOR_NAME = /concurr|compet|march|market|rival/i;

export function useMarket(port: WorkbookPort, ctl: PaneController, lang: Lang): MarketController {
  const ledger = ctl.dataStatus === "ready" && ctl.data && ctl.data.id === ctl.sourceId ? ctl.data : null;
  const tables = useMemo(
    () => ctl.sources.filter((s) => s.kind !== "pivot" && s.id !== ctl.sourceId),
    [ctl.sources, ctl.sourceId],
  );
  const [tableId, setTableId] = useState<string | null>(null);
  const [own, setOwn] = useState("");
  const [settings, setSettings] = useState<MarketSettings | null>(null);
  const [base, setBase] = useState("");
  const [current, setCurrent] = useState("");
  const [calc, setCalc] = useState<{
    table: DataSet | null;
    ledger: DataSet | null;
    own: string;
    base: PeriodSel | null;
    current: PeriodSel | null;
  } | null>(null);
  const {
    busy,
    setBusy,
    progress,
    outcome,
    setOutcome,
    done,
    alive,
    drawing,
    draw: drawSheet,
    cancel,
    clear: clearSheet,
  } = useSheetDrawing<MarketAction>("market.view");

  // The choices remembered in the workbook.
  useEffect(() => {
    let stop = false;
    void (async () => {
      const s: MarketSettings = port.readMarketSettings
        ? await port.readMarketSettings().catch((): MarketSettings => ({}))
        : {};
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

  const calculate = useCallback(async () => {
    if (busy) return;
    setBusy("calculate");
    setOutcome(null);
    try {
      const table = tableId ? await port.readSource(tableId) : null;
      setCalc({ table, ledger, own: own.trim(), base: parseKey(base), current: parseKey(current) });
      const next: MarketSettings = {
        ...(settings ?? {}),
        ...(own.trim() ? { own: own.trim() } : {}),
        ...(tableId ? { marketSource: tableId } : {}),
      };
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
  const analysis = useMemo(
    () => (calc?.table ? analyseMarket(calc.table, { own: calc.own || undefined, lang }) : null),
    [calc, lang],
  );
  const bridge = useMemo(
    () =>
      calc?.ledger && calc.base && calc.current
        ? pvmBridge(calc.ledger, { base: calc.base, current: calc.current, lang })
        : null,
    [calc, lang],
  );
  const competitors = useMemo(
    () => [...new Set((analysis?.markets ?? []).flatMap((m) => m.competitorNames))],
    [analysis],
  );

  const draw = useCallback(async () => {
    if (!port.writeMarket || drawing.current || !calc) return;
    const market = analysis?.ok && calc.table ? { data: calc.table, analysis } : undefined;
    const br = bridge?.ok && calc.ledger ? { data: calc.ledger, result: bridge } : undefined;
    if (!market && !br) {
      done("draw", "warning", { key: "market.view.nothingToDraw" });
      return;
    }
    await drawSheet(
      (options) => port.writeMarket!({ market, bridge: br }, options),
      [...(analysis?.messages ?? []), ...(bridge?.messages ?? [])],
    );
  }, [port, drawing, calc, analysis, bridge, done, drawSheet]);

  const clear = useCallback(async () => {
    if (port.clearMarket) await clearSheet(() => port.clearMarket!());
  }, [port, clearSheet]);

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
