/**
 * The preview page around the pane: a toolbar (open an .xlsx, download the enriched workbook, back to the sample,
 * theme) and the grid of the simulated workbook. The pane itself is mounted beside it by index.tsx with mountPane,
 * exactly as the add-in mounts it; its language switch is the preview's language switch.
 */
import { Button, FluentProvider, makeStyles, Select, Text, tokens, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { useRef, useSyncExternalStore } from "react";
import { pt } from "./text";
import { SheetGrid } from "./SheetGrid";
import type { PreviewSession, Theme } from "./session";

const useStyles = makeStyles({
  root: {
    height: "100%",
    display: "flex",
    flexDirection: "column",
    minHeight: 0,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  header: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  topRow: { display: "flex", alignItems: "flex-start", gap: tokens.spacingHorizontalM },
  actions: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  titles: { display: "flex", flexDirection: "column", marginRight: "auto", minWidth: 0 },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground2 },
  hidden: { display: "none" },
  status: { marginLeft: tokens.spacingHorizontalS, minWidth: 0 },
  error: { color: tokens.colorPaletteRedForeground1 },
  main: { flexGrow: 1, minHeight: 0, display: "flex", flexDirection: "column", backgroundColor: tokens.colorNeutralBackground1 },
});

export interface PreviewShellProps {
  session: PreviewSession;
  onOpenFile(file: File): void;
  onDownload(): void;
  onSample(): void;
}

export function PreviewShell({ session, onOpenFile, onDownload, onSample }: PreviewShellProps): JSX.Element {
  const state = useSyncExternalStore(
    (f) => session.subscribe(f),
    () => session.snapshot,
  );
  const styles = useStyles();
  const fileRef = useRef<HTMLInputElement>(null);
  const { lang, theme, load } = state;
  return (
    <FluentProvider theme={theme === "dark" ? webDarkTheme : webLightTheme} className={styles.root} lang={lang}>
      <header className={styles.header}>
        <div className={styles.topRow}>
          <div className={styles.titles}>
            <h1 className={styles.title}>{pt("title", lang)}</h1>
            <Text size={200} className={styles.muted}>
              {pt("subtitle", lang)}
            </Text>
          </div>
          <Select
            size="small"
            aria-label={pt("theme", lang)}
            value={theme}
            onChange={(_, d) => session.setTheme(d.value === "dark" ? "dark" : ("light" as Theme))}
            data-testid="preview-theme"
          >
            <option value="light">{pt("themeLight", lang)}</option>
            <option value="dark">{pt("themeDark", lang)}</option>
          </Select>
        </div>
        <div className={styles.actions}>
          <input
            ref={fileRef}
            className={styles.hidden}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-label={pt("open", lang)}
            data-testid="preview-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) onOpenFile(f);
              e.target.value = "";
            }}
          />
          <Button size="small" onClick={() => fileRef.current?.click()} title={pt("openHint", lang)}>
            {pt("open", lang)}
          </Button>
          <Button size="small" onClick={onDownload} disabled={load.status !== "ready"} data-testid="preview-download">
            {pt("download", lang)}
          </Button>
          <Button size="small" onClick={onSample} appearance="subtle">
            {pt("sample", lang)}
          </Button>
          <div role="status" aria-live="polite" className={styles.status} data-testid="preview-status">
            {load.status === "loading" && <Text size={200}>{pt("loading", lang)}</Text>}
            {load.status === "error" && (
              <Text size={200} className={styles.error}>
                {pt("loadFailed", lang, { reason: load.reason })}
              </Text>
            )}
            {load.status === "ready" && state.fileName && (
              <Text size={200} className={styles.muted} data-testid="preview-file-name">
                {pt("fileLabel", lang, { name: state.fileName })}
              </Text>
            )}
          </div>
        </div>
      </header>
      <main className={styles.main} aria-label={pt("workbook", lang)}>
        <SheetGrid workbook={state.workbook} version={state.version} lang={lang} theme={theme} />
      </main>
    </FluentProvider>
  );
}
