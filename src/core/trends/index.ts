/**
 * Trend series (issue 9), pure: from a DataSet, one time series per measure — revenue, cost, margin amount, margin
 * rate (Σ margin / Σ base per period, never an average of rates), quantity — by month, quarter or year, for the
 * whole table and, with a breakdown, for its top N values plus "Others". Each series carries its moving average,
 * linear trend (slope per period, R²), growth vs the previous period and vs a year before, CAGR, outliers, and a
 * Holt–Winters forecast with its 80 % and 95 % intervals (the same fit as OPS.FORECAST on the same values).
 *
 * Missing periods (no row, or no readable value) stay NaN and are named; a partial last period (the data stop
 * before its end) is shown but left out of the fits. The aggregation is one pass over the typed columns into
 * Float64Array accumulators keyed by (breakdown code, period); nothing here allocates per row.
 */
import { fitEts, forecastEts, smoothEts, etsSse, minPointsFor, type EtsFitResult } from "../forecast";
import { cagr, growthRate, linearFit, movingAverage } from "../trend";
import { foldMonth, periodStartSerial, PERIODS_PER_YEAR, type Granularity } from "../compliance/periods";
import { normKey } from "../compliance/text";
import type { MarginBasis } from "../policy-types";
import { t } from "../i18n";
import type { ColumnRole, DataSet, Lang, OpsMessage } from "../types";
import { coarser, PARTIAL_SLACK_DAYS, periodEndSerial, periodName, periodSource, rowMonths } from "./periods";

export { periodName, periodEndSerial } from "./periods";

export type TrendMeasure = "revenue" | "cost" | "margin" | "marginRate" | "quantity";
export const TREND_MEASURES: readonly TrendMeasure[] = ["revenue", "cost", "margin", "marginRate", "quantity"];

export interface TrendRequest {
  measure: TrendMeasure;
  /** Default: month, or the data's own granularity when coarser. */
  period?: Granularity;
  /** A dimension role to split by (segment, product, region...). */
  breakdown?: ColumnRole;
  /** Breakdown values kept by size (default 10); the rest are summed as "Others". */
  topN?: number;
  /** Forecast periods (default 12 months, 4 quarters, 2 years). */
  horizon?: number;
  /** Moving-average window (default 12 on 24+ months, else 3; 4 on quarters; 2 on years). */
  window?: number;
  /** Season length: undefined = detected (as OPS.FORECAST with season_length omitted), 0 = none, 2+ = given. */
  seasonLength?: number;
  /** Margin rate basis: "sales" (default, Σmargin/Σrevenue) or "cost" (Σmargin/Σcost). */
  basis?: MarginBasis;
  lang: Lang;
}

export type ForecastModel = "holtWinters" | "holt" | "level";

export interface TrendForecast {
  model: ForecastModel;
  /** 1 without a season. */
  seasonLength: number;
  seasonDetected: boolean;
  /** Period codes forecast (continuing after the last whole period). */
  codes: number[];
  labels: string[];
  values: number[];
  low80: number[];
  high80: number[];
  low95: number[];
  high95: number[];
  /** Fit quality (MASE: < 1 beats the naive forecast) and parameters. */
  mase: number;
  alpha: number;
  beta: number;
  gamma: number;
  /** The values the model was fitted on (leading and trailing missing periods left out), for checks. */
  fitted: number[];
}

export interface Outlier {
  index: number;
  label: string;
  value: number;
  expected: number;
  /** Distance from the trend in robust standard deviations (1.4826 × MAD). */
  score: number;
}

