import * as Fns from "../../src/functions/functions";
import { cells, col, messageOf, thrown, withDisplayLanguage, loose } from "./helpers";

const {
  breakeven,
  margin,
  marginConvert,
  marginGap,
  marginStatusFn,
  markup,
  priceForMarginFn,
} = loose(Fns);

describe("OPS.MARGIN", () => {
  it("gives the taux de marque of each line of Excel-shaped columns", () => {
    expect(cells(margin(col(100, 250, 80), col(80, 200, 100)))).toEqual([[0.2], [0.2], [-0.25]]);
  });
  it("gives the markup on the cost basis, accepting French and English words", () => {
    expect(cells(margin(col(100), col(80), "cost"))).toEqual([[0.25]]);
    expect(cells(margin(col(100), col(80), "Coût"))).toEqual([[0.25]]);
    expect(cells(margin(col(100), col(80), "ventes"))).toEqual([[0.2]]);
    expect(cells(margin(col(100), col(80), null))).toEqual([[0.2]]);
    const e = thrown(() => margin(col(100), col(80), "profit"));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("profit");
  });
  it("treats empty cells as missing, not zero: blank for an empty line, #N/A for a half-empty one", () => {
    const out = margin(col(100, "", null, 50, ""), col(80, "", null, "", 20));
    expect(cells(out)).toEqual([[0.2], [""], [""], ["#N/A"], ["#N/A"]]);
    expect(messageOf((out as unknown[][])[3][0])).toMatch(/cost.*row 4/);
  });
  it("reads French and English numeric text, and names any other text", () => {
    const out = margin(col("1 234,56 €", "$1,000.00", "(100)", "abc"), col("1 000", 800, -80, 3)) as unknown[][];
    expect(out[0][0]).toBeCloseTo((1234.56 - 1000) / 1234.56, 12);
    expect(out[1][0]).toBeCloseTo(0.2, 12);
    expect(out[2][0]).toBeCloseTo(0.2, 12); // (-100 - -80) / -100
    expect(cells(out)[3]).toEqual(["#VALUE!"]);
    expect(messageOf(out[3][0])).toBe("revenue: 'abc' is not a number (row 4).");
  });
  it("passes error texts on and gives #DIV/0! for zero revenue", () => {
    expect(cells(margin(col("#N/A", 0, 100), col(1, 5, "#DIV/0!")))).toEqual([["#N/A"], ["#DIV/0!"], ["#DIV/0!"]]);
    expect(cells(margin(col(10), col(0), "cost"))).toEqual([["#DIV/0!"]]);
    expect(cells(margin(col(10), col(10), "cost"))).toEqual([[0]]);
    expect(cells(margin(col(0), col(10), "cost"))).toEqual([[-1]]);
  });
  it("fails #N/A for ranges of different sizes, naming both", () => {
    const e = thrown(() => margin(col(1, 2, 3), col(1, 2)));
    expect(e.code).toBe("#N/A");
    expect(e.message).toBe("revenue (3 × 1) and cost (2 × 1) do not have the same size.");
  });
  it("broadcasts a single cell and spills like Excel's array arithmetic (row × column = table)", () => {
    expect(cells(margin(col(100, 200), 50))).toEqual([[0.5], [0.75]]);
    expect(cells(margin([[100, 200]], col(50, 100)))).toEqual([
      [0.5, 0.75],
      [0, 0.5],
    ]);
    expect(cells(margin(100, 75))).toEqual([[0.25]]);
  });
  it("speaks French when Office does", () => {
    const out = withDisplayLanguage("fr-FR", () => margin(col("1,5", "abc"), col(1, 1))) as unknown[][];
    expect(out[0][0]).toBeCloseTo(1 / 3, 12);
    expect(messageOf(out[1][0])).toBe("ca : « abc » n'est pas un nombre (ligne 2).");
    const e = withDisplayLanguage("fr-FR", () => thrown(() => margin(col(1, 2, 3), col(1, 2))));
    expect(e.message).toBe("ca (3 × 1) et cout (2 × 1) n'ont pas la même taille.");
  });
});

