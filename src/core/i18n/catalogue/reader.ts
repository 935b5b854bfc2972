import type { AreaCatalogue } from "../index";

/** User-facing text of the reader's stacked headers and role candidates (read.* and the Data view's pane.data.*). Same keys in fr and en. */
export const reader: AreaCatalogue = {
  fr: {
    "read.multiRowHeader": "En-têtes sur {count} lignes ({rows}) : les libellés sont réunis de haut en bas, par exemple « {example} ».",
    "read.headerRowsFoundMulti": "En-têtes trouvés sur {count} lignes ({rows}).",
    "pane.data.suggestedRoles": "Rôles qui conviennent à cette colonne",
    "pane.data.otherRoles": "Autres rôles",
    "pane.data.roleFit": "{role} (confiance {percent})",
    "pane.data.alsoFits": "Convient aussi : {roles}",
  },
  en: {
    "read.multiRowHeader": "Headers on {count} rows ({rows}): labels are joined top to bottom, e.g. “{example}”.",
    "read.headerRowsFoundMulti": "Headers found on {count} rows ({rows}).",
    "pane.data.suggestedRoles": "Roles this column fits",
    "pane.data.otherRoles": "Other roles",
    "pane.data.roleFit": "{role} ({percent} confidence)",
    "pane.data.alsoFits": "Also fits: {roles}",
  },
};
