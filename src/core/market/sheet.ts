/**
 * The "OPS Market" sheet as cells and native charts (issue 10), pure. Top to bottom in columns A–L:
 *   title, sources (competitor table, sales ledger), own company, conventions (shares, HHI, price index, verdict source);
 *   per market, the latest period's headline (own share, change in points vs the previous period and a year before,
 *   rank, relative share, HHI, CR4, verdict, market growth, price index, BCG quadrant);
 *   per market, the shares by period (the largest competitors one by one, the rest as "Others") with a chart of the
 *   shares over time; the BCG block (relative share, market growth, own sales per market) with a bubble chart on a
 *   log axis; the price index per market with a bar chart;
 *   the price–volume–mix bridge between the two periods chosen, as a table and a waterfall (stacked columns: an
 *   unfilled base, then the start / end totals, increases and decreases as their own coloured series: the chart API
 *   has no "set as total" for Excel's Waterfall type), the margin bridge the same way, and the bridge by value.
 * Charts sit in columns N–W beside their blocks.
 */
import { cellNumber, colLetter, SheetBuilder, type SheetModel } from "../charts/sheet-model";
import type { ChartSpec } from "../charts/spec";
import { formatMessage, t } from "../i18n";
import { CHANGE_FORMAT, dateFormat, defaultCurrencyFormat, INT_FORMAT, PERCENT_FORMAT, POINTS_FORMAT } from "../share/summary";
import type { CellValue, DataSet, Lang, OpsMessage } from "../types";
import type { BridgeResult } from "./bridge";
import type { MarketAnalysis, MarketPeriod, MarketSeries } from "./table";

export const MARKET_WIDTH = 12;
const CHART_COL = 13;
const CHART_COLS = 10;
const CHART_ROWS = 17;
/** Competitors shown one by one in the shares block (the rest: "Others"). */
export const MAX_COMPETITORS = 6;
const MAX_BRIDGE_ROWS = 25;
const MAX_NOTES = 20;
export const SHARES_CHART_KEY = (i: number) => `market_shares_${i + 1}`;
export const BCG_CHART_KEY = "market_bcg";
export const PRICE_CHART_KEY = "market_price";
export const BRIDGE_CHART_KEY = "market_bridge";
export const MARGIN_BRIDGE_CHART_KEY = "market_marginBridge";
const COLORS = { total: "#1F4E79", up: "#548235", down: "#C00000", bar: "#2E75B6", own: "#ED7D31" };
const POINTS_CELL = POINTS_FORMAT;
const INDEX_FORMAT = "0.0";
const RATIO_FORMAT = "0.00";

export interface MarketSheetInput {
  lang: Lang;
  market?: { source: Pick<DataSet, "sheet" | "tableName" | "address">; analysis: MarketAnalysis };
  bridge?: { source: Pick<DataSet, "sheet" | "tableName" | "address">; result: BridgeResult };
  currencyFormat?: string;
  preparedAt?: number;
}

const pts = (x: number): CellValue => (Number.isFinite(x) ? Math.round(x * 1e10) / 1e10 : "");

function sourceText(source: Pick<DataSet, "sheet" | "tableName" | "address">, lang: Lang): string {
  return source.tableName ? t("summary.sourceTable", lang, { table: source.tableName, sheet: source.sheet, address: source.address }) : t("summary.sourceRange", lang, { sheet: source.sheet, address: source.address });
}

/** A concentration verdict in words: its sentence with the HHI rounded and its source named. */
export function verdictText(v: NonNullable<MarketPeriod["verdict"]>, lang: Lang): string {
  const params: Record<string, string | number> = { source: v.source };
  for (const [k, x] of Object.entries(v.params)) params[k] = k === "share" ? x : Math.round(x);
  const text = t(v.key, lang, params);
  return text.includes(v.source) ? text : `${text} (${v.source})`;
}

/** The latest period of a market with a known total. */
export function latestPeriod(m: MarketSeries): MarketPeriod | undefined {
  for (let i = m.periods.length - 1; i >= 0; i--) if (m.periods[i].totalValue > 0 || m.periods[i].totalVolume > 0) return m.periods[i];
  return undefined;
}

