/**
 * The "OPS Trends" sheet as cells and native charts (issue 9), pure. Layout, top to bottom in columns A–P:
 *   title (measure, by period, by breakdown), source table, columns used, convention (a rate is Σ margin / Σ base,
 *   never an average of rates), period covered, forecast method, date of preparation;
 *   a summary table, one row per series (last value, change, YoY, trend per period, R², CAGR, next forecast,
 *   forecast over the horizon, model, MASE);
 *   the notes (messages of the computation, in the user's language);
 *   one data block per series: period, actual, moving average, trend, forecast, 80 % and 95 % bounds, change, YoY,
 *   then the three band widths the interval chart stacks on the unfilled 95 % low (the chart API has no custom
 *   error bars), and floor / target on margin-rate blocks.
 * Charts, in columns R–AB beside the blocks: (a) actual + moving average + trend + forecast over the stacked
 * interval bands; (b) margin rate with the policy's floor and target; (c) year-over-year columns; (d) with a
 * breakdown, one small chart per value on the same scale, beside its block.
 *
 * The forecast column repeats the last whole period's actual value (and its bounds equal it) so that the forecast
 * line starts where the actual line ends; a partial last period holds both its partial actual and its forecast.
 */
import { cellNumber, colLetter, SheetBuilder, type SheetModel } from "../charts/sheet-model";
import type { ChartSpec, SeriesSpec } from "../charts/spec";
import { formatMessage, t } from "../i18n";
import type { MarginBasis } from "../policy-types";
import { CHANGE_FORMAT, dateFormat, defaultCurrencyFormat, INT_FORMAT, PERCENT_FORMAT, POINTS_FORMAT } from "../share/summary";
import type { CellValue, DataSet, Lang, OpsMessage } from "../types";
import { buildTrends, lastWholeIndex, seriesName, type TrendRequest, type TrendResult, type TrendSeries } from "./index";

export const TRENDS_WIDTH = 16;
/** First chart column (R) and width in columns. */
const CHART_COL = 17;
const CHART_COLS = 10;
const CHART_ROWS = 17;
const SMALL_ROWS = 14;
const MAX_NOTES = 20;
/** Block columns. */
const C = { period: 0, actual: 1, ma: 2, trend: 3, forecast: 4, low80: 5, high80: 6, low95: 7, high95: 8, change: 9, yoy: 10, w1: 11, w2: 12, w3: 13, floor: 14, target: 15 } as const;
export const MAIN_CHART_KEY = "trends_main";
export const RATE_CHART_KEY = "trends_rate";
export const YOY_CHART_KEY = "trends_yoy";
export const smallChartKey = (i: number) => `trends_sm_${i + 1}`;

const COLORS = { actual: "#1F4E79", ma: "#7F7F7F", trend: "#ED7D31", forecast: "#2E75B6", band95: "#DDEBF7", band80: "#BDD7EE", floor: "#C00000", target: "#548235", yoyUp: "#2E75B6" };

export interface TrendsSheetInput {
  lang: Lang;
  source: Pick<DataSet, "sheet" | "tableName" | "address">;
  result: TrendResult;
  /** The total's margin rate on the policy basis, for chart (b) when the measure is not already the rate. */
  rate?: TrendResult;
  /** The policy's floor and target (fractions on `basis`), for chart (b). */
  policy?: { floor?: number; target?: number; basis: MarginBasis };
  /** The workbook's currency format (default: the measure column's format, else € in French). */
  currencyFormat?: string;
  /** Date of preparation (Excel serial). */
  preparedAt?: number;
}

/** The series a sheet needs: the request's, and the total margin rate on the policy basis when the measure is another one. */
export function trendsForSheet(data: DataSet, request: TrendRequest, basis: MarginBasis = "sales"): { result: TrendResult; rate?: TrendResult } {
  const result = buildTrends(data, { ...request, basis: request.measure === "marginRate" ? (request.basis ?? basis) : request.basis });
  if (request.measure === "marginRate" || result.series.length === 0) return { result };
  const rate = buildTrends(data, { ...request, measure: "marginRate", breakdown: undefined, basis });
  return rate.series.length > 0 ? { result, rate } : { result };
}

