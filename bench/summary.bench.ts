/**
 * The management pack on the simulated host, after a check of 200,000 rows with a 50,000-finding report already in
 * the workbook: the summary model alone (src/core/share/summary.ts), writeSummary through the adapter (syncs,
 * request bytes, time; page setup of the summary and of the report), and the preview's PDF (src/sim/pdf.ts through
 * src/excel/pdf.ts: bytes, slices, time). Medians of 5 runs where it is cheap.
 */
import { checkComplianceSync, defaultPolicy } from "../src/core/compliance";
import { dataPeriod, summaryModel } from "../src/core/share/summary";
import { exportPdf, type OfficeForPdf } from "../src/excel/pdf";
import { ExcelWorkbook } from "../src/excel/workbook";
import { createSimHost } from "../src/sim";
import { buildSampleWorkbook, sampleDataSet, sampleRows } from "../test/excel/support/sample";

const N = 200_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function run(): Promise<void> {
  const rows = sampleRows(N);
  const data = sampleDataSet(rows);
  const result = checkComplianceSync(data, { ...defaultPolicy(), floor: 0.1, target: 0.2 });

  const modelMs: number[] = [];
  let nRows = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const m = summaryModel({ lang: "fr", source: data, result, period: dataPeriod(data), preparedAt: 45730 });
    modelMs.push(performance.now() - t0);
    nRows = m.rows.length;
  }
  console.log(`summary: summaryModel (${N} rows checked, ${result.summary.bySegment.length} segments) → ${nRows} rows, median ${median(modelMs).toFixed(2)} ms (dataPeriod included: scans the date column)`);

  const host = createSimHost(buildSampleWorkbook(rows));
  const g: { Office?: OfficeForPdf } = {};
  host.installGlobals(g);
  const port = new ExcelWorkbook(host.run, { lang: "fr" });
  const report = { ...result, findings: result.findings.slice(0, 50_000) };
  await port.writeReport(data, report);

  const writeMs: number[] = [];
  let syncs = 0;
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    host.stats.reset();
    const t0 = performance.now();
    await port.writeSummary({ data, result });
    writeMs.push(performance.now() - t0);
    syncs = host.stats.syncs;
    bytes = host.stats.requests.reduce((n, r) => n + r.requestBytes, 0);
  }
  console.log(`summary: writeSummary (temp sheet + swap, page setup of OPS Summary and OPS Compliance) ${syncs} syncs, ${(bytes / 1000).toFixed(1)} kB of requests, median ${median(writeMs).toFixed(1)} ms on the simulated host`);

  const t0 = performance.now();
  const pdf = await exportPdf(g.Office);
  const ms = performance.now() - t0;
  console.log(`summary: exportPdf on the simulated host (every visible sheet's print area, ≤ 2,000 rows each) ${((pdf.bytes?.length ?? 0) / 1000).toFixed(1)} kB in ${Math.ceil((pdf.bytes?.length ?? 0) / (4 * 1024 * 1024))} slice(s), ${ms.toFixed(0)} ms`);
}
