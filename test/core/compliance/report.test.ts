import { checkComplianceSync, defaultPolicy, reportModel } from "../../../src/core/compliance";
import { makeDataSet, serial } from "./support";

describe("reportModel", () => {
  const d = serial(2024, 3, 5);
  const ds = makeDataSet([
    { revenue: 100, cost: 95, segment: "=HYPERLINK(\"x\")", product: "Nova", date: d }, // breach, dangerous text kept
    { revenue: 200, cost: 170, segment: "PME", product: "Nova", date: d }, // warning
    { revenue: 0, cost: 10, segment: "PME", product: "Nova", date: d }, // data
  ]);
  ds.excluded.push({ row: 9, reason: "total", text: "Total" });
  const res = checkComplianceSync(ds, { ...defaultPolicy(), rules: [{ id: "PME", dimension: "segment", value: "pme", floor: 0.05, target: NaN }] });

  it("has one row per finding, in the result's order, with the source row in sourceRowColumn", () => {
    const m = reportModel(ds, res, "fr");
    expect(m.rows).toHaveLength(res.findings.length);
    expect(m.header).toHaveLength(m.columnFormats.length);
    for (const r of m.rows) expect(r).toHaveLength(m.header.length);
    expect(m.header[m.sourceRowColumn]).toBe("Ligne");
    expect(m.rows.map((r) => r[m.sourceRowColumn])).toEqual(res.findings.map((f) => f.location.row ?? ""));
    expect(m.rows[0][m.sourceSheetColumn]).toBe("Ventes");
  });

  it("writes the findings in French: severity, kind, rule, dimensions, rates, gap in points, shortfall, message", () => {
    const m = reportModel(ds, res, "fr");
    const col = (name: string) => m.header.indexOf(name);
    expect(m.header).toEqual([
      "Gravité", "Type", "Règle", "Feuille", "Ligne", "Segment", "Produit", "Période", "CA", "Marge",
      "Taux réel (sur prix de vente)", "Seuil", "Écart (pts)", "Marge manquante", "Hausse de prix pour la cible", "Détail",
    ]);
    const [breach, warning] = m.rows;
    expect(breach.slice(0, 8)).toEqual(["Sous le plancher", "Ligne", "par défaut", "Ventes", 2, "=HYPERLINK(\"x\")", "Nova", "2024-03"]);
    expect(breach[col("Écart (pts)")]).toBeCloseTo(-5, 9);
    expect(breach[col("Marge manquante")]).toBeCloseTo(15, 9);
    expect(breach[col("Détail")]).toBe("Taux 5,0\u202f% sous le plancher 10,0\u202f% (-5,0 pts) ; il manque 15 de marge pour la cible 20,0\u202f%.");
    expect(warning.slice(0, 3)).toEqual(["Sous la cible", "Ligne", "PME"]);
    expect(warning[col("Seuil")]).toBe(0.2);
    const dataRow = m.rows.find((r) => r[1] === "Données" && r[4] === 4)!;
    expect(dataRow[col("Détail")]).toBe("Ligne 4 : chiffre d'affaires nul ; pas de taux de marge, ligne non contrôlée.");
    expect(dataRow[col("Taux réel (sur prix de vente)")]).toBe("");
    expect(m.rows.some((r) => r[4] === 9 && String(r[col("Détail")]).includes("ligne de total"))).toBe(true);
    expect(m.columnFormats[col("Écart (pts)")]).toBe("points");
    expect(m.columnFormats[col("Marge manquante")]).toBe("currency");
  });

  it("gives a summary of label/value rows with formats, and the by-segment block", () => {
    const m = reportModel(ds, res, "en");
    expect(m.summary).toHaveLength(m.summaryFormats.length);
    const get = (label: string) => m.summary.find((r) => r[0] === label)?.[1];
    expect(get("Rows checked")).toBe(2);
    expect(get("Rows below floor")).toBe(1);
    expect(get("Rows below target")).toBe(1);
    expect(get("Data points to check")).toBe(res.summary.dataIssues);
    expect(get("Share of revenue below floor")).toBeCloseTo(100 / 300, 12);
    expect(get("Rate basis")).toBe("gross margin rate (margin / revenue)");
    expect(m.summary.find((r) => String(r[0]).startsWith("Overall rate"))![0]).toContain("margin / revenue");
    expect(m.summaryFormats[m.summary.findIndex((r) => r[0] === "Total margin shortfall (rows)")]).toBe("currency");
    expect(m.segments.header[0]).toBe("Segment");
    expect(m.segments.rows.map((r) => r[0]).sort()).toEqual(["=HYPERLINK(\"x\")", "PME"]);
  });
});
