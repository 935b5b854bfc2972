/**
 * .xlsx in and out of the simulated workbook, through ExcelJS (its browser build in the preview), plus a little
 * direct reading/patching of the package with JSZip for what ExcelJS does not carry: pivot table locations and table
 * header-row counts on load; defined names of any kind and internal hyperlinks (a `location`, no relationship) on save.
 */
import { readSettingsPart, writeSettingsPart } from "./xlsx-settings";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { readChartParts, writeChartParts } from "./xlsx-charts";
import { boundsAddress, cellAddress, parseBounds, qualifiedAddress, quoteSheetName, splitSheet, type Bounds } from "./address";
import { SimErrorValue, type Stored } from "./cells";
import { SimConditionalFormat, SimName, SimTable, SimWorkbook, type CellExtra, type CellStyle, type SimSheet, type Visibility } from "./model";

type AnyRec = Record<string, any>;

function toBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** Excel serial of a JS Date as ExcelJS produced it from a serial (inverse of ExcelJS's excelToDate). */
function dateToSerial(d: Date, date1904: boolean): number {
  const serial = 25569 + d.getTime() / 86400000 - (date1904 ? 1462 : 0);
  return Math.round(serial * 86400000) / 86400000;
}

function argbToHex(c: unknown): string | undefined {
  const argb = (c as AnyRec | undefined)?.argb;
  if (typeof argb !== "string" || argb.length < 6) return undefined;
  return "#" + argb.slice(-6).toUpperCase();
}

function hexToArgb(hex: string): string {
  return "FF" + hex.replace("#", "").toUpperCase();
}

function xmlUnescape(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? xmlUnescape(m[1]) : undefined;
}

function resolvePath(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const p of target.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}

function relsOf(path: string): string {
  const i = path.lastIndexOf("/");
  return `${path.slice(0, i)}/_rels/${path.slice(i + 1)}.rels`;
}

function parseRels(xml: string | undefined): { id: string; type: string; target: string }[] {
  if (!xml) return [];
  return [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => ({ id: attr(m[0], "Id") ?? "", type: attr(m[0], "Type") ?? "", target: attr(m[0], "Target") ?? "" }));
}

interface PackageInfo {
  /** sheet name -> pivot tables on it */
  pivots: Map<string, { name: string; ref: string }[]>;
  /** table name (lower case) -> header and totals row counts */
  tables: Map<string, { headerRows: number; totalsRows: number }>;
  /** sheet name -> internal hyperlinks (cell -> location) */
  internalLinks: Map<string, Map<string, { location: string; tooltip?: string }>>;
  /** xl/workbook.xml, for the defined names. */
  workbookXml: string;
  /** The add-in's document settings (web extension part). */
  settings?: Map<string, string>;
}

async function readPackage(bytes: Uint8Array): Promise<PackageInfo> {
  const zip = await JSZip.loadAsync(bytes);
  const text = async (p: string) => zip.file(p)?.async("string");
  const wbXml = (await text("xl/workbook.xml")) ?? "";
  const info: PackageInfo = { pivots: new Map(), tables: new Map(), internalLinks: new Map(), workbookXml: wbXml, settings: await readSettingsPart(zip) };
  const wbRels = parseRels(await text("xl/_rels/workbook.xml.rels"));
  for (const m of wbXml.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attr(m[0], "name");
    const rid = attr(m[0], "r:id");
    const rel = wbRels.find((r) => r.id === rid);
    if (!name || !rel) continue;
    const sheetPath = resolvePath("xl/workbook.xml", rel.target);
    const sheetRels = parseRels(await text(relsOf(sheetPath)));
    for (const r of sheetRels.filter((x) => /\/pivotTable$/.test(x.type))) {
      const px = await text(resolvePath(sheetPath, r.target));
      if (!px) continue;
      const def = /<pivotTableDefinition\b[^>]*>/.exec(px)?.[0] ?? "";
      const loc = /<location\b[^>]*>/.exec(px)?.[0] ?? "";
      const ref = attr(loc, "ref");
      if (!ref) continue;
      const list = info.pivots.get(name) ?? [];
      list.push({ name: attr(def, "name") ?? `PivotTable${list.length + 1}`, ref });
      info.pivots.set(name, list);
    }
    // hyperlinks that point inside the workbook carry only a location (ExcelJS drops them)
    const sx = await text(sheetPath);
    if (sx && sx.includes("<hyperlink")) {
      for (const h of sx.matchAll(/<hyperlink\b[^>]*>/g)) {
        const location = attr(h[0], "location");
        const ref = attr(h[0], "ref");
        if (location && ref && !attr(h[0], "r:id")) {
          const links = info.internalLinks.get(name) ?? new Map();
          links.set(ref, { location, tooltip: attr(h[0], "tooltip") });
          info.internalLinks.set(name, links);
        }
      }
    }
  }
  for (const p of Object.keys(zip.files).filter((f) => /^xl\/tables\/[^/]+\.xml$/.test(f))) {
    const tx = (await text(p)) ?? "";
    const tag = /<table\b[^>]*>/.exec(tx)?.[0] ?? "";
    const name = attr(tag, "name") ?? attr(tag, "displayName");
    if (!name) continue;
    info.tables.set(name.toLowerCase(), { headerRows: Number(attr(tag, "headerRowCount") ?? "1"), totalsRows: Number(attr(tag, "totalsRowCount") ?? "0") });
  }
  return info;
}

function styleFrom(cell: AnyRec): CellStyle | undefined {
  const st: CellStyle = {};
  const font = cell.font as AnyRec | undefined;
  if (font) {
    if (font.bold) st.bold = true;
    if (font.italic) st.italic = true;
    if (font.strike) st.strikethrough = true;
    if (font.underline) st.underline = font.underline === "double" ? "Double" : "Single";
    const color = argbToHex(font.color);
    if (color && color !== "#000000") st.fontColor = color;
  }
  const fill = cell.fill as AnyRec | undefined;
  if (fill && fill.type === "pattern" && fill.pattern === "solid") {
    const c = argbToHex(fill.fgColor);
    if (c) st.fill = c;
  }
  const al = cell.alignment as AnyRec | undefined;
  if (al) {
    if (al.wrapText) st.wrap = true;
    if (al.horizontal) st.hAlign = al.horizontal[0].toUpperCase() + al.horizontal.slice(1);
    if (al.vertical) st.vAlign = al.vertical === "middle" ? "Center" : al.vertical[0].toUpperCase() + al.vertical.slice(1);
    if (al.indent) st.indent = al.indent;
  }
  return Object.keys(st).length ? st : undefined;
}

function storedOf(v: unknown, date1904: boolean): Stored | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "string") return v === "" ? undefined : v;
  if (v instanceof Date) return dateToSerial(v, date1904);
  const o = v as AnyRec;
  if (typeof o.error === "string") return SimErrorValue.of(o.error);
  if (Array.isArray(o.richText)) return o.richText.map((x: AnyRec) => x.text ?? "").join("");
  if (typeof o.text === "string") return o.text;
  return undefined;
}

