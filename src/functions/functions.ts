/**
 * The OPS.* custom functions. custom-functions-metadata-plugin reads the JSDoc below to write functions.json (the
 * namespace OPS comes from the manifest) and appends the CustomFunctions.associate calls at build time, so this file
 * exports plain functions that tests import directly.
 *
 * Each function is a thin wrapper: Excel arguments -> src/core -> Excel values and errors (see ./args.ts for the
 * conventions). The English texts here must equal ./catalogue.ts (test/functions/metadata.test.ts checks it); the
 * French names and texts come from the catalogue into functions-fr.json.
 */
import { detectSeasonLength, fitEts, forecastEts, type EtsFit } from "../core/forecast";
import { hasText } from "../core/i18n";
import {
  breakEvenRevenue,
  breakEvenUnits,
  convertRate,
  marginRate,
  marginShortfall,
  marginStatus,
  priceForMargin,
} from "../core/margin";
import {
  bcgQuadrant,
  concentrationRatioOfShares,
  concentrationVerdict,
  hhiDelta,
  hhiOfShares,
  marketShare,
  priceIndexMany,
  priceIndexOne,
  relativeShare,
  sharesOfTotal,
  toShares,
  type ConcentrationRules,
  type ShareInput,
  type SharesResult,
} from "../core/market";
import type { MarginBasis } from "../core/policy-types";
import { priceVolumeMix, type PvmIssue } from "../core/pvm";
import { cagr as cagrOf, growthRate, growthTrend, linearFit, movingAverage, periodGrowth, trend as trendOf, exponentialFit, defaultX } from "../core/trend";
import {
  boolArg,
  choiceArg,
  type Ctx,
  elementwise,
  integerArg,
  isVector,
  numberArg,
  numbersArg,
  type NumGrid,
  run,
  sameCount,
  scalarArg,
  spill,
} from "./args";

// ---------------------------------------------------------------------------------------------------------------
// Shared argument readers

const BASIS_WORDS: Record<string, MarginBasis> = {
  sales: "sales",
  sale: "sales",
  revenue: "sales",
  ventes: "sales",
  vente: "sales",
  ca: "sales",
  prixdevente: "sales",
  pv: "sales",
  marque: "sales",
  tauxdemarque: "sales",
  cost: "cost",
  costs: "cost",
  cout: "cost",
  couts: "cost",
  coutderevient: "cost",
  achat: "cost",
  markup: "cost",
  marge: "cost",
  tauxdemarge: "cost",
};

function basisArg(ctx: Ctx, v: unknown, index: number, def?: MarginBasis): MarginBasis {
  const shown = ctx.lang === "fr" ? "\"ventes\", \"cout\"" : "\"sales\", \"cost\"";
  const b = choiceArg<MarginBasis | null>(ctx, v, index, BASIS_WORDS, def ?? null, shown);
  if (b === null) return ctx.fail("invalidValue", "functions.arg.required", { arg: ctx.argName(index) });
  return b;
}

const READ_AS_WORDS: Record<string, ShareInput> = {
  auto: "auto",
  sales: "sales",
  ventes: "sales",
  values: "sales",
  valeurs: "sales",
  ca: "sales",
  shares: "shares",
  share: "shares",
  parts: "shares",
  part: "shares",
};

function readAsArg(ctx: Ctx, v: unknown, index: number): ShareInput {
  const shown = ctx.lang === "fr" ? "\"auto\", \"ventes\", \"parts\"" : "\"auto\", \"sales\", \"shares\"";
  return choiceArg(ctx, v, index, READ_AS_WORDS, "auto" as ShareInput, shown);
}

const RULES_WORDS: Record<string, ConcentrationRules> = {
  eu2004: "EU2004",
  eu: "EU2004",
  ue2004: "EU2004",
  ue: "EU2004",
  europe: "EU2004",
  us2023: "US2023",
  us: "US2023",
  usa: "US2023",
  dojftc: "US2023",
  doj: "US2023",
  ftc: "US2023",
};

function div0(ctx: Ctx): unknown {
  return ctx.error("divisionByZero", "functions.cell.zeroBase");
}

/**
 * For MARGIN.GAP and MARGIN.STATUS: the error of a line that has no rate to judge (as marginStatus says: zero base
 * -> #DIV/0!, negative revenue (credit note) or negative cost on the cost basis -> #NUM!), or null when it has one.
 */
function lineWithoutRate(ctx: Ctx, basis: MarginBasis): (revenue: number, cost: number) => unknown {
  const zero = div0(ctx);
  const negative = ctx.error("invalidNumber", "functions.cell.negativeRevenue");
  const impossible = ctx.error("invalidNumber", "functions.cell.impossible");
  return (r, c) => {
    if (r === 0 || (basis === "cost" && c === 0)) return zero;
    if (r < 0) return negative;
    if (basis === "cost" && c < 0) return impossible;
    return null;
  };
}

