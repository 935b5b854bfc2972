import { readFileSync } from "fs";
import { resolve } from "path";
import { CATALOGUE_JSON_PATH, FUNCTIONS_DOC_PATH, README_PATH, catalogueJson, functionsDoc, readmeWithNames } from "../../scripts/gen-functions-catalogue";
import { hasText } from "../../src/core/i18n";
import { FUNCTION_CATALOGUE } from "../../src/functions/catalogue";

describe("files generated from the function catalogue", () => {
  it("src/functions/catalogue.json is what scripts/gen-functions-catalogue.ts writes", () => {
    expect(readFileSync(CATALOGUE_JSON_PATH, "utf8")).toBe(catalogueJson());
  });
  it("docs/functions.md is what scripts/gen-functions-catalogue.ts writes, and lists every name", () => {
    const doc = readFileSync(FUNCTIONS_DOC_PATH, "utf8");
    expect(doc).toBe(functionsDoc());
    for (const e of FUNCTION_CATALOGUE) {
      expect(doc).toContain(`| ${e.id} | OPS.${e.en.name} | OPS.${e.fr.name} |`);
    }
  });
});

describe("the README's table of names", () => {
  it("lists every function with its English and French name, as the generator writes it", () => {
    const readme = readFileSync(README_PATH, "utf8");
    expect(readme).toBe(readmeWithNames(readme));
    for (const e of FUNCTION_CATALOGUE) expect(readme).toContain(`| \`OPS.${e.en.name}\` | \`OPS.${e.fr.name}\` |`);
  });
});

describe("the catalogue itself", () => {
  it("gives every function the same parameters in both languages, and unique names", () => {
    for (const e of FUNCTION_CATALOGUE) {
      expect(e.fr.params.length).toBe(e.en.params.length);
      for (const i of e.optional ?? []) expect(i).toBeLessThan(e.en.params.length);
      for (const t of [e.en, e.fr]) {
        expect(t.description.trim()).not.toBe("");
        expect(t.returns.trim()).not.toBe("");
        for (const p of t.params) expect(p.description.trim()).not.toBe("");
      }
    }
    for (const lang of ["en", "fr"] as const) {
      const names = FUNCTION_CATALOGUE.map((e) => e[lang].name);
      expect(new Set(names).size).toBe(names.length);
    }
    expect(new Set(FUNCTION_CATALOGUE.map((e) => e.id)).size).toBe(FUNCTION_CATALOGUE.length);
  });
  it("has a French and an English text for every message key the functions use", () => {
    const src = ["../../src/functions/functions.ts", "../../src/functions/args.ts", "../../src/core/market.ts"]
      .map((f) => readFileSync(resolve(__dirname, f), "utf8"))
      .join("\n");
    const keys = new Set(src.match(/"functions\.[A-Za-z0-9.]+"/g)!.map((k) => k.slice(1, -1)));
    for (const label of ["alpha", "beta", "gamma", "mae", "rmse", "mase", "smape", "season", "points", "baseRevenue", "volume", "mix", "price", "new", "lost", "currentRevenue", "total"]) {
      keys.add(`functions.label.${label}`);
    }
    for (const code of ["missingBasePrice", "missingCurrentPrice", "negative"]) keys.add(`functions.pvm.${code}`);
    for (const code of ["tooFewPoints", "tooManyMissing", "notFinite", "badSeasonLength", "badHorizon", "badConfidence"]) keys.add(`functions.forecast.${code}`);
    keys.add("functions.conc.source.EU2004");
    keys.add("functions.conc.source.US2023");
    expect(keys.size).toBeGreaterThan(40);
    const missing = [...keys].filter((k) => !hasText(k, "fr") || !hasText(k, "en"));
    expect(missing).toEqual([]);
  });
});
