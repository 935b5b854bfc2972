import fc from "fast-check";
import * as Fns from "../../src/functions/functions";
import { cells, col, thrown, withDisplayLanguage, loose } from "./helpers";

const { bcg, concentration, crk, hhi, hhiDeltaFn, priceindex, relshare, share } = loose(Fns);

describe("OPS.SHARE", () => {
  it("own / market line by line, with #DIV/0! and #NUM! for impossible lines", () => {
    expect(cells(share(col(25, 10, 5, -1, ""), col(100, 0, 4, 10, "")))).toEqual([[0.25], ["#DIV/0!"], ["#NUM!"], ["#NUM!"], [""]]);
    expect(cells(share(col("25 %"), 1))).toEqual([[0.25]]);
  });
  it("without market: shares of the range's total, summing to 1 (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: "", freq: 5 }), { minLength: 1, maxLength: 30 }), (v) => {
        fc.pre(v.some((x) => typeof x === "number" && x > 0));
        const out = share(col(...v)) as unknown[][];
        let sum = 0;
        out.forEach((r, i) => {
          if (v[i] === "") expect(r[0]).toBe("");
          else sum += r[0] as number;
        });
        expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-12);
      }),
    );
    expect(thrown(() => share(col(0, 0))).code).toBe("#DIV/0!");
    expect(thrown(() => share(col(3, -1))).code).toBe("#NUM!");
  });
});

describe("OPS.RELSHARE", () => {
  it("divides by the largest competitor; the leader by number two", () => {
    expect(cells(relshare(col(40, 20), col(30, 20, "")))).toEqual([[expect.closeTo(4 / 3, 12)], [expect.closeTo(2 / 3, 12)]]);
    expect(thrown(() => relshare(col(40), col("", 0))).code).toBe("#DIV/0!");
    expect(thrown(() => relshare(col(40), col(-3, 5))).code).toBe("#NUM!");
    expect(thrown(() => relshare(col(40), col("abc"))).message).toBe("competitors: 'abc' is not a number (row 1).");
  });
});

describe("OPS.HHI and OPS.CRK", () => {
  it("from sales, from fractional shares, from points", () => {
    expect(hhi(col(30, 30, 40))).toBeCloseTo(3400, 9);
    expect(hhi(col(300, 300, 400, ""))).toBeCloseTo(3400, 9);
    expect(hhi(col("30 %", "30 %", "40 %"))).toBeCloseTo(3400, 9);
    expect(hhi(col(0.3, 0.2), "shares")).toBeCloseTo(1300, 9); // a partial list of shares is not rescaled
    expect(hhi(col(0.3, 0.7))).toBeCloseTo(900 + 4900, 9); // fractions adding up to 100 %: shares
    expect(hhi(col(30, 20), "shares")).toBeCloseTo(1300, 9);
    expect(hhi(col(30, 20), "parts")).toBeCloseTo(1300, 9);
  });
  it("stays in [0, 10,000] for any sales (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }), (v) => {
        fc.pre(v.some((x) => x > 0));
        const h = hhi(col(...v));
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(10000);
      }),
    );
  });
  it("reads small sales as sales: [0.2, 0.3, 0.1] gives 3,889, not 1,400", () => {
    // Shares of the total: 1/3, 1/2, 1/6 -> (100/3)^2 + 50^2 + (100/6)^2.
    const expected = (100 / 3) ** 2 + 50 ** 2 + (100 / 6) ** 2;
    expect(hhi(col(0.2, 0.3, 0.1))).toBeCloseTo(expected, 9);
    expect(Math.round(hhi(col(0.2, 0.3, 0.1)))).toBe(3889);
    expect(hhi(col(0.2, 0.3, 0.1), "sales")).toBeCloseTo(expected, 9);
    expect(crk(col(0.2, 0.3, 0.1), 1)).toBeCloseTo(0.5, 12);
    // Shares typed to one decimal in percent (33.3 % x 3 = 99.9 %) are still shares, as typed.
    expect(hhi(col("33,3 %", "33,3 %", "33,3 %"))).toBeCloseTo(3 * 33.3 ** 2, 6);
    expect(hhi(col(33.3, 33.3, 33.3))).toBeCloseTo(3 * 33.3 ** 2, 6);
  });
  it("an all-zero market gives #DIV/0! (as OPS.SHARE), an overflowing total #NUM! saying the values are too large", () => {
    expect(thrown(() => hhi(col(0, 0, "")))).toEqual({ code: "#DIV/0!", message: "sales_or_shares: the total is 0." });
    expect(thrown(() => crk(col(0, 0), 1))).toEqual({ code: "#DIV/0!", message: "shares: the total is 0." });
    expect(thrown(() => share(col(0, 0)))).toEqual({ code: "#DIV/0!", message: "own: the total is 0." });
    for (const f of [() => hhi(col(1e308, 1e308)), () => crk(col(1e308, 1e308, 1), 2), () => share(col(1e308, 1e308))]) {
      const e = thrown(f);
      expect(e.code).toBe("#NUM!");
      expect(e.message).toMatch(/too large/);
      expect(e.message).not.toMatch(/total is 0|variance/);
    }
    withDisplayLanguage("fr-FR", () => expect(thrown(() => hhi(col(1e308, 1e308))).message).toMatch(/trop grandes/));
  });
  it("fails clearly on impossible inputs", () => {
    expect(thrown(() => hhi(col(60, 50), "shares")).code).toBe("#NUM!");
    expect(thrown(() => hhi(col(1, -1))).code).toBe("#NUM!");
    expect(thrown(() => hhi(col("", ""))).code).toBe("#N/A");
    expect(thrown(() => hhi(col("#N/A", 3))).code).toBe("#N/A");
    expect(thrown(() => hhi(col(1, 2), "volumes")).code).toBe("#VALUE!");
  });
  it("CR_k of the k largest", () => {
    expect(crk(col(10, 20, 30, 40), 2)).toBeCloseTo(0.7, 12);
    expect(crk([[40, 30, 20, 10]], 9)).toBeCloseTo(1, 12);
    expect(crk(col(0.3, 0.2, 0.1), 1, "shares")).toBeCloseTo(0.3, 12);
    expect(crk(col(0.5, 0.3, 0.2), 1)).toBeCloseTo(0.5, 12);
    expect(thrown(() => crk(col(1, 2), 0)).code).toBe("#NUM!");
  });
});

