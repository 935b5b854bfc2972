/**
 * Periods of the group checks. A period is coded as an integer "month index" (year x 12 + month - 1) of its first
 * month, then folded to the policy's granularity: month -> index, quarter -> year x 4 + q - 1, year -> year.
 */
import { parseDateText, serialFromYMD, ymdFromSerial } from "../parse/dates";

export type Granularity = "month" | "quarter" | "year";

export const GRAIN_ORDER: Record<Granularity, number> = { month: 0, quarter: 1, year: 2 };
export const PERIODS_PER_YEAR: Record<Granularity, number> = { month: 12, quarter: 4, year: 1 };

/** Period code of a month index at a granularity. */
export function foldMonth(monthIndex: number, grain: Granularity): number {
  if (grain === "month") return monthIndex;
  if (grain === "quarter") return Math.floor(monthIndex / 3);
  return Math.floor(monthIndex / 12);
}

/** "2024-03", "2024-Q1", "2024". */
export function periodLabel(code: number, grain: Granularity): string {
  if (grain === "month") {
    const y = Math.floor(code / 12);
    const m = code - y * 12 + 1;
    return `${y}-${m < 10 ? "0" : ""}${m}`;
  }
  if (grain === "quarter") {
    const y = Math.floor(code / 4);
    return `${y}-Q${code - y * 4 + 1}`;
  }
  return String(code);
}

/** Excel serial of the first day of a period. */
export function periodStartSerial(code: number, grain: Granularity): number {
  const mi = grain === "month" ? code : grain === "quarter" ? code * 3 : code * 12;
  const y = Math.floor(mi / 12);
  return serialFromYMD(y, mi - y * 12 + 1, 1);
}

/**
 * A period written as text ("2024-03", "03/2024", "2024-Q1", "T1 2024", "2024", "15/03/2024", "déc. 2024", "Jan 2021"),
 * read by the reader's date parser: the month index of its start and its granularity (a day counts as its month).
 */
export function parsePeriodText(text: string): { monthIndex: number; grain: Granularity } | null {
  const p = parseDateText(text, "dmy", true);
  if (!p) return null;
  const { y, m } = ymdFromSerial(p.serial);
  return { monthIndex: y * 12 + m - 1, grain: p.granularity === "day" ? "month" : p.granularity };
}
