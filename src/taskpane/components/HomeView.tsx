/** Home: in one glance what OPS found in the workbook, the last check, and what to do next. */
import { Badge, Button, Spinner, Text } from "@fluentui/react-components";
import type { DataSet, SourceInfo } from "../../core/types";
import type { ViewName } from "../App";
import { formatInteger, formatMoney, formatPercent, formatRate } from "../format";
import { renderMessage } from "../errors";
import { roleName, useLang, useText } from "../text";
import type { PaneController } from "../usePane";
import { Section, Stat, useViewStyles, WorkProgress } from "./Section";

/** Revenue plus cost or margin: what the check needs. */
export function canCheck(data: DataSet | null): boolean {
  if (!data || data.rowNumbers.length === 0) return false;
  return data.roles.revenue !== undefined && (data.roles.cost !== undefined || data.roles.margin !== undefined);
}

export function sourceLabel(s: SourceInfo): string {
  return s.tableName ?? s.sheet;
}

interface HomeProps {
  ctl: PaneController;
  goTo: (v: ViewName) => void;
  onRun: () => void;
}

export function HomeView({ ctl, goTo, onRun }: HomeProps): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const { sources, sourcesStatus, data, dataStatus, run } = ctl;
  const source = sources.find((s) => s.id === ctl.sourceId) ?? null;
  const tables = sources.filter((s) => s.kind === "table").length;
  const ranges = sources.filter((s) => s.kind === "range").length;
  const pivots = sources.filter((s) => s.kind === "pivot").length;
  const result = run.status === "done" ? run.result : null;

  let found: JSX.Element;
  if (sourcesStatus === "loading" || sourcesStatus === "idle") {
    found = <Spinner size="small" label={tx("pane.home.searching")} labelPosition="after" />;
  } else if (sourcesStatus === "error") {
    found = <Text>{tx("pane.home.listFailed")}</Text>;
  } else if (sources.length === 0) {
    found = (
      <div className={styles.section} data-testid="ops-empty">
        <Text weight="semibold">{tx("pane.home.noSources")}</Text>
        <Text>{tx("pane.home.noSourcesHelp")}</Text>
      </div>
    );
  } else if (!source) {
    found = (
      <div className={styles.section} data-testid="ops-only-summaries">
        <Text weight="semibold">{tx("pane.home.onlySummaries", { count: pivots })}</Text>
        <Text>{tx("pane.home.noSourcesHelp")}</Text>
      </div>
    );
  } else {
    found = (
      <>
        <dl className={styles.stats}>
          <Stat
            label={tx("pane.home.sourcesFound")}
            value={(
              [
                ["table", tables],
                ["range", ranges],
                ["pivot", pivots],
              ] as const
            )
              .filter(([, n]) => n > 0)
              .map(([kind, n]) => tx(`pane.home.count.${kind}`, { count: n }))
              .join(", ")}
          />
          <Stat
            label={tx("pane.home.mainTable")}
            value={tx("pane.home.mainTableValue", {
              name: sourceLabel(source),
              rows: formatInteger(data && data.id === source.id ? data.rowNumbers.length : source.rowCount, lang),
            })}
            testId="ops-main-table"
          />
        </dl>
        {dataStatus === "loading" && (
          <WorkProgress label={tx("pane.data.reading", { name: sourceLabel(source) })} progress={ctl.dataProgress} />
        )}
        {dataStatus === "ready" && data && <FoundRoles data={data} />}
      </>
    );
  }

  return (
    <div className={styles.view}>
      <Section title={tx("pane.home.found")} id="ops-home-found">
        {found}
      </Section>
      <Section title={tx("pane.home.lastCheck")} id="ops-home-check">
        {result ? (
          <dl className={styles.stats} data-testid="ops-home-result">
            <Stat label={tx("pane.summary.breaches")} value={formatInteger(result.summary.breaches, lang)} />
            <Stat label={tx("pane.summary.warnings")} value={formatInteger(result.summary.warnings, lang)} />
            <Stat label={tx("pane.summary.shortfall")} value={formatMoney(result.summary.totalShortfall, lang)} />
            <Stat
              label={tx("pane.summary.shareInBreach")}
              value={formatPercent(result.summary.shareOfRevenueInBreach, lang)}
            />
            <Stat
              label={tx("pane.summary.overallRate")}
              value={formatRate(result.summary.overallRate, result.summary.basis, lang)}
            />
          </dl>
        ) : (
          <Text className={styles.muted}>
            {tx(run.status === "reading" || run.status === "checking" ? "pane.home.checkRunning" : "pane.home.noCheck")}
          </Text>
        )}
      </Section>
      <Section title={tx("pane.home.next")} id="ops-home-next">
        <NextStep ctl={ctl} goTo={goTo} onRun={onRun} />
      </Section>
    </div>
  );
}

