/**
 * The live highlight on the workbook: workbook names pointing at the policy sheet, one formula-based conditional
 * format per source table (the formula comes from src/core/highlight.ts), and the records that let OPS remove
 * exactly what it added.
 *
 * Names (workbook scope, hidden from nobody: they show in the Name Manager with a comment): OPS_Floor, OPS_Target
 * (the default floor and target cells), OPS_RuleValue, OPS_RuleFloor, OPS_RuleFrom, OPS_RuleTo (columns of the rules
 * table body). A name a user already has is never changed: OPS takes OPS_Floor_2 and so on. The formula refers to the
 * policy sheet only through these names: a conditional format that refers to another sheet directly is stored by
 * Excel in an extension block that other tools (and Excel 2007) drop, while names are plain SpreadsheetML.
 *
 * Settings: "ops.names" (the names OPS owns), "ops.highlights" (one record per source: sheet, range, formula, id,
 * and what it takes to rebuild the formula when the policy's rules change).
 */
import { HIGHLIGHT_NAMES, HighlightFormulaError, columnLetter, highlightFormula, namedRefs, type HighlightColumns, type HighlightRefs } from "../core/highlight";
import { quoteSheetName } from "../core/escape";
import { t } from "../core/i18n";
import type { MarginPolicy } from "../core/policy-types";
import type { Column, ColumnRole, DataSet, Lang, OpsMessage } from "../core/types";
import { DIMENSION_ROLES } from "../core/types";
import { workbookError } from "./errors";
import { freeName, type WorkbookSnapshot } from "./owned-sheets";
import { ruleColumn, type PolicyLayout } from "./policy-sheet";

type Ctx = Excel.RequestContext;

export const NAMES_SETTING = "ops.names";
export const HIGHLIGHTS_SETTING = "ops.highlights";

export type NameKey = keyof typeof HIGHLIGHT_NAMES;
export type OpsNames = Record<NameKey, string>;

export interface HighlightRecord {
  /** DataSet id of the source. */
  source: string;
  sheet: string;
  /** Local address of the conditional format's range ("A2:P701"). */
  address: string;
  /** Conditional format id when it was added (valid in that session only). */
  id: string;
  formula: string;
  /** What the formula was built from, to rebuild it when the policy's rules change. */
  columns: HighlightColumns;
  firstRow: number;
  /** Excel table of the source, when it is one. */
  table?: string;
}

/** Light red fill and dark red text, Excel's own "Light Red Fill with Dark Red Text" preset. */
export const HIGHLIGHT_FILL = "#FFC7CE";
export const HIGHLIGHT_FONT = "#9C0006";

function parseJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined) return fallback;
  if (typeof v !== "string") return v as T;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

export interface HighlightState {
  names: Partial<OpsNames>;
  records: HighlightRecord[];
}

/** Queues the load of OPS's names and highlight records; call `.value()` after the sync. */
export function loadHighlightState(ctx: Ctx): () => HighlightState {
  const n = ctx.workbook.settings.getItemOrNullObject(NAMES_SETTING).load("value");
  const h = ctx.workbook.settings.getItemOrNullObject(HIGHLIGHTS_SETTING).load("value");
  return () => ({
    names: n.isNullObject ? {} : parseJson<Partial<OpsNames>>(n.value, {}),
    records: h.isNullObject ? [] : parseJson<HighlightRecord[]>(h.value, []).filter((r) => r && typeof r.sheet === "string" && typeof r.formula === "string"),
  });
}

/** The formula each name should have for the policy sheet as laid out now. */
export function nameFormulas(layout: PolicyLayout): OpsNames {
  const s = quoteSheetName(layout.sheet);
  const v = columnLetter(layout.valueColumn);
  const col = (field: "value" | "floor" | "from" | "to") => {
    const c = columnLetter(ruleColumn(layout, field));
    return `=${s}!$${c}$${layout.rulesTop}:$${c}$${layout.rulesTop + layout.ruleRows - 1}`;
  };
  return {
    floor: `=${s}!$${v}$${layout.floorRow}`,
    target: `=${s}!$${v}$${layout.targetRow}`,
    ruleValue: col("value"),
    ruleFloor: col("floor"),
    ruleFrom: col("from"),
    ruleTo: col("to"),
  };
}

/**
 * Which names OPS uses: the ones it recorded (still present), else the default names when free, else a free
 * variant (OPS_Floor_2...). A name the user defined is never taken over.
 */