export interface TrendSeries {
  /** "total", "others" or "v:<value>". */
  key: string;
  /** The breakdown value, or "" for the total and others (see `kind`). */
  name: string;
  kind: "total" | "value" | "others";
  /** Periods, first to last, with nothing left out between. */
  codes: number[];
  labels: string[];
  /** First day of each period (Excel serial). */
  serials: number[];
  /** Σ measure per period (rate: Σ margin / Σ base); NaN = missing period. */
  actual: Float64Array;
  /** Rates: Σ margin and Σ base per period. */
  numerator?: Float64Array;
  denominator?: Float64Array;
  /** Rows counted per period. */
  rows: Int32Array;
  /** Indices of periods without any value. */
  missing: number[];
  /** True when the last period is partial (data stop before its end): shown, left out of the fits. */
  partialLast: boolean;
  movingAverage: Float64Array;
  /** Trend over the periods and the forecast horizon (NaN where not fitted). */
  trendValues: Float64Array;
  slope: number;
  r2: number;
  /** Change vs the previous period: growth ratio, or points for a rate (rate_t − rate_{t−1}). */
  change: Float64Array;
  /** Change vs the same period a year before (same convention). */
  yoy: Float64Array;
  /** Compound annual growth between the first and last whole years (NaN for rates or without two whole years). */
  cagr: number;
  outliers: Outlier[];
  forecast?: TrendForecast;
  /** Σ measure (rate: Σ margin / Σ base) over the whole series: ranks the breakdown values. */
  total: number;
  messages: OpsMessage[];
}

export interface TrendResult {
  measure: TrendMeasure;
  period: Granularity;
  basis: MarginBasis;
  breakdown?: ColumnRole;
  horizon: number;
  window: number;
  /** "change" values are points (rate) or growth ratios. */
  changeKind: "ratio" | "points";
  /** Total first, then the breakdown values by size, then "Others". */
  series: TrendSeries[];
  /** The columns used, by header (for titles and messages). */
  columns: { period?: string; measure?: string; base?: string; breakdown?: string };
  /** How many breakdown values were folded into "Others". */
  othersCount: number;
  messages: OpsMessage[];
}

const DEFAULT_TOP_N = 10;
const DEFAULT_HORIZON: Record<Granularity, number> = { month: 12, quarter: 4, year: 2 };
/** Outliers: more than this many robust standard deviations from the trend. */
export const OUTLIER_SIGMAS = 3;
const MAD_TO_SIGMA = 1.4826;
/** Fewest points for a forecast at all (a level), and for a trend in it. */
const MIN_LEVEL_POINTS = 3;
const MIN_TREND_POINTS = 5;

function defaultWindow(grain: Granularity, periods: number): number {
  if (grain === "month") return periods >= 24 ? 12 : 3;
  if (grain === "quarter") return 4;
  return 2;
}

function listText(labels: readonly string[], max = 6): string {
  return labels.length <= max ? labels.join(", ") : `${labels.slice(0, max).join(", ")}… (+${labels.length - max})`;
}

