/**
 * Writing a 50,000-finding "OPS Compliance" report through the adapter on the simulated host (Excel on the web's
 * limits: 5,000,000-byte requests): number of syncs, largest request, total request bytes, time; for the default link
 * mode at that size (HYPERLINK formulas written with the values) and, for comparison, per-cell hyperlinks.
 * Also the report model alone (src/core/compliance reportModel), which the writer calls first.
 */
import { checkComplianceSync, defaultPolicy, reportModel } from "../src/core/compliance";
import type { DataSet } from "../src/core/types";
import { ExcelWorkbook } from "../src/excel/workbook";
import { createSimHost } from "../src/sim";
import { buildSampleWorkbook, sampleDataSet, sampleRows } from "../test/excel/support/sample";

const N = 50_000;

function mb(n: number): string {
  return `${(n / 1e6).toFixed(2)} MB`;
}

async function once(mode: "auto" | "hyperlink", data: DataSet, rows: ReturnType<typeof sampleRows>, result: ReturnType<typeof checkComplianceSync>): Promise<void> {
  const host = createSimHost(buildSampleWorkbook(rows));
  const port = new ExcelWorkbook(host.run, { lang: "fr", linkMode: mode });
  host.stats.reset();
  const t0 = performance.now();
  await port.writeReport(data, result);
  const ms = performance.now() - t0;
  const total = host.stats.requests.reduce((n, r) => n + r.requestBytes, 0);
  const figures = port.lastReport!;
  console.log(
    `report-write ${N} findings, links=${figures.linkMode}: ${host.stats.syncs} syncs (writer's own: ${figures.stats.syncs}), ` +
      `largest request ${mb(host.stats.maxRequestBytes)} (limit ${mb(host.limits.requestBytes)}), total requests ${mb(total)}, ` +
      `bound ⌈total / 4.5 MB⌉ + 2 = ${Math.ceil(total / 4.5e6) + 2}, retries ${figures.stats.retries}, ${ms.toFixed(0)} ms on the simulated host`,
  );
}

export default async function run(): Promise<void> {
  const rows = sampleRows(N);
  const data = sampleDataSet(rows);
  // Floor and target at 99 %: every row is a line breach, so the report has one finding per row (plus groups).
  const policy = { ...defaultPolicy(), floor: 0.99, target: 0.99 };
  const result = checkComplianceSync(data, policy);
  result.findings = result.findings.slice(0, N);
  let t0 = performance.now();
  reportModel(data, result, "fr");
  console.log(`report-write: reportModel for ${result.findings.length} findings ${(performance.now() - t0).toFixed(0)} ms`);
  t0 = performance.now();
  await once("auto", data, rows, result);
  await once("hyperlink", data, rows, result);
}
