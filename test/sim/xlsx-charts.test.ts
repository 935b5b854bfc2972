/**
 * Charts in the .xlsx: saveXlsx writes DrawingML chart parts for every simulated chart (checked with JSZip and an
 * independent XML parser: references, caches, schema element order), loadXlsx keeps a workbook's own charts (a
 * hand-written part as Excel writes it survives load → save unchanged, and follows a sheet rename), and LibreOffice
 * opens the file when it is installed.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import JSZip from "jszip";
import { tmpdir } from "os";
import { join } from "path";
import { SaxesParser } from "saxes";
import type { ChartSpec } from "../../src/core/charts/spec";
import { drawCharts } from "../../src/excel/charts";
import { createSimHost, loadXlsx, saveXlsx, SimWorkbook } from "../../src/sim";
import { describeWithShared } from "../support/fixtures";

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

/** A strict XML parse (throws on malformed XML) into a small tree. */
function parseXml(xml: string): Node {
  const p = new SaxesParser({ xmlns: false });
  const root: Node = { name: "#root", attrs: {}, children: [], text: "" };
  const stack = [root];
  p.on("opentag", (t) => {
    const n: Node = { name: t.name, attrs: t.attributes as Record<string, string>, children: [], text: "" };
    stack[stack.length - 1].children.push(n);
    stack.push(n);
  });
  p.on("closetag", () => void stack.pop());
  p.on("text", (t) => (stack[stack.length - 1].text += t));
  p.write(xml).close();
  return root.children[0];
}
const all = (n: Node, name: string): Node[] => [...(n.name === name ? [n] : []), ...n.children.flatMap((c) => all(c, name))];
const child = (n: Node, name: string): Node | undefined => n.children.find((c) => c.name === name);

const SER_ORDER: Record<string, string[]> = {
  "c:lineChart": ["c:idx", "c:order", "c:tx", "c:spPr", "c:marker", "c:dPt", "c:dLbls", "c:trendline", "c:errBars", "c:cat", "c:val", "c:smooth", "c:extLst"],
  "c:barChart": ["c:idx", "c:order", "c:tx", "c:spPr", "c:invertIfNegative", "c:pictureOptions", "c:dPt", "c:dLbls", "c:trendline", "c:errBars", "c:cat", "c:val", "c:shape", "c:extLst"],
  "c:areaChart": ["c:idx", "c:order", "c:tx", "c:spPr", "c:pictureOptions", "c:dPt", "c:dLbls", "c:trendline", "c:errBars", "c:cat", "c:val", "c:extLst"],
  "c:bubbleChart": ["c:idx", "c:order", "c:tx", "c:spPr", "c:invertIfNegative", "c:dPt", "c:dLbls", "c:trendline", "c:errBars", "c:xVal", "c:yVal", "c:bubbleSize", "c:bubble3D", "c:extLst"],
  "c:scatterChart": ["c:idx", "c:order", "c:tx", "c:spPr", "c:marker", "c:dPt", "c:dLbls", "c:trendline", "c:errBars", "c:xVal", "c:yVal", "c:smooth", "c:extLst"],
};
const GROUP_ORDER: Record<string, string[]> = {
  "c:lineChart": ["c:grouping", "c:varyColors", "c:ser", "c:dLbls", "c:dropLines", "c:hiLowLines", "c:upDownBars", "c:marker", "c:smooth", "c:axId", "c:extLst"],
  "c:barChart": ["c:barDir", "c:grouping", "c:varyColors", "c:ser", "c:dLbls", "c:gapWidth", "c:overlap", "c:serLines", "c:axId", "c:extLst"],
  "c:areaChart": ["c:grouping", "c:varyColors", "c:ser", "c:dLbls", "c:dropLines", "c:axId", "c:extLst"],
  "c:bubbleChart": ["c:varyColors", "c:ser", "c:dLbls", "c:bubble3D", "c:bubbleScale", "c:showNegBubbles", "c:sizeRepresents", "c:axId", "c:extLst"],
  "c:scatterChart": ["c:scatterStyle", "c:varyColors", "c:ser", "c:dLbls", "c:axId", "c:extLst"],
  "c:valAx": ["c:axId", "c:scaling", "c:delete", "c:axPos", "c:majorGridlines", "c:minorGridlines", "c:title", "c:numFmt", "c:majorTickMark", "c:minorTickMark", "c:tickLblPos", "c:spPr", "c:txPr", "c:crossAx", "c:crosses", "c:crossesAt", "c:crossBetween", "c:majorUnit", "c:minorUnit", "c:dispUnits", "c:extLst"],
  "c:catAx": ["c:axId", "c:scaling", "c:delete", "c:axPos", "c:majorGridlines", "c:minorGridlines", "c:title", "c:numFmt", "c:majorTickMark", "c:minorTickMark", "c:tickLblPos", "c:spPr", "c:txPr", "c:crossAx", "c:crosses", "c:crossesAt", "c:auto", "c:lblAlgn", "c:lblOffset", "c:tickLblSkip", "c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst"],
  "c:scaling": ["c:logBase", "c:orientation", "c:max", "c:min", "c:extLst"],
  "c:chart": ["c:title", "c:autoTitleDeleted", "c:pivotFmts", "c:view3D", "c:floor", "c:sideWall", "c:backWall", "c:plotArea", "c:legend", "c:plotVisOnly", "c:dispBlanksAs", "c:extLst"],
  "c:legend": ["c:legendPos", "c:legendEntry", "c:layout", "c:overlay", "c:spPr", "c:txPr", "c:extLst"],
  "c:dPt": ["c:idx", "c:invertIfNegative", "c:marker", "c:bubble3D", "c:explosion", "c:spPr", "c:pictureOptions", "c:extLst"],
};

