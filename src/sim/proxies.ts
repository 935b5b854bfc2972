/**
 * The Excel API object model of the simulated host: proxies for Workbook, Worksheet(Collection), Range, RangeFormat,
 * Table(Collection), NamedItem(Collection), Setting(Collection), ConditionalFormat(Collection), freeze panes,
 * protection, pivot tables (location only) and Application. Each property is declared with how it reads from and
 * writes to the model (./model.ts); load/sync rules live in ./context.ts. Anything not declared here throws
 * "not supported by the simulated host: X".
 */
import {
  MAX_COLS,
  MAX_ROWS,
  boundsAddress,
  cellCount,
  contains,
  intersection,
  intersects,
  parseBounds,
  qualifiedAddress,
  splitSheet,
  type Bounds,
} from "./address";
import { SimClientResult, SimContext, SimObject, registerNavDef, wrap, type ClassDef, type PropDef } from "./context";
import { notSupported, simError } from "./errors";
import { formatValue } from "./format";
import { SimConditionalFormat, SimName, SimTable, type CellStyle, type SimSheet, type SimWorkbook } from "./model";
import { readValue } from "./values";
import { SIM_CHART_TYPES, SimChart, chartFamily, newSeries, seriesType, type SimChartAxis, type SimChartSeries } from "./chart-model";

export interface RangeRef {
  sheet: SimSheet;
  bounds: Bounds;
}

type Path = { name: string; args?: unknown[] };

function make(def: ClassDef, ctx: SimContext, resolver: () => unknown, parent: SimObject | undefined, path: Path, Cls: new (...a: any[]) => SimObject = SimObject): any {
  return wrap(new Cls(ctx, def, resolver, parent, path));
}

/** An already-resolved proxy (items of a loaded collection). */
function resolved(def: ClassDef, ctx: SimContext, target: unknown, parent: SimObject, Cls: new (...a: any[]) => SimObject = SimObject): any {
  const o = make(def, ctx, () => target, parent, { name: "_item" }, Cls);
  o._resolve();
  return o;
}

function ro(get: (t: any, o: SimObject) => unknown): PropDef {
  return { get };
}
function rw(get: (t: any, o: SimObject) => unknown, set: (t: any, v: any, o: SimObject) => void): PropDef {
  return { get, set };
}

function badArg(where: string, message?: string): never {
  throw simError("InvalidArgument", where, message);
}

// ---------------------------------------------------------------------------------------------------------------
// cell helpers

function forEachCell(b: Bounds, f: (r: number, c: number) => void): void {
  for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) f(r, c);
}

function grid<T>(b: Bounds, f: (r: number, c: number) => T): T[][] {
  const out: T[][] = new Array(b.r1 - b.r0 + 1);
  const w = b.c1 - b.c0 + 1;
  for (let r = b.r0; r <= b.r1; r++) {
    const row: T[] = new Array(w);
    for (let c = b.c0; c <= b.c1; c++) row[c - b.c0] = f(r, c);
    out[r - b.r0] = row;
  }
  return out;
}

