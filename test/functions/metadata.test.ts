/**
 * functions.json as custom-functions-metadata generates it from the JSDoc of src/functions/functions.ts, checked
 * against the one catalogue; functions-fr.json as scripts/functions-fr-plugin.js derives it, both through its
 * function and through a real webpack build with CustomFunctionsMetadataPlugin.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import CustomFunctionsMetadataPlugin from "custom-functions-metadata-plugin";
import webpack from "webpack";
import { FunctionsFrPlugin, localiseMetadata, type FunctionsMetadata } from "../../scripts/functions-fr-plugin";
import { FUNCTION_CATALOGUE } from "../../src/functions/catalogue";
import * as F from "../../src/functions/functions";

const FUNCTIONS_TS = resolve(__dirname, "../../src/functions/functions.ts");
const CATALOGUE_JSON = resolve(__dirname, "../../src/functions/catalogue.json");

let metadata: FunctionsMetadata;
let associate: { functionName: string; id: string }[];

beforeAll(async () => {
  const r = await generateCustomFunctionsMetadata(FUNCTIONS_TS);
  expect(r.errors).toEqual([]);
  metadata = JSON.parse(r.metadataJson) as FunctionsMetadata;
  associate = r.associate;
}, 60_000);

/** Name rules of docs/excel/custom-functions-naming: a letter first, then letters, "_" or "."; 3 characters at least; not a cell reference. */
function validName(name: string): boolean {
  const cellRef = /^[A-Z]{1,3}[0-9]+$|^R[0-9]+C[0-9]+$/i;
  return /^\p{L}[\p{L}_.]{2,}$/u.test(name) && !name.split(".").some((part) => cellRef.test(part));
}

describe("functions.json from the JSDoc", () => {
  it("has exactly the catalogue's functions", () => {
    expect(metadata.functions.map((f) => f.id).sort()).toEqual(FUNCTION_CATALOGUE.map((e) => e.id).sort());
  });
  it("agrees with the catalogue's English names, descriptions, parameters and optional flags", () => {
    for (const e of FUNCTION_CATALOGUE) {
      const fn = metadata.functions.find((f) => f.id === e.id)!;
      expect({ id: e.id, name: fn.name, description: fn.description }).toEqual({ id: e.id, name: e.en.name, description: e.en.description });
      const params = fn.parameters ?? [];
      expect(params.map((p) => [p.name, p.description])).toEqual(e.en.params.map((p) => [p.name, p.description]));
      expect(params.flatMap((p, i) => (p.optional ? [i] : []))).toEqual(e.optional ?? []);
    }
  });
  it("associates every exported function with its id", () => {
    const exported = Object.keys(F).filter((k) => typeof (F as Record<string, unknown>)[k] === "function").sort();
    expect(associate.map((a) => a.functionName).sort()).toEqual(exported);
  });
  it("takes ranges as matrices and spills matrices where the docs say so", () => {
    const byId = new Map(metadata.functions.map((f) => [f.id, f]));
    expect(byId.get("MARGIN")!.parameters![0]).toMatchObject({ type: "any", dimensionality: "matrix" });
    expect(byId.get("MARGIN")!.result).toEqual({ dimensionality: "matrix" });
    expect(byId.get("FORECAST")!.result).toEqual({ dimensionality: "matrix" });
    expect(byId.get("HHI")!.result).toEqual({ type: "number" });
  });
  it("uses valid, unique English names and ids", () => {
    for (const f of metadata.functions) {
      expect(validName(f.name)).toBe(true);
      expect(/^[A-Z][A-Z0-9_.]{2,}$/.test(f.id)).toBe(true);
    }
    expect(new Set(metadata.functions.map((f) => f.name)).size).toBe(metadata.functions.length);
  });
});

