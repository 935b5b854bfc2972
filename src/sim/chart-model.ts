/**
 * The charts of the simulated host: a plain data model close to ChartSpec (src/core/charts/spec.ts) that the chart
 * proxies (./proxies.ts) edit, the .xlsx writer (./xlsx-charts.ts) turns into DrawingML and the browser preview draws
 * as SVG. Series ranges keep the *sheet object* (not its name), so a renamed sheet (the temp-sheet-then-rename swap of
 * src/excel/report.ts) keeps its charts pointing at the right cells, as in Excel.
 */
import { MAX_COLS, MAX_ROWS, parseBounds, qualifiedAddress, splitSheet, type Bounds } from "./address";
import type { SimSheet, SimWorkbook } from "./model";

/** A range a chart series reads: the sheet itself (follows renames) and the block. */
export interface SimSheetRef {
  sheet: SimSheet;
  bounds: Bounds;
}

export interface SimLineFormat {
  /** "#RRGGBB"; undefined: automatic. */
  color?: string;
  /** Excel.ChartLineStyle: "Continuous", "Dash", "RoundDot", "None"...; undefined: automatic. */
  style?: string;
  /** Points. */
  weight?: number;
}

export interface SimChartSeries {
  name: string;
  /** Excel.ChartType of this series (combo charts); undefined: the chart's type. */
  chartType?: string;
  values?: SimSheetRef;
  /** Category labels, or x values for bubble / scatter. */
  xValues?: SimSheetRef;
  bubbleSizes?: SimSheetRef;
  /** "#RRGGBB" solid fill; null: no fill (`format.fill.clear()`); undefined: automatic. */
  fill?: string | null;
  line: SimLineFormat;
  /** Excel.ChartMarkerStyle ("None", "Circle"...); undefined: automatic. */
  markerStyle?: string;
  hasDataLabels: boolean;
  dataLabelsNumberFormat?: string;
  /** Point index → fill colour ("#RRGGBB") or null (no fill). */
  pointFills: Record<number, string | null>;
  gapWidth?: number;
  overlap?: number;
  /** false when the legend entry is hidden (ChartLegendEntry.visible, ExcelApi 1.9). */
  showInLegend: boolean;
}

export interface SimChartAxis {
  minimum?: number;
  maximum?: number;
  numberFormat?: string;
  logBase?: number;
  title?: string;
}

export interface SimCellAnchor {
  /** 0-based row and column of the cell. */
  r: number;
  c: number;
}

/** Raw DrawingML parts of a chart read from a .xlsx, written back as they were (see ./xlsx-charts.ts). */
export interface SimChartSource {
  /** xl/charts/chartN.xml text. */
  chartXml: string;
  /** The chart part's own relationships (style, colours, user shapes) and the parts they point to, by package path. */
  chartRels?: string;
  extraParts: Record<string, Uint8Array>;
  /** The <xdr:twoCellAnchor>/<xdr:oneCellAnchor>/<xdr:absoluteAnchor> element of the drawing, with the chart's r:id. */
  anchorXml: string;
  /** The r:id used in anchorXml. */
  anchorRid: string;
  /** Sheet name → sheet of the c:f references at load, so a rename rewrites them. */
  refSheets: Map<string, SimSheet>;
}

export class SimChart {
  name: string;
  chartType: string;
  title = "";
  titleVisible = false;
  legend = { visible: true, position: "Right" };
  valueAxis: SimChartAxis = {};
  categoryAxis: SimChartAxis = {};
  series: SimChartSeries[] = [];
  anchor: { from: SimCellAnchor; to: SimCellAnchor };
  /** Set for a chart loaded from a .xlsx; cleared (the chart is then written from the model) once it is edited. */
  source?: SimChartSource;
  constructor(
    readonly sheet: SimSheet,
    readonly id: string,
    name: string,
    chartType: string,
  ) {
    this.name = name;
    this.chartType = chartType;
    // Excel's default size: about 8 columns by 15 rows, from the active cell area
    this.anchor = { from: { r: 1, c: 3 }, to: { r: 16, c: 11 } };
  }