/** Applies a 2-D array (same shape as the range) or one scalar (to every cell). */
function eachInput(ref: RangeRef, v: unknown, where: string, f: (r: number, c: number, x: unknown) => void): void {
  const b = ref.bounds;
  const rows = b.r1 - b.r0 + 1;
  const cols = b.c1 - b.c0 + 1;
  if (Array.isArray(v)) {
    const ok = v.length === rows && v.every((row) => Array.isArray(row) && row.length === cols);
    if (!ok) badArg(where, "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
    for (let i = 0; i < rows; i++) {
      const row = v[i] as unknown[];
      for (let j = 0; j < cols; j++) f(b.r0 + i, b.c0 + j, row[j]);
    }
  } else {
    forEachCell(b, (r, c) => f(r, c, v));
  }
}

/** A style property read over a range: the common value, or null when cells differ (like Excel). */
function uniform<T>(ref: RangeRef, read: (st: CellStyle | undefined) => T): T | null {
  const b = ref.bounds;
  let first: T | undefined;
  let n = 0;
  for (let r = b.r0; r <= b.r1; r++)
    for (let c = b.c0; c <= b.c1; c++) {
      const v = read(ref.sheet.extra(r, c)?.style);
      if (n === 0) first = v;
      else if (v !== first) return null;
      if (++n > 200000) return first as T;
    }
  return first as T;
}

function setStyle(ref: RangeRef, where: string, f: (st: CellStyle) => void): void {
  ref.sheet.assertWritable(where);
  forEachCell(ref.bounds, (r, c) => {
    const e = ref.sheet.extraFor(r, c);
    e.style ??= {};
    f(e.style);
  });
}

function refOf(wb: SimWorkbook, base: SimSheet | undefined, address: unknown, where: string): RangeRef {
  if (address && typeof address === "object" && "_resolve" in (address as object)) {
    const t = (address as SimObject)._resolve() as RangeRef | null;
    if (!t || !t.bounds) throw simError("InvalidArgument", where);
    return t;
  }
  if (typeof address !== "string") badArg(where);
  const { sheet: sn, local } = splitSheet(address);
  const sheet = sn !== undefined ? wb.sheet(sn) : base;
  if (!sheet) throw simError(sn !== undefined ? "ItemNotFound" : "InvalidArgument", where);
  const b = parseBounds(local);
  if (!b) badArg(where);
  return { sheet, bounds: b };
}

// ---------------------------------------------------------------------------------------------------------------
// Range

const DEFAULT_COL_WIDTH = 48; // points (8.43 characters of Calibri 11)
const DEFAULT_ROW_HEIGHT = 15;

function rangeProxy(ctx: SimContext, parent: SimObject, path: Path, resolver: () => RangeRef | null): any {
  return make(RangeDef, ctx, resolver, parent, path, RangeProxy);
}

export class RangeProxy extends SimObject {
  private ref(): RangeRef {
    return this._resolve() as RangeRef;
  }
  private child(name: string, args: unknown[], f: (ref: RangeRef) => Bounds | null, nullable = false): any {
    return this._method(
      (res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef | null),
      name,
      args,
      () => {
        const ref = this.ref();
        const b = f(ref);
        if (!b) {
          if (nullable) return null;
          throw simError("ItemNotFound", `Range.${name}`);
        }
        if (b.r0 < 0 || b.c0 < 0 || b.r1 >= MAX_ROWS || b.c1 >= MAX_COLS || b.r1 < b.r0 || b.c1 < b.c0) throw simError("InvalidArgument", `Range.${name}`);
        return { sheet: ref.sheet, bounds: b };
      },
    );
  }
  getCell(row: number, column: number): any {
    return this.child("getCell", [row, column], ({ bounds: b }) => ({ r0: b.r0 + row, c0: b.c0 + column, r1: b.r0 + row, c1: b.c0 + column }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): any {
    return this.child("getOffsetRange", [rowOffset, columnOffset], ({ bounds: b }) => ({ r0: b.r0 + rowOffset, c0: b.c0 + columnOffset, r1: b.r1 + rowOffset, c1: b.c1 + columnOffset }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): any {
    return this.child("getResizedRange", [deltaRows, deltaColumns], ({ bounds: b }) => ({ r0: b.r0, c0: b.c0, r1: b.r1 + deltaRows, c1: b.c1 + deltaColumns }));
  }
  getAbsoluteResizedRange(numRows: number, numColumns: number): any {
    return this.child("getAbsoluteResizedRange", [numRows, numColumns], ({ bounds: b }) => ({ r0: b.r0, c0: b.c0, r1: b.r0 + numRows - 1, c1: b.c0 + numColumns - 1 }));
  }
  getRow(row: number): any {
    return this.child("getRow", [row], ({ bounds: b }) => ({ r0: b.r0 + row, c0: b.c0, r1: b.r0 + row, c1: b.c1 }));
  }
  getColumn(column: number): any {
    return this.child("getColumn", [column], ({ bounds: b }) => ({ r0: b.r0, c0: b.c0 + column, r1: b.r1, c1: b.c0 + column }));
  }
  getRowsAbove(count = 1): any {
    return this.child("getRowsAbove", [count], ({ bounds: b }) => ({ r0: b.r0 - count, c0: b.c0, r1: b.r0 - 1, c1: b.c1 }));
  }
  getRowsBelow(count = 1): any {
    return this.child("getRowsBelow", [count], ({ bounds: b }) => ({ r0: b.r1 + 1, c0: b.c0, r1: b.r1 + count, c1: b.c1 }));
  }
  getColumnsBefore(count = 1): any {
    return this.child("getColumnsBefore", [count], ({ bounds: b }) => ({ r0: b.r0, c0: b.c0 - count, r1: b.r1, c1: b.c0 - 1 }));
  }
  getColumnsAfter(count = 1): any {
    return this.child("getColumnsAfter", [count], ({ bounds: b }) => ({ r0: b.r0, c0: b.c1 + 1, r1: b.r1, c1: b.c1 + count }));
  }
  getLastRow(): any {
    return this.child("getLastRow", [], ({ bounds: b }) => ({ r0: b.r1, c0: b.c0, r1: b.r1, c1: b.c1 }));
  }
  getLastColumn(): any {
    return this.child("getLastColumn", [], ({ bounds: b }) => ({ r0: b.r0, c0: b.c1, r1: b.r1, c1: b.c1 }));
  }
  getLastCell(): any {
    return this.child("getLastCell", [], ({ bounds: b }) => ({ r0: b.r1, c0: b.c1, r1: b.r1, c1: b.c1 }));
  }
  getEntireRow(): any {
    return this.child("getEntireRow", [], ({ bounds: b }) => ({ r0: b.r0, c0: 0, r1: b.r1, c1: MAX_COLS - 1 }));
  }
  getEntireColumn(): any {
    return this.child("getEntireColumn", [], ({ bounds: b }) => ({ r0: 0, c0: b.c0, r1: MAX_ROWS - 1, c1: b.c1 }));
  }
  getBoundingRect(other: unknown): any {
    return this.child("getBoundingRect", [String(other)], (ref) => {
      const o = refOf(ref.sheet.workbook, ref.sheet, other, "Range.getBoundingRect");
      return { r0: Math.min(ref.bounds.r0, o.bounds.r0), c0: Math.min(ref.bounds.c0, o.bounds.c0), r1: Math.max(ref.bounds.r1, o.bounds.r1), c1: Math.max(ref.bounds.c1, o.bounds.c1) };
    });
  }
  getIntersection(other: unknown): any {
    return this.child("getIntersection", [String(other)], (ref) => intersection(ref.bounds, refOf(ref.sheet.workbook, ref.sheet, other, "Range.getIntersection").bounds));
  }
  getIntersectionOrNullObject(other: unknown): any {
    return this.child("getIntersectionOrNullObject", [String(other)], (ref) => intersection(ref.bounds, refOf(ref.sheet.workbook, ref.sheet, other, "Range.getIntersection").bounds), true);
  }
  getUsedRange(valuesOnly = false): any {
    return this.child("getUsedRange", [valuesOnly], (ref) => {
      const u = ref.sheet.usedBounds(valuesOnly);
      return u ? intersection(u, ref.bounds) : null;
    });
  }
  getUsedRangeOrNullObject(valuesOnly = false): any {
    return this.child("getUsedRangeOrNullObject", [valuesOnly], (ref) => {
      const u = ref.sheet.usedBounds(valuesOnly);
      return u ? intersection(u, ref.bounds) : null;
    }, true);
  }
  clear(applyTo: string = "All"): void {
    this._call("clear", [applyTo], (ref: RangeRef) => {
      ref.sheet.assertWritable("Range.clear");
      ref.sheet.clear(ref.bounds, applyTo as "All");
    });
  }
  select(): void {
    this._call("select", [], (ref: RangeRef) => {
      ref.sheet.workbook.activeSheet = ref.sheet;
      ref.sheet.workbook.selection = { sheet: ref.sheet, bounds: ref.bounds };
    });
  }
  merge(across = false): void {
    this._call("merge", [across], (ref: RangeRef) => {
      ref.sheet.assertWritable("Range.merge");
      const b = ref.bounds;
      const areas: Bounds[] = across ? Array.from({ length: b.r1 - b.r0 + 1 }, (_, i) => ({ r0: b.r0 + i, c0: b.c0, r1: b.r0 + i, c1: b.c1 })) : [b];
      if (ref.sheet.workbook.tablesIntersecting(ref.sheet, b).length) throw simError("InvalidOperation", "Range.merge", "Cannot merge cells in a table.");
      for (const a of areas) {
        ref.sheet.merges = ref.sheet.merges.filter((m) => !intersects(m, a));
        ref.sheet.merges.push(a);
        // Excel keeps only the top-left value of a merged area
        forEachCell(a, (r, c) => {
          if (r !== a.r0 || c !== a.c0) ref.sheet.write(r, c, "", "Range.merge");
        });
      }
    });
  }
  unmerge(): void {
    this._call("unmerge", [], (ref: RangeRef) => {
      ref.sheet.merges = ref.sheet.merges.filter((m) => !intersects(m, ref.bounds));
    });
  }
  set(properties: Record<string, unknown>): void {
    const apply = (o: any, props: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(props)) {
        if (v && typeof v === "object" && !Array.isArray(v) && k !== "hyperlink") apply(o[k], v as Record<string, unknown>);
        else o[k] = v;
      }
    };
    apply(this, properties);
  }
}

function textOf(ref: RangeRef, r: number, c: number): string {
  const v = ref.sheet.get(r, c);
  return formatValue(v === undefined ? undefined : readValue(v), ref.sheet.numFmt(r, c), ref.sheet.workbook.date1904);
}

/** `formulas` and `formulasLocal` (the simulated host speaks en-US only). */
const formulasProp: PropDef = {
  cells: true,
  get: (t: RangeRef) => grid(t.bounds, (r, c) => t.sheet.formula(r, c) ?? readValue(t.sheet.get(r, c))),
  set: (t: RangeRef, v) => {
    t.sheet.assertWritable("Range.formulas");
    eachInput(t, v, "Range.formulas", (r, c, x) => t.sheet.write(r, c, x, "Range.formulas"));
  },
};

const RangeDef: ClassDef = {
  name: "Range",
  props: {
    address: ro((t: RangeRef) => qualifiedAddress(t.sheet.name, t.bounds)),
    addressLocal: ro((t: RangeRef) => qualifiedAddress(t.sheet.name, t.bounds)),
    cellCount: ro((t: RangeRef) => cellCount(t.bounds)),
    rowCount: ro((t: RangeRef) => t.bounds.r1 - t.bounds.r0 + 1),
    columnCount: ro((t: RangeRef) => t.bounds.c1 - t.bounds.c0 + 1),
    rowIndex: ro((t: RangeRef) => t.bounds.r0),
    columnIndex: ro((t: RangeRef) => t.bounds.c0),
    isEntireColumn: ro((t: RangeRef) => t.bounds.r0 === 0 && t.bounds.r1 === MAX_ROWS - 1),
    isEntireRow: ro((t: RangeRef) => t.bounds.c0 === 0 && t.bounds.c1 === MAX_COLS - 1),
    values: {
      cells: true,
      get: (t: RangeRef) => t.sheet.valuesBlock(t.bounds),
      set: (t: RangeRef, v) => {
        t.sheet.assertWritable("Range.values");
        eachInput(t, v, "Range.values", (r, c, x) => t.sheet.write(r, c, x, "Range.values"));
      },
    },
    valueTypes: { cells: true, get: (t: RangeRef) => t.sheet.typesBlock(t.bounds) },
    formulas: formulasProp,
    formulasLocal: formulasProp,
    numberFormat: {
      cells: true,
      get: (t: RangeRef) => grid(t.bounds, (r, c) => t.sheet.numFmt(r, c)),
      set: (t: RangeRef, v) => {
        t.sheet.assertWritable("Range.numberFormat");
        eachInput(t, v, "Range.numberFormat", (r, c, x) => {
          if (x === null || x === undefined) return;
          if (typeof x !== "string") badArg("Range.numberFormat");
          if (x === "General") {
            const e = t.sheet.extra(r, c);
            if (e) {
              e.numFmt = undefined;
              t.sheet.dropExtraIfEmpty(r, c);
            }
          } else t.sheet.extraFor(r, c).numFmt = x;
        });
      },
    },
    numberFormatLocal: {
      cells: true,
      get: (t: RangeRef) => grid(t.bounds, (r, c) => t.sheet.numFmt(r, c)),
      set: (t: RangeRef, v, o) => RangeDef.props.numberFormat.set!(t, v, o),
    },
    text: { cells: true, get: (t: RangeRef) => grid(t.bounds, (r, c) => textOf(t, r, c)) },
    hyperlink: rw(
      (t: RangeRef) => {
        const h = t.sheet.extra(t.bounds.r0, t.bounds.c0)?.hyperlink;
        return h ? { ...h } : null;
      },
      (t: RangeRef, v) => {
        t.sheet.assertWritable("Range.hyperlink");
        const h = (v ?? {}) as { address?: string; documentReference?: string; screenTip?: string; textToDisplay?: string };
        forEachCell(t.bounds, (r, c) => {
          if (!h.address && !h.documentReference) {
            const e = t.sheet.extra(r, c);
            if (e) {
              e.hyperlink = undefined;
              t.sheet.dropExtraIfEmpty(r, c);
            }
            return;
          }
          const e = t.sheet.extraFor(r, c);
          e.hyperlink = { address: h.address, documentReference: h.documentReference, screenTip: h.screenTip, textToDisplay: h.textToDisplay };
          if (h.textToDisplay !== undefined) {
            t.sheet.put(r, c, h.textToDisplay === "" ? undefined : h.textToDisplay);
            e.formula = undefined;
          } else if (t.sheet.get(r, c) === undefined) t.sheet.put(r, c, h.address ?? h.documentReference);
        });
      },
    ),
    style: rw(
      () => "Normal",
      (t: RangeRef, v) => {
        if (v !== "Normal") notSupported(`Range.style = ${String(v)}`);
        setStyle(t, "Range.style", (st) => {
          for (const k of Object.keys(st)) delete (st as Record<string, unknown>)[k];
        });
      },
    ),
    height: ro((t: RangeRef) => {
      let h = 0;
      for (let r = t.bounds.r0; r <= t.bounds.r1; r++) h += t.sheet.rowHeights.get(r) ?? DEFAULT_ROW_HEIGHT;
      return h;
    }),
    width: ro((t: RangeRef) => {
      let w = 0;
      for (let c = t.bounds.c0; c <= t.bounds.c1; c++) w += t.sheet.colWidths.get(c) ?? DEFAULT_COL_WIDTH;
      return w;
    }),
  },
  nav: {
    format: (o) => make(RangeFormatDef, o._ctx, () => o._resolve(), o, { name: "format" }, RangeFormatProxy),
    conditionalFormats: (o) => make(CFCollectionDef, o._ctx, () => o._resolve(), o, { name: "conditionalFormats" }, CFCollectionProxy),
    worksheet: (o) => make(WorksheetDef, o._ctx, () => (o._resolve() as RangeRef).sheet, o, { name: "worksheet" }, WorksheetProxy),
  },
};
registerNavDef("Range", "format", () => RangeFormatDef);
registerNavDef("Range", "conditionalFormats", () => CFCollectionDef);
registerNavDef("Range", "worksheet", () => WorksheetDef);

// ---------------------------------------------------------------------------------------------------------------
// Range format

class RangeFormatProxy extends SimObject {
  autofitColumns(): void {
    this._call("autofitColumns", [], (ref: RangeRef) => {
      ref.sheet.assertWritable("RangeFormat.autofitColumns");
      const b = ref.bounds;
      const used = ref.sheet.usedBounds(true);
      if (!used) return;
      const r0 = Math.max(b.r0, used.r0);
      const r1 = Math.min(b.r1, used.r1, r0 + 20000);
      for (let c = b.c0; c <= Math.min(b.c1, used.c1); c++) {
        let chars = 0;
        for (let r = r0; r <= r1; r++) {
          if (ref.sheet.get(r, c) === undefined) continue;
          chars = Math.max(chars, textOf(ref, r, c).length);
        }
        if (chars > 0) ref.sheet.colWidths.set(c, Math.min(409, Math.max(12, Math.round(chars * 5.6 + 7))));
      }
    });
  }
  autofitRows(): void {
    this._call("autofitRows", [], () => undefined);
  }
}

const styleProp = (name: string, read: (st: CellStyle | undefined) => unknown, write: (st: CellStyle, v: any) => void): PropDef =>
  rw(
    (t: RangeRef) => uniform(t, read),
    (t: RangeRef, v) => setStyle(t, `RangeFormat.${name}`, (st) => write(st, v)),
  );

const RangeFormatDef: ClassDef = {
  name: "RangeFormat",
  props: {
    columnWidth: rw(
      (t: RangeRef) => t.sheet.colWidths.get(t.bounds.c0) ?? DEFAULT_COL_WIDTH,
      (t: RangeRef, v) => {
        t.sheet.assertWritable("RangeFormat.columnWidth");
        if (typeof v !== "number" || v < 0) badArg("RangeFormat.columnWidth");
        for (let c = t.bounds.c0; c <= t.bounds.c1; c++) t.sheet.colWidths.set(c, v);
      },
    ),
    rowHeight: rw(
      (t: RangeRef) => t.sheet.rowHeights.get(t.bounds.r0) ?? DEFAULT_ROW_HEIGHT,
      (t: RangeRef, v) => {
        t.sheet.assertWritable("RangeFormat.rowHeight");
        if (typeof v !== "number" || v < 0) badArg("RangeFormat.rowHeight");
        for (let r = t.bounds.r0; r <= Math.min(t.bounds.r1, t.bounds.r0 + 100000); r++) t.sheet.rowHeights.set(r, v);
      },
    ),
    wrapText: styleProp("wrapText", (s) => s?.wrap ?? false, (s, v) => (s.wrap = Boolean(v))),
    horizontalAlignment: styleProp("horizontalAlignment", (s) => s?.hAlign ?? "General", (s, v) => (s.hAlign = String(v))),
    verticalAlignment: styleProp("verticalAlignment", (s) => s?.vAlign ?? "Bottom", (s, v) => (s.vAlign = String(v))),
    indentLevel: styleProp("indentLevel", (s) => s?.indent ?? 0, (s, v) => (s.indent = Number(v))),
  },
  nav: {
    font: (o) => make(RangeFontDef, o._ctx, () => o._resolve(), o, { name: "font" }),
    fill: (o) => make(RangeFillDef, o._ctx, () => o._resolve(), o, { name: "fill" }, RangeFillProxy),
    borders: (o) => make(BordersDef, o._ctx, () => o._resolve(), o, { name: "borders" }, BordersProxy),
  },
};
registerNavDef("RangeFormat", "font", () => RangeFontDef);
registerNavDef("RangeFormat", "fill", () => RangeFillDef);
registerNavDef("RangeFormat", "borders", () => BordersDef);

const fontProp = (name: string, read: (st: CellStyle | undefined) => unknown, write: (st: CellStyle, v: any) => void): PropDef =>
  rw(
    (t: RangeRef) => uniform(t, read),
    (t: RangeRef, v) => setStyle(t, `RangeFont.${name}`, (st) => write(st, v)),
  );

const RangeFontDef: ClassDef = {
  name: "RangeFont",
  props: {
    bold: fontProp("bold", (s) => s?.bold ?? false, (s, v) => (s.bold = Boolean(v))),
    italic: fontProp("italic", (s) => s?.italic ?? false, (s, v) => (s.italic = Boolean(v))),
    color: fontProp("color", (s) => s?.fontColor ?? "#000000", (s, v) => (s.fontColor = normColor(v))),
    size: fontProp("size", (s) => s?.fontSize ?? 11, (s, v) => (s.fontSize = Number(v))),
    name: fontProp("name", (s) => s?.fontName ?? "Calibri", (s, v) => (s.fontName = String(v))),
    underline: fontProp("underline", (s) => s?.underline ?? "None", (s, v) => (s.underline = String(v))),
    strikethrough: fontProp("strikethrough", (s) => s?.strikethrough ?? false, (s, v) => (s.strikethrough = Boolean(v))),
  },
  nav: {},
};

class RangeFillProxy extends SimObject {
  clear(): void {
    this._call("clear", [], (ref: RangeRef) =>
      setStyle(ref, "RangeFill.clear", (st) => {
        delete st.fill;
      }),
    );
  }
}
const RangeFillDef: ClassDef = {
  name: "RangeFill",
  props: {
    color: rw(
      (t: RangeRef) => uniform(t, (s) => s?.fill ?? "#FFFFFF"),
      (t: RangeRef, v) => setStyle(t, "RangeFill.color", (st) => (st.fill = normColor(v))),
    ),
  },
  nav: {},
};

function normColor(v: unknown): string {
  const s = String(v ?? "");
  const named: Record<string, string> = { red: "#FF0000", green: "#008000", blue: "#0000FF", yellow: "#FFFF00", white: "#FFFFFF", black: "#000000", orange: "#FFA500", gray: "#808080", grey: "#808080" };
  if (named[s.toLowerCase()]) return named[s.toLowerCase()];
  if (/^#?[0-9a-f]{6}$/i.test(s)) return ("#" + s.replace("#", "")).toUpperCase();
  if (/^#?[0-9a-f]{3}$/i.test(s)) return ("#" + s.replace("#", "").split("").map((x) => x + x).join("")).toUpperCase();
  return badArg("color", `The argument is invalid or missing or has an incorrect format (color ${s}).`);
}

class BordersProxy extends SimObject {
  getItem(index: string): any {
    return this._method((res, path) => make(BorderDef, this._ctx, res, this, path), "getItem", [index], () => ({ ref: this._resolve() as RangeRef, side: index }));
  }
}
const BordersDef: ClassDef = { name: "RangeBorderCollection", props: {}, nav: {} };
const borderProp = (k: "style" | "color" | "weight", dflt: string): PropDef =>
  rw(
    (t: { ref: RangeRef; side: string }) => uniform(t.ref, (s) => s?.borders?.[t.side]?.[k] ?? dflt),
    (t: { ref: RangeRef; side: string }, v) =>
      setStyle(t.ref, `RangeBorder.${k}`, (st) => {
        st.borders ??= {};
        st.borders[t.side] = { ...st.borders[t.side], [k]: k === "color" ? normColor(v) : String(v) };
      }),
  );
const BorderDef: ClassDef = {
  name: "RangeBorder",
  props: { style: borderProp("style", "None"), color: borderProp("color", "#000000"), weight: borderProp("weight", "Thin"), sideIndex: ro((t: { side: string }) => t.side) },
  nav: {},
};

// ---------------------------------------------------------------------------------------------------------------
// Conditional formats

interface CFCollTarget extends RangeRef {}

function subtract(a: Bounds, b: Bounds): Bounds[] {
  const i = intersection(a, b);
  if (!i) return [a];
  const out: Bounds[] = [];
  if (a.r0 < i.r0) out.push({ r0: a.r0, c0: a.c0, r1: i.r0 - 1, c1: a.c1 });
  if (i.r1 < a.r1) out.push({ r0: i.r1 + 1, c0: a.c0, r1: a.r1, c1: a.c1 });
  if (a.c0 < i.c0) out.push({ r0: i.r0, c0: a.c0, r1: i.r1, c1: i.c0 - 1 });
  if (i.c1 < a.c1) out.push({ r0: i.r0, c0: i.c1 + 1, r1: i.r1, c1: a.c1 });
  return out;
}

function cfsOn(t: CFCollTarget): SimConditionalFormat[] {
  return t.sheet.conditionalFormats.filter((cf) => cf.ranges.some((r) => intersects(r, t.bounds))).sort((a, b) => a.priority - b.priority);
}

class CFCollectionProxy extends SimObject {
  add(type: string): any {
    return this._method((res, path) => make(CFDef, this._ctx, res, this, path, CFProxy), "add", [type], () => {
      const t = this._resolve() as CFCollTarget;
      if (type !== "Custom") notSupported(`ConditionalFormatCollection.add("${type}") (only "Custom" is simulated)`);
      t.sheet.assertWritable("ConditionalFormatCollection.add");
      for (const cf of t.sheet.conditionalFormats) cf.priority++;
      const cf = new SimConditionalFormat(t.sheet.workbook.nextId("CF"), t.sheet, [{ ...t.bounds }]);
      t.sheet.conditionalFormats.push(cf);
      return cf;
    });
  }
  private find(name: string, key: unknown, nullable: boolean): any {
    return this._method((res, path) => make(CFDef, this._ctx, res, this, path, CFProxy), name, [key], () => {
      const list = cfsOn(this._resolve() as CFCollTarget);
      const cf = typeof key === "number" ? list[key] : list.find((x) => x.id === key);
      if (!cf) {
        if (nullable) return null;
        throw simError("ItemNotFound", `ConditionalFormatCollection.${name}`);
      }
      return cf;
    });
  }
  getItem(id: string): any {
    return this.find("getItem", id, false);
  }
  getItemOrNullObject(id: string): any {
    return this.find("getItemOrNullObject", id, true);
  }
  getItemAt(index: number): any {
    return this.find("getItemAt", index, false);
  }
  getCount(): SimClientResult<number> {
    return this._callResult("getCount", [], (t: CFCollTarget) => cfsOn(t).length);
  }
  clearAll(): void {
    this._call("clearAll", [], (t: CFCollTarget) => {
      t.sheet.assertWritable("ConditionalFormatCollection.clearAll");
      t.sheet.conditionalFormats = t.sheet.conditionalFormats.filter((cf) => {
        cf.ranges = cf.ranges.flatMap((r) => subtract(r, t.bounds));
        return cf.ranges.length > 0;
      });
    });
  }
}
const CFCollectionDef: ClassDef = {
  name: "ConditionalFormatCollection",
  props: {},
  nav: {},
  items: (o, t: CFCollTarget) => cfsOn(t).map((cf) => resolved(CFDef, o._ctx, cf, o, CFProxy)),
  itemDef: () => CFDef,
};

class CFProxy extends SimObject {
  getRange(): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef), "getRange", [], () => {
      const cf = this._resolve() as SimConditionalFormat;
      if (cf.ranges.length !== 1) throw simError("InvalidOperation", "ConditionalFormat.getRange", "The conditional format applies to several ranges.");
      return { sheet: cf.sheet, bounds: cf.ranges[0] };
    });
  }
  getRangeOrNullObject(): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef | null), "getRangeOrNullObject", [], () => {
      const cf = this._resolve() as SimConditionalFormat;
      return cf.ranges.length === 1 ? { sheet: cf.sheet, bounds: cf.ranges[0] } : null;
    });
  }
  delete(): void {
    this._call("delete", [], (cf: SimConditionalFormat) => {
      cf.sheet.assertWritable("ConditionalFormat.delete");
      cf.sheet.conditionalFormats = cf.sheet.conditionalFormats.filter((x) => x !== cf);
    });
  }
}
const CFDef: ClassDef = {
  name: "ConditionalFormat",
  props: {
    id: ro((cf: SimConditionalFormat) => cf.id),
    type: ro((cf: SimConditionalFormat) => cf.type),
    priority: rw(
      (cf: SimConditionalFormat) => cf.priority,
      (cf: SimConditionalFormat, v) => {
        const list = cf.sheet.conditionalFormats.filter((x) => x !== cf).sort((a, b) => a.priority - b.priority);
        list.splice(Math.max(0, Math.min(list.length, Number(v))), 0, cf);
        list.forEach((x, i) => (x.priority = i));
      },
    ),
    stopIfTrue: rw(
      (cf: SimConditionalFormat) => cf.stopIfTrue,
      (cf: SimConditionalFormat, v) => (cf.stopIfTrue = Boolean(v)),
    ),
  },
  nav: {
    custom: (o) => make(CustomCFDef, o._ctx, () => o._resolve(), o, { name: "custom" }),
  },
};
registerNavDef("ConditionalFormat", "custom", () => CustomCFDef);

