/**
 * Webpack plugin: after CustomFunctionsMetadataPlugin has put functions.json (English, from the JSDoc of
 * src/functions/functions.ts) into the compilation, emit functions-fr.json: the same functions, ids, parameter types
 * and options, with the French names and descriptions of the one catalogue (src/functions/catalogue.ts, read through
 * the committed src/functions/catalogue.json that scripts/gen-functions-catalogue.ts writes).
 *
 *   const { FunctionsFrPlugin } = require("./scripts/functions-fr-plugin");
 *   plugins: [new CustomFunctionsMetadataPlugin({ input, output: "functions.json" }), new FunctionsFrPlugin()]
 *
 * Options: { catalogue?: path of catalogue.json, input?: "functions.json", output?: "functions-fr.json", lang?: "fr" }.
 * A function missing from the catalogue (or the reverse), or a parameter count that differs, is a build error: the
 * French metadata is never emitted incomplete. Plain CommonJS with no dependency: webpack is taken from the compiler.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const PLUGIN = "FunctionsFrPlugin";
const DEFAULT_CATALOGUE = path.resolve(__dirname, "../src/functions/catalogue.json");

/**
 * Localises custom-functions metadata with a catalogue. Returns the localised metadata (a new object; every field not
 * localised is copied as is) and the list of problems found (empty when the two agree).
 * @param {{ functions: Array<{ id: string, name: string, description?: string, parameters?: Array<{ name: string, description?: string }> }> }} metadata
 * @param {{ functions: Array<{ id: string, [lang: string]: any }> }} catalogue
 * @param {string} [lang]
 */
function localiseMetadata(metadata, catalogue, lang = "fr") {
  const problems = [];
  const entries = new Map();
  for (const e of catalogue.functions || []) entries.set(e.id, e);
  const seen = new Set();
  const out = JSON.parse(JSON.stringify(metadata));
  for (const fn of out.functions || []) {
    seen.add(fn.id);
    const entry = entries.get(fn.id);
    const text = entry && entry[lang];
    if (!text) {
      problems.push(`${fn.id}: no ${lang} entry in the catalogue`);
      continue;
    }
    fn.name = text.name;
    fn.description = text.description;
    const params = fn.parameters || [];
    if (params.length !== text.params.length) {
      problems.push(`${fn.id}: ${params.length} parameters in the metadata, ${text.params.length} in the catalogue`);
      continue;
    }
    params.forEach((p, i) => {
      p.name = text.params[i].name;
      p.description = text.params[i].description;
    });
    if (Array.isArray(entry.optional)) {
      const inMetadata = params.map((p, i) => (p.optional ? i : -1)).filter((i) => i >= 0).join(",");
      if (inMetadata !== entry.optional.join(",")) {
        problems.push(`${fn.id}: optional parameters [${inMetadata}] in the metadata, [${entry.optional.join(",")}] in the catalogue`);
      }
    }
  }
  for (const id of entries.keys()) if (!seen.has(id)) problems.push(`${id}: in the catalogue but not in the metadata`);
  const names = new Set();
  for (const fn of out.functions || []) {
    if (names.has(fn.name)) problems.push(`${fn.id}: ${lang} name ${fn.name} used twice`);
    names.add(fn.name);
  }
  return { metadata: out, problems };
}

class FunctionsFrPlugin {
  /** @param {{ catalogue?: string, input?: string, output?: string, lang?: string }} [options] */
  constructor(options = {}) {
    this.catalogue = path.resolve(options.catalogue || DEFAULT_CATALOGUE);
    this.input = options.input || "functions.json";
    this.output = options.output || "functions-fr.json";
    this.lang = options.lang || "fr";
  }

  apply(compiler) {
    const { Compilation, sources, WebpackError } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(PLUGIN, (compilation) => {
      compilation.fileDependencies.add(this.catalogue);
      compilation.hooks.processAssets.tap({ name: PLUGIN, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const asset = compilation.getAsset(this.input);
        if (!asset) {
          // The metadata plugin reports its own errors and then emits nothing: add ours only when it is silent.
          if (compilation.errors.length === 0) {
            compilation.errors.push(new WebpackError(`${PLUGIN}: ${this.input} is not in the compilation; add CustomFunctionsMetadataPlugin before ${PLUGIN}.`));
          }
          return;
        }
        let result;
        try {
          const metadata = JSON.parse(asset.source.source().toString());
          const catalogue = JSON.parse(fs.readFileSync(this.catalogue, "utf8"));
          result = localiseMetadata(metadata, catalogue, this.lang);
        } catch (e) {
          compilation.errors.push(new WebpackError(`${PLUGIN}: ${e && e.message ? e.message : String(e)}`));
          return;
        }
        if (result.problems.length > 0) {
          compilation.errors.push(new WebpackError(`${PLUGIN}: ${this.output} not written: ${result.problems.join("; ")}`));
          return;
        }
        compilation.emitAsset(this.output, new sources.RawSource(JSON.stringify(result.metadata, null, 4)));
      });
    });
  }
}

module.exports = FunctionsFrPlugin;
module.exports.FunctionsFrPlugin = FunctionsFrPlugin;
module.exports.localiseMetadata = localiseMetadata;
module.exports.DEFAULT_CATALOGUE = DEFAULT_CATALOGUE;
