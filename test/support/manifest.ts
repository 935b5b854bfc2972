/**
 * Manifest checks shared by test/manifest.test.ts (the source manifest.xml) and test/build.test.ts (dist/manifest.xml):
 *  - validateManifestXml: offline XSD validation with xmllint-wasm against the copies in schemas/ (see schemas/README.md);
 *  - manifestProblems: what a schema cannot see (resids, one shared runtime, namespace, one origin, fr-FR, icons).
 */
import { existsSync, readFileSync, readdirSync } from "fs";
import { join, resolve } from "path";
import { JSDOM } from "jsdom";
import { validateXML } from "xmllint-wasm";

export const PROJECT_ROOT = resolve(__dirname, "../..");
export const SCHEMA_DIR = join(PROJECT_ROOT, "schemas");
const MAIN_XSD = "OfficeAppManifestV1_1.xsd";

const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  ov: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
} as const;

export interface SchemaResult {
  valid: boolean;
  /** xmllint's messages, e.g. "manifest.xml:52: element Runtimes: Schemas validity error : ..." */
  errors: string[];
}

/** Validates manifest text against schemas/OfficeAppManifestV1_1.xsd and the XSDs it imports; never uses the network. */
export async function validateManifestXml(xml: string, fileName = "manifest.xml"): Promise<SchemaResult> {
  const read = (f: string) => ({ fileName: f, contents: readFileSync(join(SCHEMA_DIR, f), "utf8") });
  const result = await validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [read(MAIN_XSD)],
    preload: readdirSync(SCHEMA_DIR)
      .filter((f) => f.endsWith(".xsd") && f !== MAIN_XSD)
      .map(read),
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

/** Width and height of a PNG file, or null when the file is missing or not a PNG. */
export function pngSize(file: string): { width: number; height: number } | null {
  if (!existsSync(file)) return null;
  const b = readFileSync(file);
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length < 24 || signature.some((v, i) => b[i] !== v) || b.toString("ascii", 12, 16) !== "IHDR") return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

export interface ManifestCheckOptions {
  /** The origin every URL must be on, e.g. "https://localhost:3000". Without it, all URLs must share one origin. */
  origin?: string;
  /** Base URL (with trailing slash) that maps to `filesRoot`, for the icon files. Default: `${origin}/`. */
  baseUrl?: string;
  /** Folder that holds the files the manifest's URLs point to (project root for the source, dist/ once built). */
  filesRoot?: string;
  /** The custom functions namespace expected. */
  namespace?: string;
}

type El = Element;

function byTag(root: Document | El, ns: string, local: string): El[] {
  return Array.from(root.getElementsByTagNameNS(ns, local));
}

function xsiType(el: El): string | null {
  return el.getAttributeNS(NS.xsi, "type");
}

function childrenByTag(el: El, ns: string, local: string): El[] {
  return Array.from(el.children).filter((c) => c.namespaceURI === ns && c.localName === local);
}

function hasFrOverride(el: El, ns: string): boolean {
  return childrenByTag(el, ns, "Override").some(
    (o) => o.getAttribute("Locale") === "fr-FR" && (o.getAttribute("Value") ?? "").trim() !== "",
  );
}

/** Parses manifest text; throws with the parser's message when it is not well-formed XML. */
export function parseManifest(xml: string): Document {
  return new JSDOM(xml, { contentType: "application/xml" }).window.document;
}

/**
 * Lists every problem a schema cannot see. An empty list means the manifest passes.
 * Each message starts with a stable tag in brackets so tests can look for a kind of problem.
 */
export function manifestProblems(xml: string, opts: ManifestCheckOptions = {}): string[] {
  const problems: string[] = [];
  let doc: Document;
  try {
    doc = parseManifest(xml);
  } catch (e) {
    return [`[xml] not well-formed: ${(e as Error).message}`];
  }
  const namespace = opts.namespace ?? "OPS";

  // Resources defined (bt:Image, bt:Url, bt:String) and resids used anywhere.
  const defined = new Map<string, { kind: string; value: string; el: El }>();
  const resources = byTag(doc, NS.ov, "Resources")[0];
  if (!resources) problems.push("[resources] no <Resources> element");
  for (const kind of ["Image", "Url", "String"]) {
    for (const el of resources ? byTag(resources, NS.bt, kind) : []) {
      const id = el.getAttribute("id");
      if (!id) continue; // bt:Image inside <Icon> has resid, not id; those are references
      if (defined.has(id)) problems.push(`[resid-duplicate] resource id "${id}" is defined twice`);
      defined.set(id, { kind, value: el.getAttribute("DefaultValue") ?? "", el });
    }
  }
  const used = new Set<string>();
  for (const el of Array.from(doc.getElementsByTagName("*"))) {
    const resid = el.getAttribute("resid");
    if (resid !== null) used.add(resid);
  }
  for (const id of used) if (!defined.has(id)) problems.push(`[resid-undefined] resid "${id}" is used but not defined`);
  for (const id of defined.keys())
    if (!used.has(id)) problems.push(`[resid-unused] resource "${id}" is defined but never used`);
  const urlOf = (resid: string | null | undefined): string | undefined =>
    resid ? defined.get(resid)?.value : undefined;

  // One shared runtime: the same resid for Runtime, the custom functions Page, FunctionFile and the pane button.
  const runtimes = byTag(doc, NS.ov, "Runtime");
  if (runtimes.length !== 1) problems.push(`[runtime] expected exactly one <Runtime>, found ${runtimes.length}`);
  const runtime = runtimes[0];
  if (runtime && runtime.getAttribute("lifetime") !== "long")
    problems.push('[runtime] <Runtime> must have lifetime="long"');
  const cf = byTag(doc, NS.ov, "ExtensionPoint").filter((e) => xsiType(e) === "CustomFunctions");
  if (cf.length !== 1)
    problems.push(`[custom-functions] expected one CustomFunctions extension point, found ${cf.length}`);
  const cfPoint = cf[0];
  if (cfPoint && cfPoint.parentElement?.localName !== "AllFormFactors") {
    problems.push("[custom-functions] the CustomFunctions extension point must be under <AllFormFactors>");
  }
  const sourceIn = (parent: El | undefined, local: string): string | null => {
    const holder = parent ? childrenByTag(parent, NS.ov, local)[0] : undefined;
    const src = holder ? childrenByTag(holder, NS.ov, "SourceLocation")[0] : undefined;
    return src?.getAttribute("resid") ?? null;
  };
  const pageResid = sourceIn(cfPoint, "Page");
  const scriptResid = sourceIn(cfPoint, "Script");
  const metadataResid = sourceIn(cfPoint, "Metadata");
  const functionFileResid = byTag(doc, NS.ov, "FunctionFile")[0]?.getAttribute("resid") ?? null;
  const paneActions = byTag(doc, NS.ov, "Action").filter((a) => xsiType(a) === "ShowTaskpane");
  const paneResids = paneActions.map(
    (a) => childrenByTag(a, NS.ov, "SourceLocation")[0]?.getAttribute("resid") ?? null,
  );
  const runtimeResid = runtime?.getAttribute("resid") ?? null;
  const shared = { Runtime: runtimeResid, Page: pageResid, FunctionFile: functionFileResid };
  paneResids.forEach((r, i) => ((shared as Record<string, string | null>)[`ShowTaskpane#${i + 1}`] = r));
  const distinct = new Set(Object.values(shared));
  if (distinct.size !== 1 || distinct.has(null)) {
    problems.push(
      `[shared-runtime] Runtime, Page, FunctionFile and ShowTaskpane must use one resid: ${JSON.stringify(shared)}`,
    );
  }
  const defaultSource = byTag(doc, NS.app, "DefaultSettings")[0];
  const defaultUrl = defaultSource
    ? byTag(defaultSource, NS.app, "SourceLocation")[0]?.getAttribute("DefaultValue")
    : null;
  if (runtimeResid && urlOf(runtimeResid) !== defaultUrl) {
    problems.push(
      `[shared-runtime] the runtime URL ${urlOf(runtimeResid)} differs from DefaultSettings/SourceLocation ${defaultUrl}`,
    );
  }

  // Custom functions: script, metadata (with its fr-FR override), namespace.
  if (!urlOf(scriptResid)?.endsWith("/functions.js"))
    problems.push("[custom-functions] Script must point to functions.js");
  const metadataUrl = metadataResid ? defined.get(metadataResid) : undefined;
  if (!metadataUrl?.value.endsWith("/functions.json"))
    problems.push("[custom-functions] Metadata must point to functions.json");
  const frMetadata = metadataUrl
    ? childrenByTag(metadataUrl.el, NS.bt, "Override").find((o) => o.getAttribute("Locale") === "fr-FR")
    : undefined;
  if (!frMetadata?.getAttribute("Value")?.endsWith("/functions-fr.json")) {
    problems.push('[fr-FR] the Metadata URL needs <bt:Override Locale="fr-FR" Value=".../functions-fr.json"/>');
  }
  const nsResid = cfPoint ? childrenByTag(cfPoint, NS.ov, "Namespace")[0]?.getAttribute("resid") : null;
  const nsValue = nsResid ? defined.get(nsResid)?.value : undefined;
  if (nsValue !== namespace)
    problems.push(`[namespace] the custom functions namespace is "${nsValue}", expected "${namespace}"`);

  // Requirements.
  const sets = byTag(doc, NS.app, "Set");
  const setVersion = (name: string) => sets.find((s) => s.getAttribute("Name") === name)?.getAttribute("MinVersion");
  if (setVersion("SharedRuntime") !== "1.1")
    problems.push('[requirements] needs <Set Name="SharedRuntime" MinVersion="1.1"/>');
  if (!setVersion("CustomFunctionsRuntime")) problems.push('[requirements] needs <Set Name="CustomFunctionsRuntime"/>');

  // Home tab button that opens the pane.
  const homeTab = byTag(doc, NS.ov, "OfficeTab").find((t) => t.getAttribute("id") === "TabHome");
  if (!homeTab || !byTag(homeTab, NS.ov, "Action").some((a) => xsiType(a) === "ShowTaskpane")) {
    problems.push('[ribbon] needs a ShowTaskpane button on <OfficeTab id="TabHome">');
  }

  // French: DisplayName, Description and every string shown to people (the namespace stays OPS in every language).
  for (const name of ["DisplayName", "Description"]) {
    const el = byTag(doc, NS.app, name)[0];
    if (!el || !hasFrOverride(el, NS.app)) problems.push(`[fr-FR] <${name}> has no fr-FR <Override>`);
  }
  for (const [id, def] of defined) {
    if (def.kind !== "String" || id === nsResid) continue;
    if (!hasFrOverride(def.el, NS.bt)) problems.push(`[fr-FR] string "${id}" has no fr-FR <bt:Override>`);
  }

  // Every URL: https, one origin (the expected one when given).
  const urls: string[] = [];
  for (const el of Array.from(doc.getElementsByTagName("*"))) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.name === "xmlns" || attr.name.startsWith("xmlns:")) continue;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(attr.value.trim())) urls.push(attr.value.trim());
    }
    if (el.children.length === 0 && /^[a-z][a-z0-9+.-]*:\/\//i.test((el.textContent ?? "").trim())) {
      urls.push((el.textContent ?? "").trim());
    }
  }
  const origins = new Set<string>();
  for (const u of urls) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      problems.push(`[url] not a URL: ${u}`);
      continue;
    }
    if (parsed.protocol !== "https:") problems.push(`[url] not https: ${u}`);
    origins.add(parsed.origin);
    if (opts.origin && parsed.origin !== opts.origin) problems.push(`[origin] ${u} is not on ${opts.origin}`);
  }
  if (origins.size > 1) problems.push(`[origin] URLs on more than one origin: ${[...origins].join(", ")}`);
  if (urls.length === 0) problems.push("[url] no URL found");

  // Icons: each one exists as a PNG of the size the manifest names.
  const baseUrl = opts.baseUrl ?? (opts.origin ? `${opts.origin}/` : undefined);
  const fileFor = (url: string): string | null =>
    baseUrl && opts.filesRoot && url.startsWith(baseUrl) ? join(opts.filesRoot, url.slice(baseUrl.length)) : null;
  const checkIcon = (url: string | undefined, size: number, where: string) => {
    if (!url) {
      problems.push(`[icon] ${where}: no URL`);
      return;
    }
    if (!opts.filesRoot) return;
    const file = fileFor(url);
    const dims = file ? pngSize(file) : null;
    if (!dims) problems.push(`[icon] ${where}: ${url} is not a PNG file in ${opts.filesRoot}`);
    else if (dims.width !== size || dims.height !== size) {
      problems.push(`[icon] ${where}: ${url} is ${dims.width}x${dims.height}, the manifest says ${size}`);
    }
  };
  for (const icon of byTag(doc, NS.ov, "Icon")) {
    const refs = childrenByTag(icon, NS.bt, "Image");
    const sizes = refs.map((r) => Number(r.getAttribute("size")));
    for (const s of [16, 32, 80]) if (!sizes.includes(s)) problems.push(`[icon] an <Icon> lacks the ${s} px image`);
    for (const r of refs)
      checkIcon(urlOf(r.getAttribute("resid")), Number(r.getAttribute("size")), `size ${r.getAttribute("size")}`);
  }
  checkIcon(byTag(doc, NS.app, "IconUrl")[0]?.getAttribute("DefaultValue") ?? undefined, 32, "IconUrl");
  checkIcon(
    byTag(doc, NS.app, "HighResolutionIconUrl")[0]?.getAttribute("DefaultValue") ?? undefined,
    64,
    "HighResolutionIconUrl",
  );

  return problems;
}
