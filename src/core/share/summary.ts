/**
 * The "OPS Summary" sheet as plain cells: a one-page management summary in the user's language. Pure: no Office.
 * The Excel side (src/excel/summary.ts) writes the cells (escaping every string), applies the number formats given
 * here, bolds the rows by style, and sets up the page (A4, fit to one page wide, print area `printArea`).
 *
 * Layout (five columns, A:E):
 *   title; source table; period; date of preparation (a date serial)
 *   key figures: revenue checked, overall margin rate with its basis, how it is computed (Σ margin / Σ base, never an
 *   average of rates), rows checked, breaches, warnings, revenue in breach and its share, shortfall to target
 *   by segment: segment | revenue | rate (basis) | breaches | shortfall, the segments with the largest shortfall first
 *   (the compliance engine's order), the rest grouped in one "others" row, then the total (the result's figures)
 *   trend headlines and market headlines when given (optional inputs: the trends / market sheets fill them)
 *   a footer line (what the rates mean)
 *   below: a column chart of the rate by segment (a ChartSpec: the adapter draws it natively), in the print area
 *
 * Figures are the compliance result's own (summary.revenueChecked, summary.overallRate...): nothing is recomputed
 * except the "others" row, whose rate is Σ margin / Σ base of its segments (base = revenue on the sales basis,
 * revenue − margin = cost on the cost basis).
 */
import type { ChartSpec } from "../charts/spec";
import { t } from "../i18n";
import { ymdFromSerial } from "../parse/dates";
import type { ComplianceResult, MarginBasis, SegmentSummary } from "../policy-types";
import type { CellValue, DataSet, Lang, OpsMessage } from "../types";

/** A headline figure of another OPS sheet (trends, market): label, value, optional change and period. */
export interface Headline {
  label: string;
  /** The figure (a number is formatted by `format`; a text is written as text). */
  lastValue: number | string;
  /** How lastValue is shown (default "number"). */
  format?: HeadlineFormat;
  /** Change since the previous period: a fraction (0.05 = +5 %) when changeKind is "relative", points (0.02 = +2 pts) for "points". */
  change?: number;
  changeKind?: "relative" | "points";
  /** The period the value belongs to ("2024-12", "T4 2024"). */
  period?: string;
}

export type HeadlineFormat = "currency" | "percent" | "int" | "number";

export interface MarketHeadlines {
  /** The market named (e.g. "Boulangerie Île-de-France"), when known. */
  market?: string;
  lines: Headline[];
}

/** A period of the data, as Excel serials of the 1900 date system (inclusive), or as labels. */
export interface SummaryPeriod {
  from?: number;
  to?: number;
  /** Labels when the data has periods as text ("2024-01" … "2024-12") rather than dates. */
  fromLabel?: string;
  toLabel?: string;
}

export interface SummaryInput {
  lang: Lang;
  /** The source checked. */
  source: { sheet: string; tableName?: string; address: string };
  result: ComplianceResult;
  /** The period the data covers (see dataPeriod); undefined: "not stated". */
  period?: SummaryPeriod;
  /** Date of preparation: an Excel serial in the workbook's date system (written as a date). */
  preparedAt: number;
  /** The workbook's currency format (default € in French, plain in English). */
  currencyFormat?: string;
  trends?: Headline[];
  market?: MarketHeadlines;
  /** Segments listed one by one before the rest are grouped (default 12, for one printed page). */
  maxSegments?: number;
}

export type SummaryRowStyle = "title" | "subtitle" | "heading" | "label" | "tableHeader" | "total" | "note" | "blank";

export interface SummaryModel {
  /** Rows of `width` cells ("" for empty). */
  rows: CellValue[][];
  /** Number format per cell (same shape as rows; "General" for none). */
  formats: string[][];
  /** Style per row. */
  styles: SummaryRowStyle[];
  width: number;
  /** The print area, e.g. "A1:E46" (the rows and the chart below them). */
  printArea: string;
  /** Native charts of the sheet (src/core/charts/spec.ts): the rate by segment, below the rows, when there are two segments or more. */
  charts: ChartSpec[];
  /** Information (segments grouped, no segment dimension...). */
  messages: OpsMessage[];
}

export const SUMMARY_WIDTH = 5;
/** Rows the segment chart takes below the summary's rows (one blank row, then the chart). */
export const CHART_ROWS = 16;
export const SEGMENT_CHART_KEY = "summary_rateBySegment";
export const DEFAULT_MAX_SEGMENTS = 12;
export const PERCENT_FORMAT = "0.0%";
export const CHANGE_FORMAT = "+0.0%;-0.0%;0.0%";
export const POINTS_FORMAT = '+0.0" pts";-0.0" pts";0.0" pts"';
export const INT_FORMAT = "#,##0";
export const NUMBER_FORMAT = "#,##0.00";

/** The default currency format when the data has none: euros in French, plain two decimals in English. */
export function defaultCurrencyFormat(lang: Lang): string {
  return lang === "fr" ? '#,##0.00\\ "€"' : "#,##0.00";
}

