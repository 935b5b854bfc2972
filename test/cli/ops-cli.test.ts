/**
 * The command line (scripts/ops-cli.ts) called through main(argv): on Microsoft's Financial Sample the compliance
 * figures written equal those the pane's engine computes on the same workbook; bad inputs exit 1 with a message
 * naming the file, never a stack trace; usage exits 2; OUT is never IN.
 */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultPolicy } from "../../src/core/compliance";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { createSimHost, loadXlsx } from "../../src/sim";
import { coreEngine } from "../../src/taskpane/engine";
import { pickDefaultSource } from "../../src/taskpane/usePane";
import { SHEET_WRITERS, main } from "../../scripts/ops-cli";
import { describeWithShared } from "../support/fixtures";

jest.setTimeout(120_000);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const dir = mkdtempSync(join(tmpdir(), "ops-cli-"));

describeWithShared("microsoft-financial-sample.xlsx", "ops enrich on Microsoft's Financial Sample", (fixture) => {
  it("writes the compliance figures the pane's engine computes, and never touches IN", async () => {
    const inBytes = readFileSync(fixture);
    const outFile = join(dir, "financial-out.xlsx");
    const c = capture();
    const code = await main(["enrich", fixture, "-o", outFile, "--lang", "en", "--json"], c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    expect(readFileSync(fixture).equals(inBytes)).toBe(true);
    const figures = JSON.parse(c.out.join("\n"));

    // the pane's path on the same workbook
    const host = createSimHost(await loadXlsx(inBytes));
    const port = new ExcelWorkbook(host.run, { lang: "en" });
    const id = pickDefaultSource(await port.listSources(), null)!;
    const data = await port.readSource(id);
    const expected = (await coreEngine.checkCompliance(data, defaultPolicy())).summary;
    expect(figures).toMatchObject({ rows: expected.rowsChecked, breaches: expected.breaches, warnings: expected.warnings, basis: expected.basis });
    expect(figures.revenue).toBeCloseTo(expected.revenueChecked, 6);
    expect(figures.rate).toBeCloseTo(expected.overallRate, 12);
    expect(figures.shortfall).toBeCloseTo(expected.totalShortfall, 6);
    expect(figures.sheetsWritten).toEqual(["OPS Compliance"]);

    // ...and the written sheet carries them
    const out = await loadXlsx(readFileSync(outFile));
    const report = out.sheets.find((s) => s.name === "OPS Compliance")!;
    expect(report).toBeDefined();
    const numbers = report.readValues(report.usedBounds(true)!).flat().filter((v): v is number => typeof v === "number");
    const has = (x: number) => numbers.some((v) => Math.abs(v - x) <= 1e-6 * Math.max(1, Math.abs(x)));
    for (const x of [expected.rowsChecked, expected.breaches, expected.revenueChecked, expected.overallRate, expected.totalShortfall]) expect([x, has(x)]).toEqual([x, true]);
    // the source sheets are still there
    expect(out.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(host.workbook.sheets.map((s) => s.name)));
  });

  it("prints a one-line summary naming the basis", async () => {
    const c = capture();
    expect(await main(["enrich", fixture, "-o", join(dir, "fr.xlsx"), "--freeze"], c.io)).toBe(0);
    expect(c.out[0]).toMatch(/taux de marque/);
    expect(c.out[0]).toMatch(/formules OPS figées/);
  });
});

describe("ops enrich: bad input -> exit 1, usage -> exit 2", () => {
  const noStack = (lines: string[]) => expect(lines.join("\n")).not.toMatch(/\n\s+at |Error:/);

  it.each([
    ["missing file", () => join(dir, "nope.xlsx"), /File not found: .*nope\.xlsx/],
    ["text file", () => writeTo("notes.xlsx", Buffer.from("Product;Revenue\nA;1\n")), /notes\.xlsx.* is not an Excel \.xlsx workbook/],
    ["encrypted (CFB container)", () => writeTo("locked.xlsx", Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2048)])), /locked\.xlsx.* is password-protected/],
    ["corrupt zip", () => writeTo("broken.xlsx", Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(300, 7)])), /broken\.xlsx.* is damaged/],
    ["a directory", () => dir, /is not an Excel \.xlsx workbook/],
  ])("%s", async (_name, make, pattern) => {
    const c = capture();
    const code = await main(["enrich", make(), "-o", join(dir, "out.xlsx"), "--lang", "en"], c.io);
    expect(code).toBe(1);
    expect(c.err.join("\n")).toMatch(pattern);
    noStack(c.err);
  });

  it("a workbook without a sales table", async () => {
    const wb = await loadXlsx(readFileSync(join(__dirname, "../fixtures/fr-ventes.xlsx")));
    for (const s of wb.sheets) s.clear({ r0: 0, c0: 0, r1: 2000, c1: 60 }, "All");
    const { saveXlsx } = await import("../../src/sim");
    const file = writeTo("empty.xlsx", Buffer.from(await saveXlsx(wb)));
    const c = capture();
    expect(await main(["enrich", file, "-o", join(dir, "o2.xlsx"), "--lang", "en"], c.io)).toBe(1);
    expect(c.err.join("\n")).toMatch(/empty\.xlsx.*no readable sales table/);
  });

  it("a bad policy file names it", async () => {
    const file = writeTo("policy.json", Buffer.from("{ floor: "));
    const c = capture();
    expect(await main(["enrich", join(__dirname, "../fixtures/fr-ventes.xlsx"), "-o", join(dir, "o3.xlsx"), "--policy", file, "--lang", "en"], c.io)).toBe(1);
    expect(c.err.join("\n")).toMatch(/Policy .*policy\.json.* cannot be read/);
  });

  it("usage errors exit 2; OUT = IN is refused and IN is untouched", async () => {
    const copy = join(dir, "same.xlsx");
    copyFileSync(join(__dirname, "../fixtures/fr-ventes.xlsx"), copy);
    const before = readFileSync(copy);
    for (const argv of [[], ["enrich"], ["enrich", copy], ["frobnicate", copy], ["enrich", copy, "-o"], ["enrich", copy, "-o", join(dir, "x.xlsx"), "--lang", "de"], ["enrich", copy, "-o", join(dir, "x.xlsx"), "--sheets", "compliance,bogus"]]) {
      const c = capture();
      expect([argv, await main(argv, c.io)]).toEqual([argv, 2]);
      expect(c.err.length).toBeGreaterThan(0);
    }
    const c = capture();
    expect(await main(["enrich", copy, "-o", join(dir, ".", "same.xlsx"), "--lang", "en"], c.io)).toBe(2);
    expect(c.err[0]).toMatch(/is the input file/);
    expect(readFileSync(copy).equals(before)).toBe(true);
  });

  it("every sheet --sheets names has its writer; an unknown sheet exits 2 naming the ones there are", async () => {
    expect(Object.entries(SHEET_WRITERS).filter(([, w]) => w === null).map(([k]) => k)).toEqual([]);
    const c = capture();
    expect(await main(["enrich", join(__dirname, "../fixtures/fr-ventes.xlsx"), "-o", join(dir, "y.xlsx"), "--sheets", "pivots", "--lang", "en"], c.io)).toBe(2);
    expect(c.err[0]).toContain("compliance, trends, market, summary");
  });

  it("enriches the project's French workbook (exit 0) and the output reopens", async () => {
    const outFile = join(dir, "ventes-out.xlsx");
    const c = capture();
    expect(await main(["enrich", join(__dirname, "../fixtures/fr-ventes.xlsx"), "-o", outFile], c.io)).toBe(0);
    expect(c.out[0]).toContain("OPS Compliance");
    const out = await loadXlsx(readFileSync(outFile));
    expect(out.sheets.some((s) => s.name === "OPS Compliance")).toBe(true);
  });
});