/** Children appear in the schema's order (repeats allowed), nothing unknown. */
function expectOrder(n: Node, order: string[]): void {
  let last = -1;
  for (const c of n.children) {
    const i = order.indexOf(c.name);
    if (i < 0 || i < last) throw new Error(`${n.name}: <${c.name}> out of schema order (${n.children.map((x) => x.name).join(", ")})`);
    last = i;
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"];
function workbook(sheetName = "Sales data"): SimWorkbook {
  const wb = new SimWorkbook();
  wb.addSheet(sheetName);
  wb.setValues(sheetName, "A1", [["Month", "Sales", "Low", "Band", "Share", "Growth", "Size"], ...MONTHS.map((m, i) => [m, 100 + i * 10, 90 + i * 8, 20 + i, 0.2 + i / 10, -0.1 + i / 20, 5 + i])]);
  return wb;
}

const SPECS: ChartSpec[] = [
  { key: "line", kind: "line", title: "Sales", series: [{ name: "Sales", values: "B2:B7", categories: "A2:A7", color: "#1F4E79", marker: "none" }], anchor: { from: "I2", to: "P18" }, valueAxis: { title: "EUR", minimum: 0, numberFormat: "#,##0" } },
  {
    key: "band",
    kind: "areaStacked",
    title: "Band",
    series: [
      { name: "Low", values: "C2:C7", categories: "A2:A7", fill: "none", hideInLegend: true },
      { name: "Band", values: "D2:D7", categories: "A2:A7", color: "#BDD7EE" },
      { name: "Sales", values: "B2:B7", categories: "A2:A7", kind: "line", color: "#C00000", line: { style: "dash" } },
    ],
    anchor: { from: "I20", to: "P36" },
  },
  {
    key: "bridge",
    kind: "columnStacked",
    title: "Bridge",
    series: [
      { name: "Base", values: "C2:C7", categories: "A2:A7", fill: "none" },
      { name: "Change", values: "D2:D7", categories: "A2:A7", color: "#2E75B6", pointColors: [null, "#C00000"], dataLabels: { showValue: true, numberFormat: "+0;-0" } },
    ],
    anchor: { from: "A10", to: "H26" },
    gapWidth: 50,
  },
  { key: "bcg", kind: "bubble", title: "BCG", series: [{ name: "Products", values: "F2:F7", categories: "E2:E7", bubbleSizes: "G2:G7" }], anchor: { from: "R2", to: "Y18" }, categoryAxis: { logBase: 10, minimum: 0.1, maximum: 10 } },
  { key: "xy", kind: "xyScatter", title: "XY", series: [{ name: "Points", values: "F2:F7", categories: "E2:E7", marker: "circle" }], anchor: { from: "R20", to: "Y36" } },
  { key: "bars", kind: "barClustered", title: "Bars", series: [{ name: "Sales", values: "B2:B7", categories: "A2:A7" }], anchor: { from: "A30", to: "H44" } },
];

async function drawnWorkbook(): Promise<SimWorkbook> {
  const host = createSimHost(workbook());
  await host.run(async (ctx) => {
    const out = await drawCharts(ctx, ctx.workbook.worksheets.getItem("Sales data"), SPECS, { fresh: true });
    expect(out.skipped).toEqual([]);
  });
  return host.workbook;
}

async function partsOf(bytes: Uint8Array): Promise<{ zip: JSZip; text: (p: string) => Promise<string> }> {
  const zip = await JSZip.loadAsync(bytes);
  return { zip, text: async (p) => (await zip.file(p)?.async("string")) ?? "" };
}

describe("saveXlsx writes DrawingML charts", () => {
  it("writes one well-formed chart part per chart, a drawing with an anchor each, the relationships and the content types", async () => {
    const wb = await drawnWorkbook();
    const { zip, text } = await partsOf(await saveXlsx(wb));
    const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    expect(charts).toHaveLength(SPECS.length);
    const ct = await text("[Content_Types].xml");
    for (const c of charts) expect(ct).toContain(`<Override PartName="/${c}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`);
    expect(ct).toContain("application/vnd.openxmlformats-officedocument.drawing+xml");
    const sheet = parseXml(await text("xl/worksheets/sheet1.xml"));
    const drawing = child(sheet, "drawing");
    expect(drawing).toBeDefined();
    const sheetRels = parseXml(await text("xl/worksheets/_rels/sheet1.xml.rels"));
    const dRel = all(sheetRels, "Relationship").find((r) => r.attrs.Id === drawing!.attrs["r:id"]);
    expect(dRel?.attrs.Type).toMatch(/\/drawing$/);
    const dPath = `xl/drawings/${dRel!.attrs.Target.split("/").pop()}`;
    const d = parseXml(await text(dPath));
    const anchors = all(d, "xdr:twoCellAnchor");
    expect(anchors.map((a) => all(a, "xdr:cNvPr")[0].attrs.name)).toEqual(SPECS.map((s) => `OPS_${s.key}`));
    // I2 → col 8, row 1; P18 included → to col 16, row 18
    expect(all(anchors[0], "xdr:col").map((n) => n.text)).toEqual(["8", "16"]);
    expect(all(anchors[0], "xdr:row").map((n) => n.text)).toEqual(["1", "18"]);
    const dRels = parseXml(await text(dPath.replace("xl/drawings/", "xl/drawings/_rels/") + ".rels"));
    for (const a of anchors) {
      const rid = all(a, "c:chart")[0].attrs["r:id"];
      const target = all(dRels, "Relationship").find((r) => r.attrs.Id === rid)!.attrs.Target;
      expect(zip.file(`xl/charts/${target.split("/").pop()}`)).not.toBeNull();
    }
  });

  it("gives every series its sheet-qualified references, with caches equal to the cells, in the schema's element order", async () => {
    const wb = await drawnWorkbook();
    const { zip, text } = await partsOf(await saveXlsx(wb));
    const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f)).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    const abs = (a: string) => `'Sales data'!${a.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2")}`;
    const cells = wb.getValues("Sales data", "A1:G7");
    const column = (letter: string) => cells.slice(1).map((row) => row[letter.charCodeAt(0) - 65]);
    for (let i = 0; i < SPECS.length; i++) {
      const root = parseXml(await text(charts[i]));
      expectOrder(child(root, "c:chart")!, GROUP_ORDER["c:chart"]);
      const sers = all(root, "c:ser");
      expect(sers).toHaveLength(SPECS[i].series.length);
      for (const group of Object.keys(SER_ORDER)) for (const g of all(root, group)) {
        expectOrder(g, GROUP_ORDER[group]);
        for (const s of all(g, "c:ser")) expectOrder(s, SER_ORDER[group]);
      }
      for (const n of [...all(root, "c:valAx"), ...all(root, "c:catAx")]) expectOrder(n, GROUP_ORDER[n.name]);
      for (const n of all(root, "c:scaling")) expectOrder(n, GROUP_ORDER["c:scaling"]);
      for (const n of all(root, "c:legend")) expectOrder(n, GROUP_ORDER["c:legend"]);
      for (const n of all(root, "c:dPt")) expectOrder(n, GROUP_ORDER["c:dPt"]);
      // the order of series by idx is the spec's; references and caches
      const byIdx = [...sers].sort((a, b) => Number(child(a, "c:idx")!.attrs.val) - Number(child(b, "c:idx")!.attrs.val));
      SPECS[i].series.forEach((spec, k) => {
        const s = byIdx[k];
        expect(all(child(s, "c:tx")!, "c:v")[0].text).toBe(spec.name);
        const val = child(s, "c:val") ?? child(s, "c:yVal")!;
        expect(all(val, "c:f")[0].text).toBe(abs(spec.values));
        expect(all(val, "c:pt").map((p) => Number(all(p, "c:v")[0].text))).toEqual(column(spec.values[0]));
        const cat = child(s, "c:cat") ?? child(s, "c:xVal");
        expect(all(cat!, "c:f")[0].text).toBe(abs(spec.categories!));
        expect(all(cat!, "c:pt").map((p) => all(p, "c:v")[0].text)).toEqual(column(spec.categories![0]).map(String));
        if (spec.bubbleSizes) expect(all(child(s, "c:bubbleSize")!, "c:f")[0].text).toBe(abs(spec.bubbleSizes));
      });
    }
    const band = parseXml(await text(charts[1]));
    expect(all(band, "c:areaChart")[0].children.find((c) => c.name === "c:grouping")!.attrs.val).toBe("stacked");
    expect(all(band, "c:lineChart")).toHaveLength(1);
    // both groups share the same two axes
    const axIds = (g: Node) => g.children.filter((c) => c.name === "c:axId").map((c) => c.attrs.val);
    expect(axIds(all(band, "c:areaChart")[0])).toEqual(axIds(all(band, "c:lineChart")[0]));
    // the band's base: no fill and no outline
    expect(child(all(band, "c:ser")[0], "c:spPr")!.children.map((c) => c.name)).toEqual(["a:noFill", "a:ln"]);
    expect(child(child(all(band, "c:ser")[0], "c:spPr")!, "a:ln")!.children.map((c) => c.name)).toEqual(["a:noFill"]);
    expect(all(band, "c:legendEntry").map((e) => child(e, "c:idx")!.attrs.val)).toEqual(["0"]);
    expect(all(band, "a:prstDash")[0].attrs.val).toBe("dash");
    const bridge = parseXml(await text(charts[2]));
    expect(all(bridge, "c:overlap")[0].attrs.val).toBe("100");
    expect(all(bridge, "c:gapWidth")[0].attrs.val).toBe("50");
    expect(all(bridge, "c:dPt").map((p) => [child(p, "c:idx")!.attrs.val, all(p, "a:srgbClr")[0].attrs.val])).toEqual([["1", "C00000"]]);
    expect(all(bridge, "c:numFmt").some((n) => n.attrs.formatCode === "+0;-0")).toBe(true);
    const bcg = parseXml(await text(charts[3]));
    expect(all(bcg, "c:logBase")[0].attrs.val).toBe("10");
    expect(all(bcg, "c:valAx")).toHaveLength(2);
    expect(all(parseXml(await text(charts[5])), "c:barDir")[0].attrs.val).toBe("bar");
  });

  it("merges into the drawing ExcelJS writes for a sheet's images instead of replacing it", async () => {
    const wb = await drawnWorkbook();
    const bytes = await saveXlsx(wb);
    // a package whose sheet already has a drawing with a picture anchor: reload (the chart is kept) and save again
    const again = await saveXlsx(await loadXlsx(bytes));
    const { zip, text } = await partsOf(again);
    expect(Object.keys(zip.files).filter((f) => /^xl\/drawings\/drawing\d+\.xml$/.test(f))).toHaveLength(1);
    const d = parseXml(await text("xl/drawings/drawing1.xml"));
    expect(all(d, "xdr:twoCellAnchor")).toHaveLength(SPECS.length);
  });
});