/** Reads an .xlsx (bytes) into a simulated workbook. */
export async function loadXlsx(data: ArrayBuffer | Uint8Array): Promise<SimWorkbook> {
  const bytes = toBytes(data);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const pkg = await readPackage(bytes);
  const wb = new SimWorkbook();
  for (const [k, v] of pkg.settings ?? []) wb.settings.set(k, v);
  const date1904 = Boolean((book.properties as AnyRec | undefined)?.date1904);
  wb.date1904 = date1904;
  const sheetById = new Map<number, SimSheet>();
  book.eachSheet((ws: AnyRec) => {
    const s = wb.addSheet(ws.name, "loadXlsx");
    sheetById.set(ws.id, s);
    s.visibility = ({ hidden: "Hidden", veryHidden: "VeryHidden" } as Record<string, Visibility>)[ws.state] ?? "Visible";
    if (ws.sheetProtection?.sheet) s.protected = true;
    const view = (ws.views ?? [])[0] as AnyRec | undefined;
    if (view?.state === "frozen") {
      s.freezeRows = view.ySplit ?? 0;
      s.freezeCols = view.xSplit ?? 0;
    }
    if (view && view.showGridLines === false) s.showGridlines = false;
    readPageSetup(s, ws);
    const tab = argbToHex(ws.properties?.tabColor);
    if (tab) s.tabColor = tab;
    (ws.columns ?? []).forEach((col: AnyRec, i: number) => {
      if (col && typeof col.width === "number") s.colWidths.set(i, Math.round((col.width * 7 + 5) * 0.75 * 100) / 100);
    });
    ws.eachRow({ includeEmpty: false }, (row: AnyRec, rn: number) => {
      if (row.height && row.customHeight) s.rowHeights.set(rn - 1, row.height);
      row.eachCell({ includeEmpty: true }, (cell: AnyRec, cn: number) => {
        const r = rn - 1,
          c = cn - 1;
        const v = cell.value;
        const extra: CellExtra = {};
        if (v !== null && typeof v === "object" && !(v instanceof Date) && ("formula" in v || "sharedFormula" in v)) {
          const f = cell.formula ?? (v as AnyRec).formula;
          if (typeof f === "string" && f !== "") extra.formula = "=" + f;
          const res = storedOf((v as AnyRec).result, date1904);
          s.put(r, c, res === undefined && extra.formula ? "" : res);
        } else {
          s.put(r, c, storedOf(v, date1904));
          if (v && typeof v === "object" && typeof (v as AnyRec).hyperlink === "string") {
            const target = (v as AnyRec).hyperlink as string;
            extra.hyperlink = /^[a-z][a-z0-9+.-]*:/i.test(target) ? { address: target } : { documentReference: target.replace(/^#/, "") };
            if ((v as AnyRec).tooltip) extra.hyperlink.screenTip = (v as AnyRec).tooltip;
          }
        }
        const fmt = cell.numFmt;
        if (typeof fmt === "string" && fmt !== "" && fmt !== "General") extra.numFmt = fmt;
        const st = styleFrom(cell);
        if (st) extra.style = st;
        if (extra.formula || extra.numFmt || extra.style || extra.hyperlink) Object.assign(s.extraFor(r, c), extra);
      });
    });
    for (const m of Object.values((ws._merges ?? {}) as Record<string, AnyRec>)) {
      const mm = m.model ?? m;
      if (mm && typeof mm.top === "number") s.merges.push({ r0: mm.top - 1, c0: mm.left - 1, r1: mm.bottom - 1, c1: mm.right - 1 });
    }
    for (const t of Object.values((ws.tables ?? {}) as Record<string, AnyRec>)) {
      const m = (t.table ?? t.model ?? t) as AnyRec;
      const ref = m.tableRef ?? m.ref;
      const b = typeof ref === "string" ? parseBounds(ref) : null;
      if (!b || !m.name) continue;
      const counts = pkg.tables.get(String(m.name).toLowerCase());
      const table = new SimTable(wb.nextId("T"), m.name, s, b);
      table.showHeaders = (counts?.headerRows ?? 1) > 0;
      table.showTotals = (counts?.totalsRows ?? 0) > 0;
      if (m.style?.theme) table.style = m.style.theme;
      table.showBandedRows = Boolean(m.style?.showRowStripes);
      table.showBandedColumns = Boolean(m.style?.showColumnStripes);
      table.showFirstColumn = Boolean(m.style?.showFirstColumn);
      table.showLastColumn = Boolean(m.style?.showLastColumn);
      wb.tables.push(table);
    }
    for (const cf of (ws.conditionalFormattings ?? []) as AnyRec[]) {
      const ranges = String(cf.ref ?? "")
        .split(/\s+/)
        .map((x) => parseBounds(x))
        .filter((x): x is Bounds => x !== null);
      if (!ranges.length) continue;
      for (const rule of (cf.rules ?? []) as AnyRec[]) {
        const sim = new SimConditionalFormat(wb.nextId("CF"), s, ranges.map((x) => ({ ...x })));
        sim.priority = Math.max(0, (rule.priority ?? 1) - 1);
        sim.stopIfTrue = Boolean(rule.stopIfTrue);
        if (rule.type === "expression") {
          sim.formula = "=" + String((rule.formulae ?? [""])[0] ?? "");
          sim.fill = argbToHex(rule.style?.fill?.bgColor) ?? argbToHex(rule.style?.fill?.fgColor) ?? null;
          sim.fontColor = argbToHex(rule.style?.font?.color) ?? null;
          sim.bold = rule.style?.font?.bold ?? null;
          sim.italic = rule.style?.font?.italic ?? null;
          sim.numberFormat = rule.style?.numFmt?.formatCode ?? null;
        } else {
          sim.type = ({ cellIs: "CellValue", dataBar: "DataBar", colorScale: "ColorScale", iconSet: "IconSet", top10: "TopBottom", containsText: "ContainsText" } as Record<string, string>)[rule.type] ?? "PresetCriteria";
          sim.raw = rule;
        }
        s.conditionalFormats.push(sim);
      }
    }
    const pivots = pkg.pivots.get(ws.name) ?? [];
    for (const p of pivots) {
      const b = parseBounds(p.ref);
      if (b) s.pivots.push({ name: p.name, bounds: b });
    }
    for (const [ref, link] of pkg.internalLinks.get(ws.name) ?? []) {
      const b = parseBounds(ref);
      if (!b) continue;
      for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) s.extraFor(r, c).hyperlink = { documentReference: link.location, screenTip: link.tooltip };
    }
  });
  // defined names come from the package: ExcelJS keeps only ranges, and loses their scope
  for (const m of pkg.workbookXml.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g)) {
    const name = attr(m[0], "name");
    const local = attr(m[0], "localSheetId");
    if (name && /^_xlnm\.Print_Area$/i.test(name) && local !== undefined) {
      // One print area per sheet (a multi-area print area is not kept).
      const { local: addr } = splitSheet(xmlUnescape(m[2]));
      const b = parseBounds(addr.replace(/\$/g, ""));
      const sh = wb.sheets[Number(local)];
      if (b && sh) sh.pageLayout.printArea = b;
      continue;
    }
    if (!name || /^_xlnm\./i.test(name)) continue;
    const n = new SimName(name, "=" + xmlUnescape(m[2]), local !== undefined ? wb.sheets[Number(local)] : undefined);
    if (attr(m[0], "hidden") === "1" || /^_xl/i.test(name)) n.visible = false;
    const comment = attr(m[0], "comment");
    if (comment) n.comment = comment;
    wb.names.push(n);
  }
  const active = ((book as AnyRec).views ?? [])[0]?.activeTab;
  wb.activeSheet = (typeof active === "number" ? wb.sheets[active] : undefined) ?? wb.sheets.find((s) => s.visibility === "Visible");
  if (wb.sheets.length === 0) wb.addSheet("Sheet1");
  // charts: kept raw and exposed through worksheet.charts (./xlsx-charts.ts)
  await readChartParts(await JSZip.loadAsync(bytes), wb);
  return wb;
}

