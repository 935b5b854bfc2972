/**
 * Generates the project's own reading fixtures (seeded, so every run writes the same content), for what the two real
 * workbooks in ../shared/fixtures do not cover: French headers and number formats as text ("1 234,56 €"), a header on
 * row 6 under title rows, subtotal and total rows among the details, dates in mixed forms (serials, "15/03/2024",
 * "déc. 2024", "T1 2024", "Q2 2024", years as text), merged two-row header cells, a CSV pasted as text in one column
 * and the same split into cells, a sheet without a table, a pivot-like summary, text where numbers are expected, an
 * ambiguous decimal separator, and a 1904-date-system workbook.
 *
 * Next to each workbook, a ".truth.json" holds what the generator put in (sheet rows, values, expected serials), so
 * tests compare the reader with the generator's own facts, never with the reader's output.
 *
 * Run: npx tsx scripts/make-fixtures.ts   (writes test/fixtures/*)
 */
import ExcelJS from "exceljs";
import { mkdirSync, writeFileSync } from "fs";
import { join, resolve } from "path";

import { rng, serial, withFixedClock as withClock } from "./seeded";

/** Fixtures are written with the clock stopped at 5 Jan 2025 12:00 UTC. */
const withFixedClock = <T>(write: () => Promise<T>): Promise<T> => withClock(Date.UTC(2025, 0, 5, 12), write);

const DEFAULT_OUT = resolve(__dirname, "../test/fixtures");

/** French number text as Excel users type or export it: "1 234,56 €" with a narrow no-break space. */
function frMoney(x: number): string {
  const neg = x < 0;
  const [int, dec] = Math.abs(x).toFixed(2).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  return `${neg ? "-" : ""}${grouped},${dec} €`;
}
function frNumber(x: number): string {
  const [int, dec] = Math.abs(x).toFixed(2).split(".");
  return `${x < 0 ? "-" : ""}${int.replace(/\B(?=(\d{3})+(?!\d))/g, " ")},${dec}`;
}
const round2 = (x: number) => Math.round(x * 100) / 100;

const MONTHS_FR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
const MONTHS_EN = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec."];

interface Truth {
  [sheet: string]: unknown;
}

