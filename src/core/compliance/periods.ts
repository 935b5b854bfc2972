/**
 * Periods of the group checks. A period is coded as an integer "month index" (year x 12 + month - 1) of its first
 * month, then folded to the policy's granularity: month -> index, quarter -> year x 4 + q - 1, year -> year.
 */
import { normKey, serialToMonthIndex, ymdToSerial } from "./text";

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
  return ymdToSerial(y, mi - y * 12 + 1, 1);
}

/** Month index of an Excel serial; NaN when missing. */
export { serialToMonthIndex };

const MONTHS: Record<string, number> = {
  jan: 1, janv: 1, janvier: 1, january: 1,
  feb: 2, fev: 2, fevr: 2, fevrier: 2, february: 2,
  mar: 3, mars: 3, march: 3,
  apr: 4, avr: 4, avril: 4, april: 4,
  may: 5, mai: 5,
  jun: 6, juin: 6, june: 6,
  jul: 7, juil: 7, juillet: 7, july: 7,
  aug: 8, aou: 8, aout: 8, august: 8,
  sep: 9, sept: 9, septembre: 9, september: 9,
  oct: 10, octobre: 10, october: 10,
  nov: 11, novembre: 11, november: 11,
  dec: 12, decembre: 12, december: 12,
};

/**
 * A period written as text: "2024-03", "03/2024", "2024-Q1", "T1 2024", "Q1 2024", "2024", "2024-03-15",
 * "15/03/2024", "déc. 2024", "Jan 2021". Returns the month index of its start and its granularity, or null.
 */
export function parsePeriodText(text: string): { monthIndex: number; grain: Granularity } | null {
  const s = normKey(text).replace(/\(p\)$/, "").trim();
  let m: RegExpMatchArray | null;
  const ok = (y: number, mo: number) => y >= 1900 && y <= 9999 && mo >= 1 && mo <= 12;
  if ((m = s.match(/^(\d{4})$/))) return ok(+m[1], 1) ? { monthIndex: +m[1] * 12, grain: "year" } : null;
  if ((m = s.match(/^(\d{4})[-/.](\d{1,2})$/))) return ok(+m[1], +m[2]) ? { monthIndex: +m[1] * 12 + +m[2] - 1, grain: "month" } : null;
  if ((m = s.match(/^(\d{1,2})[-/.](\d{4})$/))) return ok(+m[2], +m[1]) ? { monthIndex: +m[2] * 12 + +m[1] - 1, grain: "month" } : null;
  if ((m = s.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t].*)?$/))) return ok(+m[1], +m[2]) ? { monthIndex: +m[1] * 12 + +m[2] - 1, grain: "month" } : null;
  if ((m = s.match(/^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/))) return ok(+m[3], +m[2]) ? { monthIndex: +m[3] * 12 + +m[2] - 1, grain: "month" } : null;
  if ((m = s.match(/^(\d{4}) ?[-/]? ?[qt]([1-4])$/))) return ok(+m[1], 1) ? { monthIndex: +m[1] * 12 + (+m[2] - 1) * 3, grain: "quarter" } : null;
  if ((m = s.match(/^[qt]([1-4]) ?[-/]? ?(\d{4})$/))) return ok(+m[2], 1) ? { monthIndex: +m[2] * 12 + (+m[1] - 1) * 3, grain: "quarter" } : null;
  if ((m = s.match(/^([a-z]+)\.? ?[-/]? ?(\d{4})$/))) {
    const mo = MONTHS[m[1]];
    return mo && ok(+m[2], mo) ? { monthIndex: +m[2] * 12 + mo - 1, grain: "month" } : null;
  }
  if ((m = s.match(/^([a-z]+)\.? ?[-/']? ?(\d{2})$/))) {
    const mo = MONTHS[m[1]];
    return mo ? { monthIndex: (2000 + +m[2]) * 12 + mo - 1, grain: "month" } : null;
  }
  return null;
}
