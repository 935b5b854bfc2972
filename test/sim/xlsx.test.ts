/**
 * .xlsx in and out of the simulated host: a real workbook survives load -> save -> reopen with ExcelJS, and what the
 * add-in writes through the API (tables, formats, links, frozen panes, conditional formats, names, hidden sheets)
 * is in the saved file.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { readFileSync } from "fs";
import { createSimHost, loadXlsx, saveXlsx, SimWorkbook } from "../../src/sim";
import { describeWithShared } from "../support/fixtures";

jest.setTimeout(120000);

async function reopen(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** A cell value from ExcelJS in comparable form (dates as times, formulas as their text and result). */
function plain(v: ExcelJS.CellValue): unknown {
  if (v instanceof Date) return v.getTime();
  if (v && typeof v === "object") {
    const o = v as unknown as Record<string, unknown>;
    if ("formula" in o || "sharedFormula" in o) return { result: plain(o.result as ExcelJS.CellValue) };
    if ("richText" in o) return (o.richText as { text: string }[]).map((x) => x.text).join("");
    if ("error" in o) return o.error;
  }
  return v;
}

describeWithShared("microsoft-financial-sample.xlsx", "the financial sample through loadXlsx and saveXlsx", (path) => {
  it("keeps every sheet, every value of the data sheet and the table", async () => {
    const original = new ExcelJS.Workbook();
    await original.xlsx.readFile(path);
    const sim = await loadXlsx(readFileSync(path));
    const back = await reopen(await saveXlsx(sim));
    expect(back.worksheets.map((w) => w.name)).toEqual(original.worksheets.map((w) => w.name));
    for (const name of ["Sheet1", "Sales by Country and Product", "Suggestion1"]) {
      const a = original.getWorksheet(name)!;
      const b = back.getWorksheet(name)!;
      const diffs: string[] = [];
      a.eachRow({ includeEmpty: false }, (row, r) =>
        row.eachCell({ includeEmpty: false }, (cell, c) => {
          const x = plain(cell.value);
          const y = plain(b.getCell(r, c).value);
          if (JSON.stringify(x) !== JSON.stringify(y)) diffs.push(`${name}!${cell.address}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
        }),
      );
      expect(diffs.slice(0, 5)).toEqual([]);
    }
    const table = back.getWorksheet("Sheet1")!.getTable("financials") as unknown as { table: { tableRef?: string; ref?: string; style?: { theme?: string } } };
    expect(table).toBeDefined();
    expect(table.table.tableRef ?? table.table.ref).toMatch(/^A1:P701$|^A1$/);
    expect(table.table.style?.theme).toBe("TableStyleLight9");
    // number formats of the data cells survive (currency and date formats of the sample)
    expect(back.getWorksheet("Sheet1")!.getCell("M2").numFmt).toBe(original.getWorksheet("Sheet1")!.getCell("M2").numFmt);
    expect(back.getWorksheet("Sheet1")!.getCell("J2").numFmt).toBe(original.getWorksheet("Sheet1")!.getCell("J2").numFmt);
  });

  it("reads the sample's pivot locations, table header and dates as serials", async () => {
    const sim = await loadXlsx(readFileSync(path));
    expect(sim.sheetOrThrow("Sales by Country and Product").pivots.length).toBeGreaterThan(0);
    expect(sim.sheetOrThrow("Sheet1").pivots).toEqual([]);
    const t = sim.table("financials")!;
    expect([t.showHeaders, t.bounds]).toEqual([true, { r0: 0, c0: 0, r1: 700, c1: 15 }]);
    // Date column: 1 January 2014 is serial 41640 in the 1900 system
    expect(sim.getValues("Sheet1", "M2")).toEqual([[41640]]);
  });
});

describe("what the add-in writes is in the saved file", () => {
  async function written(): Promise<{ wb: SimWorkbook; bytes: Uint8Array }> {
    const wb = new SimWorkbook();
    wb.addSheet("Data");
    wb.setValues("Data", "A1", [["Produit", "CA", "Coût"], ...Array.from({ length: 20 }, (_, i) => [`P${i}`, 100 + i, 90])]);
    const host = createSimHost(wb);
    await host.run(async (ctx) => {
      const rep = ctx.workbook.worksheets.add("OPS Compliance");
      rep.getRange("A1:D3").values = [
        ["Ligne", "Taux", "Manque", "Lien"],
        [2, 0.1, 12.5, ""],
        [3, "=B2*2", 0, ""],
      ];
      rep.getRange("B2:B3").numberFormat = [["0.0%"], ["0.0%"]];
      rep.getRange("C2:C3").numberFormat = [["#,##0.00 €"], ["#,##0.00 €"]];
      rep.getRange("A1:D1").format.font.bold = true;
      rep.getRange("A1:D1").format.fill.color = "#1F4E79";
      rep.getRange("A1:D1").format.font.color = "#FFFFFF";
      rep.getRange("B:B").format.columnWidth = 90;
      rep.freezePanes.freezeRows(1);
      const t = rep.tables.add("A1:D3", true);
      t.name = "OPS_Findings";
      t.style = "TableStyleMedium2";
      rep.getRange("D2").hyperlink = { documentReference: "'Data'!A12", textToDisplay: "Data!A12" };
      rep.getRange("D3").hyperlink = { address: "https://example.org/doc", textToDisplay: "doc" };
      const cf = ctx.workbook.worksheets.getItem("Data").getRange("A2:C21").conditionalFormats.add("Custom");
      cf.custom.rule.formula = "=$B2<'OPS Policy'!$B$2";
      cf.custom.format.fill.color = "#FFC7CE";
      cf.custom.format.font.color = "#9C0006";
      ctx.workbook.names.add("OPS_Floor", "=0.1");
      ctx.workbook.names.add("OPS_Block", ctx.workbook.worksheets.getItem("Data").getRange("A1:C21"));
      const pol = ctx.workbook.worksheets.add("OPS Policy");
      pol.getRange("A2:B2").values = [["Plancher", 0.1]];
      pol.visibility = "Hidden";
      (ctx.workbook as unknown as { use1904DateSystem: boolean }).use1904DateSystem = true;
      await ctx.sync();
    });
    return { wb, bytes: await saveXlsx(wb) };
  }

  it("writes tables, formats, links, frozen panes, conditional formats, names, hidden sheets and the date system", async () => {
    const { bytes } = await written();
    const back = await reopen(bytes);
    const rep = back.getWorksheet("OPS Compliance")!;
    const table = rep.getTable("OPS_Findings") as unknown as { table: { tableRef?: string; ref?: string; style?: { theme?: string }; columns: { name: string; filterButton?: boolean }[] } };
    expect(table.table.columns.map((c) => c.name)).toEqual(["Ligne", "Taux", "Manque", "Lien"]);
    expect(table.table.columns.every((c) => c.filterButton !== false)).toBe(true);
    expect(table.table.style?.theme).toBe("TableStyleMedium2");
    expect(rep.getCell("B2").numFmt).toBe("0.0%");
    expect(rep.getCell("C2").numFmt).toBe("#,##0.00 €");
    expect(rep.getCell("B3").value).toMatchObject({ formula: "B2*2", result: 0.2 });
    expect(rep.getCell("A1").font?.bold).toBe(true);
    expect((rep.getCell("A1").fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FF1F4E79");
    expect(rep.getColumn(2).width).toBeCloseTo((90 / 0.75 - 5) / 7, 1);
    expect(rep.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    // ExcelJS reads only links with a relationship: the internal one (a bare location, as Excel writes it) is checked below
    expect(rep.getCell("D2").value).toBe("Data!A12");
    expect(rep.getCell("D3").value).toMatchObject({ text: "doc", hyperlink: "https://example.org/doc" });
    const cfs = (back.getWorksheet("Data")! as unknown as { conditionalFormattings: unknown }).conditionalFormattings as unknown as { ref: string; rules: { type: string; formulae: string[] }[] }[];
    expect(cfs).toHaveLength(1);
    expect(cfs[0].ref).toBe("A2:C21");
    expect(cfs[0].rules[0]).toMatchObject({ type: "expression", formulae: ["$B2<'OPS Policy'!$B$2"] });
    expect(back.getWorksheet("OPS Policy")!.state).toBe("hidden");
    expect((back.properties as { date1904?: boolean }).date1904).toBe(true);
    // the package itself: an internal link is a location without an external relationship; names of any kind
    const zip = await JSZip.loadAsync(bytes);
    const files = Object.keys(zip.files);
    const sheetXml = await Promise.all(files.filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async("string")));
    const links = sheetXml.flatMap((x) => x.match(/<hyperlink\b[^>]*>/g) ?? []);
    const internal = links.find((l) => l.includes("location="))!;
    expect(internal).toContain(`location="Data!A12"`);
    expect(internal).not.toContain("r:id");
    const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
    expect(workbookXml).toContain(`<definedName name="OPS_Floor">0.1</definedName>`);
    expect(workbookXml).toContain(`<definedName name="OPS_Block">Data!$A$1:$C$21</definedName>`);
  });

  it("reads its own file back to the same model", async () => {
    const { wb, bytes } = await written();
    const again = await loadXlsx(bytes);
    expect(again.sheets.map((s) => [s.name, s.visibility])).toEqual(wb.sheets.map((s) => [s.name, s.visibility]));
    expect(again.getValues("OPS Compliance")).toEqual(wb.getValues("OPS Compliance"));
    expect(again.sheetOrThrow("OPS Compliance").extra(1, 3)?.hyperlink).toMatchObject({ documentReference: "Data!A12" });
    expect(again.sheetOrThrow("OPS Compliance").formula(2, 1)).toBe("=B2*2");
    expect(again.sheetOrThrow("Data").conditionalFormats.map((c) => [c.formula, c.fill, c.fontColor])).toEqual([["=$B2<'OPS Policy'!$B$2", "#FFC7CE", "#9C0006"]]);
    expect(again.names.map((n) => [n.name, n.formula])).toEqual([
      ["OPS_Floor", "=0.1"],
      ["OPS_Block", "=Data!$A$1:$C$21"],
    ]);
    expect(again.table("OPS_Findings")?.bounds).toEqual({ r0: 0, c0: 0, r1: 2, c1: 3 });
    expect(again.date1904).toBe(true);
    expect(again.sheetOrThrow("OPS Compliance").freezeRows).toBe(1);
  });
});
