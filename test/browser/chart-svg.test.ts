/**
 * The preview's SVG model of a simulated chart (src/preview/chart-svg.ts), in node: charts drawn by drawCharts on the
 * simulated host, shapes placed from the referenced cells' values (checked against an independent scale
 * computation), unfilled series drawn as nothing, log x axis for the bubble chart, accessible markup.
 */
import { SaxesParser } from "saxes";
import type { ChartSpec } from "../../src/core/charts/spec";
import { drawCharts } from "../../src/excel/charts";
import { chartSvgMarkup, chartSvgModel, type SvgShape } from "../../src/preview/chart-svg";
import { createSimHost, SimWorkbook } from "../../src/sim";
import type { SimChart } from "../../src/sim/chart-model";

const SALES = [100, 120, 90, 150];
const LOW = [80, 100, 70, 120];
const BAND = [40, 40, 40, 40];
const SHARE = [0.1, 1, 10, 3];
const GROWTH = [0.05, 0.1, -0.02, 0.2];
const SIZE = [1, 4, 9, 16];

async function drawn(specs: ChartSpec[]): Promise<SimChart[]> {
  const wb = new SimWorkbook();
  wb.addSheet("S");
  wb.setValues("S", "A1", [["Month", "Sales", "Low", "Band", "Share", "Growth", "Size"], ...["Jan", "Feb", "Mar", "Apr"].map((m, i) => [m, SALES[i], LOW[i], BAND[i], SHARE[i], GROWTH[i], SIZE[i]])]);
  const host = createSimHost(wb);
  await host.run(async (ctx) => void (await drawCharts(ctx, ctx.workbook.worksheets.getItem("S"), specs, { fresh: true })));
  return host.workbook.sheetOrThrow("S").charts;
}

const rects = (shapes: SvgShape[], series: number) => shapes.filter((s): s is Extract<SvgShape, { kind: "rect" }> => s.kind === "rect" && s.series === series);

