/**
 * The "OPS Compliance" report as plain cells, in the user's language. The Excel side writes them (escaping user text
 * that could be read as a formula, applying the number formats named here, linking the source row column).
 *
 * Format kinds: "percent" = a fraction (0.12 shown as 12 %); "points" = a number already in points (-3.2 = 3.2 pts
 * below), to show as 0.0 "pts"; "currency" = an amount in the workbook's currency format; "int"; "text"; "date".
 */
import { formatMessage, t } from "../i18n";
import type { ComplianceResult, Finding } from "../policy-types";
import { DIMENSION_ROLES, type CellValue, type ColumnRole, type DataSet, type Lang } from "../types";
import { DEFAULT_RULE_ID } from "./policy";

export type SummaryFormat = "text" | "int" | "percent" | "currency" | "points";
export type ReportColumnFormat = SummaryFormat | "date";

export interface ReportModel {
  /** label, value rows. */
  summary: CellValue[][];
  /** Format of each summary row's value. */
  summaryFormats: SummaryFormat[];
  header: string[];
  rows: CellValue[][];
  columnFormats: ReportColumnFormat[];
  /** Index of the column holding the source row number (for the hyperlink to the source row). */
  sourceRowColumn: number;
  /** Index of the column holding the sheet name of the source row. */
  sourceSheetColumn: number;
  /** The by-segment block: dimension value, revenue, margin, rate, rows below floor, shortfall. */
  segments: { header: string[]; rows: CellValue[][]; columnFormats: ReportColumnFormat[] };
}

const num = (x: number): CellValue => (Number.isFinite(x) ? x : "");

/** Number formatters are costly to build (tens of microseconds each): one per language and style, made once. */
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(lang: Lang, style: "pct" | "pts" | "amount"): Intl.NumberFormat {
  const key = `${lang}:${style}`;
  let f = formatters.get(key);
  if (!f) {
    const locale = lang === "fr" ? "fr-FR" : "en-US";
    f =
      style === "amount"
        ? new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: 0 })
        : new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, ...(style === "pts" ? { signDisplay: "exceptZero" as const } : {}) });
    formatters.set(key, f);
  }
  return f;
}

function fmtPct(x: number, lang: Lang): string {
  if (!Number.isFinite(x)) return "—";
  const s = formatter(lang, "pct").format(x * 100);
  return lang === "fr" ? `${s}\u202f%` : `${s}%`;
}

function fmtPts(x: number, lang: Lang): string {
  if (!Number.isFinite(x)) return "—";
  return formatter(lang, "pts").format(x * 100);
}

function fmtAmount(x: number, lang: Lang): string {
  if (!Number.isFinite(x)) return "—";
  return formatter(lang, "amount").format(x);
}

/** The one-line explanation of a finding, in the user's language. */
export function findingMessage(f: Finding, lang: Lang, basis: "sales" | "cost" = "sales"): string {
  if (f.kind === "data") return f.message ? formatMessage({ ...f.message, location: undefined }, lang) : "";
  if (f.kind === "erosion") {
    return t(`compliance.finding.erosion.${f.comparison === "yearAgo" ? "yearAgo" : "previous"}`, lang, {
      previous: fmtPct(f.previousRate ?? NaN, lang),
      previousPeriod: f.previousPeriod ?? "",
      rate: fmtPct(f.rate, lang),
      gap: fmtPts(f.gap, lang),
    });
  }
  return t(f.severity === "breach" ? "compliance.finding.breach" : "compliance.finding.warning", lang, {
    rate: fmtPct(f.rate, lang),
    threshold: fmtPct(f.threshold, lang),
    gap: fmtPts(f.gap, lang),
    shortfall: fmtAmount(f.shortfall, lang),
    target: fmtPct(targetOf(f, basis), lang),
  });
}

/** The target the shortfall was computed against: shortfall = target x base - margin, so target = (shortfall + margin) / base. */
function targetOf(f: Finding, basis: "sales" | "cost"): number {
  if (f.severity === "warning") return f.threshold;
  const base = basis === "cost" ? f.cost : f.revenue;
  return f.shortfall > 0 && base > 0 ? (f.shortfall + f.margin) / base : NaN;
}

/**
 * The report: a summary block (label/value rows), the findings as table rows, and the by-segment block.
 * Findings keep the result's order (line findings in row order, then groups, erosion, data). User text from the data
 * is kept as text as it is (the writer escapes it).
 */
