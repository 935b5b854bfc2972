import type { AreaCatalogue } from "../index";

/**
 * User-facing text of the Excel reading adapter (src/excel/read.ts). Same keys in fr and en; {param} placeholders.
 * Excel's own errors while reading (protected, not found, payload, cell edit mode...) use the "excel" area's messages.
 */
export const excelRead: AreaCatalogue = {
  fr: {
    "excelRead.overridesUnreadable":
      "Les corrections de rôles enregistrées dans le classeur pour « {source} » sont illisibles en partie : les rôles proposés par OPS sont utilisés à leur place. Corrigez les rôles puis enregistrez-les de nouveau.",
    "excelRead.columnsLeftOut":
      "La feuille « {sheet} » a {count} colonne(s) au-delà des {max} premières : elles ne sont pas lues. Placez les données à lire dans les {max} premières colonnes ou dans un tableau Excel (Insertion > Tableau).",
  },
  en: {
    "excelRead.overridesUnreadable":
      "The role corrections saved in the workbook for \"{source}\" are partly unreadable: OPS's proposed roles are used instead. Correct the roles and save them again.",
    "excelRead.columnsLeftOut":
      "Sheet \"{sheet}\" has {count} column(s) beyond the first {max}: they are not read. Put the data to read in the first {max} columns or in an Excel table (Insert > Table).",
  },
};