describe("OPS.MARKUP and OPS.MARGIN.CONVERT", () => {
  it("markup = (R - C) / C, #DIV/0! for zero cost", () => {
    expect(cells(markup(col(100, 10, ""), col(80, 0, "")))).toEqual([[0.25], ["#DIV/0!"], [""]]);
  });
  it("converts both ways", () => {
    const k = marginConvert(col(0.2, 1), "cost") as unknown[][];
    expect(k[0][0]).toBeCloseTo(0.25, 15);
    expect(cells(k)[1]).toEqual(["#DIV/0!"]);
    expect((marginConvert(col(0.25), "ventes") as number[][])[0][0]).toBeCloseTo(0.2, 15);
    expect(thrown(() => marginConvert(col(0.2), null)).code).toBe("#VALUE!");
  });
});

describe("OPS.PRICE.FOR.MARGIN", () => {
  it("cost / (1 - target) on sales, cost × (1 + target) on cost; #NUM! at 100 %", () => {
    const out = priceForMarginFn(col(80, 80, 80), col("20 %", 0.2, 1)) as unknown[][];
    expect(out[0][0]).toBeCloseTo(100, 12);
    expect(out[1][0]).toBeCloseTo(100, 12);
    expect(cells(out)[2]).toEqual(["#NUM!"]);
    expect((priceForMarginFn(col(80), 0.25, "cost") as number[][])[0][0]).toBeCloseTo(100, 12);
  });
});

describe("OPS.MARGIN.GAP", () => {
  it("is target × revenue - margin, 0 when met", () => {
    const out = marginGap(col(100, 100, 100), col(85, 80, 70), 0.2) as number[][];
    expect(out[0][0]).toBeCloseTo(5, 12);
    expect(out[1][0]).toBeCloseTo(0, 12);
    expect(out[2][0]).toBe(0);
  });
  it("uses cost as base on the cost basis", () => {
    // markup target 25 % on cost 85: needed margin 21.25, actual 15
    expect((marginGap(col(100), col(85), 0.25, "cost") as number[][])[0][0]).toBeCloseTo(6.25, 12);
  });
  it("gives #DIV/0! for zero revenue and #NUM! for negative revenue", () => {
    expect(cells(marginGap(col(0, -100, ""), col(10, -90, ""), 0.2))).toEqual([["#DIV/0!"], ["#NUM!"], [""]]);
  });
});

describe("OPS.MARGIN.STATUS", () => {
  it("does not call 4456 / 4010.40 a breach of a 10 % floor (compare.ts)", () => {
    expect(cells(marginStatusFn(col(4456), col(4010.4), 0.1))).toEqual([["OK"]]);
    expect(cells(marginStatusFn(col(4456), col(4010.4), 0.1, 0.2))).toEqual([["WARN"]]);
    expect(cells(marginStatusFn(col(4456), col(4010.4), "10 %", "10 %"))).toEqual([["OK"]]);
  });
  it("grades each line, with per-line floors and targets, empty target = no WARN level", () => {
    const out = marginStatusFn(col(100, 100, 100, 100, 0, -50), col(95, 85, 75, 85, 10, -40), col(0.1, 0.1, 0.1, 0.1, 0.1, 0.1), col(0.2, 0.2, 0.2, "", 0.2, 0.2));
    expect(cells(out)).toEqual([["BREACH"], ["WARN"], ["OK"], ["OK"], ["#DIV/0!"], ["#NUM!"]]);
  });
  it("uses markup on the cost basis", () => {
    expect(cells(marginStatusFn(col(100), col(80), 0.22, null, "cost"))).toEqual([["OK"]]);
    expect(cells(marginStatusFn(col(100), col(80), 0.22))).toEqual([["BREACH"]]);
  });
  it("fails #N/A for a floor range of another size", () => {
    expect(thrown(() => marginStatusFn(col(1, 2), col(1, 2), col(0.1, 0.1, 0.1))).code).toBe("#N/A");
  });
});

describe("OPS.BREAKEVEN", () => {
  it("in units and in revenue; #NUM! when price does not exceed variable cost", () => {
    expect(cells(breakeven(col(1000, 1000, 1000), col(15, 10, ""), col(10, 10, 5)))).toEqual([[200], ["#NUM!"], ["#N/A"]]);
    expect(cells(breakeven(1000, 15, 10, "revenue"))).toEqual([[3000]]);
    expect(cells(breakeven(1000, 15, 10, "CA"))).toEqual([[3000]]);
    expect(cells(breakeven(-5, 15, 10))).toEqual([["#NUM!"]]);
    expect(thrown(() => breakeven(1000, 15, 10, "days")).code).toBe("#VALUE!");
  });
});
