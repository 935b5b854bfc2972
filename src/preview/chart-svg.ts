/**
 * The preview's drawing of a simulated chart (src/sim/chart-model.ts) as SVG: the same model saveXlsx writes as
 * DrawingML, values read from the referenced cells. Line, column/bar clustered or stacked (unfilled series drawn as
 * nothing: the invisible base of a waterfall), stacked area (the unfilled base of a band), bubble and scatter (log x
 * axis when the category axis has a log base), combos; title, legend, axis labels. Pure (no DOM): `chartSvgModel`
 * gives the shapes, `chartSvgMarkup` the markup with role="img" and an aria-label.
 */
import { formatValue } from "../sim/format";
import { chartFamily, isHorizontalBar, isStacked, refCells, refNumbers, seriesType, type SimChart } from "../sim/chart-model";

export const PALETTE = ["#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47", "#264478", "#9E480E"];

export type SvgShape =
  | { kind: "rect"; x: number; y: number; w: number; h: number; fill: string; series: number; point: number }
  | { kind: "path"; d: string; fill: string; stroke: string; dash?: string; width: number; series: number }
  | { kind: "circle"; cx: number; cy: number; r: number; fill: string; series: number; point: number }
  | { kind: "text"; x: number; y: number; text: string; anchor: "start" | "middle" | "end"; size: number; bold?: boolean };

export interface ChartSvgModel {
  width: number;
  height: number;
  label: string;
  shapes: SvgShape[];
  legend: { name: string; color: string }[];
}

const r1 = (n: number) => Math.round(n * 10) / 10;

function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function fmt(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e6) return `${r1(n / 1e6)}M`;
  if (a >= 1e4) return `${r1(n / 1e3)}k`;
  return String(Math.round(n * 1000) / 1000);
}

/** An axis tick label: in the axis's number format when it has one (0% → "35%"), else short (1.2k, 3M). */
function axisText(n: number, axis: { numberFormat?: string }): string {
  const f = axis.numberFormat;
  return f && f !== "General" ? formatValue(n, f) : fmt(n);
}

