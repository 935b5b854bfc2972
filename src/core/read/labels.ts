/**
 * Recognising the labels of rows that are not data: totals and subtotals ("Total", "Sous-total", "Grand total",
 * "TOTAL", "Ensemble", "Total général", "France Total", "Retail sales, total"), notes and footnotes, and the words of
 * pivot tables ("Row Labels", "Étiquettes de lignes", "Sum of ...", "Somme de ...").
 */
import { normaliseWords } from "../parse/text";

export type LabelClass = "total" | "subtotal" | null;

const TOTAL_EXACT = new Set([
  "total", "totaux", "totals", "grand total", "total general", "total generale", "ensemble", "somme", "sum", "overall", "total global",
  "total annuel", "cumul", "tot", "total ht", "total ttc", "general total", "totaal", "gesamt", "all", "tous", "toutes", "total tous",
  "total all", "grand totals", "total des ventes", "total geral",
]);
const SUBTOTAL_START = /^(?:sous total|sous totaux|s total|subtotal|subtotals|sub total|sub totals|st)\b/;
const TOTAL_START = /^(?:total|totaux|ensemble|cumul|somme)\b/;
const TOTAL_END = /\b(?:total|totaux|subtotal|sous total|ensemble)$/;

const cache = new Map<string, LabelClass>();

/** Is this cell text the label of a total or subtotal row? Cached: labels repeat. */
export function classifyLabel(text: string): LabelClass {
  if (text.length > 80) return null;
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const r = classifyUncached(text);
  if (cache.size > 50000) cache.clear();
  cache.set(text, r);
  return r;
}

function classifyUncached(text: string): LabelClass {
  // Cheap reject: every total word contains one of these letter pairs.
  const lower = text.toLowerCase();
  if (!lower.includes("tot") && !lower.includes("ens") && !lower.includes("somm") && !lower.includes("sum") && !lower.includes("cumul") && !lower.includes("overall") && !/^(all|tous|toutes|st\b|s\.?\s?total)/.test(lower.trim()) && !lower.includes("(all)")) return null;
  const w = normaliseWords(text);
  if (w === "") return null;
  if (TOTAL_EXACT.has(w)) return "total";
  if (SUBTOTAL_START.test(w)) return "subtotal";
  if (/^(?:grand total|total general|total generale|ensemble des|ensemble de la|ensemble du|overall total)\b/.test(w)) return "total";
  if (TOTAL_START.test(w)) return "subtotal";
  if (TOTAL_END.test(w)) return "subtotal";
  if (/\b(?:total|subtotal|sous total)\b/.test(w) && /,\s*total\b/i.test(text)) return "subtotal";
  return null;
}

/** Does a one-cell row read as a note / footnote rather than a section title? */
export function isNoteText(text: string): boolean {
  const s = text.trim();
  if (s.length > 70) return true;
  return /^(?:\(\d+\)|\(\w\)\s|\[\d+\]|\d+\)\s|\*|†|‡|note|notes|nb\b|n\.b\.|source|sources|lecture|champ|remarque|comment|footnote|avertissement|information|info\b|http)/i.test(s);
}

const PIVOT_WORDS = /^(?:row labels|column labels|etiquettes de lignes|etiquettes de colonnes|etiquettes de ligne|etiquettes de colonne|valeurs|values|grand total|total general)$|^(?:sum of|somme de|count of|nombre de|average of|moyenne de|max of|min of|max de|min de)\b/;

/** Is this header / corner text typical of an Excel pivot table ("Row Labels", "Somme de CA", "Grand Total")? */
export function isPivotWord(text: string): boolean {
  return PIVOT_WORDS.test(normaliseWords(text));
}

/** Is this a pivot's own layout word ("Row Labels", "Étiquettes de colonnes"), i.e. certainly a pivot? */
export function isPivotLayoutWord(text: string): boolean {
  return /^(?:row labels|column labels|etiquettes de lignes|etiquettes de colonnes|etiquettes de ligne|etiquettes de colonne)$|^(?:sum of|somme de|count of|average of|moyenne de)\b/.test(
    normaliseWords(text),
  );
}
