/**
 * The preview's pieces that run without a browser: the sample workbook (generator and committed output), the grid's
 * cell text (number formats, French separators) and its conditional-format evaluation, checked against the rows the
 * compliance engine finds in breach after OPS's highlight was added through the real adapter.
 */
import { readFileSync } from "fs";
import {
  BREACH_DEALS,
  ERODING_PRODUCT,
  HEADER_ROW,
  SALES_HEADERS,
  SAMPLE_PATH,
  monthSerial,
  sampleLines,
  sampleWorkbookBytes,
} from "../../scripts/make-sample-workbook";
import { checkCompliance, defaultPolicy } from "../../src/core/compliance";
import type { MarginPolicy } from "../../src/core/policy-types";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { cellDisplay, frenchSeparators, isDateTimeFormat } from "../../src/preview/cell-text";
import { conditionalFormatApplies } from "../../src/preview/cf-eval";
import { evaluateAt } from "../../src/sim/formula";
import { enrichedName } from "../../src/preview/session";
import { sheetExtent } from "../../src/preview/SheetGrid";
import { SimErrorValue, SimName, SimWorkbook, createSimHost, loadXlsx } from "../../src/sim";

const rateOf = (lines: ReturnType<typeof sampleLines>) => {
  let r = 0;
  let m = 0;
  for (const l of lines) {
    if (l.cost === null || l.revenue <= 0) continue;
    r += l.revenue;
    m += l.revenue - l.cost;
  }
  return m / r;
};

describe("the sample workbook", () => {
  const lines = sampleLines();

  it("is seeded: the same lines every time, and the committed file is exactly what the generator writes", async () => {
    expect(sampleLines()).toEqual(lines);
    const fresh = await sampleWorkbookBytes();
    const committed = new Uint8Array(readFileSync(SAMPLE_PATH));
    // If this fails, run: npx tsx scripts/make-sample-workbook.ts (and commit src/preview/sample/ops-sample.xlsx).
    expect(Buffer.compare(Buffer.from(fresh), Buffer.from(committed))).toBe(0);
  });

  it("holds a few thousand monthly lines from January 2023 to December 2025, French headers on row 4, a totals row", async () => {
    expect(lines.length).toBeGreaterThan(2000);
    expect(lines.length).toBeLessThan(6000);
    expect(lines[0].date).toBe(monthSerial(0));
    expect(lines[lines.length - 1].date).toBe(monthSerial(35));
    const wb = await loadXlsx(readFileSync(SAMPLE_PATH));
    expect(wb.sheets.map((s) => s.name)).toEqual(["Ventes", "Concurrents"]);
    const header = wb.getValues("Ventes", `A${HEADER_ROW}:I${HEADER_ROW}`)[0];
    expect(header).toEqual([...SALES_HEADERS]);
    const last = HEADER_ROW + lines.length;
    const total = wb.getValues("Ventes", `A${last + 1}:I${last + 1}`)[0];
    expect(total[0]).toBe("Total");
    expect(total[6]).toBeCloseTo(lines.reduce((s, l) => s + l.revenue, 0), 2);
    // Amounts in euro formats, dates as dates.
    const ventes = wb.sheet("Ventes")!;
    expect(ventes.numFmt(HEADER_ROW, 6)).toContain("€");
    expect(ventes.numFmt(HEADER_ROW, 0)).toBe("dd/mm/yyyy");
    expect(wb.getValues("Concurrents", "A1:F1")[0]).toEqual(["Mois", "Concurrent", "Famille", "Prix moyen HT", "Ventes marché (unités)", "CA marché HT"]);
  });

  it("has a few lines in breach (the exceptional deals), one product whose margin erodes year after year, two data issues", () => {
    for (const d of BREACH_DEALS) {
      const l = lines.find((x) => x.date === monthSerial(d.month) && x.product === d.product && x.segment === d.segment && x.region === d.region);
      expect(l).toBeDefined();
      expect((l!.revenue - l!.cost!) / l!.revenue).toBeLessThan(defaultPolicy().floor);
    }
    const year = (y: number, product: string) => lines.filter((l) => l.product === product && l.date >= monthSerial((y - 2023) * 12) && l.date < monthSerial((y - 2023) * 12 + 12));
    const eroding = [2023, 2024, 2025].map((y) => rateOf(year(y, ERODING_PRODUCT)));
    expect(eroding[0] - eroding[1]).toBeGreaterThan(0.05);
    expect(eroding[1] - eroding[2]).toBeGreaterThan(0.05);
    // The others hold their margin (within 2 points from 2023 to 2025).
    for (const p of [...new Set(lines.map((l) => l.product))].filter((p) => p !== ERODING_PRODUCT)) {
      expect(Math.abs(rateOf(year(2023, p)) - rateOf(year(2025, p)))).toBeLessThan(0.02);
    }
    expect(lines.filter((l) => l.revenue < 0)).toHaveLength(1);
    expect(lines.filter((l) => l.cost === null)).toHaveLength(1);
  });

  it("makes a variant of any size with the same shape (the bench's 100,000 lines)", () => {
    const big = sampleLines({ rows: 100_000 });
    expect(big).toHaveLength(100_000);
    expect(new Set(big.map((l) => l.date)).size).toBe(36);
    expect(big.some((l) => l.product.startsWith(ERODING_PRODUCT))).toBe(true);
  });
});

