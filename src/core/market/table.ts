/**
 * Market analysis of a competitor table (formula sheet, "Market analysis"): per market × period, each competitor's
 * value and volume shares, relative share (BCG: vs the largest competitor, for the leader vs the number two), rank;
 * the HHI (Σ (share × 100)², 0 … 10,000), CR4 and their concentration verdict with its source; market growth; and
 * for the own company its share change in points, its price index and its BCG quadrant.
 *
 * Layouts read:
 * - long: one row per competitor (role competitor, else the first text column that is not a market, segment or
 *   period) × period (role date or period) × market (role market, else segment, else product: a product family
 *   column stands for the market; none = one market "All"), with value sales (role revenue, else a numeric column
 *   whose header says sales / CA / value), volume (role quantity, else a header saying units / volume / quantity),
 *   price (role unitPrice; else value / volume) and, optionally, shares (a header saying share / part / %);
 * - wide: competitors as columns ("Period | Acme | Bolt | Us"): when no competitor text column exists and two or more
 *   numeric columns have no other role, each is one competitor's value sales (shares when formatted as percents).
 *
 * Shares are fractions (0.25 = 25 %), changes of share are in points. Nothing throws: bad input gives messages
 * (located on a sheet row when a row is concerned) and what can be computed, NaN for what cannot.
 */
import { normKey } from "../compliance/text";
import { PERIODS_PER_YEAR, periodLabel, periodStartSerial, type Granularity } from "../compliance/periods";
import { t } from "../i18n";
import {
  bcgQuadrant,
  concentrationRatioOfShares,
  concentrationVerdict,
  hhiOfShares,
  priceIndexOne,
  relativeShare,
  SHARE_TOTAL_TOLERANCE,
  type BcgQuadrant,
  type ConcentrationRules,
  type ConcentrationVerdict,
} from "../market";
import { normaliseWords } from "../parse/text";
import type { Column, DataSet, Lang, OpsMessage } from "../types";
import { codeOfMonth, rowPeriods } from "./periods";

/** Own sales from the company's ledger, by period code (at the analysis's granularity), standing in for its row. */
export type OwnSales = Record<number, { value?: number; volume?: number }> | Map<number, { value?: number; volume?: number }>;

export interface MarketOptions {
  /** Own company, matched ignoring case and accents. */
  own?: string;
  lang: Lang;
  /** Granularity of the periods (default: the finest the table holds, month at most). */
  period?: Granularity;
  rules?: ConcentrationRules;
  /** Used when `own` is not in the table. */
  ownSales?: OwnSales;
  /** Market that `ownSales` belongs to (default: the only market, else the first one, with a message). */
  ownSalesMarket?: string;
  /** BCG growth threshold (default 10 %). */
  bcgThreshold?: number;
}

export interface CompetitorFigures {
  name: string;
  /** Value sales (NaN when unknown). */
  value: number;
  volume: number;
  /** Average price: volume-weighted mean of the price column, else value / volume. */
  price: number;
  /** Value share (fraction); volume share when the table gives volumes only. */
  share: number;
  volumeShare: number;
  /** Value / largest other competitor's value (for the leader, the number two). */
  relativeShare: number;
  /** 1 = largest share. */
  rank: number;
  /** (share − share of the previous period) × 100; NaN when the competitor is absent from it. */
  shareChangePts: number;
  /** (share − share of the same period a year before) × 100. */
  shareChangeYoyPts: number;
}

export interface OwnFigures extends CompetitorFigures {
  /** 100 × own price / volume-weighted average competitor price (above 100 = dearer). */
  priceIndex: number;
  /** Competitors present in the period whose price is unknown (left out of the index). */
  priceMissing: string[];
  bcg: BcgQuadrant | null;
  /** Which growth the quadrant used: year over year when known, else versus the previous period. */
  bcgGrowth: "yoy" | "previous" | null;
}

export interface MarketPeriod {
  code: number;
  label: string;
  /** Excel serial (1900 system) of the period's first day; NaN without periods. */
  serial: number;
  totalValue: number;
  totalVolume: number;
  /** totalValue / previous period's − 1 (NaN without one). */
  growth: number;
  /** totalValue / same period a year before − 1. */
  growthYoy: number;
  hhi: number;
  cr4: number;
  verdict: ConcentrationVerdict | null;
  /** Sorted by rank. */
  competitors: CompetitorFigures[];
  own?: OwnFigures;
}

export interface MarketSeries {
  name: string;
  /** What the shares are of: value sales, or volumes when the table has no values. */
  basis: "value" | "volume";
  /** Every competitor seen in this market, in order of first appearance. */
  competitorNames: string[];
  periods: MarketPeriod[];
}

