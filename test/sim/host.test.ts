/**
 * The simulated Excel host behaves like the Excel JavaScript API where the adapter depends on it: load/sync, null
 * objects, errors with Excel's codes, payload limits, value semantics of Range.values.
 */
import { createSimHost, SimNotSupportedError, SimWorkbook, type SimHost } from "../../src/sim";

function hostWith(setup?: (wb: SimWorkbook) => void, limits?: Parameters<typeof createSimHost>[1]): SimHost {
  const wb = new SimWorkbook();
  wb.addSheet("Data");
  setup?.(wb);
  return createSimHost(wb, limits);
}

describe("load and sync", () => {
  it("refuses to read a property that was not loaded and synced, with Office's code and message", async () => {
    const host = hostWith((wb) => wb.setValues("Data", "A1", [[1, 2]]));
    await host.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1:B1");
      expect(() => r.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded", name: "RichApi.Error" }));
      r.load("values");
      // loaded but not yet synced
      expect(() => r.values).toThrow(/The property 'values' is not available\. Before reading the property's value, call the load method/);
      await ctx.sync();
      expect(r.values).toEqual([[1, 2]]);
      // address was not loaded
      expect(() => r.address).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  it("accepts the load forms of office.js: string, array, select object, nested object, collection items", async () => {
    const host = hostWith((wb) => {
      wb.setValues("Data", "A1", [["h1", "h2"], [1, 2]]);
      wb.addTable("Data", "A1:B2", "Sales");
    });
    await host.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem("Sales");
      t.load(["name", "worksheet/name"]);
      const r = t.getRange();
      r.load({ select: "address, rowCount" });
      const f = t.getHeaderRowRange();
      f.load({ format: { font: { bold: true } }, values: true });
      const tables = ctx.workbook.tables;
      tables.load("name");
      const sheets = ctx.workbook.worksheets;
      expect(() => sheets.items).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      sheets.load("items/name, items/position");
      await ctx.sync();
      expect(t.name).toBe("Sales");
      expect(t.worksheet.name).toBe("Data");
      expect(r.address).toBe("Data!A1:B2");
      expect(r.rowCount).toBe(2);
      expect(f.values).toEqual([["h1", "h2"]]);
      expect(f.format.font.bold).toBe(false);
      expect(tables.items.map((x) => x.name)).toEqual(["Sales"]);
      expect(sheets.items.map((s) => [s.name, s.position])).toEqual([["Data", 0]]);
    });
  });

  it("applies actions in order: a read sees the writes queued before it, and a local set reads back at once", async () => {
    const host = hostWith();
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      const before = ws.getRange("A1");
      before.load("values");
      const target = ws.getRange("A1");
      target.values = [[42]];
      expect(target.values).toEqual([[42]]);
      const after = ws.getRange("A1");
      after.load("values");
      await ctx.sync();
      expect(before.values).toEqual([[""]]);
      expect(after.values).toEqual([[42]]);
    });
  });

  it("rejects a missing item at sync with ItemNotFound, keeps the actions queued before it, drops the ones after", async () => {
    const host = hostWith();
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      ws.getRange("A1").values = [["kept"]];
      ctx.workbook.worksheets.getItem("Nope");
      ws.getRange("A2").values = [["dropped"]];
      await expect(ctx.sync()).rejects.toMatchObject({ name: "RichApi.Error", code: "ItemNotFound", message: "The requested resource doesn't exist." });
    });
    expect(host.workbook.getValues("Data", "A1:A2")).toEqual([["kept"], [""]]);
  });

  it("gives null objects for *OrNullObject, readable after the sync without a load", async () => {
    const host = hostWith((wb) => wb.settings.set("k", JSON.stringify({ a: 1 })));
    await host.run(async (ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject("Nope");
      const present = ctx.workbook.worksheets.getItemOrNullObject("data");
      const setting = ctx.workbook.settings.getItemOrNullObject("k");
      setting.load("value");
      const noSetting = ctx.workbook.settings.getItemOrNullObject("other");
      expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
      expect(setting.value).toEqual({ a: 1 });
      expect(noSetting.isNullObject).toBe(true);
      // a call on a null object fails
      missing.delete();
      await expect(ctx.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
    });
  });

  it("refuses a sheet name that exists (any case), with ItemAlreadyExists", async () => {
    const host = hostWith();
    await host.run(async (ctx) => {
      ctx.workbook.worksheets.add("DATA");
      await expect(ctx.sync()).rejects.toMatchObject({ code: "ItemAlreadyExists" });
      const s = ctx.workbook.worksheets.add("OPS Report");
      s.load("name, id");
      await ctx.sync();
      expect(s.name).toBe("OPS Report");
      expect(s.id).toMatch(/^\{.+\}$/);
    });
    expect(host.workbook.sheets.map((s) => s.name)).toEqual(["Data", "OPS Report"]);
  });

  it("refuses writes to a protected sheet with AccessDenied and leaves the cells as they were", async () => {
    const host = hostWith((wb) => {
      wb.setValues("Data", "A1", [["keep"]]);
      wb.sheetOrThrow("Data").protected = true;
    });
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      ws.protection.load("protected");
      await ctx.sync();
      expect(ws.protection.protected).toBe(true);
      ws.getRange("A1").values = [["changed"]];
      await expect(ctx.sync()).rejects.toMatchObject({ code: "AccessDenied" });
      ws.getRange("B1").format.fill.color = "#FF0000";
      await expect(ctx.sync()).rejects.toMatchObject({ code: "AccessDenied" });
      ws.protection.protect();
      await expect(ctx.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
    });
    expect(host.workbook.getValues("Data", "A1")).toEqual([["keep"]]);
    expect(host.workbook.sheetOrThrow("Data").extra(0, 1)).toBeUndefined();
  });

  it("syncs what is still queued when the batch ends, and refuses objects of a finished run", async () => {
    const host = hostWith();
    let kept: Excel.Range | undefined;
    await host.run(async (ctx) => {
      kept = ctx.workbook.worksheets.getItem("Data").getRange("C3");
      kept.values = [["late"]];
    });
    expect(host.workbook.getValues("Data", "C3")).toEqual([["late"]]);
    expect(() => kept!.load("values")).toThrow(expect.objectContaining({ code: "InvalidRequestContext" }));
  });

  it("throws plainly for what it does not simulate", async () => {
    const host = hostWith();
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data") as unknown as Record<string, unknown>;
      expect(() => ws.shapes).toThrow(SimNotSupportedError);
      expect(() => ws.shapes).toThrow("not supported by the simulated host: Worksheet.shapes");
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1");
      expect(() => r.load("nonsense")).toThrow(SimNotSupportedError);
      expect(() => r.conditionalFormats.add("DataBar")).not.toThrow();
      await expect(ctx.sync()).rejects.toThrow(SimNotSupportedError);
    });
  });

  it("counts one request per sync that sends something, and measures it", async () => {
    const host = hostWith();
    await host.run(async (ctx) => {
      await ctx.sync(); // nothing queued: no request
      const big = Array.from({ length: 1000 }, (_, i) => [i, `row ${i}`]);
      ctx.workbook.worksheets.getItem("Data").getRange("A1:B1000").values = big;
      await ctx.sync();
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1:B1000");
      r.load("values");
      await ctx.sync();
    });
    expect(host.stats.syncs).toBe(2);
    const valuesJson = JSON.stringify(Array.from({ length: 1000 }, (_, i) => [i, `row ${i}`])).length;
    expect(host.stats.requests[0].requestBytes).toBeGreaterThan(valuesJson);
    expect(host.stats.requests[1].responseBytes).toBeGreaterThan(valuesJson);
    expect(host.stats.requests[1].requestBytes).toBeLessThan(2000);
    expect(host.stats.maxRequestBytes).toBe(host.stats.requests[0].requestBytes);
    host.stats.reset();
    expect(host.stats.syncs).toBe(0);
  });
});

