/**
 * Column roles from header words (French and English; accents, case, spaces and punctuation ignored) and from the
 * values. Each header gets a score per role in 0..1; the reader then keeps the best column for each role.
 */
import type { ColumnKind, ColumnRole } from "../types";
import { normaliseWords } from "../parse/text";

/** [phrase as normaliseWords gives it, role (null = "not a role": stops a shorter phrase from matching), confidence]. */
type Entry = readonly [string, ColumnRole | null, number];

const ENTRIES: readonly Entry[] = [
  // revenue
  ["ca", "revenue", 0.9], ["ca ht", "revenue", 0.95], ["ca net", "revenue", 0.95], ["c a", "revenue", 0.9], ["c a ht", "revenue", 0.95],
  ["chiffre d affaires", "revenue", 0.95], ["chiffre d affaires ht", "revenue", 0.97], ["chiffre d affaire", "revenue", 0.95],
  ["ventes", "revenue", 0.85], ["ventes ht", "revenue", 0.92], ["ventes nettes", "revenue", 0.95], ["montant des ventes", "revenue", 0.9],
  ["vente", "revenue", 0.7], ["montant ht", "revenue", 0.6], ["montant", "revenue", 0.4], ["amount", "revenue", 0.4],
  ["sales", "revenue", 0.9], ["net sales", "revenue", 0.95], ["sales amount", "revenue", 0.92], ["revenue", "revenue", 0.95],
  ["revenues", "revenue", 0.95], ["net revenue", "revenue", 0.95], ["turnover", "revenue", 0.9], ["sales revenue", "revenue", 0.95],
  ["gross sales", "revenue", 0.55], ["ventes brutes", "revenue", 0.55], ["ca brut", "revenue", 0.55], ["ca ttc", "revenue", 0.6],
  ["montant ttc", "revenue", 0.35], ["produits", "revenue", 0.3],
  // cost
  ["cout", "cost", 0.85], ["couts", "cost", 0.85], ["cout total", "cost", 0.9], ["cout de revient", "cost", 0.95], ["prix de revient", "cost", 0.95],
  ["cout d achat", "cost", 0.95], ["couts d achat", "cost", 0.95], ["cout achat", "cost", 0.9], ["achats consommes", "cost", 0.95], ["achats", "cost", 0.6],
  ["cout des ventes", "cost", 0.95], ["cout des marchandises vendues", "cost", 0.95], ["cmv", "cost", 0.9], ["cout de production", "cost", 0.9],
  ["cogs", "cost", 0.95], ["cost of sales", "cost", 0.95], ["cost of goods sold", "cost", 0.95], ["cost", "cost", 0.85], ["costs", "cost", 0.85],
  ["total cost", "cost", 0.9], ["cost of revenue", "cost", 0.95], ["prix d achat", "cost", 0.6], ["pr", "cost", 0.5], ["crv", "cost", 0.7],
  // margin amount
  ["marge", "margin", 0.85], ["marges", "margin", 0.85], ["marge brute", "margin", 0.95], ["marge commerciale", "margin", 0.95], ["marge ht", "margin", 0.92],
  ["marge sur cout", "margin", 0.9], ["profit", "margin", 0.9], ["gross profit", "margin", 0.95], ["gross margin", "margin", 0.85], ["margin", "margin", 0.8],
  ["benefice", "margin", 0.7], ["mb", "margin", 0.7], ["marge en valeur", "margin", 0.95], ["margin amount", "margin", 0.95], ["resultat", "margin", 0.45],
  // margin rate
  ["taux de marge", "marginRate", 0.9], ["taux de marque", "marginRate", 0.95], ["taux marge", "marginRate", 0.9], ["tx marge", "marginRate", 0.9],
  ["tx de marge", "marginRate", 0.9], ["marge %", "marginRate", 0.92], ["% marge", "marginRate", 0.92], ["marge en %", "marginRate", 0.92],
  ["margin %", "marginRate", 0.92], ["% margin", "marginRate", 0.92], ["margin rate", "marginRate", 0.95], ["gross margin %", "marginRate", 0.95],
  ["gross margin rate", "marginRate", 0.95], ["gm %", "marginRate", 0.9], ["markup", "marginRate", 0.8], ["mark up", "marginRate", 0.8],
  ["taux de marge brute", "marginRate", 0.95], ["pourcentage de marge", "marginRate", 0.9], ["profit margin", "marginRate", 0.85],
  // quantity
  ["quantite", "quantity", 0.95], ["quantites", "quantity", 0.95], ["qte", "quantity", 0.95], ["qty", "quantity", 0.95], ["quantity", "quantity", 0.95],
  ["units", "quantity", 0.85], ["units sold", "quantity", 0.95], ["unites", "quantity", 0.85], ["unites vendues", "quantity", 0.95],
  ["volume", "quantity", 0.8], ["volumes", "quantity", 0.8], ["nombre", "quantity", 0.5], ["nb", "quantity", 0.5], ["pieces", "quantity", 0.6],
  ["quantite vendue", "quantity", 0.95], ["qte vendue", "quantity", 0.95],
  // unit price
  ["prix unitaire", "unitPrice", 0.95], ["pu", "unitPrice", 0.85], ["pu ht", "unitPrice", 0.95], ["prix", "unitPrice", 0.6], ["price", "unitPrice", 0.6],
  ["unit price", "unitPrice", 0.95], ["sale price", "unitPrice", 0.9], ["sales price", "unitPrice", 0.9], ["selling price", "unitPrice", 0.9],
  ["prix de vente", "unitPrice", 0.9], ["prix de vente unitaire", "unitPrice", 0.95], ["pv", "unitPrice", 0.7], ["pvu", "unitPrice", 0.85],
  ["prix moyen", "unitPrice", 0.7], ["average price", "unitPrice", 0.7], ["tarif", "unitPrice", 0.6], ["prix de vente ht", "unitPrice", 0.92],
  ["prix net", "unitPrice", 0.75],
  // not roles: stop shorter phrases
  ["manufacturing price", null, 0.9], ["cout unitaire", null, 0.9], ["unit cost", null, 0.9], ["prix d achat unitaire", null, 0.9],
  ["discount", null, 0.9], ["discounts", null, 0.9], ["discount band", null, 0.9], ["remise", null, 0.9], ["remises", null, 0.9],
  ["month number", null, 0.9], ["numero de mois", null, 0.9], ["code postal", null, 0.9], ["tva", null, 0.9], ["vat", null, 0.9],
  ["taux", null, 0.5], ["rate", null, 0.5], ["total", null, 0.4],
  // date / period
  ["date", "date", 0.95], ["dates", "date", 0.9], ["date de facture", "date", 0.95], ["date facture", "date", 0.95], ["invoice date", "date", 0.95],
  ["order date", "date", 0.95], ["date de commande", "date", 0.95], ["date commande", "date", 0.95], ["date de vente", "date", 0.95],
  ["date de livraison", "date", 0.9], ["date comptable", "date", 0.95], ["posting date", "date", 0.95], ["jour", "date", 0.8], ["day", "date", 0.7],
  ["date d operation", "date", 0.95], ["transaction date", "date", 0.95],
  ["periode", "period", 0.9], ["period", "period", 0.9], ["mois", "period", 0.85], ["month", "period", 0.85], ["annee", "period", 0.8],
  ["year", "period", 0.8], ["exercice", "period", 0.8], ["trimestre", "period", 0.85], ["quarter", "period", 0.85], ["semaine", "period", 0.8],
  ["week", "period", 0.8], ["month name", "period", 0.6], ["nom du mois", "period", 0.6], ["fiscal year", "period", 0.85], ["an", "period", 0.6],
  // dimensions
  ["produit", "product", 0.95], ["produits", "product", 0.9], ["product", "product", 0.95], ["products", "product", 0.9], ["article", "product", 0.9],
  ["articles", "product", 0.85], ["reference", "product", 0.8], ["ref", "product", 0.7], ["sku", "product", 0.9], ["item", "product", 0.85],
  ["designation", "product", 0.85], ["libelle", "product", 0.6], ["gamme", "product", 0.7], ["famille", "product", 0.6], ["product line", "product", 0.85],
  ["code article", "product", 0.85], ["famille de produits", "product", 0.8], ["nom du produit", "product", 0.95], ["product name", "product", 0.95],
  ["segment", "segment", 0.95], ["segments", "segment", 0.95], ["customer segment", "segment", 0.95], ["segment client", "segment", 0.95],
  ["segment de clientele", "segment", 0.95], ["clientele", "segment", 0.6], ["type de client", "segment", 0.8], ["type client", "segment", 0.8],
  ["categorie", "segment", 0.55], ["category", "segment", 0.55], ["categorie client", "segment", 0.85], ["customer type", "segment", 0.8],
  ["region", "region", 0.95], ["regions", "region", 0.95], ["zone", "region", 0.8], ["secteur", "region", 0.65], ["territoire", "region", 0.8],
  ["territory", "region", 0.8], ["area", "region", 0.6], ["departement", "region", 0.6], ["ville", "region", 0.5], ["city", "region", 0.5],
  ["zone geographique", "region", 0.9], ["district", "region", 0.6], ["agence", "region", 0.55],
  ["pays", "country", 0.95], ["country", "country", 0.95], ["countries", "country", 0.9], ["nation", "country", 0.6],
  ["client", "customer", 0.95], ["clients", "customer", 0.9], ["customer", "customer", 0.95], ["customers", "customer", 0.9], ["nom client", "customer", 0.95],
  ["code client", "customer", 0.9], ["raison sociale", "customer", 0.8], ["acheteur", "customer", 0.7], ["buyer", "customer", 0.6], ["account", "customer", 0.55],
  ["customer name", "customer", 0.95], ["compte client", "customer", 0.9],
  ["canal", "channel", 0.95], ["channel", "channel", 0.95], ["canal de vente", "channel", 0.95], ["canal de distribution", "channel", 0.95],
  ["sales channel", "channel", 0.95], ["circuit", "channel", 0.7], ["reseau", "channel", 0.6], ["distribution", "channel", 0.5],
  ["concurrent", "competitor", 0.95], ["concurrents", "competitor", 0.95], ["competitor", "competitor", 0.95], ["competitors", "competitor", 0.95],
  ["marque", "competitor", 0.8], ["brand", "competitor", 0.85], ["enseigne", "competitor", 0.8], ["societe", "competitor", 0.7], ["company", "competitor", 0.7],
  ["entreprise", "competitor", 0.7], ["fabricant", "competitor", 0.6], ["manufacturer", "competitor", 0.6], ["acteur", "competitor", 0.6],
  ["marche", "market", 0.95], ["market", "market", 0.95], ["marches", "market", 0.9], ["markets", "market", 0.9], ["secteur d activite", "market", 0.7],
  ["industry", "market", 0.6], ["kind of business", "market", 0.6], ["activite", "market", 0.5],
];