export function planNames(snap: Pick<WorkbookSnapshot, "definedNames">, recorded: Partial<OpsNames>): { names: OpsNames; existing: Set<NameKey> } {
  const taken = new Set(snap.definedNames.keys());
  const out = {} as OpsNames;
  const existing = new Set<NameKey>();
  for (const key of Object.keys(HIGHLIGHT_NAMES) as NameKey[]) {
    const mine = recorded[key];
    if (mine && snap.definedNames.has(mine.toLowerCase())) {
      out[key] = mine;
      existing.add(key);
      continue;
    }
    const name = freeName(taken, HIGHLIGHT_NAMES[key]);
    taken.add(name.toLowerCase());
    out[key] = name;
  }
  return { names: out, existing };
}

/** Queues: OPS's names created or pointed at the policy sheet's current layout, and recorded. */
export function queueNames(ctx: Ctx, snap: Pick<WorkbookSnapshot, "definedNames">, recorded: Partial<OpsNames>, layout: PolicyLayout, lang: Lang): OpsNames {
  const { names, existing } = planNames(snap, recorded);
  const formulas = nameFormulas(layout);
  const comment = t("excel.name.comment", lang);
  for (const key of Object.keys(names) as NameKey[]) {
    const name = names[key];
    const current = snap.definedNames.get(name.toLowerCase());
    if (existing.has(key)) {
      if (current !== formulas[key]) {
        const item = ctx.workbook.names.getItem(name);
        item.formula = formulas[key];
      }
    } else {
      ctx.workbook.names.add(name, formulas[key], comment);
    }
    snap.definedNames.set(name.toLowerCase(), formulas[key]);
  }
  ctx.workbook.settings.add(NAMES_SETTING, JSON.stringify(names));
  return names;
}

/** Refs through OPS's names, with each rule read from its own row of the rules table (rules[i].location.row). */
export function refsFor(names: OpsNames, policy: MarginPolicy, layout: PolicyLayout): HighlightRefs {
  const base = namedRefs(names);
  const rowOf = (k: number): number => {
    const loc = policy.rules[k - 1]?.location;
    return loc?.row !== undefined && loc.sheet === layout.sheet ? loc.row - layout.rulesTop + 1 : k;
  };
  return {
    floor: base.floor,
    ruleValue: (k) => base.ruleValue(rowOf(k)),
    ruleFloor: (k) => base.ruleFloor(rowOf(k)),
    ruleFrom: (k) => base.ruleFrom(rowOf(k)),
    ruleTo: (k) => base.ruleTo(rowOf(k)),
  };
}

const sheetColumnOf = (c: Column | undefined): string | undefined => (c && !c.derived && c.sheetColumn !== undefined ? columnLetter(c.sheetColumn) : undefined);

/** Column letters of a source for the formula; throws the "missing columns" WorkbookError when it cannot be built. */
export function highlightColumns(data: DataSet): HighlightColumns {
  const col = (role: ColumnRole): Column | undefined => (data.roles[role] !== undefined ? data.columns[data.roles[role] as number] : undefined);
  const revenue = sheetColumnOf(col("revenue"));
  const cost = sheetColumnOf(col("cost"));
  const margin = sheetColumnOf(col("margin"));
  if (!revenue || (!cost && !margin)) throw workbookError("excel.highlightMissingColumns");
  const dateCol = col("date");
  const date = dateCol && dateCol.kind === "date" ? sheetColumnOf(dateCol) : undefined;
  const dimensions: Partial<Record<ColumnRole, string>> = {};
  for (const d of DIMENSION_ROLES) {
    const letter = sheetColumnOf(col(d));
    if (letter) dimensions[d] = letter;
  }
  const out: HighlightColumns = { revenue, dimensions };
  if (cost) out.cost = cost;
  else if (margin) out.margin = margin;
  if (date) out.date = date;
  return out;
}

/** Parses "A2:P701" (or "Sheet!A2:P701") into 1-based bounds. */
export function parseAddress(address: string): { top: number; left: number; bottom: number; right: number } | null {
  const local = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(local.trim());
  if (!m) return null;
  const col = (s: string) => s.toUpperCase().split("").reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  return { top: Number(m[2]), left: col(m[1]), bottom: m[4] ? Number(m[4]) : Number(m[2]), right: m[3] ? col(m[3]) : col(m[1]) };
}

/** The data rows of a source: the table's body, or the rows the reader kept (first to last) across its columns. */
export function sourceBodyAddress(data: DataSet): { address: string; firstRow: number } {
  const b = parseAddress(data.address);
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < data.rowNumbers.length; i++) {
    const r = data.rowNumbers[i];
    if (r < first) first = r;
    if (r > last) last = r;
  }
  const left = b ? b.left : 1;
  const right = b ? b.right : Math.max(1, ...data.columns.map((c) => c.sheetColumn ?? 1));
  if (!Number.isFinite(first)) {
    const headerBottom = Math.max(...data.headerRows, b ? b.top : 1);
    first = headerBottom + 1;
    last = Math.max(first, b ? b.bottom : first);
  }
  return { address: `${columnLetter(left)}${first}:${columnLetter(right)}${last}`, firstRow: first };
}

