/**
 * Bad and unusual inputs of the market core: each gives its message code (in both languages' catalogue), never throws,
 * and computes what can be computed. Also the wide layout (competitors as columns, read through the reader), own
 * sales from the ledger, and a ledger without quantities.
 */
import { catalogueKeys } from "../../../src/core/i18n";
import { analyseMarket } from "../../../src/core/market/index";
import { pvmBridge, defaultBridgePeriods } from "../../../src/core/market/bridge";
import { buildDataSet, detectLayouts } from "../../../src/core/read";
import type { OpsMessage } from "../../../src/core/types";
import { dataSet, monthSerial } from "./build";

const codes = (ms: OpsMessage[]) => ms.map((m) => m.code);
const jan = monthSerial(2024, 1);
const feb = monthSerial(2024, 2);

function table(rows: [number, string, number, number, number][], extra: { shares?: (number | null)[] } = {}) {
  const specs = [
    { header: "Mois", role: "date" as const, kind: "date" as const, values: rows.map((r) => r[0]) },
    { header: "Concurrent", role: "competitor" as const, values: rows.map((r) => r[1]) },
    { header: "CA", role: "revenue" as const, values: rows.map((r) => r[2]) },
    { header: "Unités", role: "quantity" as const, values: rows.map((r) => r[3]) },
    { header: "Prix", role: "unitPrice" as const, values: rows.map((r) => r[4]) },
  ];
  if (extra.shares) specs.push({ header: "Part de marché", role: undefined as never, kind: "number" as never, values: extra.shares } as never);
  return dataSet(specs);
}

