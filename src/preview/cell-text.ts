/**
 * What the preview's grid shows in a cell: the value rendered with its number format by the simulated host's
 * formatter (src/sim/format.ts, Excel's rules in en-US), then, in French, with French separators: a narrow no-break
 * space for thousands and a comma for decimals ("1 234,56 €"), as French Excel shows the same format.
 */
import type { Lang } from "../core/types";
import { SimErrorValue, type Stored } from "../sim/cells";
import { formatValue } from "../sim/format";

/** True when a number format shows dates or times (d, m, y, h, s outside quotes, escapes and brackets). */
export function isDateTimeFormat(fmt: string): boolean {
  if (!fmt || /^general$/i.test(fmt.trim())) return false;
  const bare = fmt.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, "");
  return /[dmyhs]/i.test(bare);
}

/** French separators in a number Excel rendered the en-US way. Text around the number (currency, %) is kept. */
export function frenchSeparators(text: string): string {
  return text.replace(/[,.]/g, (ch) => (ch === "," ? "\u202f" : ","));
}

export interface CellDisplay {
  text: string;
  /** Numbers (and dates) are right-aligned, errors and booleans centred, text left. */
  align: "start" | "end" | "center";
}

export function cellDisplay(value: Stored | undefined, numFmt: string, date1904: boolean, lang: Lang): CellDisplay {
  if (value === undefined || value === "") return { text: "", align: "start" };
  if (value instanceof SimErrorValue) return { text: value.code, align: "center" };
  if (typeof value === "boolean") {
    const t = formatValue(value, numFmt, date1904);
    return { text: lang === "fr" ? (value ? "VRAI" : "FAUX") : t, align: "center" };
  }
  if (typeof value === "string") return { text: formatValue(value, numFmt, date1904), align: "start" };
  let text: string;
  try {
    text = formatValue(value, numFmt, date1904);
  } catch {
    text = String(value);
  }
  if (lang === "fr" && !isDateTimeFormat(numFmt)) text = frenchSeparators(text);
  return { text, align: "end" };
}
