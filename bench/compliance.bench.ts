/**
 * Compliance engine speed: 1,000,000 rows x 3 dimensions (segment, product, region) with monthly dates over three
 * years, about 5 % of rows below their floor and 5 % between floor and target (so about 100,000 line findings). Prints the engine time (goal <= 300 ms), the bare loop over the same
 * typed arrays (rate vs floor/target, counts and shortfall) and their ratio, and the async run in 50,000-row chunks.
 */
import { checkCompliance, checkComplianceSync, defaultPolicy } from "../src/core/compliance";
import type { MarginPolicy } from "../src/core/policy-types";
import { buildDataSet, detectLayouts } from "../src/core/read";
import type { CellValue, DataSet } from "../src/core/types";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * Distinct string objects per cell, flat as JSON.parse makes them from Excel's response (not one shared instance per
 * value, and not the sliced or cons strings that concatenation would give, which are slower to hash and compare).
 */
function freshColumn(xs: string[]): string[] {
  return JSON.parse(JSON.stringify(xs)) as string[];
}

/**
 * The bench table. `via: "reader"` (default): rows shaped as Range.values (fresh string objects per cell, as Excel's
 * JSON gives them) read by the reader's buildDataSet, the path real data takes (text columns dictionary-encoded by
 * the reader). `via: "hand"`: the same columns built directly, text only (no reader codes), so the engine interns
 * the strings itself.
 */
export function makeBenchData(n: number, seed = 42, via: "reader" | "hand" = "reader"): DataSet {
  const hand = makeHandData(n, seed);
  if (via === "hand") return hand;
  const cols = hand.columns;
  const values: CellValue[][] = new Array(n + 1);
  values[0] = cols.map((c) => c.header);
  for (let i = 0; i < n; i++) values[i + 1] = cols.map((c) => (c.text ? c.text[i] : c.numbers![i]));
  const grid = {
    sheet: "Bench",
    top: 1,
    left: 1,
    values,
    columnFormats: ["dd/mm/yyyy", "General", "General", "General", "#,##0.00 €", "#,##0.00 €"],
  };
  const layout = detectLayouts({ ...grid, values: values.slice(0, 200) })[0];
  const ds = buildDataSet(grid, layout);
  for (const role of ["date", "segment", "product", "region", "revenue", "cost"] as const) {
    if (ds.roles[role] !== cols.findIndex((c) => c.role === role))
      throw new Error(`bench: the reader mapped ${role} elsewhere`);
  }
  return ds;
}

function makeHandData(n: number, seed: number): DataSet {
  const rnd = lcg(seed);
  const segments = ["Grands comptes", "PME", "Administrations", "Distributeurs", "Export"];
  const products = Array.from({ length: 50 }, (_, i) => `Produit ${String(i + 1).padStart(3, "0")}`);
  const regions = [
    "Île-de-France",
    "Auvergne-Rhône-Alpes",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Hauts-de-France",
    "Grand Est",
    "Bretagne",
    "Normandie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
  ];
  const months: number[] = [];
  for (let y = 2023; y <= 2025; y++)
    for (let m = 1; m <= 12; m++) months.push(Math.round((Date.UTC(y, m - 1, 1) - Date.UTC(1899, 11, 30)) / 86400000));
  const rev = new Float64Array(n);
  const cost = new Float64Array(n);
  const date = new Float64Array(n);
  const seg: (string | null)[] = new Array(n);
  const prod: (string | null)[] = new Array(n);
  const reg: (string | null)[] = new Array(n);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.round((100 + rnd() * 9900) * 100) / 100;
    const u = rnd();
    // ~5 % below the 10 % floor, ~5 % between floor and 20 % target, the rest above the target.
    const rate = u < 0.05 ? -0.05 + rnd() * 0.149 : u < 0.1 ? 0.1 + rnd() * 0.099 : 0.2 + rnd() * 0.3;
    rev[i] = r;
    cost[i] = Math.round(r * (1 - rate) * 100) / 100;
    date[i] = months[(rnd() * months.length) | 0];
    seg[i] = segments[(rnd() * segments.length) | 0];
    prod[i] = products[(rnd() * products.length) | 0];
    reg[i] = regions[(rnd() * regions.length) | 0];
    rows[i] = i + 2;
  }
  return {
    id: "sheet:Bench!A1:F" + (n + 1),
    sheet: "Bench",
    address: `A1:F${n + 1}`,
    headerRows: [1],
    rowNumbers: rows,
    columns: [
      { index: 0, header: "Date", sheetColumn: 1, kind: "date", numbers: date, role: "date" },
      {
        index: 1,
        header: "Segment",
        sheetColumn: 2,
        kind: "text",
        text: freshColumn(seg as string[]),
        role: "segment",
      },
      {
        index: 2,
        header: "Produit",
        sheetColumn: 3,
        kind: "text",
        text: freshColumn(prod as string[]),
        role: "product",
      },
      { index: 3, header: "Région", sheetColumn: 4, kind: "text", text: freshColumn(reg as string[]), role: "region" },
      { index: 4, header: "CA HT", sheetColumn: 5, kind: "number", numbers: rev, role: "revenue" },
      { index: 5, header: "Coût de revient", sheetColumn: 6, kind: "number", numbers: cost, role: "cost" },
    ],
    roles: { date: 0, segment: 1, product: 2, region: 3, revenue: 4, cost: 5 },
    excluded: [],
    messages: [],
    kind: "data",
  };
}

