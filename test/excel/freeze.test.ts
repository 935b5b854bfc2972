/**
 * Frozen OPS formulas on the simulated host: freeze -> values (formulas kept on the hidden "OPS Formulas"), restore
 * -> every formula exactly back and every other cell unchanged (cell diff), a cell edited since is left alone,
 * repair of _xldudf_ formulas; the saved .xlsx opened by LibreOffice shows values and no #NAME?.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { createSimHost, loadXlsx, saveXlsx, SimWorkbook } from "../../src/sim";
import { SimErrorValue } from "../../src/sim/cells";
import { cellStates } from "./support/sample";

jest.setTimeout(60_000);

/** A formula with the cached value Excel would have computed (the simulated evaluator does not know OPS.*). */
function formulaCell(wb: SimWorkbook, sheet: string, r: number, c: number, formula: string, cached: number | string | boolean | SimErrorValue): void {
  const s = wb.sheets.find((x) => x.name === sheet)!;
  s.write(r, c, formula, "test");
  s.put(r, c, cached);
}

const OPS_CELLS = ["Ventes!1,4", "Ventes!2,4", "Ventes!3,4", "Ventes!4,4", "Ventes!5,4", "Ventes!1,6", "Autre!0,3"];

function workbook(): SimWorkbook {
  const wb = new SimWorkbook();
  const s = wb.addSheet("Ventes");
  const rows: (string | number)[][] = [
    ["Produit", "Date", "CA", "Coût"],
    ["=Alpha", 45292, 100, 75],
    ["Beta", 45293, 200, 120],
    ["Gamma", 45294, 0, 10],
    ["+33 Delta", 45295, 50, 40],
    ["Epsilon", 45296, 80, 20],
  ];
  rows.forEach((row, r) => row.forEach((v, c) => s.write(r, c, typeof v === "string" && r > 0 && c === 0 ? `'${v}` : v, "test")));
  for (let r = 1; r <= 5; r++) s.extraFor(r, 1).numFmt = "dd/mm/yyyy";
  formulaCell(wb, "Ventes", 1, 4, "=OPS.MARGIN(C2,D2)", 0.25);
  formulaCell(wb, "Ventes", 2, 4, "=ops.margin(C3,D3)", 0.4);
  formulaCell(wb, "Ventes", 3, 4, "=OPS.MARGIN(C4,D4)", SimErrorValue.of("#DIV/0!"));
  formulaCell(wb, "Ventes", 4, 4, '=IF(OPS.MARGIN(C5,D5)<0.3,"=low","ok")', "=low");
  formulaCell(wb, "Ventes", 5, 4, "=OPS.MARGIN.STATUS(C6,D6,0.3)", "OK");
  formulaCell(wb, "Ventes", 1, 6, "=OPS.PRICE.FOR.MARGIN(D2,0.3)", 45300); // a serial, shown as a date
  s.extraFor(1, 6).numFmt = "dd/mm/yyyy";
  s.write(7, 2, "=SUM(C2:C6)", "test"); // not OPS: stays a formula
  const o = wb.addSheet("Autre");
  o.write(0, 0, "x", "test");
  o.write(0, 1, 10, "test");
  o.write(0, 2, 4, "test");
  formulaCell(wb, "Autre", 0, 3, "=ROUND(OPS.MARGIN(B1,C1),2)*100", 60);
  o.write(1, 3, '="OPS.MARGIN(B1,C1)"', "test"); // text that looks like OPS: not frozen
  const p = wb.addSheet("Verrou");
  formulaCell(wb, "Verrou", 0, 0, "=OPS.MARGIN(1,0.5)", 0.5);
  p.protected = true;
  return wb;
}

function sheetOf(wb: SimWorkbook, name: string) {
  return wb.sheets.find((s) => s.name === name)!;
}

