/**
 * Small helpers of the compliance area on top of src/core/parse: the comparison key of a dimension value (case,
 * accents and surrounding spaces ignored) and the month of an Excel serial without Date objects (hot path).
 */
import { foldAccents } from "../parse/text";

/** Comparison key of a dimension value: accents and case ignored, inner spaces collapsed, trimmed. */
export function normKey(s: string): string {
  return foldAccents(s).replace(/[\s\u00a0\u202f]+/g, " ").trim();
}

/**
 * Month index (year x 12 + month - 1) of an Excel serial in the 1900 system; NaN for a missing or out-of-range serial.
 * Serials 1..59 are 1900-01-01..1900-02-28, 60 is the phantom 29 Feb 1900 (kept in February), 61 is 1 March 1900.
 * Integer arithmetic (Howard Hinnant's civil_from_days): it runs once per row.
 */
export function serialToMonthIndex(serial: number): number {
  if (!(serial >= 1 && serial < 2958466)) return NaN;
  const s = Math.floor(serial);
  const excelDays = s > 60 ? s : s === 60 ? 60 : s + 1; // days after 1899-12-30
  const z = excelDays - 25569 + 719468; // days after 0000-03-01
  const era = (z / 146097) | 0;
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 12 + m - 1;
}
