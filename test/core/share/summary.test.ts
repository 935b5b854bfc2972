import { checkComplianceSync, defaultPolicy } from "../../../src/core/compliance";
import { CHART_ROWS, dataPeriod, dateText, segmentsRate, summaryModel, POINTS_FORMAT, type SummaryInput } from "../../../src/core/share/summary";
import { makeDataSet, serial } from "../compliance/support";

const rows = [
  { revenue: 1000, cost: 900, segment: "PME", date: serial(2024, 1, 15) }, // 10 %: breach
  { revenue: 3000, cost: 2100, segment: "PME", date: serial(2024, 3, 2) }, // 30 %
  { revenue: 500, cost: 300, segment: "Grands comptes", date: serial(2024, 2, 1) }, // 40 %
  { revenue: 2000, cost: 1900, segment: "Export", date: serial(2024, 6, 30) }, // 5 %: breach
  { revenue: 1200, cost: 1000, segment: "Export", date: serial(2024, 4, 10) }, // 16.7 %
];
const data = makeDataSet(rows);
const policy = { ...defaultPolicy(), floor: 0.15, target: 0.25 };
const result = checkComplianceSync(data, policy);

function input(lang: "fr" | "en", extra: Partial<SummaryInput> = {}): SummaryInput {
  return { lang, source: { sheet: "Ventes", tableName: "Ventes2024", address: data.address }, result, period: dataPeriod(data), preparedAt: serial(2024, 7, 5), ...extra };
}

/** The value next to a label (column B) in the model. */
function valueOf(m: ReturnType<typeof summaryModel>, label: string) {
  const r = m.rows.findIndex((x) => x[0] === label);
  if (r < 0) throw new Error(`no row ${label}: ${m.rows.map((x) => x[0]).join(" | ")}`);
  return { value: m.rows[r][1], format: m.formats[r][1], extra: m.rows[r][2], row: r };
}