const CustomCFDef: ClassDef = {
  name: "CustomConditionalFormat",
  props: {},
  nav: {
    rule: (o) => make(CFRuleDef, o._ctx, () => o._resolve(), o, { name: "rule" }),
    format: (o) => make(CFFormatDef, o._ctx, () => o._resolve(), o, { name: "format" }),
  },
};
registerNavDef("CustomConditionalFormat", "rule", () => CFRuleDef);
registerNavDef("CustomConditionalFormat", "format", () => CFFormatDef);

const cfWrite = (f: (cf: SimConditionalFormat, v: any) => void) => (cf: SimConditionalFormat, v: unknown) => {
  cf.sheet.assertWritable("ConditionalFormat");
  f(cf, v);
};
const CFRuleDef: ClassDef = {
  name: "ConditionalFormatRule",
  props: {
    formula: rw(
      (cf: SimConditionalFormat) => cf.formula,
      cfWrite((cf, v) => (cf.formula = String(v))),
    ),
    formulaLocal: rw(
      (cf: SimConditionalFormat) => cf.formula,
      cfWrite((cf, v) => (cf.formula = String(v))),
    ),
  },
  nav: {},
};
class CFFillProxy extends SimObject {
  clear(): void {
    this._call("clear", [], (cf: SimConditionalFormat) => (cf.fill = null));
  }
}
class CFFontProxy extends SimObject {
  clear(): void {
    this._call("clear", [], (cf: SimConditionalFormat) => {
      cf.fontColor = null;
      cf.bold = null;
      cf.italic = null;
      cf.strikethrough = null;
    });
  }
}
const CFFormatDef: ClassDef = {
  name: "ConditionalRangeFormat",
  props: {
    numberFormat: rw(
      (cf: SimConditionalFormat) => cf.numberFormat,
      cfWrite((cf, v) => (cf.numberFormat = v === null ? null : String(v))),
    ),
  },
  nav: {
    fill: (o) => make(CFFillDef, o._ctx, () => o._resolve(), o, { name: "fill" }, CFFillProxy),
    font: (o) => make(CFFontDef, o._ctx, () => o._resolve(), o, { name: "font" }, CFFontProxy),
  },
};
registerNavDef("ConditionalRangeFormat", "fill", () => CFFillDef);
registerNavDef("ConditionalRangeFormat", "font", () => CFFontDef);
const CFFillDef: ClassDef = {
  name: "ConditionalRangeFill",
  props: { color: rw((cf: SimConditionalFormat) => cf.fill, cfWrite((cf, v) => (cf.fill = v === null ? null : normColor(v)))) },
  nav: {},
};
const CFFontDef: ClassDef = {
  name: "ConditionalRangeFont",
  props: {
    color: rw((cf: SimConditionalFormat) => cf.fontColor, cfWrite((cf, v) => (cf.fontColor = v === null ? null : normColor(v)))),
    bold: rw((cf: SimConditionalFormat) => cf.bold, cfWrite((cf, v) => (cf.bold = v === null ? null : Boolean(v)))),
    italic: rw((cf: SimConditionalFormat) => cf.italic, cfWrite((cf, v) => (cf.italic = v === null ? null : Boolean(v)))),
    strikethrough: rw((cf: SimConditionalFormat) => cf.strikethrough, cfWrite((cf, v) => (cf.strikethrough = v === null ? null : Boolean(v)))),
  },
  nav: {},
};

// ---------------------------------------------------------------------------------------------------------------
// Worksheets