function sourceText(source: TrendsSheetInput["source"], lang: Lang): string {
  return source.tableName ? t("summary.sourceTable", lang, { table: source.tableName, sheet: source.sheet, address: source.address }) : t("summary.sourceRange", lang, { sheet: source.sheet, address: source.address });
}

/** The cells and charts of the "OPS Trends" sheet. */
export function trendsSheetModel(input: TrendsSheetInput): SheetModel {
  const { lang, result } = input;
  const L = (k: string, p?: Record<string, string | number>) => t(k, lang, p);
  const b = new SheetBuilder(TRENDS_WIDTH);
  const messages: OpsMessage[] = [];
  const isRate = result.measure === "marginRate";
  const currency = input.currencyFormat ?? defaultCurrencyFormat(lang);
  const valueFormat = (measure: TrendResult["measure"]) => (measure === "marginRate" ? PERCENT_FORMAT : measure === "quantity" ? INT_FORMAT : currency);
  const fmt = valueFormat(result.measure);
  const changeFmt = (r: TrendResult) => (r.changeKind === "points" ? POINTS_FORMAT : CHANGE_FORMAT);
  const changeCell = (r: TrendResult, x: number): CellValue => (Number.isFinite(x) ? (r.changeKind === "points" ? Math.round(x * 100 * 1e10) / 1e10 : x) : "");
  const measureName = L(`trends.measure.${result.measure}`);
  const basisText = L(result.basis === "cost" ? "basis.cost" : "basis.sales");
  const breakdownName = result.breakdown ? L(`pane.role.${result.breakdown}`) : undefined;
  const total = result.series[0];

  // Heading.
  b.push([breakdownName ? L("trends.sheet.titleBy", { measure: measureName, grain: L(`trends.grain.${result.period}`), breakdown: breakdownName }) : L("trends.sheet.title", { measure: measureName, grain: L(`trends.grain.${result.period}`) })], [], "title");
  b.push([L("summary.source"), sourceText(input.source, lang)], [], "subtitle");
  b.push([L("trends.sheet.columns"), L("trends.sheet.columnsText", { period: result.columns.period ?? "—", measure: result.columns.measure ?? "—" }) + (result.columns.breakdown ? ` ; ${breakdownName} : « ${result.columns.breakdown} »` : "")], [], "subtitle");
  b.push([L("trends.sheet.convention"), isRate ? L("trends.sheet.conventionRate", { basis: basisText, base: result.columns.base ?? "" }) : L("trends.sheet.conventionSum", { measure: measureName })], [], "subtitle");
  if (total) b.push([L("summary.period"), L("summary.periodRange", { from: total.labels[0], to: total.labels[total.labels.length - 1] })], [], "subtitle");
  b.push([L("trends.sheet.forecastHow"), L("trends.sheet.forecastText", { horizon: result.horizon, window: result.window })], [], "subtitle");
  if (input.preparedAt !== undefined) b.push([L("summary.prepared"), input.preparedAt], [undefined, dateFormat(lang)], "subtitle");
  b.blank();
  if (!total) {
    for (const m of result.messages) b.push([formatMessage(m, lang)], [], "note");
    return { rows: b.rows, formats: b.formats, styles: b.styles, width: TRENDS_WIDTH, widths: widths(), charts: [], messages: result.messages };
  }

  // Summary table.
  b.push([L("trends.sheet.summary")], [], "heading");
  b.push(
    [L("trends.col.series"), L("trends.col.lastPeriod"), L("trends.col.lastValue"), L(isRate ? "trends.col.changePts" : "trends.col.change"), L(isRate ? "trends.col.yoyPts" : "trends.col.yoy"), L("trends.col.slope"), "R²", L("trends.col.cagr"), L("trends.col.nextForecast"), L(isRate ? "trends.col.horizonAverage" : "trends.col.horizonSum", { horizon: result.horizon }), L("trends.col.model"), "MASE"],
    [],
    "tableHeader",
  );
  for (const s of result.series) {
    const last = lastWholeIndex(s);
    const f = s.forecast;
    const horizonValue = f ? (isRate ? f.values.reduce((a, v) => a + v, 0) / f.values.length : f.values.reduce((a, v) => a + v, 0)) : NaN;
    b.push(
      [
        seriesName(s, lang, result.othersCount),
        last >= 0 ? s.labels[last] : "",
        last >= 0 ? cellNumber(s.actual[last]) : "",
        last >= 0 ? changeCell(result, s.change[last]) : "",
        last >= 0 ? changeCell(result, s.yoy[last]) : "",
        cellNumber(s.slope),
        cellNumber(s.r2),
        cellNumber(s.cagr),
        f ? cellNumber(f.values[0]) : "",
        cellNumber(horizonValue),
        f ? L(`trends.modelName.${f.model}`, { season: f.seasonLength }) : L("trends.sheet.noForecast"),
        f ? cellNumber(f.mase) : "",
      ],
      [undefined, undefined, fmt, changeFmt(result), changeFmt(result), isRate ? POINTS_PER_PERIOD : fmt, "0.00", CHANGE_FORMAT, fmt, fmt, undefined, "0.00"],
      s.kind === "total" ? "total" : "label",
    );
  }
  // The slope of a rate is written in points per period (×100) to read as the change column.
  if (isRate) for (let r = b.rows.length - result.series.length; r < b.rows.length; r++) b.rows[r][5] = typeof b.rows[r][5] === "number" ? Math.round((b.rows[r][5] as number) * 100 * 1e10) / 1e10 : b.rows[r][5];
  b.blank();

  // Notes.
  const notes = result.messages.filter((m) => m.severity !== "info" || !m.code.startsWith("trends.model.") || m.params?.series === seriesName(total, lang));
  if (notes.length > 0) {
    b.push([L("trends.sheet.notes")], [], "heading");
    for (const m of notes.slice(0, MAX_NOTES)) b.push([formatMessage(m, lang)], [], "note");
    if (notes.length > MAX_NOTES) b.push([L("trends.sheet.moreNotes", { count: notes.length - MAX_NOTES })], [], "note");
    b.blank();
  }

  // Data blocks and charts.
  const charts: ChartSpec[] = [];
  const policy = input.policy;
  const totalBlock = writeBlock(b, result, total, seriesName(total, lang, result.othersCount), fmt, isRate ? policy : undefined, lang);
  charts.push(mainChart(totalBlock, result, measureName, fmt, lang));
  let rateBlock: Block | undefined = isRate ? totalBlock : undefined;
  if (!isRate && input.rate?.series[0]) {
    const r = input.rate;
    rateBlock = writeBlock(b, r, r.series[0], `${seriesName(r.series[0], lang)} — ${L("trends.measure.marginRate")}`, PERCENT_FORMAT, policy, lang);
  }
  let chartRow = totalBlock.top;
  chartRow += CHART_ROWS + 1;
  if (rateBlock) {
    charts.push(rateChart(rateBlock, chartRow, lang, basisText, policy));
    chartRow += CHART_ROWS + 1;
  }
  if (totalBlock.hasYoy) charts.push(yoyChart(totalBlock, chartRow, result, measureName, lang));

  const others = result.series.slice(1);
  if (others.length > 0) {
    // Same scale for every small chart: 0 (or the lowest value) to the highest actual or forecast.
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of others) {
      for (const v of s.actual) if (v === v) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      for (const v of s.forecast?.values ?? []) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    }
    const scale = niceScale(lo, hi, isRate);
    others.forEach((s, i) => {
      const name = seriesName(s, lang, result.othersCount);
      const block = writeBlock(b, result, s, name, fmt, isRate ? policy : undefined, lang);
      charts.push(smallChart(block, i, name, scale, fmt, lang));
    });
  }
  messages.push(...result.messages);
  const lastRow = Math.max(b.rows.length, ...charts.map((c) => Number(/\d+$/.exec(c.anchor.to)![0])));
  return { rows: b.rows, formats: b.formats, styles: b.styles, width: TRENDS_WIDTH, widths: widths(), printArea: `A1:${colLetter(CHART_COL + CHART_COLS - 1)}${lastRow}`, charts, messages };
}