describe("summaryModel", () => {
  it("states the compliance result's figures; the total rate is Σ margin / Σ revenue, not an average of rates", () => {
    const m = summaryModel(input("en"));
    const sumRev = rows.reduce((n, r) => n + r.revenue, 0);
    const sumMar = rows.reduce((n, r) => n + r.revenue - r.cost, 0);
    const rate = valueOf(m, "Overall margin rate");
    expect(rate.value).toBeCloseTo(sumMar / sumRev, 12);
    expect(rate.value).toBe(result.summary.overallRate);
    const avg = rows.reduce((n, r) => n + (r.revenue - r.cost) / r.revenue, 0) / rows.length;
    expect(Math.abs((rate.value as number) - avg)).toBeGreaterThan(0.005);
    expect(rate.format).toBe("0.0%");
    expect(rate.extra).toBe("gross margin rate (margin / revenue)");
    expect(valueOf(m, "Revenue checked").value).toBe(sumRev);
    expect(valueOf(m, "Rows checked").value).toBe(5);
    expect(valueOf(m, "Rows below the floor").value).toBe(2);
    expect(valueOf(m, "Rows below the floor").value).toBe(result.summary.breaches);
    expect(valueOf(m, "Margin short of the target").value).toBe(result.summary.totalShortfall);
    expect(valueOf(m, "Revenue of rows below the floor").value).toBe(3000);
    expect(valueOf(m, "How the rate is computed").value).toMatch(/never an average/);
  });

  it("lists the segments as the engine gives them, and a total row equal to the result's", () => {
    const m = summaryModel(input("en"));
    const head = m.rows.findIndex((r) => r[0] === "By Segment");
    expect(head).toBeGreaterThan(0);
    expect(m.styles[head + 1]).toBe("tableHeader");
    expect(m.rows[head + 1].slice(0, 3)).toEqual(["Segment", "Revenue", "Rate (on sales)"]);
    const segs = result.summary.bySegment;
    for (let i = 0; i < segs.length; i++) {
      expect(m.rows[head + 2 + i]).toEqual([segs[i].value, segs[i].revenue, segs[i].rate, segs[i].breaches, segs[i].shortfall]);
    }
    const export_ = segs.find((g) => g.value === "Export")!;
    expect(export_.rate).toBeCloseTo((100 + 200) / 3200, 12);
    const total = m.rows[head + 2 + segs.length];
    expect(m.styles[head + 2 + segs.length]).toBe("total");
    expect(total).toEqual(["Total", result.summary.revenueChecked, result.summary.overallRate, result.summary.breaches, result.summary.totalShortfall]);
    expect(segmentsRate(segs, "sales")).toBeCloseTo(result.summary.overallRate, 12);
  });

  it("names the source and the period, and writes the date of preparation as a date serial", () => {
    const m = summaryModel(input("fr"));
    expect(m.rows[0][0]).toBe("OPS — Synthèse pour la direction");
    expect(m.styles[0]).toBe("title");
    expect(valueOf(m, "Source").value).toBe(`tableau Ventes2024 (feuille Ventes, ${data.address})`);
    expect(valueOf(m, "Période").value).toBe("du 15/01/2024 au 30/06/2024");
    const prep = valueOf(m, "Préparé le");
    expect(prep.value).toBe(serial(2024, 7, 5));
    expect(prep.format).toBe("dd/mm/yyyy");
    const en = summaryModel(input("en"));
    expect(valueOf(en, "Period").value).toBe("2024-01-15 to 2024-06-30");
    expect(valueOf(en, "Prepared on").format).toBe("yyyy-mm-dd");
    expect(valueOf(summaryModel(input("en", { period: undefined })), "Period").value).toMatch(/not stated/);
  });

  it("writes French texts with the basis stated, and the workbook's currency format on amounts", () => {
    const m = summaryModel(input("fr", { currencyFormat: '#,##0\\ "€"' }));
    const rate = valueOf(m, "Taux de marge global");
    expect(rate.extra).toBe("taux de marque (marge / prix de vente HT)");
    expect(valueOf(m, "Calcul du taux").value).toMatch(/somme des marges \/ somme du CA HT/);
    expect(valueOf(m, "Chiffre d'affaires contrôlé").format).toBe('#,##0\\ "€"');
    expect(valueOf(m, "Marge manquante pour atteindre l'objectif").format).toBe('#,##0\\ "€"');
    expect(m.rows.some((r) => r[0] === "Par Segment")).toBe(true);
    expect(String(m.rows[m.rows.length - 1][0])).toMatch(/^Taux affichés : taux de marque/);
    // Default currency by language when the data has none.
    expect(valueOf(summaryModel(input("fr")), "Chiffre d'affaires contrôlé").format).toContain("€");
    expect(valueOf(summaryModel(input("en")), "Revenue checked").format).not.toContain("€");
  });

  it("states the cost basis when the policy is on cost", () => {
    const res = checkComplianceSync(data, { ...policy, basis: "cost" });
    const m = summaryModel({ ...input("en"), result: res });
    const rate = valueOf(m, "Overall margin rate");
    const sumMar = rows.reduce((n, r) => n + r.revenue - r.cost, 0);
    const sumCost = rows.reduce((n, r) => n + r.cost, 0);
    expect(rate.value).toBeCloseTo(sumMar / sumCost, 12);
    expect(rate.extra).toBe("markup (margin / cost)");
    expect(m.rows.some((r) => r[2] === "Rate (on cost)")).toBe(true);
  });

  it("groups the segments past maxSegments in one row whose rate is Σ margin / Σ revenue, and says so", () => {
    const many = makeDataSet(Array.from({ length: 8 }, (_, i) => ({ revenue: 100 * (i + 1), cost: 100 * (i + 1) * (0.7 + i * 0.03), segment: `S${i}` })));
    const res = checkComplianceSync(many, policy);
    const m = summaryModel({ ...input("en"), result: res, maxSegments: 3 });
    const others = m.rows.find((r) => r[0] === "Others (5)");
    expect(others).toBeDefined();
    const rest = res.summary.bySegment.slice(3);
    const rev = rest.reduce((n, g) => n + g.revenue, 0);
    const mar = rest.reduce((n, g) => n + g.margin, 0);
    expect(others![1]).toBeCloseTo(rev, 9);
    expect(others![2]).toBeCloseTo(mar / rev, 12);
    expect(m.messages).toEqual([{ code: "summary.segmentsGrouped", severity: "info", params: { shown: 3, count: 5 } }]);
  });

  it("adds the trend and market headlines when given, changes in % or points", () => {
    const m = summaryModel(
      input("en", {
        trends: [
          { label: "Revenue, last 12 months", lastValue: 1_250_000, format: "currency", change: 0.052, changeKind: "relative", period: "2024-06" },
          { label: "Margin rate", lastValue: 0.231, format: "percent", change: -0.012, changeKind: "points", period: "2024-06" },
        ],
        market: { market: "Bakeries", lines: [{ label: "Market share", lastValue: 0.18, format: "percent", change: 0.01, changeKind: "points" }] },
      }),
    );
    const tr = m.rows.findIndex((r) => r[0] === "Trends");
    expect(m.styles[tr]).toBe("heading");
    expect(m.rows[tr + 2]).toEqual(["Revenue, last 12 months", 1_250_000, 0.052, "2024-06", ""]);
    expect(m.formats[tr + 2][2]).toBe("+0.0%;-0.0%;0.0%");
    expect(m.rows[tr + 3][2]).toBeCloseTo(-1.2, 12);
    expect(m.formats[tr + 3][2]).toBe(POINTS_FORMAT);
    expect(m.formats[tr + 3][1]).toBe("0.0%");
    expect(m.rows.some((r) => r[0] === "Market: Bakeries")).toBe(true);
    expect(m.rows.some((r) => r[0] === "Market share")).toBe(true);
    // Without them, no such lines.
    const plain = summaryModel(input("en"));
    expect(plain.rows.some((r) => r[0] === "Trends" || String(r[0]).startsWith("Market"))).toBe(false);
  });

  it("has a rectangular grid, formats of the same shape, and a print area covering every row", () => {
    const m = summaryModel(input("fr"));
    expect(m.formats).toHaveLength(m.rows.length);
    expect(m.styles).toHaveLength(m.rows.length);
    for (let i = 0; i < m.rows.length; i++) {
      expect(m.rows[i]).toHaveLength(m.width);
      expect(m.formats[i]).toHaveLength(m.width);
    }
    // The print area takes the rows and the segment chart below them.
    expect(m.charts).toHaveLength(1);
    expect(m.printArea).toBe(`A1:E${m.rows.length + 1 + CHART_ROWS}`);
    expect(m.charts[0].anchor).toEqual({ from: `A${m.rows.length + 2}`, to: `E${m.rows.length + 1 + CHART_ROWS}` });
    // One printed page: well under ~50 rows at default heights.
    expect(m.rows.length).toBeLessThan(50);
  });

  it("finds the period from a text period column when there are no dates", () => {
    const ds = makeDataSet([{ revenue: 10, cost: 5 }, { revenue: 10, cost: 5 }]);
    ds.columns.push({ index: ds.columns.length, header: "Mois", kind: "text", text: ["2024-03", "2024-01"], role: "period" });
    ds.roles.period = ds.columns.length - 1;
    expect(dataPeriod(ds)).toEqual({ fromLabel: "2024-01", toLabel: "2024-03" });
    expect(dateText(serial(2024, 12, 31), "fr")).toBe("31/12/2024");
  });

  it("charts the rate of the listed segments (the total left out), in the user's language; none with one segment", () => {
    const m = summaryModel(input("fr"));
    const [chart] = m.charts;
    expect(chart.kind).toBe("columnClustered");
    expect(chart.title).toBe("Taux de marge par Segment — taux de marque (marge / prix de vente HT)");
    const head = m.rows.findIndex((r) => r[0] === "Par Segment");
    const first = head + 3; // 1-based: heading row, table header, then the segments
    const n = result.summary.bySegment.length;
    expect(chart.series[0].values).toBe(`C${first}:C${first + n - 1}`);
    expect(chart.series[0].categories).toBe(`A${first}:A${first + n - 1}`);
    expect(m.rows[first - 1][2]).toBe(result.summary.bySegment[0].rate);
    expect(m.rows[first + n - 1][0]).toBe("Total");
    const one = checkComplianceSync(makeDataSet([{ revenue: 10, cost: 5, segment: "A" }]), policy);
    const m1 = summaryModel({ ...input("en"), result: one });
    expect(m1.charts).toEqual([]);
    expect(m1.printArea).toBe(`A1:E${m1.rows.length}`);
  });
});