/** The cells and charts of the "OPS Market" sheet. */
export function marketSheetModel(input: MarketSheetInput): SheetModel {
  const { lang } = input;
  const L = (k: string, p?: Record<string, string | number>) => t(k, lang, p);
  const currency = input.currencyFormat ?? defaultCurrencyFormat(lang);
  const b = new SheetBuilder(MARKET_WIDTH);
  const charts: ChartSpec[] = [];
  const messages: OpsMessage[] = [];
  const analysis = input.market?.analysis;
  const bridge = input.bridge?.result;

  b.push([L("market.sheet.title")], [], "title");
  if (input.market) b.push([L("market.sheet.marketSource"), sourceText(input.market.source, lang)], [], "subtitle");
  if (input.bridge) b.push([L("market.sheet.ledgerSource"), sourceText(input.bridge.source, lang)], [], "subtitle");
  if (analysis) b.push([L("market.sheet.own"), analysis.own ?? L("market.sheet.ownNone")], [], "subtitle");
  if (analysis) b.push([L("market.sheet.convention"), L(analysis.markets[0]?.basis === "volume" ? "market.sheet.conventionVolume" : "market.sheet.conventionValue")], [], "subtitle");
  if (input.preparedAt !== undefined) b.push([L("summary.prepared"), input.preparedAt], [undefined, dateFormat(lang)], "subtitle");
  b.blank();

  // Headline per market.
  const markets = analysis?.markets ?? [];
  if (markets.length > 0) {
    b.push([L("market.sheet.headline")], [], "heading");
    b.push(
      [L("market.col.market"), L("market.col.period"), L("market.col.ownShare"), L("market.col.changePts"), L("market.col.yoyPts"), L("market.col.rank"), L("market.col.relativeShare"), "HHI", "CR4", L("market.col.growth"), L("market.col.priceIndex"), L("market.col.bcg")],
      [],
      "tableHeader",
    );
    const verdicts: string[] = [];
    for (const m of markets) {
      const p = latestPeriod(m);
      if (!p) continue;
      const o = p.own;
      const growth = Number.isFinite(p.growthYoy) ? p.growthYoy : p.growth;
      b.push(
        [m.name, p.label, o ? cellNumber(o.share) : "", o ? pts(o.shareChangePts) : "", o ? pts(o.shareChangeYoyPts) : "", o ? o.rank : "", o ? cellNumber(o.relativeShare) : "", cellNumber(p.hhi), cellNumber(p.cr4), cellNumber(growth), o ? cellNumber(o.priceIndex) : "", o?.bcg ? L(`market.bcg.${o.bcg}`) : ""],
        [undefined, undefined, PERCENT_FORMAT, POINTS_CELL, POINTS_CELL, INT_FORMAT, RATIO_FORMAT, INT_FORMAT, PERCENT_FORMAT, CHANGE_FORMAT, INDEX_FORMAT],
        "label",
      );
      if (p.verdict) verdicts.push(`${m.name} : ${verdictText(p.verdict, lang)}`);
    }
    for (const v of verdicts) b.push([v], [], "note");
    b.blank();

    // Shares by period, per market.
    markets.forEach((m, i) => {
      const shown = topCompetitors(m, analysis!.own);
      const hasOthers = m.competitorNames.length > shown.length;
      b.push([L("market.sheet.sharesOf", { market: m.name })], [], "heading");
      const header: CellValue[] = [L("market.col.period"), ...shown, ...(hasOthers ? [L("market.others")] : []), L("market.col.marketTotal"), "HHI"];
      const W = header.length;
      b.push(header.slice(0, MARKET_WIDTH), [], "tableHeader");
      const first = b.next;
      for (const p of m.periods) {
        const byName = new Map(p.competitors.map((c) => [c.name, c]));
        if (p.own) byName.set(p.own.name, p.own);
        const shares = shown.map((n) => cellNumber(byName.get(n)?.share ?? NaN));
        let rest = 0;
        for (const c of p.competitors) if (!shown.includes(c.name) && Number.isFinite(c.share)) rest += c.share;
        const row: CellValue[] = [p.label, ...shares, ...(hasOthers ? [cellNumber(rest)] : []), cellNumber(m.basis === "volume" ? p.totalVolume : p.totalValue), cellNumber(p.hhi)];
        const fmts = [undefined, ...shown.map(() => PERCENT_FORMAT), ...(hasOthers ? [PERCENT_FORMAT] : []), m.basis === "volume" ? INT_FORMAT : currency, INT_FORMAT];
        b.push(row.slice(0, MARKET_WIDTH), fmts.slice(0, MARKET_WIDTH), "label");
      }
      const last = b.next - 1;
      const nSeries = Math.min(W - 3, MARKET_WIDTH - 3);
      if (last > first - 1 && nSeries > 0) {
        const stacked = m.periods.length <= 12;
        charts.push({
          key: SHARES_CHART_KEY(i),
          kind: stacked ? "columnStacked" : "line",
          title: L("market.chart.shares", { market: m.name }),
          series: Array.from({ length: nSeries }, (_, k) => ({
            name: String(header[k + 1]),
            values: `${colLetter(k + 1)}${first}:${colLetter(k + 1)}${last}`,
            categories: `A${first}:A${last}`,
            ...(header[k + 1] === analysis!.own ? { color: COLORS.own, line: { style: "continuous" as const, weight: 2.5 } } : { line: { style: "continuous" as const, weight: 1.5 } }),
            marker: "none" as const,
          })),
          anchor: anchorAt(first - 2, CHART_ROWS),
          valueAxis: { numberFormat: "0%", minimum: 0, ...(stacked ? { maximum: 1 } : {}) },
          legend: "bottom",
          ...(stacked ? { gapWidth: 50, overlap: 100 } : {}),
        });
      }
      b.blank();
      // Leave room for the chart beside a short block.
      while (b.next < first - 2 + CHART_ROWS + 1) b.blank();
    });

    // BCG and price positioning (own company per market).
    const own = markets.map((m) => ({ m, p: latestPeriod(m) })).filter((x) => x.p?.own);
    if (own.length > 0) {
      b.push([L("market.sheet.bcg")], [], "heading");
      b.push([L("market.col.market"), L("market.col.relativeShare"), L("market.col.growth"), L("market.col.ownSales"), L("market.col.bcg"), L("market.col.priceIndex")], [], "tableHeader");
      const first = b.next;
      for (const { m, p } of own) {
        const o = p!.own!;
        const growth = Number.isFinite(p!.growthYoy) ? p!.growthYoy : p!.growth;
        b.push([m.name, cellNumber(o.relativeShare), cellNumber(growth), cellNumber(m.basis === "volume" ? o.volume : o.value), o.bcg ? L(`market.bcg.${o.bcg}`) : "", cellNumber(o.priceIndex)], [undefined, RATIO_FORMAT, CHANGE_FORMAT, m.basis === "volume" ? INT_FORMAT : currency, undefined, INDEX_FORMAT], "label");
      }
      const last = b.next - 1;
      b.push([L("market.sheet.bcgNote")], [], "note");
      charts.push({
        key: BCG_CHART_KEY,
        kind: "bubble",
        title: L("market.chart.bcg", { own: analysis!.own ?? "" }),
        series: own.map(({ m }, k) => ({ name: m.name, values: `C${first + k}:C${first + k}`, categories: `B${first + k}:B${first + k}`, bubbleSizes: `D${first + k}:D${first + k}` })),
        anchor: anchorAt(first - 2, CHART_ROWS),
        categoryAxis: { title: L("market.col.relativeShare"), logBase: 10 },
        valueAxis: { title: L("market.col.growth"), numberFormat: "0%" },
        legend: "bottom",
      });
      if (own.some(({ p }) => Number.isFinite(p!.own!.priceIndex))) {
        charts.push({
          key: PRICE_CHART_KEY,
          kind: "barClustered",
          title: L("market.chart.price", { own: analysis!.own ?? "" }),
          series: [{ name: L("market.col.priceIndex"), values: `F${first}:F${last}`, categories: `A${first}:A${last}`, color: COLORS.bar, dataLabels: { showValue: true, numberFormat: INDEX_FORMAT } }],
          anchor: anchorAt(first - 2 + CHART_ROWS + 1, CHART_ROWS),
          valueAxis: { numberFormat: "0", minimum: Math.min(90, Math.floor(Math.min(...own.map(({ p }) => p!.own!.priceIndex).filter(Number.isFinite)) / 10) * 10) },
          legend: "none",
          gapWidth: 80,
        });
      }
      b.blank();
      while (b.next < first - 2 + 2 * (CHART_ROWS + 1)) b.blank();
    }
  }

  // The price–volume–mix bridge.
  if (bridge?.ok) {
    const dim = bridge.dimensionHeader ?? L(`pane.role.${bridge.dimension}`);
    b.push([L("market.sheet.bridge", { base: bridge.base.label, current: bridge.current.label, dimension: dim })], [], "heading");
    const steps: [string, number, "total" | "step"][] = [[L("market.bridge.start", { period: bridge.base.label }), bridge.baseRevenue, "total"]];
    if (bridge.hasVolume) steps.push([L("market.bridge.volume"), bridge.volume, "step"], [L("market.bridge.mix"), bridge.mix, "step"], [L("market.bridge.price"), bridge.price, "step"]);
    else steps.push([L("market.bridge.continuing"), bridge.continuingChange, "step"]);
    steps.push([L("market.bridge.new"), bridge.newProducts, "step"], [L("market.bridge.lost"), bridge.lostProducts, "step"]);
    if (bridge.other !== 0) steps.push([L("market.bridge.other"), bridge.other, "step"]);
    steps.push([L("market.bridge.end", { period: bridge.current.label }), bridge.currentRevenue, "total"]);
    waterfall(b, charts, steps, currency, BRIDGE_CHART_KEY, L("market.chart.bridge", { base: bridge.base.label, current: bridge.current.label }), lang);
    const mg = bridge.margin;
    if (mg) {
      b.push([L("market.sheet.marginBridge", { base: bridge.base.label, current: bridge.current.label })], [], "heading");
      const ms: [string, number, "total" | "step"][] = [[L("market.bridge.marginStart", { period: bridge.base.label }), mg.base, "total"]];
      if (bridge.hasVolume) ms.push([L("market.bridge.volume"), mg.volume, "step"], [L("market.bridge.mix"), mg.mix, "step"], [L("market.bridge.price"), mg.price, "step"], [L("market.bridge.cost"), mg.cost, "step"]);
      ms.push([L("market.bridge.new"), mg.newProducts, "step"], [L("market.bridge.lost"), mg.lostProducts, "step"]);
      if (mg.other !== 0 || !bridge.hasVolume) ms.push([L(bridge.hasVolume ? "market.bridge.other" : "market.bridge.continuing"), mg.other + (bridge.hasVolume ? 0 : mg.volume + mg.mix + mg.price + mg.cost), "step"]);
      ms.push([L("market.bridge.marginEnd", { period: bridge.current.label }), mg.current, "total"]);
      waterfall(b, charts, ms, currency, MARGIN_BRIDGE_CHART_KEY, L("market.chart.marginBridge", { base: bridge.base.label, current: bridge.current.label }), lang);
    }
    // By value.
    b.push([L("market.sheet.bridgeBy", { dimension: dim })], [], "heading");
    b.push([dim, L("market.col.baseRevenue", { period: bridge.base.label }), L("market.col.currentRevenue", { period: bridge.current.label }), L("market.bridge.volume"), L("market.bridge.mix"), L("market.bridge.price"), L("market.col.newLost"), L("market.bridge.other"), L("market.col.effect"), L("market.col.status")], [], "tableHeader");
    const rows = bridge.rows.slice(0, MAX_BRIDGE_ROWS);
    const money = [undefined, currency, currency, currency, currency, currency, currency, currency, currency];
    for (const r of rows) b.push([r.key, cellNumber(r.baseRevenue), cellNumber(r.currentRevenue), cellNumber(r.volume), cellNumber(r.mix), cellNumber(r.price), cellNumber(r.newOrLost), cellNumber(r.other), cellNumber(r.effect), L(`market.bucket.${r.bucket}`)], money, "label");
    if (bridge.rows.length > rows.length) {
      const rest = bridge.rows.slice(rows.length);
      const sum = (f: (r: (typeof rest)[number]) => number) => rest.reduce((a, r) => a + (Number.isFinite(f(r)) ? f(r) : 0), 0);
      b.push([L("market.othersCount", { count: rest.length }), sum((r) => r.baseRevenue), sum((r) => r.currentRevenue), sum((r) => r.volume), sum((r) => r.mix), sum((r) => r.price), sum((r) => r.newOrLost), sum((r) => r.other), sum((r) => r.effect), ""], money, "label");
    }
    b.push([L("market.total"), cellNumber(bridge.baseRevenue), cellNumber(bridge.currentRevenue), cellNumber(bridge.volume), cellNumber(bridge.mix), cellNumber(bridge.price), cellNumber(bridge.newProducts + bridge.lostProducts), cellNumber(bridge.other), cellNumber(bridge.total), ""], money, "total");
    b.push([L("market.bridge.convention")], [], "note");
    b.blank();
  }

  // Notes.
  const notes = [...(analysis?.messages ?? []), ...(bridge?.messages ?? [])];
  if (notes.length > 0) {
    b.push([L("trends.sheet.notes")], [], "heading");
    for (const m of notes.slice(0, MAX_NOTES)) b.push([formatMessage(m, lang)], [], "note");
    if (notes.length > MAX_NOTES) b.push([L("trends.sheet.moreNotes", { count: notes.length - MAX_NOTES })], [], "note");
  }
  messages.push(...notes);
  const lastRow = Math.max(b.rows.length, ...charts.map((c) => Number(/\d+$/.exec(c.anchor.to)![0])));
  return {
    rows: b.rows,
    formats: b.formats,
    styles: b.styles,
    width: MARKET_WIDTH,
    widths: [170, 95, 95, 95, 95, 95, 95, 95, 95, 95, 95, 110],
    printArea: `A1:${colLetter(CHART_COL + CHART_COLS - 1)}${lastRow}`,
    charts,
    messages,
  };
}