describe("OPS.HHI.DELTA and OPS.CONCENTRATION", () => {
  it("ΔHHI = 2ab, element-wise", () => {
    expect(cells(hhiDeltaFn(col(0.2, 20, 0.7), col(0.1, 10, 0.5)))).toEqual([[expect.closeTo(400, 9)], [expect.closeTo(400, 9)], ["#NUM!"]]);
  });
  it("gives a verdict naming its source, in the user's language", () => {
    const en = concentration(col(800, 1500, 2500), col(50, 300, 100)) as string[][];
    expect(en[0][0]).toMatch(/below 1,000.*unlikely.*EU Horizontal Merger Guidelines 2004/);
    expect(en[1][0]).toMatch(/ΔHHI 300 of 250 or more: possible/);
    expect(en[2][0]).toMatch(/above 2,000 with ΔHHI 100 below 150: competition concerns unlikely/);
    const us = concentration(col(1900), col(150), "US2023") as string[][];
    expect(us[0][0]).toMatch(/presumed.*Merger Guidelines 2023/);
    const share = concentration(col(1200), col(150), "us", "35 %") as string[][];
    expect(share[0][0]).toMatch(/Combined share 35 % above 30 %/);
    const fr = withDisplayLanguage("fr-FR", () => concentration(col(2500), null, "UE2004")) as string[][];
    expect(fr[0][0]).toBe("IHH 2 500 supérieur à 2 000 : problème peu probable si le delta IHH est inférieur à 150 — lignes directrices UE sur les concentrations horizontales de 2004 (2004/C 31/03), points 19-20.".replace("2 500", new Intl.NumberFormat("fr-FR").format(2500)));
  });
  it("refuses out-of-range inputs and unknown rules", () => {
    expect(cells(concentration(col(12000, 1000), col("", 2000)))).toEqual([["#NUM!"], ["#NUM!"]]);
    const e = thrown(() => concentration(1000, 10, "US2010"));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("US2010");
  });
});

describe("OPS.PRICEINDEX", () => {
  it("one product: own / average competitor price × 100, weights = competitor volumes", () => {
    expect(priceindex(10, [[8, 12, ""]])).toBeCloseTo(100, 12);
    expect(priceindex(col(10), col(8, 12), col(3, 1))).toBeCloseTo((10 / 9) * 100, 12);
  });
  it("several products: one row of competitor prices per product, indices weighted by volume", () => {
    // product 1: 11 / 10 = 110; product 2: 18 / 20 = 90; volumes 1 and 3 -> 95
    const comp = [
      [9, 11],
      [20, ""],
    ];
    expect(priceindex(col(11, 18), comp, col(1, 3))).toBeCloseTo(95, 12);
    expect(priceindex(col(11, 18), comp)).toBeCloseTo(100, 12);
    expect(priceindex([[11, 18]], [[9, 20], [11, ""]], [[1, 3]])).toBeCloseTo(95, 12);
  });
  it("fails on shapes that do not match and on missing competitors", () => {
    expect(thrown(() => priceindex(col(1, 2), [[1, 2, 3]])).code).toBe("#N/A");
    expect(thrown(() => priceindex(col(1, 2), col(1, 2), col(1, 2, 3))).code).toBe("#N/A");
    expect(thrown(() => priceindex(10, col("", ""))).code).toBe("#DIV/0!");
    expect(thrown(() => priceindex([[1, 2], [3, 4]], col(1, 2))).code).toBe("#VALUE!");
  });
});

describe("OPS.BCG", () => {
  it("places each product, a value at its threshold counting as high", () => {
    expect(cells(bcg(col(1.5, 1.5, 0.4, 0.4, 1), col(0.2, 0.02, "20 %", 0.02, 0.1)))).toEqual([["STAR"], ["CASH_COW"], ["QUESTION_MARK"], ["DOG"], ["STAR"]]);
    expect(cells(bcg(col(0.5), col(0.05), 0.04))).toEqual([["QUESTION_MARK"]]);
    expect(cells(bcg(col(-1, ""), col(0.05, 0.1)))).toEqual([["#NUM!"], ["#N/A"]]);
  });
});
