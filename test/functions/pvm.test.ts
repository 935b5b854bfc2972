import fc from "fast-check";
import * as Fns from "../../src/functions/functions";
import { col, thrown, withDisplayLanguage, loose } from "./helpers";

const { pvm } = loose(Fns);

describe("OPS.PVM", () => {
  it("spills label / amount rows whose effects add up to the revenue change", () => {
    // A continuing (100 @ 10 -> 120 @ 11), B continuing (50 @ 20 -> 40 @ 19), C new (10 @ 30), D lost (10 @ 5).
    const out = pvm(col(10, 20, "", 5), col(100, 50, "", 10), col(11, 19, 30, ""), col(120, 40, 10, "")) as [string, number][];
    expect(out.map((r) => r[0])).toEqual(["base revenue", "volume effect", "mix effect", "price effect", "new products", "lost products", "current revenue", "total change"]);
    const v = Object.fromEntries(out.map(([k, x]) => [k, x]));
    expect(v["base revenue"]).toBeCloseTo(2050, 9);
    expect(v["current revenue"]).toBeCloseTo(2380, 9);
    expect(v["volume effect"]).toBeCloseTo(400 / 3, 9);
    expect(v["mix effect"]).toBeCloseTo(-400 / 3, 9);
    expect(v["price effect"]).toBeCloseTo(80, 9);
    expect(v["new products"]).toBeCloseTo(300, 9);
    expect(v["lost products"]).toBeCloseTo(-50, 9);
    expect(v["total change"]).toBeCloseTo(330, 9);
  });
  it("labels in French when Office is in French", () => {
    const out = withDisplayLanguage("fr", () => pvm(col(1), col(1), col(2), col(1))) as [string, number][];
    expect(out.map((r) => r[0])).toEqual(["CA de base", "effet volume", "effet mix", "effet prix", "nouveaux produits", "produits perdus", "CA actuel", "écart total"]);
    expect(out[3][1]).toBe(1);
  });
  it("keeps volume + mix + price + new + lost = current - base on random Excel columns (property)", () => {
    const cellv = (max: number) => fc.option(fc.integer({ min: 1, max }), { nil: "", freq: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(cellv(10000), cellv(5000), cellv(10000), cellv(5000)), { minLength: 1, maxLength: 30 }), (rows) => {
        // Prices are always given when a volume is (the other case is an error, tested below).
        const fixed = rows.map(([p0, q0, p1, q1]) => [q0 === "" ? p0 : p0 === "" ? 7 : p0, q0, q1 === "" ? p1 : p1 === "" ? 9 : p1, q1] as const);
        const out = pvm(
          fixed.map((r) => [r[0]]),
          fixed.map((r) => [r[1]]),
          fixed.map((r) => [r[2]]),
          fixed.map((r) => [r[3]]),
        ) as [string, number][];
        let r0 = 0;
        let r1 = 0;
        for (const [p0, q0, p1, q1] of fixed) {
          if (typeof q0 === "number") r0 += (p0 as number) * q0;
          if (typeof q1 === "number") r1 += (p1 as number) * q1;
        }
        const x = out.map((r) => r[1]);
        const tol = 1e-9 * Math.max(1, r0, r1);
        expect(Math.abs(x[0] - r0)).toBeLessThanOrEqual(tol);
        expect(Math.abs(x[6] - r1)).toBeLessThanOrEqual(tol);
        expect(Math.abs(x[1] + x[2] + x[3] + x[4] + x[5] - (r1 - r0))).toBeLessThanOrEqual(tol);
        expect(Math.abs(x[7] - (r1 - r0))).toBeLessThanOrEqual(tol);
      }),
      { numRuns: 200 },
    );
  });
  it("names the product with a volume but no price, and refuses sizes that differ", () => {
    const e = thrown(() => pvm(col(10, ""), col(5, 5), col(10, 10), col(5, 5)));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toBe("base_prices: product 2 was sold in the base period but has no base price.");
    expect(thrown(() => pvm(col(10, 1), col(5, -5), col(10, 10), col(5, 5))).message).toContain("(-5)");
    const s = thrown(() => pvm(col(1, 2), col(1, 2), col(1, 2), col(1)));
    expect(s.code).toBe("#N/A");
    expect(s.message).toBe("base_prices (2 × 1) and current_volumes (1 × 1) do not have the same size.");
    expect(thrown(() => pvm(col("abc"), col(1), col(1), col(1))).code).toBe("#VALUE!");
  });
});
