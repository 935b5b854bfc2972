/** The in-pane language switch (browser preview). Option names are each in their own language. */
import { Select, makeStyles } from "@fluentui/react-components";
import type { Lang } from "../../core/types";
import { useText } from "../text";

const useStyles = makeStyles({ select: { minWidth: "7.5rem" } });

export function LanguageSwitch({ lang, onChange }: { lang: Lang; onChange: (lang: Lang) => void }): JSX.Element {
  const tx = useText();
  const styles = useStyles();
  return (
    <Select
      className={styles.select}
      size="small"
      value={lang}
      aria-label={tx("pane.language.label")}
      onChange={(_, d) => onChange(d.value === "fr" ? "fr" : "en")}
    >
      <option value="fr" lang="fr">
        Français
      </option>
      <option value="en" lang="en">
        English
      </option>
    </Select>
  );
}