export class WorksheetProxy extends SimObject {
  private sheet(): SimSheet {
    return this._resolve() as SimSheet;
  }
  getRange(address?: string): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef), "getRange", [address ?? ""], () => {
      const sheet = this.sheet();
      if (address === undefined || address === "") return { sheet, bounds: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 } };
      const { sheet: sn, local } = splitSheet(address);
      if (sn !== undefined && sn.toLowerCase() !== sheet.name.toLowerCase()) badArg("Worksheet.getRange");
      const b = parseBounds(local);
      if (b) return { sheet, bounds: b };
      const named = sheet.workbook.resolveReference(address, sheet);
      if (named && named.sheet === sheet) return named;
      return badArg("Worksheet.getRange");
    });
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef), "getRangeByIndexes", [startRow, startColumn, rowCount, columnCount], () => {
      const b = { r0: startRow, c0: startColumn, r1: startRow + rowCount - 1, c1: startColumn + columnCount - 1 };
      if (rowCount < 1 || columnCount < 1 || b.r0 < 0 || b.c0 < 0 || b.r1 >= MAX_ROWS || b.c1 >= MAX_COLS) badArg("Worksheet.getRangeByIndexes");
      return { sheet: this.sheet(), bounds: b };
    });
  }
  getCell(row: number, column: number): any {
    return this.getRangeByIndexes(row, column, 1, 1);
  }
  getUsedRange(valuesOnly = false): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef), "getUsedRange", [valuesOnly], () => {
      const sheet = this.sheet();
      return { sheet, bounds: sheet.usedBounds(valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }
  getUsedRangeOrNullObject(valuesOnly = false): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef | null), "getUsedRangeOrNullObject", [valuesOnly], () => {
      const sheet = this.sheet();
      const b = sheet.usedBounds(valuesOnly);
      return b ? { sheet, bounds: b } : null;
    });
  }
  activate(): void {
    this._call("activate", [], (s: SimSheet) => {
      if (s.visibility !== "Visible") throw simError("InvalidOperation", "Worksheet.activate");
      s.workbook.activeSheet = s;
      s.workbook.selection = { sheet: s, bounds: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }
  delete(): void {
    this._call("delete", [], (s: SimSheet) => s.workbook.deleteSheet(s));
  }
  calculate(_markAllDirty?: boolean): void {
    this._call("calculate", [_markAllDirty ?? false], () => undefined);
  }
}

const WorksheetDef: ClassDef = {
  name: "Worksheet",
  props: {
    id: ro((s: SimSheet) => s.id),
    name: rw(
      (s: SimSheet) => s.name,
      (s: SimSheet, v) => {
        s.workbook.checkSheetName(String(v), "Worksheet.name", s);
        s.name = String(v);
      },
    ),
    position: rw(
      (s: SimSheet) => s.position,
      (s: SimSheet, v) => {
        const wb = s.workbook;
        const p = Number(v);
        if (!Number.isInteger(p) || p < 0 || p >= wb.sheets.length) badArg("Worksheet.position");
        wb.sheets = wb.sheets.filter((x) => x !== s);
        wb.sheets.splice(p, 0, s);
      },
    ),
    visibility: rw(
      (s: SimSheet) => s.visibility,
      (s: SimSheet, v) => {
        if (v !== "Visible" && v !== "Hidden" && v !== "VeryHidden") badArg("Worksheet.visibility");
        if (v !== "Visible" && s.visibility === "Visible" && s.workbook.sheets.filter((x) => x.visibility === "Visible").length === 1) {
          throw simError("InvalidOperation", "Worksheet.visibility", "A workbook must contain at least one visible worksheet.");
        }
        s.visibility = v;
        if (v !== "Visible" && s.workbook.activeSheet === s) s.workbook.activeSheet = s.workbook.sheets.find((x) => x.visibility === "Visible");
      },
    ),
    tabColor: rw(
      (s: SimSheet) => s.tabColor,
      (s: SimSheet, v) => (s.tabColor = v ? normColor(v) : ""),
    ),
    showGridlines: rw(
      (s: SimSheet) => s.showGridlines,
      (s: SimSheet, v) => (s.showGridlines = Boolean(v)),
    ),
    standardWidth: ro(() => 8.43),
    standardHeight: ro(() => DEFAULT_ROW_HEIGHT),
    enableCalculation: ro(() => true),
  },
  nav: {
    tables: (o) => make(TableCollectionDef, o._ctx, () => ({ wb: (o._resolve() as SimSheet).workbook, sheet: o._resolve() }), o, { name: "tables" }, TableCollectionProxy),
    names: (o) => make(NameCollectionDef, o._ctx, () => ({ wb: (o._resolve() as SimSheet).workbook, sheet: o._resolve() }), o, { name: "names" }, NameCollectionProxy),
    protection: (o) => make(ProtectionDef, o._ctx, () => o._resolve(), o, { name: "protection" }, ProtectionProxy),
    freezePanes: (o) => make(FreezeDef, o._ctx, () => o._resolve(), o, { name: "freezePanes" }, FreezeProxy),
    pivotTables: (o) => make(PivotCollectionDef, o._ctx, () => ({ wb: (o._resolve() as SimSheet).workbook, sheet: o._resolve() }), o, { name: "pivotTables" }, PivotCollectionProxy),
    charts: (o) => make(ChartCollectionDef, o._ctx, () => o._resolve(), o, { name: "charts" }, ChartCollectionProxy),
    pageLayout: (o) => make(PageLayoutDef, o._ctx, () => o._resolve(), o, { name: "pageLayout" }, PageLayoutProxy),
  },
};
registerNavDef("Worksheet", "charts", () => ChartCollectionDef);
registerNavDef("Worksheet", "pageLayout", () => PageLayoutDef);
registerNavDef("Worksheet", "tables", () => TableCollectionDef);
registerNavDef("Worksheet", "names", () => NameCollectionDef);
registerNavDef("Worksheet", "protection", () => ProtectionDef);
registerNavDef("Worksheet", "freezePanes", () => FreezeDef);
registerNavDef("Worksheet", "pivotTables", () => PivotCollectionDef);

class ProtectionProxy extends SimObject {
  protect(_options?: unknown, _password?: string): void {
    this._call("protect", [_options ?? null], (s: SimSheet) => {
      if (s.protected) throw simError("InvalidOperation", "WorksheetProtection.protect", "The worksheet is already protected.");
      s.protected = true;
    });
  }
  unprotect(_password?: string): void {
    this._call("unprotect", [], (s: SimSheet) => {
      if (!s.protected) throw simError("InvalidOperation", "WorksheetProtection.unprotect", "The worksheet is not protected.");
      s.protected = false;
    });
  }
}
const ProtectionDef: ClassDef = {
  name: "WorksheetProtection",
  props: { protected: ro((s: SimSheet) => s.protected), options: ro(() => ({})) },
  nav: {},
};

class FreezeProxy extends SimObject {
  freezeRows(count = 1): void {
    this._call("freezeRows", [count], (s: SimSheet) => {
      s.freezeRows = count;
      s.freezeCols = 0;
    });
  }
  freezeColumns(count = 1): void {
    this._call("freezeColumns", [count], (s: SimSheet) => {
      s.freezeCols = count;
      s.freezeRows = 0;
    });
  }
  freezeAt(frozenRange: unknown): void {
    this._call("freezeAt", [String(frozenRange)], (s: SimSheet) => {
      const ref = refOf(s.workbook, s, frozenRange, "WorksheetFreezePanes.freezeAt");
      s.freezeRows = ref.bounds.r1 + 1;
      s.freezeCols = ref.bounds.c1 + 1;
    });
  }
  unfreeze(): void {
    this._call("unfreeze", [], (s: SimSheet) => {
      s.freezeRows = 0;
      s.freezeCols = 0;
    });
  }
  getLocationOrNullObject(): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef | null), "getLocationOrNullObject", [], () => {
      const s = this._resolve() as SimSheet;
      if (!s.freezeRows && !s.freezeCols) return null;
      return { sheet: s, bounds: { r0: 0, c0: 0, r1: s.freezeRows ? s.freezeRows - 1 : MAX_ROWS - 1, c1: s.freezeCols ? s.freezeCols - 1 : MAX_COLS - 1 } };
    });
  }
}
const FreezeDef: ClassDef = { name: "WorksheetFreezePanes", props: {}, nav: {} };