// ---------------------------------------------------------------------------------------------------------------

function cellValueFor(s: SimSheet, r: number, c: number): unknown {
  const v = s.get(r, c);
  const e = s.extra(r, c);
  const plain = v === undefined ? null : v instanceof SimErrorValue ? { error: v.code } : v;
  if (e?.formula) {
    const result = v === undefined || v === "" ? undefined : v instanceof SimErrorValue ? { error: v.code } : v;
    return { formula: e.formula.replace(/^=/, ""), result };
  }
  if (e?.hyperlink && (e.hyperlink.address || e.hyperlink.documentReference)) {
    const target = e.hyperlink.address ?? internalTarget(e.hyperlink.documentReference!);
    return { text: plain === null ? target : String(plain), hyperlink: target, tooltip: e.hyperlink.screenTip };
  }
  return plain;
}

/** "#'My sheet'!$A$12" -> "'My sheet'!A12" (the form ExcelJS writes as an internal `location`). */
function internalTarget(ref: string): string {
  const { sheet, local } = splitSheet(ref.replace(/^#/, ""));
  const b = parseBounds(local.replace(/\$/g, ""));
  const cell = b ? cellAddress(b.r0, b.c0) : local.replace(/\$/g, "");
  return sheet !== undefined ? `${quoteSheetName(sheet)}!${cell}` : cell;
}

function applyStyle(cell: AnyRec, st: CellStyle): void {
  const font: AnyRec = {};
  if (st.bold) font.bold = true;
  if (st.italic) font.italic = true;
  if (st.strikethrough) font.strike = true;
  if (st.underline && st.underline !== "None") font.underline = st.underline === "Double" ? "double" : true;
  if (st.fontColor) font.color = { argb: hexToArgb(st.fontColor) };
  if (st.fontSize) font.size = st.fontSize;
  if (st.fontName) font.name = st.fontName;
  if (Object.keys(font).length) cell.font = font;
  if (st.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: hexToArgb(st.fill) } };
  const al: AnyRec = {};
  if (st.wrap) al.wrapText = true;
  if (st.hAlign && st.hAlign !== "General") al.horizontal = st.hAlign[0].toLowerCase() + st.hAlign.slice(1);
  if (st.vAlign) al.vertical = st.vAlign === "Center" ? "middle" : st.vAlign.toLowerCase();
  if (st.indent) al.indent = st.indent;
  if (Object.keys(al).length) cell.alignment = al;
  if (st.borders) {
    const map: Record<string, string> = { EdgeTop: "top", EdgeBottom: "bottom", EdgeLeft: "left", EdgeRight: "right" };
    const border: AnyRec = {};
    for (const [side, b] of Object.entries(st.borders)) {
      if (!map[side] || !b.style || b.style === "None") continue;
      const weight = b.weight === "Thick" ? "thick" : b.weight === "Medium" ? "medium" : b.weight === "Hairline" ? "hair" : "thin";
      border[map[side]] = { style: b.style === "Dash" ? "dashed" : b.style === "Dot" ? "dotted" : b.style === "Double" ? "double" : weight, color: b.color ? { argb: hexToArgb(b.color) } : undefined };
    }
    if (Object.keys(border).length) cell.border = border;
  }
}

/** Writes the simulated workbook as .xlsx bytes. */
export async function saveXlsx(wb: SimWorkbook): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  (book.properties as AnyRec).date1904 = wb.date1904;
  for (const s of wb.sheets) {
    const views: AnyRec[] = [{ state: s.freezeRows || s.freezeCols ? "frozen" : "normal", xSplit: s.freezeCols || undefined, ySplit: s.freezeRows || undefined, showGridLines: s.showGridlines }];
    const ws = book.addWorksheet(s.name, {
      state: ({ Hidden: "hidden", VeryHidden: "veryHidden" } as Record<string, string>)[s.visibility] ?? "visible",
      views,
      properties: s.tabColor ? { tabColor: { argb: hexToArgb(s.tabColor) } } : undefined,
      ...pageSetupFor(s),
    } as AnyRec) as AnyRec;
    for (const [c, w] of s.colWidths) ws.getColumn(c + 1).width = Math.max(0, Math.round(((w / 0.75 - 5) / 7) * 100) / 100);
    for (const [r, h] of s.rowHeights) ws.getRow(r + 1).height = h;
    const written = new Set<number>();
    for (let c = 0; c < s.cols.length; c++) {
      const col = s.cols[c];
      if (!col) continue;
      for (let r = 0; r < col.length; r++) {
        if (col[r] === undefined && !s.extra(r, c)) continue;
        writeCell(ws, s, r, c);
        written.add(r * 16384 + c);
      }
    }
    for (const k of s.extras.keys()) {
      if (written.has(k)) continue;
      const r = Math.floor(k / 16384);
      writeCell(ws, s, r, k - r * 16384);
    }
    for (const m of s.merges) ws.mergeCells(m.r0 + 1, m.c0 + 1, m.r1 + 1, m.c1 + 1);
    for (const t of wb.tables.filter((x) => x.sheet === s)) {
      const names = t.columnNames();
      const body = t.bodyBounds;
      const rows: unknown[][] = [];
      for (let r = body.r0; r <= body.r1; r++) {
        const row: unknown[] = [];
        for (let c = t.bounds.c0; c <= t.bounds.c1; c++) row.push(cellValueFor(s, r, c));
        rows.push(row);
      }
      ws.addTable({
        name: t.name,
        displayName: t.name,
        ref: cellAddress(t.bounds.r0, t.bounds.c0),
        headerRow: t.showHeaders,
        totalsRow: false,
        style: { theme: t.style || undefined, showRowStripes: t.showBandedRows, showColumnStripes: t.showBandedColumns, showFirstColumn: t.showFirstColumn, showLastColumn: t.showLastColumn },
        columns: names.map((name) => ({ name, filterButton: t.showFilterButton })),
        rows,
      });
    }
    const cfs = [...s.conditionalFormats].sort((a, b) => a.priority - b.priority);
    for (const cf of cfs) {
      const ref = cf.ranges.map((b) => boundsAddress(b)).join(" ");
      if (cf.raw) {
        ws.addConditionalFormatting({ ref, rules: [{ ...(cf.raw as AnyRec), priority: cf.priority + 1 }] });
        continue;
      }
      const style: AnyRec = {};
      if (cf.fill) style.fill = { type: "pattern", pattern: "solid", bgColor: { argb: hexToArgb(cf.fill) } };
      const font: AnyRec = {};
      if (cf.fontColor) font.color = { argb: hexToArgb(cf.fontColor) };
      if (cf.bold !== null) font.bold = cf.bold;
      if (cf.italic !== null) font.italic = cf.italic;
      if (cf.strikethrough !== null) font.strike = cf.strikethrough;
      if (Object.keys(font).length) style.font = font;
      if (cf.numberFormat) style.numFmt = { id: 0, formatCode: cf.numberFormat };
      ws.addConditionalFormatting({ ref, rules: [{ type: "expression", formulae: [cf.formula.replace(/^=/, "")], style, priority: cf.priority + 1, stopIfTrue: cf.stopIfTrue || undefined }] });
    }
    if (s.protected) await ws.protect("", {});
  }
  const active = wb.activeSheet ? wb.sheets.indexOf(wb.activeSheet) : 0;
  (book as AnyRec).views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: Math.max(0, active), visibility: "visible" }];
  const buf = (await book.xlsx.writeBuffer()) as ArrayBuffer | Uint8Array;
  return patchPackage(toBytes(buf), wb);
}

