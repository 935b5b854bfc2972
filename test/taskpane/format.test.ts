/** The pane's number formatting and policy text conversions (pure, Node). */
import {
  formatMoney,
  formatPercent,
  formatPoints,
  formatRate,
  isoDateToSerial,
  serialToIsoDate,
} from "../../src/taskpane/format";
import {
  draftDiffers,
  draftFromPolicy,
  draftToPolicy,
  parsePercentText,
  percentText,
} from "../../src/taskpane/policy-draft";
import { toOpsMessage, renderMessage } from "../../src/taskpane/errors";
import { WorkbookError } from "../../src/core/workbook-port";
import type { MarginPolicy } from "../../src/core/policy-types";

/** Spaces as Intl writes them in French (narrow no-break before %, no-break or narrow no-break in groups) made plain. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatting by language", () => {
  it("writes percentages, money and points the French way", () => {
    expect(plain(formatPercent(0.125, "fr"))).toBe("12,5 %");
    expect(plain(formatMoney(1234.56, "fr"))).toBe("1 234,56 €");
    expect(plain(formatPoints(-0.032, "fr"))).toMatch(/^[-−]3,2 pts$/);
    expect(plain(formatPoints(0.015, "fr"))).toBe("+1,5 pts");
  });
  it("writes them the English way", () => {
    expect(formatPercent(0.125, "en")).toBe("12.5%");
    expect(formatMoney(1234.56, "en")).toBe("€1,234.56");
    expect(formatPoints(-0.032, "en")).toMatch(/^[-−]3.2 pts$/);
  });
  it("always names the basis of a rate, and shows missing values plainly", () => {
    expect(plain(formatRate(0.2, "sales", "fr"))).toBe("20,0 % (taux de marque (sur prix de vente))");
    expect(formatRate(0.25, "cost", "en")).toBe("25.0% (markup (on cost))");
    expect(formatPercent(NaN, "en")).toBe("n/a");
    expect(formatMoney(Infinity, "fr")).toBe("n.d.");
  });
  it("converts dates between the date field and Excel serials", () => {
    expect(isoDateToSerial("2024-01-01")).toBe(45292); // =DATE(2024,1,1) in Excel
    expect(isoDateToSerial("1900-03-01")).toBe(61);
    expect(serialToIsoDate(45351)).toBe("2024-02-29");
    expect(isoDateToSerial("")).toBeUndefined();
    expect(isoDateToSerial("01/02/2024")).toBeUndefined();
    expect(serialToIsoDate(undefined)).toBe("");
  });
});

describe("policy text", () => {
  it("reads what people type as percents", () => {
    expect(parsePercentText("12,5")).toBeCloseTo(0.125, 12);
    expect(parsePercentText(" 12.5 % ")).toBeCloseTo(0.125, 12);
    expect(parsePercentText("−5")).toBeCloseTo(-0.05, 12);
    expect(parsePercentText("2 pts")).toBeCloseTo(0.02, 12);
    expect(parsePercentText("")).toBeUndefined();
    expect(parsePercentText("douze")).toBeNaN();
    expect(parsePercentText("1,2,3")).toBeNaN();
    expect(percentText(0.125, "fr")).toBe("12,5");
    expect(percentText(0.07, "en")).toBe("7");
    expect(percentText(NaN, "en")).toBe("");
  });

  it("round-trips a policy through the editor's text, blank rule rates inheriting", () => {
    const policy: MarginPolicy = {
      basis: "cost",
      floor: 0.15,
      target: 0.3,
      erosionPoints: 0.025,
      period: "quarter",
      rules: [
        {
          id: "R3",
          dimension: "segment",
          value: "Enterprise",
          floor: -0.05,
          target: NaN,
          location: { sheet: "OPS Policy", row: 12, column: 1 },
        },
        { id: "R4", dimension: "product", value: "Velo", floor: 0.2, target: 0.35, from: 45292, to: 45657 },
      ],
    };
    const draft = draftFromPolicy(policy, "fr");
    expect(draft.floor).toBe("15");
    expect(draft.erosion).toBe("2,5");
    expect(draft.rules[0].target).toBe("");
    expect(draft.rules[1].from).toBe("2024-01-01");
    const back = draftToPolicy(draft);
    expect(back.problems).toEqual([]);
    expect(back.policy.rules[0].target).toBeNaN();
    expect(back.policy.rules[0].location).toEqual(policy.rules[0].location);
    expect(back.policy.rules[1]).toMatchObject({ from: 45292, to: 45657, floor: 0.2, target: 0.35 });
    expect(draftDiffers(draft, policy)).toBe(false);
    expect(draftDiffers({ ...draft, floor: "16" }, policy)).toBe(true);
  });

  it("names each field it cannot read", () => {
    const draft = draftFromPolicy(
      { basis: "sales", floor: 0.1, target: 0.2, erosionPoints: 0.02, period: "month", rules: [] },
      "en",
    );
    const { problems } = draftToPolicy({ ...draft, floor: "ten", target: "" });
    expect(problems).toEqual([
      { field: "floor", code: "pane.policy.notAPercent" },
      { field: "target", code: "pane.policy.required" },
    ]);
  });
});

describe("errors for the user", () => {
  it("keeps a WorkbookError's message and drops any other exception's text", () => {
    const ops = { code: "excel.sheetProtected", severity: "error" as const, params: { sheet: "X" } };
    expect(toOpsMessage(new WorkbookError(ops))).toBe(ops);
    expect(toOpsMessage({ name: "WorkbookError", ops })).toBe(ops); // from another bundle copy
    expect(toOpsMessage(new Error("secret stack"))).toEqual({ code: "pane.error.unexpected", severity: "error" });
    expect(toOpsMessage("a string")).toEqual({ code: "pane.error.unexpected", severity: "error" });
    expect(renderMessage({ code: "nope.unknown", severity: "error" }, "fr")).toBe(
      "Excel a signalé un problème qu'OPS ne sait pas décrire (code nope.unknown).",
    );
  });
});
