import { defaultPolicy, policyFingerprint, resolveRule, validatePolicy } from "../../../src/core/compliance";
import type { MarginPolicy, PolicyRule } from "../../../src/core/policy-types";
import { formatMessage } from "../../../src/core/i18n";
import { serial } from "./support";

const withRules = (rules: PolicyRule[], over: Partial<MarginPolicy> = {}): MarginPolicy => ({ ...defaultPolicy(), ...over, rules });
const at = (row: number) => ({ sheet: "OPS Policy", row, column: 1, address: `A${row}` });

describe("defaultPolicy", () => {
  it("is on sales, floor 10 %, target 20 %, erosion 2 points, monthly, without rules, and valid", () => {
    const p = defaultPolicy();
    expect(p).toEqual({ basis: "sales", floor: 0.1, target: 0.2, erosionPoints: 0.02, period: "month", rules: [] });
    expect(validatePolicy(p)).toEqual([]);
    expect(defaultPolicy()).not.toBe(p); // a fresh object each time
  });
});

describe("resolveRule", () => {
  const p = withRules([
    { id: "R12", dimension: "segment", value: "Grands comptes", floor: 0.05, target: NaN },
    { id: "R13", dimension: "product", value: "Nova", floor: 0.15, target: 0.25 },
    { id: "R14", dimension: "segment", value: "grands comptes", floor: 0.08, target: 0.18, from: serial(2024, 1, 1), to: serial(2024, 6, 30) },
    { id: "R15", floor: 0.02, target: 0.1, from: serial(2024, 12, 1), to: serial(2024, 12, 31) },
  ]);
  it("returns the defaults as rule \"default\" when nothing matches", () => {
    expect(resolveRule(p, { segment: "PME" })).toEqual({ id: "default", floor: 0.1, target: 0.2 });
  });
  it("matches values ignoring case, accents and surrounding spaces, and fills a blank target from the default", () => {
    expect(resolveRule(p, { segment: "  GRANDS COMPTES " })).toMatchObject({ id: "R12", floor: 0.05, target: 0.2 });
    expect(resolveRule(withRules([{ id: "é", dimension: "region", value: "Île-de-France", floor: 0, target: 0.1 }]), { region: "ile-de-france" }).id).toBe("é");
  });
  it("prefers a dated rule inside its dates, the undated one outside", () => {
    expect(resolveRule(p, { segment: "Grands comptes" }, serial(2024, 3, 15)).id).toBe("R14");
    expect(resolveRule(p, { segment: "Grands comptes" }, serial(2024, 6, 30)).id).toBe("R14"); // inclusive end
    expect(resolveRule(p, { segment: "Grands comptes" }, serial(2024, 7, 1)).id).toBe("R12");
    expect(resolveRule(p, { segment: "Grands comptes" }).id).toBe("R12"); // no date: dated rules cannot apply
  });
  it("breaks ties by rule order, and a dimension rule beats a dates-only rule", () => {
    expect(resolveRule(p, { segment: "Grands comptes", product: "Nova" }).id).toBe("R12");
    expect(resolveRule(p, { segment: "PME", product: "Nova" }, serial(2024, 12, 5)).id).toBe("R13");
    expect(resolveRule(p, { segment: "PME" }, serial(2024, 12, 5)).id).toBe("R15");
  });
});

describe("validatePolicy", () => {
  it("finds floor above target, rates out of range, unknown dimensions, overlaps and bad dates, each located by cell", () => {
    const p = withRules([
      { id: "A", dimension: "segment", value: "PME", floor: 0.3, target: 0.2, location: at(12) },
      { id: "B", dimension: "product", value: "Nova", floor: 1.2, target: NaN, location: at(13) },
      { id: "C", dimension: "channel", value: "Web", floor: 0.05, target: 0.1, location: at(14) },
      { id: "D", dimension: "segment", value: "pme ", floor: 0.05, target: 0.1, location: at(15) },
      { id: "E", dimension: "segment", value: "Export", floor: 0.05, target: 0.1, from: serial(2024, 6, 1), to: serial(2024, 1, 1), location: at(16) },
      { id: "F", dimension: "region", floor: 0.05, target: 0.1, location: at(17) },
      { id: "G", dimension: "segment", value: "Export", floor: -1.5, target: 0.1, location: at(18) },
    ]);
    const msgs = validatePolicy(p, ["revenue", "cost", "segment", "product", "region"]);
    const got = msgs.map((m) => [m.code, m.location?.address]);
    expect(got).toEqual(
      expect.arrayContaining([
        ["compliance.policy.floorAboveTarget", "D12"],
        ["compliance.policy.rateTooHighSales", "D13"],
        ["compliance.policy.floorAboveTarget", "D13"], // 120 % floor above the inherited 20 % target
        ["compliance.policy.unknownDimension", "B14"],
        ["compliance.policy.overlap", "C15"],
        ["compliance.policy.dateOrder", "G16"],
        ["compliance.policy.missingValue", "C17"],
        ["compliance.policy.rateTooLow", "D18"],
      ]),
    );
    expect(msgs.find((m) => m.code === "compliance.policy.overlap")!.params).toMatchObject({ rule: "D", other: "A" });
    expect(formatMessage(msgs.find((m) => m.code === "compliance.policy.unknownDimension")!, "fr")).toBe(
      "'OPS Policy'!B14 — Règle C : aucune colonne des données ne correspond à la dimension de cette règle ; elle ne s'applique à aucune ligne.",
    );
  });
  it("accepts a dated exception to an undated rule, and rates above 100 % on the cost basis", () => {
    const p = withRules(
      [
        { id: "A", dimension: "segment", value: "PME", floor: 0.5, target: 1.5 },
        { id: "B", dimension: "segment", value: "PME", floor: 0.2, target: 0.5, from: serial(2024, 1, 1), to: serial(2024, 3, 31) },
      ],
      { basis: "cost", floor: 0.3, target: 0.6 },
    );
    expect(validatePolicy(p, ["segment"])).toEqual([]);
    expect(validatePolicy({ ...p, basis: "sales" }).map((m) => m.code)).toEqual(["compliance.policy.rateTooHighSales"]);
  });
  it("checks the defaults and erosion points", () => {
    const codes = validatePolicy({ ...defaultPolicy(), floor: 0.25, target: 0.2, erosionPoints: -0.01 }).map((m) => m.code);
    expect(codes).toEqual(["compliance.policy.floorAboveTarget", "compliance.policy.erosionOutOfRange"]);
  });
});

describe("policyFingerprint", () => {
  it("is stable, ignores locations and value spelling, and changes with any threshold", () => {
    const a = withRules([{ id: "A", dimension: "segment", value: "PME", floor: 0.05, target: NaN, location: at(12) }]);
    const b = withRules([{ id: "A", dimension: "segment", value: " pme", floor: 0.05, target: NaN }]);
    expect(policyFingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(policyFingerprint(a)).toBe(policyFingerprint(b));
    expect(policyFingerprint(a)).not.toBe(policyFingerprint({ ...a, floor: 0.11 }));
    expect(policyFingerprint(a)).not.toBe(policyFingerprint(withRules([{ ...a.rules[0], floor: 0.06 }])));
    expect(policyFingerprint(defaultPolicy())).not.toBe(policyFingerprint({ ...defaultPolicy(), basis: "cost" }));
  });
});
