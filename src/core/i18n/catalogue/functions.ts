import type { AreaCatalogue } from "../index";

/** User-facing text of the "functions" area. Same keys in fr and en; {param} placeholders. */
export const functions: AreaCatalogue = {
  fr: {},
  en: {},
};
