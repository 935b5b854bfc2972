/**
 * A1 addresses for the simulated host: parsing "A1", "$B$2:C9", "A:C", "3:5", "'My sheet'!A1:B2" and formatting them
 * back the way Excel's `Range.address` does ("Sheet1!A1:B2", "'OPS Policy'!A1"). Rows and columns are 0-based here.
 */

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

export interface Bounds {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export function columnLetters(c: number): string {
  let n = c + 1;
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.toUpperCase().charCodeAt(i) - 64);
  return n - 1;
}

/** "A1" for (0,0). */
export function cellAddress(r: number, c: number, absolute = false): string {
  return absolute ? `$${columnLetters(c)}$${r + 1}` : `${columnLetters(c)}${r + 1}`;
}

/** Address of bounds without sheet, Excel style: whole columns "A:C", whole rows "3:5", a cell "B2", else "A1:C9". */
export function boundsAddress(b: Bounds, absolute = false): string {
  const d = absolute ? "$" : "";
  const wholeCols = b.r0 === 0 && b.r1 === MAX_ROWS - 1;
  const wholeRows = b.c0 === 0 && b.c1 === MAX_COLS - 1;
  if (wholeCols && !wholeRows) return `${d}${columnLetters(b.c0)}:${d}${columnLetters(b.c1)}`;
  if (wholeRows) return `${d}${b.r0 + 1}:${d}${b.r1 + 1}`;
  if (b.r0 === b.r1 && b.c0 === b.c1) return cellAddress(b.r0, b.c0, absolute);
  return `${cellAddress(b.r0, b.c0, absolute)}:${cellAddress(b.r1, b.c1, absolute)}`;
}

const CELL_LIKE = /^[A-Za-z]{1,3}\d+$/;
const R1C1_LIKE = /^[Rr]\d*[Cc]\d*$/;

/** Sheet name as Excel writes it in an address: quoted when it is not a plain identifier. */
export function quoteSheetName(name: string): string {
  if (/^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\u00C0-\uFFFF]*$/.test(name) && !CELL_LIKE.test(name) && !R1C1_LIKE.test(name)) return name;
  return `'${name.replace(/'/g, "''")}'`;
}

export function qualifiedAddress(sheet: string, b: Bounds, absolute = false): string {
  return `${quoteSheetName(sheet)}!${boundsAddress(b, absolute)}`;
}

/** Splits "'My sheet'!A1:B2" into sheet and local address; sheet is undefined when absent. */
export function splitSheet(address: string): { sheet?: string; local: string } {
  const s = address.trim();
  const bang = s.lastIndexOf("!");
  if (bang < 0) return { local: s };
  let sheet = s.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, local: s.slice(bang + 1) };
}

const PART = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

function parsePart(p: string): { r?: number; c?: number } | null {
  const m = PART.exec(p.trim());
  if (!m || (!m[1] && !m[2])) return null;
  const c = m[1] ? columnIndex(m[1]) : undefined;
  const r = m[2] ? Number(m[2]) - 1 : undefined;
  if (c !== undefined && (c < 0 || c >= MAX_COLS)) return null;
  if (r !== undefined && (r < 0 || r >= MAX_ROWS)) return null;
  return { r, c };
}

/** Parses a local A1 address ("B2", "A1:C9", "A:C", "3:5"); null when it is not one. */
export function parseBounds(local: string): Bounds | null {
  const parts = local.split(":");
  if (parts.length > 2 || parts.length === 0) return null;
  const a = parsePart(parts[0]);
  const b = parts.length === 2 ? parsePart(parts[1]) : a;
  if (!a || !b) return null;
  // both must be the same kind: cells, whole columns or whole rows
  const kindA = a.r !== undefined && a.c !== undefined ? "cell" : a.c !== undefined ? "col" : "row";
  const kindB = b.r !== undefined && b.c !== undefined ? "cell" : b.c !== undefined ? "col" : "row";
  if (kindA !== kindB) return null;
  if (parts.length === 1 && kindA !== "cell") return null;
  let r0: number, r1: number, c0: number, c1: number;
  if (kindA === "col") {
    r0 = 0;
    r1 = MAX_ROWS - 1;
    c0 = Math.min(a.c!, b.c!);
    c1 = Math.max(a.c!, b.c!);
  } else if (kindA === "row") {
    c0 = 0;
    c1 = MAX_COLS - 1;
    r0 = Math.min(a.r!, b.r!);
    r1 = Math.max(a.r!, b.r!);
  } else {
    r0 = Math.min(a.r!, b.r!);
    r1 = Math.max(a.r!, b.r!);
    c0 = Math.min(a.c!, b.c!);
    c1 = Math.max(a.c!, b.c!);
  }
  return { r0, c0, r1, c1 };
}

export function cellCount(b: Bounds): number {
  return (b.r1 - b.r0 + 1) * (b.c1 - b.c0 + 1);
}

export function intersects(a: Bounds, b: Bounds): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

export function intersection(a: Bounds, b: Bounds): Bounds | null {
  if (!intersects(a, b)) return null;
  return { r0: Math.max(a.r0, b.r0), c0: Math.max(a.c0, b.c0), r1: Math.min(a.r1, b.r1), c1: Math.min(a.c1, b.c1) };
}

export function contains(outer: Bounds, inner: Bounds): boolean {
  return outer.r0 <= inner.r0 && outer.c0 <= inner.c0 && outer.r1 >= inner.r1 && outer.c1 >= inner.c1;
}
