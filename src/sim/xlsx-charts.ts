/**
 * Charts in the .xlsx package (ExcelJS drops them): `writeChartParts` adds a DrawingML chart part
 * (xl/charts/chartN.xml), a drawing anchor (merged into the sheet's drawing when ExcelJS wrote one for images), the
 * relationships, the sheet's <drawing r:id> and the content types; `readChartParts` keeps the charts of a loaded
 * package raw (written back as they were, their c:f references following sheet renames) and parses enough of them
 * (name, type, series references, anchor) for `worksheet.charts`.
 *
 * Element order follows the schema (ECMA-376 dml-chart.xsd); Excel asks to repair a file when it is wrong.
 */
import type JSZip from "jszip";
import { chartFamily, isHorizontalBar, isStacked, newSeries, parseRefFormula, refCells, refFormula, seriesType, SimChart, type SimChartAxis, type SimChartSeries, type SimSheetRef } from "./chart-model";
import type { SimSheet, SimWorkbook } from "./model";

const NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
const REL_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
const REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
const CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
const CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml";

export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
function unesc(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}
function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(":", "\\:")}="([^"]*)"`).exec(tag);
  return m ? unesc(m[1]) : undefined;
}
const hex = (c: string) => c.replace("#", "").toUpperCase();

// ---------------------------------------------------------------------------------------------------------------
// writing the chart part

const DASH: Record<string, string> = { Dash: "dash", RoundDot: "sysDot", Dot: "sysDash", DashDot: "dashDot", DashDotDot: "lgDashDotDot", Continuous: "solid" };
const MARKER: Record<string, string> = { None: "none", Circle: "circle", Square: "square", Diamond: "diamond", Triangle: "triangle", X: "x", Star: "star", Dot: "dot", Dash: "dash", Plus: "plus" };
const LEGEND_POS: Record<string, string> = { Top: "t", Bottom: "b", Left: "l", Right: "r", Corner: "tr", Custom: "r" };

function spPr(s: SimChartSeries, family: string): string {
  let fill = "";
  if (family !== "line" && family !== "scatter") {
    if (s.fill === null) fill = "<a:noFill/>";
    else if (s.fill) fill = `<a:solidFill><a:srgbClr val="${hex(s.fill)}"/></a:solidFill>`;
  }
  let ln = "";
  const l = s.line;
  if (l.style === "None" || (family === "scatter" && l.style === undefined)) ln = "<a:ln><a:noFill/></a:ln>";
  else if (l.color || l.style || l.weight !== undefined) {
    const w = l.weight !== undefined ? ` w="${Math.round(l.weight * 12700)}"` : "";
    const color = l.color ? `<a:solidFill><a:srgbClr val="${hex(l.color)}"/></a:solidFill>` : "";
    const dash = l.style && DASH[l.style] ? `<a:prstDash val="${DASH[l.style]}"/>` : "";
    ln = `<a:ln${w}>${color}${dash}</a:ln>`;
  }
  return fill || ln ? `<c:spPr>${fill}${ln}</c:spPr>` : "";
}

function strOrNum(tag: string, ref: SimSheetRef | undefined, asText: boolean): string {
  if (!ref) return "";
  const f = esc(refFormula(ref) ?? "#REF!");
  const cells = refCells(ref);
  if (asText) {
    const pts = cells.map((v, i) => (v === "" ? "" : `<c:pt idx="${i}"><c:v>${esc(String(v))}</c:v></c:pt>`)).join("");
    return `<c:${tag}><c:strRef><c:f>${f}</c:f><c:strCache><c:ptCount val="${cells.length}"/>${pts}</c:strCache></c:strRef></c:${tag}>`;
  }
  const pts = cells.map((v, i) => (typeof v === "number" && Number.isFinite(v) ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : "")).join("");
  return `<c:${tag}><c:numRef><c:f>${f}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${cells.length}"/>${pts}</c:numCache></c:numRef></c:${tag}>`;
}

function dLbls(s: SimChartSeries): string {
  if (!s.hasDataLabels) return "";
  const nf = s.dataLabelsNumberFormat ? `<c:numFmt formatCode="${esc(s.dataLabelsNumberFormat)}" sourceLinked="0"/>` : "";
  return `<c:dLbls>${nf}<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`;
}