/** The shapes of a chart drawn in a width × height box. */
export function chartSvgModel(chart: SimChart, width: number, height: number): ChartSvgModel {
  const shapes: SvgShape[] = [];
  const colorOf = (i: number): string => {
    const s = chart.series[i];
    const fam = chartFamily(seriesType(chart, s));
    const fill = s.fill ?? undefined;
    return (fam === "line" || fam === "scatter" ? s.line.color ?? fill : fill ?? s.line.color) ?? PALETTE[i % PALETTE.length];
  };
  const legend = chart.legend.visible ? chart.series.map((s, i) => ({ name: s.name, color: colorOf(i), show: s.showInLegend })).filter((x) => x.show).map(({ name, color }) => ({ name, color })) : [];
  const top = chart.titleVisible && chart.title ? 30 : 10;
  const legendBottom = legend.length > 0 && chart.legend.position !== "Right";
  const plot = { x: 52, y: top, w: width - 52 - (legend.length && !legendBottom ? 110 : 14), h: height - top - 30 - (legendBottom ? 20 : 0) };
  if (chart.titleVisible && chart.title) shapes.push({ kind: "text", x: width / 2, y: 20, text: chart.title, anchor: "middle", size: 14, bold: true });

  const base = chartFamily(chart.chartType);
  const xy = base === "bubble" || base === "scatter";
  const vals = chart.series.map((s) => refNumbers(s.values));

  if (xy) {
    const xs = chart.series.map((s) => refNumbers(s.xValues));
    const sizes = chart.series.map((s) => refNumbers(s.bubbleSizes));
    const log = chart.categoryAxis.logBase;
    const tx = (v: number) => (log ? Math.log(v) / Math.log(log) : v);
    const allX = xs.flat().filter((v): v is number => v !== null && (!log || v > 0));
    const allY = vals.flat().filter((v): v is number => v !== null);
    const xlo = tx(chart.categoryAxis.minimum ?? Math.min(...allX, log ? Infinity : 0));
    const xhi = tx(chart.categoryAxis.maximum ?? Math.max(...allX, log ? 0 : 1));
    const ylo = chart.valueAxis.minimum ?? Math.min(0, ...allY);
    const yhi = chart.valueAxis.maximum ?? Math.max(...allY, ylo + 1);
    const px = (v: number) => plot.x + ((tx(v) - xlo) / (xhi - xlo || 1)) * plot.w;
    const py = (v: number) => plot.y + plot.h - ((v - ylo) / (yhi - ylo || 1)) * plot.h;
    const maxSize = Math.max(1e-9, ...sizes.flat().filter((v): v is number => v !== null).map(Math.abs));
    chart.series.forEach((s, i) => {
      vals[i].forEach((y, k) => {
        const x = xs[i][k] ?? k + 1;
        if (y === null || (log && x <= 0)) return;
        const size = sizes[i][k];
        const r = base === "bubble" ? Math.max(2, Math.sqrt(Math.abs(size ?? 0) / maxSize) * Math.min(plot.w, plot.h) * 0.12) : 4;
        const fill = s.pointFills[k] ?? colorOf(i);
        if (fill !== null) shapes.push({ kind: "circle", cx: r1(px(x)), cy: r1(py(y)), r: r1(r), fill, series: i, point: k });
      });
    });
    const xt = log ? niceTicks(xlo, xhi).filter((v) => Number.isInteger(v)).map((e) => log ** e) : niceTicks(xlo, xhi);
    for (const v of xt) shapes.push({ kind: "text", x: r1(px(v)), y: plot.y + plot.h + 14, text: axisText(v, chart.categoryAxis), anchor: "middle", size: 10 });
    for (const v of niceTicks(ylo, yhi)) shapes.push({ kind: "text", x: plot.x - 6, y: r1(py(v) + 3), text: axisText(v, chart.valueAxis), anchor: "end", size: 10 });
  } else {
    const n = Math.max(0, ...vals.map((v) => v.length));
    const catRef = chart.series.find((s) => s.xValues)?.xValues;
    const cats = refCells(catRef).map(String);
    // stacking per group: cumulative bottoms and tops
    const tops: number[][] = [];
    const bottoms: number[][] = [];
    const cumPos: Record<string, number[]> = {};
    const cumNeg: Record<string, number[]> = {};
    chart.series.forEach((s, i) => {
      const type = seriesType(chart, s);
      const fam = chartFamily(type);
      const key = `${fam}:${isStacked(type)}`;
      tops[i] = [];
      bottoms[i] = [];
      for (let k = 0; k < n; k++) {
        const v = vals[i][k] ?? 0;
        if (isStacked(type)) {
          const cum = v >= 0 || fam === "area" ? (cumPos[key] ??= new Array(n).fill(0)) : (cumNeg[key] ??= new Array(n).fill(0));
          bottoms[i][k] = cum[k];
          cum[k] += v;
          tops[i][k] = cum[k];
        } else {
          bottoms[i][k] = 0;
          tops[i][k] = v;
        }
      }
    });
    const plotted = chart.series.flatMap((_, i) => [...tops[i], ...bottoms[i]]);
    const lo = chart.valueAxis.minimum ?? Math.min(0, ...plotted);
    const hi = chart.valueAxis.maximum ?? Math.max(lo + 1, ...plotted);
    const horizontal = isHorizontalBar(chart.chartType);
    if (!horizontal) {
      // Room for the longest value label ("2,000,000 €") left of the plot (about 6 px a character at size 10).
      const longest = Math.max(0, ...niceTicks(lo, hi).map((v) => axisText(v, chart.valueAxis).length));
      const need = Math.min(width / 3, longest * 6 + 10);
      if (need > plot.x) {
        plot.w -= need - plot.x;
        plot.x = need;
      }
    }
    const slot = (horizontal ? plot.h : plot.w) / Math.max(1, n);
    const vpos = (v: number) => (horizontal ? plot.x + ((v - lo) / (hi - lo)) * plot.w : plot.y + plot.h - ((v - lo) / (hi - lo)) * plot.h);
    const cpos = (k: number) => (horizontal ? plot.y + slot * (k + 0.5) : plot.x + slot * (k + 0.5));
    const barSeries = chart.series.map((s, i) => ({ s, i })).filter(({ s }) => chartFamily(seriesType(chart, s)) === "bar");
    const stackedBars = barSeries.some(({ s }) => isStacked(seriesType(chart, s)));
    const gap = (barSeries[0]?.s.gapWidth ?? 150) / 100;
    const groupW = slot / (1 + gap);
    const lanes = stackedBars ? 1 : Math.max(1, barSeries.length);
    // areas first, then bars, then lines (Excel's drawing order)
    const order = (i: number) => ["area", "bar", "line"].indexOf(chartFamily(seriesType(chart, chart.series[i])));
    const idx = chart.series.map((_, i) => i).sort((a, b) => order(a) - order(b) || a - b);
    for (const i of idx) {
      const s = chart.series[i];
      const fam = chartFamily(seriesType(chart, s));
      const color = colorOf(i);
      if (fam === "area") {
        if (s.fill === null) continue;
        const up = tops[i].map((v, k) => `${r1(cpos(k))},${r1(vpos(v))}`);
        const down = bottoms[i].map((v, k) => `${r1(cpos(k))},${r1(vpos(v))}`).reverse();
        shapes.push({ kind: "path", d: `M${up.join("L")}L${down.join("L")}Z`, fill: color, stroke: "none", width: 0, series: i });
      } else if (fam === "bar") {
        const lane = stackedBars ? 0 : barSeries.findIndex((b) => b.i === i);
        const w = groupW / lanes;
        for (let k = 0; k < n; k++) {
          const fill = k in s.pointFills ? s.pointFills[k] : s.fill === null ? null : color;
          if (fill === null || vals[i][k] === null) continue;
          const a = vpos(bottoms[i][k]);
          const b = vpos(tops[i][k]);
          const c0 = cpos(k) - groupW / 2 + lane * w;
          shapes.push(horizontal ? { kind: "rect", x: r1(Math.min(a, b)), y: r1(c0), w: r1(Math.abs(b - a)), h: r1(w), fill, series: i, point: k } : { kind: "rect", x: r1(c0), y: r1(Math.min(a, b)), w: r1(w), h: r1(Math.abs(b - a)), fill, series: i, point: k });
        }
      } else {
        if (s.line.style === "None") continue;
        const pts = tops[i].map((v, k) => (vals[i][k] === null ? null : `${r1(cpos(k))},${r1(vpos(v))}`));
        const d = pts.reduce<string>((acc, p, k) => (p === null ? acc : acc + (k === 0 || pts[k - 1] === null ? "M" : "L") + p), "");
        const dash = s.line.style === "Dash" ? "6 4" : s.line.style === "RoundDot" || s.line.style === "Dot" ? "1.5 3" : undefined;
        shapes.push({ kind: "path", d, fill: "none", stroke: color, dash, width: s.line.weight ? r1((s.line.weight * 4) / 3) : 2, series: i });
      }
    }
    const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor((horizontal ? plot.h : plot.w) / 48))));
    for (let k = 0; k < n; k += every) {
      const text = cats[k] ?? String(k + 1);
      shapes.push(horizontal ? { kind: "text", x: plot.x - 6, y: r1(cpos(k) + 3), text, anchor: "end", size: 10 } : { kind: "text", x: r1(cpos(k)), y: plot.y + plot.h + 14, text, anchor: "middle", size: 10 });
    }
    for (const v of niceTicks(lo, hi)) {
      const text = axisText(v, chart.valueAxis);
      shapes.push(horizontal ? { kind: "text", x: r1(vpos(v)), y: plot.y + plot.h + 14, text, anchor: "middle", size: 10 } : { kind: "text", x: plot.x - 6, y: r1(vpos(v) + 3), text, anchor: "end", size: 10 });
    }
  }
  if (chart.valueAxis.title) shapes.push({ kind: "text", x: 4, y: plot.y - 2 > 8 ? plot.y - 2 : 10, text: chart.valueAxis.title, anchor: "start", size: 10 });
  if (chart.categoryAxis.title) shapes.push({ kind: "text", x: plot.x + plot.w, y: plot.y + plot.h + 26, text: chart.categoryAxis.title, anchor: "end", size: 10 });
  // legend
  legend.forEach((l, k) => {
    const x = legendBottom ? plot.x + k * 110 : plot.x + plot.w + 12;
    const y = legendBottom ? height - 8 : plot.y + 12 + k * 16;
    shapes.push({ kind: "rect", x, y: y - 8, w: 10, h: 8, fill: l.color, series: -1, point: k });
    shapes.push({ kind: "text", x: x + 14, y, text: l.name, anchor: "start", size: 10 });
  });
  return { width, height, label: chart.title || chart.name, shapes, legend };
}

const escText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** SVG markup of a model (role="img", aria-label = the chart's title). */
export function chartSvgMarkup(m: ChartSvgModel, ink = "#333333", background = "#FFFFFF"): string {
  const body = m.shapes
    .map((s) => {
      switch (s.kind) {
        case "rect":
          return `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" fill="${s.fill}"/>`;
        case "circle":
          return `<circle cx="${s.cx}" cy="${s.cy}" r="${s.r}" fill="${s.fill}" fill-opacity="0.75" stroke="${s.fill}"/>`;
        case "path":
          return `<path d="${s.d}" fill="${s.fill}" stroke="${s.stroke}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`;
        default:
          return `<text x="${s.x}" y="${s.y}" text-anchor="${s.anchor}" font-size="${s.size}"${s.bold ? ` font-weight="bold"` : ""} fill="${ink}">${escText(s.text)}</text>`;
      }
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escText(m.label)}" width="${m.width}" height="${m.height}" viewBox="0 0 ${m.width} ${m.height}" font-family="Segoe UI, sans-serif"><title>${escText(m.label)}</title><rect width="${m.width}" height="${m.height}" fill="${background}" stroke="#BFBFBF"/>${body}</svg>`;
}
