/**
 * Giving columns their roles: header words and value profiles score every column for every role, the best column
 * wins each role, user overrides win over everything (confidence 1), and missing money columns are derived when the
 * others allow it (cost = revenue − margin, margin = revenue − cost, revenue = quantity × unit price, revenue = cost +
 * margin), marked derived.
 */
import { isColumnRole, type Column, type ColumnRole, type OpsMessage, type RoleCandidate, type RoleOverrides } from "../types";
import { normaliseWords } from "../parse/text";
import { NUMERIC_ROLES, profileFactor, roleFromHeader } from "./roles";

interface Candidate {
  col: number;
  role: ColumnRole;
  confidence: number;
  reason: string;
}

export { isColumnRole };

function profileOf(col: Column): { percentLike: boolean; integerShare: number; distinctShare: number } {
  let percentLike = false;
  let integerShare = 0;
  let distinctShare = 0;
  if (col.numbers && col.kind === "number") {
    const a = col.numbers;
    const n = Math.min(a.length, 2000);
    let finite = 0;
    let ints = 0;
    let inUnit = 0;
    for (let i = 0; i < n; i++) {
      const v = a[i];
      if (v !== v) continue;
      finite++;
      if (Number.isInteger(v)) ints++;
      if (v >= -1.5 && v <= 1.5) inUnit++;
    }
    integerShare = finite ? ints / finite : 0;
    percentLike = Boolean(col.numberFormat && /%/.test(col.numberFormat)) || (finite > 0 && inUnit === finite && ints < finite);
  } else if (col.text) {
    const n = Math.min(col.text.length, 2000);
    const seen = new Set<string>();
    let filled = 0;
    for (let i = 0; i < n; i++) {
      const t = col.text[i];
      if (t === null) continue;
      filled++;
      seen.add(t);
    }
    distinctShare = filled ? seen.size / filled : 0;
  }
  return { percentLike, integerShare, distinctShare };
}

/**
 * The role a column's header suggests. A stacked header ("Ventes 2024" / "T1" / "Coût") is read from its lowest label
 * first, the most specific one (so the group word "Ventes" does not make a cost column revenue), a little less sure;
 * then from the whole joined header.
 */
function headerRole(col: Column): ReturnType<typeof roleFromHeader> {
  const parts = col.headerParts;
  if (parts && parts.length > 1) {
    const leaf = roleFromHeader(parts[parts.length - 1]);
    if (leaf && leaf.role) return { ...leaf, confidence: leaf.confidence * 0.95, exact: false };
  }
  return roleFromHeader(col.header);
}

export function assignRoles(
  columns: Column[],
  overrides: RoleOverrides | undefined,
  messages: OpsMessage[],
  sheet: string,
  summary: boolean,
  candidatesOut?: Partial<Record<ColumnRole, RoleCandidate[]>>,
): Partial<Record<ColumnRole, number>> {
  const candidates: Candidate[] = [];
  for (const col of columns) {
    if (col.derived || col.period) continue;
    const profile = profileOf(col);
    const m = headerRole(col);
    if (m && m.role === null) continue; // a header that is known not to be a role ("Discounts", "Month Number")
    if (m && m.role) {
      let role = m.role;
      // "Marge" holding rates (percent format or values between −1.5 and 1.5 with decimals) is a margin rate.
      if (role === "margin" && col.kind === "number" && profile.percentLike) role = "marginRate";
      const f = profileFactor(role, col.kind, profile);
      const confidence = round2(m.confidence * f);
      if (confidence >= 0.2) candidates.push({ col: col.index, role, confidence, reason: `header "${col.header.trim()}"${f < 1 ? ", values do not fit well" : ""}` });
      continue;
    }
    // No header word: the values alone.
    if (col.kind === "date") {
      const role: ColumnRole = col.dateGranularity && col.dateGranularity !== "day" ? "period" : "date";
      candidates.push({ col: col.index, role, confidence: 0.6, reason: "values are dates" });
    }
  }
  // Best column per role; a column takes one role (its most confident).
  candidates.sort((a, b) => b.confidence - a.confidence || a.col - b.col);
  const roles: Partial<Record<ColumnRole, number>> = {};
  const taken = new Set<number>();
  const overridden = new Map<number, ColumnRole | null>();
  if (overrides) {
    for (const [key, role] of Object.entries(overrides)) {
      const col = findColumn(columns, key);
      if (!col) {
        messages.push({ code: "read.overrideUnknown", severity: "warning", params: { column: key }, location: { sheet } });
        continue;
      }
      if (role !== null && !isColumnRole(role)) {
        messages.push({ code: "read.overrideUnknown", severity: "warning", params: { column: key }, location: { sheet } });
        continue;
      }
      overridden.set(col.index, role);
    }
  }
  for (const [idx, role] of overridden) {
    const col = columns[idx];
    taken.add(idx);
    if (role === null) {
      col.role = undefined;
      col.confidence = 1;
      col.roleReason = "override: no role";
      continue;
    }
    // The override wins: any column that had this role loses it.
    const prev = roles[role];
    if (prev !== undefined) columns[prev].role = undefined;
    col.role = role;
    col.confidence = 1;
    col.roleReason = "override";
    roles[role] = idx;
  }
  for (const c of candidates) {
    if (taken.has(c.col) || roles[c.role] !== undefined) continue;
    const col = columns[c.col];
    col.role = c.role;
    col.confidence = c.confidence;
    col.roleReason = c.reason;
    roles[c.role] = c.col;
    taken.add(c.col);
  }

  if (!summary) {
    checkMarginIdentity(columns, roles, messages, sheet);
    derive(columns, roles, messages, sheet);
  }
  if (candidatesOut) listCandidates(columns, roles, candidates, overridden, candidatesOut);
  if (!summary) {
    // A wide table's values are in its period columns: no revenue column is expected there.
    const wide = columns.some((c) => c.period);
    if (roles.revenue === undefined && !wide) messages.push({ code: "read.noRevenue", severity: "warning", location: { sheet } });
  }
  return roles;
}

