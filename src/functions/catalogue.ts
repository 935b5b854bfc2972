/**
 * THE catalogue of OPS.* custom functions: id, English and French names, descriptions, parameters and what each
 * returns. Used to
 * - generate functions-fr.json (scripts/functions-fr-plugin.js, through the committed catalogue.json that
 *   scripts/gen-functions-catalogue.ts writes from this file),
 * - write docs/functions.md (same script),
 * - name arguments in error messages in the user's language (src/functions/args.ts).
 * The English texts must equal the JSDoc of src/functions/functions.ts (custom-functions-metadata reads the JSDoc):
 * test/functions/metadata.test.ts checks it, so a change made in one place and not the other fails the tests.
 * Names: the namespace OPS is set in the manifest; French names avoid accents, as Excel's own French names do.
 */

export interface ParamText {
  name: string;
  description: string;
}

export interface FunctionText {
  name: string;
  description: string;
  params: ParamText[];
  /** What the function returns, for docs/functions.md (basis, units, shape of the spill). */
  returns: string;
}

export type FunctionGroup = "margins" | "trends" | "forecast" | "market" | "pvm";

export interface FunctionEntry {
  id: string;
  group: FunctionGroup;
  /** 0-based indices of the optional parameters (shown in brackets; must match the JSDoc's [name]). */
  optional?: number[];
  en: FunctionText;
  fr: FunctionText;
}

const p = (name: string, description: string): ParamText => ({ name, description });