describe("freeze / restore OPS formulas (simulated host)", () => {
  it("freezes every OPS formula into its value, keeps the formulas hidden, and restores them exactly", async () => {
    const host = createSimHost(workbook());
    const port = new ExcelWorkbook(host.run, { lang: "fr" });
    const before = cellStates(host.workbook);

    const out = await port.freezeFormulas();
    expect(out.frozen).toBe(7);
    expect(out.sheets.sort()).toEqual(["Autre", "Ventes"]);
    expect(out.messages).toEqual([expect.objectContaining({ code: "share.sheetProtectedSkipped", params: { sheet: "Verrou", count: 1 } })]);

    const v = sheetOf(host.workbook, "Ventes");
    expect(v.formula(1, 4)).toBeUndefined();
    expect(v.get(1, 4)).toBe(0.25);
    expect(String(v.get(3, 4))).toBe("#DIV/0!"); // an error stays an error
    expect(v.get(3, 4)).toBeInstanceOf(SimErrorValue);
    expect(v.get(4, 4)).toBe("=low"); // text, not a formula
    expect(v.formula(4, 4)).toBeUndefined();
    expect(v.get(1, 6)).toBe(45300);
    expect(v.numFmt(1, 6)).toBe("dd/mm/yyyy");
    expect(v.formula(7, 2)).toBe("=SUM(C2:C6)");
    expect(sheetOf(host.workbook, "Verrou").formula(0, 0)).toBe("=OPS.MARGIN(1,0.5)");
    expect(sheetOf(host.workbook, "Autre").formula(1, 3)).toBe('="OPS.MARGIN(B1,C1)"');

    const kept = sheetOf(host.workbook, "OPS Formulas");
    expect(kept.visibility).toBe("Hidden");
    const keptValues = kept.readValues(kept.usedBounds(true)!);
    expect(keptValues.map((r) => r[2]).filter((f) => typeof f === "string" && f.startsWith("="))).toEqual(expect.arrayContaining(["=OPS.MARGIN(C2,D2)", '=IF(OPS.MARGIN(C5,D5)<0.3,"=low","ok")', "=ROUND(OPS.MARGIN(B1,C1),2)*100"]));
    expect(kept.formula(2, 2)).toBeUndefined(); // kept as text

    // every cell other than the frozen ones is unchanged
    const mid = cellStates(host.workbook, ["Ventes", "Autre", "Verrou"]);
    for (const [k, st] of before.cells) {
      if (OPS_CELLS.includes(k)) {
        expect(mid.cells.get(k)?.formula).toBeUndefined();
        continue;
      }
      expect([k, mid.cells.get(k)]).toEqual([k, st]);
    }

    const back = await port.restoreFormulas();
    expect(back).toEqual({ restored: 7, skipped: 0, messages: [] });
    const after = cellStates(host.workbook);
    expect([...after.cells.keys()].sort()).toEqual([...before.cells.keys()].sort());
    for (const [k, st] of before.cells) {
      // a restored formula is recalculated by the host (the simulated one cannot compute OPS.*: its value is "")
      if (OPS_CELLS.includes(k)) expect([k, after.cells.get(k)?.formula, after.cells.get(k)?.numFmt]).toEqual([k, st.formula, st.numFmt]);
      else expect([k, after.cells.get(k)]).toEqual([k, st]);
    }
    expect(host.workbook.sheets.map((s) => s.name)).toEqual(["Ventes", "Autre", "Verrou"]);
  });

  it("a cell edited after freezing is not overwritten on restore, and says so", async () => {
    const host = createSimHost(workbook());
    const port = new ExcelWorkbook(host.run, { lang: "en" });
    await port.freezeFormulas();
    sheetOf(host.workbook, "Ventes").write(2, 4, 0.5, "user");
    const back = await port.restoreFormulas();
    expect(back.restored).toBe(6);
    expect(back.skipped).toBe(1);
    expect(back.messages).toEqual([expect.objectContaining({ code: "share.editedNotRestored", params: { sheet: "Ventes", address: "E3" } })]);
    const v = sheetOf(host.workbook, "Ventes");
    expect(v.get(2, 4)).toBe(0.5);
    expect(v.formula(2, 4)).toBeUndefined();
    expect(v.formula(1, 4)).toBe("=OPS.MARGIN(C2,D2)");
    // the formula stays kept
    const kept = sheetOf(host.workbook, "OPS Formulas");
    expect(kept.readValues(kept.usedBounds(true)!).some((r) => r[2] === "=ops.margin(C3,D3)")).toBe(true);
  });

  it("a second freeze with nothing left says so; restore with nothing kept says so", async () => {
    const host = createSimHost(new SimWorkbook());
    host.workbook.addSheet("S").write(0, 0, 1, "t");
    const port = new ExcelWorkbook(host.run, { lang: "en" });
    expect(await port.freezeFormulas()).toEqual({ frozen: 0, sheets: [], messages: [expect.objectContaining({ code: "share.nothingToFreeze" })] });
    expect(await port.restoreFormulas()).toEqual({ restored: 0, skipped: 0, messages: [expect.objectContaining({ code: "share.nothingToRestore" })] });
  });

  it("does not freeze #NAME? cells; repair re-enters _xldudf_ formulas", async () => {
    const wb = new SimWorkbook();
    wb.addSheet("S");
    formulaCell(wb, "S", 0, 0, "=_xldudf_OPS_MARGIN_CONVERT(0.2)", SimErrorValue.of("#NAME?"));
    formulaCell(wb, "S", 1, 0, "=OPS.MARGIN(2,1)", SimErrorValue.of("#NAME?"));
    formulaCell(wb, "S", 2, 0, "=OPS.MARGIN(4,1)", 0.75);
    const host = createSimHost(wb);
    const port = new ExcelWorkbook(host.run, { lang: "en" });
    const f = await port.freezeFormulas();
    expect(f.frozen).toBe(1);
    expect(f.messages.map((m) => m.code)).toEqual(["share.unresolvedNotFrozen", "share.unresolvedNotFrozen"]);
    expect(sheetOf(wb, "S").formula(0, 0)).toBe("=_xldudf_OPS_MARGIN_CONVERT(0.2)");
    const r = await port.repairFormulas();
    expect(r.repaired).toBe(2);
    expect(sheetOf(wb, "S").formula(0, 0)).toBe("=OPS.MARGIN.CONVERT(0.2)");
    expect(sheetOf(wb, "S").formula(1, 0)).toBe("=OPS.MARGIN(2,1)");
  });

  it("the saved .xlsx keeps the formulas sheet: reopened, restore still gives every formula back", async () => {
    const host = createSimHost(workbook());
    const before = cellStates(host.workbook, ["Ventes", "Autre"]);
    await new ExcelWorkbook(host.run, { lang: "fr" }).freezeFormulas();
    const reopened = createSimHost(await loadXlsx(await saveXlsx(host.workbook)));
    const back = await new ExcelWorkbook(reopened.run, { lang: "fr" }).restoreFormulas();
    expect(back.restored).toBe(7);
    const after = cellStates(reopened.workbook, ["Ventes", "Autre"]);
    for (const k of OPS_CELLS) expect(after.cells.get(k)?.formula).toBe(before.cells.get(k)?.formula);
  });

  it("LibreOffice (no add-in) shows the frozen values, no #NAME?", async () => {
    const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));
    if (!soffice) {
      console.warn("LibreOffice is not installed: the .xlsx check in LibreOffice is not run.");
      return;
    }
    const host = createSimHost(workbook());
    sheetOf(host.workbook, "Verrou").protected = false; // every OPS formula frozen
    await new ExcelWorkbook(host.run, { lang: "fr" }).freezeFormulas();
    const dir = mkdtempSync(join(tmpdir(), "ops-freeze-"));
    const file = join(dir, "frozen.xlsx");
    writeFileSync(file, await saveXlsx(host.workbook));
    // every sheet as its own CSV (LibreOffice 7.2+: sheet -1)
    execFileSync(soffice, ["--headless", `-env:UserInstallation=file://${dir}/profile`, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir, file], { stdio: "pipe", timeout: 50_000 });
    const csvs = readdirSync(dir).filter((f) => f.endsWith(".csv"));
    expect(csvs.length).toBeGreaterThanOrEqual(3);
    const all = csvs.map((f) => readFileSync(join(dir, f), "utf8")).join("\n");
    expect(all).not.toMatch(/#NAME\?|_xldudf_|Err:5/i);
    const ventes = readFileSync(join(dir, csvs.find((f) => /Ventes/.test(f))!), "utf8").split(/\r?\n/);
    expect(ventes[1]).toMatch(/0[.,]25/);
    expect(ventes[4]).toContain("=low");
    expect(ventes[3]).toMatch(/#DIV\/0!/);
  });
});
