/**
 * The pure parts of the writing adapter: host language/theme, Office error mapping, owned-sheet planning, block
 * packing with retry and cancel (on a fake request context), log time serials, highlight names and identification,
 * and the catalogue keys the adapter uses.
 */
import fc from "fast-check";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { hasText, t } from "../../src/core/i18n";
import { WorkbookError } from "../../src/core/workbook-port";
import { messageForError, officeErrorCode, toWorkbookError } from "../../src/excel/errors";
import { isOpsFormat, nameFormulas, parseAddress, planNames, sourceBodyAddress } from "../../src/excel/highlight";
import { displayLanguage, hostInfo, langFromTag, themeFromBackground } from "../../src/excel/host";
import { excelSerial } from "../../src/excel/log";
import { freeName, freeSheetName, ownedSheet, parseRecords, roleOfMarker, type SheetInfo } from "../../src/excel/owned-sheets";
import { defaultLayout } from "../../src/excel/policy-sheet";
import { gridOps, rowBytes, runOps, utf8Length, type BatchOp } from "../../src/excel/write-blocks";
import { simError } from "../../src/sim";
import { sampleDataSet } from "./support/sample";

describe("host", () => {
  it("maps Office's display language to fr / en, English otherwise or without Office", () => {
    expect(langFromTag("fr-FR")).toBe("fr");
    expect(langFromTag("fr-CA")).toBe("fr");
    expect(langFromTag("FR")).toBe("fr");
    expect(langFromTag("en-GB")).toBe("en");
    expect(langFromTag("de-DE")).toBe("en");
    expect(langFromTag(undefined)).toBe("en");
    expect(displayLanguage(undefined)).toBe("en");
    expect(displayLanguage({ context: { displayLanguage: "fr-BE" } })).toBe("fr");
  });

  it("follows the Office theme: dark backgrounds give the dark theme", () => {
    expect(themeFromBackground("#262626")).toBe("dark");
    expect(themeFromBackground("#000")).toBe("dark");
    expect(themeFromBackground("#FFFFFF")).toBe("light");
    expect(themeFromBackground("#e6e6e6")).toBe("light");
    expect(themeFromBackground(undefined)).toBe("light");
    expect(themeFromBackground("not a colour")).toBe("light");
    expect(hostInfo(undefined)).toEqual({ lang: "en", theme: "light" });
    const info = hostInfo({ context: { displayLanguage: "fr-FR", officeTheme: { bodyBackgroundColor: "#1b1b1b", bodyForegroundColor: "#ffffff" } } });
    expect(info).toMatchObject({ lang: "fr", theme: "dark", colors: { bodyBackground: "#1b1b1b", controlForeground: "#ffffff" } });
  });
});

