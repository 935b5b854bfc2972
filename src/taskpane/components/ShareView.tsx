/**
 * Share ("Prepare for management", issue 11): write the one-page OPS Summary from the last check; freeze the
 * workbook's OPS.* formulas into values (after a confirmation), restore them, repair #NAME?; export a PDF (a download
 * link where the browser can make one). Each action shows only when the port has it.
 */
import { Button, MessageBar, MessageBarBody, Text, tokens, makeStyles, Link } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { ViewName } from "../App";
import { renderMessage } from "../errors";
import { renderText, useLang, useText } from "../text";
import type { ShareAction, ShareController } from "../useShare";
import { Section, useViewStyles } from "./Section";

const useStyles = makeStyles({
  confirm: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
});

export function ShareView({ share, goTo }: { share: ShareController; goTo: (v: ViewName) => void }): JSX.Element {
  const tx = useText();
  const styles = useViewStyles();
  const own = useStyles();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const { can, busy } = share;
  const anyFormula = can.freeze || can.restore || can.repair;

  return (
    <div className={styles.view}>
      <Section title={tx("share.title")} id="ops-share">
        <Text>{tx("share.intro")}</Text>
      </Section>

      {can.summary && (
        <Section title={tx("share.summary.heading")} id="ops-share-summary">
          {!share.ready && (
            <div className={styles.row}>
              <Text role="note">{tx("share.summary.needCheck")}</Text>
              <Button size="small" onClick={() => goTo("check")}>
                {tx("pane.tab.check")}
              </Button>
            </div>
          )}
          <div className={styles.row}>
            <Button appearance="primary" disabled={!share.ready || busy !== null} onClick={() => void share.prepareSummary()}>
              {busy === "summary" ? tx("share.busy") : tx("share.summary.prepare")}
            </Button>
          </div>
          <Outcome share={share} actions={["summary"]} />
        </Section>
      )}

      {anyFormula && (
        <Section title={tx("share.formulas.heading")} id="ops-share-formulas">
          <div className={styles.row}>
            {can.freeze && (
              <Button disabled={busy !== null || confirming} onClick={() => setConfirming(true)}>
                {busy === "freeze" ? tx("share.busy") : tx("share.formulas.freeze")}
              </Button>
            )}
            {can.restore && (
              <Button disabled={busy !== null} onClick={() => void share.restore()}>
                {busy === "restore" ? tx("share.busy") : tx("share.formulas.restore")}
              </Button>
            )}
            {can.repair && (
              <Button disabled={busy !== null} onClick={() => void share.repair()}>
                {busy === "repair" ? tx("share.busy") : tx("share.formulas.repair")}
              </Button>
            )}
          </div>
          {confirming && (
            <div className={own.confirm} role="alertdialog" aria-labelledby="ops-freeze-confirm" data-testid="ops-freeze-confirm">
              <Text id="ops-freeze-confirm">{tx("share.formulas.confirm")}</Text>
              <div className={styles.row}>
                <Button
                  appearance="primary"
                  ref={confirmRef}
                  onClick={() => {
                    setConfirming(false);
                    void share.freeze();
                  }}
                >
                  {tx("share.formulas.confirmYes")}
                </Button>
                <Button onClick={() => setConfirming(false)}>{tx("share.formulas.cancel")}</Button>
              </div>
            </div>
          )}
          <Outcome share={share} actions={["freeze", "restore", "repair"]} />
        </Section>
      )}

      {can.pdf && (
        <Section title={tx("share.pdf.heading")} id="ops-share-pdf">
          <div className={styles.row}>
            <Button disabled={busy !== null} onClick={() => void share.exportPdf()}>
              {busy === "pdf" ? tx("share.busy") : tx("share.pdf.export")}
            </Button>
            {share.pdf && (
              <Link href={share.pdf.url} download="OPS.pdf" data-testid="ops-pdf-link">
                {tx("share.pdf.download")}
              </Link>
            )}
          </div>
          <Outcome share={share} actions={["pdf"]} />
        </Section>
      )}

      {!can.summary && !anyFormula && !can.pdf && <Text>{tx("share.none")}</Text>}
    </div>
  );
}

/** The outcome of the last share action among `actions`, announced politely. */
function Outcome({ share, actions }: { share: ShareController; actions: ShareAction[] }): JSX.Element | null {
  const lang = useLang();
  const o = share.outcome;
  return (
    <div aria-live="polite">
      {o && actions.includes(o.action) && (
        <MessageBar key={o.id} intent={o.intent} data-testid="ops-share-result" data-intent={o.intent} data-action={o.action}>
          <MessageBarBody>
            {renderText(o.text, lang)}
            {o.details.length > 0 && (
              <ul data-testid="ops-share-details">
                {o.details.map((m, i) => (
                  <li key={i}>{renderMessage(m, lang)}</li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
