/**
 * Text helpers shared by the parsers and the reader: comparing header words with accents, case, spaces and
 * punctuation ignored.
 */

const COMBINING = /[\u0300-\u036f]/g;

/** Lower case, accents removed ("Coût" -> "cout"), œ/æ spelt out. */
export function foldAccents(s: string): string {
  return s.normalize("NFD").replace(COMBINING, "").toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae");
}

/**
 * A header or label reduced to words: accents and case folded, punctuation and any kind of space turned into single
 * spaces, trimmed. " Sales" -> "sales"; "Coût d'achat (€)" -> "cout d achat"; "CA_HT" -> "ca ht".
 */
export function normaliseWords(s: string): string {
  return foldAccents(s)
    .replace(/[^a-z0-9%]+/g, " ")
    .trim();
}

/** normaliseWords with every space removed: "C.A. H.T." -> "caht". */
export function squash(s: string): string {
  return normaliseWords(s).replace(/ /g, "");
}

/** True when a string holds only spaces of any kind (including U+00A0, U+202F). */
export function isBlankText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xa0 && c !== 0x202f && c !== 0x2007 && c !== 0x2009 && c !== 0x200b) return false;
  }
  return true;
}

/** Column number (1-based) -> letters: 1 -> "A", 28 -> "AB". */
export function columnLetters(col: number): string {
  let s = "";
  let n = col;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1-style address of a 1-based sheet cell. */
export function cellAddress(row: number, col: number): string {
  return `${columnLetters(col)}${row}`;
}

/** A1-style address of a rectangle. */
export function rangeAddress(top: number, left: number, bottom: number, right: number): string {
  if (top === bottom && left === right) return cellAddress(top, left);
  return `${cellAddress(top, left)}:${cellAddress(bottom, right)}`;
}
