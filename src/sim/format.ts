/**
 * `Range.text` of the simulated host: a value shown through its number format, close to Excel for the formats OPS
 * and ordinary workbooks use (General, 0.00, #,##0, percents, currency, dates and times, "@", sections pos;neg;zero;text,
 * literal text in quotes). Not a full implementation of Excel's format language (no fractions, conditions or colours).
 */

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Calendar date of an Excel serial (1900 system with the phantom 29 Feb 1900, or 1904 system). */
export function serialToParts(serial: number, date1904 = false): { y: number; m: number; d: number; wd: number; H: number; M: number; S: number } {
  let days = Math.floor(serial);
  const frac = serial - days;
  let y: number, m: number, d: number, wd: number;
  if (!date1904 && days === 60) {
    y = 1900;
    m = 2;
    d = 29;
    wd = 3;
  } else {
    if (!date1904 && days < 60) days += 1;
    const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
    const dt = new Date(base + days * 86400000);
    y = dt.getUTCFullYear();
    m = dt.getUTCMonth() + 1;
    d = dt.getUTCDate();
    wd = dt.getUTCDay();
  }
  let secs = Math.round(frac * 86400);
  if (secs >= 86400) secs = 86399;
  return { y, m, d, wd, H: Math.floor(secs / 3600), M: Math.floor((secs % 3600) / 60), S: secs % 60 };
}

function general(n: number): string {
  if (n === 0) return "0";
  const abs = Math.abs(n);
  if (abs >= 1e11 || abs < 1e-9) {
    const s = n.toExponential(5).replace(/\.?0+e/, "e").replace("e", "E");
    return s.replace(/E([+-])(\d)$/, "E$10$2");
  }
  const digits = Math.max(0, 10 - Math.floor(Math.log10(abs)));
  return String(Number(n.toFixed(Math.min(digits, 20))));
}

function splitSections(fmt: string): string[] {
  const out: string[] = [];
  let cur = "";
  let q = false;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '"') q = !q;
    if (ch === "\\" && i + 1 < fmt.length) {
      cur += ch + fmt[++i];
      continue;
    }
    if (ch === ";" && !q) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Removes quoted text, escapes and bracket codes, to look at the format's codes only. */
function codesOnly(sec: string): string {
  return sec.replace(/"[^"]*"/g, "").replace(/\\./g, "").replace(/\[[^\]]*\]/g, "").replace(/_./g, "").replace(/\*./g, "");
}

