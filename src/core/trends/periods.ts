/**
 * Periods of the trend series: each row's period code at the chosen granularity (month index y×12+m−1, quarter
 * y×4+q−1, year y, as src/core/compliance/periods.ts), read from the date column (Excel serials) or, without one,
 * from the period column (texts such as "2024-03", "T1 2024", "déc. 2024", year numbers 2014 or "2014").
 * Labels are written in the user's language: "janv. 2024" / "Jan 2024", "T1 2024" / "Q1 2024", "2024".
 */
import { foldMonth, parsePeriodText, periodStartSerial, type Granularity } from "../compliance/periods";
import { serialToMonthIndex } from "../compliance/text";
import { isYearNumber, ymdFromSerial } from "../parse/dates";
import type { Column, DataSet, Lang } from "../types";

export type { Granularity } from "../compliance/periods";

const MONTHS: Record<Lang, string[]> = {
  fr: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

/** The period's label in the user's language. */
export function periodName(code: number, grain: Granularity, lang: Lang): string {
  if (grain === "month") {
    const y = Math.floor(code / 12);
    return `${MONTHS[lang][code - y * 12]} ${y}`;
  }
  if (grain === "quarter") {
    const y = Math.floor(code / 4);
    return `${lang === "fr" ? "T" : "Q"}${code - y * 4 + 1} ${y}`;
  }
  return String(code);
}

/** Excel serial of the last day of a period. */
export function periodEndSerial(code: number, grain: Granularity): number {
  return periodStartSerial(code + 1, grain) - 1;
}

/** Where the periods come from, and the granularity they can give. */
export interface PeriodSource {
  column: Column;
  role: "date" | "period";
  /** Finest granularity the values give. */
  finest: Granularity;
}

const GRAIN_RANK: Record<Granularity, number> = { month: 0, quarter: 1, year: 2 };

export function coarser(a: Granularity, b: Granularity): Granularity {
  return GRAIN_RANK[a] >= GRAIN_RANK[b] ? a : b;
}

/** The date column, else the period column; undefined when the data has neither. */
export function periodSource(data: DataSet): PeriodSource | undefined {
  for (const role of ["date", "period"] as const) {
    const i = data.roles[role];
    if (i === undefined) continue;
    const column = data.columns[i];
    if (!column) continue;
    const g = column.dateGranularity;
    const finest: Granularity = g === "year" ? "year" : g === "quarter" ? "quarter" : "month";
    if (column.kind === "text") return { column, role, finest: textGranularity(column) };
    return { column, role, finest: column.kind === "number" && looksLikeYears(column.numbers!) ? "year" : finest };
  }
  return undefined;
}

function looksLikeYears(xs: Float64Array): boolean {
  let seen = 0;
  for (let i = 0; i < xs.length && seen < 200; i++) {
    const v = xs[i];
    if (v !== v) continue;
    if (!isYearNumber(v)) return false;
    seen++;
  }
  return seen > 0;
}

function textGranularity(column: Column): Granularity {
  let finest: Granularity = "year";
  const labels = column.labels ?? [...new Set(column.text ?? [])];
  for (const l of labels) {
    if (!l) continue;
    const p = parsePeriodText(l);
    if (p && GRAIN_RANK[p.grain] < GRAIN_RANK[finest]) finest = p.grain;
  }
  return finest;
}

/**
 * Month index (y×12+m−1) of each row's period start, NaN where the cell cannot be read as a date or period.
 * Also the last day the data covers (for a partial last period): the largest serial for day dates, else the end of
 * the last period of the values' own granularity.
 */
export function rowMonths(src: PeriodSource): { months: Float64Array; lastCovered: number } {
  const c = src.column;
  const n = c.kind === "text" ? c.text!.length : c.numbers!.length;
  const months = new Float64Array(n);
  let lastCovered = -Infinity;
  if (c.kind === "text") {
    const byLabel = new Map<string, { monthIndex: number; grain: Granularity } | null>();
    const read = (s: string | null): { monthIndex: number; grain: Granularity } | null => {
      if (!s) return null;
      let p = byLabel.get(s);
      if (p === undefined) {
        p = parsePeriodText(s);
        byLabel.set(s, p);
      }
      return p;
    };
    let lastMi = -Infinity;
    let lastGrain: Granularity = "month";
    if (c.codes && c.labels) {
      const parsed = c.labels.map((l, k) => (k === 0 ? null : read(l)));
      const codes = c.codes;
      for (let i = 0; i < n; i++) {
        const p = parsed[codes[i]];
        months[i] = p ? p.monthIndex : NaN;
      }
      for (const p of parsed) if (p && p.monthIndex >= lastMi) [lastMi, lastGrain] = [p.monthIndex, p.grain];
    } else {
      const text = c.text!;
      for (let i = 0; i < n; i++) {
        const p = read(text[i]);
        months[i] = p ? p.monthIndex : NaN;
        if (p && p.monthIndex >= lastMi) [lastMi, lastGrain] = [p.monthIndex, p.grain];
      }
    }
    if (lastMi > -Infinity) lastCovered = periodEndSerial(foldMonth(lastMi, lastGrain), lastGrain);
    return { months, lastCovered };
  }
  const xs = c.numbers!;
  if (src.finest === "year" && c.kind === "number") {
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = xs[i];
      months[i] = v === v && isYearNumber(v) ? v * 12 : NaN;
      if (months[i] > hi) hi = months[i];
    }
    return { months, lastCovered: hi > -Infinity ? periodEndSerial(hi / 12, "year") : -Infinity };
  }
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    months[i] = serialToMonthIndex(v);
    if (v > hi) hi = v;
  }
  if (hi > -Infinity) {
    let g = c.dateGranularity ?? "day";
    // Monthly data dated on the first of each month (as ERP exports often are) covers the whole month.
    if (g === "day" && firstOfMonths(xs)) g = "month";
    if (g === "day") lastCovered = Math.floor(hi);
    else {
      const grain: Granularity = g === "year" ? "year" : g === "quarter" ? "quarter" : "month";
      lastCovered = periodEndSerial(foldMonth(serialToMonthIndex(hi), grain), grain);
    }
  }
  return { months, lastCovered };
}

/** True when every date of a sample of up to 500 rows (and the last one) is the first day of its month. */
function firstOfMonths(xs: Float64Array): boolean {
  const n = xs.length;
  const step = Math.max(1, Math.floor(n / 500));
  let seen = 0;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) if (xs[i] > hi) hi = xs[i];
  for (let i = 0; i < n; i += step) {
    const v = xs[i];
    if (v !== v) continue;
    if (ymdFromSerial(v).d !== 1) return false;
    seen++;
  }
  return seen > 0 && ymdFromSerial(hi).d === 1;
}

/** Days of slack before a period counts as partial (a month whose last days are a weekend is whole). */
export const PARTIAL_SLACK_DAYS: Record<Granularity, number> = { month: 3, quarter: 5, year: 7 };
