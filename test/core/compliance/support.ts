/** Small DataSet builders for the compliance tests (the reader is not involved). */
import type { Column, ColumnRole, DataSet } from "../../../src/core/types";

export interface RowSpec {
  revenue: number;
  cost?: number;
  margin?: number;
  date?: number;
  segment?: string | null;
  product?: string | null;
  region?: string | null;
  customer?: string | null;
}

/** Excel serial of a civil date (1900 system, dates after 1 March 1900). */
export function serial(y: number, m: number, d = 1): number {
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

/**
 * A DataSet on sheet "Ventes" with a header on row 1 and data from row 2. Columns (sheet columns A..): revenue,
 * cost (when any row has `cost` defined or `withCost`), margin (when any row has it), date, then the dimensions used.
 */
export function makeDataSet(rows: RowSpec[], opts: { withCost?: boolean; withMargin?: boolean; sheet?: string; firstRow?: number } = {}): DataSet {
  const n = rows.length;
  const sheet = opts.sheet ?? "Ventes";
  const first = opts.firstRow ?? 2;
  const columns: Column[] = [];
  const roles: Partial<Record<ColumnRole, number>> = {};
  const addNum = (role: ColumnRole, header: string, get: (r: RowSpec) => number | undefined, kind: "number" | "date" = "number") => {
    const numbers = new Float64Array(n);
    rows.forEach((r, i) => {
      const v = get(r);
      numbers[i] = v === undefined ? NaN : v;
    });
    const index = columns.length;
    columns.push({ index, header, sheetColumn: index + 1, kind, numbers, role });
    roles[role] = index;
  };
  const addText = (role: ColumnRole, header: string, get: (r: RowSpec) => string | null | undefined) => {
    const index = columns.length;
    columns.push({ index, header, sheetColumn: index + 1, kind: "text", text: rows.map((r) => get(r) ?? null), role });
    roles[role] = index;
  };
  addNum("revenue", "CA HT", (r) => r.revenue);
  if (opts.withCost ?? rows.some((r) => r.cost !== undefined)) addNum("cost", "Coût", (r) => r.cost);
  if (opts.withMargin ?? rows.some((r) => r.margin !== undefined)) addNum("margin", "Marge", (r) => r.margin);
  if (rows.some((r) => r.date !== undefined)) addNum("date", "Date", (r) => r.date, "date");
  if (rows.some((r) => r.segment !== undefined)) addText("segment", "Segment", (r) => r.segment);
  if (rows.some((r) => r.product !== undefined)) addText("product", "Produit", (r) => r.product);
  if (rows.some((r) => r.region !== undefined)) addText("region", "Région", (r) => r.region);
  if (rows.some((r) => r.customer !== undefined)) addText("customer", "Client", (r) => r.customer);
  const lastCol = String.fromCharCode(64 + columns.length);
  return {
    id: `sheet:${sheet}!A1:${lastCol}${first + n - 1}`,
    sheet,
    address: `A${first - 1}:${lastCol}${first + n - 1}`,
    headerRows: [first - 1],
    rowNumbers: Int32Array.from(rows.map((_, i) => first + i)),
    columns,
    roles,
    excluded: [],
    messages: [],
    kind: "data",
  };
}
