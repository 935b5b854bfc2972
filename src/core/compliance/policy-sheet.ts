/**
 * The "OPS Policy" sheet as plain cells. The Excel side (src/excel) writes and reads these cells; this module owns
 * the layout, the labels (French or English) and the parsing back, with every problem located by cell.
 *
 *   A1  title                      A2  note (how to edit)
 *   A4:B9  settings, label | value: basis, default floor, default target, erosion points, period, group by
 *   A11:H11 header of the rules table (an Excel table "OPS_Policy_Rules"), A12:H… one rule per row:
 *           rule | dimension | value | floor | target | from | to | comment
 *
 * A blank floor or target in a rule row inherits the default (kept as NaN in the PolicyRule, see policy.ts).
 */
import { parseNumberCell } from "../parse/number";
import { t } from "../i18n";
import type { MarginBasis, MarginPolicy, PolicyRule } from "../policy-types";
import { DIMENSION_ROLES, type CellLocation, type CellValue, type ColumnRole, type Lang, type OpsMessage } from "../types";
import { defaultPolicy, validatePolicy, type PolicyLocator } from "./policy";
import { parseDateText, serialFromYMD, ymdFromSerial } from "../parse/dates";
import { cellAddress, normaliseWords as labelKey } from "../parse/text";
import { normKey } from "./text";

export type PolicySettingKey = "basis" | "floor" | "target" | "erosionPoints" | "period" | "groupBy";
export type PolicyColumnKey = "rule" | "dimension" | "value" | "floor" | "target" | "from" | "to" | "comment";

export const POLICY_SHEET = {
  /** Name of the sheet (the same in both languages, so OPS finds it whatever the user's language). */
  name: "OPS Policy",
  /** Name of the Excel table holding the rules. */
  tableName: "OPS_Policy_Rules",
  titleRow: 1,
  noteRow: 2,
  /** First settings row (label in A, value in B). */
  settingsTop: 4,
  settingKeys: ["basis", "floor", "target", "erosionPoints", "period", "groupBy"] as readonly PolicySettingKey[],
  /** 1-based sheet column of the settings labels; values are one column to the right. */
  settingsLeft: 1,
  /** Row of the rules table header; rule rows start on the next row. */
  rulesHeaderRow: 11,
  rulesTop: 12,
  /** 1-based sheet column of the rules table's first column. */
  rulesLeft: 1,
  columns: ["rule", "dimension", "value", "floor", "target", "from", "to", "comment"] as readonly PolicyColumnKey[],
} as const;

export type CellFormat = "text" | "percent" | "date";

export interface PolicyCells {
  title: string;
  note: string;
  /** label, value rows for A4:B9 (basis, default floor, default target, erosion points, period, group by). */
  settings: CellValue[][];
  /** Number format kind of each settings value (column B). */
  settingsFormats: CellFormat[];
  rulesHeader: string[];
  rules: CellValue[][];
  /** Number format kind of each rules column. */
  rulesFormats: CellFormat[];
}

const DIM_WORDS: Record<string, ColumnRole> = {
  segment: "segment", segments: "segment",
  produit: "product", produits: "product", product: "product", products: "product", article: "product", articles: "product", item: "product", sku: "product", reference: "product", gamme: "product",
  region: "region", regions: "region", zone: "region", secteur: "region", territory: "region", territoire: "region",
  pays: "country", country: "country", countries: "country",
  client: "customer", clients: "customer", customer: "customer", customers: "customer",
  canal: "channel", canaux: "channel", channel: "channel", channels: "channel", "canal de vente": "channel", "sales channel": "channel",
  concurrent: "competitor", concurrents: "competitor", competitor: "competitor", competitors: "competitor", brand: "competitor", marque: "competitor", company: "competitor", societe: "competitor",
  marche: "market", marches: "market", market: "market", markets: "market",
};

/** A dimension named in French or English ("Produit", "Région", "Canal", "customer"...), or the role name itself. */
export function parseDimensionName(text: string): ColumnRole | null {
  const k = labelKey(text);
  if ((DIMENSION_ROLES as readonly string[]).includes(k)) return k as ColumnRole;
  return DIM_WORDS[k] ?? null;
}

export function dimensionName(role: ColumnRole, lang: Lang): string {
  return t(`compliance.dim.${role}`, lang);
}