export function dateFormat(lang: Lang): string {
  return lang === "fr" ? "dd/mm/yyyy" : "yyyy-mm-dd";
}

/** A date serial (1900 system) as text in the user's language: 31/12/2024 (fr), 2024-12-31 (en). */
export function dateText(serial: number, lang: Lang): string {
  const { y, m, d } = ymdFromSerial(Math.floor(serial));
  const p = (n: number) => String(n).padStart(2, "0");
  return lang === "fr" ? `${p(d)}/${p(m)}/${y}` : `${y}-${p(m)}-${p(d)}`;
}

/**
 * The period the data covers: the first and last date of its date column (1900-system serials), else the first and
 * last label of its period column in sorted order, else undefined.
 */
export function dataPeriod(data: DataSet): SummaryPeriod | undefined {
  const di = data.roles.date;
  const dcol = di !== undefined ? data.columns[di] : undefined;
  if (dcol?.numbers) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of dcol.numbers) {
      if (v !== v) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo <= hi) return { from: lo, to: hi };
  }
  const pi = data.roles.period;
  const pcol = pi !== undefined ? data.columns[pi] : undefined;
  if (pcol?.text) {
    const labels = [...new Set(pcol.text.filter((x): x is string => !!x))].sort();
    if (labels.length > 0) return { fromLabel: labels[0], toLabel: labels[labels.length - 1] };
  }
  return undefined;
}

/** Rate of a group of segments on the policy basis: Σ margin / Σ revenue (sales) or Σ margin / Σ (revenue − margin) (cost). */
export function segmentsRate(segments: readonly SegmentSummary[], basis: MarginBasis): number {
  let rev = 0;
  let mar = 0;
  for (const s of segments) {
    rev += s.revenue;
    mar += s.margin;
  }
  const base = basis === "cost" ? rev - mar : rev;
  return base > 0 ? mar / base : NaN;
}

const num = (x: number): CellValue => (Number.isFinite(x) ? x : "");

function periodText(p: SummaryPeriod | undefined, lang: Lang): string {
  if (p?.from !== undefined && p.to !== undefined) {
    const from = dateText(p.from, lang);
    const to = dateText(p.to, lang);
    return from === to ? from : t("summary.periodRange", lang, { from, to });
  }
  if (p?.fromLabel !== undefined && p.toLabel !== undefined) {
    return p.fromLabel === p.toLabel ? p.fromLabel : t("summary.periodRange", lang, { from: p.fromLabel, to: p.toLabel });
  }
  return t("summary.periodNone", lang);
}

export function sourceText(source: SummaryInput["source"], lang: Lang): string {
  return source.tableName ? t("summary.sourceTable", lang, { table: source.tableName, sheet: source.sheet, address: source.address }) : t("summary.sourceRange", lang, { sheet: source.sheet, address: source.address });
}