function dPts(s: SimChartSeries, family: string): string {
  return Object.keys(s.pointFills)
    .map(Number)
    .sort((a, b) => a - b)
    .map((i) => {
      const c = s.pointFills[i];
      const fill = c === null ? "<a:noFill/>" : `<a:solidFill><a:srgbClr val="${hex(c)}"/></a:solidFill>`;
      const inv = family === "bar" || family === "bubble" ? `<c:invertIfNegative val="0"/>` : "";
      const b3d = family === "bubble" ? `<c:bubble3D val="0"/>` : "";
      return `<c:dPt><c:idx val="${i}"/>${inv}${b3d}<c:spPr>${fill}</c:spPr></c:dPt>`;
    })
    .join("");
}

function isTextRef(ref: SimSheetRef | undefined): boolean {
  return refCells(ref).some((v) => typeof v === "string" && v !== "");
}

function serXml(chart: SimChart, s: SimChartSeries, idx: number): string {
  const type = seriesType(chart, s);
  const family = chartFamily(type);
  const head = `<c:idx val="${idx}"/><c:order val="${idx}"/><c:tx><c:v>${esc(s.name)}</c:v></c:tx>${spPr(s, family)}`;
  const marker =
    family === "line" || family === "scatter"
      ? s.markerStyle
        ? `<c:marker><c:symbol val="${MARKER[s.markerStyle] ?? "auto"}"/></c:marker>`
        : type === "Line" || type === "LineStacked"
          ? `<c:marker><c:symbol val="none"/></c:marker>`
          : ""
      : "";
  switch (family) {
    case "bar":
      return `<c:ser>${head}<c:invertIfNegative val="0"/>${dPts(s, family)}${dLbls(s)}${strOrNum("cat", s.xValues, isTextRef(s.xValues))}${strOrNum("val", s.values, false)}</c:ser>`;
    case "area":
      return `<c:ser>${head}${dPts(s, family)}${dLbls(s)}${strOrNum("cat", s.xValues, isTextRef(s.xValues))}${strOrNum("val", s.values, false)}</c:ser>`;
    case "scatter":
      return `<c:ser>${head}${marker}${dPts(s, family)}${dLbls(s)}${strOrNum("xVal", s.xValues, isTextRef(s.xValues))}${strOrNum("yVal", s.values, false)}<c:smooth val="0"/></c:ser>`;
    case "bubble":
      return `<c:ser>${head}<c:invertIfNegative val="0"/>${dPts(s, family)}${dLbls(s)}${strOrNum("xVal", s.xValues, isTextRef(s.xValues))}${strOrNum("yVal", s.values, false)}${strOrNum("bubbleSize", s.bubbleSizes, false)}<c:bubble3D val="0"/></c:ser>`;
    default:
      return `<c:ser>${head}${marker}${dPts(s, family)}${dLbls(s)}${strOrNum("cat", s.xValues, isTextRef(s.xValues))}${strOrNum("val", s.values, false)}<c:smooth val="0"/></c:ser>`;
  }
}

function richText(text: string, size = 1400, bold = true): string {
  return `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:r><a:rPr lang="fr-FR" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${esc(text)}</a:t></a:r></a:p></c:rich></c:tx>`;
}

