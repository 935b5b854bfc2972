/**
 * How far OPS.FORECAST (src/core/forecast.ts) is from LibreOffice Calc's FORECAST.ETS.ADD (what Calc runs for Excel's
 * FORECAST.ETS) on real seasonal series: the US Census monthly retail sales fixture (../shared/fixtures), not adjusted,
 * 2010–2018 (108 months) as history and 2019 (12 months) held out.
 *
 *   npx tsx scripts/compare-libreoffice-ets.ts [path/to/census-monthly-retail-sales.xlsx]
 *
 * Writes a workbook with FORECAST.ETS / FORECAST.ETS.STAT formulas (season 12), has `soffice --headless` compute it
 * into CSV, and prints per series: the largest and mean relative gap between the two forecasts over the 12 months,
 * both sets of parameters, both in-sample RMSEs and both out-of-sample MAPEs against what 2019 really was.
 * Needs LibreOffice (`soffice` on the PATH); says so and stops when it is missing. Not part of the test suite.
 */
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, existsSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ExcelJS from "exceljs";
import { fitEts, forecastEts } from "../src/core/forecast";
import { loadWorkbook } from "../test/support/xlsx-grid";

const FIXTURE = process.argv[2] ?? join(__dirname, "../../shared/fixtures/census-monthly-retail-sales.xlsx");
const KINDS = [
  "Retail and food services sales, total",
  "Retail sales, total",
  "Motor vehicle and parts dealers",
  "Furniture and home furnishings stores",
  "Electronics and appliance stores",
  "Building mat. and garden equip. and supplies dealers",
  "Grocery stores",
  "Health and personal care stores",
  "Gasoline stations",
  "Clothing and clothing access. stores",
  "Sporting goods, hobby, musical instrument, and book stores",
  "General merchandise stores",
  "Nonstore retailers",
  "Food services and drinking places",
];
const FIRST_YEAR = 2010;
const LAST_YEAR = 2018;
const H = 12;

function hasSoffice(): boolean {
  try {
    execFileSync("soffice", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The 12 not-adjusted monthly values of `kind` in a year sheet (the first matching row: NOT ADJUSTED comes first). */
function yearValues(sheet: { values: unknown[][] }, kind: string): number[] | null {
  for (const row of sheet.values) {
    if (String(row[1]).trim() === kind) {
      const v = row.slice(2, 14);
      return v.every((x) => typeof x === "number") ? (v as number[]) : null;
    }
  }
  return null;
}

async function main(): Promise<void> {
  if (!existsSync(FIXTURE)) {
    console.log(`fixture not found: ${FIXTURE}`);
    return;
  }
  if (!hasSoffice()) {
    console.log("LibreOffice (soffice) is not installed: nothing measured");
    return;
  }
  const wb = await loadWorkbook(FIXTURE);
  const sheet = (y: number) => wb.sheets.find((s) => s.sheet === String(y));
  const series: { kind: string; history: number[]; actual: number[] }[] = [];
  for (const kind of KINDS) {
    const history: number[] = [];
    let ok = true;
    for (let y = FIRST_YEAR; y <= LAST_YEAR && ok; y++) {
      const v = sheet(y) && yearValues(sheet(y)!, kind);
      if (!v) ok = false;
      else history.push(...v);
    }
    const actual = sheet(LAST_YEAR + 1) && yearValues(sheet(LAST_YEAR + 1)!, kind);
    if (ok && actual) series.push({ kind, history, actual });
  }
  const n = series[0].history.length;

  // Column A: timeline 1..n+H; one column of values per series; formulas below the data.
  const out = new ExcelJS.Workbook();
  const ws = out.addWorksheet("ETS");
  for (let t = 1; t <= n + H; t++) ws.getCell(t, 1).value = t;
  const base = n + H + 2;
  series.forEach((s, j) => {
    const c = j + 2;
    const col = ws.getColumn(c).letter;
    s.history.forEach((v, t) => (ws.getCell(t + 1, c).value = v));
    const values = `${col}1:${col}${n}`;
    const timeline = `A1:A${n}`;
    for (let h = 1; h <= H; h++) ws.getCell(base + h - 1, c).value = { formula: `_xlfn.FORECAST.ETS(A${n + h},${values},${timeline},12)` };
    for (let k = 1; k <= 8; k++) ws.getCell(base + H + k - 1, c).value = { formula: `_xlfn.FORECAST.ETS.STAT(${values},${timeline},${k},12)` };
  });
  const dir = mkdtempSync(join(tmpdir(), "ops-lo-ets-"));
  const xlsx = join(dir, "ets.xlsx");
  await out.xlsx.writeFile(xlsx);
  execFileSync("soffice", ["--headless", "--calc", "--convert-to", "csv", "--outdir", dir, xlsx], { stdio: "ignore", timeout: 180000 });
  const rows = readFileSync(join(dir, "ets.csv"), "utf8").split(/\r?\n/).map((l) => l.split(","));
  const cell = (r: number, c: number) => Number(rows[r - 1]?.[c - 1]);

  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`LibreOffice FORECAST.ETS (= FORECAST.ETS.ADD) vs OPS.FORECAST, season 12, history ${FIRST_YEAR}-${LAST_YEAR} (${n} months), forecast ${LAST_YEAR + 1} (${H} months)`);
  console.log("series | max gap | mean gap | OPS α β γ | LO α β γ | RMSE in-sample OPS / LO | MAPE 2019 OPS / LO");
  const gaps: number[] = [];
  let opsLowerRmse = 0;
  let opsBetterOut = 0;
  let over2 = 0;
  series.forEach((s, j) => {
    const c = j + 2;
    const fit = fitEts(s.history, { seasonLength: 12 });
    const f = forecastEts(fit, H, 0.95).forecast;
    const lo = Array.from({ length: H }, (_, h) => cell(base + h, c));
    const stat = Array.from({ length: 8 }, (_, k) => cell(base + H + k, c));
    let max = 0;
    let sum = 0;
    let mapeOps = 0;
    let mapeLo = 0;
    for (let h = 0; h < H; h++) {
      const g = Math.abs(f[h] - lo[h]) / Math.abs(lo[h]);
      max = Math.max(max, g);
      sum += g;
      mapeOps += Math.abs(f[h] - s.actual[h]) / s.actual[h] / H;
      mapeLo += Math.abs(lo[h] - s.actual[h]) / s.actual[h] / H;
    }
    gaps.push(sum / H);
    if (max > 0.02) over2++;
    if (fit.rmse < stat[6]) opsLowerRmse++;
    if (mapeOps < mapeLo) opsBetterOut++;
    const p3 = (a: number, b: number, g: number) => `${a.toFixed(2)} ${b.toFixed(2)} ${g.toFixed(2)}`;
    console.log(
      `${s.kind} | ${pct(max)} | ${pct(sum / H)} | ${p3(fit.alpha, fit.beta, fit.gamma)} | ${p3(stat[0], stat[1], stat[2])} | ` +
        `${fit.rmse.toFixed(0)} / ${stat[6].toFixed(0)} | ${pct(mapeOps)} / ${pct(mapeLo)}`,
    );
  });
  gaps.sort((a, b) => a - b);
  console.log(
    `${series.length} series: largest monthly gap above 2 % on ${over2}; median of the mean gaps ${pct(gaps[Math.floor(gaps.length / 2)])}; ` +
      `OPS's in-sample RMSE lower on ${opsLowerRmse}; OPS closer to what ${LAST_YEAR + 1} was (MAPE) on ${opsBetterOut}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
