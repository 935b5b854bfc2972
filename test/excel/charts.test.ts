/**
 * drawCharts (src/excel/charts.ts) on the simulated host: every kind, combos, unfilled bases, point colours, axes,
 * redraws that replace only OPS's charts, and requirement sets missing (a message, the data kept).
 */
import type { ChartSpec } from "../../src/core/charts/spec";
import { catalogueKeys, t } from "../../src/core/i18n";
import { drawCharts } from "../../src/excel/charts";
import { createSimHost, SimWorkbook, type SimHost } from "../../src/sim";
import type { SimChart } from "../../src/sim/chart-model";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"];

function workbook(): SimWorkbook {
  const wb = new SimWorkbook();
  wb.addSheet("Data");
  wb.setValues("Data", "A1", [["Month", "Sales", "Low", "Band", "Share", "Growth", "Size"], ...MONTHS.map((m, i) => [m, 100 + i * 10, 90 + i * 8, 20 + i, 0.2 + i / 10, -0.1 + i / 20, 5 + i])]);
  return wb;
}

function hostWith(wb = workbook(), excelApiVersion?: number): SimHost {
  const host = createSimHost(wb, { excelApiVersion });
  return host;
}

const line: ChartSpec = {
  key: "trend_sales",
  kind: "line",
  title: "Sales by month",
  series: [{ name: "Sales", values: "B2:B7", categories: "A2:A7", color: "#1F4E79", line: { style: "continuous", weight: 2 }, marker: "none" }],
  anchor: { from: "I2", to: "P18" },
  valueAxis: { title: "EUR", minimum: 0, numberFormat: "# ##0" },
  legend: "bottom",
};

const band: ChartSpec = {
  key: "trend_band",
  kind: "areaStacked",
  title: "Forecast with 80% interval",
  series: [
    { name: "Low", values: "C2:C7", categories: "A2:A7", fill: "none", hideInLegend: true },
    { name: "80% interval", values: "D2:D7", categories: "A2:A7", color: "#BDD7EE" },
    { name: "Sales", values: "B2:B7", categories: "A2:A7", kind: "line", color: "#C00000", line: { style: "dash", weight: 1.5 } },
  ],
  anchor: { from: "I20", to: "P36" },
};

const waterfall: ChartSpec = {
  key: "bridge",
  kind: "columnStacked",
  title: "Bridge",
  series: [
    { name: "Base", values: "C2:C7", categories: "A2:A7", fill: "none", hideInLegend: true },
    { name: "Change", values: "D2:D7", categories: "A2:A7", color: "#2E75B6", pointColors: [null, "#C00000", null, "#548235"], dataLabels: { showValue: true, numberFormat: "+0;-0" } },
  ],
  anchor: { from: "A10", to: "H26" },
  gapWidth: 50,
  overlap: 100,
  legend: "none",
};

const bubble: ChartSpec = {
  key: "bcg",
  kind: "bubble",
  title: "BCG matrix",
  series: [{ name: "Products", values: "F2:F7", categories: "E2:E7", bubbleSizes: "G2:G7", color: "#7030A0" }],
  anchor: { from: "R2", to: "Y18" },
  categoryAxis: { title: "Relative share", logBase: 10, minimum: 0.1, maximum: 10 },
  valueAxis: { title: "Growth", numberFormat: "0%" },
};

const scatter: ChartSpec = { key: "xy", kind: "xyScatter", title: "Share vs growth", series: [{ name: "Points", values: "F2:F7", categories: "E2:E7", marker: "circle" }], anchor: { from: "R20", to: "Y36" } };
const columns: ChartSpec = { key: "cols", kind: "columnClustered", title: "Sales and low", series: [{ name: "Sales", values: "B2:B7", categories: "A2:A7" }, { name: "Low", values: "C2:C7", categories: "A2:A7" }], anchor: { from: "A30", to: "H44" }, gapWidth: 80 };
const bars: ChartSpec = { key: "bars", kind: "barClustered", title: "Bars", series: [{ name: "Sales", values: "B2:B7", categories: "A2:A7" }], anchor: { from: "A46", to: "H60" }, legend: "right" };
const markers: ChartSpec = { key: "lm", kind: "lineMarkers", title: "Markers", series: [{ name: "Sales", values: "B2:B7", categories: "A2:A7", marker: "diamond" }], anchor: { from: "J46", to: "P60" }, legend: "top" };

const ALL = [line, band, waterfall, bubble, scatter, columns, bars, markers];

async function draw(host: SimHost, specs: readonly ChartSpec[], fresh = true) {
  return host.run(async (ctx) => {
    const sheet = ctx.workbook.worksheets.getItem("Data");
    const out = await drawCharts(ctx, sheet, specs, { fresh });
    await ctx.sync();
    return out;
  });
}

