import type { AreaCatalogue } from "../index";

/** User-facing text of the "excel" area. Same keys in fr and en; {param} placeholders. */
export const excel: AreaCatalogue = {
  fr: {},
  en: {},
};