/** A chart part as Excel writes it (trimmed): a clustered column chart with c14 extensions and a style part. */
const USER_CHART = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:c16r2="http://schemas.microsoft.com/office/drawing/2015/06/chart"><c:date1904 val="0"/><c:lang val="fr-FR"/><c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="fr-FR"/><a:t>Mes ventes</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>'Sales data'!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>Sales</c:v></c:pt></c:strCache></c:strRef></c:tx><c:spPr><a:solidFill><a:schemeClr val="accent1"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/><c:cat><c:strRef><c:f>'Sales data'!$A$2:$A$7</c:f><c:strCache><c:ptCount val="6"/><c:pt idx="0"><c:v>Jan</c:v></c:pt></c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>'Sales data'!$B$2:$B$7</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="6"/><c:pt idx="0"><c:v>100</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser><c:gapWidth val="219"/><c:overlap val="-27"/><c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="2"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx><c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="1"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart><c:printSettings><c:headerFooter/><c:pageMargins b="0.75" l="0.7" r="0.7" t="0.75" header="0.3" footer="0.3"/><c:pageSetup/></c:printSettings></c:chartSpace>`;
const USER_STYLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cs:chartStyle xmlns:cs="http://schemas.microsoft.com/office/drawing/2012/chartStyle" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" id="201"/>`;