// Page layout (ExcelApi 1.9): the properties OPS sets, the print area, the headers and footers of all pages.
const ORIENTATIONS = ["Portrait", "Landscape"];
const PAPER_TYPES = ["Letter", "LetterSmall", "Tabloid", "Ledger", "Legal", "Statement", "Executive", "A3", "A4", "A4Small", "A5", "B4", "B5", "Folio", "Quatro", "Paper10x14", "Paper11x17", "Note", "Envelope9", "Envelope10", "Envelope11", "Envelope12", "Envelope14", "Csheet", "Dsheet", "Esheet", "EnvelopeDL", "EnvelopeC5", "EnvelopeC3", "EnvelopeC4", "EnvelopeC6", "EnvelopeC65", "EnvelopeB4", "EnvelopeB5", "EnvelopeB6", "EnvelopeItaly", "EnvelopeMonarch", "EnvelopePersonal", "FanfoldUS", "FanfoldStdGerman", "FanfoldLegalGerman"];
class PageLayoutProxy extends SimObject {
  setPrintArea(printArea: unknown): void {
    this._call("setPrintArea", [typeof printArea === "string" ? printArea : "range"], (s: SimSheet) => {
      const ref = refOf(s.workbook, s, printArea, "PageLayout.setPrintArea");
      if (ref.sheet !== s) badArg("PageLayout.setPrintArea", "The print area must be on the same worksheet.");
      s.pageLayout.printArea = { ...ref.bounds };
    });
  }
  getPrintAreaOrNullObject(): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef | null), "getPrintAreaOrNullObject", [], () => {
      const s = this._resolve() as SimSheet;
      return s.pageLayout.printArea ? { sheet: s, bounds: s.pageLayout.printArea } : null;
    });
  }
}
const PageLayoutDef: ClassDef = {
  name: "PageLayout",
  props: {
    orientation: rw(
      (s: SimSheet) => s.pageLayout.orientation ?? "Portrait",
      (s: SimSheet, v) => {
        if (!ORIENTATIONS.includes(v)) badArg("PageLayout.orientation");
        s.pageLayout.orientation = v;
      },
    ),
    paperSize: rw(
      (s: SimSheet) => s.pageLayout.paperSize ?? "Letter",
      (s: SimSheet, v) => {
        if (!PAPER_TYPES.includes(v)) badArg("PageLayout.paperSize");
        s.pageLayout.paperSize = v;
      },
    ),
    zoom: rw(
      (s: SimSheet) => ({ ...(s.pageLayout.zoom ?? { scale: 100 }) }),
      (s: SimSheet, v) => {
        if (!v || typeof v !== "object") badArg("PageLayout.zoom");
        const z = v as { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
        if (z.scale !== undefined && (z.horizontalFitToPages !== undefined || z.verticalFitToPages !== undefined)) badArg("PageLayout.zoom", "Set either a scale or fit-to-pages.");
        if (z.scale !== undefined && !(z.scale >= 10 && z.scale <= 400)) badArg("PageLayout.zoom", "The scale must be between 10 and 400.");
        s.pageLayout.zoom = { ...z };
      },
    ),
    centerHorizontally: rw(
      (s: SimSheet) => !!s.pageLayout.centerHorizontally,
      (s: SimSheet, v) => (s.pageLayout.centerHorizontally = Boolean(v)),
    ),
    printGridlines: rw(
      (s: SimSheet) => !!s.pageLayout.printGridlines,
      (s: SimSheet, v) => (s.pageLayout.printGridlines = Boolean(v)),
    ),
  },
  nav: {
    headersFooters: (o) => make(HeaderFooterGroupDef, o._ctx, () => o._resolve(), o, { name: "headersFooters" }),
  },
};
const HF_PARTS = ["leftHeader", "centerHeader", "rightHeader", "leftFooter", "centerFooter", "rightFooter"] as const;
const HeaderFooterDef: ClassDef = {
  name: "HeaderFooter",
  props: Object.fromEntries(
    HF_PARTS.map((k) => [
      k,
      rw(
        (s: SimSheet) => s.pageLayout.headersFooters[k] ?? "",
        (s: SimSheet, v) => (s.pageLayout.headersFooters[k] = String(v ?? "")),
      ),
    ]),
  ),
  nav: {},
};
const HeaderFooterGroupDef: ClassDef = {
  name: "HeaderFooterGroup",
  props: { state: ro(() => "Default") },
  nav: {
    defaultForAllPages: (o) => make(HeaderFooterDef, o._ctx, () => o._resolve(), o, { name: "defaultForAllPages" }),
  },
};
registerNavDef("PageLayout", "headersFooters", () => HeaderFooterGroupDef);
registerNavDef("HeaderFooterGroup", "defaultForAllPages", () => HeaderFooterDef);

class WorksheetCollectionProxy extends SimObject {
  private wb(): SimWorkbook {
    return this._resolve() as SimWorkbook;
  }
  private sheetProxy(name: string, args: unknown[], find: (wb: SimWorkbook) => SimSheet | null): any {
    return this._method((res, path) => make(WorksheetDef, this._ctx, res, this, path, WorksheetProxy), name, args, () => find(this.wb()));
  }
  add(name?: string): any {
    return this.sheetProxy("add", [name ?? null], (wb) => wb.addSheet(name));
  }
  getItem(key: string): any {
    return this.sheetProxy("getItem", [key], (wb) => {
      const s = wb.sheet(key) ?? wb.sheetById(key);
      if (!s) throw simError("ItemNotFound", "WorksheetCollection.getItem");
      return s;
    });
  }
  getItemOrNullObject(key: string): any {
    return this.sheetProxy("getItemOrNullObject", [key], (wb) => wb.sheet(key) ?? wb.sheetById(key) ?? null);
  }
  getActiveWorksheet(): any {
    return this.sheetProxy("getActiveWorksheet", [], (wb) => {
      const s = wb.activeSheet ?? wb.sheets[0];
      if (!s) throw simError("ItemNotFound", "WorksheetCollection.getActiveWorksheet");
      return s;
    });
  }
  getFirst(visibleOnly = false): any {
    return this.sheetProxy("getFirst", [visibleOnly], (wb) => {
      const s = wb.sheets.find((x) => !visibleOnly || x.visibility === "Visible");
      if (!s) throw simError("ItemNotFound", "WorksheetCollection.getFirst");
      return s;
    });
  }
  getLast(visibleOnly = false): any {
    return this.sheetProxy("getLast", [visibleOnly], (wb) => {
      const s = [...wb.sheets].reverse().find((x) => !visibleOnly || x.visibility === "Visible");
      if (!s) throw simError("ItemNotFound", "WorksheetCollection.getLast");
      return s;
    });
  }
  getCount(visibleOnly = false): SimClientResult<number> {
    return this._callResult("getCount", [visibleOnly], (wb: SimWorkbook) => wb.sheets.filter((s) => !visibleOnly || s.visibility === "Visible").length);
  }
}
const WorksheetCollectionDef: ClassDef = {
  name: "WorksheetCollection",
  props: {},
  nav: {},
  items: (o, wb: SimWorkbook) => wb.sheets.map((s) => resolved(WorksheetDef, o._ctx, s, o, WorksheetProxy)),
  itemDef: () => WorksheetDef,
};

// ---------------------------------------------------------------------------------------------------------------
// Tables

interface Scope {
  wb: SimWorkbook;
  sheet?: SimSheet;
}

const NAME_RE = /^[A-Za-z_\\\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*$/;
const CELLREF_RE = /^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[Rr]|[Cc])$/;

function checkName(wb: SimWorkbook, name: string, where: string, ignoreTable?: SimTable): void {
  if (!NAME_RE.test(name) || CELLREF_RE.test(name) || name.length > 255) badArg(where);
  const lower = name.toLowerCase();
  if (wb.tables.some((t) => t !== ignoreTable && t.name.toLowerCase() === lower) || wb.names.some((n) => n.name.toLowerCase() === lower)) {
    throw simError("ItemAlreadyExists", where);
  }
}

function tablesOf(s: Scope): SimTable[] {
  return s.sheet ? s.wb.tables.filter((t) => t.sheet === s.sheet) : s.wb.tables;
}

class TableCollectionProxy extends SimObject {
  private scope(): Scope {
    return this._resolve() as Scope;
  }
  private tableProxy(name: string, args: unknown[], f: (s: Scope) => SimTable | null): any {
    return this._method((res, path) => make(TableDef, this._ctx, res, this, path, TableProxy), name, args, () => f(this.scope()));
  }
  add(address: unknown, hasHeaders: boolean): any {
    return this.tableProxy("add", [typeof address === "string" ? address : "[Range]", hasHeaders], (sc) => {
      const wb = sc.wb;
      const base = sc.sheet ?? wb.activeSheet;
      const ref = refOf(wb, base, address, "TableCollection.add");
      if (sc.sheet && ref.sheet !== sc.sheet) badArg("TableCollection.add");
      if (!hasHeaders) notSupported("TableCollection.add with hasHeaders = false");
      ref.sheet.assertWritable("TableCollection.add");
      const b = ref.bounds;
      if (b.r1 - b.r0 < 0 || b.r0 === 0 && b.r1 === MAX_ROWS - 1) badArg("TableCollection.add");
      if (wb.tablesIntersecting(ref.sheet, b).length) throw simError("InvalidOperation", "TableCollection.add", "A table can't overlap another table.");
      if (ref.sheet.merges.some((m) => intersects(m, b))) throw simError("MergedRangeConflict", "TableCollection.add", "A table can't overlap merged cells.");
      // header cells: text, unique, never empty (Excel fills "Column1", "Column2"...)
      const seen = new Set<string>();
      for (let c = b.c0; c <= b.c1; c++) {
        let h = String(readValue(ref.sheet.get(b.r0, c))).trim();
        if (h === "") h = `Column${c - b.c0 + 1}`;
        let name = h;
        for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${h}${k}`;
        seen.add(name.toLowerCase());
        if (ref.sheet.get(b.r0, c) !== name) {
          ref.sheet.put(b.r0, c, name);
          const e = ref.sheet.extra(b.r0, c);
          if (e) e.formula = undefined;
        }
      }
      let i = wb.tables.length + 1;
      while (wb.table(`Table${i}`) || wb.names.some((n) => n.name.toLowerCase() === `table${i}`)) i++;
      const t = new SimTable(wb.nextId("T"), `Table${i}`, ref.sheet, { ...b });
      wb.tables.push(t);
      return t;
    });
  }
  getItem(key: string): any {
    return this.tableProxy("getItem", [key], (sc) => {
      const t = tablesOf(sc).find((x) => x.name.toLowerCase() === String(key).toLowerCase() || x.id === key);
      if (!t) throw simError("ItemNotFound", "TableCollection.getItem");
      return t;
    });
  }
  getItemOrNullObject(key: string): any {
    return this.tableProxy("getItemOrNullObject", [key], (sc) => tablesOf(sc).find((x) => x.name.toLowerCase() === String(key).toLowerCase() || x.id === key) ?? null);
  }
  getItemAt(index: number): any {
    return this.tableProxy("getItemAt", [index], (sc) => {
      const t = tablesOf(sc)[index];
      if (!t) throw simError("InvalidArgument", "TableCollection.getItemAt");
      return t;
    });
  }
  getCount(): SimClientResult<number> {
    return this._callResult("getCount", [], (sc: Scope) => tablesOf(sc).length);
  }
}
const TableCollectionDef: ClassDef = {
  name: "TableCollection",
  props: { count: ro((sc: Scope) => tablesOf(sc).length) },
  nav: {},
  items: (o, sc: Scope) => tablesOf(sc).map((t) => resolved(TableDef, o._ctx, t, o, TableProxy)),
  itemDef: () => TableDef,
};

export class TableProxy extends SimObject {
  private range(name: string, f: (t: SimTable) => Bounds | null): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef), name, [], () => {
      const t = this._resolve() as SimTable;
      const b = f(t);
      if (!b) throw simError("ItemNotFound", `Table.${name}`);
      return { sheet: t.sheet, bounds: b };
    });
  }
  getRange(): any {
    return this.range("getRange", (t) => t.bounds);
  }
  getHeaderRowRange(): any {
    return this.range("getHeaderRowRange", (t) => t.headerBounds);
  }
  getDataBodyRange(): any {
    return this.range("getDataBodyRange", (t) => t.bodyBounds);
  }
  getTotalRowRange(): any {
    return this.range("getTotalRowRange", (t) => (t.showTotals ? { r0: t.bounds.r1, c0: t.bounds.c0, r1: t.bounds.r1, c1: t.bounds.c1 } : null));
  }
  delete(): void {
    this._call("delete", [], (t: SimTable) => {
      t.sheet.assertWritable("Table.delete");
      t.sheet.clear(t.bounds, "All");
      t.sheet.workbook.tables = t.sheet.workbook.tables.filter((x) => x !== t);
    });
  }
  convertToRange(): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef), "convertToRange", [], () => {
      const t = this._resolve() as SimTable;
      t.sheet.workbook.tables = t.sheet.workbook.tables.filter((x) => x !== t);
      return { sheet: t.sheet, bounds: t.bounds };
    });
  }
  resize(newRange: unknown): void {
    this._call("resize", [String(newRange)], (t: SimTable) => {
      const ref = refOf(t.sheet.workbook, t.sheet, newRange, "Table.resize");
      if (ref.sheet !== t.sheet || ref.bounds.r0 !== t.bounds.r0) badArg("Table.resize", "The header row must stay in the same row.");
      if (t.sheet.workbook.tablesIntersecting(t.sheet, ref.bounds).some((x) => x !== t)) throw simError("InvalidOperation", "Table.resize");
      t.bounds = { ...ref.bounds };
    });
  }
  clearFilters(): void {
    this._call("clearFilters", [], () => undefined);
  }
  reapplyFilters(): void {
    this._call("reapplyFilters", [], () => undefined);
  }
}

const tableFlag = (k: "showFilterButton" | "showBandedRows" | "showBandedColumns" | "showFirstColumn" | "showLastColumn"): PropDef =>
  rw(
    (t: SimTable) => t[k],
    (t: SimTable, v) => {
      t.sheet.assertWritable(`Table.${k}`);
      t[k] = Boolean(v);
    },
  );

const TableDef: ClassDef = {
  name: "Table",
  props: {
    id: ro((t: SimTable) => t.id),
    name: rw(
      (t: SimTable) => t.name,
      (t: SimTable, v) => {
        checkName(t.sheet.workbook, String(v), "Table.name", t);
        t.name = String(v);
      },
    ),
    showHeaders: rw(
      (t: SimTable) => t.showHeaders,
      (t: SimTable, v) => {
        if (!v) notSupported("Table.showHeaders = false");
      },
    ),
    showTotals: rw(
      (t: SimTable) => t.showTotals,
      (t: SimTable, v) => {
        if (v) notSupported("Table.showTotals = true");
      },
    ),
    style: rw(
      (t: SimTable) => t.style,
      (t: SimTable, v) => {
        t.sheet.assertWritable("Table.style");
        t.style = String(v);
      },
    ),
    showFilterButton: tableFlag("showFilterButton"),
    showBandedRows: tableFlag("showBandedRows"),
    showBandedColumns: tableFlag("showBandedColumns"),
    highlightFirstColumn: tableFlag("showFirstColumn"),
    highlightLastColumn: tableFlag("showLastColumn"),
  },
  nav: {
    worksheet: (o) => make(WorksheetDef, o._ctx, () => (o._resolve() as SimTable).sheet, o, { name: "worksheet" }, WorksheetProxy),
    columns: (o) => make(TableColumnsDef, o._ctx, () => o._resolve(), o, { name: "columns" }, TableColumnsProxy),
    rows: (o) => make(TableRowsDef, o._ctx, () => o._resolve(), o, { name: "rows" }, TableRowsProxy),
  },
};
registerNavDef("Table", "worksheet", () => WorksheetDef);
registerNavDef("Table", "columns", () => TableColumnsDef);
registerNavDef("Table", "rows", () => TableRowsDef);

interface ColRef {
  table: SimTable;
  index: number;
}

class TableColumnsProxy extends SimObject {
  private col(name: string, args: unknown[], f: (t: SimTable) => number): any {
    return this._method((res, path) => make(TableColumnDef, this._ctx, res, this, path, TableColumnProxy), name, args, () => {
      const t = this._resolve() as SimTable;
      const i = f(t);
      if (i < 0) return null;
      return { table: t, index: i };
    });
  }
  getItem(key: string | number): any {
    return this.col("getItem", [key], (t) => {
      const names = t.columnNames();
      const i = typeof key === "number" ? key - 1 : names.findIndex((n) => n.toLowerCase() === String(key).toLowerCase());
      if (i < 0 || i >= names.length) throw simError("ItemNotFound", "TableColumnCollection.getItem");
      return i;
    });
  }
  getItemOrNullObject(key: string | number): any {
    return this.col("getItemOrNullObject", [key], (t) => {
      const names = t.columnNames();
      const i = typeof key === "number" ? key - 1 : names.findIndex((n) => n.toLowerCase() === String(key).toLowerCase());
      return i >= 0 && i < names.length ? i : -1;
    });
  }
  getItemAt(index: number): any {
    return this.col("getItemAt", [index], (t) => {
      if (index < 0 || index > t.bounds.c1 - t.bounds.c0) throw simError("InvalidArgument", "TableColumnCollection.getItemAt");
      return index;
    });
  }
  getCount(): SimClientResult<number> {
    return this._callResult("getCount", [], (t: SimTable) => t.bounds.c1 - t.bounds.c0 + 1);
  }
}
const TableColumnsDef: ClassDef = {
  name: "TableColumnCollection",
  props: { count: ro((t: SimTable) => t.bounds.c1 - t.bounds.c0 + 1) },
  nav: {},
  items: (o, t: SimTable) => t.columnNames().map((_, i) => resolved(TableColumnDef, o._ctx, { table: t, index: i }, o, TableColumnProxy)),
  itemDef: () => TableColumnDef,
};

class TableColumnProxy extends SimObject {
  private range(name: string, f: (c: ColRef) => Bounds | null): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef), name, [], () => {
      const c = this._resolve() as ColRef;
      const b = f(c);
      if (!b) throw simError("ItemNotFound", `TableColumn.${name}`);
      return { sheet: c.table.sheet, bounds: b };
    });
  }
  getRange(): any {
    return this.range("getRange", ({ table: t, index }) => ({ r0: t.bounds.r0, r1: t.bounds.r1, c0: t.bounds.c0 + index, c1: t.bounds.c0 + index }));
  }
  getDataBodyRange(): any {
    return this.range("getDataBodyRange", ({ table: t, index }) => ({ ...t.bodyBounds, c0: t.bounds.c0 + index, c1: t.bounds.c0 + index }));
  }
  getHeaderRowRange(): any {
    return this.range("getHeaderRowRange", ({ table: t, index }) => (t.showHeaders ? { r0: t.bounds.r0, r1: t.bounds.r0, c0: t.bounds.c0 + index, c1: t.bounds.c0 + index } : null));
  }
}
const TableColumnDef: ClassDef = {
  name: "TableColumn",
  props: {
    id: ro((c: ColRef) => c.index + 1),
    index: ro((c: ColRef) => c.index),
    name: rw(
      (c: ColRef) => c.table.columnNames()[c.index],
      (c: ColRef, v) => {
        c.table.sheet.assertWritable("TableColumn.name");
        const name = String(v);
        if (c.table.columnNames().some((n, i) => i !== c.index && n.toLowerCase() === name.toLowerCase())) throw simError("ItemAlreadyExists", "TableColumn.name");
        c.table.sheet.put(c.table.bounds.r0, c.table.bounds.c0 + c.index, name);
      },
    ),
    values: {
      cells: false,
      get: (c: ColRef) => grid({ r0: c.table.bounds.r0, r1: c.table.bounds.r1, c0: c.table.bounds.c0 + c.index, c1: c.table.bounds.c0 + c.index }, (r, col) => readValue(c.table.sheet.get(r, col))),
    },
  },
  nav: {},
};

class TableRowsProxy extends SimObject {
  getCount(): SimClientResult<number> {
    return this._callResult("getCount", [], (t: SimTable) => t.rowCount);
  }
  add(index?: number | null, values?: unknown[][]): any {
    return this._method((res, path) => make(TableRowDef, this._ctx, res, this, path), "add", [index ?? null, values ?? null], () => {
      const t = this._resolve() as SimTable;
      if (index !== undefined && index !== null && index !== t.rowCount) notSupported("TableRowCollection.add in the middle of a table (the simulated host appends only)");
      if (t.showTotals) notSupported("TableRowCollection.add on a table with a totals row");
      t.sheet.assertWritable("TableRowCollection.add");
      const rows = values ?? [new Array(t.bounds.c1 - t.bounds.c0 + 1).fill("")];
      const below: Bounds = { r0: t.bounds.r1 + 1, c0: t.bounds.c0, r1: t.bounds.r1 + rows.length, c1: t.bounds.c1 };
      // a real Excel inserts cells and shifts what is below; the simulated host only appends into empty cells
      for (let r = below.r0; r <= below.r1; r++)
        for (let c = below.c0; c <= below.c1; c++) if (t.sheet.get(r, c) !== undefined) notSupported("TableRowCollection.add over non-empty cells (the simulated host does not shift cells)");
      const startIndex = t.rowCount;
      const emptyBody = t.rowCount === 1 && t.sheet.readValues(t.bodyBounds)[0].every((v) => v === "");
      const r0 = emptyBody ? t.bodyBounds.r0 : below.r0;
      eachInput({ sheet: t.sheet, bounds: { r0, c0: below.c0, r1: r0 + rows.length - 1, c1: below.c1 } }, rows, "TableRowCollection.add", (r, c, x) => t.sheet.write(r, c, x, "TableRowCollection.add"));
      t.bounds = { ...t.bounds, r1: Math.max(t.bounds.r1, r0 + rows.length - 1) };
      return { table: t, index: emptyBody ? 0 : startIndex };
    });
  }
}
const TableRowsDef: ClassDef = {
  name: "TableRowCollection",
  props: { count: ro((t: SimTable) => t.rowCount) },
  nav: {},
  items: (o, t: SimTable) => Array.from({ length: t.rowCount }, (_, i) => resolved(TableRowDef, o._ctx, { table: t, index: i }, o)),
  itemDef: () => TableRowDef,
};
const TableRowDef: ClassDef = {
  name: "TableRow",
  props: {
    index: ro((x: { table: SimTable; index: number }) => x.index),
    values: {
      cells: false,
      get: (x: { table: SimTable; index: number }) => {
        const r = x.table.bodyBounds.r0 + x.index;
        return x.table.sheet.readValues({ r0: r, r1: r, c0: x.table.bounds.c0, c1: x.table.bounds.c1 });
      },
    },
  },
  nav: {},
};

// ---------------------------------------------------------------------------------------------------------------
// Pivot tables (location only)

interface PivotRef {
  sheet: SimSheet;
  name: string;
  bounds: Bounds;
}
function pivotsOf(sc: Scope): PivotRef[] {
  const sheets = sc.sheet ? [sc.sheet] : sc.wb.sheets;
  return sheets.flatMap((s) => s.pivots.map((p) => ({ sheet: s, name: p.name, bounds: p.bounds })));
}
class PivotCollectionProxy extends SimObject {
  getCount(): SimClientResult<number> {
    return this._callResult("getCount", [], (sc: Scope) => pivotsOf(sc).length);
  }
  getItem(name: string): any {
    return this._method((res, path) => make(PivotDef, this._ctx, res, this, path), "getItem", [name], () => {
      const p = pivotsOf(this._resolve() as Scope).find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!p) throw simError("ItemNotFound", "PivotTableCollection.getItem");
      return p;
    });
  }
}
const PivotCollectionDef: ClassDef = {
  name: "PivotTableCollection",
  props: {},
  nav: {},
  items: (o, sc: Scope) => pivotsOf(sc).map((p) => resolved(PivotDef, o._ctx, p, o)),
  itemDef: () => PivotDef,
};
const PivotDef: ClassDef = {
  name: "PivotTable",
  props: { name: ro((p: PivotRef) => p.name), id: ro((p: PivotRef) => `${p.sheet.id}:${p.name}`) },
  nav: {
    worksheet: (o) => make(WorksheetDef, o._ctx, () => (o._resolve() as PivotRef).sheet, o, { name: "worksheet" }, WorksheetProxy),
    layout: (o) => make(PivotLayoutDef, o._ctx, () => o._resolve(), o, { name: "layout" }, PivotLayoutProxy),
  },
};
registerNavDef("PivotTable", "worksheet", () => WorksheetDef);
registerNavDef("PivotTable", "layout", () => PivotLayoutDef);
class PivotLayoutProxy extends SimObject {
  getRange(): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef), "getRange", [], () => {
      const p = this._resolve() as PivotRef;
      return { sheet: p.sheet, bounds: p.bounds };
    });
  }
}
const PivotLayoutDef: ClassDef = { name: "PivotLayout", props: {}, nav: {} };

// ---------------------------------------------------------------------------------------------------------------
// Names

function namesOf(sc: Scope): SimName[] {
  return sc.wb.names.filter((n) => (sc.sheet ? n.scope === sc.sheet : n.scope === undefined));
}

class NameCollectionProxy extends SimObject {
  add(name: string, reference: unknown, comment?: string): any {
    return this._method((res, path) => make(NameDef, this._ctx, res, this, path, NameProxy), "add", [name, typeof reference === "string" ? reference : "[Range]", comment ?? ""], () => {
      const sc = this._resolve() as Scope;
      if (!NAME_RE.test(name) || CELLREF_RE.test(name)) badArg("NamedItemCollection.add");
      const lower = name.toLowerCase();
      if (namesOf(sc).some((n) => n.name.toLowerCase() === lower) || sc.wb.tables.some((t) => t.name.toLowerCase() === lower)) throw simError("ItemAlreadyExists", "NamedItemCollection.add");
      let formula: string;
      if (typeof reference === "string") formula = reference.startsWith("=") ? reference : `=${reference}`;
      else {
        const ref = refOf(sc.wb, sc.sheet, reference, "NamedItemCollection.add");
        formula = `=${qualifiedAddress(ref.sheet.name, ref.bounds, true)}`;
      }
      const n = new SimName(name, formula, sc.sheet);
      n.comment = comment ?? "";
      sc.wb.names.push(n);
      return n;
    });
  }
  addFormulaLocal(name: string, formula: string, comment?: string): any {
    return this.add(name, formula, comment);
  }
  getItem(name: string): any {
    return this._method((res, path) => make(NameDef, this._ctx, res, this, path, NameProxy), "getItem", [name], () => {
      const n = namesOf(this._resolve() as Scope).find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!n) throw simError("ItemNotFound", "NamedItemCollection.getItem");
      return n;
    });
  }
  getItemOrNullObject(name: string): any {
    return this._method((res, path) => make(NameDef, this._ctx, res, this, path, NameProxy), "getItemOrNullObject", [name], () => namesOf(this._resolve() as Scope).find((x) => x.name.toLowerCase() === name.toLowerCase()) ?? null);
  }
  getCount(): SimClientResult<number> {
    return this._callResult("getCount", [], (sc: Scope) => namesOf(sc).length);
  }
}
const NameCollectionDef: ClassDef = {
  name: "NamedItemCollection",
  props: {},
  nav: {},
  items: (o, sc: Scope) => namesOf(sc).map((n) => resolved(NameDef, o._ctx, n, o, NameProxy)),
  itemDef: () => NameDef,
};

function nameInfo(wb: SimWorkbook, n: SimName): { type: string; value: unknown } {
  const body = n.formula.replace(/^=/, "");
  const ref = wb.resolveReference(body, n.scope);
  if (ref) return { type: "Range", value: qualifiedAddress(ref.sheet.name, ref.bounds, true) };
  if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(body)) return { type: "Double", value: Number(body) };
  if (/^(TRUE|FALSE)$/i.test(body)) return { type: "Boolean", value: /^TRUE$/i.test(body) };
  if (/^".*"$/.test(body)) return { type: "String", value: body.slice(1, -1).replace(/""/g, '"') };
  if (/^#/.test(body)) return { type: "Error", value: body };
  return { type: "String", value: n.formula };
}

class NameProxy extends SimObject {
  getRange(): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef), "getRange", [], () => this.rangeOf(false));
  }
  getRangeOrNullObject(): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef | null), "getRangeOrNullObject", [], () => this.rangeOf(true));
  }
  private rangeOf(nullable: boolean): RangeRef | null {
    const n = this._resolve() as SimName;
    const wb = (this._ctx as SimContext)._wb;
    const ref = wb.resolveReference(n.formula.replace(/^=/, ""), n.scope);
    if (!ref) {
      if (nullable) return null;
      throw simError("InvalidOperation", "NamedItem.getRange", "The named item does not refer to a range.");
    }
    return ref;
  }
  delete(): void {
    this._call("delete", [], (n: SimName) => {
      const wb = (this._ctx as SimContext)._wb;
      wb.names = wb.names.filter((x) => x !== n);
    });
  }
}
const NameDef: ClassDef = {
  name: "NamedItem",
  props: {
    name: ro((n: SimName) => n.name),
    type: ro((n: SimName, o) => nameInfo(o._ctx._wb, n).type),
    value: ro((n: SimName, o) => nameInfo(o._ctx._wb, n).value),
    formula: rw(
      (n: SimName) => n.formula,
      (n: SimName, v) => (n.formula = String(v).startsWith("=") ? String(v) : `=${String(v)}`),
    ),
    comment: rw(
      (n: SimName) => n.comment,
      (n: SimName, v) => (n.comment = String(v)),
    ),
    visible: rw(
      (n: SimName) => n.visible,
      (n: SimName, v) => (n.visible = Boolean(v)),
    ),
    scope: ro((n: SimName) => (n.scope ? "Worksheet" : "Workbook")),
  },
  nav: {},
};
// ---------------------------------------------------------------------------------------------------------------
// Settings

class SettingCollectionProxy extends SimObject {
  add(key: string, value: unknown): any {
    return this._method((res, path) => make(SettingDef, this._ctx, res, this, path, SettingProxy), "add", [key, value], () => {
      const wb = this._resolve() as SimWorkbook;
      if (typeof key !== "string" || key === "" || value === undefined) badArg("SettingCollection.add");
      const json = JSON.stringify(value);
      let total = json.length;
      for (const [k, v] of wb.settings) if (k !== key) total += v.length + k.length;
      if (total > (this._ctx as SimContext)._hooks.limits.settingsBytes) throw simError("GeneralException", "SettingCollection.add", "The settings are too large.");
      wb.settings.set(key, json);
      return { wb, key };
    });
  }
  getItem(key: string): any {
    return this._method((res, path) => make(SettingDef, this._ctx, res, this, path, SettingProxy), "getItem", [key], () => {
      const wb = this._resolve() as SimWorkbook;
      if (!wb.settings.has(key)) throw simError("ItemNotFound", "SettingCollection.getItem");
      return { wb, key };
    });
  }
  getItemOrNullObject(key: string): any {
    return this._method((res, path) => make(SettingDef, this._ctx, res, this, path, SettingProxy), "getItemOrNullObject", [key], () => {
      const wb = this._resolve() as SimWorkbook;
      return wb.settings.has(key) ? { wb, key } : null;
    });
  }
  getCount(): SimClientResult<number> {
    return this._callResult("getCount", [], (wb: SimWorkbook) => wb.settings.size);
  }
}
const SettingCollectionDef: ClassDef = {
  name: "SettingCollection",
  props: {},
  nav: {},
  items: (o, wb: SimWorkbook) => [...wb.settings.keys()].map((key) => resolved(SettingDef, o._ctx, { wb, key }, o, SettingProxy)),
  itemDef: () => SettingDef,
};
class SettingProxy extends SimObject {
  delete(): void {
    this._call("delete", [], (s: { wb: SimWorkbook; key: string }) => s.wb.settings.delete(s.key));
  }
}
const SettingDef: ClassDef = {
  name: "Setting",
  props: {
    key: ro((s: { key: string }) => s.key),
    value: rw(
      (s: { wb: SimWorkbook; key: string }) => {
        const j = s.wb.settings.get(s.key);
        if (j === undefined) throw simError("ItemNotFound", "Setting.value");
        return JSON.parse(j);
      },
      (s: { wb: SimWorkbook; key: string }, v) => {
        if (v === undefined) badArg("Setting.value");
        s.wb.settings.set(s.key, JSON.stringify(v));
      },
    ),
  },
  nav: {},
};

// ---------------------------------------------------------------------------------------------------------------
// Application and Workbook

class ApplicationProxy extends SimObject {
  calculate(_type?: string): void {
    this._call("calculate", [_type ?? "Recalculate"], () => undefined);
  }
  suspendApiCalculationUntilNextSync(): void {
    this._call("suspendApiCalculationUntilNextSync", [], () => undefined);
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this._call("suspendScreenUpdatingUntilNextSync", [], () => undefined);
  }
}
const ApplicationDef: ClassDef = {
  name: "Application",
  props: {
    calculationMode: rw(
      () => "Automatic",
      () => undefined,
    ),
    calculationState: ro(() => "Done"),
  },
  nav: {},
};

class WorkbookProxy extends SimObject {
  getSelectedRange(): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef), "getSelectedRange", [], () => {
      const wb = this._resolve() as SimWorkbook;
      if (wb.selection) return { sheet: wb.selection.sheet, bounds: wb.selection.bounds };
      const s = wb.activeSheet ?? wb.sheets[0];
      if (!s) throw simError("ItemNotFound", "Workbook.getSelectedRange");
      return { sheet: s, bounds: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }
  getActiveCell(): any {
    return this._method((res, path) => rangeProxy(this._ctx, this, path, res as () => RangeRef), "getActiveCell", [], () => {
      const wb = this._resolve() as SimWorkbook;
      const sel = wb.selection;
      const s = sel?.sheet ?? wb.activeSheet ?? wb.sheets[0];
      if (!s) throw simError("ItemNotFound", "Workbook.getActiveCell");
      return { sheet: s, bounds: sel ? { r0: sel.bounds.r0, c0: sel.bounds.c0, r1: sel.bounds.r0, c1: sel.bounds.c0 } : { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }
}
const WorkbookDef: ClassDef = {
  name: "Workbook",
  props: {
    name: ro((wb: SimWorkbook) => wb.name),
    use1904DateSystem: rw(
      (wb: SimWorkbook) => wb.date1904,
      (wb: SimWorkbook, v) => (wb.date1904 = Boolean(v)),
    ),
    readOnly: ro(() => false),
    isDirty: ro(() => true),
  },
  nav: {
    worksheets: (o) => make(WorksheetCollectionDef, o._ctx, () => o._resolve(), o, { name: "worksheets" }, WorksheetCollectionProxy),
    tables: (o) => make(TableCollectionDef, o._ctx, () => ({ wb: o._resolve() }), o, { name: "tables" }, TableCollectionProxy),
    names: (o) => make(NameCollectionDef, o._ctx, () => ({ wb: o._resolve() }), o, { name: "names" }, NameCollectionProxy),
    settings: (o) => make(SettingCollectionDef, o._ctx, () => o._resolve(), o, { name: "settings" }, SettingCollectionProxy),
    application: (o) => make(ApplicationDef, o._ctx, () => o._resolve(), o, { name: "application" }, ApplicationProxy),
    pivotTables: (o) => make(PivotCollectionDef, o._ctx, () => ({ wb: o._resolve() }), o, { name: "pivotTables" }, PivotCollectionProxy),
  },
};
registerNavDef("Workbook", "worksheets", () => WorksheetCollectionDef);
registerNavDef("Workbook", "tables", () => TableCollectionDef);
registerNavDef("Workbook", "names", () => NameCollectionDef);
registerNavDef("Workbook", "settings", () => SettingCollectionDef);
registerNavDef("Workbook", "application", () => ApplicationDef);
registerNavDef("Workbook", "pivotTables", () => PivotCollectionDef);

/** The `context.workbook` proxy of a new request context. */
export function makeWorkbookProxy(ctx: SimContext): SimObject {
  return make(WorkbookDef, ctx, () => ctx._wb, undefined, { name: "workbook" }, WorkbookProxy);
}

export { boundsAddress, contains };

// ---------------------------------------------------------------------------------------------------------------
// Charts (worksheet.charts): the subset src/excel/charts.ts uses, on the model of ./chart-model.ts

interface SeriesTarget {
  chart: SimChart;
  s: SimChartSeries;
}

function editChart(ch: SimChart, where: string): void {
  ch.sheet.assertWritable(where);
  ch.touch();
}

function chartTypeArg(v: unknown, where: string): string {
  const t = String(v);
  if (!SIM_CHART_TYPES.has(t)) badArg(where, `The argument is invalid or missing or has an incorrect format (chart type ${t}).`);
  return t;
}

function numArg(v: unknown, where: string): number {
  const n = Number(v);
  if (typeof v === "boolean" || v === null || v === "" || !Number.isFinite(n)) badArg(where);
  return n;
}

/** One row or one column of a block. */
function lineOf(b: Bounds, byColumns: boolean, i: number, from: number): Bounds {
  return byColumns ? { r0: b.r0 + from, c0: b.c0 + i, r1: b.r1, c1: b.c0 + i } : { r0: b.r0 + i, c0: b.c0 + from, r1: b.r0 + i, c1: b.c1 };
}

/** The series Excel makes from a source block: a text first row / first column becomes names / categories. */
function seriesFromSource(type: string, ref: RangeRef, seriesBy: string): SimChartSeries[] {
  const b = ref.bounds;
  const rows = b.r1 - b.r0 + 1;
  const cols = b.c1 - b.c0 + 1;
  const byColumns = seriesBy === "Columns" || (seriesBy !== "Rows" && rows >= cols);
  const lines = byColumns ? cols : rows;
  const len = byColumns ? rows : cols;
  const at = (line: number, k: number) => readValue(byColumns ? ref.sheet.get(b.r0 + k, b.c0 + line) : ref.sheet.get(b.r0 + line, b.c0 + k));
  const isText = (v: unknown) => typeof v === "string" && v !== "";
  // header (series names) when a data line starts with text; categories when the first line is text or empty
  let header = false;
  for (let l = 0; l < lines && len > 1; l++) if (isText(at(l, 0))) header = true;
  let catLine = false;
  if (lines > 1) {
    catLine = true;
    for (let k = header ? 1 : 0; k < len; k++) if (typeof at(0, k) === "number") catLine = false;
    if (!catLine && at(0, 0) === "" && header) catLine = false;
  }
  const family = chartFamily(type);
  const xy = family === "bubble" || family === "scatter";
  const from = header ? 1 : 0;
  const firstData = catLine || (xy && lines > 1) ? 1 : 0;
  const xLine = firstData === 1 ? { sheet: ref.sheet, bounds: lineOf(b, byColumns, 0, from) } : undefined;
  const out: SimChartSeries[] = [];
  for (let l = firstData; l < lines; l += family === "bubble" ? 2 : 1) {
    const name = header ? String(at(l, 0)) : `Series${out.length + 1}`;
    const s = newSeries(name);
    s.values = { sheet: ref.sheet, bounds: lineOf(b, byColumns, l, from) };
    if (xLine) s.xValues = xLine;
    if (family === "bubble" && l + 1 < lines) s.bubbleSizes = { sheet: ref.sheet, bounds: lineOf(b, byColumns, l + 1, from) };
    out.push(s);
  }
  return out;
}

function chartsOf(sheet: SimSheet): SimChart[] {
  return sheet.charts;
}

function findChart(sheet: SimSheet, name: string): SimChart | undefined {
  return sheet.charts.find((c) => c.name === name) ?? sheet.charts.find((c) => c.name.toLowerCase() === String(name).toLowerCase()) ?? sheet.charts.find((c) => c.id === name);
}

class ChartCollectionProxy extends SimObject {
  private chartProxy(name: string, args: unknown[], f: (sheet: SimSheet) => SimChart | null): any {
    return this._method((res, path) => make(ChartDef, this._ctx, res, this, path, ChartProxy), name, args, () => f(this._resolve() as SimSheet));
  }
  add(type: string, sourceData: unknown, seriesBy: string = "Auto"): any {
    return this.chartProxy("add", [type, typeof sourceData === "string" ? sourceData : "[Range]", seriesBy], (sheet) => {
      const t = chartTypeArg(type, "ChartCollection.add");
      if (seriesBy !== "Auto" && seriesBy !== "Columns" && seriesBy !== "Rows") badArg("ChartCollection.add");
      const ref = refOf(sheet.workbook, sheet, sourceData, "ChartCollection.add");
      sheet.assertWritable("ChartCollection.add");
      let n = sheet.charts.length + 1;
      while (sheet.charts.some((c) => c.name === `Chart ${n}`)) n++;
      const ch = new SimChart(sheet, sheet.workbook.nextId("C"), `Chart ${n}`, t);
      ch.series = seriesFromSource(t, ref, seriesBy);
      sheet.charts.push(ch);
      return ch;
    });
  }
  getItem(name: string): any {
    return this.chartProxy("getItem", [name], (sheet) => {
      const c = findChart(sheet, name);
      if (!c) throw simError("ItemNotFound", "ChartCollection.getItem");
      return c;
    });
  }
  getItemOrNullObject(name: string): any {
    return this.chartProxy("getItemOrNullObject", [name], (sheet) => findChart(sheet, name) ?? null);
  }
  getItemAt(index: number): any {
    return this.chartProxy("getItemAt", [index], (sheet) => {
      const c = sheet.charts[index];
      if (!c) throw simError("ItemNotFound", "ChartCollection.getItemAt");
      return c;
    });
  }
  getCount(): SimClientResult<number> {
    return this._callResult("getCount", [], (sheet: SimSheet) => sheet.charts.length);
  }
}
const ChartCollectionDef: ClassDef = {
  name: "ChartCollection",
  props: { count: ro((sheet: SimSheet) => chartsOf(sheet).length) },
  nav: {},
  items: (o, sheet: SimSheet) => chartsOf(sheet).map((c) => resolved(ChartDef, o._ctx, c, o, ChartProxy)),
  itemDef: () => ChartDef,
};

class ChartProxy extends SimObject {
  setPosition(startCell: unknown, endCell?: unknown): void {
    this._call("setPosition", [String(typeof startCell === "string" ? startCell : "[Range]"), endCell === undefined ? null : typeof endCell === "string" ? endCell : "[Range]"], (ch: SimChart) => {
      const a = refOf(ch.sheet.workbook, ch.sheet, startCell, "Chart.setPosition");
      if (a.sheet !== ch.sheet) badArg("Chart.setPosition");
      const e = endCell === undefined ? undefined : refOf(ch.sheet.workbook, ch.sheet, endCell, "Chart.setPosition");
      if (e && e.sheet !== ch.sheet) badArg("Chart.setPosition");
      editChart(ch, "Chart.setPosition");
      const h = ch.anchor.to.r - ch.anchor.from.r;
      const w = ch.anchor.to.c - ch.anchor.from.c;
      const from = { r: a.bounds.r0, c: a.bounds.c0 };
      // the end cell is included: the chart covers it, so its bottom-right corner is the next cell's top-left
      const to = e ? { r: e.bounds.r1 + 1, c: e.bounds.c1 + 1 } : { r: from.r + h, c: from.c + w };
      if (to.r <= from.r || to.c <= from.c) badArg("Chart.setPosition");
      ch.anchor = { from, to };
    });
  }
  delete(): void {
    this._call("delete", [], (ch: SimChart) => {
      ch.sheet.assertWritable("Chart.delete");
      ch.sheet.charts = ch.sheet.charts.filter((x) => x !== ch);
    });
  }
}
const chartWrite = (where: string, f: (ch: SimChart, v: any) => void) => (ch: SimChart, v: unknown) => {
  editChart(ch, where);
  f(ch, v);
};
const ChartDef: ClassDef = {
  name: "Chart",
  props: {
    id: ro((ch: SimChart) => ch.id),
    name: rw(
      (ch: SimChart) => ch.name,
      chartWrite("Chart.name", (ch, v) => {
        if (typeof v !== "string" || v.length === 0 || v.length > 255) badArg("Chart.name");
        ch.name = v;
      }),
    ),
    chartType: rw(
      (ch: SimChart) => ch.chartType,
      chartWrite("Chart.chartType", (ch, v) => (ch.chartType = chartTypeArg(v, "Chart.chartType"))),
    ),
  },
  nav: {
    title: (o) => make(ChartTitleDef, o._ctx, () => o._resolve(), o, { name: "title" }),
    legend: (o) => make(ChartLegendDef, o._ctx, () => o._resolve(), o, { name: "legend" }),
    axes: (o) => make(ChartAxesDef, o._ctx, () => o._resolve(), o, { name: "axes" }),
    series: (o) => make(ChartSeriesCollectionDef, o._ctx, () => o._resolve(), o, { name: "series" }, ChartSeriesCollectionProxy),
  },
};
registerNavDef("Chart", "title", () => ChartTitleDef);
registerNavDef("Chart", "legend", () => ChartLegendDef);
registerNavDef("Chart", "axes", () => ChartAxesDef);
registerNavDef("Chart", "series", () => ChartSeriesCollectionDef);

const ChartTitleDef: ClassDef = {
  name: "ChartTitle",
  props: {
    text: rw(
      (ch: SimChart) => ch.title,
      chartWrite("ChartTitle.text", (ch, v) => {
        ch.title = String(v ?? "");
        ch.titleVisible = ch.title !== "";
      }),
    ),
    visible: rw(
      (ch: SimChart) => ch.titleVisible,
      chartWrite("ChartTitle.visible", (ch, v) => (ch.titleVisible = Boolean(v))),
    ),
  },
  nav: {},
};

const LEGEND_POSITIONS = new Set(["Top", "Bottom", "Left", "Right", "Corner", "Custom"]);
const ChartLegendDef: ClassDef = {
  name: "ChartLegend",
  props: {
    visible: rw(
      (ch: SimChart) => ch.legend.visible,
      chartWrite("ChartLegend.visible", (ch, v) => (ch.legend.visible = Boolean(v))),
    ),
    position: rw(
      (ch: SimChart) => ch.legend.position,
      chartWrite("ChartLegend.position", (ch, v) => {
        if (!LEGEND_POSITIONS.has(String(v))) badArg("ChartLegend.position");
        ch.legend.position = String(v);
      }),
    ),
  },
  nav: {
    legendEntries: (o) => make(LegendEntriesDef, o._ctx, () => o._resolve(), o, { name: "legendEntries" }, LegendEntriesProxy),
  },
};
registerNavDef("ChartLegend", "legendEntries", () => LegendEntriesDef);

class LegendEntriesProxy extends SimObject {
  getItemAt(index: number): any {
    return this._method((res, path) => make(LegendEntryDef, this._ctx, res, this, path), "getItemAt", [index], () => {
      const ch = this._resolve() as SimChart;
      const s = ch.series[index];
      if (!s) throw simError("ItemNotFound", "ChartLegendEntryCollection.getItemAt");
      return { chart: ch, s };
    });
  }
  getCount(): SimClientResult<number> {
    return this._callResult("getCount", [], (ch: SimChart) => ch.series.length);
  }
}
const LegendEntriesDef: ClassDef = { name: "ChartLegendEntryCollection", props: {}, nav: {} };
const LegendEntryDef: ClassDef = {
  name: "ChartLegendEntry",
  props: {
    visible: rw(
      (t: SeriesTarget) => t.s.showInLegend,
      (t: SeriesTarget, v) => {
        editChart(t.chart, "ChartLegendEntry.visible");
        t.s.showInLegend = Boolean(v);
      },
    ),
  },
  nav: {},
};

const ChartAxesDef: ClassDef = {
  name: "ChartAxes",
  props: {},
  nav: {
    valueAxis: (o) => make(ChartAxisDef, o._ctx, () => ({ chart: o._resolve() as SimChart, axis: (o._resolve() as SimChart).valueAxis }), o, { name: "valueAxis" }),
    categoryAxis: (o) => make(ChartAxisDef, o._ctx, () => ({ chart: o._resolve() as SimChart, axis: (o._resolve() as SimChart).categoryAxis }), o, { name: "categoryAxis" }),
  },
};
registerNavDef("ChartAxes", "valueAxis", () => ChartAxisDef);
registerNavDef("ChartAxes", "categoryAxis", () => ChartAxisDef);

interface AxisTarget {
  chart: SimChart;
  axis: SimChartAxis;
}
const axisProp = (k: "minimum" | "maximum" | "logBase", check?: (n: number) => boolean): PropDef =>
  rw(
    (t: AxisTarget) => t.axis[k] ?? null,
    (t: AxisTarget, v) => {
      const n = numArg(v, `ChartAxis.${k}`);
      if (check && !check(n)) badArg(`ChartAxis.${k}`);
      editChart(t.chart, `ChartAxis.${k}`);
      t.axis[k] = n;
    },
  );
const ChartAxisDef: ClassDef = {
  name: "ChartAxis",
  props: {
    minimum: axisProp("minimum"),
    maximum: axisProp("maximum"),
    logBase: axisProp("logBase", (n) => n >= 2 && n <= 1000),
    numberFormat: rw(
      (t: AxisTarget) => t.axis.numberFormat ?? "General",
      (t: AxisTarget, v) => {
        editChart(t.chart, "ChartAxis.numberFormat");
        t.axis.numberFormat = String(v);
      },
    ),
  },
  nav: {
    title: (o) => make(ChartAxisTitleDef, o._ctx, () => o._resolve(), o, { name: "title" }),
  },
};
registerNavDef("ChartAxis", "title", () => ChartAxisTitleDef);
const ChartAxisTitleDef: ClassDef = {
  name: "ChartAxisTitle",
  props: {
    text: rw(
      (t: AxisTarget) => t.axis.title ?? "",
      (t: AxisTarget, v) => {
        editChart(t.chart, "ChartAxisTitle.text");
        t.axis.title = String(v ?? "");
      },
    ),
    visible: rw(
      (t: AxisTarget) => Boolean(t.axis.title),
      (t: AxisTarget, v) => {
        editChart(t.chart, "ChartAxisTitle.visible");
        if (!v) t.axis.title = undefined;
      },
    ),
  },
  nav: {},
};

class ChartSeriesCollectionProxy extends SimObject {
  private seriesProxy(name: string, args: unknown[], f: (ch: SimChart) => SeriesTarget): any {
    return this._method((res, path) => make(ChartSeriesDef, this._ctx, res, this, path, ChartSeriesProxy), name, args, () => f(this._resolve() as SimChart));
  }
  add(name?: string, index?: number): any {
    return this.seriesProxy("add", [name ?? null, index ?? null], (ch) => {
      editChart(ch, "ChartSeriesCollection.add");
      const s = newSeries(name ?? `Series${ch.series.length + 1}`);
      if (index !== undefined && (index < 0 || index > ch.series.length || !Number.isInteger(index))) badArg("ChartSeriesCollection.add");
      ch.series.splice(index ?? ch.series.length, 0, s);
      return { chart: ch, s };
    });
  }
  getItemAt(index: number): any {
    return this.seriesProxy("getItemAt", [index], (ch) => {
      const s = ch.series[index];
      if (!s) throw simError("ItemNotFound", "ChartSeriesCollection.getItemAt");
      return { chart: ch, s };
    });
  }
  getCount(): SimClientResult<number> {
    return this._callResult("getCount", [], (ch: SimChart) => ch.series.length);
  }
}
const ChartSeriesCollectionDef: ClassDef = {
  name: "ChartSeriesCollection",
  props: { count: ro((ch: SimChart) => ch.series.length) },
  nav: {},
  items: (o, ch: SimChart) => ch.series.map((s) => resolved(ChartSeriesDef, o._ctx, { chart: ch, s }, o, ChartSeriesProxy)),
  itemDef: () => ChartSeriesDef,
};

class ChartSeriesProxy extends SimObject {
  private setRef(name: string, k: "values" | "xValues" | "bubbleSizes", source: unknown): void {
    this._call(name, [typeof source === "string" ? source : "[Range]"], (t: SeriesTarget) => {
      const ref = refOf(t.chart.sheet.workbook, t.chart.sheet, source, `ChartSeries.${name}`);
      const b = ref.bounds;
      if (b.r0 !== b.r1 && b.c0 !== b.c1) badArg(`ChartSeries.${name}`, "The range must be a single row or a single column.");
      if (k === "bubbleSizes" && chartFamily(seriesType(t.chart, t.s)) !== "bubble") throw simError("InvalidOperation", `ChartSeries.${name}`, "Bubble sizes apply to bubble charts only.");
      editChart(t.chart, `ChartSeries.${name}`);
      t.s[k] = { sheet: ref.sheet, bounds: { ...b } };
    });
  }
  setValues(sourceData: unknown): void {
    this.setRef("setValues", "values", sourceData);
  }
  setXAxisValues(sourceData: unknown): void {
    this.setRef("setXAxisValues", "xValues", sourceData);
  }
  setBubbleSizes(sourceData: unknown): void {
    this.setRef("setBubbleSizes", "bubbleSizes", sourceData);
  }
  delete(): void {
    this._call("delete", [], (t: SeriesTarget) => {
      editChart(t.chart, "ChartSeries.delete");
      t.chart.series = t.chart.series.filter((x) => x !== t.s);
    });
  }
}
const MARKER_STYLES = new Set(["Automatic", "None", "Square", "Diamond", "Triangle", "X", "Star", "Dot", "Dash", "Circle", "Plus"]);
const seriesWrite = (where: string, f: (t: SeriesTarget, v: any) => void) => (t: SeriesTarget, v: unknown) => {
  editChart(t.chart, where);
  f(t, v);
};
const ChartSeriesDef: ClassDef = {
  name: "ChartSeries",
  props: {
    name: rw(
      (t: SeriesTarget) => t.s.name,
      seriesWrite("ChartSeries.name", (t, v) => (t.s.name = String(v ?? ""))),
    ),
    chartType: rw(
      (t: SeriesTarget) => seriesType(t.chart, t.s),
      (t: SeriesTarget, v) => {
        const type = chartTypeArg(v, "ChartSeries.chartType");
        const f = chartFamily(type);
        const base = chartFamily(t.chart.chartType);
        // Excel cannot combine bubble / xy with category types in one chart
        if ((f === "bubble" || f === "scatter" || f === "pie") !== (base === "bubble" || base === "scatter" || base === "pie") && t.chart.series.length > 1) {
          throw simError("InvalidOperation", "ChartSeries.chartType", "This chart type can't be combined with the other series.");
        }
        editChart(t.chart, "ChartSeries.chartType");
        t.s.chartType = type === t.chart.chartType ? undefined : type;
      },
    ),
    markerStyle: rw(
      (t: SeriesTarget) => t.s.markerStyle ?? "Automatic",
      seriesWrite("ChartSeries.markerStyle", (t, v) => {
        if (!MARKER_STYLES.has(String(v))) badArg("ChartSeries.markerStyle");
        t.s.markerStyle = String(v) === "Automatic" ? undefined : String(v);
      }),
    ),
    hasDataLabels: rw(
      (t: SeriesTarget) => t.s.hasDataLabels,
      seriesWrite("ChartSeries.hasDataLabels", (t, v) => (t.s.hasDataLabels = Boolean(v))),
    ),
    gapWidth: rw(
      (t: SeriesTarget) => t.s.gapWidth ?? 150,
      (t: SeriesTarget, v) => {
        const n = numArg(v, "ChartSeries.gapWidth");
        if (n < 0 || n > 500) badArg("ChartSeries.gapWidth");
        editChart(t.chart, "ChartSeries.gapWidth");
        t.s.gapWidth = n;
      },
    ),
    overlap: rw(
      (t: SeriesTarget) => t.s.overlap ?? 0,
      (t: SeriesTarget, v) => {
        const n = numArg(v, "ChartSeries.overlap");
        if (n < -100 || n > 100) badArg("ChartSeries.overlap");
        editChart(t.chart, "ChartSeries.overlap");
        t.s.overlap = n;
      },
    ),
  },
  nav: {
    format: (o) => make(ChartSeriesFormatDef, o._ctx, () => o._resolve(), o, { name: "format" }),
    dataLabels: (o) => make(ChartDataLabelsDef, o._ctx, () => o._resolve(), o, { name: "dataLabels" }),
    points: (o) => make(ChartPointsDef, o._ctx, () => o._resolve(), o, { name: "points" }, ChartPointsProxy),
  },
};
registerNavDef("ChartSeries", "format", () => ChartSeriesFormatDef);
registerNavDef("ChartSeries", "dataLabels", () => ChartDataLabelsDef);
registerNavDef("ChartSeries", "points", () => ChartPointsDef);

const ChartSeriesFormatDef: ClassDef = {
  name: "ChartSeriesFormat",
  props: {},
  nav: {
    fill: (o) => make(ChartFillDef, o._ctx, () => ({ ...(o._resolve() as SeriesTarget), point: undefined }), o, { name: "fill" }, ChartFillProxy),
    line: (o) => make(ChartLineDef, o._ctx, () => o._resolve(), o, { name: "line" }),
  },
};
registerNavDef("ChartSeriesFormat", "fill", () => ChartFillDef);
registerNavDef("ChartSeriesFormat", "line", () => ChartLineDef);

interface FillTarget extends SeriesTarget {
  point: number | undefined;
}
class ChartFillProxy extends SimObject {
  private put(name: string, args: unknown[], v: () => string | null): void {
    this._call(name, args, (t: FillTarget) => {
      const c = v();
      editChart(t.chart, `ChartFill.${name}`);
      if (t.point === undefined) t.s.fill = c;
      else t.s.pointFills[t.point] = c;
    });
  }
  setSolidColor(color: string): void {
    this.put("setSolidColor", [color], () => normColor(color));
  }
  clear(): void {
    this.put("clear", [], () => null);
  }
}
const ChartFillDef: ClassDef = { name: "ChartFill", props: {}, nav: {} };

const LINE_STYLES = new Set(["None", "Continuous", "Dash", "DashDot", "DashDotDot", "Dot", "Grey25", "Grey50", "Grey75", "Automatic", "RoundDot"]);
const ChartLineDef: ClassDef = {
  name: "ChartLineFormat",
  props: {
    color: rw(
      (t: SeriesTarget) => t.s.line.color ?? null,
      seriesWrite("ChartLineFormat.color", (t, v) => (t.s.line.color = normColor(v))),
    ),
    lineStyle: rw(
      (t: SeriesTarget) => t.s.line.style ?? "Automatic",
      seriesWrite("ChartLineFormat.lineStyle", (t, v) => {
        if (!LINE_STYLES.has(String(v))) badArg("ChartLineFormat.lineStyle");
        t.s.line.style = String(v) === "Automatic" ? undefined : String(v);
      }),
    ),
    weight: rw(
      (t: SeriesTarget) => t.s.line.weight ?? 2.25,
      (t: SeriesTarget, v) => {
        const n = numArg(v, "ChartLineFormat.weight");
        if (n < 0 || n > 1584) badArg("ChartLineFormat.weight");
        editChart(t.chart, "ChartLineFormat.weight");
        t.s.line.weight = n;
      },
    ),
  },
  nav: {},
};

const ChartDataLabelsDef: ClassDef = {
  name: "ChartDataLabels",
  props: {
    showValue: rw(
      (t: SeriesTarget) => t.s.hasDataLabels,
      seriesWrite("ChartDataLabels.showValue", (t, v) => (t.s.hasDataLabels = Boolean(v))),
    ),
    numberFormat: rw(
      (t: SeriesTarget) => t.s.dataLabelsNumberFormat ?? "General",
      seriesWrite("ChartDataLabels.numberFormat", (t, v) => (t.s.dataLabelsNumberFormat = String(v))),
    ),
  },
  nav: {},
};

function pointCount(t: SeriesTarget): number {
  const v = t.s.values?.bounds;
  return v ? (v.r1 - v.r0 + 1) * (v.c1 - v.c0 + 1) : 0;
}
class ChartPointsProxy extends SimObject {
  getItemAt(index: number): any {
    return this._method((res, path) => make(ChartPointDef, this._ctx, res, this, path), "getItemAt", [index], () => {
      const t = this._resolve() as SeriesTarget;
      if (!Number.isInteger(index) || index < 0 || index >= pointCount(t)) throw simError("InvalidArgument", "ChartPointsCollection.getItemAt");
      return { ...t, point: index };
    });
  }
  getCount(): SimClientResult<number> {
    return this._callResult("getCount", [], (t: SeriesTarget) => pointCount(t));
  }
}
const ChartPointsDef: ClassDef = { name: "ChartPointsCollection", props: { count: ro((t: SeriesTarget) => pointCount(t)) }, nav: {} };
const ChartPointDef: ClassDef = {
  name: "ChartPoint",
  props: {},
  nav: {
    format: (o) => make(ChartPointFormatDef, o._ctx, () => o._resolve(), o, { name: "format" }),
  },
};
registerNavDef("ChartPoint", "format", () => ChartPointFormatDef);
const ChartPointFormatDef: ClassDef = {
  name: "ChartPointFormat",
  props: {},
  nav: {
    fill: (o) => make(ChartFillDef, o._ctx, () => o._resolve(), o, { name: "fill" }, ChartFillProxy),
  },
};
registerNavDef("ChartPointFormat", "fill", () => ChartFillDef);
