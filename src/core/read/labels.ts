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

/**
 * Quick test, without allocating: can this text be a total label at all? It must contain "tot", "ens", "som", "sum",
 * "cum" or "ove" (any case), or start with "all", "tous", "toutes", "st", "s." or "(all)". Most dimension values
 * ("Produit 001", "Nord", "Grands comptes") fail here and never reach the cache.
 */
function mayBeTotal(s: string): boolean {
  const n = s.length;
  for (let i = 0; i + 2 < n; i++) {
    const a = s.charCodeAt(i) | 0x20;
    if (a !== 116 && a !== 101 && a !== 115 && a !== 99 && a !== 111) continue; // t e s c o
    const b = s.charCodeAt(i + 1) | 0x20;
    const c = s.charCodeAt(i + 2) | 0x20;
    if (a === 116 && b === 111 && c === 116) return true; // tot
    if (a === 101 && b === 110 && c === 115) return true; // ens
    if (a === 115 && b === 111 && c === 109) return true; // som
    if (a === 115 && b === 117 && c === 109) return true; // sum
    if (a === 99 && b === 117 && c === 109) return true; // cum
    if (a === 111 && b === 118 && c === 101) return true; // ove
  }
  const t = s.trimStart().toLowerCase();
  return t.startsWith("all") || t.startsWith("tous") || t.startsWith("toutes") || t.startsWith("st") || t.startsWith("s.") || t.startsWith("s ") || t.startsWith("(all)");
}

/** Is this cell text the label of a total or subtotal row? Cached: labels repeat. */
export function classifyLabel(text: string): LabelClass {
  if (text.length > 80) return null;
  const c0 = text.charCodeAt(0) | 0x20;
  // Only texts starting with a, t, s, ( or a space can start with "all", "tous", "st"...: others need a total word inside.
  if (c0 !== 97 && c0 !== 116 && c0 !== 115 && c0 !== 40 && c0 !== 32) {
    let found = false;
    const n = text.length;
    for (let i = 0; i + 2 < n && !found; i++) {
      const a = text.charCodeAt(i) | 0x20;
      if (a !== 116 && a !== 101 && a !== 115 && a !== 99 && a !== 111) continue;
      const b = text.charCodeAt(i + 1) | 0x20;
      const c = text.charCodeAt(i + 2) | 0x20;
      found = (a === 116 && b === 111 && c === 116) || (a === 101 && b === 110 && c === 115) || (a === 115 && b === 111 && c === 109) || (a === 115 && b === 117 && c === 109) || (a === 99 && b === 117 && c === 109) || (a === 111 && b === 118 && c === 101);
    }
    if (!found) return null;
  } else if (!mayBeTotal(text)) return null;
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const r = classifyUncached(text);
  if (cache.size > 50000) cache.clear();
  cache.set(text, r);
  return r;
}

const GRAND_TOTAL_START = /^(?:grand total|total general|total generale|ensemble des|ensemble de la|ensemble du|overall total)\b/;

function classifyUncached(text: string): LabelClass {
  const w = normaliseWords(text);
  if (w === "") return null;
  if (TOTAL_EXACT.has(w)) return "total";
  if (SUBTOTAL_START.test(w)) return "subtotal";
  if (GRAND_TOTAL_START.test(w)) return "total";
  if (TOTAL_START.test(w)) return "subtotal";
  if (TOTAL_END.test(w)) return "subtotal";
  if (/\b(?:total|subtotal|sous total)\b/.test(w) && /,\s*total\b/i.test(text)) return "subtotal";
  return null;
}

const looseCache = new Map<string, boolean>();

/**
 * Is this total label only a guess from a word at its start or end ("Total Nord", "France Total", and so a product
 * named "Total Care Kit" too), rather than an unmistakable one ("Total", "TOTAL", "Sous-total", "Total général",
 * "Grand total")? The reader then checks the row's other cells before leaving it out. Call it on a classified label.
 */
export function isLooseTotalLabel(text: string): boolean {
  const hit = looseCache.get(text);
  if (hit !== undefined) return hit;
  const w = normaliseWords(text);
  const loose = w !== "" && !TOTAL_EXACT.has(w) && !SUBTOTAL_START.test(w) && !GRAND_TOTAL_START.test(w) && (TOTAL_START.test(w) || TOTAL_END.test(w));
  if (looseCache.size > 50000) looseCache.clear();
  looseCache.set(text, loose);
  return loose;
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