const POINTS_PER_PERIOD = '+0.00" pts";-0.00" pts";0.00" pts"';

function widths(): number[] {
  return [150, 95, 95, 95, 95, 85, 85, 85, 85, 80, 80, 70, 70, 70, 70, 70];
}

interface Block {
  /** 1-based rows: the block's name row, first and last data rows. */
  top: number;
  first: number;
  last: number;
  /** Rows of actual periods (the last whole one) and of the first forecast row. */
  lastActualRow: number;
  hasYoy: boolean;
  hasForecast: boolean;
  hasFloor: boolean;
  hasTarget: boolean;
}

function writeBlock(b: SheetBuilder, r: TrendResult, s: TrendSeries, name: string, fmt: string, policy: TrendsSheetInput["policy"] | undefined, lang: Lang): Block {
  const L = (k: string, p?: Record<string, string | number>) => t(k, lang, p);
  const top = b.push([name], [], "heading");
  const isRate = r.measure === "marginRate";
  const chFmt = r.changeKind === "points" ? POINTS_FORMAT : CHANGE_FORMAT;
  const hasFloor = isRate && policy?.floor !== undefined && Number.isFinite(policy.floor);
  const hasTarget = isRate && policy?.target !== undefined && Number.isFinite(policy.target);
  const header: CellValue[] = [
    L("trends.col.period"),
    L("trends.col.actual"),
    L("trends.col.movingAverage", { window: r.window }),
    L("trends.col.trend"),
    L("trends.col.forecast"),
    L("trends.col.low", { level: 80 }),
    L("trends.col.high", { level: 80 }),
    L("trends.col.low", { level: 95 }),
    L("trends.col.high", { level: 95 }),
    L(isRate ? "trends.col.changePts" : "trends.col.change"),
    L(isRate ? "trends.col.yoyPts" : "trends.col.yoy"),
    L("trends.col.band", { part: "1" }),
    L("trends.col.band", { part: "2" }),
    L("trends.col.band", { part: "3" }),
    hasFloor ? L("trends.col.floor") : "",
    hasTarget ? L("trends.col.target") : "",
  ];
  b.push(header, [], "tableHeader");
  const f = s.forecast;
  const P = s.codes.length;
  const lastWhole = s.partialLast ? P - 2 : P - 1;
  // Forecast values by period code.
  const fIndex = new Map<number, number>();
  f?.codes.forEach((c, h) => fIndex.set(c, h));
  const codes = [...s.codes];
  for (const c of f?.codes ?? []) if (c > codes[codes.length - 1]) codes.push(c);
  const labelOf = (c: number, j: number) => (j < P ? s.labels[j] : f!.labels[f!.codes.indexOf(c)]);
  const ptsOrRatio = (x: number): CellValue => (Number.isFinite(x) ? (r.changeKind === "points" ? Math.round(x * 100 * 1e10) / 1e10 : x) : "");
  const first = b.next;
  let lastActualRow = first;
  let hasYoy = false;
  const rowFmt = [undefined, fmt, fmt, fmt, fmt, fmt, fmt, fmt, fmt, chFmt, chFmt, fmt, fmt, fmt, isRate ? PERCENT_FORMAT : undefined, isRate ? PERCENT_FORMAT : undefined];
  codes.forEach((c, j) => {
    const inData = j < P;
    const h = fIndex.get(c);
    const row: CellValue[] = new Array(TRENDS_WIDTH).fill("");
    let label = labelOf(c, j);
    if (inData && s.partialLast && j === P - 1) label = `${label} ${L("trends.sheet.partial")}`;
    row[C.period] = label;
    if (inData) {
      row[C.actual] = cellNumber(s.actual[j]);
      row[C.ma] = cellNumber(s.movingAverage[j]);
      row[C.change] = ptsOrRatio(s.change[j]);
      row[C.yoy] = ptsOrRatio(s.yoy[j]);
      if (row[C.yoy] !== "") hasYoy = true;
    }
    row[C.trend] = cellNumber(s.trendValues[j]);
    if (f && h !== undefined) {
      row[C.forecast] = cellNumber(f.values[h]);
      row[C.low80] = cellNumber(f.low80[h]);
      row[C.high80] = cellNumber(f.high80[h]);
      row[C.low95] = cellNumber(f.low95[h]);
      row[C.high95] = cellNumber(f.high95[h]);
      row[C.w1] = cellNumber(f.low80[h] - f.low95[h]);
      row[C.w2] = cellNumber(f.high80[h] - f.low80[h]);
      row[C.w3] = cellNumber(f.high95[h] - f.high80[h]);
    } else if (f && j === lastWhole && Number.isFinite(s.actual[j])) {
      // The forecast line starts on the last whole period's actual value.
      row[C.forecast] = s.actual[j];
      row[C.low80] = row[C.high80] = row[C.low95] = row[C.high95] = s.actual[j];
      row[C.w1] = row[C.w2] = row[C.w3] = 0;
    }
    if (hasFloor) row[C.floor] = policy!.floor!;
    if (hasTarget) row[C.target] = policy!.target!;
    const rr = b.push(row, rowFmt, inData ? "label" : "forecast");
    if (j === lastWhole) lastActualRow = rr;
  });
  const last = b.next - 1;
  b.blank();
  return { top, first, last, lastActualRow, hasYoy, hasForecast: !!f, hasFloor, hasTarget };
}

