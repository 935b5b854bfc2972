/**
 * The "OPS Summary" writer on the simulated host: the sheet written from the check's figures, OPS's own sheet
 * (replaced, never a user's), user cells unchanged, the workbook unchanged after a failure, the page setup (ExcelApi
 * 1.9) kept in the saved .xlsx (pageSetup, headerFooter, _xlnm.Print_Area) and its absence without 1.9.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import JSZip from "jszip";
import { tmpdir } from "os";
import { join } from "path";
import { checkComplianceSync, defaultPolicy } from "../../src/core/compliance";
import { WorkbookError } from "../../src/core/workbook-port";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { createSimHost, loadXlsx, saveXlsx, simError, type SimWorkbook } from "../../src/sim";
import { CHART_ROWS } from "../../src/core/share/summary";
import { AMOUNT_FORMAT, SALES_SHEET, buildSampleWorkbook, cellStates, sampleDataSet } from "./support/sample";

jest.setTimeout(30_000);

const NOW = new Date(2025, 2, 14, 9, 30, 0);
const USER_SHEETS = [SALES_SHEET, "OPS Compliance", "Paramètres"];

function setup(lang: "fr" | "en" = "fr") {
  const host = createSimHost(buildSampleWorkbook());
  const data = sampleDataSet();
  const result = checkComplianceSync(data, { ...defaultPolicy(), floor: 0.1, target: 0.2 });
  const port = new ExcelWorkbook(host.run, { lang, now: () => NOW });
  return { host, data, result, port };
}

/** Column A label -> column B value of a sheet, and B's number format. */
function labelled(wb: SimWorkbook, sheetName: string, label: string) {
  const s = wb.sheetOrThrow(sheetName);
  const b = s.usedBounds(false)!;
  const values = s.readValues(b);
  const r = values.findIndex((row) => row[0] === label);
  if (r < 0) throw new Error(`no "${label}" on ${sheetName}`);
  return { value: values[r][1], extra: values[r][2], numFmt: s.numFmt(r, 1) };
}

async function sheetXml(bytes: Uint8Array, wb: SimWorkbook, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const i = wb.sheets.findIndex((s) => s.name === name);
  return (await zip.file(`xl/worksheets/sheet${i + 1}.xml`)!.async("string")) ?? "";
}

afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
});