function chart(host: SimHost, name: string): SimChart {
  const c = host.workbook.sheetOrThrow("Data").charts.find((x) => x.name === name);
  if (!c) throw new Error(`no chart ${name}`);
  return c;
}

const ref = (r: { sheet: { name: string }; bounds: { r0: number; c0: number; r1: number; c1: number } } | undefined) =>
  r ? `${r.sheet.name}!${String.fromCharCode(65 + r.bounds.c0)}${r.bounds.r0 + 1}:${String.fromCharCode(65 + r.bounds.c1)}${r.bounds.r1 + 1}` : undefined;

describe("drawCharts on the simulated host", () => {
  it("draws one chart per spec, named OPS_<key>, with each series on the ranges of its spec", async () => {
    const host = hostWith();
    const out = await draw(host, ALL);
    expect(out).toEqual({ drawn: ALL.length, skipped: [] });
    const charts = host.workbook.sheetOrThrow("Data").charts;
    expect(charts.map((c) => c.name)).toEqual(ALL.map((s) => `OPS_${s.key}`));
    for (const spec of ALL) {
      const c = chart(host, `OPS_${spec.key}`);
      expect(c.title).toBe(spec.title);
      expect(c.series.map((s) => s.name)).toEqual(spec.series.map((s) => s.name));
      expect(c.series.map((s) => ref(s.values))).toEqual(spec.series.map((s) => `Data!${s.values}`));
      expect(c.series.map((s) => ref(s.xValues))).toEqual(spec.series.map((s) => (s.categories ? `Data!${s.categories}` : undefined)));
    }
    expect(chart(host, "OPS_trend_sales").chartType).toBe("Line");
    expect(chart(host, "OPS_bcg").chartType).toBe("Bubble");
    expect(ref(chart(host, "OPS_bcg").series[0].bubbleSizes)).toBe("Data!G2:G7");
  });

  it("anchors each chart on its cells (the end cell included) and sets title, legend and axes", async () => {
    const host = hostWith();
    await draw(host, [line, waterfall, bubble]);
    const l = chart(host, "OPS_trend_sales");
    // I2 = row 1, column 8; P18 covered, so the chart ends at the top-left of Q19
    expect(l.anchor).toEqual({ from: { r: 1, c: 8 }, to: { r: 18, c: 16 } });
    expect(l.legend).toEqual({ visible: true, position: "Bottom" });
    expect(l.valueAxis).toEqual({ title: "EUR", minimum: 0, numberFormat: "# ##0" });
    expect(l.series[0].line).toEqual({ color: "#1F4E79", style: "Continuous", weight: 2 });
    expect(l.series[0].markerStyle).toBe("None");
    expect(chart(host, "OPS_bridge").legend.visible).toBe(false);
    expect(chart(host, "OPS_bcg").categoryAxis).toEqual({ title: "Relative share", logBase: 10, minimum: 0.1, maximum: 10 });
  });

  it("builds the band as a combo: unfilled stacked base hidden from the legend, filled band, line on top", async () => {
    const host = hostWith();
    await draw(host, [band]);
    const c = chart(host, "OPS_trend_band");
    expect(c.chartType).toBe("AreaStacked");
    expect(c.series.map((s) => s.chartType)).toEqual([undefined, undefined, "Line"]);
    expect(c.series[0].fill).toBeNull();
    expect(c.series[0].showInLegend).toBe(false);
    expect(c.series[1].fill).toBe("#BDD7EE");
    expect(c.series[2].line).toEqual({ color: "#C00000", style: "Dash", weight: 1.5 });
  });

  it("builds the waterfall: invisible base, point colours, labels with their format, gap and overlap", async () => {
    const host = hostWith();
    await draw(host, [waterfall]);
    const c = chart(host, "OPS_bridge");
    expect(c.series[0].fill).toBeNull();
    expect(c.series[0].line.style).toBe("None");
    expect(c.series[1].fill).toBe("#2E75B6");
    expect(c.series[1].pointFills).toEqual({ 1: "#C00000", 3: "#548235" });
    expect(c.series[1].hasDataLabels).toBe(true);
    expect(c.series[1].dataLabelsNumberFormat).toBe("+0;-0");
    expect(c.series[0].gapWidth).toBe(50);
    expect(c.series[0].overlap).toBe(100);
  });

  it("a redraw (fresh: false) replaces the OPS charts it redraws and keeps every other chart", async () => {
    const host = hostWith();
    await draw(host, [line, band]);
    await host.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      const user = s.charts.add("ColumnClustered" as Excel.ChartType, s.getRange("A1:B7"), "Columns");
      user.name = "My chart";
      const lookalike = s.charts.add("Line" as Excel.ChartType, s.getRange("B2:B7"), "Columns");
      lookalike.name = "OPS_other";
    });
    const changed = { ...line, title: "Sales, redrawn" };
    const out = await draw(host, [changed], false);
    expect(out.drawn).toBe(1);
    const names = host.workbook.sheetOrThrow("Data").charts.map((c) => c.name);
    expect(names.sort()).toEqual(["My chart", "OPS_other", "OPS_trend_band", "OPS_trend_sales"]);
    expect(chart(host, "OPS_trend_sales").title).toBe("Sales, redrawn");
    // the user's chart was made from a block with a header row and a text first column
    const user = chart(host, "My chart");
    expect(user.series.map((s) => [s.name, ref(s.values), ref(s.xValues)])).toEqual([["Sales", "Data!B2:B7", "Data!A2:A7"]]);
  });

  it("with fresh: true it only queues calls: nothing is drawn before the caller syncs", async () => {
    const host = hostWith();
    await host.run(async (ctx) => {
      const before = host.stats.syncs;
      const out = await drawCharts(ctx, ctx.workbook.worksheets.getItem("Data"), [line], { fresh: true });
      expect(out.drawn).toBe(1);
      expect(host.stats.syncs).toBe(before);
      expect(host.workbook.sheetOrThrow("Data").charts).toHaveLength(0);
      await ctx.sync();
      expect(host.workbook.sheetOrThrow("Data").charts).toHaveLength(1);
    });
  });

  it("without ExcelApi 1.7 draws nothing and says so for each chart; the data stays", async () => {
    const host = hostWith(workbook(), 1.6);
    const g = globalThis as { Office?: unknown };
    host.installGlobals();
    try {
      const out = await draw(host, [line, band]);
      expect(out.drawn).toBe(0);
      expect(out.skipped).toEqual([
        { code: "charts.setMissing", severity: "warning", params: { chart: "Sales by month", set: "ExcelApi 1.7" } },
        { code: "charts.setMissing", severity: "warning", params: { chart: "Forecast with 80% interval", set: "ExcelApi 1.7" } },
      ]);
      expect(host.workbook.sheetOrThrow("Data").charts).toHaveLength(0);
      expect(host.workbook.getValues("Data", "B2:B3")).toEqual([[100], [110]]);
      expect(t("charts.setMissing", "fr", out.skipped[0].params)).toContain("« Sales by month »");
    } finally {
      delete g.Office;
      delete (globalThis as { Excel?: unknown }).Excel;
      delete (globalThis as { OfficeExtension?: unknown }).OfficeExtension;
    }
  });

  it("with ExcelApi 1.7 but not 1.8 / 1.9 draws the charts without the options those sets bring, with a note each", async () => {
    const host = hostWith(workbook(), 1.7);
    host.installGlobals();
    try {
      const out = await draw(host, [waterfall, band]);
      expect(out.drawn).toBe(2);
      expect(out.skipped.map((m) => m.code)).toEqual(["charts.overlapMissing", "charts.numberFormatMissing", "charts.legendEntriesMissing"]);
      const c = chart(host, "OPS_bridge");
      expect(c.series[1].dataLabelsNumberFormat).toBeUndefined();
      expect(c.series[0].overlap).toBeUndefined();
      expect(c.series[1].pointFills).toEqual({ 1: "#C00000", 3: "#548235" });
    } finally {
      delete (globalThis as { Office?: unknown }).Office;
      delete (globalThis as { Excel?: unknown }).Excel;
      delete (globalThis as { OfficeExtension?: unknown }).OfficeExtension;
    }
  });

  it("a spec with a bad range or no series gives a message and the other charts are drawn", async () => {
    const host = hostWith();
    const out = await draw(host, [{ ...line, key: "bad", series: [{ name: "x", values: "B2:ZZZZ9" }] }, { ...line, key: "empty", series: [] }, line], true);
    expect(out.drawn).toBe(1);
    expect(out.skipped.map((m) => [m.code, m.params?.range])).toEqual([["charts.badRange", "B2:ZZZZ9"], ["charts.noSeries", undefined]]);
    expect(host.workbook.sheetOrThrow("Data").charts.map((c) => c.name)).toEqual(["OPS_trend_sales"]);
  });

  it("has every message in French and English", () => {
    for (const k of ["charts.setMissing", "charts.numberFormatMissing", "charts.overlapMissing", "charts.legendEntriesMissing", "charts.noSeries", "charts.badRange"]) {
      expect(catalogueKeys("fr")).toContain(k);
      expect(catalogueKeys("en")).toContain(k);
    }
  });
});
