/**
 * Trends (issue 9): choose the measure, period, breakdown, top N and forecast horizon; "Calculate" computes the series
 * in the pane (core buildTrends on the selected source) and shows, per series, the last whole period's value, its
 * change, the trend per period and its R², the next period's forecast and the forecast over the horizon (a sum, an
 * average for a rate), the model with its season and MASE, then the computation's notes. "Draw in the workbook"
 * writes the "OPS Trends" sheet (progress, Cancel); "Remove the sheet" deletes it. Those buttons show only when the
 * port has the methods.
 */
import { Button, Field, Input, makeStyles, Select, Text, tokens } from "@fluentui/react-components";
import { t } from "../../core/i18n";
import type { MarginBasis } from "../../core/policy-types";
import { lastWholeIndex, seriesName, TREND_MEASURES, type TrendMeasure, type TrendResult, type TrendSeries } from "../../core/trends";
import type { Lang } from "../../core/types";
import type { ViewName } from "../App";
import { renderMessage } from "../errors";
import { formatChange, formatDecimal, formatInteger, formatMoney, formatPercent, formatPoints } from "../format";
import { renderText, roleName, useLang, useText } from "../text";
import { TREND_PERIODS, type TrendsAction, type TrendsController } from "../useTrends";
import { OutcomeBar, Section, Stat, useViewStyles, WorkProgress } from "./Section";
import { sourceLabel } from "./HomeView";
import type { PaneController } from "../usePane";

const useStyles = makeStyles({
  fields: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(9.5rem, 1fr))",
    gap: tokens.spacingHorizontalS,
  },
  series: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  seriesList: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, listStyleType: "none", padding: 0, margin: 0 },
});

/** A value of the measure: money, a quantity, or a rate (a fraction). */
export function formatTrendValue(measure: TrendMeasure, x: number, lang: Lang): string {
  if (measure === "marginRate") return formatPercent(x, lang);
  if (measure === "quantity") return formatInteger(x, lang);
  return formatMoney(x, lang);
}

/** A change: growth ratio ("+5,2 %") or, for a rate, points ("−0,4 pts"). */
export function formatTrendChange(result: Pick<TrendResult, "changeKind">, x: number, lang: Lang): string {
  return result.changeKind === "points" ? formatPoints(x, lang) : formatChange(x, lang);
}

