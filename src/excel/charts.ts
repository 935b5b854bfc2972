/**
 * Draws OPS's native charts (src/core/charts/spec.ts) on a worksheet through the Excel chart API. Each chart is added
 * from its first series' values, then every series is set explicitly (values, x values / categories, bubble sizes,
 * per-series type for combos), then formats, axes, title, legend and position. Each group of calls is guarded by the
 * requirement set it needs; what a missing set prevents goes to `skipped` as a message and the data block stays.
 *
 * Requirement sets (checked against @types/office-js): charts.add, name, title, legend, axis min/max/title, fills,
 * line colour, points, setPosition: ExcelApi 1.1; series.add, setValues, setXAxisValues, setBubbleSizes, series
 * chartType, markerStyle, hasDataLabels, gapWidth, line style/weight, axis logBase: 1.7; series overlap,
 * series.dataLabels.numberFormat, axis numberFormat: 1.8; legend entries: 1.9. Without 1.7 a chart's series cannot
 * be set from OPS's ranges, so the chart is not drawn at all (one message), rather than drawn wrong.
 */
import { CHART_TYPE_NAMES, chartName, isOpsChartName, type ChartKind, type ChartSpec, type LineStyle, type SeriesSpec } from "../core/charts/spec";
import type { OpsMessage } from "../core/types";

export interface ChartDrawOutcome {
  drawn: number;
  skipped: OpsMessage[] /* e.g. requirement set missing */;
}

export interface ChartDrawOptions {
  /** A new temporary OPS sheet: only queue calls (the caller syncs). Otherwise the sheet's OPS_* charts with the same keys are deleted first (one sync). */
  fresh?: boolean;
  /** The sheet's name, for the location of messages (optional). */
  sheetName?: string;
}

/** True when the host supports ExcelApi `version`; without an Office global (jest, node tools) everything is. */
export function excelApiSupported(version: string): boolean {
  const office = (globalThis as { Office?: { context?: { requirements?: { isSetSupported?: (n: string, v?: string) => boolean } } } }).Office;
  const req = office?.context?.requirements;
  if (!req?.isSetSupported) return true;
  try {
    return req.isSetSupported("ExcelApi", version);
  } catch {
    return false;
  }
}

const LINE_STYLES: Record<LineStyle, Excel.ChartLineStyle | "Continuous" | "Dash" | "RoundDot" | "None"> = {
  continuous: "Continuous",
  dash: "Dash",
  roundDot: "RoundDot",
  none: "None",
};

const MARKERS: Record<NonNullable<SeriesSpec["marker"]>, "None" | "Circle" | "Square" | "Diamond"> = {
  none: "None",
  circle: "Circle",
  square: "Square",
  diamond: "Diamond",
};

const LEGEND: Record<"bottom" | "right" | "top", "Bottom" | "Right" | "Top"> = { bottom: "Bottom", right: "Right", top: "Top" };

const A1_RANGE = /^\$?[A-Za-z]{1,3}\$?[1-9]\d{0,6}(:\$?[A-Za-z]{1,3}\$?[1-9]\d{0,6})?$/;
const COLOR = /^#[0-9A-Fa-f]{6}$/;

function isLineKind(k: ChartKind): boolean {
  return k === "line" || k === "lineMarkers";
}
function isBarKind(k: ChartKind): boolean {
  return k === "columnClustered" || k === "columnStacked" || k === "barClustered";
}

/** The first range of a spec that is not a plain A1 range of the sheet, if any. */
function badRange(spec: ChartSpec): string | undefined {
  const ranges: (string | undefined)[] = [spec.anchor.from, spec.anchor.to];
  for (const s of spec.series) ranges.push(s.values, s.categories, s.bubbleSizes);
  return ranges.find((r) => r !== undefined && !A1_RANGE.test(r)) ?? (spec.series.some((s) => s.values === undefined) ? "" : undefined);
}

