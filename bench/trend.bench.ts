/**
 * OPS.MOVAVG and its core (src/core/trend.ts movingAverage, an exact running sum) on 1,000,000 values, against a
 * plain running-sum loop (add the value entering, subtract the value leaving: the fastest loop there is, and the one
 * that returns wrong averages after a huge value has left the window). Two series: ledger-like cents, and the same
 * with a 1e16 spike every 10,000 values (where the plain loop goes wrong: its wrong results are counted).
 * `npm run bench -- trend` runs only this file. Medians of several runs after a warm-up.
 */
import { cpus, loadavg } from "os";
import { performance } from "perf_hooks";
import { movingAverage } from "../src/core/trend";
import { movavg } from "../src/functions/functions";

const N = 1_000_000;
const WINDOW = 12;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(runs: number, f: () => unknown): { median: number; cpu: number; last: unknown } {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let last: unknown;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = f();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
  }
  return { median: median(times), cpu: median(cpuTimes), last };
}

/** The plain running sum (missing values skipped), with no correction at all. */
function plainRunning(values: Float64Array, w: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  let s = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x === x) {
      s += x;
      count++;
    }
    if (i >= w) {
      const old = values[i - w];
      if (old === old) {
        s -= old;
        count--;
      }
    }
    if (i >= w - 1 && count > 0) out[i] = s / count;
  }
  return out;
}

function series(spikes: boolean): Float64Array {
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const v = new Float64Array(N);
  for (let i = 0; i < N; i++) v[i] = spikes && i % 10000 === 5000 ? 1e16 : rnd() < 0.02 ? NaN : Math.round((50 + rnd() * 5000) * 100) / 100;
  return v;
}

export default async function run(): Promise<void> {
  const fmt = (x: number) => x.toFixed(1);
  for (const spikes of [false, true]) {
    const v = series(spikes);
    for (let k = 0; k < 3; k++) {
      movingAverage(v, WINDOW);
      plainRunning(v, WINDOW);
    }
    const exact = time(9, () => movingAverage(v, WINDOW));
    const plain = time(9, () => plainRunning(v, WINDOW));
    const a = exact.last as Float64Array;
    const b = plain.last as Float64Array;
    // Last-bit differences (the plain loop's rounding drift) apart from plainly wrong results (off by > 1e-9).
    let differ = 0;
    let wrong = 0;
    for (let i = 0; i < N; i++) {
      if (a[i] === b[i] || (a[i] !== a[i] && b[i] !== b[i])) continue;
      differ++;
      if (!(Math.abs(a[i] - b[i]) <= 1e-9 * Math.abs(a[i]))) wrong++;
    }
    const label = spikes ? "cents with a 1e16 spike every 10,000" : "ledger-like cents, 2 % empty";
    console.log(`movingAverage (exact running sum), ${N.toLocaleString("en-US")} values, window ${WINDOW}, ${label}: ${fmt(exact.median)} ms median (CPU ${fmt(exact.cpu)} ms)`);
    console.log(`plain running-sum loop, same values: ${fmt(plain.median)} ms median (CPU ${fmt(plain.cpu)} ms)`);
    console.log(`ratio exact / plain: ${(exact.median / plain.median).toFixed(2)} x wall, ${(exact.cpu / plain.cpu).toFixed(2)} x CPU; plain-loop results that differ: ${differ.toLocaleString("en-US")}, of which off by more than 1e-9: ${wrong.toLocaleString("en-US")}`);
  }
  // The whole custom function, as Excel passes a column ([[v], [v], ...]) and gets the spill back.
  const v = series(false);
  const column: (number | string)[][] = Array.from(v, (x) => [x === x ? x : ""]);
  movavg(column, WINDOW);
  const fn = time(5, () => movavg(column, WINDOW));
  const naive = time(5, () => {
    const vals = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const c = column[i][0];
      vals[i] = typeof c === "number" ? c : NaN;
    }
    const r = plainRunning(vals, WINDOW);
    return Array.from(r, (x, i) => [vals[i] !== vals[i] ? "" : x === x ? x : "#N/A"]);
  });
  console.log(`OPS.MOVAVG, ${N.toLocaleString("en-US")} rows as [[v],...], window ${WINDOW}: ${fmt(fn.median)} ms median (CPU ${fmt(fn.cpu)} ms)`);
  console.log(`naive column loop (read, plain running sum, spill): ${fmt(naive.median)} ms median (CPU ${fmt(naive.cpu)} ms); ratio ${(fn.median / naive.median).toFixed(2)} x`);
  console.log(`machine load average while measuring: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
}