export function TrendsView({ ctl, trends, goTo }: { ctl: PaneController; trends: TrendsController; goTo: (v: ViewName) => void }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const own = useStyles();
  const { options, setOption, invalid, data, result, can, busy } = trends;
  const source = ctl.sources.find((s) => s.id === ctl.sourceId) ?? null;
  const countsOk = !invalid.topN && !invalid.horizon;

  return (
    <div className={styles.view}>
      <Section title={tx("trends.view.title")} id="ops-trends">
        {source && data ? (
          <Text>{tx("trends.view.intro", { name: sourceLabel(source) })}</Text>
        ) : (
          <div className={styles.row}>
            <Text role="note">{tx("trends.view.noSource")}</Text>
            <Button size="small" onClick={() => goTo("data")}>
              {tx("pane.tab.data")}
            </Button>
          </div>
        )}
      </Section>

      <Section title={tx("trends.view.options")} id="ops-trends-options">
        <div className={own.fields}>
          <Field label={tx("trends.view.measure")}>
            <Select value={options.measure} onChange={(_, d) => setOption("measure", d.value as TrendMeasure)} data-testid="ops-trends-measure">
              {TREND_MEASURES.map((m) => (
                <option key={m} value={m}>
                  {tx(`trends.measure.${m}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={tx("trends.view.period")}>
            <Select value={options.period} onChange={(_, d) => setOption("period", d.value as TrendsController["options"]["period"])} data-testid="ops-trends-period">
              {TREND_PERIODS.map((p) => (
                <option key={p} value={p}>
                  {capitalise(tx(`trends.grain.${p}`))}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={tx("trends.view.breakdown")}>
            <Select
              value={options.breakdown ?? ""}
              onChange={(_, d) => setOption("breakdown", d.value ? (d.value as NonNullable<TrendsController["options"]["breakdown"]>) : null)}
              data-testid="ops-trends-breakdown"
            >
              <option value="">{tx("trends.view.breakdownNone")}</option>
              {trends.breakdowns.map((r) => (
                <option key={r} value={r}>
                  {roleName(r, lang)}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label={tx("trends.view.topN")}
            validationState={invalid.topN ? "error" : "none"}
            validationMessage={invalid.topN ? renderText(invalid.topN, lang) : undefined}
          >
            <Input type="number" min={1} inputMode="numeric" value={options.topN} disabled={!options.breakdown} onChange={(_, d) => setOption("topN", d.value)} />
          </Field>
          <Field
            label={tx("trends.view.horizon")}
            validationState={invalid.horizon ? "error" : "none"}
            validationMessage={invalid.horizon ? renderText(invalid.horizon, lang) : undefined}
          >
            <Input type="number" min={1} inputMode="numeric" value={options.horizon} onChange={(_, d) => setOption("horizon", d.value)} />
          </Field>
        </div>
        <div className={styles.row}>
          <Button appearance="primary" disabled={!data || !countsOk} onClick={trends.calculate}>
            {tx("trends.view.calculate")}
          </Button>
        </div>
      </Section>

      {result && <Results result={result} basis={result.basis} />}

      {(can.draw || can.clear) && (
        <Section title={tx("trends.view.workbook")} id="ops-trends-workbook">
          <div className={styles.row}>
            {can.draw && (
              <Button disabled={!data || !countsOk || busy !== null} onClick={() => void trends.draw()}>
                {busy === "draw" ? tx("trends.view.busy") : tx("trends.view.draw")}
              </Button>
            )}
            {busy === "draw" && <Button onClick={trends.cancel}>{tx("pane.action.cancel")}</Button>}
            {can.clear && (
              <Button disabled={busy !== null} onClick={() => void trends.clear()}>
                {busy === "clear" ? tx("trends.view.busy") : tx("trends.view.remove")}
              </Button>
            )}
          </div>
          {busy === "draw" && <WorkProgress label={tx("trends.view.drawing")} progress={trends.progress} />}
          <Outcome trends={trends} actions={["draw", "clear"]} />
        </Section>
      )}
    </div>
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function Results({ result, basis }: { result: TrendResult; basis: MarginBasis }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const own = useStyles();
  const isRate = result.measure === "marginRate";
  const total = result.series[0];
  const convention = isRate
    ? t("trends.sheet.conventionRate", lang, { basis: t(basis === "cost" ? "basis.cost" : "basis.sales", lang), base: result.columns.base ?? "" })
    : t("trends.sheet.conventionSum", lang, { measure: t(`trends.measure.${result.measure}`, lang) });
  return (
    <Section title={tx("trends.view.results")} id="ops-trends-results">
      <div data-testid="ops-trends-results" aria-live="polite">
        <Text as="p" block data-testid="ops-trends-convention">
          {tx("trends.view.convention", { text: convention })}
        </Text>
        {total ? (
          <Text as="p" block className={styles.muted} data-testid="ops-trends-covered">
            {tx("trends.view.covered", { count: total.labels.length, from: total.labels[0], to: total.labels[total.labels.length - 1] })}
          </Text>
        ) : (
          <Text as="p" block>
            {tx("trends.view.empty")}
          </Text>
        )}
      </div>
      {result.series.length > 0 && (
        <ul className={own.seriesList} aria-label={tx("trends.view.seriesList")}>
          {result.series.map((s, i) => (
            <SeriesCard key={s.key} result={result} series={s} index={i} />
          ))}
        </ul>
      )}
      {result.messages.length > 0 && (
        <section aria-labelledby="ops-trends-messages-title">
          <Text as="h3" weight="semibold" size={200} id="ops-trends-messages-title">
            {tx("trends.view.messages")}
          </Text>
          <ul className={styles.list} data-testid="ops-trends-messages">
            {result.messages.map((m, i) => (
              <li key={i}>{renderMessage(m, lang)}</li>
            ))}
          </ul>
        </section>
      )}
    </Section>
  );
}

function SeriesCard({ result, series: s, index }: { result: TrendResult; series: TrendSeries; index: number }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const own = useStyles();
  const isRate = result.measure === "marginRate";
  const name = seriesName(s, lang, result.othersCount);
  const last = lastWholeIndex(s);
  const f = s.forecast;
  const horizonValue = f && f.values.length > 0 ? f.values.reduce((a, v) => a + v, 0) / (isRate ? f.values.length : 1) : NaN;
  const missing = tx("pane.value.missing");
  const headingId = `ops-trend-series-${index}`;
  const model = f
    ? `${tx(`trends.modelName.${f.model}`, { season: f.seasonLength })} — ${f.seasonLength > 1 ? tx(f.seasonDetected ? "trends.view.seasonDetected" : "trends.view.seasonGiven") : tx("trends.view.noSeason")}`
    : tx("trends.view.noForecast");
  return (
    <li className={own.series} aria-labelledby={headingId} data-testid="ops-trend-series" data-series={name} data-kind={s.kind}>
      <Text as="h3" weight="semibold" size={300} id={headingId}>
        {name}
      </Text>
      <dl className={styles.stats}>
        <Stat label={tx("trends.view.lastValue", { period: last >= 0 ? s.labels[last] : missing })} value={last >= 0 ? formatTrendValue(result.measure, s.actual[last], lang) : missing} testId="ops-trend-last" />
        <Stat label={tx("trends.view.change")} value={last >= 0 ? formatTrendChange(result, s.change[last], lang) : missing} testId="ops-trend-change" />
        <Stat label={tx("trends.view.slope")} value={isRate ? formatPoints(s.slope, lang) : formatTrendValue(result.measure, s.slope, lang)} testId="ops-trend-slope" />
        <Stat label={tx("trends.view.r2")} value={formatDecimal(s.r2, lang)} testId="ops-trend-r2" />
        <Stat label={tx("trends.view.next", { period: f?.labels[0] ?? "" })} value={f ? formatTrendValue(result.measure, f.values[0], lang) : missing} testId="ops-trend-next" />
        <Stat
          label={tx(isRate ? "trends.view.horizonAverage" : "trends.view.horizonSum", { horizon: f?.values.length ?? result.horizon })}
          value={formatTrendValue(result.measure, horizonValue, lang)}
          testId="ops-trend-horizon"
        />
        <Stat label={tx("trends.view.model")} value={model} testId="ops-trend-model" />
        <Stat label={tx("trends.view.mase")} value={f ? formatDecimal(f.mase, lang) : missing} testId="ops-trend-mase" />
      </dl>
    </li>
  );
}

/** The outcome of the last draw / remove, announced politely. */
function Outcome({ trends, actions }: { trends: TrendsController; actions: TrendsAction[] }): JSX.Element | null {
  const o = trends.outcome;
  return <div aria-live="polite">{o && actions.includes(o.action) && <OutcomeBar key={o.id} intent={o.intent} text={o.text} details={o.details} testId="ops-trends-outcome" detailsTestId="ops-trends-details" action={o.action} />}</div>;
}
