/**
 * The browser preview's sample workbook: a French company's monthly sales, January 2023 to December 2025, by product,
 * segment and region, with quantities, sales (CA HT), cost of sales (coût de revient) and gross margin, in euro
 * number formats; a totals row under the detail; and a "Concurrents" sheet with competitors' average prices and the
 * market's sales by month. Seeded: every run writes the same content (and, with the clock held, the same bytes).
 *
 * What it holds on purpose, for OPS to find with its default policy (floor 10 %, target 20 % of sales):
 *   - most lines between 22 % and 40 % of sales; distributors a little lower (some warnings between 10 % and 20 %);
 *   - a few lines in breach: exceptional discounts on single deals (`BREACH_DEALS`);
 *   - one product whose margin erodes month after month ("Compresseur C12": its purchase cost rises, its price does
 *     not), from about 31 % in January 2023 to about 6 % in December 2025;
 *   - two data issues: a credit note (negative sales) and a line whose cost is missing;
 *   - a "Total" row under the detail (SUM formulas with their cached results), left out by OPS's reader.
 *
 *   npx tsx scripts/make-sample-workbook.ts            writes src/preview/sample/ops-sample.xlsx
 *   import { sampleWorkbookBytes } from "...";  await sampleWorkbookBytes({ rows: 100_000 })   (bench: in memory)
 */
import ExcelJS from "exceljs";
import { mkdirSync, writeFileSync } from "fs";
import { dirname, resolve } from "path";
import { rng, serial, withFixedClock as withClock } from "./seeded";

/** The sample is written with the clock held at 31 January 2026 09:00 UTC. */
const withFixedClock = <T>(write: () => Promise<T>): Promise<T> => withClock(Date.UTC(2026, 0, 31, 9), write);

export const SAMPLE_PATH = resolve(__dirname, "../src/preview/sample/ops-sample.xlsx");
export const SAMPLE_SEED = 20250131;
export const COMPANY = "Verdier Équipements SAS";

export const SALES_SHEET = "Ventes";
export const COMPETITORS_SHEET = "Concurrents";
/** 1-based row of the sales header (two title rows and a blank row above it, as ERP exports often have). */
export const HEADER_ROW = 4;
export const SALES_HEADERS = [
  "Date",
  "Produit",
  "Segment",
  "Région",
  "Quantité",
  "Prix unitaire HT",
  "CA HT",
  "Coût de revient",
  "Marge brute",
] as const;
export const COMPETITOR_HEADERS = ["Mois", "Concurrent", "Famille", "Prix moyen HT", "Ventes marché (unités)", "CA marché HT"] as const;

export const EURO_FORMAT = '#,##0.00\\ "€";-#,##0.00\\ "€"';
export const EURO_FORMAT_0 = '#,##0\\ "€";-#,##0\\ "€"';
export const DATE_FORMAT = "dd/mm/yyyy";
export const QTY_FORMAT = "#,##0";

export interface Product {
  name: string;
  family: string;
  /** List price per unit, euros HT. */
  price: number;
  /** Unit cost as a share of the list price in January 2023. */
  costRatio: number;
  /** Monthly units sold in one region to one segment, on average. */
  volume: number;
}

export const PRODUCTS: readonly Product[] = [
  { name: "Pompe PX-200", family: "Pompes", price: 1290, costRatio: 0.61, volume: 9 },
  { name: "Pompe doseuse D40", family: "Pompes", price: 860, costRatio: 0.6, volume: 12 },
  { name: "Vanne V50", family: "Vannes", price: 245, costRatio: 0.58, volume: 40 },
  { name: "Vanne motorisée VM3", family: "Vannes", price: 690, costRatio: 0.62, volume: 14 },
  { name: "Compresseur C12", family: "Compresseurs", price: 2150, costRatio: 0.57, volume: 5 },
  { name: "Compresseur C30", family: "Compresseurs", price: 4380, costRatio: 0.63, volume: 2 },
  { name: "Filtre F-Pro", family: "Filtres", price: 78, costRatio: 0.52, volume: 120 },
  { name: "Kit maintenance K1", family: "Services", price: 340, costRatio: 0.45, volume: 18 },
];
/** The product whose margin erodes: its unit cost rises by EROSION_PER_MONTH of its list price each month. */
export const ERODING_PRODUCT = "Compresseur C12";
export const EROSION_PER_MONTH = 0.0062;

