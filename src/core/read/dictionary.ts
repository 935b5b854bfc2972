/**
 * Dictionary encoding of text columns, filled by the reader while it reads the cells (it already touches every
 * string): codes[i] is the index of row i's text in `labels`, 0 when the cell is empty (labels[0] is ""); labels[1..]
 * are the distinct texts in order of first appearance. The text array then holds one shared instance per distinct
 * text, so a million rows of five segments keep five strings alive rather than a million, and the compliance engine
 * takes the codes as they are instead of hashing every string again.
 *
 * A column with more than MAX_DICTIONARY_LABELS distinct texts (notes, ids) is left without codes: encoding it would
 * cost the reader time and memory for nothing.
 */

export const MAX_DICTIONARY_LABELS = 1 << 16;
const SLOT_MASK = 1023;

export class TextDictionary {
  /** null once the column has too many distinct texts. */
  private codes: Int32Array | null;
  private readonly labels: string[] = [""];
  private readonly index = new Map<string, number>();
  private readonly slots = new Int32Array(SLOT_MASK + 1);

  constructor(capacity: number) {
    this.codes = new Int32Array(capacity);
  }

  /** Records row i's text and returns the shared instance to store (the same text, possibly another string object). */
  put(i: number, v: string | null): string | null {
    const codes = this.codes;
    if (codes === null) return v;
    if (v === null || v === "") {
      codes[i] = 0;
      return v;
    }
    // A direct-mapped cache keyed by a fingerprint of the text (length and four characters) answers most rows with
    // one string comparison; the Map (which hashes the whole string) only sees the misses.
    const L = v.length;
    const slot = (L * 7919 + v.charCodeAt(0) * 31 + v.charCodeAt(L - 1) * 961 + v.charCodeAt(L >> 1) * 29791 + v.charCodeAt(L > 1 ? L - 2 : 0) * 17) & SLOT_MASK;
    const hit = this.slots[slot];
    if (hit > 0 && this.labels[hit] === v) {
      codes[i] = hit;
      return this.labels[hit];
    }
    const c = this.index.get(v);
    if (c !== undefined) {
      codes[i] = c;
      this.slots[slot] = c;
      return this.labels[c];
    }
    const k = this.labels.length;
    if (k > MAX_DICTIONARY_LABELS) {
      this.codes = null;
      this.index.clear();
      this.labels.length = 1;
      return v;
    }
    this.index.set(v, k);
    this.labels.push(v);
    this.slots[slot] = k;
    codes[i] = k;
    return v;
  }

  /** Row `from` moves to row `to` (compaction after dropping rows). */
  move(from: number, to: number): void {
    if (this.codes !== null) this.codes[to] = this.codes[from];
  }

  /**
   * The codes of the first n rows and their labels, or undefined when the column has too many distinct texts.
   * `renumber`: some rows were dropped after being read, so labels are renumbered in order of first appearance
   * among the rows kept and labels no longer used are dropped.
   */
  finish(n: number, renumber: boolean): { codes: Int32Array; labels: string[] } | undefined {
    if (this.codes === null) return undefined;
    const codes = this.codes.subarray(0, n);
    if (!renumber) return { codes, labels: this.labels };
    return renumberCodes(codes, this.labels);
  }
}

/** Renumbers codes in place in order of first appearance (0 stays 0); labels not used by any row are dropped. */
export function renumberCodes(codes: Int32Array, labels: string[]): { codes: Int32Array; labels: string[] } {
  const map = new Int32Array(labels.length);
  const out: string[] = [""];
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) continue;
    let m = map[c];
    if (m === 0) {
      m = out.length;
      map[c] = m;
      out.push(labels[c]);
    }
    codes[i] = m;
  }
  return { codes, labels: out };
}

/** Dictionary-encodes a whole text column as the reader does: codes, labels, and the text with shared instances. */
export function encodeTextColumn(text: (string | null)[]): { text: (string | null)[]; codes?: Int32Array; labels?: string[] } {
  const d = new TextDictionary(text.length);
  const out: (string | null)[] = new Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = d.put(i, text[i] ?? null);
  const enc = d.finish(text.length, false);
  return enc ? { text: out, codes: enc.codes, labels: enc.labels } : { text: out };
}