function axisXml(kind: "cat" | "val", id: number, cross: number, pos: string, a: SimChartAxis, gridlines: boolean, crossBetween?: string): string {
  const scaling = `<c:scaling>${a.logBase ? `<c:logBase val="${a.logBase}"/>` : ""}<c:orientation val="minMax"/>${a.maximum !== undefined ? `<c:max val="${a.maximum}"/>` : ""}${a.minimum !== undefined ? `<c:min val="${a.minimum}"/>` : ""}</c:scaling>`;
  const title = a.title ? `<c:title>${richText(a.title, 1000, false)}<c:overlay val="0"/></c:title>` : "";
  const numFmt = a.numberFormat ? `<c:numFmt formatCode="${esc(a.numberFormat)}" sourceLinked="0"/>` : kind === "val" ? `<c:numFmt formatCode="General" sourceLinked="1"/>` : "";
  const grid = gridlines ? "<c:majorGridlines/>" : "";
  const common = `<c:axId val="${id}"/>${scaling}<c:delete val="0"/><c:axPos val="${pos}"/>${grid}${title}${numFmt}<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/><c:crossAx val="${cross}"/><c:crosses val="autoZero"/>`;
  if (kind === "cat") return `<c:catAx>${common}<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
  return `<c:valAx>${common}<c:crossBetween val="${crossBetween ?? "between"}"/></c:valAx>`;
}

/** The c:chartSpace of a chart of the model. */
export function chartXml(chart: SimChart): string {
  const CAT = 500100;
  const VAL = 500200;
  const base = chartFamily(chart.chartType);
  const xy = base === "bubble" || base === "scatter";
  // chart groups in a fixed order (bars, areas under lines), each with its series in the chart's order
  const groups = new Map<string, { type: string; series: { s: SimChartSeries; idx: number }[] }>();
  chart.series.forEach((s, idx) => {
    const type = seriesType(chart, s);
    const fam = chartFamily(type);
    const k = fam === "bar" ? `bar:${isHorizontalBar(type)}:${isStacked(type)}` : `${fam}:${isStacked(type)}`;
    const g = groups.get(k) ?? { type, series: [] };
    g.series.push({ s, idx });
    groups.set(k, g);
  });
  const order = ["area", "bar", "line", "scatter", "bubble", "pie"];
  const sorted = [...groups.values()].sort((a, b) => order.indexOf(chartFamily(a.type)) - order.indexOf(chartFamily(b.type)));
  const axIds = `<c:axId val="${CAT}"/><c:axId val="${VAL}"/>`;
  const horizontal = sorted.some((g) => chartFamily(g.type) === "bar" && isHorizontalBar(g.type));
  const groupXml = sorted
    .map((g) => {
      const fam = chartFamily(g.type);
      const sers = g.series.map(({ s, idx }) => serXml(chart, s, idx)).join("");
      const stacked = isStacked(g.type);
      const grouping = /100/.test(g.type) ? "percentStacked" : stacked ? "stacked" : "standard";
      switch (fam) {
        case "bar": {
          const first = g.series[0].s;
          const overlap = first.overlap ?? (stacked ? 100 : undefined);
          return `<c:barChart><c:barDir val="${isHorizontalBar(g.type) ? "bar" : "col"}"/><c:grouping val="${stacked ? grouping : "clustered"}"/><c:varyColors val="0"/>${sers}<c:gapWidth val="${first.gapWidth ?? 150}"/>${overlap !== undefined ? `<c:overlap val="${overlap}"/>` : ""}${axIds}</c:barChart>`;
        }
        case "area":
          return `<c:areaChart><c:grouping val="${grouping}"/><c:varyColors val="0"/>${sers}${axIds}</c:areaChart>`;
        case "scatter":
          return `<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>${sers}${axIds}</c:scatterChart>`;
        case "bubble":
          return `<c:bubbleChart><c:varyColors val="0"/>${sers}<c:bubbleScale val="100"/><c:showNegBubbles val="0"/>${axIds}</c:bubbleChart>`;
        case "pie":
          return `<c:pieChart><c:varyColors val="1"/>${sers}<c:firstSliceAng val="0"/></c:pieChart>`;
        default:
          return `<c:lineChart><c:grouping val="${grouping}"/><c:varyColors val="0"/>${sers}<c:marker val="1"/>${axIds}</c:lineChart>`;
      }
    })
    .join("");
  const axes =
    base === "pie"
      ? ""
      : xy
        ? axisXml("val", CAT, VAL, "b", chart.categoryAxis, false, "midCat") + axisXml("val", VAL, CAT, "l", chart.valueAxis, true, "midCat")
        : axisXml("cat", CAT, VAL, horizontal ? "l" : "b", chart.categoryAxis, false) + axisXml("val", VAL, CAT, horizontal ? "b" : "l", chart.valueAxis, true, base === "area" && !sorted.some((g) => chartFamily(g.type) === "bar") ? "midCat" : "between");
  const title = chart.titleVisible && chart.title ? `<c:title>${richText(chart.title)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` : `<c:autoTitleDeleted val="1"/>`;
  const hidden = chart.series.map((s, i) => (s.showInLegend ? "" : `<c:legendEntry><c:idx val="${i}"/><c:delete val="1"/></c:legendEntry>`)).join("");
  const legend = chart.legend.visible ? `<c:legend><c:legendPos val="${LEGEND_POS[chart.legend.position] ?? "r"}"/>${hidden}<c:overlay val="0"/></c:legend>` : "";
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:date1904 val="${chart.sheet.workbook.date1904 ? 1 : 0}"/><c:roundedCorners val="0"/>` +
    `<c:chart>${title}<c:plotArea><c:layout/>${groupXml}${axes}</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:printSettings><c:headerFooter/><c:pageMargins b="0.75" l="0.7" r="0.7" t="0.75" header="0.3" footer="0.3"/><c:pageSetup/></c:printSettings></c:chartSpace>`
  );
}