/** A workbook saved by the simulated host, then given a user chart the way Excel stores one. */
async function workbookWithUserChart(): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await saveXlsx(workbook()));
  zip.file("xl/charts/chart1.xml", USER_CHART);
  zip.file("xl/charts/style1.xml", USER_STYLE);
  zip.file("xl/charts/_rels/chart1.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/chartStyle" Target="style1.xml"/></Relationships>`);
  zip.file(
    "xl/drawings/drawing1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>16</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>17</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Graphique 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`,
  );
  zip.file("xl/drawings/_rels/drawing1.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart1.xml"/></Relationships>`);
  const sheetXml = (await zip.file("xl/worksheets/sheet1.xml")!.async("string")).replace("</worksheet>", `<drawing r:id="rIdD1"/></worksheet>`);
  zip.file("xl/worksheets/sheet1.xml", sheetXml.includes("xmlns:r=") ? sheetXml : sheetXml.replace("<worksheet", `<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`));
  const relsPath = "xl/worksheets/_rels/sheet1.xml.rels";
  const rels = (await zip.file(relsPath)?.async("string")) ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
  zip.file(relsPath, rels.replace("</Relationships>", `<Relationship Id="rIdD1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>`));
  const ct = (await zip.file("[Content_Types].xml")!.async("string")).replace(
    "</Types>",
    `<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/><Override PartName="/xl/charts/style1.xml" ContentType="application/vnd.ms-office.chartstyle+xml"/><Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>`,
  );
  zip.file("[Content_Types].xml", ct);
  return zip.generateAsync({ type: "uint8array" });
}