export interface MarketAnalysis {
  ok: boolean;
  layout: "long" | "wide" | null;
  grain: Granularity | null;
  markets: MarketSeries[];
  own?: string;
  /** True when the own company's figures come from `ownSales`. */
  ownFromLedger?: boolean;
  messages: OpsMessage[];
}

interface Agg {
  name: string;
  value: number;
  hasValue: boolean;
  volume: number;
  hasVolume: boolean;
  pv: number;
  pw: number;
  pSum: number;
  pN: number;
  share: number;
  hasShare: boolean;
  row: number;
}

interface Cell {
  firstRow: number;
  comps: Map<string, Agg>;
}

const VOLUME_WORDS = /\b(unites?|units?|volumes?|qty|qte|quantites?|quantity|quantities|pieces?|pcs)\b/;
const SHARE_WORDS = /\b(parts?|shares?|pdm)\b|%/;
const VALUE_WORDS = /\b(ca|chiffre|revenues?|sales|ventes?|valeur|value|turnover|montant|amount|eur|euros?)\b/;

function headerKind(c: Column): "volume" | "share" | "value" | null {
  const w = normaliseWords(c.header);
  if (VOLUME_WORDS.test(w)) return "volume";
  if (SHARE_WORDS.test(w)) return "share";
  if (VALUE_WORDS.test(w)) return "value";
  return null;
}

const MEASURE_ROLES = new Set(["revenue", "cost", "margin", "marginRate", "quantity", "unitPrice", "date", "period"]);

function emptyAgg(name: string, row: number): Agg {
  return { name, value: 0, hasValue: false, volume: 0, hasVolume: false, pv: 0, pw: 0, pSum: 0, pN: 0, share: 0, hasShare: false, row };
}

function list(names: string[]): string {
  return names.join(", ");
}