/** Phrase -> entry, and the longest phrase length in words (for sub-phrase search). */
const BY_PHRASE = new Map<string, Entry>();
/** Same phrases with spaces removed, so "C.A. H.T." ("c a h t") finds "ca ht". */
const BY_SQUASHED = new Map<string, Entry>();
for (const e of ENTRIES) {
  BY_PHRASE.set(e[0], e);
  const k = e[0].replace(/ /g, "");
  if (!BY_SQUASHED.has(k)) BY_SQUASHED.set(k, e);
}

export interface HeaderRoleMatch {
  role: ColumnRole | null;
  confidence: number;
  /** The phrase that matched, as normalised words. */
  phrase: string;
  exact: boolean;
}

/**
 * The role a header's words suggest: the whole header matching a phrase ("CA HT"), else the longest phrase found as
 * whole words inside it ("Chiffre d'affaires 2024" -> revenue, a little less sure). Null when nothing matches.
 */
export function roleFromHeader(header: string): HeaderRoleMatch | null {
  const h = normaliseWords(header);
  if (h === "") return null;
  const exact = BY_PHRASE.get(h) ?? BY_SQUASHED.get(h.replace(/ /g, ""));
  if (exact) return { role: exact[1], confidence: exact[2], phrase: exact[0], exact: true };
  const words = h.split(" ");
  let best: HeaderRoleMatch | null = null;
  let bestLen = 0;
  for (let len = Math.min(words.length - 1, 6); len >= 1; len--) {
    for (let i = 0; i + len <= words.length; i++) {
      const phrase = words.slice(i, i + len).join(" ");
      const e = BY_PHRASE.get(phrase);
      if (!e) continue;
      // Longer phrases win; among equals, the more confident.
      if (len > bestLen || (len === bestLen && best && e[2] * 0.85 > best.confidence)) {
        best = { role: e[1], confidence: e[2] * 0.85, phrase, exact: false };
        bestLen = len;
      }
    }
    if (best) break;
  }
  return best;
}

