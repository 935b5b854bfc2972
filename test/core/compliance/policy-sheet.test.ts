import { POLICY_SHEET, defaultPolicy, policyFromCells, policyToCells } from "../../../src/core/compliance";
import type { MarginPolicy } from "../../../src/core/policy-types";
import type { CellValue, Lang } from "../../../src/core/types";
import { serial } from "./support";

const origin = { sheet: POLICY_SHEET.name, settingsTop: POLICY_SHEET.settingsTop, rulesTop: POLICY_SHEET.rulesTop };
const strip = (p: MarginPolicy) => ({ ...p, rules: p.rules.map(({ location: _l, ...r }) => r) });

const sample: MarginPolicy = {
  basis: "sales",
  floor: 0.12,
  target: 0.225,
  erosionPoints: 0.03,
  period: "quarter",
  groupBy: ["product", "region"],
  rules: [
    { id: "Grands comptes", dimension: "segment", value: "Grands comptes", floor: 0.05, target: NaN, comment: "=accord cadre 2024" },
    { id: "R13", dimension: "product", value: "Nova", floor: 0.15, target: 0.3 },
    { id: "Soldes", dimension: "channel", value: "Web", floor: 0, target: 0.1, from: serial(2025, 1, 8), to: serial(2025, 2, 4) },
    { id: "Export", dimension: "country", value: "Belgique", floor: NaN, target: 0.25 },
  ],
};

