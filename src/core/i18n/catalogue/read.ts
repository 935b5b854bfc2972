import type { AreaCatalogue } from "../index";

/** User-facing text of the "read" area. Same keys in fr and en; {param} placeholders. */
export const read: AreaCatalogue = {
  fr: {},
  en: {},
};