describe("loadXlsx keeps a workbook's charts", () => {
  it("exposes a user's chart through worksheet.charts (name, type, series references, position)", async () => {
    const host = createSimHost(await loadXlsx(await workbookWithUserChart()));
    await host.run(async (ctx) => {
      const charts = ctx.workbook.worksheets.getItem("Sales data").charts;
      charts.load("items/name, items/chartType, count");
      await ctx.sync();
      expect(charts.items.map((c) => [c.name, c.chartType])).toEqual([["Graphique 1", "ColumnClustered"]]);
      expect(charts.count).toBe(1);
    });
    const c = host.workbook.sheetOrThrow("Sales data").charts[0];
    expect(c.title).toBe("Mes ventes");
    expect(c.anchor).toEqual({ from: { r: 2, c: 9 }, to: { r: 17, c: 16 } });
    expect(c.series[0].values?.bounds).toEqual({ r0: 1, c0: 1, r1: 6, c1: 1 });
    expect(c.series[0].xValues?.bounds).toEqual({ r0: 1, c0: 0, r1: 6, c1: 0 });
  });

  it("writes the user's chart back byte for byte after load → save, with its style part, next to OPS's new charts", async () => {
    const host = createSimHost(await loadXlsx(await workbookWithUserChart()));
    await host.run(async (ctx) => void (await drawCharts(ctx, ctx.workbook.worksheets.getItem("Sales data"), [SPECS[0]], { fresh: false })));
    const { zip, text } = await partsOf(await saveXlsx(host.workbook));
    const parts = await Promise.all(Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f)).map((f) => text(f)));
    expect(parts).toContain(USER_CHART);
    expect(parts).toHaveLength(2);
    const style = Object.keys(zip.files).find((f) => /^xl\/charts\/style\d+\.xml$/.test(f));
    expect(style && (await text(style))).toBe(USER_STYLE);
    const d = parseXml(await text("xl/drawings/drawing1.xml"));
    expect(all(d, "xdr:cNvPr").map((n) => n.attrs.name)).toEqual(["Graphique 1", "OPS_line"]);
  });

  it("rewrites the kept chart's references when its sheet is renamed (as Excel does), and the sheet's deletion takes its charts", async () => {
    const host = createSimHost(await loadXlsx(await workbookWithUserChart()));
    await host.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sales data").name = "Ventes";
    });
    const { zip, text } = await partsOf(await saveXlsx(host.workbook));
    const chartPath = Object.keys(zip.files).find((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))!;
    const fs = all(parseXml(await text(chartPath)), "c:f").map((n) => n.text);
    expect(fs).toEqual(["Ventes!$B$1", "Ventes!$A$2:$A$7", "Ventes!$B$2:$B$7"]);
    await host.run(async (ctx) => {
      ctx.workbook.worksheets.add("Other");
      ctx.workbook.worksheets.getItem("Ventes").delete();
    });
    const after = await partsOf(await saveXlsx(host.workbook));
    expect(Object.keys(after.zip.files).filter((f) => /^xl\/charts\//.test(f))).toEqual([]);
  });

  it("keeps OPS's own charts through save → load → save with the same references", async () => {
    const first = await saveXlsx(await drawnWorkbook());
    const second = await saveXlsx(await loadXlsx(first));
    const a = await partsOf(first);
    const b = await partsOf(second);
    const fsOf = async (p: { zip: JSZip; text: (p: string) => Promise<string> }) =>
      (await Promise.all(Object.keys(p.zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f)).sort().map((f) => p.text(f)))).map((x) => all(parseXml(x), "c:f").map((n) => n.text));
    expect(await fsOf(b)).toEqual(await fsOf(a));
  });
});