describe("the grid's cell text", () => {
  const EURO = '#,##0.00\\ "€";-#,##0.00\\ "€"';

  it("renders numbers with their format, with French separators in French", () => {
    expect(cellDisplay(1234.5, EURO, false, "en")).toEqual({ text: "1,234.50 €", align: "end" });
    expect(cellDisplay(1234.5, EURO, false, "fr")).toEqual({ text: "1\u202f234,50 €", align: "end" });
    expect(cellDisplay(-1234567.891, EURO, false, "fr").text).toBe("-1\u202f234\u202f567,89 €");
    expect(cellDisplay(0.1234, "0.0%", false, "fr").text).toBe("12,3%");
    expect(frenchSeparators("1,234.5")).toBe("1\u202f234,5");
  });

  it("leaves dates, text, errors and booleans as Excel shows them", () => {
    // 15 March 2023 is serial 45000.
    expect(cellDisplay(45000, "dd/mm/yyyy", false, "fr")).toEqual({ text: "15/03/2023", align: "end" });
    expect(isDateTimeFormat("dd/mm/yyyy")).toBe(true);
    expect(isDateTimeFormat('#,##0.00\\ "€"')).toBe(false);
    expect(isDateTimeFormat("[$-40C]#,##0")).toBe(false);
    expect(cellDisplay("=SUM(A1)", "General", false, "fr")).toEqual({ text: "=SUM(A1)", align: "start" });
    expect(cellDisplay(SimErrorValue.of("#N/A"), "General", false, "en")).toEqual({ text: "#N/A", align: "center" });
    expect(cellDisplay(true, "General", false, "fr").text).toBe("VRAI");
    expect(cellDisplay(undefined, "General", false, "en").text).toBe("");
  });

  it("counts a sheet's extent from A1 by its values", () => {
    const wb = new SimWorkbook();
    const s = wb.addSheet("S");
    expect(sheetExtent(s)).toEqual({ rows: 0, cols: 0 });
    wb.setValues("S", "C5", [[1, 2]]);
    expect(sheetExtent(s)).toEqual({ rows: 5, cols: 4 });
  });

  it("names the downloaded workbook after the opened one", () => {
    expect(enrichedName("ventes.xlsx")).toBe("ventes-ops.xlsx");
    expect(enrichedName("")).toBe("classeur-ops.xlsx");
  });
});

