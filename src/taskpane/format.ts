/**
 * Number formatting for the pane, by language, with Intl: "12,5 %", "1 234,56 €", "−3,2 pts" in French,
 * "12.5%", "€1,234.56", "−3.2 pts" in English. Rates are always shown with their basis.
 */
import { t } from "../core/i18n";
import type { MarginBasis } from "../core/policy-types";
import type { Lang } from "../core/types";

const LOCALE: Record<Lang, string> = { fr: "fr-FR", en: "en-GB" };
const cache = new Map<string, Intl.NumberFormat>();

function nf(lang: Lang, kind: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], options);
    cache.set(key, f);
  }
  return f;
}

export function localeOf(lang: Lang): string {
  return LOCALE[lang];
}

/** What is shown for a value that does not exist (rate of a zero revenue...). */
export function missingText(lang: Lang): string {
  return t("pane.value.missing", lang);
}

export function formatInteger(n: number, lang: Lang): string {
  if (!Number.isFinite(n)) return missingText(lang);
  return nf(lang, "int", { maximumFractionDigits: 0 }).format(n);
}

/** A fraction as a percentage with one decimal: 0.125 -> "12,5 %" (fr) / "12.5%" (en). */
export function formatPercent(x: number, lang: Lang): string {
  if (!Number.isFinite(x)) return missingText(lang);
  return nf(lang, "pct", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
}

/** The short name of a rate's basis: "taux de marque (sur prix de vente)" / "gross margin rate (on sales)". */
export function basisName(basis: MarginBasis, lang: Lang): string {
  return t(basis === "cost" ? "pane.basis.cost" : "pane.basis.sales", lang);
}

/** A rate with its basis named: "12,5 % (taux de marque, sur prix de vente)". */
export function formatRate(rate: number, basis: MarginBasis, lang: Lang): string {
  return t("pane.rateWithBasis", lang, { rate: formatPercent(rate, lang), basis: basisName(basis, lang) });
}

/** A gap between two rates, in points: -0.032 -> "−3,2 pts". */
export function formatPoints(gap: number, lang: Lang): string {
  if (!Number.isFinite(gap)) return missingText(lang);
  const n = nf(lang, "pts", { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(
    gap * 100,
  );
  return t("pane.points", lang, { value: n });
}

/** An amount of money (euros unless the workbook says otherwise): "1 234,56 €" / "€1,234.56". */
export function formatMoney(x: number, lang: Lang, currency = "EUR"): string {
  if (!Number.isFinite(x)) return missingText(lang);
  return nf(lang, `cur-${currency}`, {
    style: "currency",
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(x);
}

const DAY_MS = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** Excel serial (1900 system) -> "yyyy-mm-dd" for <input type="date">; "" when absent. */
export function serialToIsoDate(serial: number | undefined): string {
  if (serial === undefined || !Number.isFinite(serial)) return "";
  const d = new Date(EXCEL_EPOCH + Math.floor(serial) * DAY_MS);
  return d.toISOString().slice(0, 10);
}

/** "yyyy-mm-dd" -> Excel serial (1900 system); undefined when empty or not a date. */
export function isoDateToSerial(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms)) return undefined;
  return Math.round((ms - EXCEL_EPOCH) / DAY_MS);
}

/** A serial date shown in the user's language: 45292 -> "01/01/2024" (fr) / "01/01/2024" (en-GB). */
export function formatSerialDate(serial: number, lang: Lang): string {
  if (!Number.isFinite(serial)) return missingText(lang);
  return new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: "UTC",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(new Date(EXCEL_EPOCH + Math.floor(serial) * DAY_MS));
}

/** A plain number with `digits` decimals: 0.8734 -> "0,87" (fr) / "0.87" (en). */
export function formatDecimal(x: number, lang: Lang, digits = 2): string {
  if (!Number.isFinite(x)) return missingText(lang);
  return nf(lang, `dec${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

/** A growth ratio with its sign: 0.052 -> "+5,2 %" (fr) / "+5.2%" (en). */
export function formatChange(x: number, lang: Lang): string {
  if (!Number.isFinite(x)) return missingText(lang);
  return nf(lang, "chg", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(x);
}