  /** Called before each API edit: a loaded chart is from then on written from the model. */
  touch(): void {
    this.source = undefined;
  }
}

export function newSeries(name: string): SimChartSeries {
  return { name, line: {}, hasDataLabels: false, pointFills: {}, showInLegend: true };
}

/** The chart types the simulated host knows (ExcelApi 1.1 classic types OPS draws and their close relatives). */
export const SIM_CHART_TYPES = new Set([
  "Line", "LineMarkers", "LineStacked", "ColumnClustered", "ColumnStacked", "ColumnStacked100", "BarClustered", "BarStacked",
  "Area", "AreaStacked", "AreaStacked100", "Bubble", "XYScatter", "XYScatterLines", "XYScatterLinesNoMarkers", "Pie",
]);

/** The family of a chart type, which decides its DrawingML group and how the preview draws it. */
export type ChartFamily = "line" | "bar" | "area" | "bubble" | "scatter" | "pie";

export function chartFamily(type: string): ChartFamily {
  if (type.startsWith("Line")) return "line";
  if (type.startsWith("Column") || type.startsWith("Bar")) return "bar";
  if (type.startsWith("Area")) return "area";
  if (type.startsWith("Bubble")) return "bubble";
  if (type.startsWith("XYScatter")) return "scatter";
  return "pie";
}

export function isStacked(type: string): boolean {
  return /Stacked/.test(type);
}

export function isHorizontalBar(type: string): boolean {
  return type.startsWith("Bar");
}

/** The type a series is drawn with. */
export function seriesType(chart: SimChart, s: SimChartSeries): string {
  return s.chartType ?? chart.chartType;
}

/** "'Sheet name'!$A$2:$A$40", or "#REF!" when the sheet was deleted. */
export function refFormula(ref: SimSheetRef | undefined): string | undefined {
  if (!ref) return undefined;
  if (!ref.sheet.workbook.sheets.includes(ref.sheet)) return "#REF!";
  return qualifiedAddress(ref.sheet.name, ref.bounds, true);
}

/** Parses "'Sheet'!$A$1:$A$9" against a workbook (null when the sheet or address is unknown). */
export function parseRefFormula(wb: SimWorkbook, f: string): SimSheetRef | null {
  const text = f.trim().replace(/^\((.*)\)$/, "$1");
  if (text.includes(",")) return null;
  const { sheet, local } = splitSheet(text);
  if (sheet === undefined) return null;
  const s = wb.sheet(sheet);
  const b = parseBounds(local.replace(/\$/g, ""));
  if (!s || !b) return null;
  return { sheet: s, bounds: b };
}

/** Values of a range for a chart, in reading order (numbers; text, blanks and errors as null). */
export function refNumbers(ref: SimSheetRef | undefined): (number | null)[] {
  return refCells(ref).map((v) => (typeof v === "number" && Number.isFinite(v) ? v : null));
}

/** Cached values of a range in reading order (row by row), as `values` would read them; blanks as "". */
export function refCells(ref: SimSheetRef | undefined): (number | string | boolean)[] {
  if (!ref || !ref.sheet.workbook.sheets.includes(ref.sheet)) return [];
  const b = ref.bounds;
  const r1 = Math.min(b.r1, MAX_ROWS - 1, b.r0 + 100_000);
  const c1 = Math.min(b.c1, MAX_COLS - 1);
  return ref.sheet.readValues({ r0: b.r0, c0: b.c0, r1, c1 }).flat();
}

/** Text labels of a range as the sheet shows them (formatted numbers, dates). */
export function refLabels(ref: SimSheetRef | undefined, text: (sheet: SimSheet, r: number, c: number) => string): string[] {
  if (!ref || !ref.sheet.workbook.sheets.includes(ref.sheet)) return [];
  const out: string[] = [];
  const b = ref.bounds;
  for (let r = b.r0; r <= Math.min(b.r1, b.r0 + 100_000); r++) for (let c = b.c0; c <= b.c1; c++) out.push(text(ref.sheet, r, c));
  return out;
}
