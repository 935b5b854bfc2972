import { catalogueKeys, formatMessage, t } from "../src/core/i18n";

describe("catalogue", () => {
  it("has the same keys in French and English, none empty", () => {
    const fr = catalogueKeys("fr").sort();
    const en = catalogueKeys("en").sort();
    expect(fr).toEqual(en);
    for (const k of fr) {
      expect(t(k, "fr").trim()).not.toBe("");
      expect(t(k, "en").trim()).not.toBe("");
    }
  });
  it("places a message with its sheet and row", () => {
    const s = formatMessage({ code: "basis.sales", severity: "info", location: { sheet: "Ventes 2024", row: 12 } }, "fr");
    expect(s).toBe("'Ventes 2024', ligne 12 — taux de marque (marge / prix de vente HT)");
  });
});