describe("Office errors", () => {
  it("reads the code from the error or its debug info", () => {
    expect(officeErrorCode(simError("ItemNotFound"))).toBe("ItemNotFound");
    expect(officeErrorCode({ debugInfo: { code: "AccessDenied" } })).toBe("AccessDenied");
    expect(officeErrorCode(new Error("x"))).toBeUndefined();
    expect(officeErrorCode(null)).toBeUndefined();
  });

  it.each([
    ["AccessDenied", { sheet: "Ventes" }, "excel.sheetProtected"],
    ["AccessDenied", {}, "excel.accessDenied"],
    ["ItemAlreadyExists", { name: "OPS_Findings" }, "excel.nameTaken"],
    ["RequestPayloadSizeLimitExceeded", {}, "excel.payloadTooLarge"],
    ["ResponsePayloadSizeLimitExceeded", {}, "excel.payloadTooLarge"],
    ["ItemNotFound", { item: "table:T" }, "excel.notFound"],
    ["InvalidOperationInCellEditMode", {}, "excel.cellEditMode"],
    ["GeneralException", {}, "excel.general"],
    ["SomethingNew", {}, "excel.general"],
  ])("%s -> a catalogue message, never Office's text", (code, ctx, expected) => {
    const m = messageForError(simError(code), ctx);
    expect(m.code).toBe(expected);
    for (const lang of ["fr", "en"] as const) expect(hasText(m.code, lang)).toBe(true);
    expect(JSON.stringify(m)).not.toMatch(/RichApi|exceeded the limit|doesn't exist/);
  });

  it("sees a protection error reported as an invalid operation, and lets WorkbookErrors through", () => {
    expect(messageForError(simError("InvalidOperation", "x", "The sheet is protected."), { sheet: "S" }).code).toBe("excel.sheetProtected");
    const w = new WorkbookError({ code: "excel.cancelled", severity: "info" });
    expect(toWorkbookError(w)).toBe(w);
    expect(toWorkbookError(new TypeError("boom")).ops.code).toBe("excel.general");
  });
});

describe("owned sheets", () => {
  const sheet = (name: string, id: string, marker?: SheetInfo["marker"]): SheetInfo => ({ name, id, position: 0, visibility: "Visible", protected: false, ...(marker ? { marker } : {}) });

  it("parses the setting whatever its form and keeps only well-formed records", () => {
    const rec = { role: "report", id: "{1}", name: "OPS Compliance" };
    expect(parseRecords(JSON.stringify([rec, { role: "x", id: 1 }]))).toEqual([rec]);
    expect(parseRecords([rec])).toEqual([rec]);
    expect(parseRecords("not json")).toEqual([]);
    expect(parseRecords(null)).toEqual([]);
    expect(roleOfMarker('="OPS:policy"')).toBe("policy");
    expect(roleOfMarker('="OPS:other"')).toBeUndefined();
  });

  it("finds OPS's sheet by marker, preferring the recorded one over a user's copy, and never a user's sheet of the same name", () => {
    const sheets = [sheet("OPS Compliance", "u1"), sheet("OPS Compliance (2)", "a", "report"), sheet("OPS Compliance (3)", "b", "report")];
    expect(ownedSheet({ sheets, records: [{ role: "report", id: "b", name: "x" }] }, "report")?.name).toBe("OPS Compliance (3)");
    expect(ownedSheet({ sheets, records: [{ role: "report", id: "gone", name: "OPS Compliance (2)" }] }, "report")?.name).toBe("OPS Compliance (2)");
    expect(ownedSheet({ sheets, records: [] }, "report")?.name).toBe("OPS Compliance (2)");
    expect(ownedSheet({ sheets: [sheet("OPS Compliance", "u1")], records: [] }, "report")).toBeUndefined();
    // Same session, marker removed by hand: the recorded id still tells.
    expect(ownedSheet({ sheets: [sheet("Renamed", "r1")], records: [{ role: "log", id: "r1", name: "OPS Log" }] }, "log")?.name).toBe("Renamed");
    expect(ownedSheet({ sheets, records: [] }, "policy")).toBeUndefined();
  });

  it("picks free names like Excel compares them (case ignored, 31 characters at most)", () => {
    expect(freeSheetName(["ops compliance", "OPS Compliance (2)"], "OPS Compliance")).toBe("OPS Compliance (3)");
    expect(freeSheetName([], "OPS Log")).toBe("OPS Log");
    const long = "X".repeat(31);
    const n = freeSheetName([long], long);
    expect(n.length).toBeLessThanOrEqual(31);
    expect(n.endsWith(" (2)")).toBe(true);
    expect(freeName(new Set(["ops_findings", "ops_findings_2"]), "OPS_Findings")).toBe("OPS_Findings_3");
  });
});

describe("block writing", () => {
  function fakeContext(fail?: (batch: number, queued: string[]) => unknown) {
    const syncs: string[][] = [];
    let queued: string[] = [];
    return {
      syncs,
      queue: (s: string) => queued.push(s),
      ctx: {
        async sync() {
          const batch = queued;
          queued = [];
          const e = fail?.(syncs.length, batch);
          if (e) throw e;
          syncs.push(batch);
        },
      },
    };
  }
  const op = (name: string, bytes: number, q: (s: string) => void, rows = 1): BatchOp => ({ bytes, rows, queue: () => q(name) });

  it("estimates UTF-8 and JSON sizes on the safe side", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (s) => {
        expect(utf8Length(s)).toBeGreaterThanOrEqual(Buffer.byteLength(s, "utf8"));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string({ maxLength: 12 }), fc.boolean(), fc.constant(null)), { maxLength: 12 }), (row) => {
        expect(rowBytes(row)).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(row), "utf8"));
      }),
      { numRuns: 300 },
    );
  });

  it("packs operations into as few syncs as the budget allows and reports progress", async () => {
    const f = fakeContext();
    const progress: number[] = [];
    const ops = Array.from({ length: 10 }, (_, i) => op(`o${i}`, 300, f.queue));
    const stats = await runOps(f.ctx, ops, { budgetBytes: 1000, onProgress: (d) => progress.push(d) });
    expect(f.syncs.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(stats.syncs).toBe(4);
    expect(stats.largestRequestBytes).toBe(900);
    expect(progress).toEqual([3, 6, 9, 10]);
  });

  it("queues a refused batch again with half the budget, splitting row blocks, and gives up only at one row", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i, `row ${i}`, i / 3]);
    const written: number[][] = [];
    let refusals = 0;
    const f = fakeContext((_, batch) => {
      const size = batch.reduce((n, s) => n + Number(s), 0);
      if (size > 10) {
        refusals++;
        return simError("RequestPayloadSizeLimitExceeded");
      }
      return undefined;
    });
    const ops = gridOps(
      (r, _c, nr) => ({
        set values(v: unknown) {
          f.queue(String(nr));
          written.push([r, (v as unknown[][]).length]);
        },
        formulas: undefined,
      }),
      rows,
      0,
      0,
      { chunkBytes: 10_000 },
    );
    expect(ops).toHaveLength(1);
    const stats = await runOps(f.ctx, ops);
    expect(refusals).toBeGreaterThan(0);
    expect(stats.retries).toBe(refusals);
    // Every row ends up in exactly one accepted batch of at most 10 rows.
    const accepted = f.syncs.flat().map(Number);
    expect(accepted.reduce((a, b) => a + b, 0)).toBe(40);
    expect(Math.max(...accepted)).toBeLessThanOrEqual(10);

    const never = fakeContext(() => simError("RequestPayloadSizeLimitExceeded"));
    await expect(runOps(never.ctx, [op("x", 100, never.queue)])).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
  });

  it("stops before the next sync when cancelled, without syncing what was not queued", async () => {
    const f = fakeContext();
    const ctl = new AbortController();
    const ops = Array.from({ length: 6 }, (_, i) => op(`o${i}`, 600, f.queue));
    const err = await runOps(f.ctx, ops, { budgetBytes: 1000, onProgress: (d) => d >= 2 && ctl.abort(), signal: ctl.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect((err as WorkbookError).ops.code).toBe("excel.cancelled");
    expect(f.syncs.flat()).toEqual(["o0", "o1"]);
  });
});

