/**
 * The OPS task pane: Fluent UI v9 with the Office theme, French or English, six views (Home, Data, Policy, Check,
 * Trends, Share).
 * It talks to the workbook only through the WorkbookPort it is given.
 */
import {
  Button,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Tab,
  TabList,
  Text,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { Component, useCallback, useEffect, useMemo, useRef, useState, type ErrorInfo, type ReactNode } from "react";
import { t } from "../core/i18n";
import type { Lang } from "../core/types";
import type { WorkbookPort } from "../core/workbook-port";
import { CheckView } from "./components/CheckView";
import { DataView } from "./components/DataView";
import { HomeView } from "./components/HomeView";
import { LanguageSwitch } from "./components/LanguageSwitch";
import { PolicyView } from "./components/PolicyView";
import { ShareView } from "./components/ShareView";
import { TrendsView } from "./components/TrendsView";
import { MarketView } from "./components/MarketView";
import { useMarket } from "./useMarket";
import { coreEngine, type ComplianceEngine } from "./engine";
import { LangContext, renderText, useLang, useText } from "./text";
import { usePane, type Notice, type PaneController } from "./usePane";
import { summaryHeadlines } from "./headlines";
import { useShare } from "./useShare";
import { useTrends } from "./useTrends";
import { visuallyHidden } from "./styles";

export type ViewName = "home" | "data" | "policy" | "check" | "trends" | "market" | "share";
export type ThemeName = "light" | "dark";
const VIEWS: ViewName[] = ["home", "data", "policy", "check", "trends", "market", "share"];

export interface AppProps {
  port: WorkbookPort;
  /** Office display language (fr or en). The pane follows it when it changes. */
  lang: Lang;
  /** Office theme. */
  theme: ThemeName;
  /** Show the in-pane language switch (the browser preview does; in Office the language follows Office). */
  languageSwitch?: boolean;
  /** Told when the user switches language in the pane. */
  onLanguageChange?: (lang: Lang) => void;
  /** The compliance engine; the real one by default. */
  engine?: ComplianceEngine;
  /** The view shown first (Home by default). */
  initialView?: ViewName;
}

const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    display: "flex",
    flexDirection: "column",
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  header: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0`,
  },
  tabs: { padding: `0 ${tokens.spacingHorizontalXS}`, flexWrap: "wrap" },
  notices: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
  },
  panel: { flexGrow: 1, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalL}` },
  srOnly: visuallyHidden,
});

const portIds = new WeakMap<WorkbookPort, number>();
let nextPortId = 1;
function portKey(port: WorkbookPort): number {
  let id = portIds.get(port);
  if (id === undefined) {
    id = nextPortId++;
    portIds.set(port, id);
  }
  return id;
}

/** The whole pane. Changing the `port` starts afresh (new workbook); changing `lang` or `theme` re-renders in place. */
export function App(props: AppProps): JSX.Element {
  const { lang: officeLang, theme, onLanguageChange } = props;
  const [lang, setLang] = useState<Lang>(officeLang);
  useEffect(() => setLang(officeLang), [officeLang]);
  const changeLang = useCallback(
    (l: Lang) => {
      setLang(l);
      onLanguageChange?.(l);
    },
    [onLanguageChange],
  );
  const styles = useStyles();
  return (
    <FluentProvider
      theme={theme === "dark" ? webDarkTheme : webLightTheme}
      className={styles.root}
      lang={lang}
      data-theme={theme}
    >
      <LangContext.Provider value={lang}>
        <PaneBoundary lang={lang}>
          <Pane key={portKey(props.port)} {...props} lang={lang} onLanguageChange={changeLang} />
        </PaneBoundary>
      </LangContext.Provider>
    </FluentProvider>
  );
}

