/**
 * The sheets OPS owns: "OPS Compliance" (report), "OPS Policy", "OPS Log". OPS writes only to sheets it created.
 *
 * How OPS knows a sheet is its own, across sessions:
 * - a sheet-scoped defined name `OPS_Sheet_<role>` (hidden) whose formula is ="OPS:<role>", added when OPS creates the
 *   sheet. It is saved in the file and survives renaming and moving. (Worksheet ids change between sessions:
 *   OfficeDev/office-js-docs#297, OfficeDev/office-js#1390; so they cannot be the only mark.) One name per role, not
 *   one name on several sheets: tools that key defined names by name alone (ExcelJS) keep only one of those.
 * - the workbook setting "ops.ownedSheets": [{ role, id, name }], written at the same time: in the same session it
 *   tells OPS's sheet from a user's copy of it (a copy carries the sheet-scoped name too).
 * A user's own sheet named "OPS Compliance" carries neither, so OPS writes to "OPS Compliance (2)" and leaves it alone.
 */
import { POLICY_SHEET } from "../core/compliance";

/** Every role of a sheet OPS owns. "formulas" is the hidden sheet that keeps frozen OPS.* formulas. */
export const OWNED_ROLES = ["report", "policy", "log", "trends", "market", "summary", "formulas"] as const;
export type OwnedRole = (typeof OWNED_ROLES)[number];

export const OWNED_SHEET_NAMES: Record<OwnedRole, string> = {
  report: "OPS Compliance",
  policy: POLICY_SHEET.name,
  log: "OPS Log",
  trends: "OPS Trends",
  market: "OPS Market",
  summary: "OPS Summary",
  formulas: "OPS Formulas",
};

export const OWNED_SETTING = "ops.ownedSheets";
/** Prefix of the sheet-scoped marker names: OPS_Sheet_report, OPS_Sheet_policy, OPS_Sheet_log. */
export const SHEET_MARKER_PREFIX = "OPS_Sheet_";
export const markerName = (role: OwnedRole): string => `${SHEET_MARKER_PREFIX}${role}`;
const MARKER_PREFIX = "OPS:";

export interface OwnedRecord {
  role: OwnedRole;
  id: string;
  name: string;
}

export interface SheetInfo {
  id: string;
  name: string;
  position: number;
  visibility: string;
  protected: boolean;
  /** The role named by the sheet's OPS_Sheet_<role> marker, if it carries one. */
  marker?: OwnedRole;
}

export interface WorkbookSnapshot {
  sheets: SheetInfo[];
  records: OwnedRecord[];
  structureProtected: boolean;
  /** Lower-cased names of every table in the workbook (table names are workbook-wide). */
  tableNames: Set<string>;
  /** Lower-cased workbook-scoped defined names -> their formula. */
  definedNames: Map<string, string>;
}

type Ctx = Excel.RequestContext;

/** Parses the setting's value (an array, or its JSON text), keeping only well-formed records. */
export function parseRecords(value: unknown): OwnedRecord[] {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(v)) return [];
  return v.filter((r): r is OwnedRecord => !!r && typeof r === "object" && (OWNED_ROLES as readonly string[]).includes((r as OwnedRecord).role) && typeof (r as OwnedRecord).id === "string" && typeof (r as OwnedRecord).name === "string");
}

export function markerFormula(role: OwnedRole): string {
  return `="${MARKER_PREFIX}${role}"`;
}

const MARKER_ROLE = new RegExp(`OPS:(${OWNED_ROLES.join("|")})\\b`);

/** The role in a marker name's formula or value ("=\"OPS:report\"", "OPS:report"), or undefined. */
export function roleOfMarker(text: unknown): OwnedRole | undefined {
  if (typeof text !== "string") return undefined;
  const m = MARKER_ROLE.exec(text);
  return m ? (m[1] as OwnedRole) : undefined;
}

/**
 * The sheet OPS owns for a role, or undefined. Among sheets carrying the role's marker, the one recorded in the
 * settings (same id, then same name) wins; without a record (a new session) the first one. A sheet without the
 * marker counts only when its id is recorded (same session, marker removed by hand).
 */
export function ownedSheet(snap: Pick<WorkbookSnapshot, "sheets" | "records">, role: OwnedRole): SheetInfo | undefined {
  const recs = snap.records.filter((r) => r.role === role);
  const marked = snap.sheets.filter((s) => s.marker === role);
  for (const r of recs) {
    const byId = marked.find((s) => s.id === r.id);
    if (byId) return byId;
  }
  for (const r of recs) {
    const byName = marked.find((s) => s.name.toLowerCase() === r.name.toLowerCase());
    if (byName) return byName;
  }
  if (marked.length > 0) return marked[0];
  for (const r of recs) {
    const byId = snap.sheets.find((s) => s.id === r.id && s.marker === undefined);
    if (byId) return byId;
  }
  return undefined;
}