/** Messages about rules the highlight leaves out (a dimension the data lacks...). */
export function skippedMessages(skipped: { rule: number; reason: string }[], policy: MarginPolicy, layoutSheet: string): OpsMessage[] {
  return skipped.map(({ rule, reason }) => {
    const r = policy.rules[rule - 1];
    const m: OpsMessage = { code: "excel.highlightRuleSkipped", severity: "info", params: { rule: r?.id ?? String(rule), reason: `excel.highlightReason.${reason}` } };
    const loc = r?.location;
    m.location = loc ?? { sheet: layoutSheet };
    return m;
  });
}

/** Builds the formula, turning the pure builder's errors into WorkbookErrors. */
export function buildFormula(policy: MarginPolicy, columns: HighlightColumns, firstRow: number, refs: HighlightRefs): ReturnType<typeof highlightFormula> {
  try {
    return highlightFormula(policy, columns, firstRow, refs);
  } catch (e) {
    if (e instanceof HighlightFormulaError) {
      throw e.reason === "tooLong" ? workbookError("excel.highlightTooLong", { length: e.length ?? 0 }) : workbookError("excel.highlightMissingColumns");
    }
    throw e;
  }
}

const norm = (f: string) => f.replace(/^=/, "").replace(/\s+/g, "").toUpperCase();

/** Is this conditional format one OPS added? (same id and one of OPS's names, or the very formula OPS wrote, or OPS's floor name inside OPS's comparison). */
export function isOpsFormat(cf: { id: string; formula: string }, record: Pick<HighlightRecord, "id" | "formula">, floorName: string | undefined): boolean {
  const f = norm(cf.formula);
  if (f === norm(record.formula)) return true;
  const mentionsFloor = floorName ? new RegExp(`(^|[^A-Z0-9_.])${floorName.toUpperCase().replace(/[.]/g, "\\.")}([^A-Z0-9_.(]|$)`).test(f) : false;
  if (!mentionsFloor) return false;
  return cf.id === record.id || /ROUND\(.*,12\)<0/.test(f);
}

/**
 * Removes the conditional formats OPS added for the given records (all of them, or those of one source), and
 * returns how many. Looks on each recorded sheet; a user's own conditional formats are left as they are.
 */
export async function removeOpsFormats(ctx: Ctx, records: HighlightRecord[], floorName: string | undefined): Promise<number> {
  const bySheet = new Map<string, HighlightRecord[]>();
  for (const r of records) {
    const list = bySheet.get(r.sheet) ?? [];
    list.push(r);
    bySheet.set(r.sheet, list);
  }
  if (bySheet.size === 0) return 0;
  const sheets = [...bySheet.keys()].map((name) => ({ name, ws: ctx.workbook.worksheets.getItemOrNullObject(name) }));
  await ctx.sync();
  const lists = sheets
    .filter((s) => !s.ws.isNullObject)
    .map((s) => {
      const used = s.ws.getRange();
      const cfs = used.conditionalFormats.load("items/id,items/type");
      return { ...s, cfs };
    });
  await ctx.sync();
  const customs: { name: string; cf: Excel.ConditionalFormat; rule: Excel.ConditionalFormatRule }[] = [];
  for (const s of lists) {
    for (const cf of s.cfs.items) {
      if (String(cf.type) !== "Custom") continue;
      const rule = cf.custom.rule.load("formula");
      customs.push({ name: s.name, cf, rule });
    }
  }
  if (customs.length === 0) return 0;
  await ctx.sync();
  let removed = 0;
  for (const c of customs) {
    const recs = bySheet.get(c.name) ?? [];
    const formula = String(c.rule.formula ?? "");
    if (recs.some((r) => isOpsFormat({ id: c.cf.id, formula }, r, floorName))) {
      c.cf.delete();
      removed++;
    }
  }
  if (removed > 0) await ctx.sync();
  return removed;
}

/** Queues one custom conditional format with `formula` on `range`; load its id after the sync. */
export function queueFormat(range: Excel.Range, formula: string): Excel.ConditionalFormat {
  const cf = range.conditionalFormats.add("Custom");
  cf.custom.rule.formula = formula;
  cf.custom.format.fill.color = HIGHLIGHT_FILL;
  cf.custom.format.font.color = HIGHLIGHT_FONT;
  cf.load("id");
  return cf;
}

export function saveRecords(ctx: Ctx, records: HighlightRecord[]): void {
  ctx.workbook.settings.add(HIGHLIGHTS_SETTING, JSON.stringify(records));
}