export function parseBasis(text: string): MarginBasis | null {
  const k = labelKey(text);
  if (k === "") return null;
  if (/\b(cout|couts|cost|costs|markup|achat|revient)\b/.test(k)) return "cost";
  if (/\b(vente|ventes|sales|sale|revenue|marque|prix|ca)\b/.test(k)) return "sales";
  return null;
}

export function parsePeriodName(text: string): MarginPolicy["period"] | null {
  const k = labelKey(text);
  if (/^(mois|month|months|mensuel|monthly|mensuelle)$/.test(k)) return "month";
  if (/^(trimestre|trimestres|quarter|quarters|trimestriel|quarterly|trimestrielle)$/.test(k)) return "quarter";
  if (/^(annee|annees|an|ans|year|years|annuel|yearly|annual|annuelle|exercice)$/.test(k)) return "year";
  return null;
}

/** The policy as cells of the "OPS Policy" sheet, in the user's language. Rates are fractions (write them as %). */
export function policyToCells(policy: MarginPolicy, lang: Lang): PolicyCells {
  const L = (k: string) => t(k, lang);
  const settings: CellValue[][] = [
    [L("compliance.setting.basis"), L(policy.basis === "cost" ? "compliance.value.basisCost" : "compliance.value.basisSales")],
    [L("compliance.setting.floor"), policy.floor],
    [L("compliance.setting.target"), policy.target],
    [L("compliance.setting.erosionPoints"), policy.erosionPoints],
    [L("compliance.setting.period"), L(`compliance.value.period.${policy.period}`)],
    [L("compliance.setting.groupBy"), (policy.groupBy ?? []).map((d) => dimensionName(d, lang)).join(", ")],
  ];
  const num = (x: number | undefined): CellValue => (x === undefined || !Number.isFinite(x) ? "" : x);
  const rules: CellValue[][] = policy.rules.map((r) => [
    r.id,
    r.dimension ? dimensionName(r.dimension, lang) : "",
    r.value ?? "",
    num(r.floor),
    num(r.target),
    num(r.from),
    num(r.to),
    r.comment ?? "",
  ]);
  return {
    title: L("compliance.sheet.title"),
    note: L("compliance.sheet.note"),
    settings,
    settingsFormats: ["text", "percent", "percent", "percent", "text", "text"],
    rulesHeader: POLICY_SHEET.columns.map((c) => L(`compliance.col.${c}`)),
    rules,
    rulesFormats: ["text", "text", "text", "percent", "percent", "date", "date", "text"],
  };
}

/** Which setting a label names (fr or en), or null. */
function settingOfLabel(label: CellValue): PolicySettingKey | null {
  if (typeof label !== "string") return null;
  const k = labelKey(label);
  if (k === "") return null;
  if (/\b(base|basis)\b/.test(k)) return "basis";
  if (/\b(erosion|eroding)\b/.test(k)) return "erosionPoints";
  if (/\b(plancher|floor|minimum|seuil)\b/.test(k)) return "floor";
  if (/\b(cible|target|objectif)\b/.test(k)) return "target";
  if (/\b(grouper|group|groupes|groups|regrouper|par dimension)\b/.test(k)) return "groupBy";
  if (/\b(periode|period|periodicite|frequency)\b/.test(k)) return "period";
  return null;
}

/** A rate typed in a cell: 0.12, "12 %", "12,5 %", "0,125"; a bare number above 1 is read as percent (12 -> 12 %). */
export function parseRateCell(v: CellValue, basis: MarginBasis): { value: number; assumedPercent?: boolean } | { error: true } | null {
  if (v === null || v === "" || (typeof v === "string" && v.trim() === "")) return null;
  if (typeof v === "boolean") return { error: true };
  let x: number;
  let percent = false;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return { error: true };
    x = v;
  } else {
    let s = v.trim();
    const pts = /\s*(pts?|points?)\.?$/i.test(s);
    if (pts) s = s.replace(/\s*(pts?|points?)\.?$/i, "");
    const p = parseNumberCell(s, { decimal: s.includes(",") ? "," : "." });
    if (p.kind !== "number") return { error: true };
    x = pts ? p.value / 100 : p.value;
    percent = pts || !!p.percent;
  }
  if (!percent && (basis === "sales" ? Math.abs(x) > 1 : Math.abs(x) >= 10)) return { value: x / 100, assumedPercent: true };
  return { value: x };
}

