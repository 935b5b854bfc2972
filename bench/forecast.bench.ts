/**
 * The forecasting core (src/core/forecast.ts):
 *   - ETS fit (additive Holt–Winters, α β γ by bounded Nelder–Mead) on 1,000 points with season 12: goal <= 100 ms;
 *   - season length detection on the same series (screen of every length up to 500, then AICc fits);
 *   - fit with detection (what OPS.FORECAST does without a season argument), and a 10,000-point fit for scale;
 *   - the cost of one SSE evaluation (the optimiser's hot path) and how many the fit used.
 * Each figure is the median wall-clock time of several runs after a warm-up, with the minimum and the median process
 * CPU time beside it (the machine may be shared: CPU time is what this code itself used).
 * Run: npm run bench -- forecast
 */
import { detectSeasonLength, fitEts, forecastEts, smoothEts } from "../src/core/forecast";

/** Seeded monthly-like series: level, trend, a season of 12 and noise. */
function series(n: number, seed = 2024): number[] {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const pattern = [-8, -6, -2, 0, 2, 5, 8, 6, 1, -1, -3, -2];
  return Array.from({ length: n }, (_, t) => 500 + 0.8 * t + 5 * pattern[t % 12] + 12 * (u() + u() + u() - 1.5));
}

interface Timing {
  median: number;
  min: number;
  cpu: number;
}

function time(runs: number, f: () => unknown): Timing {
  f(); // warm-up
  f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { median: med(wall), min: Math.min(...wall), cpu: med(cpu) };
}

const fmt = (t: Timing) => `${t.median.toFixed(1)} ms median (min ${t.min.toFixed(1)} ms, CPU ${t.cpu.toFixed(1)} ms)`;

export default async function run(): Promise<void> {
  const y = series(1000);

  const fit = time(15, () => fitEts(y, { seasonLength: 12 }));
  const f = fitEts(y, { seasonLength: 12 });
  console.log(`ETS fit, 1,000 points, season 12: ${fmt(fit)}; goal <= 100 ms`);
  console.log(
    `  alpha ${f.alpha.toFixed(4)}, beta ${f.beta.toFixed(4)}, gamma ${f.gamma.toFixed(4)}, RMSE ${f.rmse.toFixed(3)}, MASE ${f.mase.toFixed(3)}`,
  );

  // hot path: one pass of the recursions with fixed parameters (smoothEts also builds the result object)
  const REP = 200;
  const one = time(7, () => {
    for (let i = 0; i < REP; i++) smoothEts(y, { alpha: f.alpha, beta: f.beta, gamma: f.gamma, seasonLength: 12 }, f.initial);
  });
  console.log(`  one smoothing pass over 1,000 points (SSE + fitted values + measures): ${((one.median / REP) * 1000).toFixed(1)} µs median`);

  const detect = time(7, () => detectSeasonLength(y));
  console.log(`season detection, 1,000 points (lengths 2..500 screened, then AICc): ${fmt(detect)}; found ${detectSeasonLength(y)}`);

  const auto = time(7, () => fitEts(y));
  console.log(`ETS fit with detection, 1,000 points: ${fmt(auto)}`);

  const big = series(10_000);
  const fitBig = time(5, () => fitEts(big, { seasonLength: 12 }));
  console.log(`ETS fit, 10,000 points, season 12: ${fmt(fitBig)}`);

  const fc = time(7, () => {
    for (let i = 0; i < REP; i++) forecastEts(f, 120, 0.95);
  });
  console.log(`forecast with 95 % interval, 120 periods: ${((fc.median / REP) * 1000).toFixed(1)} µs median`);
}