describe("chart SVG model", () => {
  it("stacked columns: the unfilled base is not drawn, the visible part sits on it, heights proportional to the values", async () => {
    const [chart] = await drawn([
      { key: "w", kind: "columnStacked", title: "Bridge", series: [{ name: "Base", values: "C2:C5", categories: "A2:A5", fill: "none" }, { name: "Step", values: "D2:D5", categories: "A2:A5", color: "#2E75B6", pointColors: [null, "#C00000"] }], anchor: { from: "I2", to: "P18" }, legend: "none" },
    ]);
    const m = chartSvgModel(chart, 400, 300);
    expect(rects(m.shapes, 0)).toHaveLength(0);
    const steps = rects(m.shapes, 1);
    expect(steps).toHaveLength(4);
    // independent scale: all bars share one px-per-unit; heights are BAND, bottoms at LOW
    const perUnit = steps[0].h / BAND[0];
    steps.forEach((r, k) => expect(r.h).toBeCloseTo(BAND[k] * perUnit, 0));
    const zeroY = steps[0].y + steps[0].h + LOW[0] * perUnit;
    steps.forEach((r, k) => expect(r.y + r.h).toBeCloseTo(zeroY - LOW[k] * perUnit, 0));
    expect(steps.map((r) => r.fill)).toEqual(["#2E75B6", "#C00000", "#2E75B6", "#2E75B6"]);
    expect(m.legend).toEqual([]);
  });

  it("band: the unfilled base draws nothing, the band is an area between low and low + band, the line follows the sales", async () => {
    const [chart] = await drawn([
      {
        key: "b",
        kind: "areaStacked",
        title: "Band",
        series: [
          { name: "Low", values: "C2:C5", categories: "A2:A5", fill: "none", hideInLegend: true },
          { name: "Band", values: "D2:D5", categories: "A2:A5", color: "#BDD7EE" },
          { name: "Sales", values: "B2:B5", categories: "A2:A5", kind: "line", color: "#C00000", line: { style: "dash" } },
        ],
        anchor: { from: "A1", to: "H16" },
      },
    ]);
    const m = chartSvgModel(chart, 400, 300);
    const paths = m.shapes.filter((s): s is Extract<SvgShape, { kind: "path" }> => s.kind === "path");
    expect(paths.map((p) => p.series)).toEqual([1, 2]);
    const ys = (d: string) => [...d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((x) => Number(x[1]));
    const line = ys(paths[1].d);
    // y is linear in the value: (y_k - y_0) / (v_k - v_0) constant
    const slope = (line[1] - line[0]) / (SALES[1] - SALES[0]);
    SALES.forEach((v, k) => expect(line[k]).toBeCloseTo(line[0] + slope * (v - SALES[0]), 0));
    // the band's upper edge is low + band on the same scale
    const band = ys(paths[0].d);
    expect(band[0]).toBeCloseTo(line[0] + slope * (LOW[0] + BAND[0] - SALES[0]), 0);
    expect(paths[1].dash).toBe("6 4");
    expect(m.legend.map((l) => l.name)).toEqual(["Band", "Sales"]);
  });

  it("bubble with a log x axis: x positions are linear in log10 of the share, radii grow with the square root of the size", async () => {
    const [chart] = await drawn([{ key: "bcg", kind: "bubble", title: "BCG", series: [{ name: "P", values: "F2:F5", categories: "E2:E5", bubbleSizes: "G2:G5" }], anchor: { from: "A1", to: "H16" }, categoryAxis: { logBase: 10, minimum: 0.1, maximum: 10 } }]);
    const m = chartSvgModel(chart, 400, 300);
    const c = m.shapes.filter((s): s is Extract<SvgShape, { kind: "circle" }> => s.kind === "circle");
    expect(c).toHaveLength(4);
    const step = (c[1].cx - c[0].cx) / (Math.log10(SHARE[1]) - Math.log10(SHARE[0]));
    SHARE.forEach((v, k) => expect(c[k].cx).toBeCloseTo(c[0].cx + step * (Math.log10(v) - Math.log10(SHARE[0])), 0));
    SIZE.forEach((v, k) => expect(c[k].r / c[3].r).toBeCloseTo(Math.sqrt(v / SIZE[3]), 1));
  });

  it("gives well-formed, accessible markup: role img, aria-label and title with the chart's title, escaped text", async () => {
    const [chart] = await drawn([{ key: "l", kind: "line", title: "Ventes <mois> & cumul", series: [{ name: "Sales", values: "B2:B5", categories: "A2:A5" }], anchor: { from: "A1", to: "H16" } }]);
    const svg = chartSvgMarkup(chartSvgModel(chart, 400, 300));
    let root: { name: string; attributes: Record<string, string> } | undefined;
    const texts: string[] = [];
    const p = new SaxesParser();
    p.on("opentag", (t) => (root ??= { name: t.name, attributes: t.attributes as Record<string, string> }));
    p.on("text", (t) => texts.push(t));
    p.write(svg).close();
    expect(root?.name).toBe("svg");
    expect(root?.attributes.role).toBe("img");
    expect(root?.attributes["aria-label"]).toBe("Ventes <mois> & cumul");
    expect(texts).toEqual(expect.arrayContaining(["Ventes <mois> & cumul", "Jan", "Apr", "Sales"]));
  });

  it("writes the value axis's tick labels in its number format", async () => {
    const [pct, plain] = await drawn([
      { key: "p", kind: "columnClustered", title: "Growth", series: [{ name: "Growth", values: "F2:F5", categories: "A2:A5" }], anchor: { from: "I2", to: "P18" }, valueAxis: { numberFormat: "0%" }, legend: "none" },
      { key: "q", kind: "columnClustered", title: "Growth", series: [{ name: "Growth", values: "F2:F5", categories: "A2:A5" }], anchor: { from: "I20", to: "P36" }, legend: "none" },
    ]);
    const ticks = (c: SimChart) => chartSvgModel(c, 400, 300).shapes.filter((s): s is Extract<SvgShape, { kind: "text" }> => s.kind === "text" && s.anchor === "end").map((s) => s.text);
    expect(ticks(pct).length).toBeGreaterThan(2);
    for (const t of ticks(pct)) expect(t).toMatch(/^-?\d+%$/);
    expect(ticks(pct)).toContain("20%");
    expect(ticks(plain)).toContain("0.2");
  });
});