describe("log time", () => {
  it("writes local time as an Excel serial, in the 1900 or the 1904 system", () => {
    expect(excelSerial(new Date(2024, 0, 1))).toBeCloseTo(45292, 9);
    expect(excelSerial(new Date(2024, 0, 1, 18, 0, 0))).toBeCloseTo(45292.75, 9);
    expect(excelSerial(new Date(2024, 0, 1), true)).toBeCloseTo(45292 - 1462, 9);
    expect(excelSerial(new Date(1900, 2, 1))).toBeCloseTo(61, 9);
  });
});

describe("highlight plumbing", () => {
  it("points the names at the policy sheet's cells and columns", () => {
    const f = nameFormulas(defaultLayout("OPS Policy", 3));
    expect(f.floor).toBe("='OPS Policy'!$B$5");
    expect(f.target).toBe("='OPS Policy'!$B$6");
    expect(f.ruleValue).toBe("='OPS Policy'!$C$12:$C$14");
    expect(f.ruleFloor).toBe("='OPS Policy'!$D$12:$D$14");
    expect(f.ruleFrom).toBe("='OPS Policy'!$F$12:$F$14");
    expect(f.ruleTo).toBe("='OPS Policy'!$G$12:$G$14");
    expect(nameFormulas(defaultLayout("L'été", 0)).ruleValue).toBe("='L''été'!$C$12:$C$12");
  });

  it("never takes over a user's name, and keeps the names it recorded", () => {
    const defined = new Map([["ops_floor", "=Paramètres!$B$1"], ["ops_ruletotal", "=1"]]);
    const fresh = planNames({ definedNames: defined }, {});
    expect(fresh.names.floor).toBe("OPS_Floor_2");
    expect(fresh.names.ruleValue).toBe("OPS_RuleValue");
    expect(fresh.existing.size).toBe(0);
    const again = planNames({ definedNames: new Map([...defined, ["ops_floor_2", "='OPS Policy'!$B$5"]]) }, { floor: "OPS_Floor_2" });
    expect(again.names.floor).toBe("OPS_Floor_2");
    expect(again.existing.has("floor")).toBe(true);
  });

  it("recognises OPS's conditional format and nobody else's", () => {
    const rec = { id: "{1}", formula: "=IF(AND(ISNUMBER($E4),ISNUMBER($F4)),IF($E4>0,ROUND(($E4-$F4)/$E4-OPS_Floor,12)<0,FALSE),FALSE)" };
    expect(isOpsFormat({ id: "{9}", formula: rec.formula.slice(1) }, rec, "OPS_Floor")).toBe(true);
    // Rows inserted above: the formula moved, OPS's floor name and comparison are still there.
    expect(isOpsFormat({ id: "{9}", formula: rec.formula.replace(/4/g, "7") }, rec, "OPS_Floor")).toBe(true);
    expect(isOpsFormat({ id: "{1}", formula: "=$E4>9000" }, rec, "OPS_Floor")).toBe(false);
    expect(isOpsFormat({ id: "{2}", formula: "=$E4<OPS_Floor_2" }, rec, "OPS_Floor")).toBe(false);
    expect(isOpsFormat({ id: "{1}", formula: "=$E4<OPS_Floor" }, rec, "OPS_Floor")).toBe(true);
  });

  it("reads addresses and the data rows of a range source", () => {
    expect(parseAddress("Ventes!$A$3:$G$63")).toEqual({ top: 3, left: 1, bottom: 63, right: 7 });
    expect(parseAddress("B2")).toEqual({ top: 2, left: 2, bottom: 2, right: 2 });
    expect(parseAddress("nonsense")).toBeNull();
    const ds = { ...sampleDataSet(), tableName: undefined };
    expect(sourceBodyAddress(ds)).toEqual({ address: "A4:G63", firstRow: 4 });
  });
});

describe("catalogue", () => {
  it("has every excel.* message the adapter emits, in French and in English, and they differ", () => {
    const dir = join(__dirname, "../../src/excel");
    const codes = new Set<string>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".ts") && x !== "read.ts" && x !== "chunking.ts")) {
      for (const m of readFileSync(join(dir, f), "utf8").matchAll(/"(excel\.[A-Za-z.]+)"/g)) codes.add(m[1]);
    }
    expect(codes.size).toBeGreaterThan(10);
    for (const c of codes) {
      if (c.endsWith(".")) continue;
      expect([c, hasText(c, "fr"), hasText(c, "en")]).toEqual([c, true, true]);
      expect([c, t(c, "fr") === t(c, "en")]).toEqual([c, false]);
    }
  });
});
