/** The reader's own types (re-exported by ./index). */
import type { OpsMessage } from "../types";

/** A block of data found in a sheet grid (or an Excel table), before reading it in full. Rows/columns are 1-based sheet coordinates. */
export interface Layout {
  sheet: string;
  tableName?: string;
  /** First row of the block (the first header row, or a pivot's caption row above it). */
  top: number;
  left: number;
  right: number;
  /** Header rows, top to bottom (one to MAX_HEADER_ROWS stacked rows; none when the data has no header row). */
  headerRows: number[];
  firstDataRow: number;
  lastDataRow: number;
  /**
   * One label per column left..right; stacked header rows are joined top to bottom, a group label carried over the
   * empty (merged) cells to its right ("2024 Jan", "Ventes 2024 T1 CA"); a column without header gets "[C]".
   */
  headers: string[];
  /** With two or more header rows: each column's labels, top to bottom (carried group labels included). */
  headerParts?: string[][];
  kind: "data" | "summary";
  /** Periods as columns (months, quarters, years): sheet columns and their header labels. */
  wide?: { periodColumns: number[]; periodLabels: string[] };
  messages: OpsMessage[];
  /**
   * True when the data ran to the last row of the grid it was found in: the block may go on below (the grid was a
   * sample). Read down to the end of the used range; buildDataSet finds the real end (footnotes and blank rows
   * after the last data row are left out).
   */
  open?: boolean;
  /** Set when the block is CSV text pasted in one column: the separator to split each row's text on. */
  delimiter?: string;
}