describe("the grid's conditional-format evaluation", () => {
  function book(): SimWorkbook {
    const wb = new SimWorkbook();
    wb.addSheet("Data");
    wb.addSheet("Policy");
    wb.setValues("Data", "A1", [
      ["Seg", "Revenue", "Cost"],
      ["A", 100, 95],
      ["b ", 100, 70],
      ["A", 0, 10],
      ["A", "n/a", 10],
    ]);
    wb.setValues("Policy", "B2", [[0.1]]);
    wb.names.push(new SimName("Floor", "=Policy!$B$2"));
    return wb;
  }
  const data = (wb: SimWorkbook) => wb.sheet("Data")!;

  it("moves relative references with the cell and keeps absolute ones", () => {
    const wb = book();
    const f = "=$B2-$C2";
    expect(evaluateAt(wb, data(wb), f, 1, 0, 1, 5)).toBe(5);
    expect(evaluateAt(wb, data(wb), f, 1, 0, 2, 0)).toBe(30);
    expect(evaluateAt(wb, data(wb), "=B$2+1", 1, 0, 3, 0)).toBe(101);
  });

  it("reads names and other sheets, and follows Excel on errors, text and rounding", () => {
    const wb = book();
    const s = data(wb);
    expect(evaluateAt(wb, s, "=Floor*2", 0, 0, 0, 0)).toBeCloseTo(0.2, 12);
    expect(evaluateAt(wb, s, "='Policy'!$B$2", 0, 0, 0, 0)).toBe(0.1);
    expect(evaluateAt(wb, s, "=1/0", 0, 0, 0, 0)).toBeInstanceOf(SimErrorValue);
    expect(evaluateAt(wb, s, "=IFERROR(1/0,7)", 0, 0, 0, 0)).toBe(7);
    expect(evaluateAt(wb, s, "=ROUND(2.5,0)", 0, 0, 0, 0)).toBe(3);
    expect(evaluateAt(wb, s, "=ROUND(-2.5,0)", 0, 0, 0, 0)).toBe(-3);
    expect(evaluateAt(wb, s, "=ROUND(1.005,2)", 0, 0, 0, 0)).toBe(1.01);
    expect(evaluateAt(wb, s, '=TRIM($A3)="B"', 0, 0, 0, 0)).toBe(true);
    expect(evaluateAt(wb, s, "=ISNUMBER($B5)", 0, 0, 0, 0)).toBe(false);
    expect(evaluateAt(wb, s, "=AND(TRUE,1,2>1)", 0, 0, 0, 0)).toBe(true);
    expect(evaluateAt(wb, s, "=SUM($B2:$B4)&\" €\"", 0, 0, 0, 0)).toBe("200 €");
    // INDEX and MATCH (OPS's highlight reads its rules table with INDEX on a name).
    expect(evaluateAt(wb, s, "=INDEX($C$2:$C$5,2)", 0, 0, 0, 0)).toBe(70);
    expect(evaluateAt(wb, s, "=INDEX($A$1:$C$2,2,3)", 0, 0, 0, 0)).toBe(95);
    expect(evaluateAt(wb, s, "=INDEX($A$1:$C$1,2)", 0, 0, 0, 0)).toBe("Revenue");
    expect(evaluateAt(wb, s, "=INDEX(Floor,1)", 0, 0, 0, 0)).toBe(0.1);
    expect(evaluateAt(wb, s, "=INDEX($C$2:$C$5,9)", 0, 0, 0, 0)).toEqual(SimErrorValue.of("#REF!"));
    expect(evaluateAt(wb, s, "=MATCH(70,$C$2:$C$5,0)", 0, 0, 0, 0)).toBe(2);
    expect(evaluateAt(wb, s, '=MATCH("b*",$A$1:$A$5,0)', 0, 0, 0, 0)).toBe(3);
    expect(evaluateAt(wb, s, "=MATCH(80,$C$2:$C$3,-1)", 0, 0, 0, 0)).toBe(1);
    expect(evaluateAt(wb, s, '=MATCH("zz",$A$1:$A$5,0)', 0, 0, 0, 0)).toEqual(SimErrorValue.of("#N/A"));
    expect(evaluateAt(wb, s, "=NOSUCHFUNCTION(1)", 0, 0, 0, 0)).toBeInstanceOf(SimErrorValue);
    // Excel's precedence: negation, %, ^ (left to right), * /, + -, &, comparisons.
    expect(evaluateAt(wb, s, "=1+2*3", 0, 0, 0, 0)).toBe(7);
    expect(evaluateAt(wb, s, "=-2^2", 0, 0, 0, 0)).toBe(4);
    expect(evaluateAt(wb, s, "=2^3^2", 0, 0, 0, 0)).toBe(64);
    expect(evaluateAt(wb, s, "=50%*4", 0, 0, 0, 0)).toBe(2);
    expect(evaluateAt(wb, s, '="a"&1+1', 0, 0, 0, 0)).toBe("a2");
    expect(evaluateAt(wb, s, "=1+1=2", 0, 0, 0, 0)).toBe(true);
    expect(evaluateAt(wb, s, "=(((", 0, 0, 0, 0)).toBeInstanceOf(SimErrorValue);
  });

  /** Adds OPS's highlight to the sample (through the real adapter), with `adjust` applied to its policy first. */
  async function highlightedSample(adjust?: (policy: MarginPolicy) => MarginPolicy) {
    const host = createSimHost(await loadXlsx(readFileSync(SAMPLE_PATH)));
    const port = new ExcelWorkbook(host.run, { lang: "fr" });
    const [source] = await port.listSources();
    const data = await port.readSource(source.id);
    if (adjust) await port.writePolicy(adjust((await port.readPolicy()).policy));
    const { policy } = await port.readPolicy();
    const result = await checkCompliance(data, policy);
    await port.applyHighlight(data, policy);

    const wb = host.workbook;
    const sheet = wb.sheet("Ventes")!;
    const opsFormats = sheet.conditionalFormats.filter((cf) => cf.type === "Custom" && cf.formula !== "");
    expect(opsFormats.length).toBeGreaterThan(0);
    const breachRows = result.findings.filter((f) => f.kind === "line" && f.severity === "breach").map((f) => f.location.row as number);
    expect(new Set(breachRows).size).toBe(result.summary.breaches);
    const revenueCol = data.columns[data.roles.revenue!].sheetColumn! - 1;
    const marked: number[] = [];
    for (const row of data.rowNumbers) {
      if (opsFormats.some((cf) => conditionalFormatApplies(wb, cf, row - 1, revenueCol))) marked.push(row);
    }
    return { policy, formulas: opsFormats.map((cf) => cf.formula), marked, breachRows: [...new Set(breachRows)].sort((a, b) => a - b) };
  }

  it("marks exactly the rows the engine finds in breach, once OPS's highlight is added to the sample", async () => {
    const { marked, breachRows } = await highlightedSample();
    expect(breachRows.length).toBeGreaterThan(0);
    expect(marked).toEqual(breachRows);
  });

  it("marks exactly the engine's breaches when the policy has per-segment and dated rules (INDEX on the rules table)", async () => {
    const plain = await highlightedSample();
    const { policy, formulas, marked, breachRows } = await highlightedSample((p) => ({
      ...p,
      rules: [
        ...p.rules,
        // Stricter for PME: rows at a normal margin become breaches.
        { id: "PME", dimension: "segment", value: "pme", floor: 0.42, target: 0.5 },
        // Laxer for Grands comptes in 2023 only: that year's exceptional deal (sold at about cost) is no longer a breach.
        { id: "GC23", dimension: "segment", value: "Grands comptes", floor: 0.001, target: 0.3, from: monthSerial(0), to: monthSerial(12) - 1 },
      ],
    }));
    expect(policy.rules.map((r) => r.id)).toEqual(expect.arrayContaining(["PME", "GC23"]));
    expect(formulas.some((f) => /INDEX\(/.test(f))).toBe(true);
    // The rules change which rows are in breach, both ways, so the comparison below tests them.
    expect(breachRows.some((r) => !plain.breachRows.includes(r))).toBe(true);
    expect(plain.breachRows.some((r) => !breachRows.includes(r))).toBe(true);
    expect(marked).toEqual(breachRows);
  });
});
