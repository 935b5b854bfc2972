/**
 * Trend series speed (issue 9): 1,000,000 ledger rows × 36 months (2023–2025) × 50 products, read by the reader (text
 * columns dictionary-encoded as real data are), broken down by product (top 10 + Others): buildTrends builds the 12
 * series with their moving averages, trends, outliers and Holt–Winters forecasts (season detected). Printed beside a
 * bare aggregation loop over the same typed arrays (month of each serial, Σ revenue per product × month) as a ratio.
 * Goal: ≤ 400 ms engine time. Medians of 5 runs.
 */
import { serialToMonthIndex } from "../src/core/compliance/text";
import { buildTrends } from "../src/core/trends";
import { makeBenchData } from "./compliance.bench";
import { trendsForSheet } from "../src/core/trends/sheet";
import { ExcelWorkbook } from "../src/excel/workbook";
import { createSimHost, SimWorkbook } from "../src/sim";

const N = 1_000_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function bareLoop(date: Float64Array, codes: Int32Array, nCodes: number, rev: Float64Array): Float64Array {
  let lo = Infinity;
  const months = new Int32Array(date.length);
  for (let i = 0; i < date.length; i++) {
    const m = serialToMonthIndex(date[i]);
    months[i] = m;
    if (m < lo) lo = m;
  }
  const P = 36;
  const acc = new Float64Array(nCodes * P);
  for (let i = 0; i < date.length; i++) {
    const v = rev[i];
    if (v === v) acc[codes[i] * P + (months[i] - lo)] += v;
  }
  return acc;
}

export default async function run(): Promise<void> {
  const data = makeBenchData(N);
  const date = data.columns[data.roles.date!].numbers!;
  const prod = data.columns[data.roles.product!];
  const rev = data.columns[data.roles.revenue!].numbers!;
  const bare: number[] = [];
  const engine: number[] = [];
  const aggOnly: number[] = [];
  const rate: number[] = [];
  let seriesCount = 0;
  let model = "";
  for (let k = 0; k < 5; k++) {
    let t0 = performance.now();
    bareLoop(date, prod.codes!, prod.labels!.length, rev);
    bare.push(performance.now() - t0);
    t0 = performance.now();
    const r = buildTrends(data, { measure: "revenue", breakdown: "product", topN: 10, lang: "fr" });
    engine.push(performance.now() - t0);
    seriesCount = r.series.length;
    model = `${r.series[0].forecast?.model} season ${r.series[0].forecast?.seasonLength}`;
    t0 = performance.now();
    buildTrends(data, { measure: "revenue", breakdown: "product", topN: 10, horizon: 0, lang: "fr" });
    aggOnly.push(performance.now() - t0);
    t0 = performance.now();
    buildTrends(data, { measure: "marginRate", breakdown: "product", topN: 10, lang: "fr" });
    rate.push(performance.now() - t0);
  }
  const b = median(bare);
  const e = median(engine);
  const fmt = (x: number) => x.toFixed(1);
  console.log(`buildTrends revenue, ${N.toLocaleString("en-US")} rows x 36 months x 50 products (top 10 + others, ${seriesCount} series, forecast ${model}): ${fmt(e)} ms (bare aggregation loop ${fmt(b)} ms, ${(e / b).toFixed(1)}x)  goal <= 400 ms`);
  console.log(`  of which aggregation and statistics without forecasts: ${fmt(median(aggOnly))} ms; margin rate (Σmargin/Σrevenue) series with forecasts: ${fmt(median(rate))} ms`);

  // Writing the sheet on the simulated host: syncs, largest request, time.
  const sheet = trendsForSheet(data, { measure: "revenue", breakdown: "product", topN: 10, lang: "fr" }, "sales");
  const wb = new SimWorkbook();
  wb.addSheet("Bench");
  const host = createSimHost(wb);
  const port = new ExcelWorkbook(host.run, { lang: "fr" });
  host.stats.reset();
  const t0 = performance.now();
  const out = await port.writeTrends({ data, result: sheet.result, rate: sheet.rate, policy: { floor: 0.1, target: 0.2, basis: "sales" } });
  const ms = performance.now() - t0;
  const largest = Math.max(...host.stats.requests.map((r) => r.requestBytes));
  console.log(`writeTrends (OPS Trends: ${out.rowsWritten} rows, ${out.charts} native charts): ${host.stats.syncs} syncs, largest request ${(largest / 1000).toFixed(1)} kB, ${ms.toFixed(0)} ms on the simulated host`);
}