describe("payload limits like Excel on the web", () => {
  it("rejects a request over the limit and applies none of it", async () => {
    const host = hostWith(undefined, { limits: { requestBytes: 20_000 } });
    await host.run(async (ctx) => {
      const rows = Array.from({ length: 2000 }, (_, i) => [`text ${i}`]);
      ctx.workbook.worksheets.getItem("Data").getRange("A1").values = [["first"]];
      ctx.workbook.worksheets.getItem("Data").getRange("B1:B2000").values = rows;
      await expect(ctx.sync()).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    });
    expect(host.workbook.getValues("Data", "A1:B1")).toEqual([["", ""]]);
  });

  it("rejects a response over the limit", async () => {
    const host = hostWith((wb) => wb.sheetOrThrow("Data").setColumn(0, Array.from({ length: 5000 }, (_, i) => i * 1.5)), { limits: { responseBytes: 30_000 } });
    await host.run(async (ctx) => {
      const small = ctx.workbook.worksheets.getItem("Data").getRange("A1:A100");
      small.load("values");
      await ctx.sync();
      expect(small.values).toHaveLength(100);
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1:A5000");
      r.load("values, valueTypes");
      await expect(ctx.sync()).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
      expect(() => r.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  it("refuses to read more than the per-read cell limit from one range", async () => {
    const host = hostWith(undefined, { limits: { cellsPerRead: 1000 } });
    await host.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1:B501");
      r.load("values");
      await expect(ctx.sync()).rejects.toMatchObject({ code: "RangeExceedsLimit" });
      const ok = ctx.workbook.worksheets.getItem("Data").getRange("A1:B500");
      ok.load("values, address");
      await ctx.sync();
      expect(ok.values).toHaveLength(500);
      // the default limit is Excel's 5,000,000 cells: a whole column of 1,048,576 cells is fine, 5 columns are not
      expect(createSimHost().limits.cellsPerRead).toBe(5_000_000);
    });
  });

  it("lets a test force a payload error on a given sync", async () => {
    const host = hostWith();
    const stop = host.intercept(({ index }) => {
      if (index === 0) throw Object.assign(new Error("There was an internal error while processing the request."), { code: "GeneralException" });
    });
    await host.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1");
      r.load("values");
      await expect(ctx.sync()).rejects.toMatchObject({ code: "GeneralException" });
      r.load("values");
      await ctx.sync();
      expect(r.values).toEqual([[""]]);
    });
    stop();
  });
});

describe("values written like Excel", () => {
  async function writeAndRead(inputs: unknown[][], format?: string) {
    const host = hostWith();
    return host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      const r = ws.getRangeByIndexes(0, 0, inputs.length, inputs[0].length);
      if (format) r.numberFormat = inputs.map((row) => row.map(() => format));
      r.values = inputs as unknown[][] as (string | number | boolean)[][];
      const read = ws.getRangeByIndexes(0, 0, inputs.length, inputs[0].length);
      read.load("values, valueTypes, formulas, numberFormat, text");
      await ctx.sync();
      return { values: read.values, types: read.valueTypes, formulas: read.formulas, formats: read.numberFormat, text: read.text };
    });
  }

  it("turns '=' text into a formula, and keeps text typed with a leading apostrophe", async () => {
    const r = await writeAndRead([[2, "=A1*3", "'=A1*3", "=UNKNOWNFN(A1)"]]);
    expect(r.formulas[0]).toEqual([2, "=A1*3", "=A1*3", "=UNKNOWNFN(A1)"]);
    expect(r.values[0]).toEqual([2, 6, "=A1*3", ""]);
    expect(r.types[0]).toEqual(["Double", "Double", "String", "String"]);
  });

  it("computes the formulas OPS writes and common lookups when written (INDEX, MATCH, IF, ROUND, names)", async () => {
    const host = hostWith();
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      ws.getRange("A10:C12").values = [
        ["Nord", 10, 0.25],
        ["Sud", 20, 0.3],
        ["Est", 30, 0.35],
      ];
      ctx.workbook.names.add("Taux", ws.getRange("C10:C12"));
      ws.getRange("E1:L1").formulas = [
        [
          "=INDEX(B10:B12,2)",
          "=INDEX(A10:C12,3,3)",
          '=MATCH("sud",A10:A12,0)',
          "=MATCH(25,B10:B12)",
          '=INDEX(Taux,MATCH("Est",A10:A12,0))*100',
          '=IF(ISNUMBER(INDEX(Taux,9)),1,2)',
          '=IFERROR(MATCH("Ouest",A10:A12,0),"absent")',
          "=ROUND(INDEX(B10:B12,1)/3,2)",
        ],
      ];
      const r = ws.getRange("E1:L1");
      r.load("values");
      await ctx.sync();
      expect(r.values[0]).toEqual([20, 0.35, 2, 2, 35, 2, "absent", 3.33]);
    });
  });

  it("turns en-US numeric text, percents, booleans and +/-/@ text into what Excel makes of them", async () => {
    const r = await writeAndRead([["1,234.5", "-3", "12%", "TRUE", "+A1", "-abc", "@x", "1 234,5", "#N/A"]]);
    expect(r.values[0].slice(0, 4)).toEqual([1234.5, -3, 0.12, true]);
    expect(r.formulas[0].slice(4, 7)).toEqual(["=+A1", "=-abc", "=x"]);
    expect(r.values[0][4]).toBe(1234.5);
    expect(r.values[0][5]).toBe("#NAME?");
    expect(r.types[0][5]).toBe("Error");
    // French-formatted text is not a number for en-US parsing
    expect(r.values[0][7]).toBe("1 234,5");
    expect(r.types[0][7]).toBe("String");
    expect(r.types[0][8]).toBe("Error");
    expect(r.formats[0][2]).toBe("0%");
  });

  it("keeps text as text in a cell formatted '@', leaves cells on null and empties them on ''", async () => {
    const host = hostWith((wb) => wb.setValues("Data", "A1", [["a", "b", "c"]]));
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      ws.getRange("D1").numberFormat = [["@"]];
      ws.getRange("A1:D1").values = [[null, "", "=1+1", "=1+1"]] as unknown as string[][];
      const r = ws.getRange("A1:D1");
      r.load("values, valueTypes");
      await ctx.sync();
      expect(r.values).toEqual([["a", "", 2, "=1+1"]]);
      expect(r.valueTypes).toEqual([["String", "Empty", "Double", "String"]]);
    });
  });

  it("refuses an array of the wrong shape", async () => {
    const host = hostWith();
    await host.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Data").getRange("A1:B2").values = [[1, 2]];
      await expect(ctx.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
  });

  it("renders text through number formats", async () => {
    const r = await writeAndRead([[0.1234, 1234567.891, 45292, -5]], undefined);
    expect(r.text[0]).toEqual(["0.1234", "1234567.891", "45292", "-5"]);
    const host = hostWith();
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      const cells = ws.getRange("A1:E1");
      cells.values = [[0.1234, 1234567.891, 45292, -5, 0.5]];
      cells.numberFormat = [["0.0%", "#,##0.00", "dd/mm/yyyy", "#,##0;(#,##0)", "h:mm"]];
      cells.load("text");
      await ctx.sync();
      expect(cells.text).toEqual([["12.3%", "1,234,567.89", "01/01/2024", "(5)", "12:00"]]);
      const money = ws.getRange("A2:C2");
      money.values = [[1234.5, -2, "Nord"]];
      money.numberFormat = [['#,##0.00 "€"', "[$€-40C] #,##0;-[$€-40C] #,##0", '_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_);_(@_)']];
      money.load("text");
      await ctx.sync();
      expect(money.text).toEqual([["1,234.50 €", "-€ 2", " Nord "]]);
    });
  });
});

