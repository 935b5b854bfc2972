/**
 * Data: the sources OPS found, the chosen source's columns with their role and confidence (each role can be changed
 * and the mapping confirmed, which OPS remembers in the workbook), and the data issues with their cells. Each column's
 * role picker offers first the roles the column fits (DataSet.candidates, with their confidence), then every other
 * role as a manual choice.
 */
import { Badge, Button, Dropdown, Field, makeStyles, Option, OptionGroup, Select, Text, tokens } from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import { formatMessage } from "../../core/i18n";
import type { Column, ColumnRole, DataSet, Lang, RoleOverrides, SourceInfo } from "../../core/types";
import { renderMessage } from "../errors";
import { formatInteger, formatPercent } from "../format";
import { ALL_ROLES, roleName, useLang, useText, type TextFn } from "../text";
import type { PaneController } from "../usePane";
import { sourceLabel } from "./HomeView";
import { ActionOutcome, Section, useViewStyles, WorkProgress } from "./Section";

const useStyles = makeStyles({
  columns: {
    listStyleType: "none",
    padding: 0,
    margin: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  column: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  dropdown: { minWidth: "0", width: "100%" },
  badges: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  select: { width: "100%", minWidth: 0, maxWidth: "100%" },
});

/** Issues listed at most, to keep the pane light on very dirty sheets; the count says how many more. */
const MAX_LISTED = 200;
const NONE = "__none__";

function sourceOptionText(s: SourceInfo, tx: TextFn, lang: Lang): string {
  return tx("pane.data.sourceOption", {
    name: sourceLabel(s),
    kind: tx(`pane.sourceKind.${s.kind}`),
    sheet: s.sheet,
    address: s.address,
    rows: formatInteger(s.rowCount, lang),
  });
}

export function DataView({ ctl }: { ctl: PaneController }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const { sources, sourceId, data, dataStatus } = ctl;
  const source = sources.find((s) => s.id === sourceId) ?? null;
  const own = useStyles();

  return (
    <div className={styles.view}>
      <Section title={tx("pane.data.sources")} id="ops-data-sources">
        {sources.length === 0 ? (
          <Text>{ctl.sourcesStatus === "loading" ? tx("pane.home.searching") : tx("pane.home.noSources")}</Text>
        ) : (
          <Field label={tx("pane.data.sourceLabel")}>
            <Select className={own.select} value={sourceId ?? ""} onChange={(_, d) => void ctl.selectSource(d.value)}>
              {sourceId === null && <option value="">{tx("pane.data.chooseSource")}</option>}
              {sources.map((s) => (
                <option key={s.id} value={s.id}>
                  {sourceOptionText(s, tx, lang)}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <div className={styles.row}>
          <Button onClick={() => void ctl.refresh()} disabled={ctl.sourcesStatus === "loading"}>
            {tx("pane.action.refresh")}
          </Button>
        </div>
        {source?.kind === "pivot" && <Text>{tx("pane.data.pivotNote")}</Text>}
      </Section>
      {dataStatus === "loading" && source && (
        <WorkProgress label={tx("pane.data.reading", { name: sourceLabel(source) })} progress={ctl.dataProgress} />
      )}
      {data && data.id === sourceId && dataStatus !== "loading" && (
        <>
          <ColumnsSection ctl={ctl} data={data} />
          <IssuesSection data={data} />
        </>
      )}
    </div>
  );
}

function confidenceBadge(c: Column, tx: TextFn, lang: Lang): JSX.Element | null {
  if (c.derived)
    return (
      <Badge appearance="tint" color="warning">
        {tx("pane.data.derived")}
      </Badge>
    );
  if (!c.role) return null;
  const conf = c.confidence ?? 0;
  if (conf >= 1)
    return (
      <Badge appearance="tint" color="success">
        {tx("pane.data.confirmed")}
      </Badge>
    );
  const level = conf >= 0.8 ? "high" : conf >= 0.5 ? "medium" : "low";
  const color = level === "high" ? "success" : level === "medium" ? "warning" : "danger";
  return (
    <Badge appearance="tint" color={color}>
      {tx(`pane.data.confidence.${level}`, { percent: formatPercent(conf, lang) })}
    </Badge>
  );
}

/** The roles each column fits, most confident first, from DataSet.candidates (empty when the DataSet has none). */
export function fitsByColumn(data: DataSet): Map<number, { role: ColumnRole; confidence: number }[]> {
  const out = new Map<number, { role: ColumnRole; confidence: number }[]>();
  for (const role of ALL_ROLES) {
    for (const c of data.candidates?.[role] ?? []) {
      const list = out.get(c.column) ?? [];
      list.push({ role, confidence: c.confidence });
      out.set(c.column, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => b.confidence - a.confidence);
  return out;
}

function ColumnsSection({ ctl, data }: { ctl: PaneController; data: DataSet }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const own = useStyles();
  const [pending, setPending] = useState<Record<number, ColumnRole | null>>({});
  useEffect(() => setPending({}), [data]);

  const roleOf = (c: Column): ColumnRole | null => (c.index in pending ? pending[c.index] : (c.role ?? null));
  const fits = useMemo(() => fitsByColumn(data), [data]);
  const changed = Object.keys(pending).length > 0;

  const duplicates = useMemo(() => {
    const by = new Map<ColumnRole, string[]>();
    for (const c of data.columns) {
      const r = c.index in pending ? pending[c.index] : (c.role ?? null);
      if (!r) continue;
      by.set(r, [...(by.get(r) ?? []), c.header]);
    }
    return [...by.entries()].filter(([, headers]) => headers.length > 1);
  }, [data, pending]);

  const confirm = () => {
    const overrides: RoleOverrides = {};
    for (const c of data.columns) {
      if (c.derived) continue;
      overrides[c.header] = roleOf(c);
    }
    void ctl.saveRoles(overrides);
  };

  return (
    <Section title={tx("pane.data.columns", { name: data.tableName ?? data.sheet })} id="ops-data-columns">
      <Text className={styles.muted}>
        {tx("pane.data.summary", {
          rows: formatInteger(data.rowNumbers.length, lang),
          address: data.address,
          sheet: data.sheet,
        })}
      </Text>
      <ul className={own.columns}>
        {data.columns.map((c) => {
          const role = roleOf(c);
          const labelId = `ops-col-${c.index}`;
          const suggested = c.derived ? [] : (fits.get(c.index) ?? []);
          const others = suggested.filter((f) => f.role !== role);
          return (
            <li key={c.index} className={own.column} data-testid="ops-column">
              <div className={own.badges}>
                <Text weight="semibold" id={labelId}>
                  {c.header || tx("pane.data.noHeader", { column: c.index + 1 })}
                </Text>
                <Badge appearance="outline" color="informative">
                  {tx(`pane.kind.${c.kind}`)}
                </Badge>
                {confidenceBadge(c, tx, lang)}
                {c.index in pending && (
                  <Badge appearance="filled" color="important">
                    {tx("pane.data.changed")}
                  </Badge>
                )}
              </div>
              <Dropdown
                className={own.dropdown}
                aria-label={tx("pane.data.roleOf", { header: c.header })}
                disabled={c.derived || ctl.busy === "roles"}
                value={role ? roleName(role, lang) : tx("pane.role.none")}
                selectedOptions={[role ?? NONE]}
                onOptionSelect={(_, d) => {
                  const next =
                    d.optionValue === NONE || d.optionValue === undefined ? null : (d.optionValue as ColumnRole);
                  setPending((p) => {
                    const copy = { ...p };
                    if (next === (c.role ?? null)) delete copy[c.index];
                    else copy[c.index] = next;
                    return copy;
                  });
                }}
              >
                {suggested.length === 0 ? (
                  <>
                    <Option value={NONE}>{tx("pane.role.none")}</Option>
                    {ALL_ROLES.map((r) => (
                      <Option key={r} value={r}>
                        {roleName(r, lang)}
                      </Option>
                    ))}
                  </>
                ) : (
                  <>
                    <OptionGroup label={tx("pane.data.suggestedRoles")}>
                      {suggested.map((f) => (
                        <Option key={f.role} value={f.role} text={roleName(f.role, lang)}>
                          {tx("pane.data.roleFit", { role: roleName(f.role, lang), percent: formatPercent(f.confidence, lang) })}
                        </Option>
                      ))}
                    </OptionGroup>
                    <OptionGroup label={tx("pane.data.otherRoles")}>
                      <Option value={NONE}>{tx("pane.role.none")}</Option>
                      {ALL_ROLES.filter((r) => !suggested.some((f) => f.role === r)).map((r) => (
                        <Option key={r} value={r}>
                          {roleName(r, lang)}
                        </Option>
                      ))}
                    </OptionGroup>
                  </>
                )}
              </Dropdown>
              {others.length > 0 && (
                <Text size={200} className={styles.muted}>
                  {tx("pane.data.alsoFits", {
                    roles: others.map((f) => tx("pane.data.roleFit", { role: roleName(f.role, lang), percent: formatPercent(f.confidence, lang) })).join(", "),
                  })}
                </Text>
              )}
            </li>
          );
        })}
      </ul>
      {duplicates.map(([role, headers]) => (
        <Text key={role} role="note">
          {tx("pane.data.duplicateRole", { role: roleName(role, lang), headers: headers.join(", ") })}
        </Text>
      ))}
      <div className={styles.row}>
        <Button appearance="primary" onClick={confirm} disabled={ctl.busy !== null}>
          {tx(changed ? "pane.data.saveRoles" : "pane.data.confirmRoles")}
        </Button>
        {changed && <Button onClick={() => setPending({})}>{tx("pane.data.discard")}</Button>}
      </div>
      <ActionOutcome result={ctl.actionResult} names={["roles"]} />
    </Section>
  );
}

function IssuesSection({ data }: { data: DataSet }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const items = useMemo(() => {
    const out: string[] = [];
    for (const m of data.messages) {
      if (out.length >= MAX_LISTED) break;
      out.push(renderMessage(m, lang));
    }
    for (const e of data.excluded) {
      if (out.length >= MAX_LISTED) break;
      out.push(
        formatMessage(
          {
            code: e.text ? "pane.excluded.withText" : "pane.excluded.plain",
            severity: "info",
            params: { reason: tx(`pane.excluded.${e.reason}`), text: e.text ?? "" },
            location: { sheet: data.sheet, row: e.row },
          },
          lang,
        ),
      );
    }
    return out;
  }, [data, lang, tx]);
  const total = data.messages.length + data.excluded.length;
  return (
    <Section title={tx("pane.data.issues", { count: total })} id="ops-data-issues">
      {total === 0 ? (
        <Text>{tx("pane.data.noIssues")}</Text>
      ) : (
        <>
          <ul className={styles.list} data-testid="ops-issues">
            {items.map((text, i) => (
              <li key={i}>{text}</li>
            ))}
          </ul>
          {total > items.length && (
            <Text className={styles.muted}>{tx("pane.data.moreIssues", { count: total - items.length })}</Text>
          )}
        </>
      )}
    </Section>
  );
}
