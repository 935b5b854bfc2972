/**
 * Reading 1,000,000 rows x 8 columns through the Excel adapter (src/excel/read.ts) on the simulated host, which
 * measures every request and response as JSON bytes and fails like Excel on the web past 5 MB.
 * Prints, for the default read (values only) and for the same read loading valueTypes too: syncs, largest request and
 * response, total payload, time; goal: each <= 5 MB and
 * syncs <= ceil(total payload / 4.5 MB) + 2 (checked with 4.5 MB = 4,500,000 bytes and = 4.5 MiB).
 */
import { listSources, readSource } from "../src/excel/read";
import { createSimHost, SimWorkbook } from "../src/sim";

const ROWS = 1_000_000;

function workbook(): SimWorkbook {
  const wb = new SimWorkbook();
  const s = wb.addSheet("Ventes");
  const products = ["Vis M6", "Écrou M6", "Rondelle", "Boulon M8", "Cheville", "Clou 40", "Équerre", "Charnière"];
  const segments = ["Grands comptes", "PME", "Artisans", "Distributeurs"];
  const regions = ["Île-de-France", "Auvergne-Rhône-Alpes", "Occitanie", "Hauts-de-France", "Bretagne", "Grand Est"];
  const header = ["Date", "Produit", "Segment", "Région", "Quantité", "CA HT", "Coût", "Marge"];
  const cols: (number | string)[][] = header.map((h) => [h]);
  let seed = 42;
  const rnd = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  for (let i = 0; i < ROWS; i++) {
    const qty = 1 + Math.floor(rnd() * 200);
    const price = Math.round((2 + rnd() * 48) * 100) / 100;
    const revenue = Math.round(qty * price * 100) / 100;
    const cost = Math.round(revenue * (0.55 + rnd() * 0.4) * 100) / 100;
    cols[0].push(44927 + Math.floor(i / 1000)); // from 1 Jan 2023, ~1000 lines a day
    cols[1].push(products[i % products.length]);
    cols[2].push(segments[(i >> 3) % segments.length]);
    cols[3].push(regions[(i * 7) % regions.length]);
    cols[4].push(qty);
    cols[5].push(revenue);
    cols[6].push(cost);
    cols[7].push(Math.round((revenue - cost) * 100) / 100);
  }
  cols.forEach((c, j) => s.setColumn(j, c));
  return wb;
}

export default async function run(): Promise<void> {
  let t0 = performance.now();
  const wb = workbook();
  console.log(`workbook: ${ROWS.toLocaleString("en-US")} rows x 8 columns generated in ${(performance.now() - t0).toFixed(0)} ms`);
  const host = createSimHost(wb);

  t0 = performance.now();
  const sources = await listSources(host.run);
  const listMs = performance.now() - t0;
  console.log(`listSources: ${sources.length} source(s) [${sources.map((s) => `${s.id} ${s.rowCount} rows`).join(", ")}], ${host.stats.syncs} syncs, ${listMs.toFixed(0)} ms`);
  host.stats.reset();

  // The default read (values only), then the same read loading valueTypes too, to show what they would cost.
  for (const withTypes of [false, true]) {
    host.stats.reset();
    t0 = performance.now();
    const ds = await readSource(host.run, sources[0].id, withTypes ? { valueTypes: true } : {});
    const ms = performance.now() - t0;
    const total = host.stats.requests.reduce((s, r) => s + r.requestBytes + r.responseBytes, 0);
    const goalDecimal = Math.ceil(total / 4_500_000) + 2;
    const goalBinary = Math.ceil(total / (4.5 * 1024 * 1024)) + 2;
    const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
    console.log(`readSource ${withTypes ? "with valueTypes (option valueTypes: true)" : "(default: values only, no valueTypes)"}: ${ds.rowNumbers.length.toLocaleString("en-US")} rows, ${ds.columns.length} columns, roles ${Object.keys(ds.roles).join(", ")}`);
    console.log(`  syncs: ${host.stats.syncs} (goal <= ceil(total / 4.5 MB) + 2 = ${goalDecimal} with 4.5 MB = 4,500,000 bytes; ${goalBinary} with 4.5 MiB) ${host.stats.syncs <= Math.min(goalDecimal, goalBinary) ? "OK" : "OVER"}`);
    console.log(`  largest request: ${host.stats.maxRequestBytes.toLocaleString("en-US")} bytes; largest response: ${host.stats.maxResponseBytes.toLocaleString("en-US")} bytes (goal <= 5 MB: ${host.stats.maxRequestBytes <= 5_000_000 && host.stats.maxResponseBytes <= 5_000_000 ? "OK" : "OVER"})`);
    console.log(`  total payload: ${mb(total)} (requests ${mb(host.stats.requests.reduce((s, r) => s + r.requestBytes, 0))}, responses ${mb(host.stats.requests.reduce((s, r) => s + r.responseBytes, 0))})`);
    console.log(`  time: ${ms.toFixed(0)} ms in all = ${(ms - host.stats.hostMs).toFixed(0)} ms adapter + reader (src/excel/read.ts, src/core/read) + ${host.stats.hostMs.toFixed(0)} ms inside the simulated host (building and JSON-measuring every response; no network)`);
  }
  console.log("  why no valueTypes: the reader takes errors from the \"#N/A\" texts of values; valueTypes would only tell a text typed \"'#N/A\" from an error (the same for the reader: a cell that is not a number), for the payload above.");
}

if (require.main === module) void run();
