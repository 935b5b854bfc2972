/**
 * An OPS sheet as pure data: rows of cells, a number format per cell, a style per row, column widths and the native
 * charts drawn beside the cells. The summary, trends and market sheets are built as SheetModels in src/core; the
 * adapter (src/excel/model-sheet.ts) writes any of them the same way (temporary sheet, swap at the last sync).
 */
import type { CellValue, OpsMessage } from "../types";
import type { ChartSpec } from "./spec";

export type SheetRowStyle = "title" | "subtitle" | "heading" | "label" | "tableHeader" | "total" | "note" | "blank" | "forecast";

export interface SheetModel {
  /** Rows of `width` cells ("" for empty). */
  rows: CellValue[][];
  /** Number format per cell (same shape as rows; "General" for none). */
  formats: string[][];
  /** Style per row. */
  styles: SheetRowStyle[];
  width: number;
  /** Column widths in points (optional, one per column from A). */
  widths?: number[];
  /** The print area, e.g. "A1:E46". */
  printArea?: string;
  charts: ChartSpec[];
  messages: OpsMessage[];
}

/** Builds a SheetModel row by row: `push` pads each row to the width with "" and "General". */
export class SheetBuilder {
  readonly rows: CellValue[][] = [];
  readonly formats: string[][] = [];
  readonly styles: SheetRowStyle[] = [];
  constructor(readonly width: number) {}
  /** Appends a row; returns its 1-based sheet row. */
  push(cells: readonly CellValue[], fmts: readonly (string | undefined)[] = [], style: SheetRowStyle = "label"): number {
    const r: CellValue[] = new Array(this.width).fill("");
    const f: string[] = new Array(this.width).fill("General");
    cells.forEach((v, i) => (r[i] = v));
    fmts.forEach((v, i) => (f[i] = v ?? "General"));
    this.rows.push(r);
    this.formats.push(f);
    this.styles.push(style);
    return this.rows.length;
  }
  blank(): number {
    return this.push([], [], "blank");
  }
  /** 1-based row the next push will take. */
  get next(): number {
    return this.rows.length + 1;
  }
}

/** Column letters of a 0-based column index (0 → A, 26 → AA). */
export function colLetter(index: number): string {
  let s = "";
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A finite number, or "" (an empty cell) for NaN / ±Infinity. */
export const cellNumber = (x: number): CellValue => (Number.isFinite(x) ? x : "");