const col = (c: number, a: number, z: number) => `${colLetter(c)}${a}:${colLetter(c)}${z}`;
const anchorAt = (row: number, rows: number) => ({ from: `${colLetter(CHART_COL)}${row}`, to: `${colLetter(CHART_COL + CHART_COLS - 1)}${row + rows - 1}` });

function mainChart(k: Block, r: TrendResult, measureName: string, fmt: string, lang: Lang): ChartSpec {
  const L = (key: string, p?: Record<string, string | number>) => t(key, lang, p);
  const cats = col(C.period, k.first, k.last);
  const series: SeriesSpec[] = [];
  if (k.hasForecast) {
    series.push({ name: L("trends.col.low", { level: 95 }), values: col(C.low95, k.first, k.last), categories: cats, fill: "none", hideInLegend: true });
    series.push({ name: L("trends.chart.band95"), values: col(C.w1, k.first, k.last), categories: cats, color: COLORS.band95 });
    series.push({ name: L("trends.chart.band80"), values: col(C.w2, k.first, k.last), categories: cats, color: COLORS.band80 });
    series.push({ name: L("trends.chart.band95b"), values: col(C.w3, k.first, k.last), categories: cats, color: COLORS.band95, hideInLegend: true });
  }
  series.push({ name: L("trends.col.actual"), values: col(C.actual, k.first, k.last), categories: cats, kind: "line", color: COLORS.actual, line: { style: "continuous", weight: 2.25 }, marker: "none" });
  series.push({ name: L("trends.col.movingAverage", { window: r.window }), values: col(C.ma, k.first, k.last), categories: cats, kind: "line", color: COLORS.ma, line: { style: "continuous", weight: 1.25 }, marker: "none" });
  series.push({ name: L("trends.col.trend"), values: col(C.trend, k.first, k.last), categories: cats, kind: "line", color: COLORS.trend, line: { style: "roundDot", weight: 1.25 }, marker: "none" });
  if (k.hasForecast) series.push({ name: L("trends.col.forecast"), values: col(C.forecast, k.first, k.last), categories: cats, kind: "line", color: COLORS.forecast, line: { style: "dash", weight: 2 }, marker: "none" });
  return {
    key: MAIN_CHART_KEY,
    kind: k.hasForecast ? "areaStacked" : "line",
    title: L("trends.chart.main", { measure: measureName }),
    series: k.hasForecast ? series : series.map((s) => ({ ...s, kind: undefined })),
    anchor: anchorAt(k.top, CHART_ROWS),
    valueAxis: { numberFormat: axisFormat(fmt) },
    legend: "bottom",
  };
}