/** The series of a request (see the file header). Never throws: problems are messages, what can be computed is. */
export function buildTrends(data: DataSet, request: TrendRequest): TrendResult {
  const lang = request.lang;
  const messages: OpsMessage[] = [];
  const measure = request.measure;
  const basis: MarginBasis = request.basis ?? "sales";
  const changeKind = measure === "marginRate" ? "points" : "ratio";
  const empty = (period: Granularity): TrendResult => ({
    measure,
    period,
    basis,
    breakdown: request.breakdown,
    horizon: request.horizon ?? DEFAULT_HORIZON[period],
    window: request.window ?? defaultWindow(period, 0),
    changeKind,
    series: [],
    columns: {},
    othersCount: 0,
    messages,
  });
  const sheet = data.sheet;

  // Periods.
  const src = periodSource(data);
  if (!src) {
    messages.push({ code: "trends.noDate", severity: "error", location: { sheet } });
    return empty(request.period ?? "month");
  }
  let grain = request.period ?? "month";
  if (coarser(grain, src.finest) !== grain) {
    messages.push({ code: "trends.periodCoarser", severity: "info", params: { column: src.column.header, asked: t(`trends.grain.${grain}`, lang), used: t(`trends.grain.${src.finest}`, lang) } });
    grain = src.finest;
  }

  // Measure columns.
  const col = (role: ColumnRole) => {
    const i = data.roles[role];
    return i === undefined ? undefined : data.columns[i];
  };
  const rev = col("revenue");
  const cost = col("cost");
  const mar = col("margin");
  const qty = col("quantity");
  let num: Float64Array | undefined; // per-row numerator values (or the measure)
  let num2: Float64Array | undefined; // margin = num − num2 when there is no margin column
  let den: Float64Array | undefined; // rate base
  let measureHeader: string | undefined;
  let baseHeader: string | undefined;
  const missingRole = (role: ColumnRole) => {
    messages.push({ code: "trends.noMeasure", severity: "error", params: { measure: t(`trends.measure.${measure}`, lang), role: t(`pane.role.${role}`, lang) }, location: { sheet } });
  };
  switch (measure) {
    case "revenue":
      if (!rev?.numbers) return missingRole("revenue"), empty(grain);
      num = rev.numbers;
      measureHeader = rev.header;
      break;
    case "quantity":
      if (!qty?.numbers) return missingRole("quantity"), empty(grain);
      num = qty.numbers;
      measureHeader = qty.header;
      break;
    case "cost":
      if (cost?.numbers) {
        num = cost.numbers;
        measureHeader = cost.header;
      } else if (rev?.numbers && mar?.numbers) {
        num = rev.numbers;
        num2 = mar.numbers;
        measureHeader = `${rev.header} − ${mar.header}`;
      } else return missingRole("cost"), empty(grain);
      break;
    case "margin":
    case "marginRate":
      if (mar?.numbers) {
        num = mar.numbers;
        measureHeader = mar.header;
      } else if (rev?.numbers && cost?.numbers) {
        num = rev.numbers;
        num2 = cost.numbers;
        measureHeader = `${rev.header} − ${cost.header}`;
      } else return missingRole(mar ? "revenue" : "margin"), empty(grain);
      if (measure === "marginRate") {
        if (basis === "sales") {
          if (!rev?.numbers) return missingRole("revenue"), empty(grain);
          den = rev.numbers;
          baseHeader = rev.header;
        } else if (cost?.numbers) {
          den = cost.numbers;
          baseHeader = cost.header;
        } else if (rev?.numbers && mar?.numbers) {
          // cost = revenue − margin, computed per row below
          den = rev.numbers;
          baseHeader = `${rev.header} − ${mar.header}`;
        } else return missingRole("cost"), empty(grain);
      }
      break;
  }
  const costFromRevenue = measure === "marginRate" && basis === "cost" && !cost?.numbers;
  // For "cost" measured as revenue − margin: num − num2 is the cost too.

  // Breakdown codes.
  let codes: Int32Array | undefined;
  let labels: string[] = [];
  let breakdownHeader: string | undefined;
  if (request.breakdown) {
    const bc = col(request.breakdown);
    if (!bc || bc.kind !== "text") {
      messages.push({ code: "trends.noBreakdown", severity: "warning", params: { role: t(`pane.role.${request.breakdown}`, lang) }, location: { sheet } });
    } else {
      breakdownHeader = bc.header;
      if (bc.codes && bc.labels) {
        codes = bc.codes;
        labels = bc.labels;
      } else {
        const text = bc.text!;
        const byKey = new Map<string, number>();
        labels = [""];
        codes = new Int32Array(text.length);
        for (let i = 0; i < text.length; i++) {
          const s = text[i];
          if (!s) continue;
          const k = normKey(s);
          let c = byKey.get(k);
          if (c === undefined) {
            c = labels.length;
            byKey.set(k, c);
            labels.push(s);
          }
          codes[i] = c;
        }
      }
    }
  }

  // Row periods, then the period range.
  const { months, lastCovered } = rowMonths(src);
  const n = months.length;
  const pcode = new Int32Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  let unreadable = 0;
  const unreadableRows: number[] = [];
  for (let i = 0; i < n; i++) {
    const mi = months[i];
    if (mi !== mi) {
      pcode[i] = -1;
      unreadable++;
      if (unreadableRows.length < 5) unreadableRows.push(data.rowNumbers[i]);
      continue;
    }
    const p = grain === "month" ? mi : grain === "quarter" ? Math.floor(mi / 3) : Math.floor(mi / 12);
    pcode[i] = p;
    if (p < lo) lo = p;
    if (p > hi) hi = p;
  }
  if (unreadable > 0) {
    messages.push({
      code: "trends.datesUnreadable",
      severity: "warning",
      params: { column: src.column.header, count: unreadable, rows: unreadableRows.join(", ") },
      location: { sheet, row: unreadableRows[0], column: src.column.sheetColumn },
    });
  }
  if (!(lo <= hi)) {
    messages.push({ code: "trends.noPeriods", severity: "error", params: { column: src.column.header }, location: { sheet, column: src.column.sheetColumn } });
    return empty(grain);
  }
  const P = hi - lo + 1;
  const nCodes = codes ? labels.length : 1;
  // Accumulators [code × P]: Σ numerator, Σ denominator, rows.
  const accN = new Float64Array(nCodes * P);
  const accD = den ? new Float64Array(nCodes * P) : undefined;
  const accC = new Int32Array(nCodes * P);
  for (let i = 0; i < n; i++) {
    const p = pcode[i];
    if (p < 0) continue;
    let v = num![i];
    if (num2) v -= num2[i];
    if (v !== v) continue;
    const k = (codes ? codes[i] : 0) * P + (p - lo);
    if (accD) {
      let b = den![i];
      if (costFromRevenue) b -= num2 ? num2[i] : mar!.numbers![i];
      if (b !== b) continue;
      accD[k] += b;
    }
    accN[k] += v;
    accC[k]++;
  }

  const window = request.window ?? defaultWindow(grain, P);
  const horizon = request.horizon ?? DEFAULT_HORIZON[grain];
  const lastEnd = periodEndSerial(hi, grain);
  const partialLast = P > 1 && lastCovered < lastEnd - PARTIAL_SLACK_DAYS[grain];
  if (partialLast) {
    messages.push({ code: "trends.partialLast", severity: "info", params: { period: periodName(hi, grain, lang) } });
  }

  // Series: total, top N values, others.
  const periodCodes = Array.from({ length: P }, (_, j) => lo + j);
  const periodLabels = periodCodes.map((c) => periodName(c, grain, lang));
  const serials = periodCodes.map((c) => periodStartSerial(c, grain));
  const sumRange = (cs: number[]) => {
    const sN = new Float64Array(P);
    const sD = accD ? new Float64Array(P) : undefined;
    const sC = new Int32Array(P);
    for (const c of cs) {
      const off = c * P;
      for (let j = 0; j < P; j++) {
        sN[j] += accN[off + j];
        if (sD) sD[j] += accD![off + j];
        sC[j] += accC[off + j];
      }
    }
    return { sN, sD, sC };
  };
  const ctx: SeriesContext = { grain, lang, window, horizon, partialLast, measure, request, periodCodes, periodLabels, serials, sheet };
  const series: TrendSeries[] = [];
  const all = Array.from({ length: nCodes }, (_, c) => c);
  const total = sumRange(all);
  series.push(makeSeries("total", "", "total", total.sN, total.sD, total.sC, ctx));
  let othersCount = 0;
  if (codes) {
    const topN = Math.max(1, Math.floor(request.topN ?? DEFAULT_TOP_N));
    const size = (c: number) => {
      let s = 0;
      const off = c * P;
      for (let j = 0; j < P; j++) s += accD ? accD[off + j] : accN[off + j];
      return Math.abs(s);
    };
    const ranked = all.filter((c) => c > 0 && hasRows(accC, c, P)).sort((a, b) => size(b) - size(a) || labels[a].localeCompare(labels[b]));
    const top = ranked.slice(0, topN);
    const rest = ranked.slice(topN);
    if (hasRows(accC, 0, P)) rest.push(0); // blank breakdown cells go to Others
    for (const c of top) {
      const s = sumRange([c]);
      series.push(makeSeries(`v:${labels[c]}`, labels[c], "value", s.sN, s.sD, s.sC, ctx));
    }
    if (rest.length > 0) {
      othersCount = rest.filter((c) => c > 0).length;
      const s = sumRange(rest);
      series.push(makeSeries("others", "", "others", s.sN, s.sD, s.sC, ctx));
      messages.push({ code: "trends.others", severity: "info", params: { count: othersCount, topN } });
    }
  }
  for (const s of series) messages.push(...s.messages);
  return {
    measure,
    period: grain,
    basis,
    breakdown: codes ? request.breakdown : undefined,
    horizon,
    window,
    changeKind,
    series,
    columns: { period: src.column.header, measure: measureHeader, base: baseHeader, breakdown: breakdownHeader },
    othersCount,
    messages,
  };
}

