/**
 * The one catalogue of OPS's user-facing text, French and English. Each area owns a file in ./catalogue
 * (read, compliance, excel, pane, functions...) exporting `{ fr: {...}, en: {...} }` with the same keys;
 * this module merges them. Text is a template with {param} placeholders; numbers are formatted by locale.
 */
import type { Lang, OpsMessage } from "../types";
import { catalogues } from "./catalogue";

export type Catalogue = Record<string, string>;
export interface AreaCatalogue {
  fr: Catalogue;
  en: Catalogue;
}

const merged: Record<Lang, Catalogue> = { fr: {}, en: {} };
for (const area of catalogues) {
  Object.assign(merged.fr, area.fr);
  Object.assign(merged.en, area.en);
}

export function hasText(key: string, lang: Lang = "en"): boolean {
  return key in merged[lang];
}

/** All keys in the catalogue for a language (tests check fr and en have the same keys). */
export function catalogueKeys(lang: Lang): string[] {
  return Object.keys(merged[lang]);
}

const numberFormats: Partial<Record<Lang, Intl.NumberFormat>> = {};

function formatParam(v: string | number, lang: Lang): string {
  if (typeof v !== "number") return v;
  const f = (numberFormats[lang] ??= new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-US", { maximumFractionDigits: 4 }));
  return f.format(v);
}

/** The text for a key, with {param} placeholders filled. An unknown key returns the key itself (visible in tests). */
export function t(key: string, lang: Lang, params?: Record<string, string | number>): string {
  const template = merged[lang][key] ?? merged.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? formatParam(params[name], lang) : m));
}

/** Renders a located message: "Sheet1!C12: text..." in the user's language. */
export function formatMessage(msg: OpsMessage, lang: Lang): string {
  const text = t(msg.code, lang, msg.params);
  const loc = msg.location;
  if (!loc) return text;
  const where = loc.address ? `${quoteSheet(loc.sheet)}!${loc.address}` : loc.row ? `${quoteSheet(loc.sheet)}, ${t("loc.row", lang)} ${loc.row}` : quoteSheet(loc.sheet);
  return `${where} — ${text}`;
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
