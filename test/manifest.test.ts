/**
 * manifest.xml, checked offline: XSD validation against schemas/ (copied from ../shared/schemas) with xmllint-wasm,
 * then the checks a schema cannot see (test/support/manifest.ts). Broken variants prove each check can fail.
 */
import { existsSync, readFileSync, readdirSync } from "fs";
import { join, resolve } from "path";
import { DEV_BASE_URL, normaliseBaseUrl, rewriteDevUrls } from "../scripts/manifest-urls";
import { PROJECT_ROOT, SCHEMA_DIR, manifestProblems, pngSize, validateManifestXml } from "./support/manifest";

const icons = require("../scripts/make-icons.js") as {
  encodePng(w: number, h: number, rgba: Buffer): Buffer;
  drawMark(size: number): Buffer;
  ICON_SIZES: number[];
  LOGO_SIZE: number;
};

// Each xmllint-wasm validation compiles the schemas (about 0.2 s); give slack when the 2 cores are busy.
jest.setTimeout(30_000);

const MANIFEST = readFileSync(join(PROJECT_ROOT, "manifest.xml"), "utf8");
const DEV_ORIGIN = "https://localhost:3000";
const devChecks = { origin: DEV_ORIGIN, filesRoot: PROJECT_ROOT };

/** The manifest with `from` replaced by `to`; fails if `from` is not there (so a variant can never be a no-op). */
function variant(from: string, to: string): string {
  expect(MANIFEST).toContain(from);
  return MANIFEST.replace(from, to);
}

describe("schema copies", () => {
  const shared = resolve(PROJECT_ROOT, "../shared/schemas/office-addin-manifest");
  const xsds = [
    "OfficeAppManifestV1_1.xsd",
    "OfficeAppBasicTypesV1_0.xsd",
    "MailAppVersionOverridesV1_0.xsd",
    "MailAppVersionOverridesV1_1.xsd",
    "TaskPaneAppVersionOverridesV1_0.xsd",
    "ContentAppVersionOverridesV1_0.xsd",
  ];

  it("the project holds every XSD the main schema imports, and only those", () => {
    expect(
      readdirSync(SCHEMA_DIR)
        .filter((f) => f.endsWith(".xsd"))
        .sort(),
    ).toEqual([...xsds].sort());
  });

  if (existsSync(shared)) {
    it.each(xsds)("%s is a byte-for-byte copy of ../shared/schemas", (f) => {
      expect(readFileSync(join(SCHEMA_DIR, f)).equals(readFileSync(join(shared, f)))).toBe(true);
    });
  } else {
    it("../shared/schemas is absent here, so the copies are used as they are", () => {
      console.warn("../shared/schemas/office-addin-manifest is not there: the copy comparison is not run.");
      expect(existsSync(shared)).toBe(false);
    });
  }
});

