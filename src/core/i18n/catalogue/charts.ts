import type { AreaCatalogue } from "../index";

/** User-facing text of the "charts" area (native charts drawn by src/excel/charts.ts). Same keys in fr and en. */
export const charts: AreaCatalogue = {
  fr: {
    "charts.setMissing": "Le graphique « {chart} » n'a pas été tracé : cette version d'Excel ne prend pas en charge {set}. Les données restent dans la feuille ; ouvrez le classeur dans Excel pour le web ou Microsoft 365 pour voir le graphique.",
    "charts.numberFormatMissing": "Graphique « {chart} » : le format des nombres des étiquettes et des axes demande {set}, que cette version d'Excel ne prend pas en charge ; le graphique est tracé avec le format général.",
    "charts.overlapMissing": "Graphique « {chart} » : le chevauchement des colonnes demande {set}, que cette version d'Excel ne prend pas en charge ; le graphique est tracé sans.",
    "charts.legendEntriesMissing": "Graphique « {chart} » : masquer la série « {series} » de la légende demande {set}, que cette version d'Excel ne prend pas en charge ; elle reste dans la légende.",
    "charts.noSeries": "Le graphique « {chart} » n'a pas été tracé : il n'a aucune série de valeurs. Les données restent dans la feuille.",
    "charts.badRange": "Le graphique « {chart} » n'a pas été tracé : « {range} » n'est pas une plage de cellules valide. Les données restent dans la feuille.",
  },
  en: {
    "charts.setMissing": "The chart “{chart}” was not drawn: this version of Excel does not support {set}. The data stays on the sheet; open the workbook in Excel on the web or Microsoft 365 to see the chart.",
    "charts.numberFormatMissing": "Chart “{chart}”: the number format of labels and axes needs {set}, which this version of Excel does not support; the chart is drawn with the General format.",
    "charts.overlapMissing": "Chart “{chart}”: the column overlap needs {set}, which this version of Excel does not support; the chart is drawn without it.",
    "charts.legendEntriesMissing": "Chart “{chart}”: hiding the series “{series}” from the legend needs {set}, which this version of Excel does not support; it stays in the legend.",
    "charts.noSeries": "The chart “{chart}” was not drawn: it has no value series. The data stays on the sheet.",
    "charts.badRange": "The chart “{chart}” was not drawn: “{range}” is not a valid cell range. The data stays on the sheet.",
  },
};
