/**
 * Small text helpers of the compliance area: the comparison key of a dimension value (case, accents and surrounding
 * spaces ignored), column letters, and Excel serial <-> civil date conversions without Date objects (hot paths).
 */

/** Comparison key of a dimension value or a label: accents and case ignored, inner spaces collapsed, trimmed. */
export function normKey(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s\u00a0\u202f]+/g, " ")
    .trim();
}

/** Looser key for labels typed by people: also drops punctuation ("Taux plancher :" = "taux plancher"). */
export function labelKey(s: string): string {
  return normKey(s).replace(/[^a-z0-9%]+/g, " ").trim();
}

/** 1 -> "A", 27 -> "AA". */
export function columnLetter(col: number): string {
  let n = Math.floor(col);
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address of a cell ("L12"). */
export function cellAddress(col: number, row: number): string {
  return `${columnLetter(col)}${row}`;
}

/**
 * Days since 1970-01-01 of an Excel serial in the 1900 system. Serials 1..59 are 1900-01-01..1900-02-28; 60 is the
 * phantom 29 Feb 1900 (taken as 28 Feb here); from 61 on (1 March 1900) the serial counts from 1899-12-30.
 */
export function serialToEpochDays(serial: number): number {
  const s = Math.floor(serial);
  const fromExcelEpoch = s > 60 ? s : s === 60 ? 60 : s + 1; // days after 1899-12-30
  return fromExcelEpoch - 25569; // 1899-12-30 is 25569 days before 1970-01-01
}

/** Civil year and month (1-12) and day of an Excel serial, by Howard Hinnant's days_from_civil inverse. */
export function serialToYmd(serial: number): { y: number; m: number; d: number } {
  const z = serialToEpochDays(serial) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return { y, m, d };
}

/** Month index (year * 12 + month - 1) of an Excel serial; NaN for a missing or out-of-range serial. Hot path. */
export function serialToMonthIndex(serial: number): number {
  if (!(serial >= 1 && serial < 2958466)) return NaN;
  const z = serialToEpochDays(serial) + 719468;
  const era = (z / 146097) | 0;
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 12 + m - 1;
}

/** Excel serial (1900 system) of a civil date. */
export function ymdToSerial(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const epochDays = era * 146097 + doe - 719468;
  const fromExcelEpoch = epochDays + 25569;
  return fromExcelEpoch > 60 ? fromExcelEpoch : fromExcelEpoch - 1;
}
