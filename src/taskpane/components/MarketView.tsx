/**
 * Market (issue 10): the competitor table, the company's own name in it, the two periods of the price–volume–mix
 * bridge; "Calculate" shows per market the latest period's share (and its change in points), rank, HHI with its
 * verdict and source, price index and BCG quadrant, then the bridge (start, volume, mix, price, new, lost, end; the
 * margin bridge when the ledger gives costs) in the user's language; "Draw in the workbook" writes "OPS Market"
 * (progress, Cancel); "Remove the sheet" deletes it. The draw buttons show only when the port has the methods.
 */
import { Button, Field, Input, makeStyles, Select, Text, tokens } from "@fluentui/react-components";
import { latestPeriod, verdictText } from "../../core/market/sheet";
import type { BridgeResult, MarketAnalysis } from "../../core/market/index";
import type { ViewName } from "../App";
import { renderMessage } from "../errors";
import { formatDecimal, formatInteger, formatMoney, formatPercent, formatPoints } from "../format";
import { useLang, useText } from "../text";
import { periodKey, type MarketAction, type MarketController } from "../useMarket";
import { OutcomeBar, Section, Stat, useViewStyles, WorkProgress } from "./Section";
import { sourceLabel } from "./HomeView";

const useStyles = makeStyles({
  fields: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(11rem, 1fr))", gap: tokens.spacingHorizontalS },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  cards: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, listStyleType: "none", padding: 0, margin: 0 },
});

