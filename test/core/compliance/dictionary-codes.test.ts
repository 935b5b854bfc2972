/**
 * The engine on DataSets whose text columns carry the reader's dictionary encoding (Column.codes / labels) gives the
 * same result as on the same DataSet without it (the engine then interns the strings itself), and ignores codes that
 * do not match the text.
 */
import fc from "fast-check";
import { checkComplianceSync, defaultPolicy } from "../../../src/core/compliance";
import type { MarginPolicy } from "../../../src/core/policy-types";
import { encodeTextColumn } from "../../../src/core/read/dictionary";
import type { DataSet } from "../../../src/core/types";
import { makeDataSet, serial, type RowSpec } from "./support";

const SEGMENTS = ["Grands comptes", "PME", "Export", "grands COMPTES", "pme "]; // the last two fold onto others
const PRODUCTS = ["Vis", "Écrou", "ecrou", "Clou"];
const REGIONS = ["Nord", "Sud", "Île-de-France"];
const MONTHS = [serial(2023, 1, 3), serial(2023, 2, 8), serial(2024, 1, 15), serial(2024, 2, 1)];

function withCodes(ds: DataSet): DataSet {
  return {
    ...ds,
    columns: ds.columns.map((c) => {
      if (!c.text) return c;
      const enc = encodeTextColumn(c.text);
      expect(enc.codes).toBeDefined();
      return { ...c, ...enc };
    }),
  };
}

const row = fc.record({
  revenue: fc.oneof(fc.double({ min: 0.01, max: 1e6, noNaN: true }), fc.constantFrom(0, -5, NaN)),
  costShare: fc.oneof(fc.double({ min: 0.02, max: 1.5, noNaN: true }), fc.constant(NaN)),
  seg: fc.option(fc.constantFrom(...SEGMENTS)),
  prod: fc.option(fc.constantFrom(...PRODUCTS)),
  reg: fc.option(fc.constantFrom(...REGIONS)),
  month: fc.option(fc.constantFrom(...MONTHS)),
});

const policies: MarginPolicy[] = [
  defaultPolicy(),
  { ...defaultPolicy(), rules: [{ id: "PME", dimension: "segment", value: "pme", floor: 0.15, target: NaN }, { id: "Vis 2024", dimension: "product", value: "VIS", floor: 0.3, target: 0.4, from: serial(2024, 1, 1) }] },
  { ...defaultPolicy(), basis: "cost", erosionPoints: 1 },
];

describe("engine on the reader's dictionary encoding", () => {
  it("gives the same findings and summary with or without Column.codes", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 50 }), fc.integer({ min: 0, max: policies.length - 1 }), (rows, p) => {
        const specs: RowSpec[] = rows.map((r) => ({ revenue: r.revenue, cost: r.revenue * r.costShare, segment: r.seg, product: r.prod, region: r.reg, date: r.month ?? NaN }));
        const plain = checkComplianceSync(makeDataSet(specs), policies[p]);
        const coded = checkComplianceSync(withCodes(makeDataSet(specs)), policies[p]);
        expect(coded).toEqual(plain);
      }),
      { numRuns: 150 },
    );
  });

  it("falls back to the text when the codes do not match it", () => {
    const specs: RowSpec[] = [
      { revenue: 100, cost: 95, segment: "PME" },
      { revenue: 100, cost: 50, segment: "Export" },
    ];
    const plain = checkComplianceSync(makeDataSet(specs), defaultPolicy());
    const stale = withCodes(makeDataSet(specs));
    const seg = stale.columns[stale.roles.segment!];
    seg.codes = Int32Array.from([2, 1]); // swapped: row 2 would read "PME"
    const res = checkComplianceSync(stale, defaultPolicy());
    expect(res).toEqual(plain);
    expect(res.findings.find((f) => f.kind === "line")!.dimensions).toEqual({ segment: "PME" });
  });
});
