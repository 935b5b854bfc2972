/**
 * The reading adapter (src/excel/read.ts) on the simulated host: sources listed, a source read fully in blocks,
 * overrides remembered in the workbook, Excel errors turned into WorkbookErrors, payload errors retried smaller.
 */
import ExcelJS from "exceljs";
import { readFileSync } from "fs";
import { listSources, loadRoleOverrides, parseSourceId, readSource, saveRoleOverrides } from "../../src/excel/read";
import { WorkbookError } from "../../src/core/workbook-port";
import { createSimHost, loadXlsx, SimName, SimRichApiError, SimWorkbook } from "../../src/sim";
import { describeWithShared } from "../support/fixtures";

jest.setTimeout(60000);

function salesWorkbook(rows = 50): SimWorkbook {
  const wb = new SimWorkbook();
  wb.addSheet("Ventes");
  const data: unknown[][] = [["Produit", "Segment", "CA HT", "Coût", "Date"]];
  for (let i = 0; i < rows; i++) data.push([`P${i % 7}`, i % 2 ? "PME" : "Grands comptes", 1000 + i, 600 + i / 2, 45292 + i]);
  wb.setValues("Ventes", "A1", data);
  wb.addTable("Ventes", `A1:E${rows + 1}`, "TVentes");
  // a second block on another sheet, header on row 6 under a title
  wb.addSheet("Marché");
  wb.setValues("Marché", "A1", [["Parts de marché 2024"]]);
  const m: unknown[][] = [["Concurrent", "Ventes", "Part"]];
  for (let i = 0; i < 30; i++) m.push([`C${i}`, 100 + i, (100 + i) / 5000]);
  wb.setValues("Marché", "A6", m);
  return wb;
}

describe("listSources", () => {
  it("lists Excel tables first, then the blocks of the sheets, in two syncs plus the samples", async () => {
    const host = createSimHost(salesWorkbook());
    const sources = await listSources(host.run);
    expect(sources.map((s) => [s.id, s.kind, s.rowCount, s.columnCount])).toEqual([
      ["table:TVentes", "table", 50, 5],
      ["sheet:Marché!A6:C36", "range", 30, 3],
    ]);
    expect(host.stats.syncs).toBe(3);
  });

  it("leaves out the sheets OPS owns and does not list a table's cells twice", async () => {
    const wb = salesWorkbook();
    const ops = wb.addSheet("OPS Compliance");
    wb.setValues("OPS Compliance", "A1", [["Ligne", "Taux"], [2, 0.1], [3, 0.2], [4, 0.3]]);
    wb.settings.set("ops.ownedSheets", JSON.stringify([{ role: "report", id: ops.id, name: ops.name }]));
    // notes next to the table on the same sheet
    wb.setValues("Ventes", "H1", [["Note"], ["voir onglet Marché"]]);
    const host = createSimHost(wb);
    const sources = await listSources(host.run);
    expect(sources.map((s) => s.sheet)).not.toContain("OPS Compliance");
    expect(sources.filter((s) => s.sheet === "Ventes").map((s) => s.id)).toEqual(["table:TVentes"]);
  });
  it("recognises OPS's sheets by their marker after a reopen, when the recorded ids no longer match", async () => {
    const wb = salesWorkbook();
    const ops = wb.addSheet("OPS Compliance");
    wb.setValues("OPS Compliance", "A1", [["Ligne", "Taux"], [2, 0.1], [3, 0.2], [4, 0.3]]);
    wb.names.push(new SimName("OPS_Sheet_report", '="OPS:report"', ops));
    wb.settings.set("ops.ownedSheets", JSON.stringify([{ role: "report", id: "{an-id-from-another-session}", name: "OPS Compliance" }]));
    const sources = await listSources(createSimHost(wb).run);
    expect(sources.map((s) => s.sheet)).not.toContain("OPS Compliance");
    // the same sheet without the marker and without a matching id is the user's, and is listed
    wb.names = wb.names.filter((n) => n.scope !== ops);
    const again = await listSources(createSimHost(wb).run);
    expect(again.map((s) => s.sheet)).toContain("OPS Compliance");
  });
});