function anchorXml(chart: SimChart, rid: string, id: number): string {
  const { from, to } = chart.anchor;
  const pt = (tag: string, p: { r: number; c: number }) => `<xdr:${tag}><xdr:col>${p.c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.r}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  return (
    `<xdr:twoCellAnchor editAs="oneCell">${pt("from", from)}${pt("to", to)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id}" name="${esc(chart.name)}"${chart.title ? ` descr="${esc(chart.title)}"` : ""}/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" r:id="${rid}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
  );
}

/** A loaded chart's raw XML with its c:f references rewritten to the sheets' current names. */
function rawChartXml(chart: SimChart): string {
  const src = chart.source!;
  const wb = chart.sheet.workbook;
  return src.chartXml.replace(/<c:f>([^<]*)<\/c:f>/g, (m, f: string) => {
    const text = unesc(f);
    const out = text.replace(/('(?:[^']|'')+'|[A-Za-z0-9_.\u00C0-\uFFFF]+)!/g, (mm, q: string) => {
      const name = q.startsWith("'") ? q.slice(1, -1).replace(/''/g, "'") : q;
      const sheet = src.refSheets.get(name);
      if (!sheet) return mm;
      if (!wb.sheets.includes(sheet)) return "#REF!";
      return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet.name) ? `${sheet.name}!` : `'${sheet.name.replace(/'/g, "''")}'!`;
    });
    return `<c:f>${esc(out)}</c:f>`;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// package plumbing