function writeTo(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe("ops enrich --sheets compliance,trends,market,summary on the preview's sample workbook", () => {
  it("writes OPS Trends, OPS Market and OPS Summary with the trend and market headlines; --own names the company and is remembered", async () => {
    const { sampleWorkbookBytes, COMPANY } = await import("../../scripts/make-sample-workbook");
    const inFile = writeTo("sample.xlsx", Buffer.from(await sampleWorkbookBytes()));
    const outFile = join(dir, "sample-out.xlsx");
    const c = capture();
    const code = await main(["enrich", inFile, "-o", outFile, "--sheets", "compliance,trends,market,summary", "--own", COMPANY, "--json"], c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    const figures = JSON.parse(c.out.join("\n"));
    expect(figures.sheetsWritten).toEqual(["OPS Compliance", "OPS Trends", "OPS Market", "OPS Summary"]);
    const wb = await loadXlsx(readFileSync(outFile));
    const trends = wb.sheetOrThrow("OPS Trends");
    expect(trends.charts.length).toBeGreaterThanOrEqual(4);
    const market = wb.sheetOrThrow("OPS Market");
    expect(market.charts.some((ch) => ch.chartType === "Bubble")).toBe(true);
    const summary = wb.sheetOrThrow("OPS Summary");
    const cells = summary.readValues(summary.usedBounds(false)!).map((r) => String(r[0]));
    expect(cells).toContain("Tendances");
    expect(cells).toContain(`Part de marché de ${COMPANY}`);
    expect(cells).toContain("Effet prix");
    // --own names the company in the competitor table: its share and price index are on the market sheet.
    const mcells = market.readValues(market.usedBounds(false)!);
    expect(mcells.some((r) => r[0] === "Société analysée" && r[1] === COMPANY)).toBe(true);
    // ...and it is remembered in the output workbook's settings (the add-in's web extension part), as Excel keeps them.
    const host = createSimHost(wb);
    expect((await new ExcelWorkbook(host.run, { lang: "fr" }).readMarketSettings()).own).toBe(COMPANY);
  });
});