describe("market table: bad inputs", () => {
  it("every market.* code used here has French and English text", () => {
    const fr = catalogueKeys("fr").filter((k) => k.startsWith("market."));
    const en = catalogueKeys("en").filter((k) => k.startsWith("market."));
    expect(fr.sort()).toEqual(en.sort());
    expect(fr.length).toBeGreaterThan(20);
  });

  it("no competitor table: market.noTable, nothing computed", () => {
    const ds = dataSet([{ header: "Montant", role: "revenue", values: [1, 2, 3] }]);
    const r = analyseMarket(ds, { lang: "fr" });
    expect(r.ok).toBe(false);
    expect(codes(r.messages)).toEqual(["market.noTable"]);
    expect(r.markets).toEqual([]);
  });

  it("own company absent: market.ownAbsent names it and the competitors found; shares still computed", () => {
    const r = analyseMarket(table([[jan, "Acme", 100, 10, 10], [jan, "Bolt", 300, 20, 15]]), { own: "Zeta", lang: "en" });
    const m = r.messages.find((x) => x.code === "market.ownAbsent")!;
    expect(m.params).toEqual({ own: "Zeta", competitors: "Acme, Bolt" });
    expect(r.own).toBeUndefined();
    expect(r.markets[0].periods[0].competitors.map((c) => [c.name, c.share])).toEqual([["Bolt", 0.75], ["Acme", 0.25]]);
    expect(r.markets[0].periods[0].own).toBeUndefined();
  });

  it("own sales from the ledger stand in for its row", () => {
    const r = analyseMarket(table([[jan, "Acme", 100, 10, 10], [jan, "Bolt", 300, 20, 15], [feb, "Acme", 100, 10, 10], [feb, "Bolt", 300, 20, 15]]), {
      own: "Nous SA",
      lang: "fr",
      ownSales: { [2024 * 12]: { value: 100, volume: 8 }, [2024 * 12 + 1]: { value: 200, volume: 16 } },
    });
    expect(r.ownFromLedger).toBe(true);
    expect(codes(r.messages)).toContain("market.ownFromLedger");
    const p = r.markets[0].periods[1];
    expect(p.own!.share).toBeCloseTo(200 / 600, 15);
    expect(p.own!.shareChangePts).toBeCloseTo((200 / 600 - 100 / 500) * 100, 12);
    // own price 200/16 = 12.5 vs competitors' volume-weighted (10·10 + 15·20) / 30
    expect(p.own!.priceIndex).toBeCloseTo((100 * 12.5) / (400 / 30), 12);
    expect(p.growth).toBeCloseTo(600 / 500 - 1, 15);
  });

  it("a competitor with sales in one period only: market.singlePeriod (info) on its row", () => {
    const r = analyseMarket(table([[jan, "Acme", 100, 10, 10], [jan, "Bolt", 300, 20, 15], [feb, "Acme", 120, 12, 10]]), { lang: "fr" });
    const m = r.messages.find((x) => x.code === "market.singlePeriod")!;
    expect(m.severity).toBe("info");
    expect(m.params).toMatchObject({ competitor: "Bolt", period: "2024-01" });
    expect(m.location).toEqual({ sheet: "Data", row: 3 });
    expect(r.markets[0].periods[1].competitors[0].share).toBe(1);
    expect(Number.isNaN(r.markets[0].periods[1].competitors[0].relativeShare)).toBe(true);
  });

  it("given shares adding up to more than 100 %: market.sharesOver100 located, shares scaled to 100 %", () => {
    const ds = dataSet([
      { header: "Mois", role: "date", kind: "date", values: [jan, jan, jan] },
      { header: "Concurrent", role: "competitor", values: ["A", "B", "C"] },
      { header: "Part de marché", kind: "number", values: [50, 40, 30] },
    ]);
    const r = analyseMarket(ds, { lang: "fr" });
    const m = r.messages.find((x) => x.code === "market.sharesOver100")!;
    expect(m.params).toMatchObject({ total: 120 });
    expect(m.location).toEqual({ sheet: "Data", row: 2 });
    const p = r.markets[0].periods[0];
    [50 / 120, 40 / 120, 30 / 120].forEach((x, i) => expect(p.competitors[i].share).toBeCloseTo(x, 15));
    expect(p.hhi).toBeCloseTo(((50 / 1.2) ** 2 + (40 / 1.2) ** 2 + (30 / 1.2) ** 2), 9);
  });

  it("price missing for some competitors: the index uses those with a price and names the others", () => {
    const r = analyseMarket(table([[jan, "Us", 100, 10, 10], [jan, "Acme", 240, NaN, NaN], [jan, "Bolt", 300, 25, 12], [jan, "Cobalt", 240, 20, NaN]]), { own: "us", lang: "en" });
    const m = r.messages.find((x) => x.code === "market.priceMissing")!;
    expect(m.params).toMatchObject({ competitors: "Acme" });
    const own = r.markets[0].periods[0].own!;
    expect(own.priceMissing).toEqual(["Acme"]);
    expect(own.priceIndex).toBeCloseTo((100 * 10) / 12, 12);
    // Cobalt's price falls back to value / volume (12), so it is not missing
    expect(r.markets[0].periods[0].competitors.find((c) => c.name === "Cobalt")!.price).toBe(12);
    expect(m.location).toEqual({ sheet: "Data" });
  });

  it("a zero market: market.zeroMarket, shares NaN, HHI NaN, no verdict", () => {
    const r = analyseMarket(table([[jan, "Acme", 0, 0, 10], [jan, "Bolt", 0, 0, 12], [feb, "Acme", 10, 1, 10], [feb, "Bolt", 30, 3, 10]]), { own: "acme", lang: "fr" });
    expect(codes(r.messages)).toContain("market.zeroMarket");
    const p0 = r.markets[0].periods[0];
    expect(p0.competitors.every((c) => Number.isNaN(c.share))).toBe(true);
    expect(Number.isNaN(p0.hhi)).toBe(true);
    expect(p0.verdict).toBeNull();
    expect(r.markets[0].periods[1].own!.share).toBe(0.25);
    expect(Number.isNaN(r.markets[0].periods[1].growth)).toBe(true);
  });

  it("no competitor role: the first text column that is not a market is the competitor (here a product-like brand column)", () => {
    const ds = dataSet([
      { header: "Mois", role: "date", kind: "date", values: [jan, jan, feb] },
      { header: "Marque", role: "product", values: ["A", "B", "A"] },
      { header: "Segment", role: "segment", values: ["Pro", "Pro", "Pro"] },
      { header: "CA", role: "revenue", values: [10, 30, 5] },
    ]);
    const r = analyseMarket(ds, { own: "b", lang: "en" });
    expect(r.layout).toBe("long");
    expect(r.markets.map((m) => m.name)).toEqual(["Pro"]);
    expect(r.markets[0].competitorNames).toEqual(["A", "B"]);
    expect(r.markets[0].periods[0].own!.share).toBe(0.75);
  });

  it("no date column: one period, market.noPeriod", () => {
    const ds = dataSet([
      { header: "Concurrent", role: "competitor", values: ["A", "B"] },
      { header: "CA", role: "revenue", values: [10, 30] },
    ]);
    const r = analyseMarket(ds, { lang: "en" });
    expect(codes(r.messages)).toContain("market.noPeriod");
    expect(r.markets[0].periods).toHaveLength(1);
    expect(r.markets[0].periods[0].competitors.map((c) => c.share)).toEqual([0.75, 0.25]);
  });

  it("wide layout read by the reader: competitors as columns, own found ignoring case", () => {
    const values = [["Période", "Acme", "Bolt", "Us"], ["2024-01", 100, 200, 50], ["2024-02", 110, 190, 60], ["2025-01", 120, 180, 100]];
    const g = { sheet: "Wide", top: 1, left: 1, values };
    const ds = buildDataSet(g, detectLayouts(g)[0]);
    const r = analyseMarket(ds, { own: "US", lang: "en" });
    expect(r.layout).toBe("wide");
    expect(codes(r.messages)).toEqual(["market.wideLayout", "market.noPrices"]);
    const last = r.markets[0].periods[2];
    expect(last.label).toBe("2025-01");
    expect(last.own!.share).toBeCloseTo(100 / 400, 15);
    expect(last.own!.shareChangeYoyPts).toBeCloseTo((100 / 400 - 50 / 350) * 100, 12);
    expect(Number.isNaN(last.own!.shareChangePts)).toBe(true); // no 2024-12
    expect(last.growthYoy).toBeCloseTo(400 / 350 - 1, 15);
    expect(last.own!.relativeShare).toBeCloseTo(100 / 180, 15);
    expect(last.own!.bcg).toBe("QUESTION_MARK");
    expect(last.own!.bcgGrowth).toBe("yoy");
  });
});

