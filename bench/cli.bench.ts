/**
 * `npm run bench -- cli`: the command line's enrich (scripts/ops-cli.ts) on a generated 200,000-row workbook, the
 * time split into load (.xlsx -> simulated workbook), read (sources + the table), check (compliance engine), write
 * (OPS sheets through the adapter) and save (simulated workbook -> .xlsx on disk). Default policy.
 */
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { enrich } from "../scripts/ops-cli";
import { saveXlsx } from "../src/sim";
import { buildSampleWorkbook, sampleRows } from "../test/excel/support/sample";

const N = 200_000;

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ops-cli-bench-"));
  const input = join(dir, "in.xlsx");
  const output = join(dir, "out.xlsx");
  const t0 = performance.now();
  writeFileSync(input, await saveXlsx(buildSampleWorkbook(sampleRows(N))));
  console.log(`cli: generated ${N.toLocaleString("en-US")}-row input (${(statSync(input).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s (not counted)`);
  const t1 = performance.now();
  const f = await enrich({ input, output, lang: "fr", sheets: ["compliance"], freeze: false });
  const total = performance.now() - t1;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const tm = f.timings;
  console.log(
    `cli enrich ${f.rows.toLocaleString("en-US")} rows, ${f.breaches.toLocaleString("en-US")} breaches: load ${s(tm.load)}, read ${s(tm.read)}, check ${s(tm.check)}, ` +
      `write ${s(tm.write)}, save ${s(tm.save)}; total ${s(total)}; output ${(statSync(output).size / 1e6).toFixed(1)} MB`,
  );
}
