/**
 * Shared contracts of OPS. Pure types: no Office, no React, no DOM.
 *
 * Data flows one way: workbook -> adapter (src/excel) -> core -> adapter -> workbook.
 * The adapter turns Excel ranges into `RawGrid`s; the reader (src/core/read) turns grids into `DataSet`s with typed
 * columns and roles; compliance (src/core/compliance) turns a DataSet + MarginPolicy into a ComplianceResult;
 * the adapter writes results to the sheets OPS owns.
 */

/** A cell value exactly as `Range.values` gives it: numbers, strings (errors come as "#N/A" strings), booleans, "" for empty. */
export type CellValue = number | string | boolean | null;

/** `Range.valueTypes` entries (the Excel API's RangeValueType). */
export type CellValueType = "Unknown" | "Empty" | "String" | "Integer" | "Double" | "Boolean" | "Error" | "RichValue";

export type Lang = "fr" | "en";

/** Where something is in the workbook. Rows and columns are 1-based sheet coordinates, as a user sees them. */
export interface CellLocation {
  sheet: string;
  /** 1-based sheet row number. */
  row?: number;
  /** 1-based sheet column number. */
  column?: number;
  /** A1-style address without sheet, e.g. "C12" or "C2:C40". */
  address?: string;
}

/**
 * A message for the user, language-neutral: a stable code plus parameters. Rendered in French or English by
 * `formatMessage` in src/core/i18n. Never a raw exception text.
 */
export interface OpsMessage {
  code: string;
  severity: "error" | "warning" | "info";
  params?: Record<string, string | number>;
  location?: CellLocation;
}

/** A rectangular block read from a sheet or an Excel table, before any interpretation. */
export interface RawGrid {
  sheet: string;
  /** Excel table name when the grid is an Excel table, else undefined. */
  tableName?: string;
  /** 1-based sheet row of values[0] and 1-based sheet column of values[r][0]. */
  top: number;
  left: number;
  values: CellValue[][];
  /** Same shape as values when the adapter loaded them (readSource does not by default: the reader never needs them). */
  valueTypes?: CellValueType[][];
  /** Number format of each column's first data cell (enough to spot dates / percents / currency), when loaded. */
  columnFormats?: string[];
  /** True when the workbook uses the 1904 date system. */
  date1904?: boolean;
  /** Locale hints: decimal separator of the workbook/user culture, when known. */
  decimalSeparator?: "," | ".";
}

/** Every column role, in the order the pane lists them. The ColumnRole type is derived from it. */
export const COLUMN_ROLES = [
  "revenue",
  "cost",
  "margin",
  "marginRate",
  "quantity",
  "unitPrice",
  "date",
  "period",
  "product",
  "segment",
  "region",
  "country",
  "customer",
  "channel",
  "competitor",
  "market",
] as const;

export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** True when x names a column role (e.g. a role read back from workbook settings). */
export function isColumnRole(x: unknown): x is ColumnRole {
  return typeof x === "string" && (COLUMN_ROLES as readonly string[]).includes(x);
}

export const DIMENSION_ROLES: readonly ColumnRole[] = [
  "product",
  "segment",
  "region",
  "country",
  "customer",
  "channel",
  "competitor",
  "market",
];

export type ColumnKind = "number" | "date" | "text";

/**
 * One typed column of a DataSet. Exactly one of numbers / text is filled, by kind:
 * - "number": numbers[i] is the value or NaN when missing / unreadable (the reason is in DataSet.messages);
 * - "date": numbers[i] is an Excel serial in the 1900 system (whatever the workbook's system) or NaN;
 * - "text": text[i] is the trimmed text or null when empty.
 */
