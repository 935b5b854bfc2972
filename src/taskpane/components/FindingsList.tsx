/**
 * The findings of a check: a virtualised listbox (tens of thousands of rows stay smooth: only the visible rows are in
 * the DOM), navigable with the keyboard (arrows, Page Up/Down, Home/End; Enter selects the finding's row in the
 * workbook), filterable by severity and by a dimension value, sortable by shortfall.
 */
import { Badge, Field, makeStyles, mergeClasses, Select, Text, tokens } from "@fluentui/react-components";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { Finding, MarginBasis, Severity } from "../../core/policy-types";
import type { ColumnRole, Lang } from "../../core/types";
import { renderMessage } from "../errors";
import { basisName, formatInteger, formatMoney, formatPercent, formatPoints } from "../format";
import { roleName, useLang, useText, type TextFn } from "../text";
import { useViewStyles } from "./Section";

export const FINDING_ROW_HEIGHT = 68;
const LIST_HEIGHT = 340;
/** Values offered per dimension in the filter, at most (the most frequent first). */
const MAX_FILTER_VALUES = 300;

const useStyles = makeStyles({
  filters: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(8rem, 1fr))",
    gap: tokens.spacingHorizontalS,
  },
  list: {
    overflowY: "auto",
    position: "relative",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    outlineStyle: "none",
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  sizer: { width: "100%", position: "relative" },
  item: {
    position: "absolute",
    top: 0,
    left: 0,
    width: "100%",
    boxSizing: "border-box",
    height: `${FINDING_ROW_HEIGHT}px`,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    cursor: "pointer",
    overflow: "hidden",
    display: "flex",
    flexDirection: "column",
    gap: "2px",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  active: {
    backgroundColor: tokens.colorBrandBackground2,
    boxShadow: `inset 3px 0 0 ${tokens.colorBrandStroke1}`,
    ":hover": { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  line: {
    whiteSpace: "nowrap",
    overflow: "hidden",
    textOverflow: "ellipsis",
    display: "flex",
    gap: tokens.spacingHorizontalXS,
    alignItems: "center",
  },
});

export type SeverityFilter = "all" | Severity;

export interface FindingsFilter {
  severity: SeverityFilter;
  dimension: ColumnRole | "";
  value: string;
  sort: "sheet" | "shortfall";
}

export const NO_FILTER: FindingsFilter = { severity: "all", dimension: "", value: "", sort: "sheet" };

/** Indices of the findings that pass the filter, in display order. */
export function filterFindings(findings: Finding[], f: FindingsFilter): number[] {
  const out: number[] = [];
  for (let i = 0; i < findings.length; i++) {
    const x = findings[i];
    if (f.severity !== "all" && x.severity !== f.severity) continue;
    if (f.dimension) {
      const v = x.dimensions[f.dimension];
      if (v === undefined) continue;
      if (f.value && v !== f.value) continue;
    }
    out.push(i);
  }
  if (f.sort === "shortfall") out.sort((a, b) => (findings[b].shortfall || 0) - (findings[a].shortfall || 0) || a - b);
  return out;
}

/** Dimension values present in the findings, by role, most frequent first. */
function dimensionValues(findings: Finding[]): Map<ColumnRole, string[]> {
  const counts = new Map<ColumnRole, Map<string, number>>();
  for (const x of findings) {
    for (const [role, v] of Object.entries(x.dimensions) as [ColumnRole, string | undefined][]) {
      if (v === undefined || v === null) continue;
      let m = counts.get(role);
      if (!m) counts.set(role, (m = new Map()));
      m.set(v, (m.get(v) ?? 0) + 1);
    }
  }
  const out = new Map<ColumnRole, string[]>();
  for (const [role, m] of counts) {
    out.set(
      role,
      [...m.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, MAX_FILTER_VALUES)
        .map(([v]) => v),
    );
  }
  return out;
}

const SEVERITY_COLOR: Record<Severity, "danger" | "warning" | "informative"> = {
  breach: "danger",
  warning: "warning",
  info: "informative",
};

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function where(f: Finding, tx: TextFn): string {
  const loc = f.location;
  if (loc.address) return `${quoteSheet(loc.sheet)}!${loc.address}`;
  if (loc.row !== undefined) return tx("pane.finding.sheetRow", { sheet: quoteSheet(loc.sheet), row: String(loc.row) });
  return quoteSheet(loc.sheet);
}

function findingLines(f: Finding, tx: TextFn, lang: Lang): [string, string] {
  const dims = (Object.entries(f.dimensions) as [ColumnRole, string][])
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([, v]) => v);
  if (f.period) dims.push(f.period);
  const context = dims.join(" · ");
  if (f.kind === "data") {
    return [
      context,
      f.message ? renderMessage({ ...f.message, location: undefined }, lang) : tx("pane.finding.dataIssue"),
    ];
  }
  const rate = formatPercent(f.rate, lang);
  let figures: string;
  if (f.kind === "erosion") {
    figures = tx(f.comparison === "yearAgo" ? "pane.finding.erosionYear" : "pane.finding.erosionPrevious", {
      rate,
      previous: formatPercent(f.previousRate ?? NaN, lang),
      period: f.previousPeriod ?? "",
      gap: formatPoints(f.rate - (f.previousRate ?? NaN), lang),
    });
  } else {
    figures = tx(f.severity === "breach" ? "pane.finding.vsFloor" : "pane.finding.vsTarget", {
      rate,
      threshold: formatPercent(f.threshold, lang),
      gap: formatPoints(f.gap, lang),
    });
    if (f.shortfall > 0) figures += ` · ${tx("pane.finding.shortfall", { amount: formatMoney(f.shortfall, lang) })}`;
    if (f.priceIncrease > 0 && Number.isFinite(f.priceIncrease))
      figures += ` · ${tx("pane.finding.price", { percent: formatPercent(f.priceIncrease, lang) })}`;
  }
  return [context, figures];
}

export function FindingsList({
  findings,
  basis,
  onSelect,
}: {
  findings: Finding[];
  basis: MarginBasis;
  onSelect: (f: Finding) => void;
}): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useStyles();
  const view = useViewStyles();
  const [filter, setFilter] = useState<FindingsFilter>(NO_FILTER);
  const [active, setActive] = useState(0);
  const listId = useId();
  const captionId = `${listId}-caption`;
  const parentRef = useRef<HTMLDivElement>(null);

  const values = useMemo(() => dimensionValues(findings), [findings]);
  const shown = useMemo(() => filterFindings(findings, filter), [findings, filter]);
  useEffect(() => setActive(0), [shown]);

  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => FINDING_ROW_HEIGHT,
    overscan: 6,
    initialRect: { width: 320, height: LIST_HEIGHT },
  });

  const move = useCallback(
    (to: number) => {
      if (shown.length === 0) return;
      const next = Math.max(0, Math.min(shown.length - 1, to));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: "auto" });
    },
    [shown.length, virtualizer],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(LIST_HEIGHT / FINDING_ROW_HEIGHT) - 1);
    switch (e.key) {
      case "ArrowDown":
        move(active + 1);
        break;
      case "ArrowUp":
        move(active - 1);
        break;
      case "PageDown":
        move(active + page);
        break;
      case "PageUp":
        move(active - page);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(shown.length - 1);
        break;
      case "Enter":
      case " ":
        if (shown.length > 0) onSelect(findings[shown[Math.min(active, shown.length - 1)]]);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const dimensionRoles = [...values.keys()];
  const optionId = (i: number) => `${listId}-opt-${i}`;

  return (
    <div className={view.section}>
      <div className={styles.filters}>
        <Field label={tx("pane.filter.severity")}>
          <Select
            value={filter.severity}
            onChange={(_, d) => setFilter({ ...filter, severity: d.value as SeverityFilter })}
          >
            <option value="all">{tx("pane.filter.all")}</option>
            <option value="breach">{tx("pane.severity.breach.plural")}</option>
            <option value="warning">{tx("pane.severity.warning.plural")}</option>
            <option value="info">{tx("pane.severity.info.plural")}</option>
          </Select>
        </Field>
        <Field label={tx("pane.filter.dimension")}>
          <Select
            value={filter.dimension}
            onChange={(_, d) => setFilter({ ...filter, dimension: d.value as ColumnRole | "", value: "" })}
          >
            <option value="">{tx("pane.filter.anyDimension")}</option>
            {dimensionRoles.map((r) => (
              <option key={r} value={r}>
                {roleName(r, lang)}
              </option>
            ))}
          </Select>
        </Field>
        {filter.dimension && (
          <Field label={tx("pane.filter.value", { dimension: roleName(filter.dimension, lang) })}>
            <Select value={filter.value} onChange={(_, d) => setFilter({ ...filter, value: d.value })}>
              <option value="">{tx("pane.filter.allValues")}</option>
              {(values.get(filter.dimension) ?? []).map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Field label={tx("pane.filter.sort")}>
          <Select
            value={filter.sort}
            onChange={(_, d) => setFilter({ ...filter, sort: d.value === "shortfall" ? "shortfall" : "sheet" })}
          >
            <option value="sheet">{tx("pane.filter.sortSheet")}</option>
            <option value="shortfall">{tx("pane.filter.sortShortfall")}</option>
          </Select>
        </Field>
      </div>
      <Text id={captionId} data-testid="ops-findings-count">
        {tx("pane.findings.count", {
          shown: formatInteger(shown.length, lang),
          total: formatInteger(findings.length, lang),
          basis: basisName(basis, lang),
        })}
      </Text>
      {shown.length === 0 ? (
        <Text className={view.muted}>
          {tx(findings.length === 0 ? "pane.findings.none" : "pane.findings.noneFiltered")}
        </Text>
      ) : (
        <div
          ref={parentRef}
          className={styles.list}
          role="listbox"
          tabIndex={0}
          aria-labelledby={captionId}
          aria-describedby={`${listId}-help`}
          aria-activedescendant={optionId(Math.min(active, shown.length - 1))}
          onKeyDown={onKeyDown}
          style={{ height: `${LIST_HEIGHT}px` }}
          data-testid="ops-findings"
        >
          <div role="presentation" className={styles.sizer} style={{ height: `${virtualizer.getTotalSize()}px` }}>
            {virtualizer.getVirtualItems().map((v) => {
              const f = findings[shown[v.index]];
              const [context, figures] = findingLines(f, tx, lang);
              const isActive = v.index === active;
              return (
                <div
                  key={v.key}
                  id={optionId(v.index)}
                  role="option"
                  aria-selected={isActive}
                  aria-setsize={shown.length}
                  aria-posinset={v.index + 1}
                  className={mergeClasses(styles.item, isActive && styles.active)}
                  style={{ transform: `translateY(${v.start}px)` }}
                  onClick={() => {
                    setActive(v.index);
                    onSelect(f);
                  }}
                  data-testid="ops-finding"
                >
                  <div className={styles.line}>
                    <Badge appearance="filled" color={SEVERITY_COLOR[f.severity]} size="small">
                      {tx(`pane.severity.${f.severity}`)}
                    </Badge>
                    <Text size={200} weight="semibold">
                      {tx(`pane.findingKind.${f.kind}`)}
                    </Text>
                    <Text size={200}>{where(f, tx)}</Text>
                  </div>
                  <Text size={200} className={styles.line}>
                    {context || tx("pane.finding.noDimension")}
                  </Text>
                  <Text size={200} className={styles.line}>
                    {figures}
                  </Text>
                </div>
              );
            })}
          </div>
        </div>
      )}
      <Text id={`${listId}-help`} size={200} className={view.muted}>
        {tx("pane.findings.help")}
      </Text>
    </div>
  );
}
