/**
 * The add-in's document settings in the .xlsx package, as Excel keeps them (ExcelJS drops them): a web extension part
 * xl/webextensions/webextension1.xml whose <we:properties> hold one <we:property name="key" value="JSON"/> per setting,
 * listed by xl/webextensions/taskpanes.xml, related from the package root (_rels/.rels) and typed in
 * [Content_Types].xml. Written when the workbook has settings (OPS's owned sheets, role overrides, market choices...),
 * read back on load, so that what OPS remembers survives a save, as in Excel.
 */
import type JSZip from "jszip";

/** The add-in's id (manifest.xml <Id>): the web extension part refers to it. */
export const ADDIN_ID = "9480d138-f4c0-47c1-9e89-0b7ac4ea19a3";
const WE = "xl/webextensions/webextension1.xml";
const TP = "xl/webextensions/taskpanes.xml";
const NS_WE = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11";
const NS_WETP = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes";
const REL_WE = "http://schemas.microsoft.com/office/2011/relationships/webextension";
const CT_WE = "application/vnd.ms-office.webextension+xml";
const CT_TP = "application/vnd.ms-office.webextensiontaskpanes+xml";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const unesc = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export async function writeSettingsPart(zip: JSZip, settings: ReadonlyMap<string, string>): Promise<void> {
  if (settings.size === 0 || zip.file(WE)) return;
  const props = [...settings].map(([k, v]) => `<we:property name="${esc(k)}" value="${esc(v)}"/>`).join("");
  zip.file(
    WE,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<we:webextension xmlns:we="${NS_WE}" id="{${ADDIN_ID.toUpperCase()}}"><we:reference id="${ADDIN_ID}" version="1.0.0.0" store="developer" storeType="Registry"/><we:alternateReferences/><we:properties>${props}</we:properties><we:bindings/><we:snapshot xmlns:r="${NS_R}"/></we:webextension>`,
  );
  zip.file(
    TP,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<wetp:taskpanes xmlns:wetp="${NS_WETP}"><wetp:taskpane dockstate="right" visibility="0" width="350" row="1"><wetp:webextensionref xmlns:r="${NS_R}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>`,
  );
  zip.file("xl/webextensions/_rels/taskpanes.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_WE}" Target="webextension1.xml"/></Relationships>`);
  const rootRels = (await zip.file("_rels/.rels")?.async("string")) ?? "";
  if (rootRels && !rootRels.includes(REL_TASKPANES)) {
    let n = 1;
    while (rootRels.includes(`Id="rId${n}"`)) n++;
    zip.file("_rels/.rels", rootRels.replace("</Relationships>", `<Relationship Id="rId${n}" Type="${REL_TASKPANES}" Target="xl/webextensions/taskpanes.xml"/></Relationships>`));
  }
  const ct = (await zip.file("[Content_Types].xml")?.async("string")) ?? "";
  if (ct && !ct.includes(CT_WE)) {
    zip.file("[Content_Types].xml", ct.replace("</Types>", `<Override PartName="/${WE}" ContentType="${CT_WE}"/><Override PartName="/${TP}" ContentType="${CT_TP}"/></Types>`));
  }
}

/** The settings of the package's web extension parts that belong to OPS (any of them when none names OPS's id). */
export async function readSettingsPart(zip: JSZip): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const parts = Object.keys(zip.files).filter((f) => /^xl\/webextensions\/webextension\d+\.xml$/.test(f));
  for (const p of parts) {
    const xml = (await zip.file(p)?.async("string")) ?? "";
    const ref = /<we:reference\b[^>]*\bid="([^"]*)"/.exec(xml)?.[1];
    if (ref && ref.toLowerCase() !== ADDIN_ID && parts.length > 1) continue;
    for (const m of xml.matchAll(/<we:property\b[^>]*\bname="([^"]*)"[^>]*\bvalue="([^"]*)"/g)) out.set(unesc(m[1]), unesc(m[2]));
  }
  return out;
}
