/**
 * Periods of the market analysis: the month index (year x 12 + month - 1) of each row, read from the DataSet's date
 * column (role date, else period): Excel serials, years typed as numbers (2014) or period texts ("2024-03", "T1 2024").
 * The codes and labels are those of src/core/compliance/periods.ts.
 */
import { parsePeriodText, type Granularity } from "../compliance/periods";
import { serialToMonthIndex } from "../compliance/text";
import type { Column, DataSet } from "../types";

export interface RowPeriods {
  column: Column;
  /** Month index of row i; NaN when the row's period cannot be read. */
  monthAt: (i: number) => number;
  /** Finest granularity the column holds (a day counts as its month). */
  grain: Granularity;
}

function isYearNumber(v: number): boolean {
  return Number.isInteger(v) && v >= 1900 && v <= 2200;
}

/** How to read the period of each row, or null when the DataSet has no date nor period column. */
export function rowPeriods(data: DataSet): RowPeriods | null {
  const idx = data.roles.date ?? data.roles.period;
  if (idx === undefined) return null;
  const column = data.columns[idx];
  if (!column) return null;
  if (column.numbers) {
    const nums = column.numbers;
    const g = column.dateGranularity ?? column.period?.granularity;
    // A "Year" column of plain numbers (2013, 2014) rather than serials.
    let years = column.kind === "number";
    if (years) for (let i = 0; i < nums.length && years; i++) if (nums[i] === nums[i] && !isYearNumber(nums[i])) years = false;
    if (years) return { column, grain: "year", monthAt: (i) => (nums[i] === nums[i] ? nums[i] * 12 : NaN) };
    const grain: Granularity = g === "year" ? "year" : g === "quarter" ? "quarter" : "month";
    return { column, grain, monthAt: (i) => serialToMonthIndex(nums[i]) };
  }
  if (column.text) {
    const text = column.text;
    let coarsest: Granularity = "month";
    const rank = { month: 0, quarter: 1, year: 2 } as const;
    const read = (s: string | null): number => {
      if (s === null) return NaN;
      const p = parsePeriodText(s);
      if (!p) return NaN;
      if (rank[p.grain] > rank[coarsest]) coarsest = p.grain;
      return p.monthIndex;
    };
    if (column.codes && column.labels) {
      const codes = column.codes;
      const byCode = new Float64Array(column.labels.length);
      for (let k = 0; k < column.labels.length; k++) byCode[k] = k === 0 ? NaN : read(column.labels[k]);
      return { column, grain: coarsest, monthAt: (i) => byCode[codes[i]] };
    }
    const cache = new Map<string, number>();
    for (const s of text) if (s !== null && !cache.has(s)) cache.set(s, read(s));
    return { column, grain: coarsest, monthAt: (i) => (text[i] === null ? NaN : cache.get(text[i] as string)!) };
  }
  return null;
}

/** Code of a month index at a granularity (month index, quarter index year x 4 + q - 1, or year). */
export function codeOfMonth(monthIndex: number, grain: Granularity): number {
  return grain === "month" ? monthIndex : grain === "quarter" ? Math.floor(monthIndex / 3) : Math.floor(monthIndex / 12);
}