function rateChart(k: Block, row: number, lang: Lang, basisText: string, policy: TrendsSheetInput["policy"]): ChartSpec {
  const L = (key: string, p?: Record<string, string | number>) => t(key, lang, p);
  const cats = col(C.period, k.first, k.lastActualRow);
  const series: SeriesSpec[] = [{ name: L("trends.measure.marginRate"), values: col(C.actual, k.first, k.lastActualRow), categories: cats, color: COLORS.actual, line: { style: "continuous", weight: 2.25 }, marker: "circle" }];
  if (k.hasFloor) series.push({ name: L("trends.chart.floor", { value: pct(policy!.floor!, lang) }), values: col(C.floor, k.first, k.lastActualRow), categories: cats, color: COLORS.floor, line: { style: "dash", weight: 1.5 }, marker: "none" });
  if (k.hasTarget) series.push({ name: L("trends.chart.target", { value: pct(policy!.target!, lang) }), values: col(C.target, k.first, k.lastActualRow), categories: cats, color: COLORS.target, line: { style: "dash", weight: 1.5 }, marker: "none" });
  return { key: RATE_CHART_KEY, kind: "line", title: L("trends.chart.rate", { basis: basisText }), series, anchor: anchorAt(row, CHART_ROWS), valueAxis: { numberFormat: "0%" }, legend: "bottom" };
}