/** Segment: price level against the list price (discounts) and volume factor. */
export const SEGMENTS: readonly { name: string; priceFactor: number; volumeFactor: number }[] = [
  { name: "Grands comptes", priceFactor: 0.93, volumeFactor: 2.2 },
  { name: "PME", priceFactor: 1, volumeFactor: 1 },
  { name: "Distributeurs", priceFactor: 0.86, volumeFactor: 1.6 },
];
export const REGIONS: readonly string[] = [
  "Île-de-France",
  "Auvergne-Rhône-Alpes",
  "Nouvelle-Aquitaine",
  "Occitanie",
  "Grand Est",
  "Hauts-de-France",
];
export const FIRST_YEAR = 2023;
export const MONTHS = 36;

/** Single deals with an exceptional discount (a line in breach): month index (0 = Jan 2023), product, segment, region, price factor. */
export const BREACH_DEALS: readonly { month: number; product: string; segment: string; region: string; priceFactor: number }[] = [
  { month: 4, product: "Pompe PX-200", segment: "Grands comptes", region: "Île-de-France", priceFactor: 0.66 },
  { month: 11, product: "Vanne motorisée VM3", segment: "Distributeurs", region: "Occitanie", priceFactor: 0.68 },
  { month: 17, product: "Compresseur C30", segment: "PME", region: "Grand Est", priceFactor: 0.7 },
  { month: 23, product: "Filtre F-Pro", segment: "Grands comptes", region: "Hauts-de-France", priceFactor: 0.5 },
  { month: 28, product: "Pompe doseuse D40", segment: "Distributeurs", region: "Auvergne-Rhône-Alpes", priceFactor: 0.62 },
  { month: 33, product: "Kit maintenance K1", segment: "PME", region: "Nouvelle-Aquitaine", priceFactor: 0.48 },
];

export const COMPETITORS: readonly { name: string; priceIndex: number; share: number }[] = [
  { name: COMPANY, priceIndex: 1, share: 0.24 },
  { name: "Hydrotec", priceIndex: 0.94, share: 0.31 },
  { name: "Fluidis", priceIndex: 1.06, share: 0.18 },
  { name: "Mécanor Industrie", priceIndex: 0.9, share: 0.15 },
  { name: "Atlantique Process", priceIndex: 1.02, share: 0.12 },
];

export interface SampleLine {
  /** Excel serial (1900 system) of the first day of the month. */
  date: number;
  product: string;
  segment: string;
  region: string;
  quantity: number;
  unitPrice: number;
  /** CA HT; may be negative (credit note). */
  revenue: number;
  /** Coût de revient; null when missing (a data issue). */
  cost: number | null;
}

export interface SampleOptions {
  seed?: number;
  /**
   * Number of detail lines wanted. Default: the natural grid (36 months × 8 products × 3 segments × 6 regions, minus
   * the combinations nobody buys). More lines are made by adding product variants ("Pompe PX-200 — série 2"...) with
   * the same economics, so a 100,000-line workbook has the same shape as the sample.
   */
  rows?: number;
}

export { rng, serial };

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Month index (0 = January 2023) -> serial of its first day. */
export function monthSerial(k: number): number {
  return serial(FIRST_YEAR + Math.floor(k / 12), (k % 12) + 1, 1);
}

/** Seasonality of volumes: quieter in August and late December, busier in spring and autumn. */
const SEASON = [0.9, 0.95, 1.05, 1.1, 1.08, 1.02, 0.92, 0.62, 1.08, 1.12, 1.05, 0.86];

