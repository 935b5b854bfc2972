/**
 * OPS.* custom functions on whole columns, shaped as Excel passes them (number[][] of [[v], [v], ...]):
 *   - OPS.MARGIN on 1,000,000 rows of revenue and cost (goal <= 150 ms), and a naive loop over the same arrays as a
 *     ratio (the floor any implementation pays: reading 2M cells and allocating 1M result rows);
 *   - OPS.MARGIN.STATUS on the same rows (the compliance comparison of compare.ts on every row);
 *   - the ETS fit of src/core/forecast.ts (H2) on 1,000 points with season 12 (goal <= 100 ms), when it is present.
 * Figures are medians of several runs after a warm-up; `npm run bench functions` runs only this file.
 */
import { cpus, loadavg } from "os";
import { performance } from "perf_hooks";
import { margin, marginStatusFn } from "../src/functions/functions";
import { marginStatus } from "../src/core/margin";

const ROWS = 1_000_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Wall-clock median and minimum, plus the median CPU time of this process (user + system): on a machine shared with
 * other work the CPU figure is the steadier one (it still includes V8's parallel GC threads).
 */
function time(runs: number, f: () => unknown): { median: number; min: number; cpu: number; last: unknown } {
  const times: number[] = [];
  const cpus: number[] = [];
  let last: unknown;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = f();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  return { median: median(times), min: Math.min(...times), cpu: median(cpus), last };
}

/** Seeded revenue / cost columns, cents like a real ledger, about 5 % of lines below a 10 % margin. */
function columns(n: number): { revenue: number[][]; cost: number[][] } {
  let s = 12345;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const revenue: number[][] = new Array(n);
  const cost: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.round((50 + rnd() * 5000) * 100) / 100;
    const rate = rnd() < 0.05 ? rnd() * 0.1 : 0.1 + rnd() * 0.3;
    revenue[i] = [r];
    cost[i] = [Math.round(r * (1 - rate) * 100) / 100];
  }
  return { revenue, cost };
}

function naiveMargin(revenue: number[][], cost: number[][]): number[][] {
  return revenue.map((r, i) => [(r[0] - cost[i][0]) / r[0]]);
}

export default async function run(): Promise<void> {
  const { revenue, cost } = columns(ROWS);
  const fmt = (x: number) => x.toFixed(1);

  // Warm-up on the real size (JIT and allocation paths), then measure.
  margin(revenue, cost);
  naiveMargin(revenue, cost);
  const ops = time(7, () => margin(revenue, cost));
  const naive = time(7, () => naiveMargin(revenue, cost));
  const out = ops.last as unknown[][];
  const check = naive.last as number[][];
  let differ = 0;
  for (let i = 0; i < ROWS; i++) if (out[i][0] !== check[i][0]) differ++;
  console.log(`OPS.MARGIN, ${ROWS.toLocaleString("en-US")} rows as [[v],...]: ${fmt(ops.median)} ms median (min ${fmt(ops.min)} ms, CPU ${fmt(ops.cpu)} ms; goal <= 150 ms)`);
  console.log(`naive loop (rows.map((r, i) => [(r[0] - c[i][0]) / r[0]])): ${fmt(naive.median)} ms median (min ${fmt(naive.min)} ms, CPU ${fmt(naive.cpu)} ms)`);
  console.log(`ratio OPS.MARGIN / naive loop: ${(ops.median / naive.median).toFixed(2)} x wall, ${(ops.cpu / naive.cpu).toFixed(2)} x CPU; results that differ: ${differ}`);
  console.log(`machine load average while measuring: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);

  marginStatusFn(revenue, cost, [[0.1]], [[0.2]]);
  const status = time(5, () => marginStatusFn(revenue, cost, [[0.1]], [[0.2]]));
  const codes = status.last as string[][];
  let breaches = 0;
  for (let i = 0; i < ROWS; i++) if (codes[i][0] === "BREACH") breaches++;
  // The naive loop: the core comparison on every row, into the same [[v], ...] shape (no argument checks, no messages).
  const naiveStatus = (rev: number[][], cst: number[][]) => rev.map((r, i) => [marginStatus(r[0], cst[i][0], 0.1, 0.2) ?? ""]);
  naiveStatus(revenue, cost);
  const nst = time(5, () => naiveStatus(revenue, cost));
  const ncodes = nst.last as unknown[][];
  let sdiffer = 0;
  for (let i = 0; i < ROWS; i++) if (typeof ncodes[i][0] === "string" && ncodes[i][0] !== "" && ncodes[i][0] !== codes[i][0]) sdiffer++;
  console.log(`OPS.MARGIN.STATUS (floor 10 %, target 20 %), ${ROWS.toLocaleString("en-US")} rows: ${fmt(status.median)} ms median (CPU ${fmt(status.cpu)} ms); ${breaches.toLocaleString("en-US")} BREACH`);
  console.log(`naive status loop (rows.map((r, i) => [marginStatus(r[0], c[i][0], 0.1, 0.2)])): ${fmt(nst.median)} ms median (CPU ${fmt(nst.cpu)} ms); ratio ${(status.median / nst.median).toFixed(2)} x wall, ${(status.cpu / nst.cpu).toFixed(2)} x CPU (goal <= 1.2x); statuses that differ: ${sdiffer}`);

  let core: typeof import("../src/core/forecast") | null = null;
  try {
    core = await import("../src/core/forecast");
  } catch {
    core = null;
  }
  if (!core || typeof core.fitEts !== "function") {
    console.log("forecast core not present (src/core/forecast.ts): ETS fit time not measured");
    return;
  }
  const n = 1000;
  const series = Array.from({ length: n }, (_, t) => 500 + 0.8 * t + 60 * Math.sin((2 * Math.PI * t) / 12) + 25 * Math.cos((2 * Math.PI * t) / 6) + ((t * 7919) % 23) - 11);
  const fitEts = core.fitEts;
  fitEts(series, { seasonLength: 12 });
  const fit = time(5, () => fitEts(series, { seasonLength: 12 }));
  const f = fit.last as { alpha: number; beta: number; gamma: number; rmse: number };
  console.log(
    `ETS fit (additive Holt-Winters), ${n} points, season 12: ${fmt(fit.median)} ms median (min ${fmt(fit.min)} ms, CPU ${fmt(fit.cpu)} ms; goal <= 100 ms); ` +
      `alpha ${f.alpha.toFixed(3)}, beta ${f.beta.toFixed(3)}, gamma ${f.gamma.toFixed(3)}, RMSE ${f.rmse.toFixed(2)}`,
  );
}
