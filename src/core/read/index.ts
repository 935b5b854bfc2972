/**
 * The reader's public API: from a RawGrid (a sheet's used range, a sample of it, or an Excel table) to DataSets with
 * typed columns, roles and confidences, rows left out listed, and located messages. Pure: no Office API.
 *
 * The adapter (src/excel) calls: detectLayouts on a sample of each sheet (or on an Excel table's range, header on its
 * first row, tableName set), then buildDataSet on the whole block read in chunks (one RawGrid, top/left set). When a
 * layout is `open`, its data ran to the end of the sample: read down to the end of the used range.
 * Nothing here throws: problems become OpsMessages (code + params + location), rendered by src/core/i18n.
 */
import type { DataSet, OpsMessage, RawGrid, RoleOverrides } from "../types";
import { buildDataSetImpl } from "./dataset";
import { detectLayoutsImpl } from "./layout";
import type { Layout } from "./model";
import { unpivotImpl } from "./unpivot";

export type { Layout } from "./model";

/** All blocks found in a sheet grid; [] when none (the caller then reports noTableMessage(sheet)). Never throws. */
export function detectLayouts(grid: RawGrid): Layout[] {
  try {
    return detectLayoutsImpl(grid);
  } catch {
    return [];
  }
}

/** Reads one block fully: typed columns, roles (overrides applied with confidence 1), rows left out, messages. Never throws. */
export function buildDataSet(grid: RawGrid, layout: Layout, options?: { overrides?: RoleOverrides; id?: string }): DataSet {
  try {
    return buildDataSetImpl(grid, layout, options ?? {});
  } catch (e) {
    return emptyDataSet(grid, layout, options?.id, { code: "read.failed", severity: "error", params: { reason: e instanceof Error ? e.message : String(e) }, location: { sheet: layout?.sheet ?? grid?.sheet ?? "" } });
  }
}

/** Wide -> long rows (period, value) keeping the dimensions. A DataSet without period columns comes back with a message. */
export function unpivot(ds: DataSet): DataSet {
  try {
    return unpivotImpl(ds);
  } catch (e) {
    return { ...ds, messages: [...ds.messages, { code: "read.failed", severity: "error", params: { reason: e instanceof Error ? e.message : String(e) }, location: { sheet: ds.sheet } }] };
  }
}

/** The message for a sheet where no table was recognised. */
export function noTableMessage(sheet: string): OpsMessage {
  return { code: "read.noTable", severity: "warning", params: { sheet }, location: { sheet } };
}

/**
 * Workbook-level messages once every sheet has been looked at: a workbook with only summaries (pivot tables) and no
 * detail data, or with nothing at all.
 */
export function workbookMessages(layouts: readonly Layout[]): OpsMessage[] {
  const data = layouts.filter((l) => l.kind === "data").length;
  const summaries = layouts.filter((l) => l.kind === "summary");
  if (data > 0) return [];
  if (summaries.length > 0) {
    const sheets = Array.from(new Set(summaries.map((l) => l.sheet)));
    return [{ code: "read.onlySummaries", severity: "warning", params: { count: summaries.length, sheets: sheets.join(", ") } }];
  }
  return [{ code: "read.noData", severity: "warning" }];
}

function emptyDataSet(grid: RawGrid, layout: Layout, id: string | undefined, m: OpsMessage): DataSet {
  const sheet = layout?.sheet ?? grid?.sheet ?? "";
  return {
    id: id ?? (layout?.tableName ? `table:${layout.tableName}` : `sheet:${sheet}`),
    sheet,
    address: "",
    headerRows: layout?.headerRows?.slice() ?? [],
    rowNumbers: new Int32Array(0),
    columns: [],
    roles: {},
    excluded: [],
    messages: [m],
    kind: layout?.kind ?? "data",
  };
}