/**
 * Every column that fits each role, most confident first: the scored candidates (a chosen column with the
 * confidence it ended with), user overrides (confidence 1) and derived columns. A column overridden to another role
 * or to none is still listed for the roles its header suggests: the pane offers them.
 */
function listCandidates(
  columns: Column[],
  roles: Partial<Record<ColumnRole, number>>,
  scored: Candidate[],
  overridden: Map<number, ColumnRole | null>,
  out: Partial<Record<ColumnRole, RoleCandidate[]>>,
): void {
  const add = (role: ColumnRole, c: RoleCandidate) => {
    const list = (out[role] ??= []);
    const prev = list.find((x) => x.column === c.column);
    if (!prev) list.push(c);
    else if (c.confidence > prev.confidence) Object.assign(prev, c);
  };
  for (const c of scored) {
    const col = columns[c.col];
    // the chosen column carries its final confidence (raised when revenue − cost = margin on the rows)
    const conf = col.role === c.role && !overridden.has(c.col) && col.confidence !== undefined ? col.confidence : c.confidence;
    add(c.role, { column: c.col, confidence: conf, reason: col.role === c.role && col.roleReason ? col.roleReason : c.reason });
  }
  for (const [idx, role] of overridden) if (role) add(role, { column: idx, confidence: 1, reason: "override" });
  for (const [role, idx] of Object.entries(roles) as [ColumnRole, number][]) {
    const col = columns[idx];
    if (col.derived) add(role, { column: idx, confidence: col.confidence ?? 0.5, reason: col.roleReason });
  }
  for (const list of Object.values(out)) list!.sort((a, b) => b.confidence - a.confidence || a.column - b.column);
}