async function frVentes(OUT: string): Promise<void> {
  const rnd = rng(20240601);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const wb = new ExcelJS.Workbook();
  wb.creator = "OPS fixtures";
  wb.created = new Date(Date.UTC(2025, 0, 5));
  wb.modified = new Date(Date.UTC(2025, 0, 5));
  const truth: Truth = {};

  // --- "Ventes 2024": title rows, header on row 6, amounts as French text, subtotals per region, grand total, a note.
  {
    const ws = wb.addWorksheet("Ventes 2024");
    ws.getCell("A1").value = "Ventes par produit — exercice 2024";
    ws.getCell("A2").value = "Montants en euros HT, source : ERP";
    ws.getCell("A4").value = "Édité le 05/01/2025";
    const headers = ["Date", "Réf. produit", "Produit", "Segment", "Région", "Canal", "Qté", "Prix unitaire HT", "CA HT", "Coût de revient"];
    ws.getRow(6).values = headers;
    const products = [["P-001", "Vis inox M6"], ["P-002", "Écrou M6"], ["P-003", "Rondelle plate"], ["P-004", "Cheville béton"], ["P-005", "Boulon HM8"]];
    const segments = ["Grands comptes", "PME", "Artisans", "Collectivités"];
    const canals = ["Direct", "Négoce", "Web"];
    const regions = ["Nord", "Sud", "Île-de-France"];
    let r = 7;
    const details: { row: number; date: number; product: string; segment: string; region: string; qty: number; price: number; revenue: number; cost: number }[] = [];
    const totals: { row: number; reason: "total" | "subtotal"; label: string }[] = [];
    let grandRev = 0;
    let grandCost = 0;
    for (const region of regions) {
      let subRev = 0;
      let subCost = 0;
      const n = 8 + Math.floor(rnd() * 5);
      for (let k = 0; k < n; k++) {
        const [ref, name] = pick(products);
        const qty = 1 + Math.floor(rnd() * 400);
        const price = round2(0.5 + rnd() * 40);
        const revenue = round2(qty * price);
        const cost = round2(revenue * (0.55 + rnd() * 0.5));
        const m = 1 + Math.floor(rnd() * 12);
        const d = 1 + Math.floor(rnd() * 28);
        const date = serial(2024, m, d);
        const segment = pick(segments);
        ws.getRow(r).values = [date, ref, name, segment, region, pick(canals), qty, frMoney(price), frMoney(revenue), frMoney(cost)];
        ws.getCell(r, 1).numFmt = "dd/mm/yyyy";
        details.push({ row: r, date, product: name, segment, region, qty, price, revenue, cost });
        subRev += revenue;
        subCost += cost;
        r++;
      }
      ws.getRow(r).values = [`Sous-total ${region}`, "", "", "", "", "", "", "", frMoney(round2(subRev)), frMoney(round2(subCost))];
      totals.push({ row: r, reason: "subtotal", label: `Sous-total ${region}` });
      grandRev += subRev;
      grandCost += subCost;
      r++;
    }
    r++; // a blank row before the grand total
    const blankRow = r - 1;
    ws.getRow(r).values = ["Total général", "", "", "", "", "", "", "", frMoney(round2(grandRev)), frMoney(round2(grandCost))];
    totals.push({ row: r, reason: "total", label: "Total général" });
    r += 2;
    ws.getCell(r, 1).value = "Note : les remises de fin d'année ne sont pas incluses.";
    truth["Ventes 2024"] = { headerRow: 6, headers, details, totals, blankRow, noteRow: r };
  }

  // --- "Dates mêlées": the same kind of column holding dates in many forms.
  {
    const ws = wb.addWorksheet("Dates mêlées");
    const headers = ["Date", "Mois", "Trimestre", "Année", "Produit", "CA", "Coût"];
    ws.getRow(1).values = headers;
    const rows: { row: number; date: number; month: number; quarter: number; year: number; dateForm: string }[] = [];
    for (let k = 0; k < 24; k++) {
      const r = k + 2;
      const y = 2023 + (k % 2);
      const m = 1 + (k % 12);
      const d = 13 + (k % 15); // days from 13 on: the day-first order is provable
      const date = serial(y, m, d);
      let dateCell: ExcelJS.CellValue;
      let dateForm: string;
      if (k % 3 === 0) {
        dateCell = date;
        dateForm = "serial";
      } else if (k % 3 === 1) {
        dateCell = `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`;
        dateForm = "dd/mm/yyyy";
      } else {
        dateCell = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
        dateForm = "iso";
      }
      const monthText = k % 2 === 0 ? `${MONTHS_FR[m - 1]} ${y}` : `${MONTHS_EN[m - 1]} ${y}`;
      const q = Math.floor((m - 1) / 3) + 1;
      const quarterText = k % 2 === 0 ? `T${q} ${y}` : `Q${q} ${y}`;
      ws.getRow(r).values = [dateCell, monthText, quarterText, String(y), `Produit ${k % 5}`, round2(1000 + rnd() * 9000), round2(500 + rnd() * 4000)];
      if (typeof dateCell === "number") ws.getCell(r, 1).numFmt = "dd/mm/yyyy";
      rows.push({ row: r, date, month: serial(y, m, 1), quarter: serial(y, (q - 1) * 3 + 1, 1), year: serial(y, 1, 1), dateForm });
    }
    truth["Dates mêlées"] = { headerRow: 1, headers, rows };
  }

  // --- "Tableau mensuel": merged two-row header ("2024" over "Janv", "Févr", "Mars"), products as rows, a total row.
  {
    const ws = wb.addWorksheet("Tableau mensuel");
    ws.getCell("A1").value = "Produit";
    ws.mergeCells("A1:A2");
    ws.getCell("B1").value = "2024";
    ws.mergeCells("B1:D1");
    ws.getCell("E1").value = "2025";
    ws.mergeCells("E1:G1");
    const months = ["Janv", "Févr", "Mars"];
    ["B", "C", "D", "E", "F", "G"].forEach((c, i) => (ws.getCell(`${c}2`).value = months[i % 3]));
    const products = ["Vis inox M6", "Écrou M6", "Rondelle plate", "Cheville béton"];
    const values: number[][] = [];
    products.forEach((p, i) => {
      const v = Array.from({ length: 6 }, () => Math.round(1000 + rnd() * 5000));
      values.push(v);
      ws.getRow(3 + i).values = [p, ...v];
    });
    const totalRow = 3 + products.length;
    ws.getRow(totalRow).values = ["Total", ...[0, 1, 2, 3, 4, 5].map((j) => values.reduce((s, v) => s + v[j], 0))];
    const periods = [serial(2024, 1, 1), serial(2024, 2, 1), serial(2024, 3, 1), serial(2025, 1, 1), serial(2025, 2, 1), serial(2025, 3, 1)];
    truth["Tableau mensuel"] = { headerRows: [1, 2], products, values, totalRow, periods, joinedFirst: "2024 Janv" };
  }

  // --- "CSV collé" and "CSV découpé": an ERP export pasted as text, in one column or split into cells (all text).
  const csvLines = ["Date;Produit;Client;Quantité;CA HT;Coût d'achat"];
  const csvRows: { date: number; product: string; customer: string; qty: number; revenue: number; cost: number }[] = [];
  for (let k = 0; k < 15; k++) {
    const m = 1 + (k % 12);
    const d = 1 + ((k * 7) % 28);
    const qty = 1 + Math.floor(rnd() * 300);
    const revenue = round2(qty * (2 + rnd() * 20));
    const cost = round2(revenue * (0.6 + rnd() * 0.3));
    const product = pick(["Vis inox M6", "Écrou M6", "Rondelle plate"]);
    const customer = pick(["Dupont SA", "Martin & Fils", "Quincaillerie du Centre", "Leroy SARL"]);
    csvLines.push(`${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/2024;${product};${customer};${qty};${frNumber(revenue)};${frNumber(cost)}`);
    csvRows.push({ date: serial(2024, m, d), product, customer, qty, revenue, cost });
  }
  {
    const ws = wb.addWorksheet("CSV collé");
    csvLines.forEach((l, i) => (ws.getCell(i + 1, 1).value = l));
    const ws2 = wb.addWorksheet("CSV découpé");
    csvLines.forEach((l, i) => l.split(";").forEach((v, j) => (ws2.getCell(i + 1, j + 1).value = v)));
    truth["CSV"] = { lines: csvLines, rows: csvRows };
  }

  // --- "Sans tableau": notes only.
  {
    const ws = wb.addWorksheet("Sans tableau");
    ws.getCell("A1").value = "Notes de réunion du comité de direction";
    ws.getCell("A3").value = "Rien à analyser ici : voir la feuille Ventes 2024.";
  }

  // --- "TCD": a pivot table's values, French Excel.
  {
    const ws = wb.addWorksheet("TCD");
    ws.getRow(3).values = ["Étiquettes de lignes", "Somme de CA HT"];
    const segs = ["Artisans", "Collectivités", "Grands comptes", "PME"];
    let sum = 0;
    segs.forEach((s, i) => {
      const v = round2(10000 + rnd() * 50000);
      sum += v;
      ws.getRow(4 + i).values = [s, v];
    });
    ws.getRow(4 + segs.length).values = ["Total général", round2(sum)];
    truth["TCD"] = { headerRow: 3, totalRow: 4 + segs.length };
  }

  // --- "Anomalies": text where numbers are expected, errors, a date column half serials half text with one bad date.
  {
    const ws = wb.addWorksheet("Anomalies");
    ws.getRow(1).values = ["Produit", "Client", "CA HT", "Coût", "Date"];
    const bad: { cell: string; kind: string }[] = [];
    for (let k = 0; k < 20; k++) {
      const r = k + 2;
      let ca: ExcelJS.CellValue = round2(100 + rnd() * 900);
      if (k === 3) {
        ca = "à confirmer";
        bad.push({ cell: `C${r}`, kind: "text" });
      } else if (k === 7) {
        ca = { error: "#N/A" } as ExcelJS.CellErrorValue;
        bad.push({ cell: `C${r}`, kind: "error" });
      } else if (k === 11) {
        ca = "voir avoir";
        bad.push({ cell: `C${r}`, kind: "text" });
      } else if (k === 15) ca = "n/a";
      let date: ExcelJS.CellValue = k % 2 === 0 ? serial(2024, 1 + (k % 12), 20) : `20/${String(1 + (k % 12)).padStart(2, "0")}/2024`;
      if (k === 9) {
        date = "bientôt";
        bad.push({ cell: `E${r}`, kind: "date" });
      }
      ws.getRow(r).values = [`Produit ${k % 4}`, `Client ${k % 6}`, ca, round2(50 + rnd() * 400), date];
      if (typeof date === "number") ws.getCell(r, 5).numFmt = "dd/mm/yyyy";
    }
    truth["Anomalies"] = { bad };
  }

  // --- "Séparateurs": "1,234" is ambiguous alone; the column decides ("12,5" proves a decimal comma).
  {
    const ws = wb.addWorksheet("Séparateurs");
    ws.getRow(1).values = ["Article", "Montant", "Poids"];
    const montant = ["1,234", "12,5", "2,500", "3,75", "8,125"];
    const poids = ["1,234", "2,345", "3,456", "4,567", "5,678"];
    montant.forEach((m, i) => (ws.getRow(i + 2).values = [`Article ${i + 1}`, m, poids[i]]));
    truth["Séparateurs"] = { montant: [1.234, 12.5, 2.5, 3.75, 8.125], poidsIfComma: [1.234, 2.345, 3.456, 4.567, 5.678], poidsIfDot: [1234, 2345, 3456, 4567, 5678] };
  }

  await withFixedClock(() => wb.xlsx.writeFile(join(OUT, "fr-ventes.xlsx")));
  writeFileSync(join(OUT, "fr-ventes.truth.json"), JSON.stringify(truth, null, 1) + "\n");
  writeFileSync(join(OUT, "export-erp.csv"), csvLines.join("\r\n") + "\r\n");
}