function bareLoop(
  rev: Float64Array,
  cost: Float64Array,
  floor: number,
  target: number,
): { breaches: number; warnings: number; shortfall: number } {
  let breaches = 0;
  let warnings = 0;
  let shortfall = 0;
  for (let i = 0; i < rev.length; i++) {
    const r = rev[i];
    const c = cost[i];
    if (!(r > 0) || c !== c) continue;
    const m = r - c;
    const rate = m / r;
    if (rate < floor) breaches++;
    else if (rate < target) warnings++;
    else continue;
    shortfall += target * r - m;
  }
  return { breaches, warnings, shortfall };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wall = performance.now() - t0;
  const u = process.cpuUsage(u0);
  return { value, wall, cpu: (u.user + u.system) / 1000 };
}

export default async function run(): Promise<void> {
  const n = 1_000_000;
  const policy: MarginPolicy = {
    ...defaultPolicy(),
    rules: [{ id: "Export", dimension: "segment", value: "Export", floor: 0.05, target: NaN }],
  };
  const load = () => (typeof process !== "undefined" && require("os").loadavg()[0].toFixed(1)) as string;

  // Cold: a fresh DataSet each time (read by the reader from fresh strings, nothing cached by the engine yet), as right
  // after reading a table. Its time includes collecting the garbage the reading left (the rows and their strings).
  const cold: { wall: number; cpu: number }[] = [];
  let data = makeBenchData(n, 1);
  let first = checkComplianceSync(data, policy);
  for (let k = 0; k < 3; k++) {
    data = makeBenchData(n, 42 + k);
    const t = timed(() => checkComplianceSync(data, policy));
    first = t.value;
    cold.push(t);
  }
  const encoded = data.columns.filter((c) => c.kind === "text" && c.codes).length;
  // The engine's own interning, for DataSets built without the reader's codes (hand-made columns).
  const own: { wall: number; cpu: number }[] = [];
  for (let k = 0; k < 3; k++) {
    const handData = makeBenchData(n, 42 + k, "hand");
    own.push(timed(() => checkComplianceSync(handData, policy)));
  }
  // Warm: the same DataSet checked again (e.g. after a policy edit): dimension codes are reused.
  const warm: { wall: number; cpu: number }[] = [];
  for (let k = 0; k < 5; k++) warm.push(timed(() => checkComplianceSync(data, { ...policy, target: 0.2 + k * 1e-3 })));

  const rev = data.columns[4].numbers!;
  const cost = data.columns[5].numbers!;
  let bareOut = bareLoop(rev, cost, 0.1, 0.2);
  const bare: { wall: number; cpu: number }[] = [];
  for (let k = 0; k < 7; k++) {
    const t = timed(() => bareLoop(rev, cost, 0.1, 0.2));
    bareOut = t.value;
    bare.push(t);
  }

  let progressCalls = 0;
  let maxGap = 0;
  const fresh = makeBenchData(n, 7);
  const t0 = performance.now();
  let last = t0;
  await checkCompliance(fresh, policy, {
    chunkRows: 50_000,
    onProgress: () => {
      progressCalls++;
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    },
  });
  const asyncTime = performance.now() - t0;

  // Calibration for a shared machine: the same number of plain objects of a finding's shape, allocated alone.
  const alloc: { wall: number; cpu: number }[] = [];
  for (let k = 0; k < 3; k++) {
    alloc.push(
      timed(() => {
        const out: object[] = [];
        for (let i = 0; i < first.findings.length; i++) {
          out.push({
            kind: "line",
            severity: "breach",
            ruleId: "default",
            location: { sheet: "Bench", row: i + 2, column: 5, address: "E" + (i + 2) },
            dimensions: first.findings[0].dimensions,
            revenue: rev[i],
            cost: cost[i],
            margin: rev[i] - cost[i],
            rate: 0.1 + i * 1e-9,
            threshold: 0.1,
            gap: i * 1e-9,
            shortfall: i * 0.5,
            priceIncrease: i * 1e-7,
            period: "2024-01",
          });
        }
        return out.length;
      }),
    );
  }

  const s = first.summary;
  const med = (xs: { wall: number; cpu: number }[]) => ({
    wall: median(xs.map((x) => x.wall)),
    cpu: median(xs.map((x) => x.cpu)),
  });
  const c = med(cold);
  const w = med(warm);
  const b = med(bare);
  console.log(
    `machine load average (1 min): ${load()} on ${require("os").cpus().length} cores; times are wall clock, CPU time of the process in brackets`,
  );
  console.log(
    `rows ${n.toLocaleString("en-US")} x 3 dimensions (5 segments, 50 products, 10 regions), 36 months, 1 segment rule`,
  );
  console.log(
    `breaches ${s.breaches} (${((100 * s.breaches) / n).toFixed(2)} %), warnings ${s.warnings}, group findings ${(s.groupBreaches ?? 0) + (s.groupWarnings ?? 0)}, erosions ${s.erosions}, findings ${first.findings.length}`,
  );
  console.log(
    `DataSet built by the reader (buildDataSet on Range.values-shaped rows); ${encoded} of 3 text columns dictionary-encoded by it`,
  );
  console.log(
    `engine, fresh DataSet (median of 3): ${c.wall.toFixed(1)} ms [cpu ${c.cpu.toFixed(1)} ms] (goal <= 300 ms) ${c.wall <= 300 ? "OK" : "OVER GOAL"}`,
  );
  const o = med(own);
  console.log(
    `engine, fresh hand-built DataSet without reader codes (engine interns 3,000,000 strings; median of 3): ${o.wall.toFixed(1)} ms [cpu ${o.cpu.toFixed(1)} ms]`,
  );
  console.log(`engine, same DataSet checked again (median of 5): ${w.wall.toFixed(1)} ms [cpu ${w.cpu.toFixed(1)} ms]`);
  console.log(
    `bare loop over the same Float64Arrays (rate vs floor/target, shortfall; no rules, groups or findings): ${b.wall.toFixed(2)} ms [cpu ${b.cpu.toFixed(2)} ms] (${bareOut.breaches} below 10 %)`,
  );
  const a = med(alloc);
  console.log(
    `calibration: allocating ${first.findings.length} plain objects of a finding's shape alone: ${a.wall.toFixed(1)} ms [cpu ${a.cpu.toFixed(1)} ms]`,
  );
  const worst = Math.max(c.wall, w.wall) / b.wall;
  console.log(
    `ratio engine / bare loop (wall): ${(c.wall / b.wall).toFixed(1)}x fresh, ${(w.wall / b.wall).toFixed(1)}x again; CPU ${(c.cpu / b.cpu).toFixed(1)}x fresh, ${(w.cpu / b.cpu).toFixed(1)}x again (goal <= 10x, fresh and again) ${worst <= 10 ? "OK" : "OVER GOAL"}`,
  );
  // The machine's cost of touching fresh memory, for reading the figures above (large new arrays cost this once).
  const touch = timed(() => {
    const a = new Int32Array(1 << 20);
    for (let i = 0; i < a.length; i++) a[i] = i;
    return a[12345];
  });
  console.log(`calibration: first write to a fresh 4 MB Int32Array on this machine: ${touch.wall.toFixed(1)} ms`);
  console.log(
    `checkCompliance async, 50,000-row chunks, fresh DataSet: ${asyncTime.toFixed(1)} ms, ${progressCalls} progress reports, longest stretch without yielding ${maxGap.toFixed(1)} ms`,
  );
}
