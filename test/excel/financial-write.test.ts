/**
 * Issue 4, "Done when", on Microsoft's Financial Sample through the whole adapter on the simulated host: read the
 * table, check (floor 10 %, target 20 %, Enterprise floor -5 %), write the policy, the report, the highlight, clear
 * it; then every pre-existing cell (value, formula, number format) and conditional format of every pre-existing sheet
 * equals the original. The highlight marks exactly the engine's line breaches (formula evaluated on every row).
 */
import { readFileSync } from "fs";
import { checkCompliance, defaultPolicy } from "../../src/core/compliance";
import type { MarginPolicy } from "../../src/core/policy-types";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { createSimHost, loadXlsx } from "../../src/sim";
import { describeWithShared } from "../support/fixtures";
import { cellStates, simEvalContext } from "./support/sample";
import { evaluate, parseFormula } from "./support/formula-eval";

jest.setTimeout(60_000);

const policy = (): MarginPolicy => ({
  ...defaultPolicy(),
  floor: 0.1,
  target: 0.2,
  rules: [{ id: "ENT", dimension: "segment", value: "Enterprise", floor: -0.05, target: Number.NaN }],
});

describeWithShared("microsoft-financial-sample.xlsx", "writing on the financial sample (simulated host)", (path) => {
  it("check, report, highlight, clear leave every pre-existing cell as it was; the highlight marks the engine's breaches", async () => {
    const wb = await loadXlsx(readFileSync(path));
    const host = createSimHost(wb);
    const port = new ExcelWorkbook(host.run, { lang: "en", now: () => new Date(2025, 0, 6, 8, 0, 0) });
    const before = cellStates(wb);
    const pre = wb.sheets.map((s) => s.name);

    const sources = await port.listSources();
    expect(sources[0].id).toBe("table:financials");
    const data = await port.readSource("table:financials");
    const pol = policy();
    const result = await checkCompliance(data, pol);
    expect(result.summary.breaches).toBeGreaterThan(0);

    await port.writePolicy(pol);
    const out = await port.writeReport(data, result);
    expect(out.sheet).toBe("OPS Compliance");
    expect(out.rowsWritten).toBe(result.findings.length);
    await port.applyHighlight(data, pol);

    // The highlight, evaluated row by row against the sheet as it is, marks the line breaches and nothing else.
    const sheet = wb.sheetOrThrow(data.sheet);
    const cf = sheet.conditionalFormats.find((c) => /OPS_Floor/.test(c.formula))!;
    expect(cf).toBeDefined();
    const ctx = simEvalContext(wb, data.sheet);
    const node = parseFormula(cf.formula);
    const top = cf.ranges[0].r0 + 1;
    const marked: number[] = [];
    for (let row = top; row <= cf.ranges[0].r1 + 1; row++) if (evaluate(node, ctx, top, row) === true) marked.push(row);
    const breaches = result.findings.filter((f) => f.kind === "line" && f.severity === "breach").map((f) => f.location.row as number);
    expect(marked).toEqual(breaches.sort((a, b) => a - b));

    expect(await port.clearHighlights()).toBe(1);
    const after = cellStates(wb, pre);
    expect(after.formats).toEqual(before.formats);
    expect(after.cells.size).toBe(before.cells.size);
    let diffs = 0;
    for (const [k, v] of before.cells) {
      const a = after.cells.get(k);
      if (JSON.stringify(a) !== JSON.stringify(v)) diffs++;
    }
    expect(diffs).toBe(0);
    expect(wb.sheets.map((s) => s.name).filter((n) => !pre.includes(n)).sort()).toEqual(["OPS Compliance", "OPS Log", "OPS Policy"]);
  });
});
