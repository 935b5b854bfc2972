/**
 * The trend and market headlines the "OPS Summary" carries when the pane prepares it: computed from the checked
 * table itself (revenue by month with the margin rate on the policy basis; the price–volume–mix bridge of the last
 * whole year against the year before), and from the market view's last analysis when there is one.
 */
import { defaultBridgePeriods, pvmBridge, type MarketAnalysis } from "../core/market/index";
import type { MarginBasis } from "../core/policy-types";
import { marketHeadlines, trendHeadlines } from "../core/share/headlines";
import { trendsForSheet } from "../core/trends/sheet";
import type { DataSet, Lang } from "../core/types";
import type { SummaryRequest } from "../core/workbook-port";

export function summaryHeadlines(data: DataSet, lang: Lang, basis: MarginBasis, market?: MarketAnalysis): Pick<SummaryRequest, "trends" | "market"> {
  const out: Pick<SummaryRequest, "trends" | "market"> = {};
  if (data.roles.date !== undefined || data.roles.period !== undefined) {
    const { result, rate } = trendsForSheet(data, { measure: "revenue", lang }, basis);
    const trends = trendHeadlines(result, lang, rate);
    if (trends.length > 0) out.trends = trends;
  }
  const periods = defaultBridgePeriods(data);
  const bridge = periods ? pvmBridge(data, { ...periods, lang }) : undefined;
  const m = marketHeadlines(lang, market, bridge?.ok ? bridge : undefined);
  if (m.lines.length > 0) out.market = m;
  return out;
}
