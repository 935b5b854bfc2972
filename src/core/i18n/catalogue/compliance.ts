import type { AreaCatalogue } from "../index";

/** User-facing text of the "compliance" area. Same keys in fr and en; {param} placeholders. */
export const compliance: AreaCatalogue = {
  fr: {},
  en: {},
};
