/**
 * The report writer on the simulated host: blocks under the payload limit, retry with smaller blocks, progress and
 * cancel (the workbook left as it was), Excel's errors as catalogue messages, and the .xlsx round trip through
 * saveXlsx + ExcelJS (table, number formats, links, frozen header, the highlight rule and its names).
 */

import ExcelJS from "exceljs";
import JSZip from "jszip";
import { checkComplianceSync, defaultPolicy } from "../../src/core/compliance";
import { formatMessage, t } from "../../src/core/i18n";
import type { MarginPolicy } from "../../src/core/policy-types";
import { WorkbookError } from "../../src/core/workbook-port";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { createSimHost, saveXlsx, simError } from "../../src/sim";
import { SALES_SHEET, buildSampleWorkbook, cellStates, sampleDataSet, sampleRows } from "./support/sample";

// The simulated host and ExcelJS are quick, but the machine is shared: generous time per test.
jest.setTimeout(30_000);

const NOW = new Date(2025, 2, 14, 9, 30, 0);
const allBreach = (): MarginPolicy => ({ ...defaultPolicy(), floor: 0.99, target: 0.99 });

function big(n: number) {
  const rows = sampleRows(n);
  const host = createSimHost(buildSampleWorkbook(rows));
  const data = sampleDataSet(rows);
  const result = checkComplianceSync(data, allBreach());
  return { host, data, result };
}