describe("readSource", () => {
  it("reads a table fully with roles, in one sync when the table fits in the sample", async () => {
    const host = createSimHost(salesWorkbook(150));
    const ds = await readSource(host.run, "table:TVentes");
    expect(host.stats.syncs).toBe(1);
    expect(ds.rowNumbers.length).toBe(150);
    expect(ds.rowNumbers[0]).toBe(2);
    expect(ds.columns[ds.roles.revenue!].header).toBe("CA HT");
    expect(ds.columns[ds.roles.cost!].header).toBe("Coût");
    const rev = ds.columns[ds.roles.revenue!].numbers!;
    let sum = 0;
    for (let i = 0; i < rev.length; i++) sum += rev[i];
    expect(sum).toBe(150 * 1000 + (149 * 150) / 2);
  });

  it("reads the rows past the sample in blocks, each response under the limit, with few syncs", async () => {
    // 40,000 rows: ~1.6 MB of values (readSource loads no valueTypes)
    const host = createSimHost(salesWorkbook(40000));
    const ds = await readSource(host.run, "table:TVentes", { targetBytes: 200_000 });
    expect(ds.rowNumbers.length).toBe(40000);
    expect(ds.rowNumbers[39999]).toBe(40001);
    const total = host.stats.requests.reduce((s, r) => s + r.requestBytes + r.responseBytes, 0);
    expect(host.stats.maxResponseBytes).toBeLessThanOrEqual(5_000_000);
    // blocks of ~200 kB: the number of syncs follows the payload
    expect(host.stats.syncs).toBeLessThanOrEqual(Math.ceil(total / 200_000) + 2);
    expect(host.stats.syncs).toBeGreaterThan(5);
  });

  it("retries a block smaller when Excel refuses it for its size, and still reads every row", async () => {
    const host = createSimHost(salesWorkbook(5000));
    let refused = 0;
    host.intercept(({ index, requestBytes }) => {
      // the second request is the first block after the sample: refuse it once, as Excel on the web would
      if (index === 1 && refused === 0) {
        refused++;
        throw new SimRichApiError("ResponsePayloadSizeLimitExceeded");
      }
      expect(requestBytes).toBeGreaterThan(0);
    });
    const ds = await readSource(host.run, "table:TVentes", { targetBytes: 120_000 });
    expect(refused).toBe(1);
    expect(ds.rowNumbers.length).toBe(5000);
    expect(Array.from(ds.rowNumbers.slice(195, 205))).toEqual([197, 198, 199, 200, 201, 202, 203, 204, 205, 206]);
  });

  it("adapts to a host whose real limit is lower than expected (halving, then growing back on what it measures)", async () => {
    const wb = salesWorkbook(30000);
    const host = createSimHost(wb, { limits: { responseBytes: 400_000 } });
    const ds = await readSource(host.run, "table:TVentes");
    expect(ds.rowNumbers.length).toBe(30000);
    expect(host.stats.maxResponseBytes).toBeGreaterThan(400_000); // the refused ones
    const ok = host.stats.requests.filter((r) => r.responseBytes <= 400_000);
    expect(ok.length).toBeGreaterThan(5);
    // refusals stay few: each one makes the following blocks smaller
    expect(host.stats.requests.length - ok.length).toBeLessThanOrEqual(4);
  });

  it("treats a general error on a large block as a payload error, but not on a small one", async () => {
    // 40,000 rows: a first block of values past the 1 MB "large" threshold
    const host = createSimHost(salesWorkbook(40000));
    let thrown = 0;
    host.intercept(({ index }) => {
      if (index === 1 && thrown++ === 0) throw new SimRichApiError("GeneralException");
    });
    const ds = await readSource(host.run, "table:TVentes", { targetBytes: 2_000_000 });
    expect(ds.rowNumbers.length).toBe(40000);
    expect(thrown).toBe(1);
    const small = createSimHost(salesWorkbook(300));
    small.intercept(({ index }) => {
      if (index === 1) throw new SimRichApiError("GeneralException");
    });
    await expect(readSource(small.run, "table:TVentes")).rejects.toBeInstanceOf(WorkbookError);
  });

  it("reads a table that ends on the sheet's last row (the sample cannot reach past it)", async () => {
    const wb = new SimWorkbook();
    wb.addSheet("Bas");
    const top = 1048576 - 40;
    const rows: unknown[][] = [["Client", "Ventes", "Coût"]];
    for (let i = 0; i < 40; i++) rows.push([`C${i}`, 200 + i, 150]);
    wb.setValues("Bas", `A${top}`, rows);
    wb.addTable("Bas", `A${top}:C1048576`, "TBas");
    const host = createSimHost(wb);
    const ds = await readSource(host.run, "table:TBas");
    expect(ds.rowNumbers.length).toBe(40);
    expect(ds.rowNumbers[39]).toBe(1048576);
    expect(host.stats.syncs).toBeLessThanOrEqual(3);
  });

  it("reads a block found in a sheet, with its header on row 6 under a title", async () => {
    const host = createSimHost(salesWorkbook());
    const ds = await readSource(host.run, "sheet:Marché!A6:C36");
    expect(ds.headerRows).toEqual([6]);
    expect(ds.columns.map((c) => c.header)).toEqual(["Concurrent", "Ventes", "Part"]);
    expect(ds.rowNumbers.length).toBe(30);
    expect(ds.id).toBe("sheet:Marché!A6:C36");
  });

  it("turns Excel's errors into WorkbookErrors with a message code", async () => {
    const host = createSimHost(salesWorkbook());
    await expect(readSource(host.run, "table:Missing")).rejects.toMatchObject({ ops: { code: "excel.notFound" } });
    await expect(readSource(host.run, "nonsense")).rejects.toMatchObject({ ops: { code: "excel.sourceNotFound" } });
    const controller = new AbortController();
    controller.abort();
    await expect(readSource(host.run, "table:TVentes", { signal: controller.signal })).rejects.toMatchObject({ ops: { code: "excel.cancelled" } });
  });

  it("stops between blocks when cancelled", async () => {
    const host = createSimHost(salesWorkbook(10000));
    const controller = new AbortController();
    const p = readSource(host.run, "table:TVentes", {
      targetBytes: 50_000,
      signal: controller.signal,
      onProgress: (done) => {
        if (done > 1000) controller.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ ops: { code: "excel.cancelled" } });
    expect(host.stats.syncs).toBeLessThan(10);
  });

  it("gives the reader's 'no table' message for a sheet without a recognisable table", async () => {
    const wb = salesWorkbook();
    wb.addSheet("Notes");
    wb.setValues("Notes", "B2", [["Réunion du 3 mars"], ["Penser à relancer le fournisseur"]]);
    wb.addSheet("Vide");
    const host = createSimHost(wb);
    const notes = await readSource(host.run, "sheet:Notes");
    expect(notes.columns).toHaveLength(0);
    expect(notes.messages.map((m) => m.code)).toContain("read.noTable");
    const empty = await readSource(host.run, "sheet:Vide");
    expect(empty.messages.map((m) => m.code)).toContain("read.noTable");
  });
});

describe("role overrides", () => {
  it("are remembered in the workbook settings and applied by the next read", async () => {
    const host = createSimHost(salesWorkbook());
    await saveRoleOverrides(host.run, "table:TVentes", { "Coût": null, Segment: "channel" });
    expect(JSON.parse(host.workbook.settings.get("ops.roles.table:TVentes")!)).toEqual({ "Coût": null, Segment: "channel" });
    expect(await loadRoleOverrides(host.run, "table:TVentes")).toEqual({ "Coût": null, Segment: "channel" });
    const ds = await readSource(host.run, "table:TVentes");
    expect(ds.roles.cost).toBeUndefined();
    expect(ds.columns[ds.roles.channel!].header).toBe("Segment");
    expect(ds.columns[ds.roles.channel!].confidence).toBe(1);
    // options win over what is saved
    const again = await readSource(host.run, "table:TVentes", { overrides: { "Coût": "cost" } });
    expect(again.columns[again.roles.cost!].header).toBe("Coût");
    await saveRoleOverrides(host.run, "table:TVentes", {});
    expect(host.workbook.settings.has("ops.roles.table:TVentes")).toBe(false);
  });

  it("reports overrides that cannot be read instead of failing", async () => {
    const wb = salesWorkbook();
    wb.settings.set("ops.roles.table:TVentes", JSON.stringify("{not json"));
    const host = createSimHost(wb);
    const ds = await readSource(host.run, "table:TVentes");
    expect(ds.messages.map((m) => m.code)).toContain("excelRead.overridesUnreadable");
    expect(ds.rowNumbers.length).toBe(50);
  });
});

describe("source ids", () => {
  it("parse tables, sheet blocks and whole sheets (sheet names with '!' included)", () => {
    expect(parseSourceId("table:Ventes 2024")).toEqual({ kind: "table", name: "Ventes 2024" });
    expect(parseSourceId("sheet:Q1!Data!B4:F20")).toEqual({ kind: "sheet", sheet: "Q1!Data", bounds: { top: 4, left: 2, bottom: 20, right: 6 } });
    expect(parseSourceId("sheet:Feuil1")).toEqual({ kind: "sheet", sheet: "Feuil1" });
    expect(parseSourceId("range:x")).toBeUndefined();
  });
});

describeWithShared("microsoft-financial-sample.xlsx", "reading the financial sample through the adapter", (path) => {
  let wb: SimWorkbook;
  beforeAll(async () => {
    wb = await loadXlsx(readFileSync(path));
  });

  it("finds the table financials first and marks the pivot sheets as summaries", async () => {
    const host = createSimHost(wb);
    const sources = await listSources(host.run);
    expect(sources[0]).toMatchObject({ id: "table:financials", kind: "table", rowCount: 700, columnCount: 16 });
    const pivotSheets = ["Sales by Country and Product", "Suggestion1", "Suggestion2", "Suggestion3", "Suggestion4", "Suggestion5", "Suggestion6"];
    for (const sheet of pivotSheets) {
      const s = sources.filter((x) => x.sheet === sheet);
      expect(s.length).toBeGreaterThan(0);
      expect(s.every((x) => x.kind === "pivot")).toBe(true);
    }
    expect(host.stats.syncs).toBeLessThanOrEqual(3);
  });

  it("reads the 700 rows with their roles, and the sums equal the file's own cells", async () => {
    const host = createSimHost(wb);
    const ds = await readSource(host.run, "table:financials");
    expect(ds.rowNumbers.length).toBe(700);
    const header = (role: keyof typeof ds.roles) => ds.columns[ds.roles[role]!].header;
    expect([header("revenue"), header("cost"), header("margin"), header("date")]).toEqual([" Sales", "COGS", "Profit", "Date"]);
    // independent: the raw cells through ExcelJS
    const raw = new ExcelJS.Workbook();
    await raw.xlsx.readFile(path);
    const ws = raw.getWorksheet("Sheet1")!;
    let sales = 0;
    let cogs = 0;
    for (let r = 2; r <= 701; r++) {
      sales += Number(ws.getCell(r, 10).value);
      cogs += Number(ws.getCell(r, 11).value);
    }
    const sum = (a: Float64Array) => a.reduce((s, x) => s + x, 0);
    expect(sum(ds.columns[ds.roles.revenue!].numbers!)).toBeCloseTo(sales, 6);
    expect(sum(ds.columns[ds.roles.cost!].numbers!)).toBeCloseTo(cogs, 6);
    expect(host.stats.syncs).toBe(2);
  });
});

describeWithShared("census-monthly-retail-sales.xlsx", "reading the census workbook through the adapter", (path) => {
  it("lists one block per year sheet and reads 2021 with its two-row header and rows left out", async () => {
    const host = createSimHost(await loadXlsx(readFileSync(path)));
    const sources = await listSources(host.run);
    const years = new Set(sources.filter((s) => s.kind === "range").map((s) => s.sheet));
    for (let y = 1992; y <= 2021; y++) expect(years.has(String(y))).toBe(true);
    const s2021 = sources.find((s) => s.sheet === "2021")!;
    const ds = await readSource(host.run, s2021.id);
    expect(ds.headerRows).toEqual([4, 5]);
    expect(ds.excluded.length).toBeGreaterThan(0);
    expect(ds.messages.map((m) => m.code)).toContain("read.suppressed");
    expect(ds.columns.some((c) => /Jan\.? 2021/.test(c.header))).toBe(true);
  });
});