export async function drawCharts(context: Excel.RequestContext, sheet: Excel.Worksheet, specs: readonly ChartSpec[], options: ChartDrawOptions = {}): Promise<ChartDrawOutcome> {
  const skipped: OpsMessage[] = [];
  const where = (spec: ChartSpec): Pick<OpsMessage, "location"> => (options.sheetName ? { location: { sheet: options.sheetName, address: `${spec.anchor.from}:${spec.anchor.to}` } } : {});
  const note = (spec: ChartSpec, code: string, params: Record<string, string | number>, severity: OpsMessage["severity"] = "warning") =>
    skipped.push({ code, severity, params: { chart: spec.title || chartName(spec), ...params }, ...where(spec) });
  if (specs.length === 0) return { drawn: 0, skipped };

  if (!excelApiSupported("1.1") || !excelApiSupported("1.7")) {
    const set = excelApiSupported("1.1") ? "ExcelApi 1.7" : "ExcelApi 1.1";
    for (const spec of specs) note(spec, "charts.setMissing", { set });
    return { drawn: 0, skipped };
  }
  const has18 = excelApiSupported("1.8");
  const has19 = excelApiSupported("1.9");

  if (!options.fresh) {
    const existing = sheet.charts;
    existing.load("items/name");
    await context.sync();
    const redrawn = new Set(specs.map((s) => chartName(s)));
    for (const c of existing.items) if (isOpsChartName(c.name) && redrawn.has(c.name)) c.delete();
  }

  let drawn = 0;
  for (const spec of specs) {
    if (spec.series.length === 0) {
      note(spec, "charts.noSeries", {});
      continue;
    }
    const bad = badRange(spec);
    if (bad !== undefined || !(spec.kind in CHART_TYPE_NAMES)) {
      note(spec, "charts.badRange", { range: bad ?? spec.kind });
      continue;
    }
    const chart = sheet.charts.add(CHART_TYPE_NAMES[spec.kind] as Excel.ChartType, sheet.getRange(spec.series[0].values), "Columns");
    chart.name = chartName(spec);
    chart.title.text = spec.title;
    const legend = spec.legend ?? "bottom";
    if (legend === "none") chart.legend.visible = false;
    else {
      chart.legend.visible = true;
      chart.legend.position = LEGEND[legend];
    }

    let gapSet = false;
    spec.series.forEach((ss, i) => {
      const s = i === 0 ? chart.series.getItemAt(0) : chart.series.add(ss.name);
      const kind = ss.kind ?? spec.kind;
      if (i === 0) s.name = ss.name;
      if (kind !== spec.kind) s.chartType = CHART_TYPE_NAMES[kind] as Excel.ChartType;
      s.setValues(sheet.getRange(ss.values));
      if (ss.categories) s.setXAxisValues(sheet.getRange(ss.categories));
      if (ss.bubbleSizes && kind === "bubble") s.setBubbleSizes(sheet.getRange(ss.bubbleSizes));

      // colour: the line of a line series, the fill of the others
      const color = ss.color && COLOR.test(ss.color) ? ss.color : undefined;
      if (ss.fill === "none") s.format.fill.clear();
      else if (color && !isLineKind(kind)) s.format.fill.setSolidColor(color);
      const lineColor = ss.line?.color && COLOR.test(ss.line.color) ? ss.line.color : isLineKind(kind) ? color : undefined;
      if (lineColor) s.format.line.color = lineColor;
      if (ss.line?.style) s.format.line.lineStyle = LINE_STYLES[ss.line.style] as Excel.ChartLineStyle;
      else if (ss.fill === "none" && !isLineKind(kind)) s.format.line.lineStyle = "None" as Excel.ChartLineStyle;
      if (ss.line?.weight !== undefined && ss.line.weight > 0) s.format.line.weight = ss.line.weight;
      if (ss.marker && (isLineKind(kind) || kind === "xyScatter")) s.markerStyle = MARKERS[ss.marker] as Excel.ChartMarkerStyle;

      if (ss.dataLabels) {
        s.hasDataLabels = ss.dataLabels.showValue;
        if (ss.dataLabels.showValue && ss.dataLabels.numberFormat) {
          if (has18) s.dataLabels.numberFormat = ss.dataLabels.numberFormat;
          else note(spec, "charts.numberFormatMissing", { set: "ExcelApi 1.8" }, "info");
        }
      }
      ss.pointColors?.forEach((c, j) => {
        if (c && COLOR.test(c)) s.points.getItemAt(j).format.fill.setSolidColor(c);
      });
      if (isBarKind(kind) && !gapSet) {
        gapSet = true;
        if (spec.gapWidth !== undefined) s.gapWidth = Math.max(0, Math.min(500, spec.gapWidth));
        if (spec.overlap !== undefined) {
          if (has18) s.overlap = Math.max(-100, Math.min(100, spec.overlap));
          else note(spec, "charts.overlapMissing", { set: "ExcelApi 1.8" }, "info");
        }
      }
      if (ss.hideInLegend && legend !== "none") {
        if (has19) chart.legend.legendEntries.getItemAt(i).visible = false;
        else note(spec, "charts.legendEntriesMissing", { series: ss.name, set: "ExcelApi 1.9" }, "info");
      }
    });

    axis(chart.axes.valueAxis, spec.valueAxis, spec, has18, note);
    axis(chart.axes.categoryAxis, spec.categoryAxis, spec, has18, note);
    chart.setPosition(spec.anchor.from, spec.anchor.to);
    drawn++;
  }
  return { drawn, skipped };
}

function axis(
  a: Excel.ChartAxis,
  spec: ChartSpec["valueAxis"],
  chart: ChartSpec,
  has18: boolean,
  note: (spec: ChartSpec, code: string, params: Record<string, string | number>, severity?: OpsMessage["severity"]) => void,
): void {
  if (!spec) return;
  if (spec.minimum !== undefined && Number.isFinite(spec.minimum)) a.minimum = spec.minimum;
  if (spec.maximum !== undefined && Number.isFinite(spec.maximum)) a.maximum = spec.maximum;
  if (spec.logBase !== undefined && spec.logBase >= 2) a.logBase = spec.logBase;
  if (spec.title) a.title.text = spec.title;
  if (spec.numberFormat) {
    if (has18) a.numberFormat = spec.numberFormat;
    else note(chart, "charts.numberFormatMissing", { set: "ExcelApi 1.8" }, "info");
  }
}