/** The page setup ExcelJS read (paper, orientation, fit to pages, centring, headers / footers) into the sheet's pageLayout. */
function readPageSetup(s: SimSheet, ws: AnyRec): void {
  const ps = ws.pageSetup as AnyRec | undefined;
  const p = s.pageLayout;
  if (ps) {
    const paper = Object.entries(PAPER_CODES).find(([, code]) => code === ps.paperSize)?.[0];
    if (paper) p.paperSize = paper;
    if (ps.orientation === "landscape" || ps.orientation === "portrait") p.orientation = ps.orientation === "landscape" ? "Landscape" : "Portrait";
    if (ps.fitToPage) p.zoom = { horizontalFitToPages: ps.fitToWidth ?? 1, verticalFitToPages: ps.fitToHeight ?? 1 };
    if (ps.horizontalCentered) p.centerHorizontally = true;
  }
  const hf = ws.headerFooter as AnyRec | undefined;
  const split = (text: unknown, kind: "Header" | "Footer") => {
    if (typeof text !== "string" || !text) return;
    for (const m of text.matchAll(/&([LCR])((?:[^&]|&[^LCR])*)/g)) {
      const side = m[1] === "L" ? "left" : m[1] === "C" ? "center" : "right";
      p.headersFooters[`${side}${kind}` as keyof SimSheet["pageLayout"]["headersFooters"]] = m[2];
    }
  };
  split(hf?.oddHeader, "Header");
  split(hf?.oddFooter, "Footer");
}