interface Rel {
  id: string;
  type: string;
  target: string;
}
function parseRels(xml: string | undefined): Rel[] {
  if (!xml) return [];
  return [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => ({ id: attr(m[0], "Id") ?? "", type: attr(m[0], "Type") ?? "", target: attr(m[0], "Target") ?? "" }));
}
function relsPath(p: string): string {
  const i = p.lastIndexOf("/");
  return `${p.slice(0, i)}/_rels/${p.slice(i + 1)}.rels`;
}
function resolve(from: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = from.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}
function relative(from: string, to: string): string {
  const a = from.split("/").slice(0, -1);
  const b = to.split("/");
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}
function nextRid(rels: Rel[]): string {
  let n = 1;
  while (rels.some((r) => r.id === `rId${n}`)) n++;
  return `rId${n}`;
}
function relsXml(rels: Rel[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${esc(r.target)}"/>`).join("")}</Relationships>`;
}
function freePath(zip: JSZip, dir: string, stem: string, taken: Set<string>): string {
  let n = 1;
  while (zip.file(`${dir}/${stem}${n}.xml`) || taken.has(`${dir}/${stem}${n}.xml`)) n++;
  const p = `${dir}/${stem}${n}.xml`;
  taken.add(p);
  return p;
}

/** Sheet name → sheet part path, from the workbook part and its relationships. */
async function sheetPaths(zip: JSZip): Promise<Map<string, string>> {
  const wbXml = (await zip.file("xl/workbook.xml")?.async("string")) ?? "";
  const rels = parseRels(await zip.file("xl/_rels/workbook.xml.rels")?.async("string"));
  const out = new Map<string, string>();
  for (const m of wbXml.matchAll(/<sheet\b[^>]*>/g)) {
    const rel = rels.find((r) => r.id === attr(m[0], "r:id"));
    const name = attr(m[0], "name");
    if (rel && name !== undefined) out.set(name, resolve("xl/workbook.xml", rel.target));
  }
  return out;
}

const AFTER_DRAWING = /<(legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b/;

/** Adds every sheet's charts to a package ExcelJS wrote. */
export async function writeChartParts(zip: JSZip, wb: SimWorkbook): Promise<void> {
  const withCharts = wb.sheets.filter((s) => s.charts.length > 0);
  if (withCharts.length === 0) return;
  const paths = await sheetPaths(zip);
  const taken = new Set<string>();
  const overrides: string[] = [];
  for (const sheet of withCharts) {
    const sheetPath = paths.get(sheet.name);
    if (!sheetPath) continue;
    let sx = (await zip.file(sheetPath)?.async("string")) ?? "";
    const sheetRels = parseRels(await zip.file(relsPath(sheetPath))?.async("string"));
    let drawingRel = sheetRels.find((r) => r.type === REL_DRAWING);
    let drawingPath: string;
    let drawingXml: string;
    if (drawingRel) {
      drawingPath = resolve(sheetPath, drawingRel.target);
      drawingXml = (await zip.file(drawingPath)?.async("string")) ?? "";
    } else {
      drawingPath = freePath(zip, "xl/drawings", "drawing", taken);
      drawingRel = { id: nextRid(sheetRels), type: REL_DRAWING, target: relative(sheetPath, drawingPath) };
      sheetRels.push(drawingRel);
      drawingXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}"></xdr:wsDr>`;
      overrides.push(`<Override PartName="/${drawingPath}" ContentType="${CT_DRAWING}"/>`);
      const tag = `<drawing r:id="${drawingRel.id}"/>`;
      const m = AFTER_DRAWING.exec(sx);
      sx = m ? sx.slice(0, m.index) + tag + sx.slice(m.index) : sx.replace("</worksheet>", `${tag}</worksheet>`);
      if (!/xmlns:r=/.test(sx.slice(0, sx.indexOf(">", sx.indexOf("<worksheet")))))
        sx = sx.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS_R}"`);
      zip.file(sheetPath, sx);
      zip.file(relsPath(sheetPath), relsXml(sheetRels));
    }
    if (!/xmlns:r=/.test(drawingXml)) drawingXml = drawingXml.replace(/<xdr:wsDr\b/, `<xdr:wsDr xmlns:r="${NS_R}"`);
    if (!/xmlns:a=/.test(drawingXml)) drawingXml = drawingXml.replace(/<xdr:wsDr\b/, `<xdr:wsDr xmlns:a="${NS_A}"`);
    const drawingRels = parseRels(await zip.file(relsPath(drawingPath))?.async("string"));
    let shapeId = Math.max(1, ...[...drawingXml.matchAll(/<xdr:cNvPr\b[^>]*\sid="(\d+)"/g)].map((m) => Number(m[1]))) + 1;
    let anchors = "";
    for (const chart of sheet.charts) {
      const chartPath = freePath(zip, "xl/charts", "chart", taken);
      const rid = nextRid(drawingRels);
      drawingRels.push({ id: rid, type: REL_CHART, target: relative(drawingPath, chartPath) });
      overrides.push(`<Override PartName="/${chartPath}" ContentType="${CT_CHART}"/>`);
      if (chart.source) {
        const src = chart.source;
        zip.file(chartPath, rawChartXml(chart));
        // the chart's own parts (style, colours...) under fresh names, its relationships pointing at them
        if (src.chartRels) {
          const rels = parseRels(src.chartRels).map((r) => {
            const data = src.extraParts[r.target];
            if (!data) return r;
            const ext = r.target.slice(r.target.lastIndexOf("."));
            const stem = r.target.slice(r.target.lastIndexOf("/") + 1).replace(/\d*\.[^.]+$/, "");
            let n = 1;
            while (zip.file(`xl/charts/${stem}${n}${ext}`) || taken.has(`xl/charts/${stem}${n}${ext}`)) n++;
            const p = `xl/charts/${stem}${n}${ext}`;
            taken.add(p);
            zip.file(p, data);
            const ct = /chartStyle/.test(r.type) ? "application/vnd.ms-office.chartstyle+xml" : /chartColorStyle/.test(r.type) ? "application/vnd.ms-office.chartcolorstyle+xml" : /chartUserShapes/.test(r.type) ? "application/vnd.openxmlformats-officedocument.drawingml.chartshapes+xml" : undefined;
            if (ct) overrides.push(`<Override PartName="/${p}" ContentType="${ct}"/>`);
            return { ...r, target: relative(chartPath, p) };
          });
          zip.file(relsPath(chartPath), relsXml(rels));
        }
        anchors += src.anchorXml.replace(new RegExp(`r:id="${src.anchorRid}"`), `r:id="${rid}"`);
      } else {
        zip.file(chartPath, chartXml(chart));
        anchors += anchorXml(chart, rid, shapeId++);
      }
    }
    drawingXml = drawingXml.includes("</xdr:wsDr>") ? drawingXml.replace("</xdr:wsDr>", `${anchors}</xdr:wsDr>`) : drawingXml.replace(/<xdr:wsDr\b([^>]*)\/>/, `<xdr:wsDr$1>${anchors}</xdr:wsDr>`);
    zip.file(drawingPath, drawingXml);
    zip.file(relsPath(drawingPath), relsXml(drawingRels));
  }
  const ctPath = "[Content_Types].xml";
  let ct = (await zip.file(ctPath)?.async("string")) ?? "";
  const fresh = overrides.filter((o) => !ct.includes(o.slice(0, o.indexOf("ContentType"))));
  ct = ct.replace("</Types>", `${fresh.join("")}</Types>`);
  zip.file(ctPath, ct);
}