describe("manifest.xml against the XSDs", () => {
  it("validates", async () => {
    const r = await validateManifestXml(MANIFEST);
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it("rejects <Runtimes> placed after <AllFormFactors> (element order)", async () => {
    const runtimes = '<Runtimes>\n          <Runtime resid="Taskpane.Url" lifetime="long"/>\n        </Runtimes>\n';
    const moved = variant(runtimes, "").replace("</AllFormFactors>\n", `</AllFormFactors>\n${runtimes}`);
    const r = await validateManifestXml(moved);
    expect(r.valid).toBe(false);
    expect(r.errors.join("\n")).toMatch(/Runtimes': This element is not expected/);
  });

  it("rejects a custom functions extension point without <Script>", async () => {
    const r = await validateManifestXml(
      variant('<Script>\n              <SourceLocation resid="Functions.Script.Url"/>\n            </Script>\n', ""),
    );
    expect(r.valid).toBe(false);
    expect(r.errors.join("\n")).toMatch(/Page': This element is not expected. Expected is .*Script/);
  });

  it("rejects an unknown lifetime", async () => {
    const r = await validateManifestXml(variant('lifetime="long"', 'lifetime="forever"'));
    expect(r.valid).toBe(false);
    expect(r.errors.join("\n")).toMatch(/lifetime.*forever/);
  });

  it("rejects an unknown element", async () => {
    const r = await validateManifestXml(
      variant(
        "<Permissions>ReadWriteDocument</Permissions>",
        "<Permissions>ReadWriteDocument</Permissions><FancyFeature/>",
      ),
    );
    expect(r.valid).toBe(false);
    expect(r.errors.join("\n")).toMatch(/FancyFeature/);
  });
});

describe("manifest.xml: what a schema cannot see", () => {
  it("has no problem", () => {
    expect(manifestProblems(MANIFEST, devChecks)).toEqual([]);
  });

  it("uses https://localhost:3000/ for every URL, so the production rewrite covers them all", () => {
    const urls = [...MANIFEST.matchAll(/\b(?:DefaultValue|Value)="([a-z]+:\/\/[^"]+)"/gi)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThanOrEqual(12);
    for (const u of urls) expect(u.startsWith(DEV_BASE_URL)).toBe(true);
  });

  const broken: Array<[string, string, string, RegExp]> = [
    [
      "the Page on another resid",
      '<Page>\n              <SourceLocation resid="Taskpane.Url"/>',
      '<Page>\n              <SourceLocation resid="Functions.Script.Url"/>',
      /^\[shared-runtime\]/,
    ],
    [
      "FunctionFile on another resid",
      '<FunctionFile resid="Taskpane.Url"/>',
      '<FunctionFile resid="Functions.Script.Url"/>',
      /^\[shared-runtime\]/,
    ],
    ["a short-lived runtime", 'lifetime="long"', 'lifetime="short"', /^\[runtime\]/],
    [
      "a resid that is not defined",
      '<Label resid="OpsGroup.Label"/>',
      '<Label resid="OpsGroup.Lable"/>',
      /^\[resid-undefined\] resid "OpsGroup.Lable"/,
    ],
    [
      "a resource never used",
      "<bt:Urls>",
      '<bt:Urls>\n        <bt:Url id="Spare.Url" DefaultValue="https://localhost:3000/spare.html"/>',
      /^\[resid-unused\] resource "Spare.Url"/,
    ],
    [
      "a resource defined twice",
      "<bt:Urls>",
      '<bt:Urls>\n        <bt:Url id="Taskpane.Url" DefaultValue="https://localhost:3000/taskpane.html"/>',
      /^\[resid-duplicate\]/,
    ],
    [
      "another namespace",
      '<bt:String id="Functions.Namespace" DefaultValue="OPS"/>',
      '<bt:String id="Functions.Namespace" DefaultValue="CONTOSO"/>',
      /^\[namespace\]/,
    ],
    [
      "a URL on another origin",
      '"https://localhost:3000/assets/support.html"/>\n  <Hosts>',
      '"https://www.contoso.com/help"/>\n  <Hosts>',
      /^\[origin\]/,
    ],
    [
      "a plain http URL",
      '"https://localhost:3000/functions.js"',
      '"http://localhost:3000/functions.js"',
      /^\[url\] not https/,
    ],
    [
      "a string without its French",
      '<bt:Override Locale="fr-FR" Value="Ouvrir OPS"/>',
      "",
      /^\[fr-FR\] string "TaskpaneButton.Label"/,
    ],
    [
      "the French metadata missing",
      '\n          <bt:Override Locale="fr-FR" Value="https://localhost:3000/functions-fr.json"/>',
      "",
      /^\[fr-FR\] the Metadata URL/,
    ],
    ["DisplayName without French", '<Override Locale="fr-FR" Value="OPS"/>', "", /^\[fr-FR\] <DisplayName>/],
    [
      "an icon of the wrong size",
      '<bt:Image size="80" resid="Icon.80x80"/>\n                </Icon>\n                <Control',
      '<bt:Image size="80" resid="Icon.32x32"/>\n                </Icon>\n                <Control',
      /^\[icon\] size 80: .*icon-32.png is 32x32/,
    ],
    [
      "an icon file that does not exist",
      "assets/icon-16.png",
      "assets/icon-17.png",
      /^\[icon\] size 16: .*icon-17.png is not a PNG/,
    ],
    ["no SharedRuntime requirement", '<Set Name="SharedRuntime" MinVersion="1.1"/>', "", /^\[requirements\]/],
    ["the button on another tab", '<OfficeTab id="TabHome">', '<OfficeTab id="TabData">', /^\[ribbon\]/],
  ];

  it.each(broken)("finds %s", (_name, from, to, expected) => {
    const problems = manifestProblems(variant(from, to), devChecks);
    expect(problems.some((p) => expected.test(p))).toBe(true);
  });

  it("catches mistakes the schema lets through", async () => {
    const samples = [broken[0], broken[3], broken[7]].map(([, from, to]) => variant(from, to));
    for (const xml of samples) {
      expect((await validateManifestXml(xml)).valid).toBe(true);
      expect(manifestProblems(xml, devChecks).length).toBeGreaterThan(0);
    }
  });

  it("reports XML that is not well-formed", () => {
    expect(manifestProblems(MANIFEST.replace("</OfficeApp>", ""), devChecks)[0]).toMatch(/^\[xml\]/);
  });
});

describe("icons", () => {
  it.each(icons.ICON_SIZES)("assets/icon-%i.png is a %i px square PNG", (size) => {
    expect(pngSize(join(PROJECT_ROOT, "assets", `icon-${size}.png`))).toEqual({ width: size, height: size });
  });

  it("covers 16, 32, 64, 80 and 128 px, plus a logo", () => {
    expect(icons.ICON_SIZES).toEqual([16, 32, 64, 80, 128]);
    expect(pngSize(join(PROJECT_ROOT, "assets", "logo-filled.png"))).toEqual({
      width: icons.LOGO_SIZE,
      height: icons.LOGO_SIZE,
    });
  });

  it("the committed PNGs are what scripts/make-icons.js draws today", () => {
    for (const size of icons.ICON_SIZES) {
      const fresh = icons.encodePng(size, size, icons.drawMark(size));
      expect(readFileSync(join(PROJECT_ROOT, "assets", `icon-${size}.png`)).equals(fresh)).toBe(true);
    }
  });

  it("the mark has ink and background: two colours at least, opaque in the middle", () => {
    const rgba = icons.drawMark(32);
    const colours = new Set<string>();
    for (let i = 0; i < rgba.length; i += 4) colours.add(`${rgba[i]},${rgba[i + 1]},${rgba[i + 2]}`);
    expect(colours.size).toBeGreaterThanOrEqual(2);
    expect(rgba[(16 * 32 + 16) * 4 + 3]).toBe(255);
    expect(rgba[3]).toBeLessThan(255); // rounded corner
  });
});

describe("production URLs", () => {
  it.each([
    ["https://ops.example.com", "https://ops.example.com/"],
    ["https://ops.example.com/", "https://ops.example.com/"],
    ["https://ops.example.com/addin", "https://ops.example.com/addin/"],
    ["https://ops.example.com/addin//", "https://ops.example.com/addin/"],
    [" https://OPS.Example.com:8443/a/b/ ", "https://ops.example.com:8443/a/b/"],
  ])("normalises %j to %j", (raw, expected) => {
    expect(normaliseBaseUrl(raw)).toBe(expected);
  });

  it.each([
    "",
    "ops.example.com",
    "http://ops.example.com/",
    "https://ops.example.com/?v=1",
    "https://ops.example.com/#x",
    "https://u:p@ops.example.com/",
  ])("refuses %j with a message naming OPS_BASE_URL", (raw) => {
    expect(() => normaliseBaseUrl(raw)).toThrow(/OPS_BASE_URL/);
  });

  it("rewrites every localhost URL, not only the first, and the result still passes every check", async () => {
    const count = MANIFEST.split(DEV_BASE_URL).length - 1;
    expect(count).toBeGreaterThan(1);
    const base = normaliseBaseUrl("https://ops.example.com/addin");
    const prod = rewriteDevUrls(MANIFEST, base);
    expect(prod).not.toContain("localhost");
    expect(prod.split(base).length - 1).toBe(count);
    expect(manifestProblems(prod, { origin: "https://ops.example.com", baseUrl: base })).toEqual([]);
    expect((await validateManifestXml(prod)).valid).toBe(true);
  });
});

describe("French outside France", () => {
  // Excel picks a locale override by exact tag: French Excel in Belgium, Canada, Switzerland or Luxembourg would
  // otherwise show the English names and ribbon.
  it("gives fr-BE, fr-CA, fr-CH and fr-LU the same text and French function metadata as fr-FR", () => {
    const overrides = [...MANIFEST.matchAll(/<(bt:)?Override Locale="fr-FR" Value="([^"]*)"\/>/g)];
    expect(overrides.length).toBeGreaterThanOrEqual(8);
    expect(overrides.some((m) => m[2].endsWith("/functions-fr.json"))).toBe(true);
    for (const m of overrides) {
      for (const loc of ["fr-BE", "fr-CA", "fr-CH", "fr-LU"]) {
        expect(MANIFEST).toContain(`<${m[1] ?? ""}Override Locale="${loc}" Value="${m[2]}"/>`);
      }
    }
  });
});
