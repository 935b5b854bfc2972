/** The add-in's document settings survive a save and a load of the .xlsx (web extension part), as in Excel. */
import JSZip from "jszip";
import { createSimHost, loadXlsx, saveXlsx, SimWorkbook } from "../../src/sim";
import { ADDIN_ID } from "../../src/sim/xlsx-settings";
import { readFileSync } from "fs";
import { join } from "path";

it("writes the settings into xl/webextensions, with its relationships and content types, and reads them back", async () => {
  const wb = new SimWorkbook();
  wb.addSheet("Feuil1");
  const host = createSimHost(wb);
  await host.run(async (ctx) => {
    ctx.workbook.settings.add("ops.market", { own: "Société <A> & \"B\"" });
    ctx.workbook.settings.add("ops.ownedSheets", JSON.stringify([{ role: "trends", id: "x", name: "OPS Trends" }]));
    await ctx.sync();
  });
  const bytes = await saveXlsx(wb);
  const zip = await JSZip.loadAsync(bytes);
  const we = await zip.file("xl/webextensions/webextension1.xml")!.async("string");
  expect(we).toContain(`<we:reference id="${ADDIN_ID}"`);
  expect(await zip.file("_rels/.rels")!.async("string")).toContain("xl/webextensions/taskpanes.xml");
  expect(await zip.file("[Content_Types].xml")!.async("string")).toContain("application/vnd.ms-office.webextension+xml");
  const back = await loadXlsx(bytes);
  expect([...back.settings]).toEqual([...wb.settings]);
  const host2 = createSimHost(back);
  const own = await host2.run(async (ctx) => {
    const s = ctx.workbook.settings.getItem("ops.market");
    s.load("value");
    await ctx.sync();
    return s.value as { own: string };
  });
  expect(own.own).toBe('Société <A> & "B"');
});

it("a workbook without settings gets no web extension part", async () => {
  const wb = await loadXlsx(readFileSync(join(__dirname, "../fixtures/fr-ventes.xlsx")));
  expect(wb.settings.size).toBe(0);
  const zip = await JSZip.loadAsync(await saveXlsx(wb));
  expect(Object.keys(zip.files).some((f) => f.startsWith("xl/webextensions/"))).toBe(false);
});
