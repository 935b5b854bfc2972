/**
 * Rows whose label starts (or ends) with a total word: a subtotal only when the row's other dimension cells are
 * empty, or when its amounts are the sums of the rows above it (since the previous subtotal or section, or since the
 * start of the block), within rounding. Otherwise a product named "Total Care Kit" is a product.
 */
import { buildDataSet, detectLayouts } from "../../../src/core/read";
import type { CellValue, DataSet } from "../../../src/core/types";

function read(values: CellValue[][]): DataSet {
  const g = { sheet: "Ventes", top: 1, left: 1, values };
  const layouts = detectLayouts(g);
  expect(layouts.length).toBeGreaterThan(0);
  return buildDataSet(g, layouts[0]);
}
const numbers = (ds: DataSet, header: string) => Array.from(ds.columns.find((c) => c.header === header)!.numbers!);
const texts = (ds: DataSet, header: string) => ds.columns.find((c) => c.header === header)!.text!;

describe("product names that start with a total word", () => {
  it("keeps a product named 'Total Care Kit' (its region is filled and its amounts are not the sums above)", () => {
    const ds = read([
      ["Région", "Produit", "CA HT", "Coût"],
      ["Nord", "Vis", 100, 60],
      ["Nord", "Total Care Kit", 80, 50],
      ["Nord", "Écrou", 50, 20],
      ["Sud", "Totalement bio", 30, 10],
      ["Sud", "Kit total", 45, 15],
    ]);
    expect(Array.from(ds.rowNumbers)).toEqual([2, 3, 4, 5, 6]);
    expect(texts(ds, "Produit")).toEqual(["Vis", "Total Care Kit", "Écrou", "Totalement bio", "Kit total"]);
    expect(ds.excluded).toEqual([]);
    // the independent check: the revenue column sums every product
    expect(numbers(ds, "CA HT").reduce((a, b) => a + b, 0)).toBe(100 + 80 + 50 + 30 + 45);
  });

  it("leaves out a 'Total Nord' row whose other dimension cells are empty", () => {
    const ds = read([
      ["Région", "Produit", "CA HT", "Coût"],
      ["Nord", "Vis", 100, 60],
      ["Nord", "Écrou", 50, 20],
      ["", "Total Nord", 150, 80],
      ["Sud", "Vis", 70, 30],
    ]);
    expect(Array.from(ds.rowNumbers)).toEqual([2, 3, 5]);
    expect(ds.excluded).toEqual([{ row: 4, reason: "subtotal", text: "Total Nord" }]);
  });

  it("leaves out a 'Total ...' row with its region filled when its amounts are the sums of the rows since the previous subtotal", () => {
    const ds = read([
      ["Région", "Produit", "CA HT", "Coût", "Prix moyen"],
      ["Nord", "Vis", 100.25, 60, 2.5],
      ["Nord", "Écrou", 49.75, 20, 1.5],
      ["Nord", "Total Nord", 150, 80, 2.1], // sums (the average price does not add up, and need not)
      ["Sud", "Vis", 70.004, 30, 2.5],
      ["Sud", "Clou", 29.996, 10, 1],
      ["Sud", "Total Sud", 100, 40, 1.9], // the sums of the Sud rows only, within rounding
      ["Sud", "Total Care Kit", 20, 12, 4], // not a sum of anything above: a product
    ]);
    expect(ds.excluded).toEqual([
      { row: 4, reason: "subtotal", text: "Total Nord" },
      { row: 7, reason: "subtotal", text: "Total Sud" },
    ]);
    expect(Array.from(ds.rowNumbers)).toEqual([2, 3, 5, 6, 8]);
    expect(numbers(ds, "Coût")).toEqual([60, 20, 30, 10, 12]);
  });

  it("leaves out a grand total whose amounts are the sums of the whole block, even with a dimension filled", () => {
    const ds = read([
      ["Région", "Produit", "CA HT", "Coût"],
      ["Nord", "Vis", 100, 60],
      ["", "Total Nord", 100, 60],
      ["Sud", "Vis", 70, 30],
      ["Sud", "Total Sud", 70, 30],
      ["France", "Total France", 170, 90],
    ]);
    expect(ds.excluded.map((e) => [e.row, e.reason])).toEqual([
      [3, "subtotal"],
      [5, "subtotal"],
      [6, "subtotal"],
    ]);
    expect(Array.from(ds.rowNumbers)).toEqual([2, 4]);
  });

  it("still leaves out the unmistakable labels (Sous-total, Total général, TOTAL) whatever the other cells hold", () => {
    const ds = read([
      ["Région", "Produit", "CA HT", "Coût"],
      ["Nord", "Vis", 100, 60],
      ["Nord", "Sous-total", 999, 1],
      ["Sud", "Vis", 70, 30],
      ["Sud", "TOTAL", 5, 5],
      ["France", "Total général", 12, 3],
    ]);
    expect(ds.excluded.map((e) => [e.row, e.reason])).toEqual([
      [3, "subtotal"],
      [5, "total"],
      [6, "total"],
    ]);
    expect(Array.from(ds.rowNumbers)).toEqual([2, 4]);
  });
});