export const NUMERIC_ROLES: readonly ColumnRole[] = ["revenue", "cost", "margin", "marginRate", "quantity", "unitPrice"];

/**
 * Adjusts a header-based confidence with what the values look like: money roles need numbers, dates need dates,
 * dimensions need text. Returns the adjusted confidence (0 = impossible).
 */
export function profileFactor(role: ColumnRole, kind: ColumnKind, profile: { percentLike: boolean; integerShare: number; distinctShare: number }): number {
  if (NUMERIC_ROLES.includes(role)) {
    if (kind !== "number") return 0.15;
    if (role === "marginRate") return profile.percentLike ? 1 : 0.6;
    if (profile.percentLike) return 0.5;
    return 1;
  }
  if (role === "date") return kind === "date" ? 1 : kind === "number" ? 0.3 : 0.2;
  if (role === "period") return kind === "date" ? 1 : kind === "text" ? 0.7 : 0.5;
  // dimensions
  if (kind === "text") return 1;
  if (kind === "number") return profile.integerShare > 0.98 ? 0.6 : 0.2;
  return 0.2;
}

/** Words that make a header a "code" column whose values may be a hierarchy (NAICS, chart of accounts...). */
export function isCodeHeader(header: string): boolean {
  const h = normaliseWords(header);
  return /\b(code|codes|naics|nace|naf|ape|sic|compte|account|no|n|numero|num)\b/.test(h);
}

/** Header words that say a column holds years (2013, "2014"). */
export function isYearHeader(header: string): boolean {
  const h = normaliseWords(header);
  return /^(annee|annees|year|years|an|exercice|fiscal year|fy|millesime|annee fiscale)$/.test(h);
}

/** Header words that say a column holds dates or periods. */
export function isDateHeader(header: string): boolean {
  const h = normaliseWords(header);
  return /\b(date|dates|jour|day|mois|month|periode|period|annee|year|exercice|trimestre|quarter|semaine|week|echeance)\b/.test(h) && !/\b(number|numero|name|nom|nb|nombre)\b/.test(h);
}
