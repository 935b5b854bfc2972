/**
 * A small ExcelJS loader for tests and benches: a workbook file -> one RawGrid per sheet (its used range) and one per
 * Excel table, with values as `Range.values` would give them: numbers, strings, booleans, "" for empty, dates as serial
 * numbers in the workbook's own date system, errors as "#N/A"-style strings, formula cells as their cached result, and
 * "" for the non-anchor cells of a merged area. Also `valueTypes`, `columnFormats` and `date1904`.
 */
import ExcelJS from "exceljs";
import type { CellValue, CellValueType, RawGrid } from "../../src/core/types";

export interface LoadedWorkbook {
  date1904: boolean;
  /** One grid per worksheet (used range; a sheet with nothing gives an empty grid). */
  sheets: RawGrid[];
  /** One grid per Excel table, header on its first row, tableName set. */
  tables: RawGrid[];
  /** Merged areas per sheet, as "A1:C1" addresses. */
  merges: Record<string, string[]>;
}

const MS_PER_DAY = 86400000;

/** A JS Date as ExcelJS built it from a serial -> that serial again (1900 or 1904 system). */
export function dateToSerial(d: Date, date1904: boolean): number {
  const serial = d.getTime() / MS_PER_DAY + 25569 - (date1904 ? 1462 : 0);
  // ExcelJS rounds to the millisecond; bring back round day fractions.
  return Math.round(serial * 86400 * 1000) / (86400 * 1000);
}

function cellToValue(v: unknown, date1904: boolean): { value: CellValue; type: CellValueType } {
  if (v === null || v === undefined) return { value: "", type: "Empty" };
  if (typeof v === "number") return { value: v, type: Number.isInteger(v) ? "Integer" : "Double" };
  if (typeof v === "string") return v === "" ? { value: "", type: "Empty" } : { value: v, type: "String" };
  if (typeof v === "boolean") return { value: v, type: "Boolean" };
  if (v instanceof Date) {
    const s = dateToSerial(v, date1904);
    return { value: s, type: Number.isInteger(s) ? "Integer" : "Double" };
  }
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("error" in o && typeof o.error === "string") return { value: o.error, type: "Error" };
    if ("formula" in o || "sharedFormula" in o) return cellToValue(o.result, date1904);
    if (Array.isArray(o.richText)) {
      const text = (o.richText as { text?: string }[]).map((r) => r.text ?? "").join("");
      return { value: text, type: text === "" ? "Empty" : "String" };
    }
    if ("text" in o && typeof o.text === "string") return { value: o.text, type: "String" };
    if ("hyperlink" in o) return { value: String(o.hyperlink), type: "String" };
  }
  return { value: String(v), type: "String" };
}

function decode(ref: string): { top: number; left: number; bottom: number; right: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(ref.trim());
  if (!m) throw new Error(`bad range ${ref}`);
  const col = (s: string) => s.toUpperCase().split("").reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  const left = col(m[1]);
  const top = Number(m[2]);
  return { top, left, right: m[3] ? col(m[3]) : left, bottom: m[4] ? Number(m[4]) : top };
}

function readBlock(ws: ExcelJS.Worksheet, top: number, left: number, bottom: number, right: number, date1904: boolean) {
  const values: CellValue[][] = [];
  const valueTypes: CellValueType[][] = [];
  const formats: (string | undefined)[] = new Array(right - left + 1).fill(undefined);
  for (let r = top; r <= bottom; r++) {
    const row = ws.getRow(r);
    const vr: CellValue[] = [];
    const tr: CellValueType[] = [];
    for (let c = left; c <= right; c++) {
      const cell = row.getCell(c);
      if (cell.type === ExcelJS.ValueType.Merge) {
        vr.push("");
        tr.push("Empty");
        continue;
      }
      const { value, type } = cellToValue(cell.value, date1904);
      vr.push(value);
      tr.push(type);
      if (r > top && formats[c - left] === undefined && typeof value === "number") formats[c - left] = cell.numFmt || "General";
    }
    values.push(vr);
    valueTypes.push(tr);
  }
  return { values, valueTypes, columnFormats: formats.map((f) => f ?? "General") };
}

export async function loadWorkbook(file: string): Promise<LoadedWorkbook> {
  const wb = new ExcelJS.Workbook();
  if (file.toLowerCase().endsWith(".csv")) await wb.csv.readFile(file);
  else await wb.xlsx.readFile(file);
  const date1904 = Boolean((wb.properties as { date1904?: boolean }).date1904);
  const sheets: RawGrid[] = [];
  const tables: RawGrid[] = [];
  const merges: Record<string, string[]> = {};
  for (const ws of wb.worksheets) {
    merges[ws.name] = Object.values((ws as unknown as { _merges: Record<string, { range: string }> })._merges ?? {}).map((m) => m.range);
    const dim = ws.rowCount > 0 && ws.actualColumnCount > 0 ? ws.dimensions : null;
    if (!dim) {
      sheets.push({ sheet: ws.name, top: 1, left: 1, values: [], valueTypes: [], columnFormats: [], date1904 });
    } else {
      const b = readBlock(ws, dim.top, dim.left, dim.bottom, dim.right, date1904);
      sheets.push({ sheet: ws.name, top: dim.top, left: dim.left, date1904, ...b });
    }
    for (const entry of ws.getTables() as unknown as { table?: { name?: string; tableRef?: string; ref?: string } }[]) {
      const t = entry.table;
      const ref = t?.tableRef ?? t?.ref;
      if (!t || !ref) continue;
      const d = decode(ref);
      const b = readBlock(ws, d.top, d.left, d.bottom, d.right, date1904);
      tables.push({ sheet: ws.name, tableName: t.name, top: d.top, left: d.left, date1904, ...b });
    }
  }
  return { date1904, sheets, tables, merges };
}

/** The grid of one sheet by name (throws in tests when absent, which is what a test wants). */
export function sheetGrid(wb: LoadedWorkbook, name: string): RawGrid {
  const g = wb.sheets.find((s) => s.sheet === name);
  if (!g) throw new Error(`no sheet ${name}`);
  return g;
}