async function fr1904(OUT: string): Promise<void> {
  const rnd = rng(19040101);
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2025, 0, 5));
  wb.modified = new Date(Date.UTC(2025, 0, 5));
  wb.properties.date1904 = true;
  const ws = wb.addWorksheet("Factures");
  ws.getRow(1).values = ["Date de facture", "Client", "Montant HT", "Marge"];
  const rows: { row: number; serial1900: number; serial1904: number; revenue: number; margin: number }[] = [];
  for (let k = 0; k < 12; k++) {
    const s1900 = serial(2024, 1 + k, 15);
    const s1904 = s1900 - 1462;
    const revenue = round2(1000 + rnd() * 9000);
    const margin = round2(revenue * (0.1 + rnd() * 0.3));
    // The cell holds the 1904-system serial, as Excel stores it in such a workbook.
    ws.getRow(k + 2).values = [s1904, `Client ${k % 3}`, revenue, margin];
    ws.getCell(k + 2, 1).numFmt = "dd/mm/yyyy";
    rows.push({ row: k + 2, serial1900: s1900, serial1904: s1904, revenue, margin });
  }
  await withFixedClock(() => wb.xlsx.writeFile(join(OUT, "fr-1904.xlsx")));
  writeFileSync(join(OUT, "fr-1904.truth.json"), JSON.stringify({ Factures: { rows } }, null, 1) + "\n");
}

/** Writes every fixture and its truth file into `out` (test/fixtures by default). */
export async function writeFixtures(out: string = DEFAULT_OUT): Promise<string[]> {
  mkdirSync(out, { recursive: true });
  await frVentes(out);
  await fr1904(out);
  return ["fr-ventes.xlsx", "fr-ventes.truth.json", "export-erp.csv", "fr-1904.xlsx", "fr-1904.truth.json"];
}

if (require.main === module) {
  writeFixtures(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT)
    .then((files) => console.log(`fixtures written: ${files.join(", ")}`))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