/** SpreadsheetML paper size codes of the Excel.PaperType values OPS may set. */
const PAPER_CODES: Record<string, number> = { Letter: 1, Legal: 5, A3: 8, A4: 9, A5: 11 };

/** A sheet's page layout as ExcelJS's pageSetup / headerFooter (written as <pageSetup>, <printOptions>, <headerFooter>, <pageSetUpPr fitToPage>). */
function pageSetupFor(s: SimSheet): AnyRec {
  const p = s.pageLayout;
  const out: AnyRec = {};
  const setup: AnyRec = {};
  if (p.paperSize && PAPER_CODES[p.paperSize]) setup.paperSize = PAPER_CODES[p.paperSize];
  if (p.orientation) setup.orientation = p.orientation === "Landscape" ? "landscape" : "portrait";
  if (p.zoom?.horizontalFitToPages !== undefined || p.zoom?.verticalFitToPages !== undefined) {
    setup.fitToPage = true;
    setup.fitToWidth = p.zoom.horizontalFitToPages ?? 0;
    setup.fitToHeight = p.zoom.verticalFitToPages ?? 0;
  } else if (p.zoom?.scale !== undefined) setup.scale = p.zoom.scale;
  if (p.centerHorizontally) setup.horizontalCentered = true;
  if (p.printGridlines) setup.showGridLines = true;
  if (Object.keys(setup).length) out.pageSetup = setup;
  const hf = p.headersFooters;
  const section = (l?: string, c?: string, r?: string) => (l ? `&L${l}` : "") + (c ? `&C${c}` : "") + (r ? `&R${r}` : "");
  const header = section(hf.leftHeader, hf.centerHeader, hf.rightHeader);
  const footer = section(hf.leftFooter, hf.centerFooter, hf.rightFooter);
  if (header || footer) out.headerFooter = { ...(header ? { oddHeader: header } : {}), ...(footer ? { oddFooter: footer } : {}) };
  return out;
}