/** The detail lines, sorted by month, product, segment, region. Deterministic for a given seed and size. */
export function sampleLines(options: SampleOptions = {}): SampleLine[] {
  const rnd = rng(options.seed ?? SAMPLE_SEED);
  const natural = MONTHS * PRODUCTS.length * SEGMENTS.length * REGIONS.length;
  const variants = options.rows ? Math.max(1, Math.ceil(options.rows / (natural * 0.93))) : 1;
  const products: (Product & { base: string })[] = [];
  for (let v = 0; v < variants; v++) {
    for (const p of PRODUCTS) products.push({ ...p, base: p.name, name: v === 0 ? p.name : `${p.name} — série ${v + 1}` });
  }
  // Some combinations are not sold at all (a distributor network absent from a region, a product not for small firms).
  const absent = new Set<string>();
  for (const p of products) {
    for (const s of SEGMENTS) {
      for (const r of REGIONS) if (rnd() < 0.07) absent.add(`${p.name}|${s.name}|${r}`);
    }
  }
  const lines: SampleLine[] = [];
  for (let k = 0; k < MONTHS; k++) {
    const date = monthSerial(k);
    const growth = Math.pow(1.035, k / 12);
    for (const p of products) {
      // Raw material prices: +0.1 % a month for everybody; the eroding product's purchase cost rises much faster.
      const costRatio = p.costRatio * (1 + 0.001 * k) + (p.base === ERODING_PRODUCT ? EROSION_PER_MONTH * k : 0);
      for (const s of SEGMENTS) {
        for (const region of REGIONS) {
          const noiseQ = 0.7 + rnd() * 0.6;
          const noiseP = 0.985 + rnd() * 0.03;
          const noiseC = 0.97 + rnd() * 0.06;
          if (absent.has(`${p.name}|${s.name}|${region}`)) continue;
          const quantity = Math.max(1, Math.round(p.volume * s.volumeFactor * SEASON[k % 12] * growth * noiseQ));
          const deal = BREACH_DEALS.find((d) => d.month === k && d.product === p.name && d.segment === s.name && d.region === region);
          // Prices are revised each January (+2 %), except the eroding product's (a competitor holds the price down).
          const yearly = p.base === ERODING_PRODUCT ? 1 : Math.pow(1.02, Math.floor(k / 12));
          const unitPrice = round2(p.price * s.priceFactor * yearly * noiseP * (deal ? deal.priceFactor : 1));
          const revenue = round2(quantity * unitPrice);
          const cost = round2(quantity * p.price * costRatio * noiseC);
          lines.push({ date, product: p.name, segment: s.name, region, quantity, unitPrice, revenue, cost });
        }
      }
    }
  }
  if (options.rows !== undefined && lines.length > options.rows) {
    // Keep the first `rows` lines of a shuffled order, then sort back: every month and product stays represented.
    const keep = new Uint8Array(lines.length);
    const order = lines.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let i = 0; i < options.rows; i++) keep[order[i]] = 1;
    const kept = lines.filter((_, i) => keep[i] === 1);
    lines.length = 0;
    lines.push(...kept);
  }
  // Two data issues, at fixed places: a credit note (goods returned) and a line whose cost was not entered.
  const credit = lines[Math.floor(lines.length * 0.41)];
  credit.quantity = -Math.abs(credit.quantity);
  credit.revenue = round2(credit.quantity * credit.unitPrice);
  credit.cost = round2(credit.quantity * (credit.cost ?? 0) / -credit.quantity);
  lines[Math.floor(lines.length * 0.77)].cost = null;
  return lines;
}

export interface CompetitorLine {
  date: number;
  competitor: string;
  family: string;
  price: number;
  units: number;
  revenue: number;
}

/** Competitors' average prices and the market's sales by month and product family. */
export function competitorLines(seed = SAMPLE_SEED + 1): CompetitorLine[] {
  const rnd = rng(seed);
  const families = [...new Set(PRODUCTS.map((p) => p.family))].filter((f) => f !== "Services");
  const out: CompetitorLine[] = [];
  for (let k = 0; k < MONTHS; k++) {
    const date = monthSerial(k);
    for (const family of families) {
      const ref = PRODUCTS.filter((p) => p.family === family);
      const avgPrice = ref.reduce((s, p) => s + p.price, 0) / ref.length;
      const marketUnits = ref.reduce((s, p) => s + p.volume, 0) * 18 * 4.2 * SEASON[k % 12] * Math.pow(1.02, k / 12);
      for (const c of COMPETITORS) {
        // Compressors: competitors cut their prices in 2025 (why our C12 cannot pass its cost rises on).
        const cut = family === "Compresseurs" && c.name !== COMPANY && k >= 24 ? 0.95 : 1;
        const price = round2(avgPrice * c.priceIndex * cut * Math.pow(1.018, k / 12) * (0.98 + rnd() * 0.04));
        const units = Math.round(marketUnits * c.share * (0.9 + rnd() * 0.2));
        out.push({ date, competitor: c.name, family, price, units, revenue: round2(price * units) });
      }
    }
  }
  return out;
}

const COL_WIDTHS_SALES = [12, 30, 16, 22, 10, 16, 16, 17, 16];
const COL_WIDTHS_COMP = [12, 24, 15, 15, 22, 17];