/** A date typed in a cell: an Excel serial, "2024-03-01", "01/03/2024", "mars 2024", "T1 2024" (its start, or its end when `end`). */
export function parseDateCell(v: CellValue, end: boolean): number | null | { error: true } {
  if (v === null || v === "" || (typeof v === "string" && v.trim() === "")) return null;
  if (typeof v === "number") return Number.isFinite(v) && v >= 1 ? Math.floor(v) : { error: true };
  if (typeof v === "boolean") return { error: true };
  const p = parseDateText(v.trim(), "dmy", true);
  if (!p) return { error: true };
  if (!end || p.granularity === "day") return p.serial;
  const { y, m } = ymdFromSerial(p.serial);
  const next = y * 12 + m - 1 + (p.granularity === "month" ? 1 : p.granularity === "quarter" ? 3 : 12);
  return serialFromYMD(Math.floor(next / 12), (next % 12) + 1, 1) - 1;
}

function cellText(v: CellValue): string {
  if (v === null || v === undefined) return "";
  return String(v).trim();
}

/**
 * Reads the policy back from the sheet's cells (French or English labels and values). `settings` are the label/value
 * rows starting at `origin.settingsTop` (column A/B); `rules` are the rule rows starting at `origin.rulesTop`.
 * Problems are located by cell; unreadable values fall back to the default (settings) or to "inherit" (rule rates);
 * a rule whose dimension cannot be understood is left out and reported.
 */