function anchorAt(row: number, rows: number) {
  const r = Math.max(1, row);
  return { from: `${colLetter(CHART_COL)}${r}`, to: `${colLetter(CHART_COL + CHART_COLS - 1)}${r + rows - 1}` };
}

/** The competitors shown one by one in a market's shares block: the own company first, then the largest in the latest period. */
function topCompetitors(m: MarketSeries, own: string | undefined): string[] {
  const p = latestPeriod(m);
  const ranked = p ? [...p.competitors].sort((a, b) => a.rank - b.rank).map((c) => c.name) : [];
  for (const n of m.competitorNames) if (!ranked.includes(n)) ranked.push(n);
  const ownName = p?.own?.name ?? (own && m.competitorNames.includes(own) ? own : undefined);
  const list = ownName ? [ownName, ...ranked.filter((n) => n !== ownName)] : ranked;
  return list.slice(0, Math.min(MAX_COMPETITORS, MARKET_WIDTH - 4));
}

/**
 * A waterfall block: label, effect, running total, then the chart's series — an unfilled base, the totals, the
 * increases and the decreases (each its own colour); and its stacked-column chart beside it.
 */
function waterfall(b: SheetBuilder, charts: ChartSpec[], steps: [string, number, "total" | "step"][], currency: string, key: string, title: string, lang: Lang): void {
  const L = (k: string) => t(k, lang);
  b.push([L("market.col.step"), L("market.col.effect"), L("market.col.running"), L("market.col.base"), L("market.col.total"), L("market.col.increase"), L("market.col.decrease")], [], "tableHeader");
  const first = b.next;
  let running = 0;
  for (const [label, v, kind] of steps) {
    const value = Number.isFinite(v) ? v : 0;
    if (kind === "total") {
      running = value;
      b.push([label, cellNumber(v), running, 0, value, "", ""], [undefined, currency, currency, currency, currency, currency, currency], "total");
      continue;
    }
    const before = running;
    running += value;
    const lo = Math.min(before, running);
    b.push([label, cellNumber(v), running, lo, "", value >= 0 ? value : "", value < 0 ? -value : ""], [undefined, currency, currency, currency, currency, currency, currency], "label");
  }
  const last = b.next - 1;
  const cats = `A${first}:A${last}`;
  const labelFormat = currency.replace(/\.00/g, "");
  charts.push({
    key,
    kind: "columnStacked",
    title,
    series: [
      { name: L("market.col.base"), values: `D${first}:D${last}`, categories: cats, fill: "none", hideInLegend: true },
      { name: L("market.col.total"), values: `E${first}:E${last}`, categories: cats, color: COLORS.total, dataLabels: { showValue: true, numberFormat: labelFormat } },
      { name: L("market.col.increase"), values: `F${first}:F${last}`, categories: cats, color: COLORS.up, dataLabels: { showValue: true, numberFormat: labelFormat } },
      { name: L("market.col.decrease"), values: `G${first}:G${last}`, categories: cats, color: COLORS.down, dataLabels: { showValue: true, numberFormat: labelFormat } },
    ],
    anchor: anchorAt(first - 2, CHART_ROWS),
    valueAxis: { numberFormat: labelFormat },
    legend: "bottom",
    gapWidth: 50,
    overlap: 100,
  });
  b.blank();
  while (b.next < first - 2 + CHART_ROWS + 1) b.blank();
}