function Pane({ port, lang, engine, languageSwitch, onLanguageChange, initialView }: AppProps): JSX.Element {
  const styles = useStyles();
  const tx = useText();
  const ctl = usePane(port, engine ?? coreEngine, lang);
  const trends = useTrends(port, ctl, lang);
  const market = useMarket(port, ctl, lang);
  const marketRef = useRef(market);
  marketRef.current = market;
  // The summary's trend and market headlines: the last trends calculation's when there is one, else computed from the
  // checked table (src/taskpane/headlines.ts); read when the summary is prepared.
  const trendsRef = useRef(trends);
  trendsRef.current = trends;
  const headlines = useCallback(() => {
    if (!ctl.run.data) return {};
    const fromTable = summaryHeadlines(ctl.run.data, lang, ctl.run.result?.summary.basis ?? "sales", marketRef.current.analysis ?? undefined);
    const lines = trendsRef.current.headlines();
    return lines.length > 0 ? { ...fromTable, trends: lines } : fromTable;
  }, [ctl.run.data, ctl.run.result, lang]);
  const share = useShare(port, ctl, headlines);
  const [view, setView] = useState<ViewName>(initialView ?? "home");
  const panelRef = useRef<HTMLDivElement>(null);

  // Views opened by a button (not by the tabs) take the focus, so keyboard and screen reader users land in them.
  const focusPanel = useRef(false);
  const goTo = useCallback((v: ViewName) => {
    focusPanel.current = true;
    setView(v);
  }, []);
  useEffect(() => {
    if (!focusPanel.current) return;
    focusPanel.current = false;
    panelRef.current?.focus();
  }, [view]);

  const runAndShow = useCallback(() => {
    goTo("check");
    void ctl.runCheck();
  }, [ctl, goTo]);

  return (
    <>
      <header className={styles.header}>
        <Text as="h1" weight="semibold" size={400}>
          {tx("pane.title")}
        </Text>
        {languageSwitch && <LanguageSwitch lang={lang} onChange={(l) => onLanguageChange?.(l)} />}
      </header>
      <TabList
        className={styles.tabs}
        selectedValue={view}
        onTabSelect={(_, d) => setView(d.value as ViewName)}
        aria-label={tx("pane.tabs.label")}
        size="small"
      >
        {VIEWS.map((v) => (
          <Tab key={v} value={v} id={`ops-tab-${v}`} aria-controls="ops-panel">
            {tx(`pane.tab.${v}`)}
          </Tab>
        ))}
      </TabList>
      <Notices ctl={ctl} />
      <div
        id="ops-panel"
        role="tabpanel"
        aria-labelledby={`ops-tab-${view}`}
        tabIndex={-1}
        ref={panelRef}
        className={styles.panel}
      >
        {view === "home" && <HomeView ctl={ctl} goTo={goTo} onRun={runAndShow} />}
        {view === "data" && <DataView ctl={ctl} />}
        {view === "policy" && <PolicyView ctl={ctl} engine={engine ?? coreEngine} />}
        {view === "check" && <CheckView ctl={ctl} goTo={goTo} />}
        {view === "trends" && <TrendsView ctl={ctl} trends={trends} goTo={goTo} />}
        {view === "market" && <MarketView market={market} goTo={goTo} />}
        {view === "share" && <ShareView share={share} goTo={goTo} />}
      </div>
      <LiveRegion ctl={ctl} className={styles.srOnly} />
    </>
  );
}

function Notices({ ctl }: { ctl: PaneController }): JSX.Element | null {
  const styles = useStyles();
  const lang = useLang();
  if (ctl.notices.length === 0) return null;
  return (
    <div className={styles.notices} aria-label={t("pane.notices.label", lang)} role="region">
      {ctl.notices.map((n) => (
        <NoticeBar key={n.id} notice={n} onDismiss={() => ctl.dismissNotice(n.id)} />
      ))}
    </div>
  );
}

function NoticeBar({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }): JSX.Element {
  const lang = useLang();
  return (
    <MessageBar intent={notice.intent} data-testid="ops-notice" data-intent={notice.intent}>
      <MessageBarBody>{renderText(notice.text, lang)}</MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button appearance="transparent" size="small" aria-label={t("pane.notice.dismiss", lang)} onClick={onDismiss}>
            ×
          </Button>
        }
      />
    </MessageBar>
  );
}

/** What a screen reader hears: progress steps, results, outcomes of actions and errors. */
function LiveRegion({ ctl, className }: { ctl: PaneController; className: string }): JSX.Element {
  const lang = useLang();
  const text = useMemo(
    () => (ctl.announcement ? renderText(ctl.announcement.text, lang) : ""),
    [ctl.announcement, lang],
  );
  // A new node per announcement, so the same sentence said twice (two runs with the same result) is heard twice.
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className={className} data-testid="ops-live">
      {text && <span key={ctl.announcement?.id}>{text}</span>}
    </div>
  );
}

/** Last line of defence: a rendering bug shows a message (never a stack) and a way to start again. */
class PaneBoundary extends Component<{ lang: Lang; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override componentDidCatch(_error: unknown, _info: ErrorInfo): void {
    // Nothing is sent anywhere: OPS sends no data out of the workbook, error reports included.
  }
  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <MessageBar intent="error">
        <MessageBarBody>{t("pane.error.render", this.props.lang)}</MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => this.setState({ failed: false })}>{t("pane.error.retry", this.props.lang)}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
}
