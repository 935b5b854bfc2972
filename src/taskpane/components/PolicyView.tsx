/**
 * Policy: the margin policy (basis with its convention named, default floor/target, erosion points, period, rules
 * by dimension/value with floor/target/date range), validated as the user types, saved to the "OPS Policy" sheet.
 */
import { Button, Field, Input, makeStyles, Radio, RadioGroup, Select, Text, tokens } from "@fluentui/react-components";
import { useMemo } from "react";
import type { MarginPolicy } from "../../core/policy-types";
import type { ColumnRole, OpsMessage } from "../../core/types";
import type { ComplianceEngine } from "../engine";
import { renderMessage } from "../errors";
import { basisName } from "../format";
import {
  draftToPolicy,
  newRuleKey,
  RULE_DIMENSIONS,
  ruleField,
  type PolicyDraft,
  type RuleDraft,
} from "../policy-draft";
import { roleName, useLang, useText } from "../text";
import type { PaneController } from "../usePane";
import { ActionOutcome, Section, useViewStyles } from "./Section";

const useStyles = makeStyles({
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(8rem, 1fr))",
    gap: tokens.spacingHorizontalS,
  },
  rules: {
    listStyleType: "none",
    padding: 0,
    margin: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  rule: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalS,
    margin: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    minWidth: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  input: { minWidth: 0, width: "100%" },
});

/** Where validation messages land: the pane places them by field instead of by cell. */
const PANE_SHEET = "\u0000pane";
const SETTING_FIELD: Record<string, string> = {
  floor: "floor",
  target: "target",
  erosionPoints: "erosion",
  basis: "basis",
  period: "period",
  groupBy: "groupBy",
};

interface Validation {
  policy: MarginPolicy;
  byField: Map<string, string[]>;
  general: string[];
  errors: number;
}