function isDateFormat(sec: string): boolean {
  return /[ymdhs]/i.test(codesOnly(sec)) && !/[0#?]/.test(codesOnly(sec).replace(/[ymdhs]+/gi, ""));
}

/**
 * The literal at `i` in a format section: quoted text, a backslash escape, or a [bracket] code (text "" and the
 * bracket's inside in `bracket`). Null when the character at `i` is a format code.
 */
function literalAt(sec: string, i: number): { text: string; next: number; bracket?: string } | null {
  const ch = sec[i];
  if (ch === '"') {
    const j = sec.indexOf('"', i + 1);
    return { text: sec.slice(i + 1, j < 0 ? undefined : j), next: j < 0 ? sec.length : j + 1 };
  }
  if (ch === "\\") return { text: sec[i + 1] ?? "", next: i + 2 };
  if (ch === "[") {
    const j = sec.indexOf("]", i);
    return { text: "", next: j < 0 ? sec.length : j + 1, bracket: sec.slice(i + 1, j < 0 ? undefined : j) };
  }
  return null;
}

function renderDate(sec: string, serial: number, date1904: boolean): string {
  const p = serialToParts(serial, date1904);
  const ampm = /AM\/PM|A\/P/i.test(sec);
  let out = "";
  let i = 0;
  let lastWasHour = false;
  while (i < sec.length) {
    const ch = sec[i];
    const lit = literalAt(sec, i);
    if (lit) {
      out += lit.text;
      i = lit.next;
      continue;
    }
    if (ch === "_" || ch === "*") {
      i += 2;
      continue;
    }
    const run = /^(y+|m+|d+|h+|s+|AM\/PM|A\/P)/i.exec(sec.slice(i));
    if (run) {
      const tok = run[0];
      const l = tok.toLowerCase();
      if (l[0] === "y") out += l.length <= 2 ? String(p.y % 100).padStart(2, "0") : String(p.y);
      else if (l[0] === "d") out += l.length === 1 ? String(p.d) : l.length === 2 ? String(p.d).padStart(2, "0") : l.length === 3 ? DAYS[p.wd].slice(0, 3) : DAYS[p.wd];
      else if (l[0] === "h") {
        const h = ampm ? ((p.H + 11) % 12) + 1 : p.H;
        out += l.length === 1 ? String(h) : String(h).padStart(2, "0");
        lastWasHour = true;
        i += tok.length;
        continue;
      } else if (l[0] === "m") {
        const rest = sec.slice(i + tok.length);
        const isMinute = l.length <= 2 && (lastWasHour || /^[^ymd]*s/i.test(rest));
        if (isMinute) out += l.length === 1 ? String(p.M) : String(p.M).padStart(2, "0");
        else out += l.length === 1 ? String(p.m) : l.length === 2 ? String(p.m).padStart(2, "0") : l.length === 3 ? MONTHS[p.m - 1].slice(0, 3) : l.length === 5 ? MONTHS[p.m - 1][0] : MONTHS[p.m - 1];
      } else if (l[0] === "s") out += l.length === 1 ? String(p.S) : String(p.S).padStart(2, "0");
      else out += p.H < 12 ? (l === "a/p" ? "A" : "AM") : l === "a/p" ? "P" : "PM";
      lastWasHour = false;
      i += tok.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

function renderNumber(sec: string, n: number): string {
  const codes = codesOnly(sec);
  const percent = (codes.match(/%/g) ?? []).length;
  let v = n * Math.pow(100, percent);
  // trailing commas scale by 1000
  const scale = /[0#?](,+)(?:[^0#?]|$)/.exec(codes);
  if (scale) v /= Math.pow(1000, scale[1].length);
  const dot = codes.indexOf(".");
  const decimals = dot < 0 ? 0 : (codes.slice(dot + 1).match(/[0#?]/g) ?? []).length;
  const grouping = /[0#?],[0#?]/.test(codes);
  const abs = Math.abs(v);
  let [intPart, frac = ""] = abs.toFixed(decimals).split(".");
  const minInt = (codes.slice(0, dot < 0 ? undefined : dot).match(/0/g) ?? []).length;
  if (intPart === "0" && minInt === 0) intPart = "";
  intPart = intPart.padStart(minInt, "0");
  if (grouping) intPart = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const optionalDecimals = dot < 0 ? 0 : (codes.slice(dot + 1).match(/#/g) ?? []).length;
  if (optionalDecimals) frac = frac.replace(/0+$/, (z) => z.slice(0, Math.max(0, z.length - optionalDecimals)));
  const numText = intPart + (frac ? "." + frac : dot >= 0 && decimals && !optionalDecimals ? "." : "");
  // put the number where the first digit placeholder is, keep literals around it
  let out = "";
  let placed = false;
  let i = 0;
  while (i < sec.length) {
    const ch = sec[i];
    const lit = literalAt(sec, i);
    if (lit) {
      // a currency code [$€-40C] shows its symbol
      const cur = lit.bracket !== undefined ? /^\$([^-\]]*)/.exec(lit.bracket) : null;
      out += cur ? cur[1] : lit.text;
      i = lit.next;
      continue;
    }
    if (ch === "_") {
      out += " ";
      i += 2;
      continue;
    }
    if (ch === "*") {
      i += 2;
      continue;
    }
    if ("0#?.,".includes(ch)) {
      if (!placed) {
        out += numText;
        placed = true;
      }
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  if (!placed) out += numText;
  return out;
}

/** A text section's literals: quoted text, escapes, "_x" as a space, "*x" dropped. */
function literal(sec: string): string {
  return sec.replace(/"([^"]*)"|\\(.)|_.|\*./g, (m, q: string | undefined, e: string | undefined) => (q !== undefined ? q : e !== undefined ? e : m[0] === "_" ? " " : ""));
}

/** The text Excel shows for a value (as `Range.values` gives it) with a number format. */
export function formatValue(v: number | string | boolean | undefined, fmt: string, date1904 = false): string {
  if (v === undefined || v === "") return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  const sections = splitSections(fmt || "General");
  if (typeof v === "string") {
    const textSec = sections.length >= 4 ? sections[3] : sections.find((s) => s.includes("@"));
    return textSec ? literal(textSec).replace("@", v) : v;
  }
  let sec = sections[0];
  let value = v;
  if (v < 0 && sections.length >= 2) {
    sec = sections[1];
    value = -v;
  } else if (v === 0 && sections.length >= 3) sec = sections[2];
  if (/^general$/i.test(sec.trim()) || sec.trim() === "") return general(value);
  if (sec.trim() === "@") return general(value);
  if (isDateFormat(sec)) return value < 0 ? "#".repeat(10) : renderDate(sec, value, date1904);
  const s = renderNumber(sec, Math.abs(value));
  return value < 0 ? "-" + s : s;
}