describe("functions-fr.json", () => {
  it("has the same ids, parameter types and shapes, with the catalogue's French texts", () => {
    const catalogue = JSON.parse(readFileSync(CATALOGUE_JSON, "utf8"));
    const { metadata: fr, problems } = localiseMetadata(metadata, catalogue);
    expect(problems).toEqual([]);
    expect(fr.functions.map((f) => f.id)).toEqual(metadata.functions.map((f) => f.id));
    fr.functions.forEach((f, i) => {
      const en = metadata.functions[i];
      const entry = FUNCTION_CATALOGUE.find((e) => e.id === f.id)!;
      expect(f.name).toBe(entry.fr.name);
      expect(f.description).toBe(entry.fr.description);
      expect(f.result).toEqual(en.result);
      const strip = (p: Record<string, unknown>) => ({ ...p, name: undefined, description: undefined });
      expect((f.parameters ?? []).map(strip)).toEqual((en.parameters ?? []).map(strip));
      expect((f.parameters ?? []).map((p) => p.name)).toEqual(entry.fr.params.map((p) => p.name));
      expect(validName(f.name)).toBe(true);
    });
    expect(new Set(fr.functions.map((f) => f.name)).size).toBe(fr.functions.length);
    expect(fr.allowCustomDataForDataTypeAny).toEqual(metadata.allowCustomDataForDataTypeAny);
  });
  it("reports every disagreement instead of emitting partial French metadata", () => {
    const catalogue = JSON.parse(readFileSync(CATALOGUE_JSON, "utf8")) as { functions: { id: string; fr: { params: unknown[] }; optional?: number[] }[] };
    catalogue.functions = catalogue.functions.filter((e) => e.id !== "PVM");
    catalogue.functions.find((e) => e.id === "CAGR")!.fr.params.pop();
    catalogue.functions.find((e) => e.id === "TREND")!.optional = [2];
    catalogue.functions.push({ id: "GHOST", fr: { params: [] } });
    const { problems } = localiseMetadata(metadata, catalogue);
    expect(problems).toEqual([
      "CAGR: 3 parameters in the metadata, 2 in the catalogue",
      "TREND: optional parameters [1,2] in the metadata, [2] in the catalogue",
      "PVM: no fr entry in the catalogue",
      "GHOST: in the catalogue but not in the metadata",
    ]);
  });
});

describe("FunctionsFrPlugin in a webpack build", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ops-fr-plugin-"));
    writeFileSync(join(dir, "entry.js"), "module.exports = 1;\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function build(input: string, plugin: FunctionsFrPlugin): Promise<webpack.Stats> {
    const compiler = webpack({
      mode: "none",
      context: dir,
      entry: join(dir, "entry.js"),
      output: { path: join(dir, "dist") },
      plugins: [new CustomFunctionsMetadataPlugin({ input, output: "functions.json" }), plugin],
    });
    return new Promise((ok, ko) => compiler.run((err, stats) => compiler.close(() => (err || !stats ? ko(err) : ok(stats)))));
  }

  it("emits functions-fr.json after functions.json", async () => {
    const stats = await build(FUNCTIONS_TS, new FunctionsFrPlugin());
    expect(stats.compilation.errors.map((e) => e.message)).toEqual([]);
    const en = JSON.parse(readFileSync(join(dir, "dist", "functions.json"), "utf8"));
    const fr = JSON.parse(readFileSync(join(dir, "dist", "functions-fr.json"), "utf8"));
    expect(fr).toEqual(localiseMetadata(en, JSON.parse(readFileSync(CATALOGUE_JSON, "utf8"))).metadata);
    expect(fr.functions.find((f: { id: string }) => f.id === "MARGIN").name).toBe("TAUX.MARQUE");
  }, 60_000);

  it("fails the build, naming the function, when the catalogue lacks one", async () => {
    const src = join(dir, "extra.ts");
    writeFileSync(src, "/**\n * Not in the catalogue.\n * @customfunction NOT.LISTED NOT.LISTED\n * @param x A number.\n * @returns x.\n */\nexport function notListed(x: number): number {\n  return x;\n}\n");
    const stats = await build(src, new FunctionsFrPlugin({ catalogue: CATALOGUE_JSON }));
    const messages = stats.compilation.errors.map((e) => e.message).join("\n");
    expect(messages).toContain("NOT.LISTED: no fr entry in the catalogue");
    expect(stats.compilation.getAsset("functions-fr.json")).toBeUndefined();
  }, 60_000);
});
