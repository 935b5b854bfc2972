import type { AreaCatalogue } from "../index";

export const common: AreaCatalogue = {
  fr: {
    "loc.row": "ligne",
    "basis.sales": "taux de marque (marge / prix de vente HT)",
    "basis.cost": "taux de marge (marge / coût)",
  },
  en: {
    "loc.row": "row",
    "basis.sales": "gross margin rate (margin / revenue)",
    "basis.cost": "markup (margin / cost)",
  },
};