/** Fails as the share reading says when it went wrong. */
function sharesOrFail(ctx: Ctx, r: SharesResult, index: number): Float64Array {
  if (r.ok) return r.shares;
  const arg = ctx.argName(index);
  switch (r.reason) {
    case "negative":
      return ctx.fail("invalidNumber", "functions.market.negative", { arg });
    case "empty":
      return ctx.fail("notAvailable", "functions.arg.noValue", { arg });
    case "zeroTotal":
      return ctx.fail("divisionByZero", "functions.market.zeroTotal", { arg });
    case "overflow":
      return ctx.fail("invalidNumber", "functions.market.tooLarge", { arg });
    default:
      return ctx.fail("invalidNumber", "functions.market.over100", { total: Math.round((r.total ?? 0) * 1000) / 10 });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Margins

/**
 * Margin rate of each line: (revenue - cost) / revenue (gross margin rate, on sales) by default, or / cost (markup) with basis "cost".
 * @customfunction MARGIN MARGIN
 * @param revenue Revenue excluding VAT: a cell or a range.
 * @param cost Cost of the same lines: a cell or a range of the same size.
 * @param [basis] "sales" (default): margin / revenue; "cost": margin / cost (markup).
 * @returns A rate per line.
 */
export function margin(revenue: any[][], cost: any[][], basis?: any): any[][] {
  return run("MARGIN", (ctx) => {
    const b = basisArg(ctx, basis, 2, "sales");
    const zero = div0(ctx);
    if (b === "sales") return elementwise(ctx, [{ value: revenue, index: 0 }, { value: cost, index: 1 }], (r, c) => (r === 0 ? zero : (r - c) / r));
    return elementwise(ctx, [{ value: revenue, index: 0 }, { value: cost, index: 1 }], (r, c) => (c === 0 ? zero : (r - c) / c));
  });
}

/**
 * Markup of each line: (revenue - cost) / cost (margin on cost).
 * @customfunction MARKUP MARKUP
 * @param revenue Revenue excluding VAT: a cell or a range.
 * @param cost Cost of the same lines: a cell or a range of the same size.
 * @returns A markup per line.
 */
export function markup(revenue: any[][], cost: any[][]): any[][] {
  return run("MARKUP", (ctx) => {
    const zero = div0(ctx);
    return elementwise(ctx, [{ value: revenue, index: 0 }, { value: cost, index: 1 }], (r, c) => (c === 0 ? zero : marginRate(r, c, "cost")));
  });
}

/**
 * Converts a rate between bases: to "cost" turns a gross margin rate m into a markup m / (1 - m); to "sales" turns a markup k into k / (1 + k).
 * @customfunction MARGIN.CONVERT MARGIN.CONVERT
 * @param rate The rate to convert: a cell or a range.
 * @param to_basis "cost" (to markup) or "sales" (to gross margin rate).
 * @returns The rate on the other basis.
 */
export function marginConvert(rate: any[][], to_basis: any): any[][] {
  return run("MARGIN.CONVERT", (ctx) => {
    const to = basisArg(ctx, to_basis, 1);
    const from: MarginBasis = to === "cost" ? "sales" : "cost";
    const zero = ctx.error("divisionByZero");
    return elementwise(ctx, [{ value: rate, index: 0 }], (x) => {
      const y = convertRate(x, from, to);
      return y === y ? y : zero;
    });
  });
}

/**
 * Selling price that gives the target rate at this cost: cost / (1 - target) on sales (default), cost x (1 + target) on cost.
 * @customfunction PRICE.FOR.MARGIN PRICE.FOR.MARGIN
 * @param cost Cost: a cell or a range.
 * @param target Target rate (e.g. 25%): a cell or a range.
 * @param [basis] "sales" (default): target is a gross margin rate; "cost": target is a markup.
 * @returns A selling price per line.
 */
export function priceForMarginFn(cost: any[][], target: any[][], basis?: any): any[][] {
  return run("PRICE.FOR.MARGIN", (ctx) => {
    const b = basisArg(ctx, basis, 2, "sales");
    const impossible = ctx.error("invalidNumber", "functions.cell.impossible");
    return elementwise(ctx, [{ value: cost, index: 0 }, { value: target, index: 1 }], (c, m) => {
      const p = priceForMargin(c, m, b);
      return p === p ? p : impossible;
    });
  });
}

/**
 * Margin amount missing to reach the target rate: target x revenue - (revenue - cost) on sales (x cost on the cost basis); 0 when the target is met.
 * @customfunction MARGIN.GAP MARGIN.GAP
 * @param revenue Revenue excluding VAT: a cell or a range.
 * @param cost Cost of the same lines: a cell or a range of the same size.
 * @param target Target rate (e.g. 20%): a cell or a range.
 * @param [basis] "sales" (default) or "cost": the basis of the target.
 * @returns A margin amount per line.
 */
export function marginGap(revenue: any[][], cost: any[][], target: any[][], basis?: any): any[][] {
  return run("MARGIN.GAP", (ctx) => {
    const b = basisArg(ctx, basis, 3, "sales");
    const noRate = lineWithoutRate(ctx, b);
    return elementwise(
      ctx,
      [{ value: revenue, index: 0 }, { value: cost, index: 1 }, { value: target, index: 2 }],
      (r, c, m) => noRate(r, c) ?? marginShortfall(r, c, m, b),
    );
  });
}

/**
 * BREACH when the line's margin rate is below the floor, WARN when below the target, else OK. A rate exactly at a threshold is not below it (compared as a spreadsheet does).
 * @customfunction MARGIN.STATUS MARGIN.STATUS
 * @param revenue Revenue excluding VAT: a cell or a range.
 * @param cost Cost of the same lines: a cell or a range of the same size.
 * @param floor Floor rate (e.g. 10%): a cell or a range.
 * @param [target] Target rate (e.g. 20%); omitted: no WARN level.
 * @param [basis] "sales" (default) or "cost": the basis of the rates.
 * @returns BREACH, WARN or OK per line.
 */
export function marginStatusFn(revenue: any[][], cost: any[][], floor: any[][], target?: any[][], basis?: any): any[][] {
  return run("MARGIN.STATUS", (ctx) => {
    const b = basisArg(ctx, basis, 4, "sales");
    const noRate = lineWithoutRate(ctx, b);
    return elementwise(
      ctx,
      [{ value: revenue, index: 0 }, { value: cost, index: 1 }, { value: floor, index: 2 }, { value: target, index: 3, optional: true }],
      (r, c, f, tg) => marginStatus(r, c, f, tg === tg ? tg : undefined, b) ?? noRate(r, c),
    );
  });
}

/**
 * Break-even point: fixed costs / (price - variable cost) in units, or fixed costs / contribution margin ratio in revenue.
 * @customfunction BREAKEVEN BREAKEVEN
 * @param fixed_costs Fixed costs of the period.
 * @param price Unit selling price (or total revenue).
 * @param variable_cost Variable cost per unit (or total variable costs).
 * @param [result] "units" (default) or "revenue" (break-even revenue).
 * @returns The break-even point.
 */
export function breakeven(fixed_costs: any[][], price: any[][], variable_cost: any[][], result?: any): any[][] {
  return run("BREAKEVEN", (ctx) => {
    const shown = ctx.lang === "fr" ? "\"unites\", \"ca\"" : "\"units\", \"revenue\"";
    const inRevenue = choiceArg(ctx, result, 3, { units: false, unites: false, unite: false, revenue: true, sales: true, ca: true, chiffredaffaires: true }, false, shown);
    const impossible = ctx.error("invalidNumber", "functions.cell.impossible");
    return elementwise(
      ctx,
      [{ value: fixed_costs, index: 0 }, { value: price, index: 1 }, { value: variable_cost, index: 2 }],
      (fc, p, vc) => {
        if (fc < 0) return impossible;
        const x = inRevenue ? breakEvenRevenue(fc, p, vc) : breakEvenUnits(fc, p, vc);
        return x === x ? x : impossible;
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Trends

/**
 * Growth rate (current - previous) / |previous|: of each value versus previous when given, else along the series versus lag periods before (1 by default, 12 for year over year on months).
 * @customfunction GROWTH GROWTH
 * @param values Current values, or the whole series (a column or a row).
 * @param [previous] Previous values, same size as values; omitted: compare within the series.
 * @param [lag] Periods between compared values within the series (default 1).
 * @returns A growth rate per value.
 */
export function growth(values: any[][], previous?: any[][], lag?: any): any[][] {
  return run("GROWTH", (ctx) => {
    const zero = ctx.error("divisionByZero");
    if (previous !== null && previous !== undefined) {
      if (scalarArg(ctx, lag, 2) !== null) ctx.fail("invalidValue", "functions.growth.both");
      return elementwise(ctx, [{ value: values, index: 0 }, { value: previous, index: 1 }], (cur, prev) => (prev === 0 ? zero : growthRate(cur, prev)));
    }
    const g = numbersArg(ctx, values, 0, true);
    const n = g.values.length;
    const k = integerArg(ctx, lag, 2, 1, Math.max(1, n), 1);
    const rates = periodGrowth(g.values, k);
    const out = spillSeries(ctx, g, rates);
    // Say why each value has no growth: no earlier value (#N/A), an earlier value of 0 (#DIV/0!).
    for (let i = 0; i < n; i++) {
      if (g.values[i] !== g.values[i]) continue;
      if (i >= k && g.values[i - k] === 0) setCell(out, g.cols, i, zero);
    }
    return out;
  });
}

/**
 * Compound annual growth rate (end / start)^(1 / periods) - 1, as Excel's RRI.
 * @customfunction CAGR CAGR
 * @param start Value at the start (> 0).
 * @param end Value at the end (>= 0).
 * @param periods Number of periods between the two values (> 0).
 * @returns A rate per period.
 */
export function cagr(start: any[][], end: any[][], periods: any[][]): any[][] {
  return run("CAGR", (ctx) => {
    const impossible = ctx.error("invalidNumber", "functions.cell.impossible");
    return elementwise(ctx, [{ value: start, index: 0 }, { value: end, index: 1 }, { value: periods, index: 2 }], (s, e, n) => {
      const r = cagrOf(s, e, n);
      return r === r ? r : impossible;
    });
  });
}

/**
 * Trailing moving average of the last window values (empty cells skipped); with as_total TRUE, the moving total (window 12 on months = moving annual total).
 * @customfunction MOVAVG MOVAVG
 * @param values The series: a column or a row.
 * @param window Number of values averaged (a whole number >= 1).
 * @param [as_total] TRUE for the moving total instead of the average (default FALSE).
 * @returns The moving average, spilled like values.
 */
export function movavg(values: any[][], window: any, as_total?: any): any[][] {
  return run("MOVAVG", (ctx) => {
    const g = numbersArg(ctx, values, 0, true);
    const w = integerArg(ctx, window, 1, 1, Math.max(1, g.values.length));
    const total = boolArg(ctx, as_total, 2, false);
    const result = movingAverage(g.values, w, total);
    const out = spillSeries(ctx, g, result);
    // ±Infinity: the window's total is beyond the largest number Excel holds.
    let impossible: unknown = null;
    for (let i = 0; i < result.length; i++) {
      if (result[i] === Infinity || result[i] === -Infinity) setCell(out, g.cols, i, (impossible ??= ctx.error("invalidNumber", "functions.cell.impossible")));
    }
    return out;
  });
}

/** Spill of a series result shaped like its input: "" where the input is empty, #N/A where the result is NaN. */
function spillSeries(ctx: Ctx, g: NumGrid, result: Float64Array): unknown[][] {
  const na = ctx.error("notAvailable");
  return spill(result, g.rows, g.cols, () => na, g.values);
}

function setCell(out: unknown[][], cols: number, i: number, v: unknown): void {
  out[Math.floor(i / cols)][i % cols] = v;
}

interface TrendInputs {
  y: NumGrid;
  x: Float64Array;
  /** The x values to evaluate at, and the shape of the spill. */
  nx: NumGrid;
}

function trendInputs(ctx: Ctx, known_y: unknown, known_x: unknown, new_x: unknown): TrendInputs {
  const y = numbersArg(ctx, known_y, 0, true);
  const kx = numbersArg(ctx, known_x, 1);
  if (kx && !isVector(kx) && (y.cols === 1 || y.rows === 1) && (kx.rows === y.rows || kx.cols === y.cols) && y.values.length > 1) {
    ctx.fail("invalidValue", "functions.trend.multiX", { arg: ctx.argName(1) });
  }
  if (kx) sameCount(ctx, y, 0, kx, 1);
  const x = kx ? kx.values : defaultX(y.values.length);
  const nx = numbersArg(ctx, new_x, 2) ?? kx ?? { values: x, rows: y.rows, cols: y.cols };
  return { y, x, nx };
}

/**
 * Linear trend as Excel's TREND: the least-squares line through known_y (and known_x, default 1, 2, 3...) evaluated at new_x (default known_x).
 * @customfunction TREND TREND
 * @param known_y Known values: a column or a row.
 * @param [known_x] Their x values (same count); omitted: 1, 2, 3...
 * @param [new_x] x values to evaluate the line at; omitted: known_x.
 * @returns The trend values, spilled like new_x.
 */
export function trend(known_y: any[][], known_x?: any[][], new_x?: any[][]): any[][] {
  return run("TREND", (ctx) => {
    const { y, x, nx } = trendInputs(ctx, known_y, known_x, new_x);
    const fit = linearFit(x, y.values);
    if (!fit) return ctx.fail("notAvailable", "functions.arg.noValue", { arg: ctx.argName(0) });
    if (fit.slope !== fit.slope) ctx.fail("divisionByZero", "functions.trend.noVariance", { arg: ctx.argName(1) });
    const na = ctx.error("notAvailable");
    return spill(trendOf(y.values, x, nx.values), nx.rows, nx.cols, () => na, nx.values);
  });
}

/**
 * Exponential trend as Excel's GROWTH: the fit of ln(known_y) on known_x (default 1, 2, 3...) evaluated at new_x (default known_x). Needs every known_y > 0.
 * @customfunction TREND.EXP TREND.EXP
 * @param known_y Known values (> 0): a column or a row.
 * @param [known_x] Their x values (same count); omitted: 1, 2, 3...
 * @param [new_x] x values to evaluate the curve at; omitted: known_x.
 * @returns The exponential trend values, spilled like new_x.
 */
export function trendExp(known_y: any[][], known_x?: any[][], new_x?: any[][]): any[][] {
  return run("TREND.EXP", (ctx) => {
    const { y, x, nx } = trendInputs(ctx, known_y, known_x, new_x);
    for (let i = 0; i < y.values.length; i++) {
      const v = y.values[i];
      if (v === v && !(v > 0)) {
        ctx.fail("invalidNumber", "functions.trend.notPositive", { arg: ctx.argName(0), value: v, where: ctx.where(Math.floor(i / y.cols), i % y.cols, y.cols) });
      }
    }
    const fit = exponentialFit(x, y.values);
    if (!fit) return ctx.fail("notAvailable", "functions.arg.noValue", { arg: ctx.argName(0) });
    if (fit.log.slope !== fit.log.slope) ctx.fail("divisionByZero", "functions.trend.noVariance", { arg: ctx.argName(1) });
    const impossible = ctx.error("invalidNumber", "functions.cell.impossible");
    return spill(growthTrend(y.values, x, nx.values), nx.rows, nx.cols, () => impossible, nx.values);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Forecast (additive Holt–Winters in src/core/forecast)

/** The series for the forecast core: row-major, leading and trailing empty cells dropped, inner ones NaN (missing). */
function seriesArg(ctx: Ctx, v: unknown, index: number): Float64Array {
  const g = numbersArg(ctx, v, index, true);
  let a = 0;
  let b = g.values.length;
  while (a < b && g.values[a] !== g.values[a]) a++;
  while (b > a && g.values[b - 1] !== g.values[b - 1]) b--;
  if (a === b) ctx.fail("notAvailable", "functions.arg.noValue", { arg: ctx.argName(index) });
  return g.values.subarray(a, b);
}

/** Excel FORECAST.ETS convention: omitted or 1 = detect (undefined for the core), 0 = none, 2..8760 = that length. */
function seasonArg(ctx: Ctx, v: unknown, index: number): number | undefined {
  if (scalarArg(ctx, v, index) === null) return undefined;
  const n = integerArg(ctx, v, index, 0, 8760);
  return n === 1 ? undefined : n;
}

function fitOrFail(ctx: Ctx, values: Float64Array, seasonLength: number | undefined): EtsFit {
  return forecastCore(ctx, () => fitEts(values, { seasonLength }));
}

/** Runs a forecast-core call, turning its input errors (RangeError) into #N/A with a message. */
function forecastCore<T>(ctx: Ctx, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // The core's ForecastInputError carries a stable code ("forecast.tooFewPoints"...) and params: say it in the
    // user's language; any other RangeError keeps its own text.
    const { code, params } = e as RangeError & { code?: unknown; params?: Record<string, number> };
    const key = `functions.${String(code)}`;
    if (typeof code === "string" && hasText(key) && params) {
      const shown: Record<string, number> = { ...params };
      if (typeof shown.index === "number") shown.position = shown.index + 1;
      if (typeof shown.maxShare === "number") shown.maxPercent = Math.round(shown.maxShare * 1000) / 10;
      return ctx.fail("notAvailable", key, shown);
    }
    return ctx.fail("notAvailable", "functions.forecast.tooFew", { detail: e.message });
  }
}

/**
 * Forecast of the next horizon periods by additive Holt-Winters (AAA exponential smoothing), with a prediction interval. Spills one row per period: forecast, low, high.
 * @customfunction FORECAST FORECAST
 * @param values Past values at a regular step, oldest first (empty cells = missing points).
 * @param horizon Number of periods to forecast (1 to 10000).
 * @param [season_length] Periods per season: omitted or 1 = detect, 0 = no season, 2 to 8760 = that length (as Excel's FORECAST.ETS).
 * @param [confidence] Confidence level of the interval, between 0 and 1 (default 0.95).
 * @returns One row per period: forecast, low, high.
 */
export function forecast(values: any[][], horizon: any, season_length?: any, confidence?: any): any[][] {
  return run("FORECAST", (ctx) => {
    const series = seriesArg(ctx, values, 0);
    const h = integerArg(ctx, horizon, 1, 1, 10000);
    const season = seasonArg(ctx, season_length, 2);
    const level = numberArg(ctx, confidence, 3, 0.95);
    if (!(level > 0 && level < 1)) ctx.fail("invalidNumber", "functions.arg.fraction", { arg: ctx.argName(3), value: level });
    const fit = fitOrFail(ctx, series, season);
    const f = forecastEts(fit, h, level);
    const bad = ctx.error("invalidNumber", "functions.cell.impossible");
    const out: unknown[][] = new Array(h);
    for (let i = 0; i < h; i++) out[i] = [f.forecast[i], f.low[i], f.high[i]].map((x) => (Number.isFinite(x) ? x : bad));
    return out;
  });
}

/**
 * Season length detected in a series (e.g. 12 for months with a yearly pattern); 1 when there is no season.
 * @customfunction SEASONALITY SEASONALITY
 * @param values Past values at a regular step, oldest first.
 * @returns The season length in periods.
 */
export function seasonality(values: any[][]): number {
  return run("SEASONALITY", (ctx) => {
    const series = seriesArg(ctx, values, 0);
    return forecastCore(ctx, () => detectSeasonLength(series));
  });
}

/** FORECAST.ETS.STAT's statistic_type 1..8, in its order; "step" is 1 for OPS (values are consecutive periods). */
const ETS_STAT_ORDER = ["alpha", "beta", "gamma", "mase", "smape", "mae", "rmse", "step"] as const;

/**
 * Fit statistics of the Holt-Winters model OPS.FORECAST uses: alpha, beta, gamma, MAE, RMSE, MASE, SMAPE, season length and points, as label / value rows; with statistic_type, one of them numbered as in Excel's FORECAST.ETS.STAT.
 * @customfunction FORECAST.STATS FORECAST.STATS
 * @param values Past values at a regular step, oldest first.
 * @param [season_length] Periods per season: omitted or 1 = detect, 0 = no season, 2 to 8760 = that length.
 * @param [statistic_type] As FORECAST.ETS.STAT: 1 alpha, 2 beta, 3 gamma, 4 MASE, 5 SMAPE, 6 MAE, 7 RMSE, 8 step size (always 1 period); omitted: all rows.
 * @returns Label / value rows.
 */
export function forecastStats(values: any[][], season_length?: any, statistic_type?: any): any[][] {
  return run("FORECAST.STATS", (ctx) => {
    const type = scalarArg(ctx, statistic_type, 2) === null ? 0 : integerArg(ctx, statistic_type, 2, 1, 8);
    const fit = fitOrFail(ctx, seriesArg(ctx, values, 0), seasonArg(ctx, season_length, 1));
    const na = ctx.error("notAvailable");
    if (type > 0) {
      const key = ETS_STAT_ORDER[type - 1];
      const x = key === "step" ? 1 : fit[key];
      return [[Number.isFinite(x) ? x : na]];
    }
    const rows: [string, number][] = [
      ["alpha", fit.alpha],
      ["beta", fit.beta],
      ["gamma", fit.gamma],
      ["mae", fit.mae],
      ["rmse", fit.rmse],
      ["mase", fit.mase],
      ["smape", fit.smape],
      ["season", fit.seasonLength],
      ["points", fit.n],
    ];
    return rows.map(([key, x]) => [ctx.msg(`functions.label.${key}`), Number.isFinite(x) ? x : na]);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Market

/**
 * Market share = own sales / total market sales (in value or in volume: use the same unit for both). Without market: each value's share of the range's total.
 * @customfunction SHARE SHARE
 * @param own Own sales: a cell or a range.
 * @param [market] Total market sales: a cell or a range of the same size; omitted: the total of own.
 * @returns A market share per value.
 */
export function share(own: any[][], market?: any[][]): any[][] {
  return run("SHARE", (ctx) => {
    const zero = div0(ctx);
    const impossible = ctx.error("invalidNumber", "functions.cell.impossible");
    if (market !== null && market !== undefined) {
      return elementwise(ctx, [{ value: own, index: 0 }, { value: market, index: 1 }], (o, m) => {
        if (m === 0) return zero;
        const s = marketShare(o, m);
        return s === s ? s : impossible;
      });
    }
    const g = numbersArg(ctx, own, 0, true);
    sharesOrFail(ctx, toShares(g.values, "sales"), 0);
    return spill(sharesOfTotal(g.values), g.rows, g.cols, () => impossible, g.values);
  });
}

/**
 * Relative market share (BCG) = own sales (or share) / those of the largest competitor; for the leader this is own / number two. Not share / (1 - share).
 * @customfunction RELSHARE RELSHARE
 * @param own Own sales or share: a cell or a range.
 * @param competitors Competitors' sales or shares, in the same unit, not including own.
 * @returns The relative market share per own value.
 */
export function relshare(own: any[][], competitors: any[][]): any[][] {
  return run("RELSHARE", (ctx) => {
    const comp = numbersArg(ctx, competitors, 1, true);
    for (let i = 0; i < comp.values.length; i++) if (comp.values[i] < 0) ctx.fail("invalidNumber", "functions.market.negative", { arg: ctx.argName(1) });
    // relativeShare(0, ...) is 0 when some competitor is above 0, NaN when none is.
    if (relativeShare(0, comp.values) !== 0) ctx.fail("divisionByZero", "functions.market.noCompetitor", { arg: ctx.argName(1) });
    const impossible = ctx.error("invalidNumber", "functions.cell.impossible");
    return elementwise(ctx, [{ value: own, index: 0 }], (o) => {
      const r = relativeShare(o, comp.values);
      return r === r ? r : impossible;
    });
  });
}

/**
 * Herfindahl-Hirschman index: the sum of the squared market shares in percent (0 to 10,000), from the sales or the shares of every firm in the market.
 * @customfunction HHI HHI
 * @param sales_or_shares Sales (or shares) of the firms of one market; empty cells skipped.
 * @param [read_as] "auto" (default: values adding up to 100 % within one point, 0.99 to 1.01 or 99 to 101, are shares as typed; any other values are sales), "sales" or "shares" (shares of the whole market, not rescaled: e.g. the top firms only).
 * @returns The HHI in points.
 */
export function hhi(sales_or_shares: any[][], read_as?: any): number {
  return run("HHI", (ctx) => {
    const g = numbersArg(ctx, sales_or_shares, 0, true);
    return hhiOfShares(sharesOrFail(ctx, toShares(g.values, readAsArg(ctx, read_as, 1)), 0));
  });
}

/**
 * Increase of the HHI when two firms merge: 2 x share_a x share_b, shares in percent. Shares as fractions (25%) or as points (25): when either is above 1 both are read as points.
 * @customfunction HHI.DELTA HHI.DELTA
 * @param share_a Market share of the first firm: a cell or a range.
 * @param share_b Market share of the second firm, same size.
 * @returns The HHI increase in points.
 */
export function hhiDeltaFn(share_a: any[][], share_b: any[][]): any[][] {
  return run("HHI.DELTA", (ctx) => {
    const impossible = ctx.error("invalidNumber", "functions.cell.impossible");
    return elementwise(ctx, [{ value: share_a, index: 0 }, { value: share_b, index: 1 }], (a, b) => {
      const d = hhiDelta(a, b);
      return d === d ? d : impossible;
    });
  });
}

/**
 * Verdict on market concentration from the HHI (and ΔHHI of a merger), naming its source: "EU2004" (EU horizontal merger guidelines, default) or "US2023" (DOJ/FTC merger guidelines).
 * @customfunction CONCENTRATION CONCENTRATION
 * @param hhi HHI after the merger (0 to 10,000): a cell or a range.
 * @param [delta] ΔHHI of the merger (>= 0); omitted: the verdict says which ΔHHI would matter.
 * @param [rules] "EU2004" (default) or "US2023".
 * @param [combined_share] US2023 only: combined share of the merging firms (e.g. 35%).
 * @returns The verdict, with its source.
 */
export function concentration(hhi: any[][], delta?: any[][], rules?: any, combined_share?: any[][]): any[][] {
  return run("CONCENTRATION", (ctx) => {
    const rs = choiceArg(ctx, rules, 2, RULES_WORDS, "EU2004" as ConcentrationRules, ctx.lang === "fr" ? "\"UE2004\", \"US2023\"" : "\"EU2004\", \"US2023\"");
    const impossible = ctx.error("invalidNumber", "functions.cell.impossible");
    const source = ctx.msg(`functions.conc.source.${rs}`);
    return elementwise(
      ctx,
      [{ value: hhi, index: 0 }, { value: delta, index: 1, optional: true }, { value: combined_share, index: 3, optional: true }],
      (h, d, s) => {
        const share = s > 1 ? s / 100 : s;
        const v = concentrationVerdict(h, d === d ? d : undefined, rs, share === share ? share : undefined);
        if (!v) return impossible;
        const params: Record<string, string | number> = { source };
        for (const [k, x] of Object.entries(v.params)) params[k] = Math.round(x * 10) / 10;
        return ctx.msg(v.key, params);
      },
    );
  });
}

/**
 * Concentration ratio CRk: the sum of the k largest market shares, from the sales or the shares of the firms of one market.
 * @customfunction CRK CRK
 * @param shares Sales (or shares) of the firms of one market; empty cells skipped.
 * @param k Number of firms (e.g. 4 for CR4).
 * @param [read_as] "auto" (default), "sales" or "shares", as for OPS.HHI.
 * @returns The combined share of the k largest firms.
 */
export function crk(shares: any[][], k: any, read_as?: any): number {
  return run("CRK", (ctx) => {
    const g = numbersArg(ctx, shares, 0, true);
    const n = integerArg(ctx, k, 1, 1, 1_000_000);
    return concentrationRatioOfShares(sharesOrFail(ctx, toShares(g.values, readAsArg(ctx, read_as, 2)), 0), n);
  });
}

/**
 * Competitor price index = own price / average competitor price x 100 (above 100 = dearer than competitors). Several products: the mean of their indices weighted by volume.
 * @customfunction PRICEINDEX PRICEINDEX
 * @param own_price Own price, or one own price per product (a column).
 * @param competitor_prices Competitor prices: for one product any range; for several, one row per product (one column per competitor).
 * @param [weights] Volumes: one per product (or, for one product, one per competitor price); omitted: equal weights.
 * @returns The price index (100 = same price level).
 */
export function priceindex(own_price: any[][], competitor_prices: any[][], weights?: any[][]): number {
  return run("PRICEINDEX", (ctx) => {
    const own = numbersArg(ctx, own_price, 0, true);
    const comp = numbersArg(ctx, competitor_prices, 1, true);
    const w = numbersArg(ctx, weights, 2);
    if (!isVector(own)) ctx.fail("invalidValue", "functions.arg.vector", { arg: ctx.argName(0) });
    for (const g of [own, comp, w]) if (g) for (let i = 0; i < g.values.length; i++) if (g.values[i] < 0) ctx.fail("invalidNumber", "functions.market.negative", { arg: ctx.argName(g === own ? 0 : g === comp ? 1 : 2) });
    const n = own.values.length;
    let result: number;
    if (n === 1) {
      if (own.values[0] !== own.values[0]) ctx.fail("invalidValue", "functions.arg.required", { arg: ctx.argName(0) });
      if (w && w.values.length !== 1) sameCount(ctx, comp, 1, w, 2);
      result = priceIndexOne(own.values[0], comp.values, w && w.values.length > 1 ? w.values : undefined);
    } else {
      // One row of competitor prices per product (own as a column), or one column per product (own as a row).
      const byRows = own.cols === 1;
      const products = byRows ? comp.rows : comp.cols;
      if (products !== n) ctx.fail("notAvailable", "functions.market.shape", { arg: ctx.argName(1), n });
      if (w) sameCount(ctx, own, 0, w, 2);
      const per = byRows ? comp.cols : comp.rows;
      const indices = new Float64Array(n);
      const prices = new Float64Array(per);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < per; j++) prices[j] = byRows ? comp.values[i * comp.cols + j] : comp.values[j * comp.cols + i];
        indices[i] = own.values[i] === own.values[i] ? priceIndexOne(own.values[i], prices) : NaN;
      }
      result = priceIndexMany(indices, w ? w.values : undefined);
    }
    if (!Number.isFinite(result)) ctx.fail("divisionByZero", "functions.market.noCompetitor", { arg: ctx.argName(1) });
    return result;
  });
}

/**
 * BCG matrix quadrant from relative market share (>= 1 = high) and market growth (>= threshold = high): STAR, CASH_COW, QUESTION_MARK or DOG.
 * @customfunction BCG BCG
 * @param relative_share Relative market share (OPS.RELSHARE): a cell or a range.
 * @param market_growth Growth of the market (e.g. 12%), same size.
 * @param [growth_threshold] Growth separating high from low (default 10%).
 * @returns The quadrant code.
 */
export function bcg(relative_share: any[][], market_growth: any[][], growth_threshold?: any[][]): any[][] {
  return run("BCG", (ctx) => {
    const impossible = ctx.error("invalidNumber", "functions.cell.impossible");
    return elementwise(
      ctx,
      [{ value: relative_share, index: 0 }, { value: market_growth, index: 1 }, { value: growth_threshold, index: 2, optional: true }],
      (rs, g, th) => bcgQuadrant(rs, g, th === th ? th : 0.1) ?? impossible,
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Price–volume–mix

const PVM_ARG: Record<PvmIssue["input"], number> = { basePrice: 0, baseVolume: 1, currentPrice: 2, currentVolume: 3 };

/**
 * Price-volume-mix analysis of the revenue change between two periods, one row per product. New and lost products get their own lines, never the price effect.
 * @customfunction PVM PVM
 * @param base_prices Unit prices in the base period, one per product.
 * @param base_volumes Volumes in the base period (empty or 0 = not sold).
 * @param current_prices Unit prices in the current period.
 * @param current_volumes Volumes in the current period (empty or 0 = not sold).
 * @returns Label / amount rows: base revenue, volume, mix, price, new, lost, current revenue, total change.
 */
export function pvm(base_prices: any[][], base_volumes: any[][], current_prices: any[][], current_volumes: any[][]): any[][] {
  return run("PVM", (ctx) => {
    const g = [numbersArg(ctx, base_prices, 0, true), numbersArg(ctx, base_volumes, 1, true), numbersArg(ctx, current_prices, 2, true), numbersArg(ctx, current_volumes, 3, true)];
    for (let j = 1; j < 4; j++) sameCount(ctx, g[0], 0, g[j], j);
    const r = priceVolumeMix(g[0].values, g[1].values, g[2].values, g[3].values);
    if (r.issues.length > 0) {
      const first = r.issues[0];
      const arg = ctx.argName(PVM_ARG[first.input]);
      ctx.fail("invalidValue", `functions.pvm.${first.code}`, { arg, row: first.index + 1, value: first.value ?? "" });
    }
    const rows: [string, number][] = [
      ["baseRevenue", r.baseRevenue],
      ["volume", r.volume],
      ["mix", r.mix],
      ["price", r.price],
      ["new", r.newProducts],
      ["lost", r.lostProducts],
      ["currentRevenue", r.currentRevenue],
      ["total", r.total],
    ];
    return rows.map(([key, x]) => [ctx.msg(`functions.label.${key}`), x]);
  });
}
