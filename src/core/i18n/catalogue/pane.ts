import type { AreaCatalogue } from "../index";

/** User-facing text of the "pane" area. Same keys in fr and en; {param} placeholders. */
export const pane: AreaCatalogue = {
  fr: {},
  en: {},
};