export function policyFromCells(
  settings: CellValue[][],
  rules: CellValue[][],
  origin: { sheet: string; settingsTop: number; rulesTop: number; settingsLeft?: number; rulesLeft?: number },
): { policy: MarginPolicy; messages: OpsMessage[] } {
  const { sheet } = origin;
  const sLeft = origin.settingsLeft ?? POLICY_SHEET.settingsLeft;
  const rLeft = origin.rulesLeft ?? POLICY_SHEET.rulesLeft;
  const messages: OpsMessage[] = [];
  const policy = defaultPolicy();
  const at = (col: number, row: number): CellLocation => ({ sheet, row, column: col, address: cellAddress(row, col) });
  const settingRow = new Map<PolicySettingKey, number>();

  // Settings: by label when recognised, else by position.
  const found = new Map<PolicySettingKey, { value: CellValue; row: number }>();
  settings.forEach((row, i) => {
    const key = settingOfLabel(row[0] ?? null) ?? (cellText(row[0] ?? null) === "" ? POLICY_SHEET.settingKeys[i] : undefined);
    if (!key) {
      if (cellText(row[0] ?? null) !== "" || cellText(row[1] ?? null) !== "") {
        messages.push({ code: "compliance.policy.unknownSetting", severity: "warning", params: { label: cellText(row[0] ?? null) }, location: at(sLeft, origin.settingsTop + i) });
      }
      return;
    }
    if (!found.has(key)) found.set(key, { value: row[1] ?? null, row: origin.settingsTop + i });
  });
  for (const key of POLICY_SHEET.settingKeys) {
    const f = found.get(key);
    if (f) settingRow.set(key, f.row);
  }
  const valueLoc = (key: PolicySettingKey) => (settingRow.has(key) ? at(sLeft + 1, settingRow.get(key)!) : { sheet });

  const basisCell = found.get("basis");
  if (basisCell && cellText(basisCell.value) !== "") {
    const b = parseBasis(cellText(basisCell.value));
    if (b) policy.basis = b;
    else messages.push({ code: "compliance.policy.badBasis", severity: "error", params: { value: cellText(basisCell.value) }, location: valueLoc("basis") });
  }
  for (const key of ["floor", "target", "erosionPoints"] as const) {
    const cell = found.get(key);
    if (!cell) {
      messages.push({ code: `compliance.policy.missingSetting.${key}`, severity: "warning", params: { setting: key }, location: { sheet } });
      continue;
    }
    const r = key === "erosionPoints" ? parseRateCell(cell.value, "sales") : parseRateCell(cell.value, policy.basis);
    if (r === null) {
      messages.push({ code: `compliance.policy.missingSetting.${key}`, severity: "warning", params: { setting: key }, location: valueLoc(key) });
    } else if ("error" in r) {
      messages.push({ code: "compliance.policy.badNumber", severity: "error", params: { value: cellText(cell.value) }, location: valueLoc(key) });
    } else {
      policy[key] = r.value;
      if (r.assumedPercent) messages.push({ code: "compliance.policy.percentAssumed", severity: "info", params: { value: cellText(cell.value), percent: r.value * 100 }, location: valueLoc(key) });
    }
  }
  const periodCell = found.get("period");
  if (periodCell && cellText(periodCell.value) !== "") {
    const p = parsePeriodName(cellText(periodCell.value));
    if (p) policy.period = p;
    else messages.push({ code: "compliance.policy.badPeriod", severity: "error", params: { value: cellText(periodCell.value) }, location: valueLoc("period") });
  }
  const groupCell = found.get("groupBy");
  if (groupCell && cellText(groupCell.value) !== "") {
    const dims: ColumnRole[] = [];
    for (const part of cellText(groupCell.value).split(/[,;/+]|\bet\b|\band\b/)) {
      if (part.trim() === "") continue;
      const d = parseDimensionName(part);
      if (d) {
        if (!dims.includes(d)) dims.push(d);
      } else messages.push({ code: "compliance.policy.badDimension", severity: "error", params: { value: part.trim() }, location: valueLoc("groupBy") });
    }
    if (dims.length > 0) policy.groupBy = dims;
  }

  // Rules.
  rules.forEach((cells, i) => {
    const row = origin.rulesTop + i;
    const cell = (k: PolicyColumnKey): CellValue => cells[POLICY_SHEET.columns.indexOf(k)] ?? null;
    const colOf = (k: PolicyColumnKey) => rLeft + POLICY_SHEET.columns.indexOf(k);
    const keyCells: PolicyColumnKey[] = ["rule", "dimension", "value", "floor", "target", "from", "to"];
    if (keyCells.every((k) => cellText(cell(k)) === "")) {
      if (cellText(cell("comment")) !== "") messages.push({ code: "compliance.policy.emptyRule", severity: "warning", params: { row }, location: at(rLeft, row) });
      return;
    }
    const id = cellText(cell("rule")) || `R${row}`;
    const rule: PolicyRule = { id, floor: NaN, target: NaN, location: at(rLeft, row) };
    const dimText = cellText(cell("dimension"));
    if (dimText !== "") {
      const d = parseDimensionName(dimText);
      if (!d) {
        messages.push({ code: "compliance.policy.badDimension", severity: "error", params: { rule: id, value: dimText }, location: at(colOf("dimension"), row) });
        return;
      }
      rule.dimension = d;
    }
    const value = cellText(cell("value"));
    if (value !== "") rule.value = value;
    for (const k of ["floor", "target"] as const) {
      const r = parseRateCell(cell(k), policy.basis);
      if (r === null) continue;
      if ("error" in r) {
        messages.push({ code: "compliance.policy.badNumber", severity: "error", params: { rule: id, value: cellText(cell(k)) }, location: at(colOf(k), row) });
        continue;
      }
      rule[k] = r.value;
      if (r.assumedPercent) messages.push({ code: "compliance.policy.percentAssumed", severity: "info", params: { value: cellText(cell(k)), percent: r.value * 100 }, location: at(colOf(k), row) });
    }
    for (const k of ["from", "to"] as const) {
      const d = parseDateCell(cell(k), k === "to");
      if (d === null) continue;
      if (typeof d !== "number") {
        messages.push({ code: "compliance.policy.badDate", severity: "error", params: { rule: id, field: k, value: cellText(cell(k)) }, location: at(colOf(k), row) });
        continue;
      }
      rule[k] = d;
    }
    const comment = cellText(cell("comment"));
    if (comment !== "") rule.comment = comment;
    policy.rules.push(rule);
  });

  const locator: PolicyLocator = {
    setting: (name) => (settingRow.has(name as PolicySettingKey) ? at(sLeft + 1, settingRow.get(name as PolicySettingKey)!) : { sheet }),
    ruleField: (rule, _i, field) => {
      const loc = rule.location;
      if (!loc?.row) return loc;
      const idx = POLICY_SHEET.columns.indexOf(field as PolicyColumnKey);
      return at(rLeft + Math.max(0, idx), loc.row);
    },
  };
  messages.push(...validatePolicy(policy, undefined, locator));
  return { policy, messages };
}

/** Comparison key of a rule's value (exported for the pane's duplicate check). */
export const ruleValueKey = normKey;
