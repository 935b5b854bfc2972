/**
 * A CSV pasted as text in one column ("Date;Produit;CA HT" in A1, "15/03/2024;Vis;1 234,56" in A2...): recognised
 * and split into cells, so the rest of the reader sees an ordinary grid.
 */
import type { CellValue, RawGrid } from "../types";

const CANDIDATES = [";", "\t", "|", ","] as const;

/** Splits one line on `sep`, honouring double quotes ("a;b" stays one cell, "" is a quote). */
export function splitDelimited(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"' && cur.trim() === "") {
      quoted = true;
      cur = "";
    } else if (ch === sep) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/**
 * The separator of a grid whose rows are single text cells holding delimited lines, or null. Needs at least 3 such
 * rows, 80 % of the non-empty rows, and the same number of fields on most of them.
 */
export function detectDelimiter(grid: RawGrid, maxRows = 200): string | null {
  const lines: string[] = [];
  let nonEmpty = 0;
  for (let r = 0; r < grid.values.length && r < maxRows; r++) {
    const row = grid.values[r];
    if (!Array.isArray(row)) continue;
    let filled = 0;
    let text: string | null = null;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === "" || v === null) continue;
      filled++;
      if (typeof v === "string" && v.trim() !== "") text = v;
    }
    if (filled === 0) continue;
    nonEmpty++;
    if (filled === 1 && text !== null) lines.push(text);
  }
  if (lines.length < 3 || lines.length < 0.8 * nonEmpty) return null;
  let best: string | null = null;
  let bestScore = 0;
  for (const sep of CANDIDATES) {
    const counts = new Map<number, number>();
    for (const l of lines) {
      const n = splitDelimited(l, sep).length;
      if (n >= 2) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    let mode = 0;
    let modeCount = 0;
    for (const [n, k] of counts) if (k > modeCount || (k === modeCount && n > mode)) [mode, modeCount] = [n, k];
    if (mode >= 2 && modeCount >= 0.7 * lines.length && modeCount > bestScore) {
      best = sep;
      bestScore = modeCount;
    }
  }
  return best;
}

/** The grid with every single-text-cell row split on `sep` (other rows kept as they are). */
export function splitGrid(grid: RawGrid, sep: string): RawGrid {
  const values: CellValue[][] = grid.values.map((row) => {
    if (!Array.isArray(row)) return [];
    let text: string | null = null;
    let filled = 0;
    for (const v of row) {
      if (v === "" || v === null) continue;
      filled++;
      if (typeof v === "string") text = v;
    }
    if (filled !== 1 || text === null) return row.slice();
    return splitDelimited(text, sep);
  });
  const width = values.reduce((m, r) => Math.max(m, r.length), 0);
  for (const r of values) while (r.length < width) r.push("");
  return { ...grid, values, valueTypes: undefined, columnFormats: undefined };
}