function findColumn(columns: Column[], key: string): Column | undefined {
  const exact = columns.find((c) => c.header === key);
  if (exact) return exact;
  const k = normaliseWords(key);
  return columns.find((c) => normaliseWords(c.header) === k);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** When revenue, cost and margin are all read, margin should be revenue − cost: confirm (more confident) or warn. */
function checkMarginIdentity(columns: Column[], roles: Partial<Record<ColumnRole, number>>, messages: OpsMessage[], sheet: string): void {
  const r = roles.revenue, c = roles.cost, m = roles.margin;
  if (r === undefined || c === undefined || m === undefined) return;
  const R = columns[r].numbers, C = columns[c].numbers, M = columns[m].numbers;
  if (!R || !C || !M) return;
  let ok = 0;
  let bad = 0;
  for (let i = 0; i < R.length; i++) {
    const a = R[i], b = C[i], x = M[i];
    if (a !== a || b !== b || x !== x) continue;
    if (Math.abs(a - b - x) <= 1e-6 * Math.max(1, Math.abs(a))) ok++;
    else bad++;
  }
  if (ok + bad === 0) return;
  if (ok >= 0.95 * (ok + bad)) {
    for (const idx of [r, c, m]) {
      const col = columns[idx];
      if (col.confidence !== undefined && col.confidence < 1) {
        col.confidence = Math.max(col.confidence, 0.95);
        col.roleReason = `${col.roleReason ?? ""}; revenue − cost = margin on the rows`;
      }
    }
  } else if (bad > 0.5 * (ok + bad)) {
    messages.push({ code: "read.marginMismatch", severity: "warning", params: { count: bad, revenue: columns[r].header, cost: columns[c].header, margin: columns[m].header }, location: { sheet } });
  }
}

function numbersOf(columns: Column[], idx: number | undefined): Float64Array | undefined {
  return idx === undefined || columns[idx].kind !== "number" ? undefined : columns[idx].numbers;
}

function addDerived(columns: Column[], roles: Partial<Record<ColumnRole, number>>, role: ColumnRole, header: string, values: Float64Array, from: number[], formula: string, messages: OpsMessage[], sheet: string): void {
  const conf = Math.min(...from.map((i) => columns[i].confidence ?? 0.5));
  const col: Column = {
    index: columns.length,
    header,
    kind: "number",
    numbers: values,
    role,
    confidence: round2(conf * 0.95),
    roleReason: `derived: ${formula}`,
    derived: true,
  };
  const fmt = columns[from[0]].numberFormat;
  if (fmt) col.numberFormat = fmt;
  columns.push(col);
  roles[role] = col.index;
  messages.push({ code: "read.derivedColumn", severity: "info", params: { column: header, formula }, location: { sheet } });
}

function derive(columns: Column[], roles: Partial<Record<ColumnRole, number>>, messages: OpsMessage[], sheet: string): void {
  const h = (i: number) => columns[i].header.trim();
  const has = (role: ColumnRole) => numbersOf(columns, roles[role]) !== undefined;
  // revenue = quantity × unit price
  if (roles.revenue === undefined && has("quantity") && has("unitPrice") && roles.quantity !== undefined && roles.unitPrice !== undefined) {
    const q = numbersOf(columns, roles.quantity)!, p = numbersOf(columns, roles.unitPrice)!;
    const out = new Float64Array(q.length);
    for (let i = 0; i < q.length; i++) out[i] = q[i] * p[i];
    addDerived(columns, roles, "revenue", `${h(roles.quantity)} × ${h(roles.unitPrice)}`, out, [roles.quantity, roles.unitPrice], "revenue = quantity × unit price", messages, sheet);
  }
  // revenue = cost + margin
  if (roles.revenue === undefined && has("cost") && has("margin") && roles.cost !== undefined && roles.margin !== undefined) {
    const c = numbersOf(columns, roles.cost)!, m = numbersOf(columns, roles.margin)!;
    const out = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = c[i] + m[i];
    addDerived(columns, roles, "revenue", `${h(roles.cost)} + ${h(roles.margin)}`, out, [roles.cost, roles.margin], "revenue = cost + margin", messages, sheet);
  }
  // cost = revenue − margin
  if (roles.cost === undefined && has("revenue") && has("margin") && roles.revenue !== undefined && roles.margin !== undefined) {
    const r = numbersOf(columns, roles.revenue)!, m = numbersOf(columns, roles.margin)!;
    const out = new Float64Array(r.length);
    for (let i = 0; i < r.length; i++) out[i] = r[i] - m[i];
    addDerived(columns, roles, "cost", `${h(roles.revenue)} − ${h(roles.margin)}`, out, [roles.revenue, roles.margin], "cost = revenue − margin", messages, sheet);
  }
  // margin = revenue − cost
  if (roles.margin === undefined && has("revenue") && has("cost") && roles.revenue !== undefined && roles.cost !== undefined) {
    const r = numbersOf(columns, roles.revenue)!, c = numbersOf(columns, roles.cost)!;
    const out = new Float64Array(r.length);
    for (let i = 0; i < r.length; i++) out[i] = r[i] - c[i];
    addDerived(columns, roles, "margin", `${h(roles.revenue)} − ${h(roles.cost)}`, out, [roles.revenue, roles.cost], "margin = revenue − cost", messages, sheet);
  }
}

export { NUMERIC_ROLES };
