/**
 * Market bridge speed: pvmBridge on 1,000,000 ledger rows x 500 products between two years (monthly dates, a text
 * product column with the reader's codes + labels, quantity, revenue, cost; some products new in the current year,
 * some lost), goal <= 250 ms engine time, printed beside a bare two-pass loop over the same typed arrays (pass 1: sums
 * per product per year; pass 2: the effects) and their ratio. Median of 5 runs after a warm-up.
 */
import { serialToMonthIndex } from "../src/core/compliance/text";
import { pvmBridge } from "../src/core/market/bridge";
import type { DataSet } from "../src/core/types";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function makeLedger(n: number, products: number, seed = 7): DataSet {
  const rnd = lcg(seed);
  const labels = [""];
  for (let k = 1; k <= products; k++) labels.push(`Produit ${String(k).padStart(4, "0")}`);
  const months: number[] = [];
  for (let y = 2023; y <= 2024; y++) for (let m = 1; m <= 12; m++) months.push(Math.round((Date.UTC(y, m - 1, 1) - Date.UTC(1899, 11, 30)) / 86400000));
  const date = new Float64Array(n);
  const codes = new Int32Array(n);
  const qty = new Float64Array(n);
  const rev = new Float64Array(n);
  const cost = new Float64Array(n);
  const text: (string | null)[] = new Array(n);
  const rows = new Int32Array(n);
  const basePrice = Array.from({ length: products + 1 }, () => 10 + rnd() * 990);
  for (let i = 0; i < n; i++) {
    const k = 1 + ((rnd() * products) | 0);
    let mi = (rnd() * 24) | 0;
    // The last 20 products are new in 2024, the 20 before them lost in 2024.
    if (k > products - 20 && mi < 12) mi += 12;
    else if (k > products - 40 && k <= products - 20 && mi >= 12) mi -= 12;
    const y1 = mi >= 12 ? 1.03 : 1;
    const q = 1 + ((rnd() * 50) | 0);
    const p = Math.round(basePrice[k] * y1 * (0.95 + rnd() * 0.1) * 100) / 100;
    date[i] = months[mi];
    codes[i] = k;
    text[i] = labels[k];
    qty[i] = q;
    rev[i] = Math.round(p * q * 100) / 100;
    cost[i] = Math.round(rev[i] * (0.6 + rnd() * 0.3) * 100) / 100;
    rows[i] = i + 2;
  }
  return {
    id: `sheet:Bench!A1:E${n + 1}`,
    sheet: "Bench",
    address: `A1:E${n + 1}`,
    headerRows: [1],
    rowNumbers: rows,
    columns: [
      { index: 0, header: "Date", sheetColumn: 1, kind: "date", numbers: date, role: "date", dateGranularity: "month" },
      { index: 1, header: "Produit", sheetColumn: 2, kind: "text", text, codes, labels, role: "product" },
      { index: 2, header: "Quantité", sheetColumn: 3, kind: "number", numbers: qty, role: "quantity" },
      { index: 3, header: "CA HT", sheetColumn: 4, kind: "number", numbers: rev, role: "revenue" },
      { index: 4, header: "Coût", sheetColumn: 5, kind: "number", numbers: cost, role: "cost" },
    ],
    roles: { date: 0, product: 1, quantity: 2, revenue: 3, cost: 4 },
    excluded: [],
    messages: [],
    kind: "data",
  };
}

/** The bare loop: pass 1 sums per product per year, pass 2 the revenue effects. Returns the total (to keep it live). */
function bareLoop(ds: DataSet, y0: number, y1: number): number {
  const date = ds.columns[0].numbers!;
  const codes = ds.columns[1].codes!;
  const qty = ds.columns[2].numbers!;
  const rev = ds.columns[3].numbers!;
  const K = ds.columns[1].labels!.length;
  const Q = new Float64Array(2 * K);
  const R = new Float64Array(2 * K);
  const n = date.length;
  for (let i = 0; i < n; i++) {
    const y = Math.floor(serialToMonthIndex(date[i]) / 12);
    const p = y === y1 ? 1 : y === y0 ? 0 : -1;
    if (p < 0) continue;
    const s = 2 * codes[i] + p;
    Q[s] += qty[i];
    R[s] += rev[i];
  }
  let qt0 = 0;
  let qt1 = 0;
  for (let k = 0; k < K; k++) if (Q[2 * k] > 0 && Q[2 * k + 1] > 0) {
    qt0 += Q[2 * k];
    qt1 += Q[2 * k + 1];
  }
  let vol = 0, mix = 0, price = 0, other = 0;
  for (let k = 0; k < K; k++) {
    const q0 = Q[2 * k], q1 = Q[2 * k + 1];
    if (q0 > 0 && q1 > 0) {
      const p0 = R[2 * k] / q0, p1 = R[2 * k + 1] / q1;
      const s0 = q0 / qt0, s1 = q1 / qt1;
      vol += (qt1 - qt0) * s0 * p0;
      mix += (s1 - s0) * qt1 * p0;
      price += (p1 - p0) * q1;
    } else other += R[2 * k + 1] - R[2 * k];
  }
  return vol + mix + price + other;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function run(): Promise<void> {
  const n = 1_000_000;
  const products = 500;
  const ds = makeLedger(n, products);
  const opts = { base: { kind: "year", code: 2023 } as const, current: { kind: "year", code: 2024 } as const, lang: "fr" as const };
  let check = pvmBridge(ds, opts);
  bareLoop(ds, 2023, 2024);
  const engine: number[] = [];
  const bare: number[] = [];
  let bareTotal = 0;
  for (let k = 0; k < 5; k++) {
    let t0 = performance.now();
    check = pvmBridge(ds, opts);
    engine.push(performance.now() - t0);
    t0 = performance.now();
    bareTotal = bareLoop(ds, 2023, 2024);
    bare.push(performance.now() - t0);
  }
  const e = median(engine);
  const b = median(bare);
  const fmt = (x: number) => x.toLocaleString("en-US");
  const diff = Math.abs(check.total - bareTotal) / Math.abs(check.currentRevenue);
  console.log(
    `pvmBridge ${fmt(n)} rows x ${products} products: ${Math.round(e)} ms (bare loop ${Math.round(b)} ms, ${(e / b).toFixed(1)}x) goal <= 250 ms` +
      ` — ${check.counts.continuing} continuing, ${check.counts.new} new, ${check.counts.lost} lost; total vs bare loop ${diff.toExponential(1)} of revenue`,
  );
}