function yoyChart(k: Block, row: number, r: TrendResult, measureName: string, lang: Lang): ChartSpec {
  const L = (key: string, p?: Record<string, string | number>) => t(key, lang, p);
  return {
    key: YOY_CHART_KEY,
    kind: "columnClustered",
    title: L(r.changeKind === "points" ? "trends.chart.yoyPts" : "trends.chart.yoy", { measure: measureName }),
    series: [{ name: L(r.changeKind === "points" ? "trends.col.yoyPts" : "trends.col.yoy"), values: col(C.yoy, k.first, k.lastActualRow), categories: col(C.period, k.first, k.lastActualRow), color: COLORS.yoyUp }],
    anchor: anchorAt(row, CHART_ROWS),
    valueAxis: { numberFormat: r.changeKind === "points" ? '0" pts"' : "0%" },
    legend: "none",
    gapWidth: 60,
  };
}

function smallChart(k: Block, i: number, name: string, scale: { min: number; max: number }, fmt: string, lang: Lang): ChartSpec {
  const L = (key: string) => t(key, lang);
  const cats = col(C.period, k.first, k.last);
  const series: SeriesSpec[] = [{ name: L("trends.col.actual"), values: col(C.actual, k.first, k.last), categories: cats, color: COLORS.actual, line: { style: "continuous", weight: 1.75 }, marker: "none" }];
  if (k.hasForecast) series.push({ name: L("trends.col.forecast"), values: col(C.forecast, k.first, k.last), categories: cats, color: COLORS.forecast, line: { style: "dash", weight: 1.5 }, marker: "none" });
  return {
    key: smallChartKey(i),
    kind: "line",
    title: name,
    series,
    anchor: anchorAt(k.top, SMALL_ROWS),
    valueAxis: { minimum: scale.min, maximum: scale.max, numberFormat: axisFormat(fmt) },
    legend: "none",
  };
}

/** A chart axis format without decimals. */
function axisFormat(fmt: string): string {
  if (fmt === PERCENT_FORMAT) return "0%";
  return fmt.replace(/\.00/g, "");
}

function pct(x: number, lang: Lang): string {
  const v = String(Math.round(x * 1000) / 10);
  return `${lang === "fr" ? v.replace(".", ",") : v} %`;
}

/** Axis bounds shared by the small charts: from 0 (or a rounded minimum when values go below 0) to a rounded maximum. */
export function niceScale(lo: number, hi: number, rate: boolean): { min: number; max: number } {
  if (!(lo <= hi)) return { min: 0, max: 1 };
  const top = hi > 0 ? hi : 0;
  const bottom = lo < 0 || rate ? lo : 0;
  const span = top - bottom || Math.abs(top) || 1;
  const step = Math.pow(10, Math.floor(Math.log10(span))) / (rate ? 1 : 2);
  return { min: Math.floor(bottom / step) * step, max: Math.ceil(top / step) * step || step };
}