export function analyseMarket(data: DataSet, opts: MarketOptions): MarketAnalysis {
  const messages: OpsMessage[] = [];
  const sheet = data.sheet;
  const lang = opts.lang;
  const rules = opts.rules ?? "EU2004";
  const cols = data.columns;
  const n = data.rowNumbers.length;
  const fail = (): MarketAnalysis => ({ ok: false, layout: null, grain: null, markets: [], messages });
  const roleCol = (role: keyof DataSet["roles"]): Column | undefined => {
    const i = data.roles[role];
    return i === undefined ? undefined : cols[i];
  };
  const rp = rowPeriods(data);
  const periodCol = rp?.column;

  // ---- which columns play which part
  const isText = (c: Column | undefined): c is Column => !!c && c.kind === "text" && !!c.text;
  let compCol = isText(roleCol("competitor")) ? roleCol("competitor") : undefined;
  // A product (family) column stands for the market only when a competitor column exists; else it may be the competitor.
  const marketCol = [roleCol("market"), roleCol("segment"), compCol ? roleCol("product") : undefined].find(isText);
  // Numeric columns that no measure role claims (a dimension role on numbers is the reader's guess from a header word).
  const freeNumeric = cols.filter((c) => c.numbers && c !== periodCol && !(c.role && MEASURE_ROLES.has(c.role)));
  let layout: "long" | "wide";
  let wideCols: Column[] = [];
  if (compCol) layout = "long";
  else {
    const unnamed = freeNumeric.filter((c) => headerKind(c) === null);
    const otherText = cols.some((c) => isText(c) && c !== marketCol && c !== periodCol && c.role !== "market" && c.role !== "segment");
    if (!otherText && (unnamed.length >= 2 || (freeNumeric.length >= 2 && !roleCol("revenue") && !roleCol("quantity")))) {
      layout = "wide";
      wideCols = unnamed.length >= 2 ? unnamed : freeNumeric;
    } else {
      layout = "long";
      compCol = cols.find((c) => isText(c) && c !== marketCol && c !== periodCol && c.role !== "market" && c.role !== "segment");
    }
  }
  if (layout === "long" && !compCol) {
    messages.push({ code: "market.noTable", severity: "error", location: { sheet } });
    return fail();
  }
  const pickNum = (role: "revenue" | "quantity" | "unitPrice", kind: "value" | "volume" | null): Column | undefined => {
    const c = roleCol(role);
    if (c?.numbers) return c;
    return kind ? freeNumeric.find((f) => headerKind(f) === kind) : undefined;
  };
  const valueCol = layout === "long" ? pickNum("revenue", "value") : undefined;
  const volumeCol = layout === "long" ? pickNum("quantity", "volume") : undefined;
  const priceCol = layout === "long" ? pickNum("unitPrice", null) : undefined;
  const shareCol = layout === "long" ? freeNumeric.find((f) => headerKind(f) === "share") : undefined;
  if (layout === "long" && !valueCol && !volumeCol && !shareCol && !priceCol) {
    messages.push({ code: "market.noValues", severity: "error", location: { sheet } });
    return fail();
  }
  const wideShares = layout === "wide" && wideCols.every((c) => (c.numberFormat ?? "").includes("%"));
  if (layout === "wide") messages.push({ code: "market.wideLayout", severity: "info", params: { competitors: list(wideCols.map((c) => c.header)) }, location: { sheet } });
  if (!rp) messages.push({ code: "market.noPeriod", severity: "warning", location: { sheet } });

  const grain: Granularity = opts.period ?? (rp ? rp.grain : "year");
  const ppy = PERIODS_PER_YEAR[grain];
  const allName = t("market.all", lang);

  // ---- pass over the rows: market -> period code -> competitor key -> sums
  const markets = new Map<string, { name: string; cells: Map<number, Cell>; names: Map<string, string> }>();
  const mText = marketCol?.text;
  const cText = compCol?.text;
  const vNum = valueCol?.numbers;
  const qNum = volumeCol?.numbers;
  const pNum = priceCol?.numbers;
  const sNum = shareCol?.numbers;
  let unreadable = 0;
  const add = (mName: string, code: number, cName: string, row: number, v: number, q: number, p: number, s: number) => {
    const mk = normKey(mName);
    let mkt = markets.get(mk);
    if (!mkt) markets.set(mk, (mkt = { name: mName, cells: new Map(), names: new Map() }));
    let cell = mkt.cells.get(code);
    if (!cell) mkt.cells.set(code, (cell = { firstRow: row, comps: new Map() }));
    const ck = normKey(cName);
    if (!mkt.names.has(ck)) mkt.names.set(ck, cName);
    let a = cell.comps.get(ck);
    if (!a) cell.comps.set(ck, (a = emptyAgg(mkt.names.get(ck)!, row)));
    if (v === v && v < 0) {
      messages.push({ code: "market.negativeValue", severity: "warning", params: { value: v, competitor: cName }, location: { sheet, row } });
      v = NaN;
    }
    if (v !== v && p === p && q === q && p >= 0 && q >= 0) v = p * q;
    if (v === v) {
      a.value += v;
      a.hasValue = true;
    }
    if (q === q && q >= 0) {
      a.volume += q;
      a.hasVolume = true;
      if (p === p && p >= 0) {
        a.pv += p * q;
        a.pw += q;
      }
    }
    if (p === p && p >= 0) {
      a.pSum += p;
      a.pN++;
    }
    if (s === s && s >= 0) {
      a.share += s;
      a.hasShare = true;
    }
  };
  for (let i = 0; i < n; i++) {
    const row = data.rowNumbers[i];
    let code = 0;
    if (rp) {
      const m = rp.monthAt(i);
      if (m !== m) {
        if (unreadable++ < 10) {
          const raw = periodCol?.text ? periodCol.text[i] : periodCol?.numbers?.[i];
          if (raw !== null && raw !== undefined && !(typeof raw === "number" && raw !== raw)) {
            messages.push({ code: "market.unreadablePeriod", severity: "warning", params: { value: String(raw) }, location: { sheet, row } });
          }
        }
        continue;
      }
      code = codeOfMonth(m, grain);
    }
    const mName = (mText && mText[i]) || allName;
    if (layout === "long") {
      const cName = cText![i];
      if (cName === null) continue;
      add(mName, code, cName, row, vNum ? vNum[i] : NaN, qNum ? qNum[i] : NaN, pNum ? pNum[i] : NaN, sNum ? sNum[i] : NaN);
    } else {
      for (const c of wideCols) {
        const v = c.numbers![i];
        if (v !== v) continue;
        add(mName, code, c.header, row, wideShares ? NaN : v, NaN, NaN, wideShares ? v : NaN);
      }
    }
  }

  // ---- own company
  const allNames = new Map<string, string>();
  for (const m of markets.values()) for (const [k, v] of m.names) if (!allNames.has(k)) allNames.set(k, v);
  let ownKey: string | undefined;
  let ownName: string | undefined;
  let ownFromLedger = false;
  if (opts.own !== undefined && opts.own.trim() !== "") {
    const want = normKey(opts.own);
    if (allNames.has(want)) ownKey = want;
    else {
      const near = [...allNames.keys()].filter((k) => k.includes(want) || want.includes(k));
      if (near.length === 1) ownKey = near[0];
    }
    if (ownKey !== undefined) ownName = allNames.get(ownKey);
    else if (opts.ownSales && markets.size > 0) {
      ownKey = want;
      ownName = opts.own.trim();
      ownFromLedger = true;
      const entries = opts.ownSales instanceof Map ? [...opts.ownSales.entries()] : Object.entries(opts.ownSales).map(([k, v]) => [Number(k), v] as const);
      const mList = [...markets.values()];
      const target = (opts.ownSalesMarket !== undefined && markets.get(normKey(opts.ownSalesMarket))) || mList[0];
      if (mList.length > 1 && (opts.ownSalesMarket === undefined || !markets.get(normKey(opts.ownSalesMarket)))) {
        messages.push({ code: "market.ownSalesMarket", severity: "warning", params: { own: ownName, market: target.name }, location: { sheet } });
      }
      messages.push({ code: "market.ownFromLedger", severity: "info", params: { own: ownName }, location: { sheet } });
      for (const [code, s] of entries) {
        if (!target.cells.has(code)) continue; // no market figures for that period
        add(target.name, code, ownName, target.cells.get(code)!.firstRow, s.value ?? NaN, s.volume ?? NaN, NaN, NaN);
      }
    } else {
      messages.push({ code: "market.ownAbsent", severity: "warning", params: { own: opts.own, competitors: list([...allNames.values()]) }, location: { sheet } });
    }
  } else if (markets.size > 0) {
    messages.push({ code: "market.ownNotGiven", severity: "info", params: { competitors: list([...allNames.values()]) }, location: { sheet } });
  }

  // ---- figures per market × period
  const series: MarketSeries[] = [];
  const threshold = opts.bcgThreshold ?? 0.1;
  for (const mkt of markets.values()) {
    const codes = [...mkt.cells.keys()].sort((a, b) => a - b);
    let anyValue = false;
    for (const cell of mkt.cells.values()) for (const a of cell.comps.values()) if (a.hasValue || a.hasShare) anyValue = true;
    const basis: "value" | "volume" = anyValue ? "value" : "volume";
    const periods: MarketPeriod[] = [];
    const byCode = new Map<number, MarketPeriod>();
    const priceMissing = new Set<string>();
    let anyPrice = false;
    const periodsOf = new Map<string, { count: number; row: number; code: number }>();
    for (const code of codes) {
      const cell = mkt.cells.get(code)!;
      const label = rp ? periodLabel(code, grain) : "";
      const aggs = [...cell.comps.entries()];
      // Given shares: check their total, then use them (scaled) when the table has no values.
      const givenShares = aggs.some(([, a]) => a.hasShare);
      let shareScale = 1;
      if (givenShares) {
        let tot = 0;
        let max = 0;
        for (const [, a] of aggs) if (a.hasShare) {
          tot += a.share;
          if (a.share > max) max = a.share;
        }
        shareScale = max > 1 ? 0.01 : 1;
        if (tot * shareScale > 1 + SHARE_TOTAL_TOLERANCE + 1e-12) {
          messages.push({ code: "market.sharesOver100", severity: "warning", params: { market: mkt.name, period: label, total: Math.round(tot * shareScale * 1000) / 10 }, location: { sheet, row: cell.firstRow } });
        }
      }
      const useShares = givenShares && !aggs.some(([, a]) => a.hasValue);
      const val = (a: Agg): number => (useShares ? (a.hasShare ? a.share * shareScale : NaN) : a.hasValue ? a.value : NaN);
      const vol = (a: Agg): number => (a.hasVolume ? a.volume : NaN);
      let totalValue = 0;
      let totalVolume = 0;
      let anyV = false;
      let anyQ = false;
      for (const [, a] of aggs) {
        const v = val(a);
        if (v === v) {
          totalValue += v;
          anyV = true;
        }
        const q = vol(a);
        if (q === q) {
          totalVolume += q;
          anyQ = true;
        }
      }
      if (!anyV) totalValue = NaN;
      if (!anyQ) totalVolume = NaN;
      const basisTotal = basis === "value" ? totalValue : totalVolume;
      if (!(basisTotal > 0)) {
        messages.push({ code: "market.zeroMarket", severity: "warning", params: { market: mkt.name, period: label }, location: { sheet, row: cell.firstRow } });
      }
      const figures: CompetitorFigures[] = aggs.map(([key, a]) => {
        const v = val(a);
        const q = vol(a);
        const price = a.pw > 0 ? a.pv / a.pw : a.pN > 0 ? a.pSum / a.pN : a.hasValue && q > 0 ? a.value / q : NaN;
        const vs = totalVolume > 0 && q === q ? q / totalVolume : NaN;
        const share = basis === "value" ? (totalValue > 0 && v === v ? v / totalValue : NaN) : vs;
        const seen = periodsOf.get(key);
        if ((v === v && v > 0) || (q === q && q > 0)) {
          if (seen) seen.count++;
          else periodsOf.set(key, { count: 1, row: a.row, code });
        }
        if (price === price) anyPrice = true;
        return { name: a.name, value: v, volume: q, price, share, volumeShare: vs, relativeShare: NaN, rank: 0, shareChangePts: NaN, shareChangeYoyPts: NaN };
      });
      const basisOf = (f: CompetitorFigures) => (basis === "value" ? f.value : f.volume);
      for (let i = 0; i < figures.length; i++) {
        const others: number[] = [];
        for (let j = 0; j < figures.length; j++) if (j !== i) others.push(basisOf(figures[j]));
        figures[i].relativeShare = basisTotal > 0 ? relativeShare(basisOf(figures[i]), others) : NaN;
      }
      figures.sort((a, b) => {
        const sa = a.share === a.share ? a.share : -1;
        const sb = b.share === b.share ? b.share : -1;
        return sb - sa || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      });
      figures.forEach((f, i) => (f.rank = i + 1));
      const shares = figures.map((f) => f.share).filter((s) => s === s);
      const hhi = shares.length > 0 ? hhiOfShares(shares) : NaN;
      const cr4 = shares.length > 0 ? concentrationRatioOfShares(shares, 4) : NaN;
      const prev = byCode.get(code - 1);
      const yoy = byCode.get(code - ppy);
      const growth = prev && prev.totalValue > 0 ? totalValue / prev.totalValue - 1 : NaN;
      const growthYoy = yoy && yoy.totalValue > 0 ? totalValue / yoy.totalValue - 1 : NaN;
      const shareIn = (p: MarketPeriod | undefined, name: string) => p?.competitors.find((c) => c.name === name)?.share ?? NaN;
      for (const f of figures) {
        f.shareChangePts = (f.share - shareIn(prev, f.name)) * 100;
        f.shareChangeYoyPts = (f.share - shareIn(yoy, f.name)) * 100;
      }
      const mp: MarketPeriod = {
        code,
        label,
        serial: rp ? periodStartSerial(code, grain) : NaN,
        totalValue,
        totalVolume,
        growth,
        growthYoy,
        hhi,
        cr4,
        verdict: hhi === hhi ? concentrationVerdict(hhi, undefined, rules) : null,
        competitors: figures,
      };
      if (ownKey !== undefined) {
        const ownF = figures.find((f) => normKey(f.name) === ownKey);
        if (ownF) {
          const prices: number[] = [];
          const weights: number[] = [];
          const missing: string[] = [];
          let allWeighted = true;
          for (const f of figures) {
            if (f === ownF) continue;
            if (f.price !== f.price) {
              missing.push(f.name);
              priceMissing.add(f.name);
              continue;
            }
            prices.push(f.price);
            weights.push(f.volume);
            if (!(f.volume >= 0)) allWeighted = false;
          }
          const priceIndex = priceIndexOne(ownF.price, prices, allWeighted ? weights : undefined);
          const g = growthYoy === growthYoy ? growthYoy : growth;
          const bcg = bcgQuadrant(ownF.relativeShare, g, threshold);
          mp.own = { ...ownF, priceIndex, priceMissing: missing, bcg, bcgGrowth: bcg ? (growthYoy === growthYoy ? "yoy" : "previous") : null };
        }
      }
      periods.push(mp);
      byCode.set(code, mp);
    }
    if (!anyPrice && ownKey !== undefined) {
      messages.push({ code: "market.noPrices", severity: "info", params: { market: mkt.name }, location: { sheet } });
    } else if (priceMissing.size > 0 && ownKey !== undefined) {
      messages.push({ code: "market.priceMissing", severity: "warning", params: { competitors: list([...priceMissing]), market: mkt.name }, location: { sheet } });
    }
    if (codes.length > 1) {
      for (const [key, s] of periodsOf) {
        if (s.count !== 1) continue;
        messages.push({ code: "market.singlePeriod", severity: "info", params: { competitor: mkt.names.get(key) ?? key, period: rp ? periodLabel(s.code, grain) : "", market: mkt.name }, location: { sheet, row: s.row } });
      }
    }
    series.push({ name: mkt.name, basis, competitorNames: [...mkt.names.values()], periods });
  }
  if (series.length === 0) messages.push({ code: "market.noValues", severity: "error", location: { sheet } });
  return { ok: series.length > 0, layout, grain: rp ? grain : null, markets: series, own: ownName, ownFromLedger: ownFromLedger || undefined, messages };
}