/** The workbook as ExcelJS builds it (Ventes, Concurrents). */
export function buildSampleWorkbook(options: SampleOptions = {}): ExcelJS.Workbook {
  const lines = sampleLines(options);
  const wb = new ExcelJS.Workbook();
  wb.creator = COMPANY;
  wb.created = new Date(Date.UTC(2026, 0, 31));
  wb.modified = new Date(Date.UTC(2026, 0, 31));

  const ws = wb.addWorksheet(SALES_SHEET, { views: [{ state: "frozen", ySplit: HEADER_ROW, xSplit: 0 }] });
  ws.getCell("A1").value = `${COMPANY} — ventes mensuelles ${FIRST_YEAR}–${FIRST_YEAR + MONTHS / 12 - 1}`;
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.getCell("A2").value = "Export ERP du 31/01/2026, montants en euros hors taxes";
  ws.getCell("A2").font = { italic: true, color: { argb: "FF595959" } };
  const header = ws.getRow(HEADER_ROW);
  header.values = [...SALES_HEADERS];
  header.font = { bold: true, color: { argb: "FFFFFFFF" } };
  for (let c = 1; c <= SALES_HEADERS.length; c++) {
    header.getCell(c).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF1F4E79" } };
  }
  COL_WIDTHS_SALES.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const first = HEADER_ROW + 1;
  lines.forEach((l, i) => {
    const r = first + i;
    const row = ws.getRow(r);
    const margin = l.cost === null ? null : round2(l.revenue - l.cost);
    row.values = [
      l.date,
      l.product,
      l.segment,
      l.region,
      l.quantity,
      l.unitPrice,
      l.revenue,
      l.cost === null ? null : l.cost,
      margin === null ? null : { formula: `G${r}-H${r}`, result: margin },
    ];
    row.getCell(1).numFmt = DATE_FORMAT;
    row.getCell(5).numFmt = QTY_FORMAT;
    for (const c of [6, 7, 8, 9]) row.getCell(c).numFmt = EURO_FORMAT;
  });
  const last = first + lines.length - 1;
  const total = ws.getRow(last + 1);
  const sum = (pick: (l: SampleLine) => number | null) => round2(lines.reduce((s, l) => s + (pick(l) ?? 0), 0));
  total.values = [
    "Total",
    null,
    null,
    null,
    { formula: `SUM(E${first}:E${last})`, result: sum((l) => l.quantity) },
    null,
    { formula: `SUM(G${first}:G${last})`, result: sum((l) => l.revenue) },
    { formula: `SUM(H${first}:H${last})`, result: sum((l) => l.cost) },
    { formula: `SUM(I${first}:I${last})`, result: sum((l) => (l.cost === null ? null : round2(l.revenue - l.cost))) },
  ];
  total.font = { bold: true };
  total.getCell(5).numFmt = QTY_FORMAT;
  for (const c of [7, 8, 9]) total.getCell(c).numFmt = EURO_FORMAT;

  const cs = wb.addWorksheet(COMPETITORS_SHEET, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  const ch = cs.getRow(1);
  ch.values = [...COMPETITOR_HEADERS];
  ch.font = { bold: true };
  COL_WIDTHS_COMP.forEach((w, i) => (cs.getColumn(i + 1).width = w));
  competitorLines().forEach((l, i) => {
    const row = cs.getRow(2 + i);
    row.values = [l.date, l.competitor, l.family, l.price, l.units, l.revenue];
    row.getCell(1).numFmt = "mm/yyyy";
    row.getCell(4).numFmt = EURO_FORMAT;
    row.getCell(5).numFmt = QTY_FORMAT;
    row.getCell(6).numFmt = EURO_FORMAT_0;
  });
  return wb;
}

/** The sample as .xlsx bytes (in memory; `rows` for the bench's large variant). */
export async function sampleWorkbookBytes(options: SampleOptions = {}): Promise<Uint8Array> {
  const wb = buildSampleWorkbook(options);
  const buf = await withFixedClock(() => wb.xlsx.writeBuffer());
  return new Uint8Array(buf as ArrayBuffer);
}

async function main(): Promise<void> {
  const bytes = await sampleWorkbookBytes();
  mkdirSync(dirname(SAMPLE_PATH), { recursive: true });
  writeFileSync(SAMPLE_PATH, bytes);
  console.log(`sample workbook: ${sampleLines().length} sales lines, ${competitorLines().length} competitor lines -> ${SAMPLE_PATH} (${bytes.length} bytes)`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