/** The cells of the "OPS Summary" sheet (see the file's header for the layout). */
export function summaryModel(input: SummaryInput): SummaryModel {
  const { lang, result } = input;
  const s = result.summary;
  const L = (k: string, p?: Record<string, string | number>) => t(k, lang, p);
  const currency = input.currencyFormat ?? defaultCurrencyFormat(lang);
  const basisLabel = L(s.basis === "cost" ? "basis.cost" : "basis.sales");
  const W = SUMMARY_WIDTH;
  const rows: CellValue[][] = [];
  const formats: string[][] = [];
  const styles: SummaryRowStyle[] = [];
  const messages: OpsMessage[] = [];
  const push = (cells: CellValue[], fmts: (string | undefined)[], style: SummaryRowStyle) => {
    const r: CellValue[] = new Array(W).fill("");
    const f: string[] = new Array(W).fill("General");
    cells.forEach((v, i) => (r[i] = v));
    fmts.forEach((v, i) => (f[i] = v ?? "General"));
    rows.push(r);
    formats.push(f);
    styles.push(style);
  };
  const blank = () => push([], [], "blank");
  const label = (text: string, value: CellValue, fmt?: string, extra?: CellValue) => push(extra === undefined ? [text, value] : [text, value, extra], [undefined, fmt], "label");
  const fmtOf = (f: HeadlineFormat | undefined) => (f === "currency" ? currency : f === "percent" ? PERCENT_FORMAT : f === "int" ? INT_FORMAT : NUMBER_FORMAT);

  // Heading block.
  push([L("summary.title")], [], "title");
  push([L("summary.source"), sourceText(input.source, lang)], [], "subtitle");
  push([L("summary.period"), periodText(input.period, lang)], [], "subtitle");
  push([L("summary.prepared"), input.preparedAt], [undefined, dateFormat(lang)], "subtitle");
  blank();

  // Key figures.
  push([L("summary.keyFigures")], [], "heading");
  label(L("summary.revenue"), num(s.revenueChecked), currency);
  label(L("summary.rate"), num(s.overallRate), PERCENT_FORMAT, basisLabel);
  label(L("summary.basis"), L(s.basis === "cost" ? "summary.rateHowCost" : "summary.rateHowSales"));
  label(L("summary.rows"), s.rowsChecked, INT_FORMAT);
  label(L("summary.breaches"), s.breaches, INT_FORMAT);
  label(L("summary.warnings"), s.warnings, INT_FORMAT);
  label(L("summary.revenueInBreach"), num(s.revenueInBreach), currency);
  label(L("summary.shareInBreach"), num(s.shareOfRevenueInBreach), PERCENT_FORMAT);
  label(L("summary.shortfall"), num(s.totalShortfall), currency);
  blank();

  // By segment (1-based sheet rows of the segment lines, for the chart).
  let segFirst = 0;
  let segLast = 0;
  let segDimension = "";
  const segs = s.bySegment;
  if (segs.length > 0) {
    const dim = L(`compliance.dim.${segs[0].dimension}`);
    const rateHeader = L(s.basis === "cost" ? "summary.col.rateCost" : "summary.col.rateSales");
    push([L("summary.bySegment", { dimension: dim })], [], "heading");
    push([dim, L("summary.col.revenue"), rateHeader, L("summary.col.breaches"), L("summary.col.shortfall")], [], "tableHeader");
    const max = Math.max(1, input.maxSegments ?? DEFAULT_MAX_SEGMENTS);
    const shown = segs.length > max + 1 ? segs.slice(0, max) : segs;
    const segFormats = [undefined, currency, PERCENT_FORMAT, INT_FORMAT, currency];
    segFirst = rows.length + 1;
    for (const g of shown) {
      push([g.value === "" ? L("summary.blank") : g.value, num(g.revenue), num(g.rate), g.breaches, num(g.shortfall)], segFormats, "label");
    }
    if (shown.length < segs.length) {
      const rest = segs.slice(shown.length);
      push(
        [L("summary.others", { count: rest.length }), num(rest.reduce((n, g) => n + g.revenue, 0)), num(segmentsRate(rest, s.basis)), rest.reduce((n, g) => n + g.breaches, 0), num(rest.reduce((n, g) => n + g.shortfall, 0))],
        segFormats,
        "label",
      );
      messages.push({ code: "summary.segmentsGrouped", severity: "info", params: { shown: shown.length, count: rest.length } });
    }
    segLast = rows.length;
    segDimension = dim;
    push([L("summary.total"), num(s.revenueChecked), num(s.overallRate), s.breaches, num(s.totalShortfall)], segFormats, "total");
    blank();
  }

  // Trend and market headlines (optional inputs).
  const headlineRows = (items: Headline[]) => {
    push([L("summary.col.indicator"), L("summary.col.value"), L("summary.col.change"), L("summary.col.period")], [], "tableHeader");
    for (const h of items) {
      // A change in points is given as a fraction (0.02 = 2 pts); the points format shows the number as is: ×100.
      const points = h.changeKind === "points";
      const change = h.change !== undefined && Number.isFinite(h.change) ? (points ? Math.round(h.change * 100 * 1e10) / 1e10 : h.change) : "";
      push([h.label, typeof h.lastValue === "number" ? num(h.lastValue) : h.lastValue, change, h.period ?? ""], [undefined, typeof h.lastValue === "number" ? fmtOf(h.format) : undefined, change === "" ? undefined : points ? POINTS_FORMAT : CHANGE_FORMAT], "label");
    }
    blank();
  };
  if (input.trends && input.trends.length > 0) {
    push([L("summary.trends")], [], "heading");
    headlineRows(input.trends);
  }
  if (input.market && input.market.lines.length > 0) {
    push([input.market.market ? L("summary.marketNamed", { market: input.market.market }) : L("summary.market")], [], "heading");
    headlineRows(input.market.lines);
  }

  push([L("summary.footer", { basis: basisLabel })], [], "note");

  // The rate by segment as a column chart below the rows (the print area takes it in).
  const charts: ChartSpec[] = [];
  let lastRow = rows.length;
  if (segLast - segFirst >= 1) {
    const from = rows.length + 2;
    const to = from + CHART_ROWS - 1;
    charts.push({
      key: SEGMENT_CHART_KEY,
      kind: "columnClustered",
      title: L("summary.chart.rateBySegment", { dimension: segDimension, basis: basisLabel }),
      series: [{ name: L(s.basis === "cost" ? "summary.col.rateCost" : "summary.col.rateSales"), values: `C${segFirst}:C${segLast}`, categories: `A${segFirst}:A${segLast}`, color: "#2F6EBA", dataLabels: { showValue: true, numberFormat: PERCENT_FORMAT } }],
      anchor: { from: `A${from}`, to: `E${to}` },
      valueAxis: { numberFormat: "0%" },
      legend: "none",
      gapWidth: 80,
    });
    lastRow = to;
  }
  return { rows, formats, styles, width: W, printArea: `A1:E${lastRow}`, charts, messages };
}
