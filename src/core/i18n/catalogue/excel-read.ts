import type { AreaCatalogue } from "../index";

/** User-facing text of the Excel reading adapter (src/excel/read.ts). Same keys in fr and en; {param} placeholders. */
export const excelRead: AreaCatalogue = {
  fr: {},
  en: {},
};
