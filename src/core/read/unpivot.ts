/**
 * Wide to long: a DataSet whose periods run across the columns ("Jan. 2021" ... "Sep. 2021(p)") becomes one row per
 * (source row, period) with the dimensions kept, a "period" column and a "value" column. Other numeric columns
 * (a "TOTAL" or "CY CUM" column beside the months) are left out and said so.
 */
import type { Column, ColumnRole, DataSet, OpsMessage } from "../types";

export function unpivotImpl(ds: DataSet): DataSet {
  const periods = ds.columns.filter((c) => c.period && c.kind === "number" && c.numbers);
  if (periods.length === 0) {
    return { ...ds, messages: [...ds.messages, { code: "read.notWide", severity: "info", location: { sheet: ds.sheet } }] };
  }
  const n = ds.rowNumbers.length;
  const p = periods.length;
  const total = n * p;
  const keep = ds.columns.filter((c) => !c.period && (c.kind === "text" || c.kind === "date"));
  const dropped = ds.columns.filter((c) => !c.period && c.kind === "number");
  const rowNumbers = new Int32Array(total);
  for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < p; j++) rowNumbers[k++] = ds.rowNumbers[i];

  const columns: Column[] = [];
  const roles: Partial<Record<ColumnRole, number>> = {};
  const newIndex = new Map<number, number>();
  for (const c of keep) {
    const col: Column = { index: columns.length, header: c.header, kind: c.kind };
    newIndex.set(c.index, col.index);
    if (c.headerParts) col.headerParts = c.headerParts.slice();
    if (c.sheetColumn !== undefined) col.sheetColumn = c.sheetColumn;
    if (c.derived) col.derived = true;
    if (c.role) {
      col.role = c.role;
      col.confidence = c.confidence;
      col.roleReason = c.roleReason;
      roles[c.role] = col.index;
    }
    if (c.kind === "text" && c.text) {
      const src = c.text;
      const text: (string | null)[] = new Array(total);
      for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < p; j++) text[k++] = src[i];
      col.text = text;
      if (c.codes && c.labels && c.codes.length === n) {
        // The dictionary encoding follows the rows (labels keep their order of first appearance).
        const codes = new Int32Array(total);
        for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < p; j++) codes[k++] = c.codes[i];
        col.codes = codes;
        col.labels = c.labels;
      }
    } else if (c.numbers) {
      const src = c.numbers;
      const out = new Float64Array(total);
      for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < p; j++) out[k++] = src[i];
      col.numbers = out;
      if (c.dateGranularity) col.dateGranularity = c.dateGranularity;
    }
    if (c.numberFormat) col.numberFormat = c.numberFormat;
    columns.push(col);
  }

  // The period column: dates (first day of each period) when every header gives a year, else the header labels.
  const allDated = periods.every((c) => c.period!.serial !== undefined);
  const periodCol: Column = { index: columns.length, header: "period", kind: allDated ? "date" : "text", role: "period", confidence: 0.9, roleReason: "period headers", derived: true };
  if (allDated) {
    const out = new Float64Array(total);
    for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < p; j++) out[k++] = periods[j].period!.serial!;
    periodCol.numbers = out;
    const g = periods.map((c) => c.period!.granularity);
    periodCol.dateGranularity = g.includes("day") ? "day" : g.includes("month") ? "month" : g.includes("quarter") ? "quarter" : "year";
  } else {
    const text: (string | null)[] = new Array(total);
    for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < p; j++) text[k++] = periods[j].period!.label;
    periodCol.text = text;
  }
  if (roles.period !== undefined) columns[roles.period].role = undefined;
  roles.period = periodCol.index;
  columns.push(periodCol);

  const values = new Float64Array(total);
  const srcs = periods.map((c) => c.numbers!);
  for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < p; j++) values[k++] = srcs[j][i];
  const valueCol: Column = { index: columns.length, header: "value", kind: "number", numbers: values, derived: true, roleReason: "values of the period columns" };
  const fmt = periods[0].numberFormat;
  if (fmt) valueCol.numberFormat = fmt;
  columns.push(valueCol);

  const messages: OpsMessage[] = [...ds.messages];
  messages.push({ code: "read.unpivoted", severity: "info", params: { periods: p, rows: total }, location: { sheet: ds.sheet } });
  if (dropped.length > 0) {
    messages.push({ code: "read.unpivotDropped", severity: "info", params: { columns: dropped.map((c) => c.header).join(", ") }, location: { sheet: ds.sheet } });
  }
  // Candidates follow the kept columns; the period column is the period.
  const candidates: NonNullable<DataSet["candidates"]> = {};
  for (const [role, list] of Object.entries(ds.candidates ?? {}) as [ColumnRole, NonNullable<DataSet["candidates"]>[ColumnRole]][]) {
    const kept = (list ?? []).filter((c) => newIndex.has(c.column)).map((c) => ({ ...c, column: newIndex.get(c.column)! }));
    if (kept.length) candidates[role] = kept;
  }
  candidates.period = [{ column: periodCol.index, confidence: periodCol.confidence!, reason: periodCol.roleReason }, ...(candidates.period ?? [])];
  const out: DataSet = {
    id: `${ds.id}#long`,
    sheet: ds.sheet,
    address: ds.address,
    headerRows: ds.headerRows.slice(),
    rowNumbers,
    columns,
    roles,
    candidates,
    excluded: ds.excluded,
    messages,
    kind: ds.kind,
  };
  if (ds.tableName) out.tableName = ds.tableName;
  return out;
}
