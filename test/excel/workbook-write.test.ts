/**
 * The writing side of the adapter on the simulated host, with a project-made workbook (runs without ../shared):
 * check -> policy -> report -> highlight -> clear, then every pre-existing cell (value, formula, number format) and
 * conditional format of every pre-existing sheet is compared with the original.
 */
import { checkComplianceSync, defaultPolicy, policyFingerprint } from "../../src/core/compliance";
import type { MarginPolicy } from "../../src/core/policy-types";
import { WorkbookError } from "../../src/core/workbook-port";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { createSimHost, loadXlsx, saveXlsx, type SimHost } from "../../src/sim";
import { TRAP_TEXTS, buildSampleWorkbook, cellStates, sampleDataSet, sampleRows, simEvalContext, SALES_SHEET } from "./support/sample";
import { evaluate } from "./support/formula-eval";


// The simulated host and ExcelJS are quick, but the machine is shared: generous time per test.
jest.setTimeout(30_000);

const NOW = new Date(2025, 2, 14, 9, 30, 0);

function policy(): MarginPolicy {
  const p = defaultPolicy();
  p.floor = 0.1;
  p.target = 0.2;
  p.rules = [{ id: "ENT", dimension: "segment", value: "Enterprise", floor: -0.05, target: 0.05 }];
  return p;
}

function setup(lang: "fr" | "en" = "fr"): { host: SimHost; port: ExcelWorkbook } {
  const host = createSimHost(buildSampleWorkbook());
  const port = new ExcelWorkbook(host.run, { lang, now: () => NOW });
  return { host, port };
}