describe("used range", () => {
  it("is the bounding box of values, with or without format-only cells", async () => {
    const host = hostWith((wb) => {
      wb.setValues("Data", "C3", [[1, null], [null, "x"]]);
      wb.sheetOrThrow("Data").extraFor(9, 0).style = { bold: true };
    });
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      const values = ws.getUsedRange(true);
      const all = ws.getUsedRange();
      values.load("address");
      all.load("address");
      const empty = ctx.workbook.worksheets.add("Empty").getUsedRangeOrNullObject(true);
      await ctx.sync();
      expect(values.address).toBe("Data!C3:D4");
      expect(all.address).toBe("Data!A3:D10");
      expect(empty.isNullObject).toBe(true);
    });
  });
});

describe("tables, names, settings, conditional formats, links, panes", () => {
  it("adds a table with Excel's header rules and refuses overlaps and name collisions", async () => {
    const host = hostWith((wb) => wb.setValues("Data", "A1", [["Region", "", 2024], ["North", 1, 2]]));
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      const t = ws.tables.add("A1:C2", true);
      t.name = "Ventes";
      t.load("name, style, showFilterButton");
      const header = t.getHeaderRowRange();
      header.load("values");
      const body = t.getDataBodyRange();
      body.load("address");
      const count = t.rows.getCount();
      await ctx.sync();
      expect(header.values).toEqual([["Region", "Column2", "2024"]]);
      expect(body.address).toBe("Data!A2:C2");
      expect(count.value).toBe(1);
      expect(t.name).toBe("Ventes");
      ws.tables.add("B2:D3", true);
      await expect(ctx.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
      ctx.workbook.names.add("ventes", "=Data!$A$1");
      await expect(ctx.sync()).rejects.toMatchObject({ code: "ItemAlreadyExists" });
    });
  });

  it("keeps names, settings and the 1904 flag", async () => {
    const host = hostWith();
    await host.run(async (ctx) => {
      ctx.workbook.names.add("Floor", "=0.1");
      ctx.workbook.names.add("Block", ctx.workbook.worksheets.getItem("Data").getRange("A1:B4"));
      ctx.workbook.settings.add("ops.roles.table:x", { Sales: "revenue" });
      const names = ctx.workbook.names;
      names.load("items/name, items/type, items/value");
      const wbk = ctx.workbook;
      wbk.load("use1904DateSystem");
      await ctx.sync();
      expect(names.items.map((n) => [n.name, n.type, n.value])).toEqual([
        ["Floor", "Double", 0.1],
        ["Block", "Range", "Data!$A$1:$B$4"],
      ]);
      // ExcelApi 1.16, not yet in @types/office-js 1.0.612
      expect((wbk as unknown as { use1904DateSystem: boolean }).use1904DateSystem).toBe(false);
      const s = ctx.workbook.settings.getItem("ops.roles.table:x");
      s.load("value");
      await ctx.sync();
      expect(s.value).toEqual({ Sales: "revenue" });
    });
  });

  it("adds, lists, clears and deletes custom conditional formats", async () => {
    const host = hostWith((wb) => wb.setValues("Data", "A1", [["a"], [1], [2]]));
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Data");
      const cf = ws.getRange("A2:C100").conditionalFormats.add("Custom");
      cf.custom.rule.formula = "=$A2<0.1";
      cf.custom.format.fill.color = "#FFC7CE";
      cf.custom.format.font.bold = true;
      cf.load("id, type");
      await ctx.sync();
      const list = ws.getRange("B50").conditionalFormats;
      list.load("items/id, items/type");
      await ctx.sync();
      expect(list.items.map((x) => x.id)).toEqual([cf.id]);
      expect(cf.type).toBe("Custom");
      const model = host.workbook.sheetOrThrow("Data").conditionalFormats[0];
      expect([model.formula, model.fill, model.bold]).toEqual(["=$A2<0.1", "#FFC7CE", true]);
      ws.getRange("A2:C50").conditionalFormats.clearAll();
      await ctx.sync();
      expect(model.ranges).toEqual([{ r0: 50, c0: 0, r1: 99, c1: 2 }]);
      ws.getRange("A2:C100").conditionalFormats.getItem(cf.id).delete();
      await ctx.sync();
      expect(host.workbook.sheetOrThrow("Data").conditionalFormats).toHaveLength(0);
    });
  }, 20000);

  it("writes hyperlinks, freezes panes, selects and activates", async () => {
    const host = hostWith((wb) => wb.addSheet("Report"));
    await host.run(async (ctx) => {
      const rep = ctx.workbook.worksheets.getItem("Report");
      rep.getRange("A1").hyperlink = { documentReference: "'Data'!A12", textToDisplay: "Data row 12", screenTip: "go" };
      rep.freezePanes.freezeRows(3);
      rep.activate();
      ctx.workbook.worksheets.getItem("Data").getRange("A12:F12").select();
      const link = rep.getRange("A1");
      link.load("values, hyperlink");
      const sel = ctx.workbook.getSelectedRange();
      sel.load("address");
      await ctx.sync();
      expect(link.values).toEqual([["Data row 12"]]);
      expect(link.hyperlink).toMatchObject({ documentReference: "'Data'!A12", screenTip: "go" });
      expect(sel.address).toBe("Data!A12:F12");
    });
    expect(host.workbook.sheetOrThrow("Report").freezeRows).toBe(3);
  });

  it("installs Excel and Office globals for the preview", async () => {
    const host = hostWith((wb) => wb.setValues("Data", "A1", [[7]]), { displayLanguage: "fr-FR" });
    const g: Record<string, any> = {};
    host.installGlobals(g);
    expect(g.Office.context.displayLanguage).toBe("fr-FR");
    expect(g.Office.context.requirements.isSetSupported("ExcelApi", "1.12")).toBe(true);
    // Versions compare part by part, as Office does: 1.9 is below the default 1.17, 1.18 above it.
    expect(g.Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(true);
    expect(g.Office.context.requirements.isSetSupported("ExcelApi", "1.18")).toBe(false);
    expect(g.Excel.ConditionalFormatType.custom).toBe("Custom");
    expect(new g.OfficeExtension.Error("ItemNotFound")).toMatchObject({ code: "ItemNotFound", name: "RichApi.Error" });
    const v = await g.Excel.run(async (ctx: Excel.RequestContext) => {
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1");
      r.load("values");
      await ctx.sync();
      return r.values[0][0];
    });
    expect(v).toBe(7);
    await expect(g.Office.onReady()).resolves.toMatchObject({ host: "Excel" });
  });
});