describe("writeSummary", () => {
  it("writes OPS Summary with the check's figures, the basis stated, the workbook's currency, and leaves user cells as they were", async () => {
    const { host, data, result, port } = setup("fr");
    const before = cellStates(host.workbook, USER_SHEETS);
    const out = await port.writeSummary({ data, result });
    expect(out.sheet).toBe("OPS Summary");
    const wb = host.workbook;
    const s = wb.sheetOrThrow("OPS Summary");
    expect(s.get(0, 0)).toBe("OPS — Synthèse pour la direction");
    const revenue = labelled(wb, "OPS Summary", "Chiffre d'affaires contrôlé");
    expect(revenue.value).toBe(result.summary.revenueChecked);
    expect(revenue.numFmt).toBe(AMOUNT_FORMAT);
    const rate = labelled(wb, "OPS Summary", "Taux de marge global");
    // Σ margin / Σ revenue over the rows checked (a zero-revenue row is a data issue, not checked).
    const rev = data.columns[4].numbers!;
    const cost = data.columns[5].numbers!;
    const sums = rev.reduce((n, v) => n + (v > 0 ? v : 0), 0);
    const margins = rev.reduce((n, v, i) => n + (v > 0 ? v - cost[i] : 0), 0);
    expect(rate.value).toBeCloseTo(margins / sums, 12);
    expect(rate.extra).toBe("taux de marque (marge / prix de vente HT)");
    expect(rate.numFmt).toBe("0.0%");
    expect(labelled(wb, "OPS Summary", "Source").value).toBe("tableau Ventes2024 (feuille Ventes, A3:G63)");
    expect(labelled(wb, "OPS Summary", "Période").value).toMatch(/^du \d\d\/\d\d\/2024 au \d\d\/\d\d\/2024$/);
    const prepared = labelled(wb, "OPS Summary", "Préparé le");
    expect(prepared.value).toBe(45730); // 14 March 2025
    expect(prepared.numFmt).toBe("dd/mm/yyyy");
    // A segment named like a formula would be written as text (escaped), never as a formula.
    for (let r = 0; r < 60; r++) expect(s.formula(r, 0)).toBeUndefined();
    // OPS's mark, and user sheets untouched.
    expect(wb.names.some((n) => n.scope === s && n.name === "OPS_Sheet_summary")).toBe(true);
    expect(cellStates(wb, USER_SHEETS)).toEqual(before);
  });

  it("replaces its own summary, and writes beside a user's sheet of the same name", async () => {
    const { host, data, result, port } = setup("en");
    host.workbook.addSheet("OPS Summary");
    host.workbook.setValues("OPS Summary", "A1", [["my own notes"]]);
    const first = await port.writeSummary({ data, result });
    expect(first.sheet).toBe("OPS Summary (2)");
    expect(first.messages).toContainEqual({ code: "excel.sheetRenamedForUser", severity: "info", params: { wanted: "OPS Summary", used: "OPS Summary (2)" } });
    const second = await port.writeSummary({ data, result });
    expect(second.sheet).toBe("OPS Summary (2)");
    expect(host.workbook.sheets.map((s) => s.name).filter((n) => n.startsWith("OPS Summary"))).toEqual(["OPS Summary", "OPS Summary (2)"]);
    expect(host.workbook.sheetOrThrow("OPS Summary").get(0, 0)).toBe("my own notes");
    expect(host.workbook.sheets.some((s) => s.name.startsWith("~OPS"))).toBe(false);
  });

  it("saves the page setup: A4 portrait one page, header / footer, print areas on the summary and the compliance report", async () => {
    const { host, data, result, port } = setup("en");
    await port.writeReport(data, result);
    const out = await port.writeSummary({ data, result });
    const wb = host.workbook;
    const s = wb.sheetOrThrow(out.sheet);
    // The print area: the rows and the segment chart below them.
    const rows = s.usedBounds(false)!.r1 + 1 + 1 + CHART_ROWS;
    expect(s.pageLayout.printArea).toEqual({ r0: 0, c0: 0, r1: rows - 1, c1: 4 });
    expect(s.charts.map((c) => c.name)).toEqual(["OPS_summary_rateBySegment"]);
    const bytes = await saveXlsx(wb);
    const xml = await sheetXml(bytes, wb, out.sheet);
    expect(xml).toMatch(/<pageSetUpPr[^>]*fitToPage="1"/);
    expect(xml).toMatch(/<pageSetup[^>]*paperSize="9"/);
    expect(xml).toMatch(/<pageSetup[^>]*orientation="portrait"/);
    expect(xml).toMatch(/<pageSetup[^>]*fitToWidth="1"/);
    expect(xml).toMatch(/<pageSetup[^>]*fitToHeight="1"/);
    expect(xml).toMatch(/<printOptions[^>]*horizontalCentered="1"/);
    expect(xml).toContain("<oddHeader>&amp;L&amp;A&amp;R&amp;D</oddHeader>");
    expect(xml).toContain("<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>");
    expect(xml).toMatch(/<drawing r:id=/);
    const zipped = await JSZip.loadAsync(bytes);
    const chartXml = await zipped.file(/^xl\/charts\/chart\d+\.xml$/)[0]!.async("string");
    expect(chartXml).toContain("<c:f>'OPS Summary'!$C$");
    // The report (written to "OPS Compliance (2)": the user owns "OPS Compliance") gets landscape, one page wide.
    const reportXml = await sheetXml(bytes, wb, "OPS Compliance (2)");
    expect(reportXml).toMatch(/<pageSetup[^>]*orientation="landscape"/);
    expect(reportXml).toMatch(/<pageSetup[^>]*fitToWidth="1"/);
    expect(reportXml).toMatch(/<pageSetup[^>]*fitToHeight="0"/);
    // The user's own "OPS Compliance" gets nothing (ExcelJS writes its default <pageSetup>: no A4, no print area).
    expect(await sheetXml(bytes, wb, "OPS Compliance")).not.toMatch(/paperSize="9"|<headerFooter/);
    const wbXml = await (await JSZip.loadAsync(bytes)).file("xl/workbook.xml")!.async("string");
    const ui = wb.sheets.findIndex((x) => x.name === "OPS Compliance");
    expect(wbXml).not.toContain(`<definedName name="_xlnm.Print_Area" localSheetId="${ui}">`);
    const si = wb.sheets.indexOf(s);
    expect(wbXml).toContain(`<definedName name="_xlnm.Print_Area" localSheetId="${si}">'OPS Summary'!$A$1:$E$${rows}</definedName>`);
    const ri = wb.sheets.findIndex((x) => x.name === "OPS Compliance (2)");
    expect(wbXml).toMatch(new RegExp(`<definedName name="_xlnm.Print_Area" localSheetId="${ri}">'OPS Compliance \\(2\\)'!\\$A\\$1:\\$[A-Z]+\\$\\d+</definedName>`));
    // And the file reads back with the same page layout.
    const again = await loadXlsx(bytes);
    const s2 = again.sheetOrThrow(out.sheet);
    expect(s2.pageLayout.paperSize).toBe("A4");
    expect(s2.pageLayout.orientation).toBe("Portrait");
    expect(s2.pageLayout.printArea).toEqual(s.pageLayout.printArea);
    expect(s2.pageLayout.headersFooters.centerFooter).toBe("Page &P of &N");
  });

  it("without ExcelApi 1.9: the data is written, no page setup, and a message says so", async () => {
    const { host, data, result, port } = setup("fr");
    (globalThis as { Office?: unknown }).Office = { context: { requirements: { isSetSupported: (_n: string, v?: string) => Number(v ?? 0) <= 1.8 } } };
    const out = await port.writeSummary({ data, result });
    const s = host.workbook.sheetOrThrow(out.sheet);
    expect(labelled(host.workbook, out.sheet, "Chiffre d'affaires contrôlé").value).toBe(result.summary.revenueChecked);
    expect(s.pageLayout.printArea).toBeUndefined();
    expect(s.pageLayout.paperSize).toBeUndefined();
    expect(out.messages.map((m) => m.code)).toContain("summary.pageSetupMissing");
    expect(port.lastMessages.map((m) => m.code)).toContain("summary.pageSetupMissing");
  });

  it("leaves the workbook as it was when a sync fails, with a catalogue message", async () => {
    const { host, data, result, port } = setup("en");
    const names = host.workbook.sheets.map((s) => s.name);
    const before = cellStates(host.workbook);
    let n = 0;
    host.intercept(({ actions }) => {
      if (actions > 20 && n++ === 0) throw simError("GeneralException");
    });
    const err = await port.writeSummary({ data, result }).catch((e) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect((err as WorkbookError).ops.code).toBe("excel.general");
    expect(host.workbook.sheets.map((s) => s.name)).toEqual(names);
    expect(cellStates(host.workbook)).toEqual(before);
  });

  it("refuses a protected summary sheet of OPS's with a message naming it", async () => {
    const { host, data, result, port } = setup("en");
    await port.writeSummary({ data, result });
    host.workbook.sheetOrThrow("OPS Summary").protected = true;
    const err = await port.writeSummary({ data, result }).catch((e) => e);
    expect((err as WorkbookError).ops).toMatchObject({ code: "excel.sheetProtected", params: { sheet: "OPS Summary" } });
  });

  it("a failure in the last sync leaves OPS's report page setup and the previous summary as they were", async () => {
    const { host, data, result, port } = setup("en");
    await port.writeReport(data, result);
    await port.writeSummary({ data, result });
    const wb = host.workbook;
    const report = wb.sheetOrThrow("OPS Compliance (2)");
    report.pageLayout.orientation = "Portrait";
    const reportLayout = JSON.stringify(report.pageLayout);
    const oldSummary = cellStates(wb, ["OPS Summary"]);
    const names = wb.sheets.map((s) => s.name);
    // The last sync is the one that deletes the old summary: fail it.
    let failed = false;
    host.intercept(({ actions }) => {
      if (!failed && actions > 0 && wb.sheets.some((s) => s.name.startsWith("~OPS summary"))) {
        failed = true;
        throw simError("GeneralException");
      }
    });
    const err = await port.writeSummary({ data, result }).catch((e) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect(wb.sheets.map((s) => s.name)).toEqual(names);
    expect(JSON.stringify(report.pageLayout)).toBe(reportLayout);
    expect(cellStates(wb, ["OPS Summary"])).toEqual(oldSummary);
  });
});

const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].find((p) => existsSync(p));
describe("LibreOffice prints the summary", () => {
  if (!soffice) {
    it("needs LibreOffice (soffice), which is not installed here: the print check is not run", () => {
      console.warn("LibreOffice is not installed: the OPS Summary → PDF print check was not run.");
      expect(soffice).toBeUndefined();
    });
    return;
  }
  it("on one A4 portrait page, chart included (the saved page setup, read by another program than OPS)", async () => {
    const { host, data, result, port } = setup("fr");
    await port.writeSummary({ data, result });
    const wb = host.workbook;
    // Only the summary, so that the PDF's pages are its pages.
    for (const s of [...wb.sheets]) if (s.name !== "OPS Summary") wb.deleteSheet(s);
    const dir = mkdtempSync(join(tmpdir(), "ops-summary-"));
    try {
      const file = join(dir, "summary.xlsx");
      writeFileSync(file, await saveXlsx(wb));
      execFileSync(soffice, ["--headless", `-env:UserInstallation=file://${dir}/profile`, "--convert-to", "pdf", "--outdir", dir, file], { timeout: 170_000, stdio: "pipe" });
      const pdf = readFileSync(join(dir, "summary.pdf")).toString("latin1");
      expect(pdf.startsWith("%PDF-")).toBe(true);
      expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
      const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf)!;
      expect(Math.round(Number(box[1]))).toBe(595); // A4 portrait: 210 × 297 mm
      expect(Math.round(Number(box[2]))).toBe(842);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
