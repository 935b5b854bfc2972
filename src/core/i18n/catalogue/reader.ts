import type { AreaCatalogue } from "../index";

/** User-facing text added by the reader's later work (stacked headers, role candidates). Same keys in fr and en. */
export const reader: AreaCatalogue = {
  fr: {
    "read.multiRowHeader": "En-têtes sur {count} lignes ({rows}) : les libellés sont réunis de haut en bas, par exemple « {example} ».",
    "read.headerRowsFoundMulti": "En-têtes trouvés sur {count} lignes ({rows}).",
  },
  en: {
    "read.multiRowHeader": "Headers on {count} rows ({rows}): labels are joined top to bottom, e.g. “{example}”.",
    "read.headerRowsFoundMulti": "Headers found on {count} rows ({rows}).",
  },
};