export function PolicyView({ ctl, engine }: { ctl: PaneController; engine: ComplianceEngine }): JSX.Element {
  const tx = useText();
  const lang = useLang();
  const styles = useViewStyles();
  const own = useStyles();
  const { draft, setDraft } = ctl;
  const availableRoles = useMemo(
    () => (ctl.data && ctl.dataStatus === "ready" ? (Object.keys(ctl.data.roles) as ColumnRole[]) : undefined),
    [ctl.data, ctl.dataStatus],
  );

  const validation = useMemo<Validation>(() => {
    const { policy, problems } = draftToPolicy(draft);
    const byField = new Map<string, string[]>();
    const general: string[] = [];
    let errors = 0;
    const add = (field: string | null, text: string) => {
      if (field === null) general.push(text);
      else byField.set(field, [...(byField.get(field) ?? []), text]);
    };
    for (const p of problems) {
      errors++;
      add(p.field, tx(p.code));
    }
    const messages: OpsMessage[] = engine.validatePolicy(policy, availableRoles, {
      setting: (name) => ({ sheet: PANE_SHEET, address: name }),
      ruleField: (_rule, index, field) => ({ sheet: PANE_SHEET, row: index + 1, address: field }),
    });
    const unreadable = new Set(problems.map((p) => p.field));
    for (const m of messages) {
      const loc = m.location;
      let field: string | null = null;
      if (loc && loc.sheet === PANE_SHEET) {
        const name = loc.address ?? "";
        if (loc.row === undefined) field = SETTING_FIELD[name] ?? null;
        else {
          const r = draft.rules[loc.row - 1];
          field = r ? ruleField(r.key, name === "rule" ? "id" : name) : null;
        }
      }
      // A field the pane could not read already says so; the engine's "not a number" adds nothing.
      if (field !== null && unreadable.has(field)) continue;
      if (m.severity === "error") errors++;
      add(field, renderMessage({ ...m, location: undefined }, lang));
    }
    return { policy, byField, general, errors };
  }, [draft, engine, availableRoles, tx, lang]);

  const fieldProps = (field: string) => {
    const msgs = validation.byField.get(field);
    return msgs ? { validationMessage: msgs.join(" "), validationState: "error" as const } : {};
  };
  const update = (patch: Partial<PolicyDraft>) => setDraft({ ...draft, ...patch });
  const updateRule = (key: number, patch: Partial<RuleDraft>) =>
    setDraft({ ...draft, rules: draft.rules.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const addRule = () =>
    setDraft({
      ...draft,
      rules: [
        ...draft.rules,
        {
          key: newRuleKey(),
          id: `R${draft.rules.length + 1}`,
          dimension: "segment",
          value: "",
          floor: "",
          target: "",
          from: "",
          to: "",
        },
      ],
    });
  const removeRule = (key: number) => setDraft({ ...draft, rules: draft.rules.filter((r) => r.key !== key) });
  const saving = ctl.busy === "policy";

  return (
    <form
      className={styles.view}
      aria-label={tx("pane.policy.title")}
      onSubmit={(e) => {
        e.preventDefault();
        if (validation.errors === 0) void ctl.savePolicy(validation.policy);
      }}
    >
      <Text>{tx(ctl.policy.fromSheet ? "pane.policy.fromSheet" : "pane.policy.notSaved")}</Text>
      {!ctl.draftDirty && ctl.policy.messages.length > 0 && (
        <Section title={tx("pane.policy.sheetProblems")} id="ops-policy-sheet">
          <ul className={styles.list}>
            {ctl.policy.messages.map((m, i) => (
              <li key={i}>{renderMessage(m, lang)}</li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={tx("pane.policy.defaults")} id="ops-policy-defaults">
        <Field label={tx("pane.policy.basis")} {...fieldProps("basis")}>
          <RadioGroup value={draft.basis} onChange={(_, d) => update({ basis: d.value === "cost" ? "cost" : "sales" })}>
            <Radio value="sales" label={basisName("sales", lang)} />
            <Radio value="cost" label={basisName("cost", lang)} />
          </RadioGroup>
        </Field>
        <div className={own.grid}>
          <Field label={tx("pane.policy.floor")} {...fieldProps("floor")}>
            <Input
              className={own.input}
              value={draft.floor}
              inputMode="decimal"
              contentAfter="%"
              onChange={(_, d) => update({ floor: d.value })}
            />
          </Field>
          <Field label={tx("pane.policy.target")} {...fieldProps("target")}>
            <Input
              className={own.input}
              value={draft.target}
              inputMode="decimal"
              contentAfter="%"
              onChange={(_, d) => update({ target: d.value })}
            />
          </Field>
          <Field label={tx("pane.policy.erosion")} hint={tx("pane.policy.erosionHint")} {...fieldProps("erosion")}>
            <Input
              className={own.input}
              value={draft.erosion}
              inputMode="decimal"
              contentAfter={tx("pane.points.unit")}
              onChange={(_, d) => update({ erosion: d.value })}
            />
          </Field>
          <Field label={tx("pane.policy.period")} {...fieldProps("period")}>
            <Select value={draft.period} onChange={(_, d) => update({ period: d.value as PolicyDraft["period"] })}>
              <option value="month">{tx("pane.period.month")}</option>
              <option value="quarter">{tx("pane.period.quarter")}</option>
              <option value="year">{tx("pane.period.year")}</option>
            </Select>
          </Field>
        </div>
        {validation.byField.get("groupBy")?.map((m, i) => (
          <Text key={i} role="alert">
            {m}
          </Text>
        ))}
      </Section>
      <Section title={tx("pane.policy.rules", { count: draft.rules.length })} id="ops-policy-rules">
        <Text className={styles.muted}>{tx("pane.policy.rulesHelp")}</Text>
        <ul className={own.rules}>
          {draft.rules.map((r, i) => (
            <li key={r.key}>
              <fieldset className={own.rule} data-testid="ops-rule">
                <legend className={own.legend}>{tx("pane.policy.ruleN", { id: r.id || `#${i + 1}` })}</legend>
                <div className={own.grid}>
                  <Field label={tx("pane.policy.ruleId")} {...fieldProps(ruleField(r.key, "id"))}>
                    <Input className={own.input} value={r.id} onChange={(_, d) => updateRule(r.key, { id: d.value })} />
                  </Field>
                  <Field label={tx("pane.policy.dimension")} {...fieldProps(ruleField(r.key, "dimension"))}>
                    <Select
                      value={r.dimension}
                      onChange={(_, d) => updateRule(r.key, { dimension: d.value as ColumnRole | "" })}
                    >
                      <option value="">{tx("pane.policy.anyDimension")}</option>
                      {RULE_DIMENSIONS.map((dim) => (
                        <option key={dim} value={dim}>
                          {roleName(dim, lang)}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label={tx("pane.policy.value")} {...fieldProps(ruleField(r.key, "value"))}>
                    <Input
                      className={own.input}
                      value={r.value}
                      onChange={(_, d) => updateRule(r.key, { value: d.value })}
                    />
                  </Field>
                  <Field
                    label={tx("pane.policy.floor")}
                    hint={tx("pane.policy.inheritHint")}
                    {...fieldProps(ruleField(r.key, "floor"))}
                  >
                    <Input
                      className={own.input}
                      value={r.floor}
                      inputMode="decimal"
                      contentAfter="%"
                      onChange={(_, d) => updateRule(r.key, { floor: d.value })}
                    />
                  </Field>
                  <Field
                    label={tx("pane.policy.target")}
                    hint={tx("pane.policy.inheritHint")}
                    {...fieldProps(ruleField(r.key, "target"))}
                  >
                    <Input
                      className={own.input}
                      value={r.target}
                      inputMode="decimal"
                      contentAfter="%"
                      onChange={(_, d) => updateRule(r.key, { target: d.value })}
                    />
                  </Field>
                  <Field label={tx("pane.policy.from")} {...fieldProps(ruleField(r.key, "from"))}>
                    <Input
                      className={own.input}
                      type="date"
                      value={r.from}
                      onChange={(_, d) => updateRule(r.key, { from: d.value })}
                    />
                  </Field>
                  <Field label={tx("pane.policy.to")} {...fieldProps(ruleField(r.key, "to"))}>
                    <Input
                      className={own.input}
                      type="date"
                      value={r.to}
                      onChange={(_, d) => updateRule(r.key, { to: d.value })}
                    />
                  </Field>
                </div>
                <div className={styles.row}>
                  <Button
                    onClick={() => removeRule(r.key)}
                    aria-label={tx("pane.policy.removeRuleN", { id: r.id || `#${i + 1}` })}
                  >
                    {tx("pane.policy.removeRule")}
                  </Button>
                </div>
              </fieldset>
            </li>
          ))}
        </ul>
        <div className={styles.row}>
          <Button onClick={addRule}>{tx("pane.policy.addRule")}</Button>
        </div>
      </Section>
      {validation.general.length > 0 && (
        <ul className={styles.list} data-testid="ops-policy-problems">
          {validation.general.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={saving || validation.errors > 0}>
          {tx(saving ? "pane.policy.saving" : "pane.policy.save")}
        </Button>
        <Button type="button" onClick={ctl.resetDraft} disabled={!ctl.draftDirty || saving}>
          {tx("pane.policy.revert")}
        </Button>
      </div>
      {validation.errors > 0 && <Text>{tx("pane.policy.fixFirst", { count: validation.errors })}</Text>}
      <ActionOutcome result={ctl.actionResult} names={["policy"]} />
    </form>
  );
}