function hasRows(acc: Int32Array, c: number, P: number): boolean {
  const off = c * P;
  for (let j = 0; j < P; j++) if (acc[off + j] > 0) return true;
  return false;
}

interface SeriesContext {
  grain: Granularity;
  lang: Lang;
  window: number;
  horizon: number;
  partialLast: boolean;
  measure: TrendMeasure;
  request: TrendRequest;
  periodCodes: number[];
  periodLabels: string[];
  serials: number[];
  sheet: string;
}

/** Index of the last period with a value, a partial last period left aside; -1 when there is none. */
export function lastWholeIndex(s: Pick<TrendSeries, "actual" | "partialLast">): number {
  for (let j = s.actual.length - 1; j >= 0; j--) if (s.actual[j] === s.actual[j] && !(s.partialLast && j === s.actual.length - 1)) return j;
  return -1;
}

/** The name a series is shown by ("Total", "Others (12)", or the breakdown value). */
export function seriesName(s: Pick<TrendSeries, "kind" | "name">, lang: Lang, othersCount = 0): string {
  if (s.kind === "total") return t("trends.total", lang);
  if (s.kind === "others") return t("trends.others.name", lang, { count: othersCount });
  return s.name;
}

function makeSeries(
  key: string,
  name: string,
  kind: TrendSeries["kind"],
  sN: Float64Array,
  sD: Float64Array | undefined,
  sC: Int32Array,
  ctx: SeriesContext,
): TrendSeries {
  const { grain, lang, window, horizon, periodLabels } = ctx;
  const P = sN.length;
  const messages: OpsMessage[] = [];
  const shown = kind === "total" ? t("trends.total", lang) : kind === "others" ? t("trends.othersShort", lang) : name;
  const actual = new Float64Array(P);
  const missing: number[] = [];
  const nonPositive: number[] = [];
  for (let j = 0; j < P; j++) {
    if (sC[j] === 0) {
      actual[j] = NaN;
      missing.push(j);
    } else if (sD) {
      if (sD[j] > 0) actual[j] = sN[j] / sD[j];
      else {
        actual[j] = NaN;
        nonPositive.push(j);
      }
    } else actual[j] = sN[j];
  }
  // Periods missing between the first and last with data (leading / trailing ones are before / after the value's life).
  let first = 0;
  while (first < P && sC[first] === 0) first++;
  let last = P - 1;
  while (last >= 0 && sC[last] === 0) last--;
  const inner = missing.filter((j) => j > first && j < last);
  if (first > last) messages.push({ code: "trends.allMissing", severity: "warning", params: { series: shown } });
  else if (inner.length > 0) {
    messages.push({ code: "trends.missingPeriods", severity: "warning", params: { series: shown, count: inner.length, periods: listText(inner.map((j) => periodLabels[j])) } });
  }
  if (nonPositive.length > 0) {
    messages.push({ code: "trends.rateBaseNotPositive", severity: "warning", params: { series: shown, periods: listText(nonPositive.map((j) => periodLabels[j])) } });
  }

  // Whole periods: the fit range ends before a partial last period.
  const partialLast = ctx.partialLast && last === P - 1;
  const fitEnd = partialLast ? P - 1 : P; // exclusive
  const whole = actual.subarray(0, fitEnd);

  const ma = new Float64Array(P).fill(NaN);
  if (fitEnd > 0) ma.set(movingAverage(whole, window));
  // Linear trend over whole periods, x = period index.
  const xs = new Float64Array(fitEnd);
  for (let j = 0; j < fitEnd; j++) xs[j] = j;
  const fit = fitEnd >= 2 ? linearFit(xs, whole) : null;
  const slope = fit && fit.n >= 2 ? fit.slope : NaN;
  const intercept = fit && fit.n >= 2 ? fit.intercept : NaN;
  const trendValues = new Float64Array(P + horizon).fill(NaN);
  if (slope === slope) {
    const lastWhole = fitEnd - 1;
    const to = lastWhole + horizon;
    for (let j = Math.max(0, first); j <= Math.min(to, P + horizon - 1); j++) trendValues[j] = intercept + slope * j;
  }

  const lag = PERIODS_PER_YEAR[grain];
  const change = new Float64Array(P).fill(NaN);
  const yoy = new Float64Array(P).fill(NaN);
  const diff = (a: number, b: number) => (ctx.measure === "marginRate" ? (a === a && b === b ? a - b : NaN) : growthRate(a, b));
  for (let j = 1; j < P; j++) {
    if (partialLast && j === P - 1) continue; // a partial period is not compared
    change[j] = diff(actual[j], actual[j - 1]);
    if (j >= lag) yoy[j] = diff(actual[j], actual[j - lag]);
  }

  // CAGR between the first and last whole calendar years of a flow (no missing period in them).
  let growth = NaN;
  if (ctx.measure !== "marginRate") {
    const years = new Map<number, { sum: number; count: number }>();
    for (let j = 0; j < fitEnd; j++) {
      if (actual[j] !== actual[j]) continue;
      const y = Math.floor(ctx.periodCodes[j] / lag);
      const e = years.get(y) ?? { sum: 0, count: 0 };
      e.sum += actual[j];
      e.count++;
      years.set(y, e);
    }
    const full = [...years.entries()].filter(([, e]) => e.count === lag).sort((a, b) => a[0] - b[0]);
    if (full.length >= 2) growth = cagr(full[0][1].sum, full[full.length - 1][1].sum, full[full.length - 1][0] - full[0][0]);
  }

  // Outliers: residuals from the trend, robust scale.
  const outliers: Outlier[] = [];
  if (slope === slope && fitEnd >= 5) {
    const res: number[] = [];
    const idx: number[] = [];
    for (let j = 0; j < fitEnd; j++) {
      if (whole[j] !== whole[j]) continue;
      res.push(whole[j] - (intercept + slope * j));
      idx.push(j);
    }
    const med = median(res);
    const mad = median(res.map((r) => Math.abs(r - med)));
    const sigma = MAD_TO_SIGMA * mad;
    if (sigma > 0) {
      res.forEach((r, k) => {
        const score = Math.abs(r - med) / sigma;
        if (score > OUTLIER_SIGMAS) {
          const j = idx[k];
          outliers.push({ index: j, label: periodLabels[j], value: whole[j], expected: intercept + slope * j, score });
        }
      });
    }
    if (outliers.length > 0) {
      messages.push({ code: "trends.outliers", severity: "info", params: { series: shown, count: outliers.length, periods: listText(outliers.map((o) => o.label)) } });
    }
  }

  const forecast = forecastSeries(actual, first, fitEnd, shown, ctx, messages);
  let totalValue = 0;
  if (sD) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < P; j++) {
      a += sN[j];
      b += sD[j];
    }
    totalValue = b > 0 ? a / b : NaN;
  } else for (let j = 0; j < P; j++) totalValue += sN[j];

  return {
    key,
    name,
    kind,
    codes: ctx.periodCodes,
    labels: periodLabels,
    serials: ctx.serials,
    actual,
    numerator: sD ? sN : undefined,
    denominator: sD,
    rows: sC,
    missing,
    partialLast,
    movingAverage: ma,
    trendValues,
    slope,
    r2: fit ? fit.r2 : NaN,
    change,
    yoy,
    cagr: growth,
    outliers,
    forecast,
    total: totalValue,
    messages,
  };
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * The forecast of a series: Holt–Winters when a season is given or detected and two whole seasons are there, else
 * Holt (level + trend), else a level only (simple exponential smoothing) on 3–4 points; none below 3 points. The fit
 * uses the whole periods from the first with data (as OPS.FORECAST would on the same cells); the forecast continues
 * after the last whole period (so a partial last period gets its forecast for the whole period).
 */
