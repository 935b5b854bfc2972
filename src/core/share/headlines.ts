/**
 * The trend and market headlines of the "OPS Summary" (issue 11), pure: from the trends result (src/core/trends) and
 * the market analysis / price–volume–mix bridge (src/core/market), the few figures management reads first.
 */
import { t } from "../i18n";
import type { BridgeResult, MarketAnalysis } from "../market/index";
import { latestPeriod } from "../market/sheet";
import { lastWholeIndex, seriesName, type TrendResult } from "../trends";
import type { Lang } from "../types";
import type { Headline, MarketHeadlines } from "./summary";

/** Last value (with its change vs the previous period), trend per period and next forecast of the total; the total's margin rate when given. */
export function trendHeadlines(result: TrendResult, lang: Lang, rate?: TrendResult): Headline[] {
  const out: Headline[] = [];
  const add = (r: TrendResult) => {
    const s = r.series[0];
    if (!s) return;
    const j = lastWholeIndex(s);
    if (j < 0) return;
    const isRate = r.measure === "marginRate";
    const format = isRate ? "percent" : r.measure === "quantity" ? "int" : "currency";
    const name = t(`trends.measure.${r.measure}`, lang);
    out.push({ label: t("summary.headline.last", lang, { measure: name }), lastValue: s.actual[j], format, change: Number.isFinite(s.change[j]) ? s.change[j] : undefined, changeKind: isRate ? "points" : "relative", period: s.labels[j] });
    if (!isRate && Number.isFinite(s.yoy[j])) out.push({ label: t("summary.headline.yoy", lang, { measure: name }), lastValue: s.yoy[j], format: "percent", period: s.labels[j] });
    if (s.forecast) out.push({ label: t("summary.headline.forecast", lang, { measure: name, model: t(`trends.modelName.${s.forecast.model}`, lang, { season: s.forecast.seasonLength }) }), lastValue: s.forecast.values[0], format, period: s.forecast.labels[0] });
  };
  add(result);
  if (rate && result.measure !== "marginRate") add(rate);
  return out;
}

/** Series shown as headlines on the summary: the total and at most this many breakdown values. */
const HEADLINE_VALUES = 4;

/** The Trends view's headlines: per series shown (the total, then the first values), "<measure> — <series>", its last whole period's value and change vs the period before. */
export function seriesHeadlines(result: TrendResult, lang: Lang): Headline[] {
  const measure = t(`trends.measure.${result.measure}`, lang);
  const format: Headline["format"] = result.measure === "marginRate" ? "percent" : result.measure === "quantity" ? "int" : "currency";
  const out: Headline[] = [];
  for (const s of result.series.filter((x) => x.kind !== "others").slice(0, 1 + HEADLINE_VALUES)) {
    const j = lastWholeIndex(s);
    if (j < 0) continue;
    const h: Headline = { label: `${measure} — ${seriesName(s, lang, result.othersCount)}`, lastValue: s.actual[j], format, period: s.labels[j] };
    if (Number.isFinite(s.change[j])) {
      h.change = s.change[j];
      h.changeKind = result.changeKind === "points" ? "points" : "relative";
    }
    out.push(h);
  }
  return out;
}

/** The own company's share, rank, HHI verdict and price index in the first market; the bridge's effects. */
export function marketHeadlines(lang: Lang, analysis?: MarketAnalysis, bridge?: BridgeResult): MarketHeadlines {
  const lines: Headline[] = [];
  const m = analysis?.markets[0];
  const p = m ? latestPeriod(m) : undefined;
  if (p?.own) {
    lines.push({ label: t("summary.headline.share", lang, { own: p.own.name }), lastValue: p.own.share, format: "percent", change: Number.isFinite(p.own.shareChangePts) ? p.own.shareChangePts / 100 : undefined, changeKind: "points", period: p.label });
    lines.push({ label: t("summary.headline.rank", lang), lastValue: p.own.rank, format: "int", period: p.label });
    if (Number.isFinite(p.own.priceIndex)) lines.push({ label: t("summary.headline.priceIndex", lang), lastValue: Math.round(p.own.priceIndex * 10) / 10, format: "number", period: p.label });
  }
  if (p && Number.isFinite(p.hhi)) lines.push({ label: t("summary.headline.hhi", lang), lastValue: p.verdict ? `${Math.round(p.hhi)} — ${t(`summary.headline.level.${p.verdict.level}`, lang)}` : Math.round(p.hhi), format: "int", period: p.label });
  if (bridge?.ok) {
    const period = `${bridge.base.label} → ${bridge.current.label}`;
    lines.push({ label: t("summary.headline.revenueChange", lang), lastValue: bridge.total, format: "currency", change: bridge.baseRevenue > 0 ? bridge.total / bridge.baseRevenue : undefined, changeKind: "relative", period });
    if (bridge.hasVolume) {
      lines.push({ label: t("market.bridge.price", lang), lastValue: bridge.price, format: "currency", period });
      lines.push({ label: t("market.bridge.volume", lang), lastValue: bridge.volume, format: "currency", period });
      lines.push({ label: t("market.bridge.mix", lang), lastValue: bridge.mix, format: "currency", period });
    }
    if (bridge.newProducts + bridge.lostProducts !== 0) lines.push({ label: t("summary.headline.newLost", lang), lastValue: bridge.newProducts + bridge.lostProducts, format: "currency", period });
  }
  return { market: m?.name, lines };
}
