/**
 * Reader bench: parsing and mapping 1,000,000 rows × 8 columns shaped as Range.values (numbers as numbers, dates as
 * serials, text dimensions, a few "1 234,56 €" texts, "#N/A" errors, blanks and total rows), goal ≤ 1.5 s.
 * Prints detection on the first 200 rows, buildDataSet on the whole block (wall time, and the process's CPU time,
 * which includes V8's GC threads but not time spent waiting for a core on a busy machine), and the bare loop over the
 * same cells (copying numbers into Float64Arrays) as a ratio.
 */
import { buildDataSet, detectLayouts } from "../src/core/read";
import type { CellValue, RawGrid } from "../src/core/types";

const ROWS = 1_000_000;

export function makeGrid(rows: number): RawGrid {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const segments = ["Grands comptes", "PME", "Distributeurs", "Collectivités", "Export"];
  const products = Array.from({ length: 60 }, (_, i) => `Produit ${String(i + 1).padStart(3, "0")}`);
  const regions = ["Nord", "Sud", "Est", "Ouest", "Île-de-France", "Auvergne-Rhône-Alpes"];
  const values: CellValue[][] = new Array(rows + 1);
  values[0] = ["Date", "Segment", "Produit", "Région", "Quantité", "Prix unitaire", "CA HT", "Coût de revient"];
  for (let r = 1; r <= rows; r++) {
    const q = 1 + Math.floor(rnd() * 200);
    const p = Math.round((5 + rnd() * 95) * 100) / 100;
    const ca = Math.round(q * p * 100) / 100;
    const cost = Math.round(ca * (0.55 + rnd() * 0.4) * 100) / 100;
    const x = rnd();
    let caCell: CellValue = ca;
    if (x < 0.005) caCell = ca.toLocaleString("fr-FR", { minimumFractionDigits: 2 }) + " €";
    else if (x < 0.006) caCell = "#N/A";
    else if (x < 0.007) caCell = "";
    values[r] = [44927 + Math.floor(rnd() * 1095), segments[Math.floor(rnd() * 5)], products[Math.floor(rnd() * 60)], regions[Math.floor(rnd() * 6)], q, p, caCell, cost];
    if (r % 50000 === 0) values[r] = ["", "Sous-total", "", "", "", "", 123456.78, 98765.43];
  }
  return { sheet: "Ventes", top: 1, left: 1, values, columnFormats: ["dd/mm/yyyy", "General", "General", "General", "0", "#,##0.00 €", "#,##0.00 €", "#,##0.00 €"] };
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function run(): Promise<void> {
  const grid = makeGrid(ROWS);
  const sample: RawGrid = { ...grid, values: grid.values.slice(0, 200) };
  const detectTimes: number[] = [];
  const buildTimes: number[] = [];
  const bareTimes: number[] = [];
  const buildCpu: number[] = [];
  let rows = 0;
  let excluded = 0;
  let roles = "";
  for (let k = 0; k < 3; k++) {
    let t = performance.now();
    const layouts = detectLayouts(sample);
    detectTimes.push(performance.now() - t);
    const layout = layouts[0];
    t = performance.now();
    const cpu0 = process.cpuUsage();
    const ds = buildDataSet(grid, layout);
    buildTimes.push(performance.now() - t);
    const cpu = process.cpuUsage(cpu0);
    buildCpu.push((cpu.user + cpu.system) / 1000);
    rows = ds.rowNumbers.length;
    excluded = ds.excluded.length;
    roles = Object.entries(ds.roles)
      .map(([r, i]) => `${r}=${ds.columns[i!].header}`)
      .join(", ");
    // Bare loop: the same cells copied row by row into typed arrays, no parsing, no classification.
    t = performance.now();
    const cols = Array.from({ length: 8 }, () => new Float64Array(ROWS));
    const v = grid.values;
    for (let r = 1; r <= ROWS; r++) {
      const row = v[r];
      for (let c = 0; c < 8; c++) {
        const x = row[c];
        cols[c][r - 1] = typeof x === "number" ? x : NaN;
      }
    }
    bareTimes.push(performance.now() - t);
  }
  const b = median(buildTimes);
  console.log(`read: ${ROWS.toLocaleString("en-US")} rows × 8 columns shaped as Range.values`);
  console.log(`  detectLayouts on a 200-row sample:        ${median(detectTimes).toFixed(1)} ms`);
  console.log(`  buildDataSet (parse + classify + roles):  ${b.toFixed(0)} ms wall (goal ≤ 1500 ms), ${median(buildCpu).toFixed(0)} ms CPU — median of 3`);
  console.log(`  bare copy loop into Float64Arrays:        ${median(bareTimes).toFixed(0)} ms (ratio ${(b / median(bareTimes)).toFixed(1)}×)`);
  console.log(`  rows kept ${rows.toLocaleString("en-US")}, rows left out ${excluded}; roles: ${roles}`);
}