describe("policyToCells / policyFromCells", () => {
  it.each(["fr", "en"] as Lang[])("round-trips a policy in %s, blanks and comments included", (lang) => {
    const cells = policyToCells(sample, lang);
    expect(cells.settings).toHaveLength(POLICY_SHEET.settingKeys.length);
    expect(cells.rulesHeader).toHaveLength(POLICY_SHEET.columns.length);
    expect(cells.rules[0][4]).toBe(""); // inherited target written blank
    const back = policyFromCells(cells.settings, cells.rules, origin);
    expect(back.messages).toEqual([]);
    expect(strip(back.policy)).toEqual(strip(sample));
    expect(back.policy.rules[1].location).toEqual({ sheet: "OPS Policy", row: 13, column: 1, address: "A13" });
    const cost = { ...defaultPolicy(), basis: "cost" as const, floor: 0.4, target: 1.2 };
    const cc = policyToCells(cost, lang);
    expect(policyFromCells(cc.settings, cc.rules, origin).policy).toEqual(cost);
  });

  it("writes labels and values in the user's language", () => {
    const fr = policyToCells(sample, "fr");
    const en = policyToCells(sample, "en");
    expect(fr.settings[0][1]).toBe("sur prix de vente (taux de marque)");
    expect(en.settings[0][1]).toBe("on sales (gross margin rate)");
    expect(fr.settings[4][1]).toBe("trimestre");
    expect(fr.settings[5][1]).toBe("Produit, Région");
    expect(fr.rules[2][1]).toBe("Canal");
    expect(en.rulesHeader).toEqual(["Rule", "Dimension", "Value", "Floor", "Target", "From", "To", "Comment"]);
    expect(fr.rules[0][7]).toBe("=accord cadre 2024"); // user text kept as it is; the writer escapes it
  });

  it("reads what people type: French or English labels and values, percent texts, decimal commas, dates as text", () => {
    const settings: CellValue[][] = [
      ["Base", "ventes"],
      ["Taux plancher", "12 %"],
      ["Objectif", "22,5 %"],
      ["Erosion (pts)", "3 pts"],
      ["Périodicité", "Mois"],
      ["Group by", "Segment; Pays"],
    ];
    const rules: CellValue[][] = [
      ["", "Produit", "Nova", "12,5 %", 0.3, "01/03/2025", "2025-03-31", ""],
      ["VIP", "Client", "Dupont SA", 15, "", "", "", "fidélité"],
      ["", "Région", "Île-de-France", "0,08", "", "", "", ""],
      ["", "", "", "", "", "", "", ""],
      ["Q4", "", "", 0.05, 0.1, "T4 2024", "T4 2024", ""],
    ];
    const { policy, messages } = policyFromCells(settings, rules, origin);
    expect(policy).toMatchObject({ basis: "sales", floor: 0.12, target: 0.225, erosionPoints: 0.03, period: "month", groupBy: ["segment", "country"] });
    expect(policy.rules.map((r) => [r.id, r.dimension, r.value, r.floor, Number.isNaN(r.target) ? "inherit" : r.target])).toEqual([
      ["R12", "product", "Nova", 0.125, 0.3],
      ["VIP", "customer", "Dupont SA", 0.15, "inherit"],
      ["R14", "region", "Île-de-France", 0.08, "inherit"],
      ["Q4", undefined, undefined, 0.05, 0.1],
    ]);
    expect([policy.rules[0].from, policy.rules[0].to]).toEqual([serial(2025, 3, 1), serial(2025, 3, 31)]);
    expect([policy.rules[3].from, policy.rules[3].to]).toEqual([serial(2024, 10, 1), serial(2024, 12, 31)]);
    expect(policy.rules[1].comment).toBe("fidélité");
    // "15" typed without % is read as 15 % and said so, at its cell.
    expect(messages).toEqual([{ code: "compliance.policy.percentAssumed", severity: "info", params: { value: "15", percent: 15 }, location: { sheet: "OPS Policy", row: 13, column: 4, address: "D13" } }]);
  });

  it("locates every problem by cell and keeps reading", () => {
    const settings: CellValue[][] = [
      ["Base du taux", "sur la lune"],
      ["Plancher par défaut", "dix"],
      ["Cible par défaut", 0.08],
      ["Érosion signalée au-delà de (points)", 0.02],
      ["Période d'analyse", "semaine"],
      ["Regrouper par", "Produit, Couleur"],
    ];
    const rules: CellValue[][] = [
      ["A", "Couleur", "Rouge", 0.1, 0.2, "", "", ""],
      ["B", "Segment", "PME", "n/a", 0.2, "", "", ""],
      ["C", "Segment", "", 0.3, 0.2, "", "", ""],
      ["D", "Segment", "Export", 0.1, 0.2, "hier", "", ""],
      ["E", "segment", "pme", 0.1, 0.2, "", "", ""],
    ];
    const { policy, messages } = policyFromCells(settings, rules, origin);
    const got = messages.map((m) => [m.code, m.location?.address]);
    expect(got).toEqual(
      expect.arrayContaining([
        ["compliance.policy.badBasis", "B4"],
        ["compliance.policy.badNumber", "B5"],
        ["compliance.policy.badPeriod", "B8"],
        ["compliance.policy.badDimension", "B9"],
        ["compliance.policy.badDimension", "B12"],
        ["compliance.policy.badNumber", "D13"],
        ["compliance.policy.missingValue", "C14"],
        ["compliance.policy.floorAboveTarget", "D14"],
        ["compliance.policy.badDate", "F15"],
        ["compliance.policy.overlap", "C16"],
        ["compliance.policy.floorAboveTarget", "B5"], // default floor 10 % kept, target 8 %
      ]),
    );
    // Unreadable values fall back (default floor kept), the rule with an unknown dimension is left out.
    expect(policy.floor).toBe(0.1);
    expect(policy.target).toBe(0.08);
    expect(policy.groupBy).toEqual(["product"]);
    expect(policy.rules.map((r) => r.id)).toEqual(["B", "C", "D", "E"]);
  });

  it("reads settings by position when the labels were cleared, and reports missing ones", () => {
    const { policy, messages } = policyFromCells([["", "on cost"], ["", 0.3]], [], origin);
    expect(policy.basis).toBe("cost");
    expect(policy.floor).toBe(0.3);
    expect(messages.map((m) => m.code)).toEqual(["compliance.policy.missingSetting.target", "compliance.policy.missingSetting.erosionPoints", "compliance.policy.floorAboveTarget"]);
  });
});
