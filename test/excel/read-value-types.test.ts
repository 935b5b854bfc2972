/**
 * readSource loads `values` only: the reader takes error cells from their "#N/A" texts, so `valueTypes` would double
 * the response for nothing (see bench/adapter-read.bench.ts for the figures on a million rows). Measured with the
 * simulated host's request/response sizes.
 */
import { measureBytesPerRow } from "../../src/excel/chunking";
import { readSource } from "../../src/excel/read";
import { createSimHost, SimErrorValue, SimWorkbook } from "../../src/sim";

jest.setTimeout(60000);

const ROWS = 3000;

function workbook(): SimWorkbook {
  const wb = new SimWorkbook();
  const s = wb.addSheet("Ventes");
  const cols: unknown[][] = [["Produit"], ["CA HT"], ["Coût"]];
  for (let i = 0; i < ROWS; i++) {
    cols[0].push(`Article ${i % 40}`);
    // two Excel errors in the revenue column, a literal text "#N/A" (typed with an apostrophe) in the cost column
    cols[1].push(i === 10 || i === 20 ? SimErrorValue.of("#N/A") : 100 + (i % 97));
    cols[2].push(i === 30 ? "#N/A" : 60 + (i % 31));
  }
  cols.forEach((c, j) => s.setColumn(j, c as never));
  return wb;
}

async function measured(valueTypes?: boolean) {
  const host = createSimHost(workbook());
  host.stats.reset();
  const ds = await readSource(host.run, "sheet:Ventes", { targetBytes: 60_000, ...(valueTypes === undefined ? {} : { valueTypes }) });
  const response = host.stats.requests.reduce((t, r) => t + r.responseBytes, 0);
  const request = host.stats.requests.reduce((t, r) => t + r.requestBytes, 0);
  return { ds, response, request, syncs: host.stats.syncs };
}

describe("readSource without valueTypes", () => {
  it("asks for values only by default: responses at most ~60% of a read that loads valueTypes too, and fewer syncs", async () => {
    const lean = await measured();
    const full = await measured(true);
    expect(lean.ds.rowNumbers.length).toBe(ROWS);
    expect(full.ds.rowNumbers.length).toBe(ROWS);
    // every valueTypes entry is a quoted word ("Double", "String"...): at least as long as most values
    expect(lean.response).toBeLessThan(0.6 * full.response);
    expect(lean.syncs).toBeLessThan(full.syncs);
    expect(lean.request).toBeLessThanOrEqual(full.request);
  });

  it("reports the error cells from their texts just the same, and reads the same numbers", async () => {
    const lean = await measured();
    const full = await measured(true);
    const errors = (d: typeof lean.ds) => d.messages.filter((m) => m.code === "read.errorCells").map((m) => [m.params?.column, m.params?.count]);
    // the two #N/A errors of CA HT, and the literal "#N/A" text of Coût (the same thing for the reader, either way)
    expect(errors(lean.ds)).toEqual([
      ["CA HT", 2],
      ["Coût", 1],
    ]);
    expect(errors(full.ds)).toEqual(errors(lean.ds));
    const rev = lean.ds.columns[lean.ds.roles.revenue!].numbers!;
    let sum = 0;
    let expected = 0;
    for (let i = 0; i < ROWS; i++) if (i !== 10 && i !== 20) expected += 100 + (i % 97);
    for (let i = 0; i < rev.length; i++) if (rev[i] === rev[i]) sum += rev[i];
    expect(sum).toBe(expected);
    expect(Array.from(full.ds.columns[full.ds.roles.revenue!].numbers!)).toEqual(Array.from(rev));
  });
});

describe("measureBytesPerRow", () => {
  it("is not fooled by data that repeats every few rows (a fixed sampling step would see only some of the products)", () => {
    const products = ["Vis", "Écrou M6 inox", "Rondelle", "Boulon M8 zingué 40 mm", "Cheville", "Clou", "Équerre", "Charnière à piano 1 m"];
    for (const n of [4800, 5000, 9600, 50000]) {
      const rows: unknown[][] = [];
      for (let i = 0; i < n; i++) rows.push([products[i % 8], 1000 + (i % 10), "PME"]);
      const real = Buffer.byteLength(JSON.stringify(rows)) / n; // n rows joined by commas, [ ] around: ~1 byte a row
      expect(Math.abs(measureBytesPerRow(rows) - real) / real).toBeLessThan(0.03);
    }
  });
});