function writeCell(ws: AnyRec, s: SimSheet, r: number, c: number): void {
  const cell = ws.getCell(r + 1, c + 1);
  const v = cellValueFor(s, r, c);
  if (v !== null) cell.value = v;
  const e = s.extra(r, c);
  if (e?.numFmt) cell.numFmt = e.numFmt;
  if (e?.style) applyStyle(cell, e.style);
}

/** Defined names (all kinds, with scope) and internal hyperlinks without an external relationship. */
async function patchPackage(bytes: Uint8Array, wb: SimWorkbook): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const wbPath = "xl/workbook.xml";
  let wbXml = (await zip.file(wbPath)?.async("string")) ?? "";
  let names = wb.names
    .map((n) => {
      const local = n.scope ? ` localSheetId="${wb.sheets.indexOf(n.scope)}"` : "";
      const hidden = n.visible ? "" : ` hidden="1"`;
      const comment = n.comment ? ` comment="${xmlEscape(n.comment)}"` : "";
      return `<definedName name="${xmlEscape(n.name)}"${local}${hidden}${comment}>${xmlEscape(n.formula.replace(/^=/, ""))}</definedName>`;
    })
    .join("");
  // Print areas: the sheet-scoped _xlnm.Print_Area name Excel writes for worksheet.pageLayout.setPrintArea.
  const printAreas = wb.sheets
    .map((sh, i) => (sh.pageLayout.printArea ? `<definedName name="_xlnm.Print_Area" localSheetId="${i}">${xmlEscape(qualifiedAddress(sh.name, sh.pageLayout.printArea, true))}</definedName>` : ""))
    .join("");
  names += printAreas;
  wbXml = wbXml.replace(/<definedNames>[\s\S]*?<\/definedNames>|<definedNames\/>/, "");
  if (names) wbXml = wbXml.replace("</sheets>", `</sheets><definedNames>${names}</definedNames>`);
  zip.file(wbPath, wbXml);
  // ExcelJS gives internal links an external relationship too; Excel would then open them as files
  for (const p of Object.keys(zip.files).filter((f) => /^xl\/worksheets\/[^/]+\.xml$/.test(f))) {
    let sx = (await zip.file(p)?.async("string")) ?? "";
    if (!sx.includes("location=")) continue;
    const relPath = relsOf(p);
    let rels = (await zip.file(relPath)?.async("string")) ?? "";
    // One pass over the links, one over the relationships (85,000 links made this quadratic: minutes per save).
    const drop = new Set<string>();
    sx = sx.replace(/<hyperlink\b[^>]*location="[^"]*"[^>]*\/>/g, (tag) => {
      const rid = attr(tag, "r:id");
      if (rid) drop.add(rid);
      return tag.replace(/\sr:id="[^"]*"/, "");
    });
    if (drop.size > 0) rels = rels.replace(/<Relationship\b[^>]*\/>/g, (tag) => (drop.has(attr(tag, "Id") ?? "") ? "" : tag));
    zip.file(p, sx);
    if (rels) zip.file(relPath, rels);
  }
  await writeChartParts(zip, wb);
  await writeSettingsPart(zip, wb.settings);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

export type { SimWorkbook };