describe("report writing in blocks", () => {
  it("keeps every request under the budget and fills each sync well", async () => {
    const { host, data, result } = big(600);
    const budget = 30_000;
    const port = new ExcelWorkbook(host.run, { lang: "en", now: () => NOW, budgetBytes: budget });
    host.stats.reset();
    await port.writeReport(data, result);
    const figures = port.lastReport!;
    expect(figures.rowsWritten).toBe(result.findings.length);
    expect(figures.linkMode).toBe("hyperlink");
    // Every request the host measured stays under the budget asked for (the estimate is on the safe side).
    expect(host.stats.maxRequestBytes).toBeLessThanOrEqual(budget);
    // And the syncs are not wasted: on average at least a third full (small fixed syncs aside).
    const bytes = host.stats.requests.reduce((n, r) => n + r.requestBytes, 0);
    expect(host.stats.syncs).toBeLessThanOrEqual(Math.ceil(bytes / (budget / 3)) + 5);
    const sheet = host.workbook.sheetOrThrow("OPS Compliance (2)");
    const table = host.workbook.tables.find((tb) => tb.sheet === sheet)!;
    expect(table.rowCount).toBe(result.findings.length);
  });

  it("makes the findings slice by slice from the engine's store, never the whole findings array", async () => {
    const { host, data, result } = big(1200);
    const expected = result.findings.slice(); // built here once, for the comparison
    // A fresh check whose `findings` array may not be read: the writer must go through the store.
    const lazy = checkComplianceSync(data, allBreach());
    Object.defineProperty(lazy, "findings", {
      enumerable: true,
      get() {
        throw new Error("the whole findings array was read");
      },
    });
    const port = new ExcelWorkbook(host.run, { lang: "en", now: () => NOW });
    await port.writeReport(data, lazy);
    expect(port.lastReport!.rowsWritten).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(1000); // more than two slices of MODEL_SLICE
    const sheet = host.workbook.sheetOrThrow("OPS Compliance (2)");
    const table = host.workbook.tables.find((tb) => tb.sheet === sheet)!;
    expect(table.rowCount).toBe(expected.length);
    const linkCol = table.bounds.c0 + 4;
    const last = table.bounds.r0 + expected.length;
    expect(sheet.get(last, linkCol)).toBe(expected[expected.length - 1].location.row);
  });

  it("writes HYPERLINK formulas (the mode past LINK_CELL_LIMIT findings) in the same blocks as the values", async () => {
    const { host, data, result } = big(300);
    const port = new ExcelWorkbook(host.run, { lang: "fr", now: () => NOW, linkMode: "formula" });
    await port.writeReport(data, result);
    expect(port.lastReport!.linkMode).toBe("formula");
    const sheet = host.workbook.sheetOrThrow("OPS Compliance (2)");
    const table = host.workbook.tables.find((tb) => tb.sheet === sheet)!;
    const linkCol = table.bounds.c0 + 4;
    const first = table.bounds.r0 + 1;
    const f = sheet.formula(first, linkCol);
    expect(f).toMatch(/^=HYPERLINK\("#'?Ventes'?!A\d+",\d+\)$/);
    expect(sheet.get(first, linkCol)).toBe(result.findings[0].location.row);
  });

  it("retries a block refused as too large with smaller ones, and still writes everything", async () => {
    const { host, data, result } = big(500);
    const limited = createSimHost(host.workbook, { limits: { requestBytes: 30_000 } });
    const port = new ExcelWorkbook(limited.run, { lang: "en", now: () => NOW });
    await port.writeReport(data, result);
    expect(port.lastReport!.stats.retries).toBeGreaterThan(0);
    const sheet = host.workbook.sheetOrThrow("OPS Compliance (2)");
    const table = host.workbook.tables.find((tb) => tb.sheet === sheet)!;
    expect(table.rowCount).toBe(result.findings.length);
  });

  it("reports progress and can be cancelled between blocks, leaving the workbook as it was", async () => {
    const { host, data, result } = big(500);
    const port = new ExcelWorkbook(host.run, { lang: "fr", now: () => NOW, budgetBytes: 20_000 });
    // A first report, to check that a cancelled run leaves it in place.
    await port.writeReport(data, checkComplianceSync(data, defaultPolicy()));
    const before = cellStates(host.workbook);
    const names = host.workbook.sheets.map((s) => s.name);
    const ctl = new AbortController();
    const seen: number[] = [];
    const err = await port
      .writeReport(data, result, {
        signal: ctl.signal,
        onProgress: (done, total, phase) => {
          expect(total).toBe(result.findings.length);
          if (phase !== "report") return; // "prepare": the report model, built in slices before writing
          seen.push(done);
          if (seen.length === 2) ctl.abort();
        },
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect((err as WorkbookError).ops.code).toBe("excel.cancelled");
    expect(seen.length).toBe(2);
    expect(seen[1]).toBeGreaterThan(seen[0]);
    expect(host.workbook.sheets.map((s) => s.name)).toEqual(names);
    expect(cellStates(host.workbook)).toEqual(before);
  });

  it("turns Excel's errors into catalogue messages in French and English, and removes what it had started", async () => {
    for (const [code, expected] of [
      ["ItemAlreadyExists", "excel.nameTaken"],
      ["GeneralException", "excel.general"],
      ["AccessDenied", "excel.sheetProtected"],
    ] as const) {
      const host = createSimHost(buildSampleWorkbook());
      const data = sampleDataSet();
      const result = checkComplianceSync(data, defaultPolicy());
      const port = new ExcelWorkbook(host.run, { lang: "fr", now: () => NOW });
      const names = host.workbook.sheets.map((s) => s.name);
      const before = cellStates(host.workbook);
      let n = 0;
      host.intercept(({ actions }) => {
        if (actions > 20 && n++ === 0) throw simError(code);
      });
      const err = await port.writeReport(data, result).catch((e) => e);
      expect(err).toBeInstanceOf(WorkbookError);
      const ops = (err as WorkbookError).ops;
      expect(ops.code).toBe(expected);
      for (const lang of ["fr", "en"] as const) {
        const text = formatMessage(ops, lang);
        expect(text).not.toBe(ops.code);
        expect(text).not.toMatch(/RichApi|GeneralException|ItemAlreadyExists|AccessDenied/);
      }
      expect(t(ops.code, "fr")).not.toBe(t(ops.code, "en"));
      expect(host.workbook.sheets.map((s) => s.name)).toEqual(names);
      expect(cellStates(host.workbook)).toEqual(before);
    }
  });

  it("avoids names the user already has: sheet, table", async () => {
    const wb = buildSampleWorkbook();
    wb.addSheet("Tableau");
    wb.setValues("Tableau", "A1", [["x"], [1]]);
    wb.addTable("Tableau", "A1:A2", "OPS_Findings");
    const host = createSimHost(wb);
    const port = new ExcelWorkbook(host.run, { lang: "en", now: () => NOW });
    const data = sampleDataSet();
    await port.writeReport(data, checkComplianceSync(data, defaultPolicy()));
    expect(port.lastReport!.tableName).toBe("OPS_Findings_2");
    expect(wb.table("OPS_Findings")!.sheet.name).toBe("Tableau");
  });
});

describe("the report and the highlight saved to .xlsx and reopened with ExcelJS", () => {
  it("has the findings table, number formats, links to the source rows, a frozen header, and a highlight rule on names of the policy sheet", async () => {
    const host = createSimHost(buildSampleWorkbook());
    const port = new ExcelWorkbook(host.run, { lang: "fr", now: () => NOW });
    const data = sampleDataSet();
    const pol: MarginPolicy = {
      ...defaultPolicy(),
      rules: [{ id: "ENT", dimension: "segment", value: "Enterprise", floor: -0.05, target: 0.05 }],
    };
    const result = checkComplianceSync(data, pol);
    await port.writePolicy(pol);
    await port.writeReport(data, result);
    await port.applyHighlight(data, pol);
    const bytes = await saveXlsx(host.workbook);
    const xl = new ExcelJS.Workbook();
    await xl.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);

    const ws = xl.getWorksheet("OPS Compliance (2)")!;
    expect(ws).toBeDefined();
    const tables = (
      ws as unknown as { getTables(): [{ table: { name: string; ref?: string; tableRef?: string } }][] }
    ).getTables();
    const names = tables.map((x) => (Array.isArray(x) ? x[0].table.name : (x as unknown as { name: string }).name));
    expect(names).toContain("OPS_Findings");
    const view = ws.views[0] as { state?: string; ySplit?: number };
    expect(view.state).toBe("frozen");
    expect(view.ySplit).toBe(4);

    // Header on row 4 from column E; find columns by header text.
    const header = ws.getRow(4).values as unknown[];
    const col = (label: string) => header.findIndex((v) => v === label);
    const rateCol = col(t("compliance.report.rateSales", "fr"));
    const revCol = col(t("compliance.report.revenue", "fr"));
    const rowCol = col(t("compliance.report.row", "fr"));
    expect(rateCol).toBeGreaterThan(4);
    const first = ws.getRow(5);
    expect(first.getCell(rateCol).numFmt).toBe("0.0%");
    expect(first.getCell(revCol).numFmt).toContain("€");
    // Links: ExcelJS drops internal hyperlinks when reading, so they are read from the sheet's XML in the package.
    const sourceRow = Number(first.getCell(rowCol).value);
    expect(sourceRow).toBe(result.findings[0].location.row);
    const zip = await JSZip.loadAsync(bytes);
    const sheetXml = await reportSheetXml(zip, "OPS Compliance (2)");
    const links = [...sheetXml.matchAll(/<hyperlink [^>]*ref="([A-Z]+\d+)"[^>]*location="([^"]+)"/g)].map((m) => [
      m[1],
      m[2].replace(/&apos;/g, "'"),
    ]);
    expect(links.length).toBe(result.findings.filter((f) => f.location.row !== undefined).length);
    const cellRef = `${String.fromCharCode(64 + rowCol)}5`;
    expect(links.find(([ref]) => ref === cellRef)?.[1]).toMatch(new RegExp(`^'?Ventes'?!A${sourceRow}$`));

    // The highlight: an expression rule on the source table's body, whose names point at the policy sheet.
    const src = xl.getWorksheet(SALES_SHEET)!;
    const cfs = (
      src as unknown as { conditionalFormattings: { ref: string; rules: { type: string; formulae?: string[] }[] }[] }
    ).conditionalFormattings;
    const ops = cfs
      .flatMap((c) => c.rules.map((r) => ({ ref: c.ref, ...r })))
      .filter((r) => (r.formulae ?? []).some((f) => /OPS_/.test(f)));
    expect(ops).toHaveLength(1);
    expect(ops[0].type).toBe("expression");
    const floorName = /OPS_Floor(_\d+)?/.exec(ops[0].formulae![0])![0];
    const defined = (xl.definedNames as unknown as { getRanges(name: string): { ranges: string[] } }).getRanges(
      floorName,
    );
    expect(defined.ranges.join(",")).toMatch(/OPS Policy'?!\$B\$5/);
  });
});

/** The XML of a sheet in an .xlsx package, found by its name through workbook.xml and its relationships. */
async function reportSheetXml(zip: JSZip, name: string): Promise<string> {
  const wbXml = await zip.file("xl/workbook.xml")!.async("string");
  const esc = name.replace(/&/g, "&amp;").replace(/'/g, "&apos;");
  const m =
    new RegExp(`<sheet [^>]*name="${esc.replace(/[()]/g, "\\$&")}"[^>]*r:id="([^"]+)"`).exec(wbXml) ??
    new RegExp(`<sheet [^>]*r:id="([^"]+)"[^>]*name="${esc.replace(/[()]/g, "\\$&")}"`).exec(wbXml);
  if (!m) throw new Error(`sheet ${name} not in workbook.xml`);
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const target =
    new RegExp(`Id="${m[1]}"[^>]*Target="([^"]+)"`).exec(rels) ??
    new RegExp(`Target="([^"]+)"[^>]*Id="${m[1]}"`).exec(rels);
  if (!target) throw new Error(`no relationship ${m[1]}`);
  const path = target[1].startsWith("/") ? target[1].slice(1) : `xl/${target[1]}`;
  return zip.file(path)!.async("string");
}