// ---------------------------------------------------------------------------------------------------------------
// reading

const TYPE_OF_GROUP: Record<string, (g: string) => string> = {
  lineChart: (g) => (/<c:grouping val="stacked"/.test(g) ? "LineStacked" : /<c:marker val="1"/.test(g) && !/<c:symbol val="none"/.test(g) ? "LineMarkers" : "Line"),
  barChart: (g) => {
    const bar = /<c:barDir val="bar"/.test(g) ? "Bar" : "Column";
    return /<c:grouping val="percentStacked"/.test(g) ? `${bar}Stacked100` : /<c:grouping val="stacked"/.test(g) ? `${bar}Stacked` : `${bar}Clustered`;
  },
  areaChart: (g) => (/<c:grouping val="percentStacked"/.test(g) ? "AreaStacked100" : /<c:grouping val="stacked"/.test(g) ? "AreaStacked" : "Area"),
  bubbleChart: () => "Bubble",
  scatterChart: () => "XYScatter",
  pieChart: () => "Pie",
};

function refIn(wb: SimWorkbook, xml: string, tag: string): SimSheetRef | undefined {
  const m = new RegExp(`<c:${tag}>[\\s\\S]*?<c:f>([^<]*)</c:f>`).exec(xml);
  return m ? (parseRefFormula(wb, unesc(m[1])) ?? undefined) : undefined;
}

