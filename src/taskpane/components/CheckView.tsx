/**
 * Check: run the compliance check (read the source, then check, with progress and cancel), the summary, the findings,
 * and the workbook actions: write the report, highlight breach rows, clear highlights.
 */
import {
  Button,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { ComplianceResult } from "../../core/policy-types";
import type { ViewName } from "../App";
import { renderMessage } from "../errors";
import { basisName, formatInteger, formatMoney, formatPercent, formatRate } from "../format";
import { roleName, useLang, useText } from "../text";
import type { PaneController } from "../usePane";
import { FindingsList } from "./FindingsList";
import { canCheck, sourceLabel } from "./HomeView";
import { ActionOutcome, Section, Stat, useViewStyles, WorkProgress } from "./Section";

const useStyles = makeStyles({
  table: { tableLayout: "auto" },
  num: { textAlign: "end", whiteSpace: "nowrap" },
  tableWrap: { overflowX: "auto" },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/** Segments listed in the summary table, at most (largest shortfall first). */
const MAX_SEGMENTS = 12;

export function CheckView({ ctl, goTo }: { ctl: PaneController; goTo: (v: ViewName) => void }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const own = useStyles();
  const { run, sources, sourceId, data, dataStatus, busy } = ctl;
  const source = sources.find((s) => s.id === sourceId) ?? null;
  const running = run.status === "reading" || run.status === "checking";
  const result = run.status === "done" ? run.result : null;

  return (
    <div className={styles.view}>
      <Section title={tx("pane.check.title")} id="ops-check-run">
        <Text>
          {source
            ? tx("pane.check.about", { name: sourceLabel(source), basis: basisName(ctl.policy.policy.basis, lang) })
            : tx("pane.check.noSource")}
        </Text>
        {ctl.draftDirty && (
          <Text role="note" weight="semibold">
            {tx("pane.check.unsavedPolicy")}
          </Text>
        )}
        {dataStatus === "ready" && data && data.id === sourceId && !canCheck(data) && !running && (
          <div className={styles.row}>
            <Text role="note">{tx("pane.check.missingRoles")}</Text>
            <Button size="small" onClick={() => goTo("data")}>
              {tx("pane.action.reviewColumns")}
            </Button>
          </div>
        )}
        <div className={styles.row}>
          <Button appearance="primary" onClick={() => void ctl.runCheck()} disabled={running || !sourceId}>
            {tx(result ? "pane.action.runAgain" : "pane.action.run")}
          </Button>
          {running && <Button onClick={ctl.cancelRun}>{tx("pane.action.cancel")}</Button>}
        </div>
        {running && (
          <WorkProgress
            label={tx(run.status === "reading" ? "pane.run.reading" : "pane.run.checking")}
            progress={run.progress}
          />
        )}
        {run.status === "cancelled" && <Text>{tx("pane.run.cancelled")}</Text>}
        {run.status === "failed" && <Text>{tx("pane.run.failed")}</Text>}
      </Section>
      {result && <Summary result={result} />}
      {result && run.data && (
        <Section title={tx("pane.check.actions")} id="ops-check-actions">
          <div className={own.actions}>
            <Button appearance="primary" onClick={() => void ctl.writeReport()} disabled={busy !== null}>
              {tx(busy === "report" ? "pane.action.writingReport" : "pane.action.writeReport")}
            </Button>
            <Button onClick={() => void ctl.applyHighlight()} disabled={busy !== null}>
              {tx("pane.action.highlight")}
            </Button>
            <Button onClick={() => void ctl.clearHighlights()} disabled={busy !== null}>
              {tx("pane.action.clearHighlights")}
            </Button>
          </div>
          {busy === "report" && <WorkProgress label={tx("pane.action.writingReport")} progress={ctl.actionProgress} />}
          <ActionOutcome result={ctl.actionResult} names={["report", "highlight", "clear"]} />
        </Section>
      )}
      {!result && (
        <div className={own.actions}>
          <Button onClick={() => void ctl.clearHighlights()} disabled={busy !== null}>
            {tx("pane.action.clearHighlights")}
          </Button>
          <ActionOutcome result={ctl.actionResult} names={["clear"]} />
        </div>
      )}
      {result && (
        <Section title={tx("pane.check.findings")} id="ops-check-findings">
          <FindingsList
            findings={result.findings}
            basis={result.summary.basis}
            onSelect={(f) => void ctl.selectFinding(f)}
          />
        </Section>
      )}
    </div>
  );
}

function Summary({ result }: { result: ComplianceResult }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const own = useStyles();
  const s = result.summary;
  const segments = [...s.bySegment]
    .sort((a, b) => b.shortfall - a.shortfall || b.revenue - a.revenue)
    .slice(0, MAX_SEGMENTS);
  return (
    <Section title={tx("pane.check.summary")} id="ops-check-summary">
      <dl className={styles.stats} data-testid="ops-summary">
        <Stat
          label={tx("pane.summary.rowsChecked")}
          value={formatInteger(s.rowsChecked, lang)}
          testId="ops-stat-rows"
        />
        <Stat label={tx("pane.summary.breaches")} value={formatInteger(s.breaches, lang)} testId="ops-stat-breaches" />
        <Stat label={tx("pane.summary.warnings")} value={formatInteger(s.warnings, lang)} testId="ops-stat-warnings" />
        <Stat label={tx("pane.summary.erosions")} value={formatInteger(s.erosions, lang)} testId="ops-stat-erosions" />
        <Stat label={tx("pane.summary.dataIssues")} value={formatInteger(s.dataIssues, lang)} testId="ops-stat-data" />
        <Stat
          label={tx("pane.summary.shortfall")}
          value={formatMoney(s.totalShortfall, lang)}
          testId="ops-stat-shortfall"
        />
        <Stat
          label={tx("pane.summary.shareInBreach")}
          value={formatPercent(s.shareOfRevenueInBreach, lang)}
          testId="ops-stat-share"
        />
        <Stat
          label={tx("pane.summary.overallRate")}
          value={formatRate(s.overallRate, s.basis, lang)}
          testId="ops-stat-rate"
        />
      </dl>
      {result.messages.length > 0 && (
        <ul className={styles.list}>
          {result.messages.slice(0, 20).map((m, i) => (
            <li key={i}>{renderMessage(m, lang)}</li>
          ))}
        </ul>
      )}
      {segments.length > 0 && (
        <div className={own.tableWrap}>
          <Table
            size="small"
            className={own.table}
            aria-label={tx("pane.segments.caption", { basis: basisName(s.basis, lang) })}
          >
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{tx("pane.segments.group")}</TableHeaderCell>
                <TableHeaderCell className={own.num}>{tx("pane.segments.rate")}</TableHeaderCell>
                <TableHeaderCell className={own.num}>{tx("pane.summary.breaches")}</TableHeaderCell>
                <TableHeaderCell className={own.num}>{tx("pane.summary.shortfall")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {segments.map((g) => (
                <TableRow key={`${g.dimension}:${g.value}`}>
                  <TableCell>
                    {tx("pane.segments.value", { dimension: roleName(g.dimension, lang), value: g.value })}
                  </TableCell>
                  <TableCell className={own.num}>{formatPercent(g.rate, lang)}</TableCell>
                  <TableCell className={own.num}>{formatInteger(g.breaches, lang)}</TableCell>
                  <TableCell className={own.num}>{formatMoney(g.shortfall, lang)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Text size={200} className={styles.muted}>
            {tx("pane.segments.note", { basis: basisName(s.basis, lang) })}
          </Text>
        </div>
      )}
    </Section>
  );
}
