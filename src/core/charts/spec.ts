/**
 * A native Excel chart as OPS describes it, before any Excel API call. Pure data: the trends and market sheets
 * build `ChartSpec`s next to the data blocks they write; the adapter (src/excel/charts.ts) turns them into
 * `worksheet.charts.add(...)` calls guarded by their requirement sets; the simulated host (src/sim) keeps them and
 * writes them into the .xlsx as DrawingML chart parts; the preview draws the same model as SVG.
 *
 * The API has no custom error bars, no waterfall totals and only solid fills (../shared/reference/office-charts-sharing.md
 * §0, §1.9), so bands and bridges are built from classic types: a stacked area whose first series is unfilled (the
 * interval band), stacked columns with an invisible base (the waterfall).
 */

/** Chart types OPS draws; each maps to one `Excel.ChartType` (see CHART_TYPE_NAMES). */
export type ChartKind = "line" | "lineMarkers" | "columnClustered" | "columnStacked" | "barClustered" | "areaStacked" | "bubble" | "xyScatter";

/** The `Excel.ChartType` string of each kind (ExcelApi 1.1 types). */
export const CHART_TYPE_NAMES: Record<ChartKind, string> = {
  line: "Line",
  lineMarkers: "LineMarkers",
  columnClustered: "ColumnClustered",
  columnStacked: "ColumnStacked",
  barClustered: "BarClustered",
  areaStacked: "AreaStacked",
  bubble: "Bubble",
  xyScatter: "XYScatter",
};

export type LineStyle = "continuous" | "dash" | "roundDot" | "none";

export interface SeriesSpec {
  name: string;
  /** Values: an A1 range on the chart's own sheet, without sheet prefix ("C5:C40"). */
  values: string;
  /** Category labels (x axis) or, for bubble / scatter, the x values: an A1 range on the same sheet. */
  categories?: string;
  /** Bubble charts: the bubble sizes range. */
  bubbleSizes?: string;
  /** Per-series type in a combo chart (a line drawn over a stacked area band). Default: the chart's kind. */
  kind?: ChartKind;
  /** "#RRGGBB". Absent: Excel's automatic colour. */
  color?: string;
  /** "none": no fill (the unfilled base of a band, the invisible base of a waterfall). */
  fill?: "solid" | "none";
  line?: { style?: LineStyle; weight?: number; color?: string };
  /** Marker on line series; "none" hides them. */
  marker?: "none" | "circle" | "square" | "diamond";
  dataLabels?: { showValue: boolean; numberFormat?: string };
  /** Column / bar colour of individual points (waterfall increases and decreases); null keeps the series colour. */
  pointColors?: (string | null)[];
  /** Hide the series from the legend when the API allows it (the base of a band). */
  hideInLegend?: boolean;
}

export interface AxisSpec {
  title?: string;
  minimum?: number;
  maximum?: number;
  numberFormat?: string;
  /** Logarithmic scale base (BCG relative share: 10). */
  logBase?: number;
}

export interface ChartSpec {
  /** Stable key; the chart is named `OPS_<key>` so OPS finds and replaces its own charts, never a user's. */
  key: string;
  kind: ChartKind;
  title: string;
  series: SeriesSpec[];
  /** Anchor cells on the sheet: top-left and bottom-right ("J2", "R20"). */
  anchor: { from: string; to: string };
  valueAxis?: AxisSpec;
  categoryAxis?: AxisSpec;
  legend?: "bottom" | "right" | "top" | "none";
  /** Column and bar charts: gap between categories in percent (Excel's default 150) and overlap (-100..100). */
  gapWidth?: number;
  overlap?: number;
}

/** The name OPS gives the chart of a spec. */
export function chartName(spec: Pick<ChartSpec, "key">): string {
  return `OPS_${spec.key}`;
}

/** True for a chart name OPS gave (so a redraw may delete it). */
export function isOpsChartName(name: string): boolean {
  return name.startsWith("OPS_");
}