/** Parses a chart part into the model (type, series names and references), keeping the raw part. */
export function parseChart(sheet: SimSheet, id: string, name: string, xml: string): SimChart {
  const wb = sheet.workbook;
  const groups = [...xml.matchAll(/<c:(lineChart|barChart|areaChart|bubbleChart|scatterChart|pieChart)>([\s\S]*?)<\/c:\1>/g)];
  const first = groups[0];
  const chartType = first ? TYPE_OF_GROUP[first[1]](first[2]) : "ColumnClustered";
  const chart = new SimChart(sheet, id, name, chartType);
  const t = /<c:chart>\s*<c:title>([\s\S]*?)<\/c:title>/.exec(xml);
  if (t) {
    chart.title = [...t[1].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => unesc(m[1])).join("");
    chart.titleVisible = true;
  }
  chart.legend.visible = /<c:legend>/.test(xml);
  const pos = /<c:legendPos val="(\w+)"/.exec(xml)?.[1];
  chart.legend.position = ({ t: "Top", b: "Bottom", l: "Left", r: "Right", tr: "Corner" } as Record<string, string>)[pos ?? "r"] ?? "Right";
  for (const g of groups) {
    const type = TYPE_OF_GROUP[g[1]](g[2]);
    for (const sm of g[2].matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)) {
      const sx = sm[1];
      const txv = /<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(sx)?.[1];
      const s = newSeries(txv !== undefined ? unesc(txv) : `Series${chart.series.length + 1}`);
      if (type !== chartType) s.chartType = type;
      s.values = refIn(wb, sx, "val") ?? refIn(wb, sx, "yVal");
      s.xValues = refIn(wb, sx, "cat") ?? refIn(wb, sx, "xVal");
      s.bubbleSizes = refIn(wb, sx, "bubbleSize");
      chart.series.push(s);
    }
  }
  return chart;
}

/** Charts of a loaded package, per sheet name, kept raw. Call once the sheets exist in `wb`. */
export async function readChartParts(zip: JSZip, wb: SimWorkbook): Promise<void> {
  const paths = await sheetPaths(zip);
  for (const [sheetName, sheetPath] of paths) {
    const sheet = wb.sheet(sheetName);
    if (!sheet) continue;
    const drawingRel = parseRels(await zip.file(relsPath(sheetPath))?.async("string")).find((r) => r.type === REL_DRAWING);
    if (!drawingRel) continue;
    const drawingPath = resolve(sheetPath, drawingRel.target);
    const dx = await zip.file(drawingPath)?.async("string");
    if (!dx) continue;
    const drels = parseRels(await zip.file(relsPath(drawingPath))?.async("string"));
    for (const m of dx.matchAll(/<xdr:(twoCellAnchor|oneCellAnchor|absoluteAnchor)\b[\s\S]*?<\/xdr:\1>/g)) {
      const anchor = m[0];
      const cm = /<c:chart\b[^>]*r:id="([^"]+)"/.exec(anchor);
      if (!cm) continue;
      const rel = drels.find((r) => r.id === cm[1]);
      if (!rel) continue;
      const chartPath = resolve(drawingPath, rel.target);
      const xml = await zip.file(chartPath)?.async("string");
      if (!xml) continue;
      const name = attr(/<xdr:cNvPr\b[^>]*>/.exec(anchor)?.[0] ?? "", "name") ?? `Chart ${sheet.charts.length + 1}`;
      const chart = parseChart(sheet, wb.nextId("C"), name, xml);
      const cell = (tag: string) => {
        const t = new RegExp(`<xdr:${tag}>[\\s\\S]*?<xdr:col>(\\d+)</xdr:col>[\\s\\S]*?<xdr:row>(\\d+)</xdr:row>`).exec(anchor);
        return t ? { r: Number(t[2]), c: Number(t[1]) } : undefined;
      };
      const from = cell("from");
      const to = cell("to");
      if (from && to) chart.anchor = { from, to };
      const chartRels = await zip.file(relsPath(chartPath))?.async("string");
      const extraParts: Record<string, Uint8Array> = {};
      for (const r of parseRels(chartRels)) {
        const p = resolve(chartPath, r.target);
        const data = await zip.file(p)?.async("uint8array");
        if (data) extraParts[r.target] = data;
      }
      const refSheets = new Map<string, SimSheet>();
      for (const f of xml.matchAll(/<c:f>([^<]*)<\/c:f>/g)) {
        for (const q of unesc(f[1]).matchAll(/('(?:[^']|'')+'|[A-Za-z0-9_.\u00C0-\uFFFF]+)!/g)) {
          const n = q[1].startsWith("'") ? q[1].slice(1, -1).replace(/''/g, "'") : q[1];
          const s = wb.sheet(n);
          if (s) refSheets.set(n, s);
        }
      }
      chart.source = { chartXml: xml, chartRels, extraParts, anchorXml: anchor, anchorRid: cm[1], refSheets };
      sheet.charts.push(chart);
    }
  }
}
