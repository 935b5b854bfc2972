import { checkCompliance, checkComplianceSync, defaultPolicy } from "../../../src/core/compliance";
import { makeDataSet, serial, type RowSpec } from "./support";

function rows(n: number): RowSpec[] {
  const out: RowSpec[] = [];
  for (let i = 0; i < n; i++) out.push({ revenue: 100 + (i % 7), cost: 80 + (i % 23), segment: ["A", "B", "C"][i % 3], product: `P${i % 11}`, date: serial(2024, 1 + (i % 12), 1) });
  return out;
}

describe("checkCompliance (async)", () => {
  const ds = makeDataSet(rows(5000));

  it("reports progress in chunks, yields to the event loop between them, and equals the sync result", async () => {
    const calls: [number, number, string | undefined][] = [];
    let timersRan = 0;
    const timer = setInterval(() => timersRan++, 0);
    const res = await checkCompliance(ds, defaultPolicy(), { chunkRows: 500, onProgress: (d, t, p) => calls.push([d, t, p]) });
    clearInterval(timer);
    expect(res).toEqual(checkComplianceSync(ds, defaultPolicy()));
    // 2 dimensions interned + rows, 10 chunks each (9 yields each), plus start, groups and done. The dates (whole
    // serials) are read through a day table in one quick pass, without yielding.
    expect(calls.length).toBe(3 * 9 + 3);
    const total = calls[calls.length - 1][1];
    expect(calls[calls.length - 1]).toEqual([total, total, "done"]);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThanOrEqual(calls[i - 1][0]);
    expect(new Set(calls.map((c) => c[2]))).toEqual(new Set(["prepare", "check", "groups", "done"]));
    expect(timersRan).toBeGreaterThan(0); // other tasks ran while it worked
  });

  it("rejects with an AbortError when aborted mid-way, and does not report done", async () => {
    const ctl = new AbortController();
    const phases: string[] = [];
    const run = checkCompliance(ds, defaultPolicy(), {
      chunkRows: 500,
      signal: ctl.signal,
      onProgress: (d, _t, p) => {
        phases.push(p ?? "");
        if (p === "check" && d > 0) ctl.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    expect(phases).toContain("check");
    expect(phases).not.toContain("done");
  });

  it("rejects at once when the signal is already aborted", async () => {
    const ctl = new AbortController();
    ctl.abort();
    let progressed = false;
    await expect(checkCompliance(ds, defaultPolicy(), { signal: ctl.signal, onProgress: () => (progressed = true) })).rejects.toMatchObject({ name: "AbortError" });
    expect(progressed).toBe(false);
  });

  it("handles an empty table", async () => {
    const res = await checkCompliance(makeDataSet([]), defaultPolicy());
    expect(res.summary).toMatchObject({ rowsChecked: 0, breaches: 0 });
    expect(res.summary.overallRate).toBeNaN();
  });
});