export interface Column {
  /** 0-based index in DataSet.columns. */
  index: number;
  header: string;
  /**
   * With a header of two or more rows: the column's labels top to bottom (["Ventes 2024", "T1", "CA"]); `header` is
   * them joined. Roles are read from the lowest label first (the most specific), then from the whole header.
   */
  headerParts?: string[];
  /** 1-based sheet column; undefined for derived columns. */
  sheetColumn?: number;
  kind: ColumnKind;
  numbers?: Float64Array;
  text?: (string | null)[];
  /**
   * "text" columns, optional (the reader fills them; absent when a column has too many distinct texts or was built
   * elsewhere): the column dictionary-encoded. codes[i] indexes `labels`; code 0 = empty (text[i] null, labels[0] is
   * ""); labels[1..] are the distinct texts in order of first appearance among the rows; text[i] === labels[codes[i]]
   * otherwise. Consumers that use them must fall back to `text` when they are absent.
   */
  codes?: Int32Array;
  labels?: string[];
  role?: ColumnRole;
  /** 0..1 confidence of the role. 1 for a user override. */
  confidence?: number;
  /** Why the role was chosen (matched header word, value profile...), for the UI. */
  roleReason?: string;
  /** True when computed by OPS (e.g. cost = revenue - margin), not read from the sheet. */
  derived?: boolean;
  /** Number format to use when OPS writes values of this column (e.g. the workbook's currency format). */
  numberFormat?: string;
  /** "date" columns: the finest granularity of the values read (a "Year" column of "2014" texts is "year"). */
  dateGranularity?: "day" | "month" | "quarter" | "year";
  /**
   * Wide layouts (periods as columns): the period this column's values belong to, from its header ("Jan. 2021",
   * "T1 2024", "2014"). serial is the period's first day (1900 system) when the header gives a year.
   */
  period?: { label: string; serial?: number; granularity: "day" | "month" | "quarter" | "year" };
}

/** A column that fits a role, with its 0..1 confidence and why (header word, values...). */
export interface RoleCandidate {
  column: number;
  confidence: number;
  reason?: string;
}

/** A row the reader left out of the data, and why. */
export interface ExcludedRow {
  row: number; // 1-based sheet row
  reason: "blank" | "total" | "subtotal" | "section" | "note" | "header" | "footnote";
  text?: string;
}

/** A table of data as OPS understands it. Row i of every column is sheet row rowNumbers[i]. */
export interface DataSet {
  /** Stable id: "table:<name>" for Excel tables, "sheet:<name>!<address>" for ranges found in a sheet. */
  id: string;
  sheet: string;
  tableName?: string;
  /** Address of the whole block read (header included), e.g. "A4:P705". */
  address: string;
  /** 1-based sheet rows of the header, top to bottom (one row, or up to five stacked rows whose labels are joined). */
  headerRows: number[];
  rowNumbers: Int32Array;
  columns: Column[];
  /** Column index of each role present (the best column for it). */
  roles: Partial<Record<ColumnRole, number>>;
  /**
   * Every column that fits each role (its header words or its values), most confident first, so that the pane can
   * offer them all; `roles[role]` is the one chosen (a column takes one role, overrides win). Absent on DataSets built
   * elsewhere: fall back to `roles`.
   */
  candidates?: Partial<Record<ColumnRole, RoleCandidate[]>>;
  excluded: ExcludedRow[];
  /** Problems found while reading, each located. */
  messages: OpsMessage[];
  /** "data" for detail rows, "summary" for pivot-like blocks (grand totals, pivot tables). */
  kind: "data" | "summary";
}

/** What the task pane lists before reading anything in full. */
export interface SourceInfo {
  id: string;
  sheet: string;
  tableName?: string;
  address: string;
  rowCount: number;
  columnCount: number;
  kind: "table" | "range" | "pivot";
}

/** A user's correction of the column roles, remembered in the workbook. Keys are header texts. */
export type RoleOverrides = Record<string, ColumnRole | null>;

/** Progress and cancellation for long work (reading, checking, writing). */
export interface WorkOptions {
  onProgress?: (done: number, total: number, phase?: string) => void;
  signal?: AbortSignal;
}
