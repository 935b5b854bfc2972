/**
 * Every column that fits a role is offered (DataSet.candidates), not only the best one kept in `roles`.
 */
import { buildDataSet, detectLayouts, unpivot } from "../../../src/core/read";
import type { CellValue, ColumnRole, DataSet } from "../../../src/core/types";

function read(values: CellValue[][], overrides?: Record<string, ColumnRole | null>): DataSet {
  const g = { sheet: "Ventes", top: 1, left: 1, values };
  const [l] = detectLayouts(g);
  return buildDataSet(g, l, overrides ? { overrides } : undefined);
}
const headersOf = (ds: DataSet, role: ColumnRole) => (ds.candidates?.[role] ?? []).map((c) => ds.columns[c.column].header);

const values: CellValue[][] = [
  ["Produit", "Article", "CA HT", "Ventes", "Montant", "Coût de revient", "Coût"],
  ["Vis", "V-01", 100, 98, 100, 60, 61],
  ["Écrou", "E-02", 200, 199, 200, 150, 149],
  ["Clou", "C-03", 50, 52, 50, 20, 21],
];

describe("role candidates", () => {
  const ds = read(values);

  it("lists every column whose header fits a role, most confident first, the chosen one in roles", () => {
    expect(headersOf(ds, "revenue")).toEqual(["CA HT", "Ventes", "Montant"]);
    expect(headersOf(ds, "cost")).toEqual(["Coût de revient", "Coût"]);
    expect(headersOf(ds, "product")).toEqual(["Produit", "Article"]);
    expect(ds.columns[ds.roles.revenue!].header).toBe("CA HT");
    expect(ds.columns[ds.roles.product!].header).toBe("Produit");
    const conf = ds.candidates!.revenue!.map((c) => c.confidence);
    expect([...conf].sort((a, b) => b - a)).toEqual(conf);
    for (const c of ds.candidates!.revenue!) {
      expect(c.confidence).toBeGreaterThan(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      expect(c.reason).toBeTruthy();
    }
    // the chosen column's candidate confidence is the one its column shows
    expect(ds.candidates!.revenue![0].confidence).toBe(ds.columns[ds.roles.revenue!].confidence);
  });

  it("keeps the derived margin as the margin candidate", () => {
    const m = ds.candidates!.margin!;
    expect(m.map((c) => ds.columns[c.column].derived)).toEqual([true]);
    expect(m[0].column).toBe(ds.roles.margin);
  });

  it("puts a user override first with confidence 1, and still offers the column the header suggested", () => {
    const o = read(values, { Ventes: "revenue" });
    expect(o.columns[o.roles.revenue!].header).toBe("Ventes");
    expect(o.candidates!.revenue![0]).toMatchObject({ column: o.roles.revenue, confidence: 1, reason: "override" });
    expect(headersOf(o, "revenue")).toEqual(["Ventes", "CA HT", "Montant"]);
  });

  it("follows the columns when a wide table is turned long", () => {
    const wide = read([
      ["Région", "Zone", "Janv. 2024", "Févr. 2024", "Mars 2024"],
      ["Nord", "A", 1, 2, 3],
      ["Sud", "B", 4, 5, 6],
    ]);
    expect(headersOf(wide, "region")).toEqual(["Région", "Zone"]);
    const long = unpivot(wide);
    expect(headersOf(long, "region")).toEqual(["Région", "Zone"]);
    expect(headersOf(long, "period")).toEqual(["period"]);
  });
});