describe("ExcelWorkbook on the simulated host (project-made workbook)", () => {
  it("check, policy, report, highlight, clear: every pre-existing cell and format is unchanged", async () => {
    const { host, port } = setup();
    const before = cellStates(host.workbook);
    const pre = host.workbook.sheets.map((s) => s.name);
    const data = sampleDataSet();
    const pol = policy();
    const result = checkComplianceSync(data, pol);
    expect(result.summary.breaches).toBeGreaterThan(0);

    await port.writePolicy(pol);
    const out = await port.writeReport(data, result);
    const reportMessages = port.lastMessages.map((m) => m.code);
    await port.applyHighlight(data, pol);
    const sales = host.workbook.sheetOrThrow(SALES_SHEET);
    expect(sales.conditionalFormats.length).toBe(2);
    const removed = await port.clearHighlights();
    expect(removed).toBe(1);

    // The user's "OPS Compliance" was not touched: OPS wrote its report next to it.
    expect(out.sheet).toBe("OPS Compliance (2)");
    expect(reportMessages).toContain("excel.sheetRenamedForUser");
    const after = cellStates(host.workbook, pre);
    expect(after.formats).toEqual(before.formats);
    expect(after.cells.size).toBe(before.cells.size);
    for (const [k, v] of before.cells) expect([k, after.cells.get(k)]).toEqual([k, v]);
    expect(host.workbook.sheets.map((s) => s.name).sort()).toEqual([...pre, "OPS Policy", "OPS Compliance (2)", "OPS Log"].sort());
  });

  it("writes user text as text: formulas-looking names stay the very text in the report", async () => {
    const { host, port } = setup();
    const data = sampleDataSet();
    // Make every trap row a breach so that it appears in the report.
    const result = checkComplianceSync(data, { ...policy(), floor: 0.99, target: 0.99, rules: [] });
    await port.writeReport(data, result);
    const sheet = host.workbook.sheetOrThrow("OPS Compliance (2)");
    const b = sheet.usedBounds(true)!;
    const texts = new Set<string>();
    let formulas = 0;
    for (let r = b.r0; r <= b.r1; r++) {
      for (let c = b.c0; c <= b.c1; c++) {
        const v = sheet.readValues({ r0: r, c0: c, r1: r, c1: c })[0][0];
        if (typeof v === "string") texts.add(v);
        if (sheet.formula(r, c) !== undefined) formulas++;
      }
    }
    for (const trap of TRAP_TEXTS) expect(texts).toContain(trap);
    expect(formulas).toBe(0); // links are hyperlinks, not formulas, below LINK_CELL_LIMIT
  });

  it("replaces its own report on the next run and keeps one log row per run", async () => {
    const { host, port } = setup();
    const data = sampleDataSet();
    const r1 = checkComplianceSync(data, policy());
    await port.writeReport(data, r1);
    const r2 = checkComplianceSync(data, { ...policy(), floor: 0.3 });
    await port.writeReport(data, r2);
    const names = host.workbook.sheets.map((s) => s.name);
    expect(names.filter((n) => n.startsWith("OPS Compliance"))).toEqual(["OPS Compliance", "OPS Compliance (2)"]);
    expect(names.some((n) => n.startsWith("~OPS"))).toBe(false);
    const log = host.workbook.getValues("OPS Log");
    const runs = log.filter((row) => typeof row[0] === "number");
    expect(runs.length).toBe(2);
    expect(runs[1][4]).toBe(r2.summary.breaches);
    expect(runs[1][5]).toBe(r2.policyFingerprint);
  });

  it("reads back the policy it wrote, and the default policy when there is no policy sheet", async () => {
    const { port } = setup("en");
    const none = await port.readPolicy();
    expect(none.fromSheet).toBe(false);
    expect(policyFingerprint(none.policy)).toBe(policyFingerprint(defaultPolicy()));
    const pol = policy();
    pol.rules.push({ id: "Q1", dimension: "product", value: "=Câble A", floor: 0.15, target: 0.25, from: 45292, to: 45382, comment: "-promo d'hiver" });
    await port.writePolicy(pol);
    const back = await port.readPolicy();
    expect(back.fromSheet).toBe(true);
    expect(back.messages.filter((m) => m.severity === "error")).toEqual([]);
    expect(policyFingerprint(back.policy)).toBe(policyFingerprint(pol));
    expect(back.policy.rules[1].comment).toBe("-promo d'hiver");
  });

  it("rewrites its policy sheet in place: the rules table follows the policy, a user's note below it stays", async () => {
    const { host, port } = setup("fr");
    const pol = policy();
    pol.rules.push({ id: "R2", dimension: "product", value: "Module C", floor: 0.2, target: 0.3 }, { id: "R3", dimension: "region", value: "Nord", floor: 0.2, target: 0.3 });
    await port.writePolicy(pol);
    host.workbook.setValues("OPS Policy", "A20", [["Note du contrôleur : revoir en juin"]]);
    host.workbook.setValues("OPS Policy", "K2", [["à droite"]]);
    await port.writePolicy(policy());
    const table = host.workbook.tables.find((tb) => tb.sheet.name === "OPS Policy")!;
    expect(table.rowCount).toBe(1);
    expect(host.workbook.getValues("OPS Policy", "A20")[0][0]).toBe("Note du contrôleur : revoir en juin");
    expect(host.workbook.getValues("OPS Policy", "K2")[0][0]).toBe("à droite");
    expect(host.workbook.getValues("OPS Policy", "A13:C14")).toEqual([["", "", ""], ["", "", ""]]);
    const back = await port.readPolicy();
    expect(policyFingerprint(back.policy)).toBe(policyFingerprint(policy()));
  });

  it("the highlight marks exactly the engine's line breaches, reading the thresholds from the policy sheet", async () => {
    const { host, port } = setup();
    const data = sampleDataSet();
    const pol = policy();
    const result = checkComplianceSync(data, pol);
    await port.applyHighlight(data, pol);
    const wb = host.workbook;
    const sales = wb.sheetOrThrow(SALES_SHEET);
    const cf = sales.conditionalFormats.find((c) => /OPS_/.test(c.formula))!;
    expect(cf.formula).toMatch(/OPS_Floor_2/); // the user owns OPS_Floor: never taken over
    const ctx = simEvalContext(wb, SALES_SHEET);
    const top = cf.ranges[0].r0 + 1;
    const breachRows = new Set(result.findings.filter((f) => f.kind === "line" && f.severity === "breach").map((f) => f.location.row));
    const rows = sampleRows();
    expect(breachRows.size).toBeGreaterThan(3);
    rows.forEach((_, i) => {
      const row = top + i;
      expect([row, evaluate(cf.formula, ctx, top, row) === true]).toEqual([row, breachRows.has(row)]);
    });
  });

  it("refuses a protected sheet with a clear message and leaves the workbook as it was (fr and en)", async () => {
    for (const lang of ["fr", "en"] as const) {
      const { host, port } = setup(lang);
      host.workbook.sheetOrThrow(SALES_SHEET).protected = true;
      const before = cellStates(host.workbook);
      const names = host.workbook.sheets.map((s) => s.name);
      const err = await port.applyHighlight(sampleDataSet(), policy()).catch((e) => e);
      expect(err).toBeInstanceOf(WorkbookError);
      expect((err as WorkbookError).ops).toMatchObject({ code: "excel.sheetProtected", params: { sheet: SALES_SHEET } });
      expect(host.workbook.sheets.map((s) => s.name)).toEqual(names);
      expect(cellStates(host.workbook)).toEqual(before);
    }
  });

  it("after the file is saved and reopened (new worksheet and format ids), still knows its own sheets and highlight", async () => {
    const { host, port } = setup();
    const data = sampleDataSet();
    const pol = policy();
    await port.writePolicy(pol);
    await port.writeReport(data, checkComplianceSync(data, pol));
    await port.applyHighlight(data, pol);
    const bytes = await saveXlsx(host.workbook);
    const wb2 = await loadXlsx(bytes);
    // Excel keeps the add-in's settings in the file; the simulated .xlsx does not, so they are carried over by hand.
    wb2.settings = new Map(host.workbook.settings);
    // Excel gives worksheets and conditional formats new ids in a new session (OfficeDev/office-js#1390).
    const oldIds = new Set(host.workbook.sheets.map((s) => s.id));
    for (const s of wb2.sheets) {
      (s as { id: string }).id = `{new-${s.name}}`;
      for (const cf of s.conditionalFormats) (cf as { id: string }).id = `{cf-${Math.random()}}`;
    }
    expect(wb2.sheets.some((s) => oldIds.has(s.id))).toBe(false);
    const host2 = createSimHost(wb2);
    const port2 = new ExcelWorkbook(host2.run, { lang: "fr", now: () => NOW });
    const before = cellStates(wb2, [SALES_SHEET, "OPS Compliance", "Paramètres"]);

    const again = await port2.writeReport(data, checkComplianceSync(data, { ...pol, floor: 0.2 }));
    expect(again.sheet).toBe("OPS Compliance (2)");
    await port2.writePolicy({ ...pol, floor: 0.12 });
    expect(wb2.sheets.map((s) => s.name).filter((n) => n.startsWith("OPS")).sort()).toEqual(["OPS Compliance", "OPS Compliance (2)", "OPS Log", "OPS Policy"]);
    expect(wb2.getValues("OPS Policy", "B5")[0][0]).toBe(0.12);
    expect(await port2.clearHighlights()).toBe(1);
    expect(wb2.sheetOrThrow(SALES_SHEET).conditionalFormats.map((c) => c.formula)).toEqual(["=$E4>9000"]);
    expect(cellStates(wb2, [SALES_SHEET, "OPS Compliance", "Paramètres"]).cells).toEqual(before.cells);
  });

  it("a policy saved with other rules rebuilds the highlight; a floor edited on the policy sheet needs no rebuild", async () => {
    const { host, port } = setup("en");
    const data = sampleDataSet();
    const pol = policy();
    await port.applyHighlight(data, pol);
    const sales = host.workbook.sheetOrThrow(SALES_SHEET);
    const first = sales.conditionalFormats.find((c) => /OPS_/.test(c.formula))!.formula;
    expect(first).toContain("$A4"); // the segment rule reads the Segment column
    await port.writePolicy({ ...pol, floor: 0.15 });
    expect(sales.conditionalFormats.find((c) => /OPS_/.test(c.formula))!.formula).toBe(first);
    await port.writePolicy({ ...pol, rules: [{ id: "P", dimension: "product", value: "Module C", floor: 0.3, target: 0.4 }] });
    const ops = sales.conditionalFormats.filter((c) => /OPS_/.test(c.formula));
    expect(ops).toHaveLength(1);
    expect(ops[0].formula).toContain("$B4"); // now the product column
    expect(ops[0].formula).not.toContain("$A4");
  });

  it("selects a source row, appends log rows with a date-time serial, and speaks the language it was given", async () => {
    const { host, port } = setup("en");
    await port.selectRow(SALES_SHEET, 12);
    expect(host.workbook.activeSheet?.name).toBe(SALES_SHEET);
    expect(host.workbook.selection?.bounds.r0).toBe(11);
    await port.appendLog({ action: "check", source: "Ventes2024", rows: 60, breaches: 7, policyFingerprint: "00ab" });
    await port.appendLog({ action: "=cmd|' /C calc'!A0", rows: 1 });
    const log = host.workbook.sheetOrThrow("OPS Log");
    const rows = host.workbook.getValues("OPS Log").filter((r) => typeof r[0] === "number");
    expect(rows).toHaveLength(2);
    expect(rows[0][0]).toBeCloseTo((NOW.getTime() - NOW.getTimezoneOffset() * 60000) / 86400000 + 25569, 8);
    expect(log.numFmt(3, 0)).toMatch(/yyyy-mm-dd hh:mm/);
    expect(rows[0].slice(1)).toEqual(["Margin check", "Ventes2024", 60, 7, "00ab"]);
    expect(rows[1][1]).toBe("=cmd|' /C calc'!A0");
    expect(log.formula(4, 1)).toBeUndefined();
    expect(await port.displayLanguage()).toBe("en");
    const err = await port.selectRow("Nope", 3).catch((e) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect((err as WorkbookError).ops.code).toBe("excel.notFound");
  });

  it("in a 1904 workbook writes rule dates in that date system and reads them back as they were", async () => {
    const { host, port } = setup("fr");
    host.workbook.date1904 = true;
    const pol = policy();
    pol.rules.push({ id: "JAN", dimension: "product", value: "Module C", floor: 0.2, target: 0.3, from: 45292, to: 45322 });
    await port.writePolicy(pol);
    const cells = host.workbook.getValues("OPS Policy", "F13:G13")[0];
    expect(cells).toEqual([45292 - 1462, 45322 - 1462]);
    const back = await port.readPolicy();
    expect(back.policy.rules[1]).toMatchObject({ from: 45292, to: 45322 });
    expect(policyFingerprint(back.policy)).toBe(policyFingerprint(pol));
  });

  it("highlights a source that is a plain range (no Excel table) on the rows the reader kept, and clears it", async () => {
    const { host, port } = setup("en");
    const data = { ...sampleDataSet(), tableName: undefined, id: "sheet:Ventes!A3:G63" };
    const pol = policy();
    await port.applyHighlight(data, pol);
    const sales = host.workbook.sheetOrThrow(SALES_SHEET);
    const cf = sales.conditionalFormats.find((c) => /OPS_/.test(c.formula))!;
    expect(cf.ranges).toEqual([{ r0: 3, c0: 0, r1: 62, c1: 6 }]);
    // Applying again replaces OPS's format instead of adding a second one.
    await port.applyHighlight(data, pol);
    expect(sales.conditionalFormats.filter((c) => /OPS_/.test(c.formula))).toHaveLength(1);
    expect(await port.clearHighlights()).toBe(1);
    expect(sales.conditionalFormats.map((c) => c.formula)).toEqual(["=$E4>9000"]);
    expect(await port.clearHighlights()).toBe(0);
  });
});