export const FUNCTION_CATALOGUE: readonly FunctionEntry[] = [
  // ----------------------------------------------------------------------------------------------- margins
  {
    id: "MARGIN",
    group: "margins",
    optional: [2],
    en: {
      name: "MARGIN",
      description: "Margin rate of each line: (revenue - cost) / revenue (gross margin rate, on sales) by default, or / cost (markup) with basis \"cost\".",
      params: [
        p("revenue", "Revenue excluding VAT: a cell or a range."),
        p("cost", "Cost of the same lines: a cell or a range of the same size."),
        p("basis", "\"sales\" (default): margin / revenue; \"cost\": margin / cost (markup)."),
      ],
      returns: "A rate per line (fraction, format as %); #DIV/0! when the base is 0; blank when both cells are empty.",
    },
    fr: {
      name: "TAUX.MARQUE",
      description: "Taux de marge de chaque ligne : (CA - coût) / CA (taux de marque, sur prix de vente) par défaut, ou / coût (taux de marge) avec la base \"cout\".",
      params: [
        p("ca", "Chiffre d'affaires HT : une cellule ou une plage."),
        p("cout", "Coût des mêmes lignes : une cellule ou une plage de même taille."),
        p("base", "\"ventes\" (défaut) : marge / CA ; \"cout\" : marge / coût (taux de marge)."),
      ],
      returns: "Un taux par ligne (fraction, format %) ; #DIV/0! quand la base vaut 0 ; vide quand les deux cellules sont vides.",
    },
  },
  {
    id: "MARKUP",
    group: "margins",
    en: {
      name: "MARKUP",
      description: "Markup of each line: (revenue - cost) / cost (margin on cost).",
      params: [p("revenue", "Revenue excluding VAT: a cell or a range."), p("cost", "Cost of the same lines: a cell or a range of the same size.")],
      returns: "A rate per line on cost (fraction, format as %); #DIV/0! when the cost is 0.",
    },
    fr: {
      name: "TAUX.MARGE",
      description: "Taux de marge (sur coût) de chaque ligne : (CA - coût) / coût.",
      params: [p("ca", "Chiffre d'affaires HT : une cellule ou une plage."), p("cout", "Coût des mêmes lignes : une cellule ou une plage de même taille.")],
      returns: "Un taux par ligne sur coût (fraction, format %) ; #DIV/0! quand le coût vaut 0.",
    },
  },
  {
    id: "MARGIN.CONVERT",
    group: "margins",
    en: {
      name: "MARGIN.CONVERT",
      description: "Converts a rate between bases: to \"cost\" turns a gross margin rate m into a markup m / (1 - m); to \"sales\" turns a markup k into k / (1 + k).",
      params: [p("rate", "The rate to convert: a cell or a range."), p("to_basis", "\"cost\" (to markup) or \"sales\" (to gross margin rate).")],
      returns: "The rate on the other basis (fraction); #DIV/0! for a 100 % margin rate or a -100 % markup.",
    },
    fr: {
      name: "TAUX.CONVERTIR",
      description: "Convertit un taux d'une base à l'autre : vers \"cout\", un taux de marque m devient un taux de marge m / (1 - m) ; vers \"ventes\", un taux de marge k devient k / (1 + k).",
      params: [p("taux", "Le taux à convertir : une cellule ou une plage."), p("vers_base", "\"cout\" (vers taux de marge) ou \"ventes\" (vers taux de marque).")],
      returns: "Le taux sur l'autre base (fraction) ; #DIV/0! pour un taux de marque de 100 % ou un taux de marge de -100 %.",
    },
  },
  {
    id: "PRICE.FOR.MARGIN",
    group: "margins",
    optional: [2],
    en: {
      name: "PRICE.FOR.MARGIN",
      description: "Selling price that gives the target rate at this cost: cost / (1 - target) on sales (default), cost x (1 + target) on cost.",
      params: [
        p("cost", "Cost: a cell or a range."),
        p("target", "Target rate (e.g. 25%): a cell or a range."),
        p("basis", "\"sales\" (default): target is a gross margin rate; \"cost\": target is a markup."),
      ],
      returns: "A price excluding VAT per line; #NUM! when a gross margin target is 100 % or more.",
    },
    fr: {
      name: "PRIX.CIBLE",
      description: "Prix de vente qui donne le taux cible à ce coût : coût / (1 - cible) sur prix de vente (défaut), coût x (1 + cible) sur coût.",
      params: [
        p("cout", "Coût : une cellule ou une plage."),
        p("cible", "Taux cible (par ex. 25 %) : une cellule ou une plage."),
        p("base", "\"ventes\" (défaut) : la cible est un taux de marque ; \"cout\" : la cible est un taux de marge."),
      ],
      returns: "Un prix HT par ligne ; #NUM! quand un taux de marque cible vaut 100 % ou plus.",
    },
  },
  {
    id: "MARGIN.GAP",
    group: "margins",
    optional: [3],
    en: {
      name: "MARGIN.GAP",
      description: "Margin amount missing to reach the target rate: target x revenue - (revenue - cost) on sales (x cost on the cost basis); 0 when the target is met.",
      params: [
        p("revenue", "Revenue excluding VAT: a cell or a range."),
        p("cost", "Cost of the same lines: a cell or a range of the same size."),
        p("target", "Target rate (e.g. 20%): a cell or a range."),
        p("basis", "\"sales\" (default) or \"cost\": the basis of the target."),
      ],
      returns: "An amount per line (>= 0, in the revenue's currency); #DIV/0! for zero revenue, #NUM! for negative revenue.",
    },
    fr: {
      name: "MARGE.MANQUANTE",
      description: "Montant de marge manquant pour atteindre le taux cible : cible x CA - (CA - coût) sur prix de vente (x coût sur la base coût) ; 0 quand la cible est atteinte.",
      params: [
        p("ca", "Chiffre d'affaires HT : une cellule ou une plage."),
        p("cout", "Coût des mêmes lignes : une cellule ou une plage de même taille."),
        p("cible", "Taux cible (par ex. 20 %) : une cellule ou une plage."),
        p("base", "\"ventes\" (défaut) ou \"cout\" : la base de la cible."),
      ],
      returns: "Un montant par ligne (>= 0, dans la devise du CA) ; #DIV/0! pour un CA nul, #NUM! pour un CA négatif.",
    },
  },
  {
    id: "MARGIN.STATUS",
    group: "margins",
    optional: [3, 4],
    en: {
      name: "MARGIN.STATUS",
      description: "BREACH when the line's margin rate is below the floor, WARN when below the target, else OK. A rate exactly at a threshold is not below it (compared as a spreadsheet does).",
      params: [
        p("revenue", "Revenue excluding VAT: a cell or a range."),
        p("cost", "Cost of the same lines: a cell or a range of the same size."),
        p("floor", "Floor rate (e.g. 10%): a cell or a range."),
        p("target", "Target rate (e.g. 20%); omitted: no WARN level."),
        p("basis", "\"sales\" (default) or \"cost\": the basis of the rates."),
      ],
      returns: "BREACH, WARN or OK per line (stable codes in every language); #DIV/0! for zero revenue, #NUM! for negative revenue.",
    },
    fr: {
      name: "MARGE.STATUT",
      description: "BREACH quand le taux de marge de la ligne est sous le plancher, WARN quand il est sous la cible, sinon OK. Un taux exactement au seuil n'est pas en dessous (comparaison comme un tableur).",
      params: [
        p("ca", "Chiffre d'affaires HT : une cellule ou une plage."),
        p("cout", "Coût des mêmes lignes : une cellule ou une plage de même taille."),
        p("plancher", "Taux plancher (par ex. 10 %) : une cellule ou une plage."),
        p("cible", "Taux cible (par ex. 20 %) ; omis : pas de niveau WARN."),
        p("base", "\"ventes\" (défaut) ou \"cout\" : la base des taux."),
      ],
      returns: "BREACH, WARN ou OK par ligne (codes stables dans toutes les langues) ; #DIV/0! pour un CA nul, #NUM! pour un CA négatif.",
    },
  },
  {
    id: "BREAKEVEN",
    group: "margins",
    optional: [3],
    en: {
      name: "BREAKEVEN",
      description: "Break-even point: fixed costs / (price - variable cost) in units, or fixed costs / contribution margin ratio in revenue.",
      params: [
        p("fixed_costs", "Fixed costs of the period."),
        p("price", "Unit selling price (or total revenue)."),
        p("variable_cost", "Variable cost per unit (or total variable costs)."),
        p("result", "\"units\" (default) or \"revenue\" (break-even revenue)."),
      ],
      returns: "Break-even units, or break-even revenue; #NUM! when the price does not exceed the variable cost.",
    },
    fr: {
      name: "SEUIL.RENTABILITE",
      description: "Seuil de rentabilité : coûts fixes / (prix - coût variable) en unités, ou coûts fixes / taux de marge sur coûts variables en chiffre d'affaires.",
      params: [
        p("couts_fixes", "Coûts fixes de la période."),
        p("prix", "Prix de vente unitaire (ou CA total)."),
        p("cout_variable", "Coût variable unitaire (ou total des coûts variables)."),
        p("resultat", "\"unites\" (défaut) ou \"ca\" (seuil en chiffre d'affaires)."),
      ],
      returns: "Le seuil en unités, ou en chiffre d'affaires ; #NUM! quand le prix ne dépasse pas le coût variable.",
    },
  },
  // ------------------------------------------------------------------------------------------------ trends
  {
    id: "GROWTH",
    group: "trends",
    optional: [1, 2],
    en: {
      name: "GROWTH",
      description: "Growth rate (current - previous) / |previous|: of each value versus previous when given, else along the series versus lag periods before (1 by default, 12 for year over year on months).",
      params: [
        p("values", "Current values, or the whole series (a column or a row)."),
        p("previous", "Previous values, same size as values; omitted: compare within the series."),
        p("lag", "Periods between compared values within the series (default 1)."),
      ],
      returns: "A growth rate per value (fraction); #N/A where there is no earlier value, #DIV/0! where it is 0.",
    },
    fr: {
      name: "EVOLUTION",
      description: "Taux d'évolution (actuel - précédent) / |précédent| : de chaque valeur par rapport à precedent s'il est donné, sinon le long de la série par rapport à decalage périodes avant (1 par défaut, 12 pour N/N-1 en mois).",
      params: [
        p("valeurs", "Valeurs actuelles, ou toute la série (une colonne ou une ligne)."),
        p("precedent", "Valeurs précédentes, de même taille ; omis : comparaison dans la série."),
        p("decalage", "Nombre de périodes entre les valeurs comparées dans la série (1 par défaut)."),
      ],
      returns: "Un taux d'évolution par valeur (fraction) ; #N/A sans valeur antérieure, #DIV/0! quand elle vaut 0.",
    },
  },
  {
    id: "CAGR",
    group: "trends",
    en: {
      name: "CAGR",
      description: "Compound annual growth rate (end / start)^(1 / periods) - 1, as Excel's RRI.",
      params: [p("start", "Value at the start (> 0)."), p("end", "Value at the end (>= 0)."), p("periods", "Number of periods between the two values (> 0).")],
      returns: "A rate per period (fraction); #NUM! when start <= 0, end < 0 or periods <= 0.",
    },
    fr: {
      name: "TCAM",
      description: "Taux de croissance annuel moyen (fin / debut)^(1 / periodes) - 1, comme TAUX.INT.EQUIV (RRI) d'Excel.",
      params: [p("debut", "Valeur de départ (> 0)."), p("fin", "Valeur d'arrivée (>= 0)."), p("periodes", "Nombre de périodes entre les deux valeurs (> 0).")],
      returns: "Un taux par période (fraction) ; #NUM! quand début <= 0, fin < 0 ou périodes <= 0.",
    },
  },
  {
    id: "MOVAVG",
    group: "trends",
    optional: [2],
    en: {
      name: "MOVAVG",
      description: "Trailing moving average of the last window values (empty cells skipped); with as_total TRUE, the moving total (window 12 on months = moving annual total).",
      params: [
        p("values", "The series: a column or a row."),
        p("window", "Number of values averaged (a whole number >= 1)."),
        p("as_total", "TRUE for the moving total instead of the average (default FALSE)."),
      ],
      returns: "A spill of the same shape as values; #N/A for the first window - 1 positions, blank where the value is empty.",
    },
    fr: {
      name: "MOYENNE.MOBILE",
      description: "Moyenne mobile des fenetre dernières valeurs (cellules vides ignorées) ; avec en_total VRAI, le cumul mobile (fenêtre 12 en mois = cumul annuel mobile).",
      params: [
        p("valeurs", "La série : une colonne ou une ligne."),
        p("fenetre", "Nombre de valeurs moyennées (entier >= 1)."),
        p("en_total", "VRAI pour le cumul mobile au lieu de la moyenne (FAUX par défaut)."),
      ],
      returns: "Une plage de même forme que valeurs ; #N/A pour les fenêtre - 1 premières positions, vide là où la valeur est vide.",
    },
  },
  {
    id: "TREND",
    group: "trends",
    optional: [1, 2],
    en: {
      name: "TREND",
      description: "Linear trend as Excel's TREND: the least-squares line through known_y (and known_x, default 1, 2, 3...) evaluated at new_x (default known_x).",
      params: [
        p("known_y", "Known values: a column or a row."),
        p("known_x", "Their x values (same count); omitted: 1, 2, 3..."),
        p("new_x", "x values to evaluate the line at; omitted: known_x."),
      ],
      returns: "A spill shaped like new_x; #N/A when known_y and known_x differ in size, #DIV/0! when known_x has no variance.",
    },
    fr: {
      name: "TENDANCE",
      description: "Tendance linéaire comme TENDANCE d'Excel : la droite des moindres carrés passant par y_connus (et x_connus, 1, 2, 3... par défaut) évaluée en x_nouveaux (x_connus par défaut).",
      params: [
        p("y_connus", "Valeurs connues : une colonne ou une ligne."),
        p("x_connus", "Leurs abscisses (même nombre) ; omis : 1, 2, 3..."),
        p("x_nouveaux", "Abscisses où évaluer la droite ; omis : x_connus."),
      ],
      returns: "Une plage de la forme de x_nouveaux ; #N/A quand y_connus et x_connus diffèrent en taille, #DIV/0! quand x_connus ne varie pas.",
    },
  },
  {
    id: "TREND.EXP",
    group: "trends",
    optional: [1, 2],
    en: {
      name: "TREND.EXP",
      description: "Exponential trend as Excel's GROWTH: the fit of ln(known_y) on known_x (default 1, 2, 3...) evaluated at new_x (default known_x). Needs every known_y > 0.",
      params: [
        p("known_y", "Known values (> 0): a column or a row."),
        p("known_x", "Their x values (same count); omitted: 1, 2, 3..."),
        p("new_x", "x values to evaluate the curve at; omitted: known_x."),
      ],
      returns: "A spill shaped like new_x; #NUM! when a known_y is <= 0, #N/A for sizes that differ.",
    },
    fr: {
      name: "TENDANCE.EXP",
      description: "Tendance exponentielle comme CROISSANCE d'Excel : l'ajustement de ln(y_connus) sur x_connus (1, 2, 3... par défaut) évalué en x_nouveaux (x_connus par défaut). Tous les y_connus doivent être > 0.",
      params: [
        p("y_connus", "Valeurs connues (> 0) : une colonne ou une ligne."),
        p("x_connus", "Leurs abscisses (même nombre) ; omis : 1, 2, 3..."),
        p("x_nouveaux", "Abscisses où évaluer la courbe ; omis : x_connus."),
      ],
      returns: "Une plage de la forme de x_nouveaux ; #NUM! quand un y_connu est <= 0, #N/A pour des tailles différentes.",
    },
  },
  // ---------------------------------------------------------------------------------------------- forecast
  {
    id: "FORECAST",
    group: "forecast",
    optional: [2, 3],
    en: {
      name: "FORECAST",
      description: "Forecast of the next horizon periods by additive Holt-Winters (AAA exponential smoothing), with a prediction interval. Spills one row per period: forecast, low, high.",
      params: [
        p("values", "Past values at a regular step, oldest first (empty cells = missing points)."),
        p("horizon", "Number of periods to forecast (1 to 10000)."),
        p("season_length", "Periods per season: omitted or 1 = detect, 0 = no season, 2 to 8760 = that length (as Excel's FORECAST.ETS)."),
        p("confidence", "Confidence level of the interval, between 0 and 1 (default 0.95)."),
      ],
      returns: "horizon rows x 3 columns (forecast, low, high), no header; #N/A with a message when there are too few points.",
    },
    fr: {
      name: "PREVISION",
      description: "Prévision des horizon prochaines périodes par Holt-Winters additif (lissage exponentiel AAA), avec un intervalle de prévision. Renvoie une ligne par période : prévision, bas, haut.",
      params: [
        p("valeurs", "Valeurs passées à pas régulier, de la plus ancienne à la plus récente (cellule vide = point manquant)."),
        p("horizon", "Nombre de périodes à prévoir (1 à 10000)."),
        p("saison", "Périodes par saison : omis ou 1 = détection, 0 = pas de saison, 2 à 8760 = cette longueur (comme PREVISION.ETS d'Excel)."),
        p("confiance", "Niveau de confiance de l'intervalle, entre 0 et 1 (0,95 par défaut)."),
      ],
      returns: "horizon lignes x 3 colonnes (prévision, bas, haut), sans en-tête ; #N/A avec un message quand il y a trop peu de points.",
    },
  },
  {
    id: "SEASONALITY",
    group: "forecast",
    en: {
      name: "SEASONALITY",
      description: "Season length detected in a series (e.g. 12 for months with a yearly pattern); 1 when there is no season.",
      params: [p("values", "Past values at a regular step, oldest first.")],
      returns: "A whole number of periods (1 = no season).",
    },
    fr: {
      name: "SAISONNALITE",
      description: "Longueur de saison détectée dans une série (par ex. 12 pour des mois avec un cycle annuel) ; 1 quand il n'y a pas de saison.",
      params: [p("valeurs", "Valeurs passées à pas régulier, de la plus ancienne à la plus récente.")],
      returns: "Un nombre entier de périodes (1 = pas de saison).",
    },
  },
  {
    id: "FORECAST.STATS",
    group: "forecast",
    optional: [1, 2],
    en: {
      name: "FORECAST.STATS",
      description: "Fit statistics of the Holt-Winters model OPS.FORECAST uses: alpha, beta, gamma, MAE, RMSE, MASE, SMAPE, season length and points, as label / value rows; with statistic_type, one of them numbered as in Excel's FORECAST.ETS.STAT.",
      params: [
        p("values", "Past values at a regular step, oldest first."),
        p("season_length", "Periods per season: omitted or 1 = detect, 0 = no season, 2 to 8760 = that length."),
        p("statistic_type", "As FORECAST.ETS.STAT: 1 alpha, 2 beta, 3 gamma, 4 MASE, 5 SMAPE, 6 MAE, 7 RMSE, 8 step size (always 1 period); omitted: all rows."),
      ],
      returns: "9 rows x 2 columns (label, value): alpha, beta, gamma, MAE, RMSE, MASE, SMAPE, season length, points; with statistic_type, that one number; #NUM! for a statistic_type outside 1 to 8.",
    },
    fr: {
      name: "PREVISION.STATS",
      description: "Statistiques d'ajustement du modèle Holt-Winters d'OPS.PREVISION : alpha, bêta, gamma, MAE, RMSE, MASE, SMAPE, longueur de saison et nombre de points, en lignes libellé / valeur ; avec type_stat, l'une d'elles numérotée comme dans PREVISION.ETS.STAT d'Excel.",
      params: [
        p("valeurs", "Valeurs passées à pas régulier, de la plus ancienne à la plus récente."),
        p("saison", "Périodes par saison : omis ou 1 = détection, 0 = pas de saison, 2 à 8760 = cette longueur."),
        p("type_stat", "Comme PREVISION.ETS.STAT : 1 alpha, 2 bêta, 3 gamma, 4 MASE, 5 SMAPE, 6 MAE, 7 RMSE, 8 taille du pas (toujours 1 période) ; omis : toutes les lignes."),
      ],
      returns: "9 lignes x 2 colonnes (libellé, valeur) : alpha, bêta, gamma, MAE, RMSE, MASE, SMAPE, longueur de saison, points ; avec type_stat, ce seul nombre ; #NUM! pour un type_stat hors de 1 à 8.",
    },
  },
  // ------------------------------------------------------------------------------------------------ market
  {
    id: "SHARE",
    group: "market",
    optional: [1],
    en: {
      name: "SHARE",
      description: "Market share = own sales / total market sales (in value or in volume: use the same unit for both). Without market: each value's share of the range's total.",
      params: [p("own", "Own sales: a cell or a range."), p("market", "Total market sales: a cell or a range of the same size; omitted: the total of own.")],
      returns: "A share per value (fraction, format as %); #DIV/0! when the market is 0, #NUM! when own is negative or above the market, or (without market) the values are too large to add up.",
    },
    fr: {
      name: "PART.MARCHE",
      description: "Part de marché = ventes propres / ventes totales du marché (en valeur ou en volume : même unité pour les deux). Sans marche : la part de chaque valeur dans le total de la plage.",
      params: [p("propre", "Ventes propres : une cellule ou une plage."), p("marche", "Ventes totales du marché : une cellule ou une plage de même taille ; omis : le total de propre.")],
      returns: "Une part par valeur (fraction, format %) ; #DIV/0! quand le marché vaut 0, #NUM! quand propre est négatif ou dépasse le marché, ou (sans marche) quand les valeurs sont trop grandes pour être additionnées.",
    },
  },
  {
    id: "RELSHARE",
    group: "market",
    en: {
      name: "RELSHARE",
      description: "Relative market share (BCG) = own sales (or share) / those of the largest competitor; for the leader this is own / number two. Not share / (1 - share).",
      params: [p("own", "Own sales or share: a cell or a range."), p("competitors", "Competitors' sales or shares, in the same unit, not including own.")],
      returns: "A ratio per own value (>= 1 = market leader); #DIV/0! when no competitor value is above 0.",
    },
    fr: {
      name: "PART.RELATIVE",
      description: "Part de marché relative (BCG) = ventes (ou part) propres / celles du plus grand concurrent ; pour le leader, propre / numéro deux. Ce n'est pas part / (1 - part).",
      params: [p("propre", "Ventes ou part propres : une cellule ou une plage."), p("concurrents", "Ventes ou parts des concurrents, dans la même unité, sans la sienne.")],
      returns: "Un ratio par valeur propre (>= 1 = leader du marché) ; #DIV/0! quand aucun concurrent n'a de valeur supérieure à 0.",
    },
  },
  {
    id: "HHI",
    group: "market",
    optional: [1],
    en: {
      name: "HHI",
      description: "Herfindahl-Hirschman index: the sum of the squared market shares in percent (0 to 10,000), from the sales or the shares of every firm in the market.",
      params: [
        p("sales_or_shares", "Sales (or shares) of the firms of one market; empty cells skipped."),
        p("read_as", "\"auto\" (default: values adding up to 100 % within one point, 0.99 to 1.01 or 99 to 101, are shares as typed; any other values are sales), \"sales\" or \"shares\" (shares of the whole market, not rescaled: e.g. the top firms only)."),
      ],
      returns: "An index from 0 to 10,000 (points); #DIV/0! when the sales add up to 0, #NUM! for negative values, shares adding up to more than 101 % or values too large to add up.",
    },
    fr: {
      name: "IHH",
      description: "Indice de Herfindahl-Hirschman : la somme des carrés des parts de marché en pourcentage (0 à 10 000), à partir des ventes ou des parts de chaque entreprise du marché.",
      params: [
        p("ventes_ou_parts", "Ventes (ou parts) des entreprises d'un marché ; cellules vides ignorées."),
        p("lire_comme", "\"auto\" (défaut : des valeurs totalisant 100 % à un point près, 0,99 à 1,01 ou 99 à 101, sont des parts telles quelles ; toutes autres valeurs sont des ventes), \"ventes\" ou \"parts\" (parts du marché entier, non remises à l'échelle : par ex. les premières entreprises seulement)."),
      ],
      returns: "Un indice de 0 à 10 000 (points) ; #DIV/0! quand les ventes totalisent 0, #NUM! pour des valeurs négatives, des parts totalisant plus de 101 % ou des valeurs trop grandes pour être additionnées.",
    },
  },
  {
    id: "HHI.DELTA",
    group: "market",
    en: {
      name: "HHI.DELTA",
      description: "Increase of the HHI when two firms merge: 2 x share_a x share_b, shares in percent. Shares as fractions (25%) or as points (25): when either is above 1 both are read as points.",
      params: [p("share_a", "Market share of the first firm: a cell or a range."), p("share_b", "Market share of the second firm, same size.")],
      returns: "ΔHHI in points; #NUM! for negative shares or shares adding up to more than 100 %.",
    },
    fr: {
      name: "IHH.DELTA",
      description: "Hausse de l'IHH quand deux entreprises fusionnent : 2 x part_a x part_b, parts en pourcentage. Parts en fractions (25 %) ou en points (25) : si l'une dépasse 1, les deux sont lues en points.",
      params: [p("part_a", "Part de marché de la première entreprise : une cellule ou une plage."), p("part_b", "Part de marché de la seconde, même taille.")],
      returns: "Le delta IHH en points ; #NUM! pour des parts négatives ou totalisant plus de 100 %.",
    },
  },
  {
    id: "CONCENTRATION",
    group: "market",
    optional: [1, 2, 3],
    en: {
      name: "CONCENTRATION",
      description: "Verdict on market concentration from the HHI (and ΔHHI of a merger), naming its source: \"EU2004\" (EU horizontal merger guidelines, default) or \"US2023\" (DOJ/FTC merger guidelines).",
      params: [
        p("hhi", "HHI after the merger (0 to 10,000): a cell or a range."),
        p("delta", "ΔHHI of the merger (>= 0); omitted: the verdict says which ΔHHI would matter."),
        p("rules", "\"EU2004\" (default) or \"US2023\"."),
        p("combined_share", "US2023 only: combined share of the merging firms (e.g. 35%)."),
      ],
      returns: "A sentence in the user's language with the level, the verdict and the source; #NUM! for an HHI outside 0 to 10,000.",
    },
    fr: {
      name: "CONCENTRATION",
      description: "Verdict sur la concentration du marché à partir de l'IHH (et du delta IHH d'une fusion), avec sa source : \"UE2004\" (lignes directrices européennes sur les concentrations horizontales, défaut) ou \"US2023\" (DOJ/FTC).",
      params: [
        p("ihh", "IHH après la fusion (0 à 10 000) : une cellule ou une plage."),
        p("delta", "Delta IHH de la fusion (>= 0) ; omis : le verdict indique quel delta compterait."),
        p("regles", "\"UE2004\" (défaut) ou \"US2023\"."),
        p("part_cumulee", "US2023 seulement : part cumulée des entreprises qui fusionnent (par ex. 35 %)."),
      ],
      returns: "Une phrase dans la langue de l'utilisateur avec le niveau, le verdict et la source ; #NUM! pour un IHH hors de 0 à 10 000.",
    },
  },
  {
    id: "CRK",
    group: "market",
    optional: [2],
    en: {
      name: "CRK",
      description: "Concentration ratio CRk: the sum of the k largest market shares, from the sales or the shares of the firms of one market.",
      params: [
        p("shares", "Sales (or shares) of the firms of one market; empty cells skipped."),
        p("k", "Number of firms (e.g. 4 for CR4)."),
        p("read_as", "\"auto\" (default), \"sales\" or \"shares\", as for OPS.HHI."),
      ],
      returns: "A share (fraction, format as %); all firms when there are fewer than k; #DIV/0! and #NUM! as for OPS.HHI.",
    },
    fr: {
      name: "RATIO.CONCENTRATION",
      description: "Ratio de concentration CRk : la somme des k plus grandes parts de marché, à partir des ventes ou des parts des entreprises d'un marché.",
      params: [
        p("parts", "Ventes (ou parts) des entreprises d'un marché ; cellules vides ignorées."),
        p("k", "Nombre d'entreprises (par ex. 4 pour CR4)."),
        p("lire_comme", "\"auto\" (défaut), \"ventes\" ou \"parts\", comme pour OPS.IHH."),
      ],
      returns: "Une part (fraction, format %) ; toutes les entreprises quand il y en a moins de k ; #DIV/0! et #NUM! comme pour OPS.IHH.",
    },
  },
  {
    id: "PRICEINDEX",
    group: "market",
    optional: [2],
    en: {
      name: "PRICEINDEX",
      description: "Competitor price index = own price / average competitor price x 100 (above 100 = dearer than competitors). Several products: the mean of their indices weighted by volume.",
      params: [
        p("own_price", "Own price, or one own price per product (a column)."),
        p("competitor_prices", "Competitor prices: for one product any range; for several, one row per product (one column per competitor)."),
        p("weights", "Volumes: one per product (or, for one product, one per competitor price); omitted: equal weights."),
      ],
      returns: "An index (100 = same price level); #DIV/0! when there is no competitor price.",
    },
    fr: {
      name: "INDICE.PRIX",
      description: "Indice de prix concurrentiel = prix propre / prix moyen des concurrents x 100 (au-dessus de 100 = plus cher). Plusieurs produits : la moyenne de leurs indices pondérée par les volumes.",
      params: [
        p("prix_propre", "Prix propre, ou un prix propre par produit (une colonne)."),
        p("prix_concurrents", "Prix des concurrents : pour un produit, une plage quelconque ; pour plusieurs, une ligne par produit (une colonne par concurrent)."),
        p("ponderations", "Volumes : un par produit (ou, pour un produit, un par prix concurrent) ; omis : poids égaux."),
      ],
      returns: "Un indice (100 = même niveau de prix) ; #DIV/0! sans prix concurrent.",
    },
  },
  {
    id: "BCG",
    group: "market",
    optional: [2],
    en: {
      name: "BCG",
      description: "BCG matrix quadrant from relative market share (>= 1 = high) and market growth (>= threshold = high): STAR, CASH_COW, QUESTION_MARK or DOG.",
      params: [
        p("relative_share", "Relative market share (OPS.RELSHARE): a cell or a range."),
        p("market_growth", "Growth of the market (e.g. 12%), same size."),
        p("growth_threshold", "Growth separating high from low (default 10%)."),
      ],
      returns: "STAR, CASH_COW, QUESTION_MARK or DOG (stable codes in every language).",
    },
    fr: {
      name: "BCG",
      description: "Quadrant de la matrice BCG selon la part de marché relative (>= 1 = forte) et la croissance du marché (>= seuil = forte) : STAR (vedette), CASH_COW (vache à lait), QUESTION_MARK (dilemme) ou DOG (poids mort).",
      params: [
        p("part_relative", "Part de marché relative (OPS.PART.RELATIVE) : une cellule ou une plage."),
        p("croissance_marche", "Croissance du marché (par ex. 12 %), même taille."),
        p("seuil_croissance", "Croissance séparant forte et faible (10 % par défaut)."),
      ],
      returns: "STAR, CASH_COW, QUESTION_MARK ou DOG (codes stables dans toutes les langues).",
    },
  },
  // --------------------------------------------------------------------------------------------------- pvm
  {
    id: "PVM",
    group: "pvm",
    en: {
      name: "PVM",
      description: "Price-volume-mix analysis of the revenue change between two periods, one row per product. New and lost products get their own lines, never the price effect.",
      params: [
        p("base_prices", "Unit prices in the base period, one per product."),
        p("base_volumes", "Volumes in the base period (empty or 0 = not sold)."),
        p("current_prices", "Unit prices in the current period."),
        p("current_volumes", "Volumes in the current period (empty or 0 = not sold)."),
      ],
      returns: "8 rows x 2 columns (label, amount): base revenue, volume, mix, price, new products, lost products, current revenue, total change; volume + mix + price + new + lost = total.",
    },
    fr: {
      name: "EFFETS.PVM",
      description: "Analyse prix-volume-mix de l'écart de chiffre d'affaires entre deux périodes, une ligne par produit. Les produits nouveaux et perdus ont leurs propres lignes, jamais l'effet prix.",
      params: [
        p("prix_base", "Prix unitaires de la période de base, un par produit."),
        p("volumes_base", "Volumes de la période de base (vide ou 0 = non vendu)."),
        p("prix_actuels", "Prix unitaires de la période actuelle."),
        p("volumes_actuels", "Volumes de la période actuelle (vide ou 0 = non vendu)."),
      ],
      returns: "8 lignes x 2 colonnes (libellé, montant) : CA de base, volume, mix, prix, nouveaux produits, produits perdus, CA actuel, écart total ; volume + mix + prix + nouveaux + perdus = écart total.",
    },
  },
];

const byId = new Map(FUNCTION_CATALOGUE.map((e) => [e.id, e]));

export function catalogueEntry(id: string): FunctionEntry | undefined {
  return byId.get(id);
}
