/**
 * A whole sheet of Excel's 1,048,576 rows read through the adapter on the simulated host: every row arrives, no
 * request or response passes 5 MB, and the syncs follow the payload (goal: <= ceil(total / 4.5 MB) + 2).
 * Three narrow columns keep the test quick; `npm run bench` measures 1,000,000 x 8.
 */
import { listSources, readSource } from "../../src/excel/read";
import { createSimHost, MAX_ROWS, SimWorkbook } from "../../src/sim";

jest.setTimeout(120000);

it("reads a sheet filled down to row 1,048,576 in payload-sized blocks", async () => {
  const wb = new SimWorkbook();
  const s = wb.addSheet("Grand livre");
  const revenue: (number | string)[] = ["CA"];
  const cost: (number | string)[] = ["Coût"];
  // a text column too: with values only (no valueTypes), ~25 MB to read
  const product: string[] = ["Produit"];
  let expectedRevenue = 0;
  let expectedCost = 0;
  for (let i = 1; i < MAX_ROWS; i++) {
    const r = 100 + (i % 900);
    const c = 50 + (i % 400);
    revenue.push(r);
    cost.push(c);
    product.push(`Article ${i % 500}`);
    expectedRevenue += r;
    expectedCost += c;
  }
  s.setColumn(0, revenue);
  s.setColumn(1, cost);
  s.setColumn(2, product);
  const host = createSimHost(wb);

  const sources = await listSources(host.run);
  expect(sources).toEqual([{ id: "sheet:Grand livre!A1:C1048576", sheet: "Grand livre", address: "A1:C1048576", rowCount: MAX_ROWS - 1, columnCount: 3, kind: "range" }]);
  host.stats.reset();

  const ds = await readSource(host.run, sources[0].id);
  expect(ds.rowNumbers.length).toBe(MAX_ROWS - 1);
  expect(ds.rowNumbers[ds.rowNumbers.length - 1]).toBe(MAX_ROWS);
  const sum = (a: Float64Array) => {
    let t = 0;
    for (let i = 0; i < a.length; i++) t += a[i];
    return t;
  };
  expect(sum(ds.columns[ds.roles.revenue!].numbers!)).toBe(expectedRevenue);
  expect(sum(ds.columns[ds.roles.cost!].numbers!)).toBe(expectedCost);

  const total = host.stats.requests.reduce((t, r) => t + r.requestBytes + r.responseBytes, 0);
  expect(host.stats.maxRequestBytes).toBeLessThanOrEqual(5_000_000);
  expect(host.stats.maxResponseBytes).toBeLessThanOrEqual(5_000_000);
  expect(host.stats.syncs).toBeLessThanOrEqual(Math.ceil(total / (4.5 * 1024 * 1024)) + 2);
  // and the blocks were not tiny: a payload of this size needs several syncs, not hundreds
  expect(total).toBeGreaterThan(20_000_000);
  expect(host.stats.syncs).toBeGreaterThan(4);
});