function forecastSeries(actual: Float64Array, first: number, fitEnd: number, shown: string, ctx: SeriesContext, messages: OpsMessage[]): TrendForecast | undefined {
  const { horizon, grain, lang } = ctx;
  if (horizon <= 0) return undefined;
  let end = fitEnd;
  while (end > first && actual[end - 1] !== actual[end - 1]) end--;
  const values = first < end ? Array.from(actual.subarray(first, end)) : [];
  const n = values.length;
  if (n < MIN_LEVEL_POINTS) {
    if (n > 0) messages.push({ code: "trends.forecastTooFew", severity: "warning", params: { series: shown, got: n, needed: MIN_LEVEL_POINTS } });
    return undefined;
  }
  const asked = ctx.request.seasonLength;
  const m = grain === "month" ? 12 : grain === "quarter" ? 4 : 1;
  let fit: EtsFitResult | undefined;
  let model: ForecastModel = "holt";
  try {
    if (asked !== undefined && asked >= 2) {
      if (n >= minPointsFor(asked)) {
        fit = fitEts(values, { seasonLength: asked });
        model = "holtWinters";
      } else {
        messages.push({ code: "trends.seasonTooShort", severity: "info", params: { series: shown, season: asked, needed: minPointsFor(asked), got: n } });
      }
    } else if (asked === undefined) {
      if (m >= 2 && n < minPointsFor(m)) {
        messages.push({ code: "trends.seasonTooShort", severity: "info", params: { series: shown, season: m, needed: minPointsFor(m), got: n } });
      }
      fit = fitEts(values);
      model = fit.seasonLength >= 2 ? "holtWinters" : "holt";
    }
    if (!fit && n >= MIN_TREND_POINTS) {
      fit = fitEts(values, { seasonLength: 0 });
      model = "holt";
    }
    if (fit && model === "holt" && n < MIN_TREND_POINTS) fit = undefined;
    if (!fit) {
      fit = levelFit(values);
      model = "level";
    }
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    messages.push({ code: "trends.forecastFailed", severity: "warning", params: { series: shown, reason: typeof code === "string" ? code : "forecast.error" } });
    return undefined;
  }
  const f80 = forecastEts(fit, horizon, 0.8);
  const f95 = forecastEts(fit, horizon, 0.95);
  const lastCode = ctx.periodCodes[end - 1];
  const codes = Array.from({ length: horizon }, (_, h) => lastCode + 1 + h);
  messages.push({
    code: `trends.model.${model}`,
    severity: "info",
    params: { series: shown, season: fit.seasonLength, mase: Math.round(fit.mase * 100) / 100 },
  });
  return {
    model,
    seasonLength: fit.seasonLength,
    seasonDetected: fit.seasonDetected,
    codes,
    labels: codes.map((c) => periodName(c, grain, lang)),
    values: f95.forecast,
    low80: f80.low,
    high80: f80.high,
    low95: f95.low,
    high95: f95.high,
    mase: fit.mase,
    alpha: fit.alpha,
    beta: fit.beta,
    gamma: fit.gamma,
    fitted: values,
  };
}

/** Simple exponential smoothing (no trend, no season): α by a grid then a golden-section refinement on the SSE. */
function levelFit(values: number[]): EtsFitResult {
  const y0 = values.find((v) => v === v) ?? 0;
  const init = { level: y0, trend: 0, seasons: [0] };
  const sse = (a: number) => etsSse(values, { alpha: a, beta: 0, gamma: 0, seasonLength: 1 }, init);
  let best = 0.5;
  let bestSse = Infinity;
  for (let k = 0; k <= 20; k++) {
    const a = k / 20;
    const s = sse(a);
    if (s < bestSse) [best, bestSse] = [a, s];
  }
  let lo = Math.max(0, best - 0.05);
  let hi = Math.min(1, best + 0.05);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 30; it++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (sse(a) < sse(b)) hi = b;
    else lo = a;
  }
  return smoothEts(values, { alpha: (lo + hi) / 2, beta: 0, gamma: 0, seasonLength: 0 }, init);
}

export { foldMonth };
