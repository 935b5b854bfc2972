/** Small layout pieces shared by the views. */
import { Field, makeStyles, MessageBar, MessageBarBody, ProgressBar, Text, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { renderMessage } from "../errors";
import { formatInteger } from "../format";
import { renderText, useLang, useText } from "../text";
import type { OpsMessage } from "../../core/types";
import type { ActionName, ActionResult, PaneText, Progress } from "../usePane";

export const useViewStyles = makeStyles({
  view: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  chips: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalXS,
    listStyleType: "none",
    padding: 0,
    margin: 0,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
  },
  stats: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(8.5rem, 1fr))",
    gap: tokens.spacingHorizontalS,
    margin: 0,
  },
  stat: {
    display: "flex",
    flexDirection: "column",
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    margin: 0,
  },
  statValue: {
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    margin: 0,
    wordBreak: "break-word",
  },
});

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }): JSX.Element {
  const styles = useViewStyles();
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Text as="h2" weight="semibold" size={300} id={headingId}>
        {title}
      </Text>
      {children}
    </section>
  );
}

/** A labelled figure in a grid of figures (a description list, so screen readers pair label and value). */
export function Stat({ label, value, testId }: { label: string; value: string; testId?: string }): JSX.Element {
  const styles = useViewStyles();
  return (
    <div className={styles.stat} data-testid={testId}>
      <dt className={styles.muted}>{label}</dt>
      <dd className={styles.statValue}>{value}</dd>
    </div>
  );
}

/** A progress bar with its label and figures; indeterminate while the total is not known. */
export function WorkProgress({ label, progress }: { label: string; progress: Progress | null }): JSX.Element {
  const lang = useLang();
  const tx = useText();
  const known = progress !== null && progress.total > 0;
  const value = known ? Math.min(1, progress.done / progress.total) : undefined;
  const hint = known
    ? tx("pane.progress.figures", {
        done: formatInteger(progress.done, lang),
        total: formatInteger(progress.total, lang),
      })
    : undefined;
  return (
    <Field label={label} hint={hint} validationState="none">
      <ProgressBar value={value} max={1} thickness="large" aria-valuetext={hint} data-testid="ops-progress" />
    </Field>
  );
}

/** A message bar for the outcome of an action: its text and, listed under it, the workbook's messages. */
export function OutcomeBar({
  intent,
  text,
  details,
  testId,
  detailsTestId,
  action,
}: {
  intent: "success" | "error" | "info" | "warning";
  text: PaneText;
  details: readonly OpsMessage[];
  testId: string;
  detailsTestId?: string;
  action?: string;
}): JSX.Element {
  const lang = useLang();
  return (
    <MessageBar intent={intent} data-testid={testId} data-intent={intent} data-action={action}>
      <MessageBarBody>
        {renderText(text, lang)}
        {details.length > 0 && (
          <ul data-testid={detailsTestId}>
            {details.map((m, i) => (
              <li key={i}>{renderMessage(m, lang)}</li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

/** The outcome of the last action among `names`, next to the buttons that start them. */
export function ActionOutcome({
  result,
  names,
}: {
  result: ActionResult | null;
  names: ActionName[];
}): JSX.Element | null {
  if (!result || !names.includes(result.name)) return null;
  return <OutcomeBar intent={result.intent} text={result.text} details={result.details} testId="ops-action-result" detailsTestId="ops-action-details" />;
}