/** `base`, else "base (2)", "base (3)"... : the first name no sheet uses (Excel compares names ignoring case). */
export function freeSheetName(taken: Iterable<string>, base: string): string {
  const used = new Set<string>();
  for (const n of taken) used.add(n.toLowerCase());
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const name = base.slice(0, 31 - suffix.length) + suffix;
    if (!used.has(name.toLowerCase())) return name;
  }
}

/** `base`, else base_2, base_3... : the first name not in `taken` (lower-cased set). */
export function freeName(taken: Set<string>, base: string): string {
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const n = `${base}_${i}`;
    if (!taken.has(n.toLowerCase())) return n;
  }
}

/** Where OPS's sheet for a role is or will be: the owned sheet, or a free name (and whether a user's sheet took the default). */
export function planSheet(snap: WorkbookSnapshot, role: OwnedRole): { existing?: SheetInfo; name: string; userHasDefault: boolean } {
  const existing = ownedSheet(snap, role);
  const base = OWNED_SHEET_NAMES[role];
  if (existing) return { existing, name: existing.name, userHasDefault: false };
  const name = freeSheetName(snap.sheets.map((s) => s.name), base);
  return { name, userHasDefault: name !== base };
}

/**
 * Reads what OPS needs to know before writing: sheets (id, name, position, visibility, protection, marker), the
 * owned-sheets record, workbook structure protection, table names, workbook names. Two syncs.
 */
export async function snapshot(ctx: Ctx): Promise<WorkbookSnapshot> {
  const wb = ctx.workbook;
  const sheets = wb.worksheets.load("items/id,items/name,items/position,items/visibility");
  const setting = wb.settings.getItemOrNullObject(OWNED_SETTING);
  setting.load("value");
  const tables = wb.tables.load("items/name");
  const names = wb.names.load("items/name,items/formula");
  // Workbook structure protection (ExcelApi 1.7); a host without it (the simulated one) is taken as unprotected.
  let wbProtection: Excel.WorkbookProtection | undefined;
  try {
    wbProtection = wb.protection;
    wbProtection.load("protected");
  } catch {
    wbProtection = undefined;
  }
  await ctx.sync();

  const items = sheets.items;
  const markers = items.map((s) => {
    const n = s.names.load("items/name,items/formula");
    const p = s.protection;
    p.load("protected");
    return { n, p };
  });
  await ctx.sync();

  const infos: SheetInfo[] = items.map((s, i) => {
    const { n, p } = markers[i];
    const info: SheetInfo = { id: s.id, name: s.name, position: s.position, visibility: String(s.visibility), protected: !!p.protected };
    for (const item of n.items) {
      if (!item.name.toLowerCase().startsWith(SHEET_MARKER_PREFIX.toLowerCase())) continue;
      const role = roleOfMarker(item.formula);
      if (role && item.name.toLowerCase() === markerName(role).toLowerCase()) info.marker = role;
    }
    return info;
  });
  const definedNames = new Map<string, string>();
  for (const n of names.items) definedNames.set(n.name.toLowerCase(), String(n.formula ?? ""));
  return {
    sheets: infos,
    records: setting.isNullObject ? [] : parseRecords(setting.value),
    structureProtected: !!wbProtection?.protected,
    tableNames: new Set(tables.items.map((t) => t.name.toLowerCase())),
    definedNames,
  };
}

/** Queues: the marker on a sheet OPS just created. */
export function markSheet(sheet: Excel.Worksheet, role: OwnedRole, comment: string): void {
  const n = sheet.names.add(markerName(role), markerFormula(role), comment);
  n.visible = false;
}

/** Queues: the owned-sheets setting with the record for `role` replaced by (id, name). */
export function recordOwned(ctx: Ctx, records: OwnedRecord[], role: OwnedRole, id: string, name: string): OwnedRecord[] {
  const next = records.filter((r) => r.role !== role).concat([{ role, id, name }]);
  ctx.workbook.settings.add(OWNED_SETTING, JSON.stringify(next));
  return next;
}

/** A name for a temporary sheet that no sheet uses (≤ 31 characters). */
export function tempSheetName(snap: WorkbookSnapshot, role: OwnedRole): string {
  const base = `~OPS ${role} ${Date.now().toString(36).slice(-6)}`;
  return freeSheetName(snap.sheets.map((s) => s.name), base.slice(0, 28));
}