function FoundRoles({ data }: { data: DataSet }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const roles = Object.entries(data.roles) as [keyof DataSet["roles"], number][];
  const problems = data.messages.filter((m) => m.severity !== "info").length + data.excluded.length;
  if (data.rowNumbers.length === 0 || data.columns.length === 0) {
    return (
      <div className={styles.section} data-testid="ops-no-table">
        <Text weight="semibold">{tx("pane.home.noTableIn", { name: data.tableName ?? data.sheet })}</Text>
        <ul className={styles.list}>
          {data.messages.slice(0, 5).map((m, i) => (
            <li key={i}>{renderMessage(m, lang)}</li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div className={styles.section}>
      <Text>{tx("pane.home.rolesFound")}</Text>
      <ul className={styles.chips} aria-label={tx("pane.home.rolesFound")}>
        {roles.map(([role, index]) => (
          <li key={role}>
            <Badge appearance="tint" color={data.columns[index]?.derived ? "warning" : "brand"}>
              {tx("pane.home.roleIs", { role: roleName(role, lang), header: data.columns[index]?.header ?? "" })}
            </Badge>
          </li>
        ))}
      </ul>
      {!canCheck(data) && <Text weight="semibold">{tx("pane.home.missingRoles")}</Text>}
      {data.kind === "summary" && <Text>{tx("pane.home.isSummary")}</Text>}
      {problems > 0 && <Text>{tx("pane.home.dataIssues", { count: problems })}</Text>}
    </div>
  );
}

function NextStep({ ctl, goTo, onRun }: HomeProps): JSX.Element {
  const tx = useText();
  const styles = useViewStyles();
  const { sources, sourcesStatus, data, dataStatus, run, sourceId } = ctl;
  const running = run.status === "reading" || run.status === "checking";

  if (
    sourcesStatus === "error" ||
    (sourcesStatus === "ready" && !sourceId) ||
    (sources.length === 0 && sourcesStatus === "ready")
  ) {
    return (
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => void ctl.refresh()}>
          {tx("pane.action.refresh")}
        </Button>
      </div>
    );
  }
  if (dataStatus === "ready" && !canCheck(data)) {
    return (
      <div className={styles.section}>
        <Text>{tx("pane.home.nextRoles")}</Text>
        <div className={styles.row}>
          <Button appearance="primary" onClick={() => goTo("data")}>
            {tx("pane.action.reviewColumns")}
          </Button>
          <Button onClick={() => void ctl.refresh()}>{tx("pane.action.refresh")}</Button>
        </div>
      </div>
    );
  }
  if (run.status === "done" && run.result && run.result.summary.breaches + run.result.summary.warnings > 0) {
    return (
      <div className={styles.section}>
        <Text>{tx("pane.home.nextReview")}</Text>
        <div className={styles.row}>
          <Button appearance="primary" onClick={() => goTo("check")}>
            {tx("pane.action.reviewFindings")}
          </Button>
          <Button onClick={onRun} disabled={running}>
            {tx("pane.action.runAgain")}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div className={styles.section}>
      <Text>{tx(run.status === "done" ? "pane.home.nextAllGood" : "pane.home.nextRun")}</Text>
      <div className={styles.row}>
        <Button appearance="primary" onClick={onRun} disabled={running || !sourceId}>
          {tx("pane.action.run")}
        </Button>
        <Button onClick={() => goTo("policy")}>{tx("pane.action.reviewPolicy")}</Button>
      </div>
    </div>
  );
}