export function reportModel(data: DataSet, result: ComplianceResult, lang: Lang): ReportModel {
  const s = result.summary;
  const L = (k: string, p?: Record<string, string | number>) => t(k, lang, p);
  const basisLabel = L(s.basis === "cost" ? "basis.cost" : "basis.sales");
  const source = data.tableName ? `${data.tableName} (${data.sheet}!${data.address})` : `${data.sheet}!${data.address}`;

  const summary: CellValue[][] = [];
  const summaryFormats: SummaryFormat[] = [];
  const add = (label: string, value: CellValue, f: SummaryFormat) => {
    summary.push([label, value]);
    summaryFormats.push(f);
  };
  add(L("compliance.report.source"), source, "text");
  add(L("compliance.report.basis"), basisLabel, "text");
  add(L("compliance.report.rowsChecked"), s.rowsChecked, "int");
  add(L("compliance.report.rowsWithIssues"), s.rowsWithIssues, "int");
  add(L("compliance.report.breaches"), s.breaches, "int");
  add(L("compliance.report.warnings"), s.warnings, "int");
  add(L("compliance.report.groupBreaches"), s.groupBreaches ?? 0, "int");
  add(L("compliance.report.groupWarnings"), s.groupWarnings ?? 0, "int");
  add(L("compliance.report.erosions"), s.erosions, "int");
  add(L("compliance.report.dataIssues"), s.dataIssues, "int");
  add(L("compliance.report.totalShortfall"), num(s.totalShortfall), "currency");
  add(L("compliance.report.revenueChecked"), num(s.revenueChecked), "currency");
  add(L("compliance.report.revenueInBreach"), num(s.revenueInBreach), "currency");
  add(L("compliance.report.shareInBreach"), num(s.shareOfRevenueInBreach), "percent");
  add(`${L("compliance.report.overallRate")} — ${basisLabel}`, num(s.overallRate), "percent");
  for (const seg of s.bySegment) {
    add(L("compliance.report.segmentRate", { dimension: L(`compliance.dim.${seg.dimension}`), value: seg.value === "" ? L("compliance.report.blank") : seg.value }), num(seg.rate), "percent");
  }
  add(L("compliance.report.fingerprint"), result.policyFingerprint, "text");

  // Dimension columns: those of the data, in the data's column order, plus any a finding names that the data lacks.
  const dims: ColumnRole[] = DIMENSION_ROLES.filter((d) => data.roles[d] !== undefined).sort((a, b) => data.roles[a]! - data.roles[b]!);
  for (const f of result.findings) for (const d of Object.keys(f.dimensions) as ColumnRole[]) if (!dims.includes(d)) dims.push(d);

  const header: string[] = [
    L("compliance.report.severity"),
    L("compliance.report.kind"),
    L("compliance.report.rule"),
    L("compliance.report.sheet"),
    L("compliance.report.row"),
    ...dims.map((d) => L(`compliance.dim.${d}`)),
    L("compliance.report.period"),
    L("compliance.report.revenue"),
    L("compliance.report.margin"),
    L(s.basis === "cost" ? "compliance.report.rateCost" : "compliance.report.rateSales"),
    L("compliance.report.threshold"),
    L("compliance.report.gap"),
    L("compliance.report.shortfall"),
    L("compliance.report.priceIncrease"),
    L("compliance.report.message"),
  ];
  const columnFormats: ReportColumnFormat[] = [
    "text", "text", "text", "text", "int",
    ...dims.map(() => "text" as const),
    "text", "currency", "currency", "percent", "percent", "points", "currency", "percent", "text",
  ];
  const sevText = { breach: L("compliance.severity.breach"), warning: L("compliance.severity.warning"), info: L("compliance.severity.info") };
  const kindText = { line: L("compliance.kind.line"), group: L("compliance.kind.group"), erosion: L("compliance.kind.erosion"), data: L("compliance.kind.data") };
  const defaultText = L("compliance.rule.default");
  const rows: CellValue[][] = new Array(result.findings.length);
  result.findings.forEach((f, i) => {
    rows[i] = [
      sevText[f.severity],
      kindText[f.kind],
      f.ruleId === DEFAULT_RULE_ID ? defaultText : f.ruleId,
      f.location.sheet,
      f.location.row ?? "",
      ...dims.map((d) => f.dimensions[d] ?? ""),
      f.period ?? "",
      num(f.revenue),
      num(f.margin),
      num(f.rate),
      num(f.threshold),
      Number.isFinite(f.gap) ? Math.round(f.gap * 100 * 1e10) / 1e10 : "",
      f.kind === "data" ? "" : num(f.shortfall),
      f.kind === "data" ? "" : num(f.priceIncrease),
      findingMessage(f, lang, s.basis),
    ];
  });

  const segments = {
    header: [s.bySegment.length > 0 ? L(`compliance.dim.${s.bySegment[0].dimension}`) : L("compliance.dim.segment"), L("compliance.report.revenue"), L("compliance.report.margin"), L(s.basis === "cost" ? "compliance.report.rateCost" : "compliance.report.rateSales"), L("compliance.report.breaches.col"), L("compliance.report.shortfall")],
    rows: s.bySegment.map((seg): CellValue[] => [seg.value === "" ? L("compliance.report.blank") : seg.value, num(seg.revenue), num(seg.margin), num(seg.rate), seg.breaches, num(seg.shortfall)]),
    columnFormats: ["text", "currency", "currency", "percent", "int", "currency"] as ReportColumnFormat[],
  };

  return { summary, summaryFormats, header, rows, columnFormats, sourceRowColumn: 4, sourceSheetColumn: 3, segments };
}
