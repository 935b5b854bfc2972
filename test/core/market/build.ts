/** Hand-built DataSets for the market tests (typed arrays, text columns with codes + labels as the reader gives them). */
import type { Column, ColumnRole, DataSet } from "../../../src/core/types";

export type Spec = { header: string; role?: ColumnRole; kind?: "number" | "date" | "text"; values: (number | string | null)[]; numberFormat?: string };

export function encode(text: (string | null)[]): { codes: Int32Array; labels: string[] } {
  const labels = [""];
  const seen = new Map<string, number>();
  const codes = new Int32Array(text.length);
  text.forEach((s, i) => {
    if (s === null) return;
    let k = seen.get(s);
    if (k === undefined) {
      k = labels.length;
      seen.set(s, k);
      labels.push(s);
    }
    codes[i] = k;
  });
  return { codes, labels };
}

export function dataSet(specs: Spec[], opts: { sheet?: string; codes?: boolean } = {}): DataSet {
  const sheet = opts.sheet ?? "Data";
  const n = specs[0]?.values.length ?? 0;
  const roles: DataSet["roles"] = {};
  const columns: Column[] = specs.map((s, index) => {
    const kind = s.kind ?? (s.values.some((v) => typeof v === "string") ? "text" : "number");
    const col: Column = { index, header: s.header, sheetColumn: index + 1, kind, role: s.role, numberFormat: s.numberFormat };
    if (kind === "text") {
      col.text = s.values.map((v) => (v === null ? null : String(v)));
      if (opts.codes !== false) Object.assign(col, encode(col.text));
    } else col.numbers = Float64Array.from(s.values.map((v) => (typeof v === "number" ? v : NaN)));
    if (s.role && roles[s.role] === undefined) roles[s.role] = index;
    return col;
  });
  return {
    id: `sheet:${sheet}!A1`,
    sheet,
    address: `A1:Z${n + 1}`,
    headerRows: [1],
    rowNumbers: Int32Array.from({ length: n }, (_, i) => i + 2),
    columns,
    roles,
    excluded: [],
    messages: [],
    kind: "data",
  };
}

/** Excel serial of the first day of a month (1900 system). */
export function monthSerial(y: number, m: number): number {
  return Math.round((Date.UTC(y, m - 1, 1) - Date.UTC(1899, 11, 30)) / 86400000);
}