const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].find((p) => existsSync(p));
describe("LibreOffice opens the charts", () => {
  if (!soffice) {
    it("needs LibreOffice (soffice), which is not installed here: the PDF conversion is not run", () => {
      console.warn("LibreOffice is not installed: the .xlsx → PDF conversion of the chart workbook was not run.");
      expect(soffice).toBeUndefined();
    });
    return;
  }
  it("converts a workbook with every kind of OPS chart to PDF", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-charts-"));
    const file = join(dir, "charts.xlsx");
    writeFileSync(file, await saveXlsx(await drawnWorkbook()));
    execFileSync(soffice, ["--headless", `-env:UserInstallation=file://${dir}/profile`, "--convert-to", "pdf", "--outdir", dir, file], { timeout: 170_000, stdio: "pipe" });
    const pdf = readFileSync(join(dir, "charts.pdf"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(5000);
  }, 180_000);
});

describeWithShared("microsoft-financial-sample.xlsx", "a workbook made by Excel keeps its charts through load → save", (path) => {
  it("writes every chart part back unchanged and exposes the charts through worksheet.charts", async () => {
    const bytes = readFileSync(path);
    const before = await JSZip.loadAsync(bytes);
    const chartTexts = async (z: JSZip) => (await Promise.all(Object.keys(z.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f)).map((f) => z.file(f)!.async("string")))).sort();
    const original = await chartTexts(before);
    expect(original.length).toBeGreaterThan(0);
    const wb = await loadXlsx(bytes);
    expect(wb.sheets.reduce((n, s) => n + s.charts.length, 0)).toBe(original.length);
    const after = await JSZip.loadAsync(await saveXlsx(wb));
    expect(await chartTexts(after)).toEqual(original);
    for (const c of await chartTexts(after)) expect(() => parseXml(c)).not.toThrow();
  });
});
