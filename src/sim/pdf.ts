/**
 * A small PDF of the simulated workbook, for `Office.context.document.getFileAsync(Office.FileType.Pdf)` in the
 * browser preview (src/sim/host.ts installGlobals). Not Excel's rendering: each visible sheet's print area (else its
 * used range) as text lines, cells as the number format shows them, columns placed by their widths and scaled to the
 * page (A4 portrait, or landscape when the sheet's page layout says so), Helvetica in WinAnsi encoding, paginated.
 * It lets the preview's "Export as PDF" give a real, openable file.
 */
import { formatValue } from "./format";
import type { SimSheet, SimWorkbook } from "./model";

const A4 = { w: 595, h: 842 };
const MARGIN = 36;
const FONT = 8;
const LINE = 11;
const DEFAULT_WIDTH = 48;
const MAX_ROWS_PER_SHEET = 2000;

/** WinAnsi (cp1252) code of a character; characters outside it become "?". */
const CP1252_EXTRA: Record<string, number> = { "€": 0x80, "‚": 0x82, "„": 0x84, "…": 0x85, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97, "™": 0x99, "\u202f": 0x20, "\u00a0": 0x20 };
function winAnsi(ch: string): number {
  const extra = CP1252_EXTRA[ch];
  if (extra !== undefined) return extra;
  const c = ch.codePointAt(0) ?? 63;
  return c < 256 && !(c >= 0x80 && c < 0xa0) ? c : 63;
}

/** A PDF literal string: bytes as latin-1 characters, ( ) \ escaped. */
function pdfString(s: string): string {
  let out = "";
  for (const ch of s) {
    const b = winAnsi(ch);
    const c = String.fromCharCode(b);
    out += c === "(" || c === ")" || c === "\\" ? `\\${c}` : b < 32 ? " " : c;
  }
  return `(${out})`;
}

interface PageText {
  landscape: boolean;
  lines: { x: number; text: string }[][];
  title: string;
}

function sheetPages(s: SimSheet, date1904: boolean): PageText[] {
  const b = s.pageLayout.printArea ?? s.usedBounds(false);
  if (!b) return [];
  const landscape = s.pageLayout.orientation === "Landscape";
  const pageW = (landscape ? A4.h : A4.w) - 2 * MARGIN;
  const pageH = (landscape ? A4.w : A4.h) - 2 * MARGIN - 2 * LINE;
  const r1 = Math.min(b.r1, b.r0 + MAX_ROWS_PER_SHEET - 1);
  const widths: number[] = [];
  for (let c = b.c0; c <= b.c1; c++) widths.push(s.colWidths.get(c) ?? DEFAULT_WIDTH);
  const total = widths.reduce((n, w) => n + w, 0);
  const scale = total > pageW ? pageW / total : 1;
  const xs: number[] = [];
  let x = MARGIN;
  for (const w of widths) {
    xs.push(x);
    x += w * scale;
  }
  const values = s.readValues({ ...b, r1 });
  const perPage = Math.max(1, Math.floor(pageH / LINE));
  const pages: PageText[] = [];
  for (let r = 0; r < values.length; r += perPage) {
    const lines: { x: number; text: string }[][] = [];
    for (let i = r; i < Math.min(values.length, r + perPage); i++) {
      const cells: { x: number; text: string }[] = [];
      values[i].forEach((v, j) => {
        if (v === "" || v === undefined) return;
        const text = formatValue(v as number | string | boolean, s.numFmt(b.r0 + i, b.c0 + j), date1904);
        const room = Math.max(1, Math.floor(((j + 1 < widths.length ? widths[j] : pageW) * scale) / (FONT * 0.5)));
        cells.push({ x: xs[j], text: text.length > room && j + 1 < widths.length && values[i][j + 1] !== "" ? text.slice(0, room) : text });
      });
      lines.push(cells);
    }
    pages.push({ landscape, lines, title: s.name });
  }
  return pages;
}

/** The workbook's visible sheets as a PDF (bytes). */
export function simPdf(wb: SimWorkbook): Uint8Array {
  const pages: PageText[] = [];
  for (const s of wb.sheets) if (s.visibility === "Visible") pages.push(...sheetPages(s, wb.date1904));
  if (pages.length === 0) pages.push({ landscape: false, lines: [], title: "" });
  // Objects: 1 catalog, 2 pages, 3 font, then per page: page, content.
  const objects: string[] = [];
  const kids: string[] = [];
  pages.forEach((p, i) => {
    const pageObj = 4 + 2 * i;
    kids.push(`${pageObj} 0 R`);
    const w = p.landscape ? A4.h : A4.w;
    const h = p.landscape ? A4.w : A4.h;
    let content = `BT /F1 ${FONT} Tf ${MARGIN} ${h - MARGIN} Td ${pdfString(`${p.title} — ${i + 1}`)} Tj ET\n`;
    p.lines.forEach((cells, li) => {
      const y = h - MARGIN - 2 * LINE - li * LINE;
      for (const c of cells) content += `BT /F1 ${FONT} Tf ${c.x.toFixed(1)} ${y} Td ${pdfString(c.text)} Tj ET\n`;
    });
    objects[pageObj] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageObj + 1} 0 R >>`;
    objects[pageObj + 1] = `<< /Length ${content.length} >>\nstream\n${content}endstream`;
  });
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[2] = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${pages.length} >>`;
  objects[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  for (let i = 1; i < objects.length; i++) {
    offsets[i] = out.length;
    out += `${i} 0 obj\n${objects[i]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < objects.length; i++) out += `${String(offsets[i]).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every character is one byte (latin-1).
  const bytes = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = out.charCodeAt(i) & 0xff;
  return bytes;
}