export function MarketView({ market, goTo }: { market: MarketController; goTo: (v: ViewName) => void }): JSX.Element {
  const tx = useText();
  const styles = useViewStyles();
  const own = useStyles();
  const { tables, tableId, periods, analysis, bridge, can, busy } = market;
  return (
    <div className={styles.view}>
      <Section title={tx("market.view.title")} id="ops-market">
        <Text>{tx("market.view.intro")}</Text>
        {!market.ledger && (
          <div className={styles.row}>
            <Text role="note">{tx("market.view.noLedger")}</Text>
            <Button size="small" onClick={() => goTo("data")}>
              {tx("pane.tab.data")}
            </Button>
          </div>
        )}
      </Section>

      <Section title={tx("market.view.options")} id="ops-market-options">
        <div className={own.fields}>
          <Field label={tx("market.view.table")}>
            <Select value={tableId ?? ""} onChange={(_, d) => market.setTableId(d.value || null)} data-testid="ops-market-table">
              <option value="">{tx("market.view.noTable")}</option>
              {tables.map((s) => (
                <option key={s.id} value={s.id}>
                  {sourceLabel(s)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={tx("market.view.own")} hint={tx("market.view.ownHint")}>
            <Input value={market.own} onChange={(_, d) => market.setOwn(d.value)} data-testid="ops-market-own" list="ops-market-competitors" autoComplete="off" />
          </Field>
          <datalist id="ops-market-competitors">
            {market.competitors.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <PeriodField label={tx("market.view.base")} value={market.base} onChange={market.setBase} periods={periods} testId="ops-market-base" />
          <PeriodField label={tx("market.view.current")} value={market.current} onChange={market.setCurrent} periods={periods} testId="ops-market-current" />
        </div>
        <div className={styles.row}>
          <Button appearance="primary" disabled={busy !== null || (!tableId && !market.ledger)} onClick={() => void market.calculate()}>
            {busy === "calculate" ? tx("market.view.busy") : tx("market.view.calculate")}
          </Button>
        </div>
        <Outcome market={market} actions={["calculate"]} />
      </Section>

      {analysis && <Markets analysis={analysis} />}
      {bridge && <Bridge bridge={bridge} />}

      {(can.draw || can.clear) && (
        <Section title={tx("market.view.workbook")} id="ops-market-workbook">
          <div className={styles.row}>
            {can.draw && (
              <Button disabled={busy !== null || (!analysis && !bridge)} onClick={() => void market.draw()}>
                {busy === "draw" ? tx("market.view.busy") : tx("market.view.draw")}
              </Button>
            )}
            {busy === "draw" && <Button onClick={market.cancel}>{tx("pane.action.cancel")}</Button>}
            {can.clear && (
              <Button disabled={busy !== null} onClick={() => void market.clear()}>
                {busy === "clear" ? tx("market.view.busy") : tx("market.view.remove")}
              </Button>
            )}
          </div>
          {busy === "draw" && <WorkProgress label={tx("market.view.drawing")} progress={market.progress} />}
          <Outcome market={market} actions={["draw", "clear"]} />
        </Section>
      )}
    </div>
  );
}

/** A choice among the ledger's periods (base or compared). */
function PeriodField({ label, value, onChange, periods, testId }: { label: string; value: string; onChange: (key: string) => void; periods: MarketController["periods"]; testId: string }): JSX.Element {
  return (
    <Field label={label}>
      <Select value={value} onChange={(_, d) => onChange(d.value)} data-testid={testId} disabled={periods.length === 0}>
        {periods.map((p) => (
          <option key={periodKey(p)} value={periodKey(p)}>
            {p.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function Markets({ analysis }: { analysis: MarketAnalysis }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const own = useStyles();
  const missing = tx("pane.value.missing");
  return (
    <Section title={tx("market.view.position")} id="ops-market-position">
      <Text as="p" block className={styles.muted}>
        {tx(analysis.markets[0]?.basis === "volume" ? "market.sheet.conventionVolume" : "market.sheet.conventionValue")}
      </Text>
      <ul className={own.cards} data-testid="ops-market-markets">
        {analysis.markets.map((m, i) => {
          const p = latestPeriod(m);
          const o = p?.own;
          const verdict = p?.verdict ? verdictText(p.verdict, lang) : missing;
          return (
            <li key={m.name} className={own.card} aria-labelledby={`ops-market-${i}`} data-testid="ops-market-card" data-market={m.name}>
              <Text as="h3" weight="semibold" size={300} id={`ops-market-${i}`}>
                {m.name} — {p?.label ?? missing}
              </Text>
              <dl className={styles.stats}>
                <Stat label={tx("market.col.ownShare")} value={o ? formatPercent(o.share, lang) : missing} testId="ops-market-share" />
                <Stat label={tx("market.col.changePts")} value={o ? formatPoints(o.shareChangePts / 100, lang) : missing} testId="ops-market-change" />
                <Stat label={tx("market.col.rank")} value={o ? formatInteger(o.rank, lang) : missing} testId="ops-market-rank" />
                <Stat label={tx("market.col.relativeShare")} value={o ? formatDecimal(o.relativeShare, lang) : missing} testId="ops-market-relative" />
                <Stat label="HHI" value={p ? formatInteger(Math.round(p.hhi), lang) : missing} testId="ops-market-hhi" />
                <Stat label={tx("market.col.priceIndex")} value={o ? formatDecimal(o.priceIndex, lang, 1) : missing} testId="ops-market-price" />
                <Stat label={tx("market.col.bcg")} value={o?.bcg ? tx(`market.bcg.${o.bcg}`) : missing} testId="ops-market-bcg" />
              </dl>
              <Text size={200} data-testid="ops-market-verdict">
                {verdict}
              </Text>
            </li>
          );
        })}
      </ul>
      {analysis.messages.length > 0 && (
        <ul className={styles.list} data-testid="ops-market-messages">
          {analysis.messages.map((m, i) => (
            <li key={i}>{renderMessage(m, lang)}</li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Bridge({ bridge: b }: { bridge: BridgeResult }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const money = (x: number) => formatMoney(x, lang);
  const steps: [string, number, string][] = b.ok
    ? [
        [tx("market.bridge.start", { period: b.base.label }), b.baseRevenue, "start"],
        ...(b.hasVolume
          ? ([
              [tx("market.bridge.volume"), b.volume, "volume"],
              [tx("market.bridge.mix"), b.mix, "mix"],
              [tx("market.bridge.price"), b.price, "price"],
            ] as [string, number, string][])
          : ([[tx("market.bridge.continuing"), b.continuingChange, "continuing"]] as [string, number, string][])),
        [tx("market.bridge.new"), b.newProducts, "new"],
        [tx("market.bridge.lost"), b.lostProducts, "lost"],
        ...(b.other !== 0 ? ([[tx("market.bridge.other"), b.other, "other"]] as [string, number, string][]) : []),
        [tx("market.bridge.end", { period: b.current.label }), b.currentRevenue, "end"],
      ]
    : [];
  return (
    <Section title={tx("market.view.bridge", { base: b.base.label, current: b.current.label })} id="ops-market-bridge">
      {b.ok ? (
        <dl className={styles.stats} data-testid="ops-market-bridge">
          {steps.map(([label, v, key]) => (
            <Stat key={key} label={label} value={money(v)} testId={`ops-bridge-${key}`} />
          ))}
          {b.margin && <Stat label={tx("market.view.marginChange")} value={money(b.margin.total)} testId="ops-bridge-margin" />}
          {b.margin && <Stat label={tx("market.bridge.cost")} value={money(b.margin.cost)} testId="ops-bridge-cost" />}
        </dl>
      ) : (
        <Text>{tx("market.view.noBridge")}</Text>
      )}
      {b.messages.length > 0 && (
        <ul className={styles.list} data-testid="ops-bridge-messages">
          {b.messages.map((m, i) => (
            <li key={i}>{renderMessage(m, lang)}</li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Outcome({ market, actions }: { market: MarketController; actions: MarketAction[] }): JSX.Element | null {
  const o = market.outcome;
  return <div aria-live="polite">{o && actions.includes(o.action) && <OutcomeBar key={o.id} intent={o.intent} text={o.text} details={o.details} testId="ops-market-result" action={o.action} />}</div>;
}