describe("bridge: bad inputs", () => {
  const base = { kind: "year" as const, code: 2023 };
  const current = { kind: "year" as const, code: 2024 };
  const y23 = monthSerial(2023, 5);
  const y24 = monthSerial(2024, 5);

  it("no revenue: market.bridge.noRevenue, ok false, NaN figures", () => {
    const b = pvmBridge(dataSet([{ header: "Date", role: "date", kind: "date", values: [y23] }]), { base, current, lang: "fr" });
    expect(b.ok).toBe(false);
    expect(codes(b.messages)).toEqual(["market.bridge.noRevenue"]);
    expect(Number.isNaN(b.total)).toBe(true);
  });

  it("no date: market.bridge.noPeriod; defaultBridgePeriods is null", () => {
    const ds = dataSet([{ header: "CA", role: "revenue", values: [1, 2] }]);
    expect(codes(pvmBridge(ds, { base, current }).messages)).toEqual(["market.bridge.noPeriod"]);
    expect(defaultBridgePeriods(ds)).toBeNull();
  });

  it("no quantity: a revenue-only bridge (new + lost + change of continuing = total) and market.bridge.noQuantity", () => {
    const ds = dataSet([
      { header: "Date", role: "date", kind: "date", values: [y23, y23, y24, y24, y23] },
      { header: "Produit", role: "product", values: ["A", "B", "A", "C", "A"] },
      { header: "CA", role: "revenue", values: [100, 50, 180, 70, 20] },
    ]);
    const b = pvmBridge(ds, { base, current, lang: "en" });
    expect(codes(b.messages)).toEqual(expect.arrayContaining(["market.bridge.noQuantity", "market.bridge.noCost"]));
    expect(b.hasVolume).toBe(false);
    expect(Number.isNaN(b.price)).toBe(true);
    expect(b.newProducts).toBe(70);
    expect(b.lostProducts).toBe(-50);
    expect(b.continuingChange).toBe(60);
    expect(b.total).toBe(80);
    expect(b.newProducts + b.lostProducts + b.continuingChange).toBe(b.total);
  });

  it("zero volume in one period is new or lost, never price; revenue without volume goes to other", () => {
    const ds = dataSet([
      { header: "Date", role: "date", kind: "date", values: [y23, y24, y23, y24, y24, y23, y24] },
      { header: "Produit", role: "product", values: ["A", "A", "N", "N", "L", "S", "S"] },
      { header: "Qté", role: "quantity", values: [10, 12, 0, 5, 0, 0, 0] },
      { header: "CA", role: "revenue", values: [100, 132, 0, 60, 0, 40, 55] },
      { header: "Marge", role: "margin", values: [30, 40, 0, 20, 0, 40, 55] },
    ]);
    const b = pvmBridge(ds, { base, current, lang: "fr" });
    const row = (k: string) => b.rows.find((r) => r.key === k)!;
    expect(row("N").bucket).toBe("new");
    expect(row("N").price).toBe(0);
    expect(row("N").newOrLost).toBe(60);
    expect(row("S").bucket).toBe("other");
    expect(b.other).toBe(15);
    expect(b.rows.find((r) => r.key === "L")).toBeUndefined(); // nothing sold in either year
    expect(b.price).toBeCloseTo((132 / 12 - 10) * 12, 12);
    expect(b.volume + b.mix + b.price + b.newProducts + b.lostProducts + b.other).toBeCloseTo(b.total, 9);
    const m = b.margin!;
    expect(m.total).toBe(115 - 70);
    expect(m.volume + m.mix + m.price + m.cost + m.newProducts + m.lostProducts + m.other).toBeCloseTo(m.total, 9);
    expect(codes(b.messages)).toContain("market.bridge.convention");
  });

  it("missing revenue / quantity / cost rows are counted and reported; no dimension gives one group", () => {
    const ds = dataSet([
      { header: "Date", role: "date", kind: "date", values: [y23, y24, y24, y24] },
      { header: "Qté", role: "quantity", values: [10, 10, NaN, 5] },
      { header: "CA", role: "revenue", values: [100, 120, 10, NaN] },
      { header: "Coût", role: "cost", values: [50, NaN, 5, 1] },
    ]);
    const b = pvmBridge(ds, { base, current, lang: "fr" });
    expect(codes(b.messages)).toEqual(expect.arrayContaining(["market.bridge.noDimension", "market.bridge.missingRevenue", "market.bridge.missingQuantity", "market.bridge.missingCost"]));
    expect(b.total).toBe(30);
    expect(b.rows).toHaveLength(1);
    expect(b.margin!.total).toBe(5 - 50);
  });

  it("an empty period: market.bridge.emptyPeriod; everything current is new", () => {
    const ds = dataSet([
      { header: "Date", role: "date", kind: "date", values: [y24] },
      { header: "Produit", role: "product", values: ["A"] },
      { header: "Qté", role: "quantity", values: [2] },
      { header: "CA", role: "revenue", values: [30] },
    ]);
    const b = pvmBridge(ds, { base, current, lang: "fr" });
    expect(codes(b.messages)).toContain("market.bridge.emptyPeriod");
    expect(b.newProducts).toBe(30);
    expect(b.total).toBe(30);
  });
});
