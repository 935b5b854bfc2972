/**
 * The Trends view's controller (issue 9): the options (measure, period, breakdown, top N, horizon), the series
 * computed in the pane with the core's buildTrends on the pane's selected source, and the optional port calls that
 * draw the "OPS Trends" sheet (writeTrends, with progress and cancel) and remove it (clearTrends). What the port
 * lacks is reported in `can` so the view hides it. Like usePane, text in the state is language-neutral; the series
 * are recomputed in the pane's language when it changes (their messages name series and periods in it).
 */
import { useCallback, useMemo, useRef, useState } from "react";
import type { Granularity } from "../core/compliance/periods";
import { seriesHeadlines } from "../core/share/headlines";
import type { Headline } from "../core/share/summary";
import { buildTrends, type TrendMeasure, type TrendRequest, type TrendResult } from "../core/trends";
import { trendsForSheet } from "../core/trends/sheet";
import type { ColumnRole, DataSet, Lang } from "../core/types";
import type { WorkbookPort } from "../core/workbook-port";
import { type PaneController, type PaneText, type Progress } from "./usePane";
import { useSheetDrawing, type DrawOutcome } from "./useSheetDrawing";

/** The roles a series can be broken down by, in the order the view offers them. */
export const TREND_BREAKDOWNS: readonly ColumnRole[] = [
  "segment",
  "product",
  "region",
  "customer",
  "channel",
  "country",
];
export const TREND_PERIODS: readonly Granularity[] = ["month", "quarter", "year"];
/** Forecast periods by default (as the core: 12 months, 4 quarters, 2 years). */
export const DEFAULT_HORIZON: Record<Granularity, number> = { month: 12, quarter: 4, year: 2 };
export const DEFAULT_TOP_N = 10;
export const MAX_TOP_N = 50;
export const MAX_HORIZON = 60;

/** The options as edited: counts as the text typed (checked before use). */
export interface TrendsOptions {
  measure: TrendMeasure;
  period: Granularity;
  /** null = the total only. */
  breakdown: ColumnRole | null;
  topN: string;
  horizon: string;
}

export type TrendsAction = "draw" | "clear";

export type TrendsOutcome = DrawOutcome<TrendsAction>;

export interface TrendsController {
  options: TrendsOptions;
  setOption<K extends keyof TrendsOptions>(key: K, value: TrendsOptions[K]): void;
  /** Problems with the typed counts (catalogue texts), by field. */
  invalid: Partial<Record<"topN" | "horizon", PaneText>>;
  /** The dimension roles the selected source has. */
  breakdowns: ColumnRole[];
  /** The selected source's DataSet, once read. */
  data: DataSet | null;
  /** The last calculation (request without the language, and its result in the pane's language). */
  request: Omit<TrendRequest, "lang"> | null;
  result: TrendResult | null;
  calculate(): void;
  can: Record<TrendsAction, boolean>;
  busy: TrendsAction | null;
  progress: Progress | null;
  outcome: TrendsOutcome | null;
  draw(): Promise<void>;
  cancel(): void;
  clear(): Promise<void>;
  /** The last calculation's headlines for the OPS Summary (the total and the first breakdown values); [] before one. */
  headlines(): Headline[];
}

function parseCount(text: string, max: number): number | undefined {
  const s = text.trim();
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= max ? n : undefined;
}

export function useTrends(port: WorkbookPort, ctl: PaneController, lang: Lang): TrendsController {
  const [options, setOptions] = useState<TrendsOptions>({
    measure: "revenue",
    period: "month",
    breakdown: null,
    topN: String(DEFAULT_TOP_N),
    horizon: String(DEFAULT_HORIZON.month),
  });
  const horizonTouched = useRef(false);
  const [calc, setCalc] = useState<{ data: DataSet; request: Omit<TrendRequest, "lang"> } | null>(null);
  const {
    busy,
    progress,
    outcome,
    drawing,
    draw: drawSheet,
    cancel,
    clear: clearSheet,
  } = useSheetDrawing<TrendsAction>("trends.view");

  const data = ctl.dataStatus === "ready" && ctl.data && ctl.data.id === ctl.sourceId ? ctl.data : null;
  const breakdowns = useMemo(() => (data ? TREND_BREAKDOWNS.filter((r) => data.roles[r] !== undefined) : []), [data]);

  const setOption = useCallback(<K extends keyof TrendsOptions>(key: K, value: TrendsOptions[K]) => {
    if (key === "horizon") horizonTouched.current = true;
    setOptions((o) => {
      const next = { ...o, [key]: value };
      // The default horizon follows the period until the user types one.
      if (key === "period" && !horizonTouched.current) next.horizon = String(DEFAULT_HORIZON[value as Granularity]);
      return next;
    });
  }, []);

  const topN = parseCount(options.topN, MAX_TOP_N);
  const horizon = parseCount(options.horizon, MAX_HORIZON);
  const invalid = useMemo(() => {
    const out: Partial<Record<"topN" | "horizon", PaneText>> = {};
    if (topN === undefined) out.topN = { key: "trends.view.badTopN", params: { max: MAX_TOP_N } };
    if (horizon === undefined) out.horizon = { key: "trends.view.badHorizon", params: { max: MAX_HORIZON } };
    return out;
  }, [topN, horizon]);

  const policy = ctl.policy.policy;
  /** The request of the current options (the rate on the policy's basis), or null when a count is not valid. */
  const currentRequest = useCallback((): Omit<TrendRequest, "lang"> | null => {
    if (topN === undefined || horizon === undefined) return null;
    const breakdown = options.breakdown && breakdowns.includes(options.breakdown) ? options.breakdown : undefined;
    return { measure: options.measure, period: options.period, breakdown, topN, horizon, basis: policy.basis };
  }, [options, breakdowns, topN, horizon, policy.basis]);

  const calculate = useCallback(() => {
    const req = currentRequest();
    if (!data || !req) return;
    setCalc({ data, request: req });
  }, [data, currentRequest]);

  // The series in the pane's language (fast: one pass over the typed columns).
  const result = useMemo(() => (calc ? buildTrends(calc.data, { ...calc.request, lang }) : null), [calc, lang]);

  const draw = useCallback(async () => {
    if (!port.writeTrends || !data || drawing.current) return;
    const req = currentRequest();
    if (!req) return;
    // What is drawn is what the view shows.
    setCalc({ data, request: req });
    const { result: r, rate } = trendsForSheet(data, { ...req, lang }, policy.basis);
    // The computation's notes are listed under the results already: the outcome adds what the workbook side says.
    await drawSheet(
      (options) =>
        port.writeTrends!(
          { data, result: r, rate, policy: { floor: policy.floor, target: policy.target, basis: policy.basis } },
          options,
        ),
      [...r.messages, ...(rate?.messages ?? [])],
    );
  }, [port, drawing, data, currentRequest, lang, policy, drawSheet]);

  const clear = useCallback(async () => {
    if (port.clearTrends) await clearSheet(() => port.clearTrends!());
  }, [port, clearSheet]);

  return {
    options,
    setOption,
    invalid,
    breakdowns,
    data,
    request: calc?.request ?? null,
    result,
    calculate,
    can: { draw: typeof port.writeTrends === "function", clear: typeof port.clearTrends === "function" },
    busy,
    progress,
    outcome,
    draw,
    cancel,
    clear,
    headlines: () => (result ? seriesHeadlines(result, lang) : []),
  };
}
