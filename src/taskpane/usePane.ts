/**
 * The pane's controller: everything it knows about the workbook and every call it makes through the WorkbookPort,
 * in one hook. Views read its state and call its actions; they never call the port themselves.
 *
 * Text in the state is language-neutral (catalogue keys or OpsMessages), so switching language re-renders
 * every notice and announcement in the new language.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { policyFingerprint } from "../core/compliance/policy";
import type { ComplianceResult, Finding, MarginPolicy } from "../core/policy-types";
import type { DataSet, Lang, OpsMessage, RoleOverrides, SourceInfo } from "../core/types";
import type { WorkbookPort } from "../core/workbook-port";
import type { ComplianceEngine } from "./engine";
import { isAbortError, toOpsMessage } from "./errors";
import { draftDiffers, draftFromPolicy, type PolicyDraft } from "./policy-draft";

export interface Progress {
  done: number;
  total: number;
}

/** A piece of text to show: a catalogue key with params, or an OpsMessage (rendered with its location). */
export type PaneText = { key: string; params?: Record<string, string | number> } | { msg: OpsMessage };

export interface Notice {
  id: number;
  intent: "error" | "warning" | "success" | "info";
  text: PaneText;
}

export type LoadStatus = "idle" | "loading" | "ready" | "error";
export type RunStatus = "idle" | "reading" | "checking" | "done" | "cancelled" | "failed";

export interface RunState {
  status: RunStatus;
  progress: Progress | null;
  result: ComplianceResult | null;
  /** The data and policy the result was computed on (report and highlight use them). */
  data: DataSet | null;
  policy: MarginPolicy | null;
}

export type ActionName = "report" | "highlight" | "clear" | "roles" | "policy";

/** The outcome of the last workbook action, shown next to the button that started it. */
export interface ActionResult {
  id: number;
  name: ActionName;
  intent: "success" | "error" | "info";
  text: PaneText;
  /** What the workbook side added about the write (sheet renamed, rules the highlight leaves out...). */
  details: OpsMessage[];
}

export interface PolicyState {
  status: LoadStatus;
  policy: MarginPolicy;
  fromSheet: boolean;
  messages: OpsMessage[];
}

export interface PaneController {
  sources: SourceInfo[];
  sourcesStatus: LoadStatus;
  sourceId: string | null;
  data: DataSet | null;
  dataStatus: LoadStatus;
  dataProgress: Progress | null;
  policy: PolicyState;
  draft: PolicyDraft;
  draftDirty: boolean;
  run: RunState;
  busy: ActionName | null;
  actionProgress: Progress | null;
  actionResult: ActionResult | null;
  notices: Notice[];
  announcement: { id: number; text: PaneText } | null;
  refresh(): Promise<void>;
  selectSource(id: string): Promise<void>;
  saveRoles(overrides: RoleOverrides): Promise<boolean>;
  setDraft(draft: PolicyDraft): void;
  resetDraft(): void;
  savePolicy(policy: MarginPolicy): Promise<boolean>;
  runCheck(): Promise<void>;
  cancelRun(): void;
  writeReport(): Promise<void>;
  applyHighlight(): Promise<void>;
  clearHighlights(): Promise<void>;
  selectFinding(f: Finding): Promise<void>;
  dismissNotice(id: number): void;
}

/** The source OPS reads first: the largest Excel table, else the largest range; never a pivot/summary. */
export function pickDefaultSource(sources: SourceInfo[], current: string | null): string | null {
  if (current && sources.some((s) => s.id === current)) return current;
  const rank = (s: SourceInfo) => (s.kind === "table" ? 2 : s.kind === "range" ? 1 : 0);
  let best: SourceInfo | null = null;
  for (const s of sources) {
    if (s.kind === "pivot") continue;
    if (!best || rank(s) > rank(best) || (rank(s) === rank(best) && s.rowCount > best.rowCount)) best = s;
  }
  return best ? best.id : null;
}

const MAX_NOTICES = 4;

/**
 * Progress reports can come per block or per chunk; the pane re-renders only when the whole percent changes (or the
 * total does), at most about a hundred times a phase.
 */
export function progressGate(): (done: number, total: number) => boolean {
  let lastTotal = NaN;
  let lastStep = NaN;
  return (done, total) => {
    const step = total > 0 ? Math.floor((done / total) * 100) : -1;
    if (total === lastTotal && step === lastStep) return false;
    lastTotal = total;
    lastStep = step;
    return true;
  };
}

export function usePane(port: WorkbookPort, engine: ComplianceEngine, lang: Lang): PaneController {
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [sourcesStatus, setSourcesStatus] = useState<LoadStatus>("idle");
  const [sourceId, setSourceId] = useState<string | null>(null);
  const [data, setData] = useState<DataSet | null>(null);
  const [dataStatus, setDataStatus] = useState<LoadStatus>("idle");
  const [dataProgress, setDataProgress] = useState<Progress | null>(null);
  const initialPolicy = useMemo(() => engine.defaultPolicy(), [engine]);
  const [policy, setPolicy] = useState<PolicyState>({
    status: "idle",
    policy: initialPolicy,
    fromSheet: false,
    messages: [],
  });
  const [draft, setDraftState] = useState<PolicyDraft>(() => draftFromPolicy(initialPolicy, lang));
  const [run, setRun] = useState<RunState>({ status: "idle", progress: null, result: null, data: null, policy: null });
  const [busy, setBusy] = useState<ActionName | null>(null);
  const [actionProgress, setActionProgress] = useState<Progress | null>(null);
  const [actionResult, setActionResult] = useState<ActionResult | null>(null);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [announcement, setAnnouncement] = useState<{ id: number; text: PaneText } | null>(null);

  const alive = useRef(true);
  const noticeId = useRef(0);
  const listToken = useRef(0);
  const readCtrl = useRef<AbortController | null>(null);
  const runCtrl = useRef<AbortController | null>(null);
  const sourceIdRef = useRef<string | null>(null);
  const policyRef = useRef(policy);
  policyRef.current = policy;
  const langRef = useRef(lang);
  langRef.current = lang;
  const runRef = useRef(run);
  runRef.current = run;
  const busyRef = useRef<ActionName | null>(null);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      readCtrl.current?.abort();
      runCtrl.current?.abort();
    };
  }, []);

  const announce = useCallback((text: PaneText) => {
    if (!alive.current) return;
    setAnnouncement({ id: ++noticeId.current, text });
  }, []);

  const notify = useCallback((intent: Notice["intent"], text: PaneText) => {
    if (!alive.current) return;
    const id = ++noticeId.current;
    setNotices((prev) => [...prev.slice(-(MAX_NOTICES - 1)), { id, intent, text }]);
  }, []);

  const notifyError = useCallback(
    (err: unknown) => {
      notify("error", { msg: toOpsMessage(err) });
    },
    [notify],
  );

  const dismissNotice = useCallback((id: number) => setNotices((prev) => prev.filter((n) => n.id !== id)), []);

  /** Reads a source for the Data and Home views (not a check run). A newer read cancels an older one. */
  const readData = useCallback(
    async (id: string) => {
      readCtrl.current?.abort();
      const ctrl = new AbortController();
      readCtrl.current = ctrl;
      setDataStatus("loading");
      setDataProgress({ done: 0, total: 0 });
      const gate = progressGate();
      try {
        const ds = await port.readSource(id, {
          signal: ctrl.signal,
          onProgress: (done, total) => {
            if (alive.current && readCtrl.current === ctrl && gate(done, total)) setDataProgress({ done, total });
          },
        });
        if (!alive.current || readCtrl.current !== ctrl || ctrl.signal.aborted) return;
        setData(ds);
        setDataStatus("ready");
        setDataProgress(null);
        announce({
          key: "pane.announce.dataRead",
          params: { rows: ds.rowNumbers.length, name: ds.tableName ?? ds.sheet },
        });
      } catch (err) {
        if (!alive.current || readCtrl.current !== ctrl) return;
        setDataProgress(null);
        if (isAbortError(err, ctrl.signal)) return;
        setData(null);
        setDataStatus("error");
        notifyError(err);
      } finally {
        if (readCtrl.current === ctrl) readCtrl.current = null;
      }
    },
    [port, announce, notifyError],
  );

  const refresh = useCallback(async () => {
    const token = ++listToken.current;
    setSourcesStatus("loading");
    try {
      const list = await port.listSources();
      if (!alive.current || token !== listToken.current) return;
      setSources(list);
      setSourcesStatus("ready");
      const id = pickDefaultSource(list, sourceIdRef.current);
      sourceIdRef.current = id;
      setSourceId(id);
      if (id) await readData(id);
      else {
        readCtrl.current?.abort();
        setData(null);
        setDataStatus("idle");
        announce({ key: list.length === 0 ? "pane.announce.noSources" : "pane.announce.onlySummaries" });
      }
    } catch (err) {
      if (!alive.current || token !== listToken.current) return;
      setSourcesStatus("error");
      notifyError(err);
    }
  }, [port, readData, announce, notifyError]);

  const loadPolicy = useCallback(async () => {
    setPolicy((p) => ({ ...p, status: "loading" }));
    try {
      const r = await port.readPolicy();
      if (!alive.current) return;
      setPolicy({ status: "ready", policy: r.policy, fromSheet: r.fromSheet, messages: r.messages });
      setDraftState(draftFromPolicy(r.policy, langRef.current));
    } catch (err) {
      if (!alive.current) return;
      setPolicy((p) => ({ ...p, status: "error" }));
      notifyError(err);
    }
  }, [port, notifyError]);

  useEffect(() => {
    void refresh();
    void loadPolicy();
  }, [refresh, loadPolicy]);

  const selectSource = useCallback(
    async (id: string) => {
      sourceIdRef.current = id;
      setSourceId(id);
      await readData(id);
    },
    [readData],
  );

  /** Runs one workbook action with the busy flag; its outcome (or error, in the user's language) is shown by its button. */
  const act = useCallback(
    async <T>(name: ActionName, work: () => Promise<T>, done: (value: T) => PaneText): Promise<boolean> => {
      if (busyRef.current) return false;
      busyRef.current = name;
      setBusy(name);
      setActionProgress(null);
      setActionResult(null);
      const before = port.lastMessages;
      try {
        const value = await work();
        if (!alive.current) return true;
        const text = done(value);
        const after = port.lastMessages;
        const details = after && after !== before ? [...after] : [];
        setActionResult({ id: ++noticeId.current, name, intent: "success", text, details });
        announce(text);
        return true;
      } catch (err) {
        if (alive.current) {
          const text: PaneText = { msg: toOpsMessage(err) };
          setActionResult({ id: ++noticeId.current, name, intent: "error", text, details: [] });
          announce(text);
        }
        return false;
      } finally {
        busyRef.current = null;
        if (alive.current) {
          setBusy(null);
          setActionProgress(null);
        }
      }
    },
    [port, announce],
  );

  /** One line in the "OPS Log" sheet; a failure is reported as a warning and stops nothing. */
  const log = useCallback(
    (entry: Parameters<WorkbookPort["appendLog"]>[0]) => {
      port.appendLog(entry).catch((err: unknown) => notify("warning", { msg: toOpsMessage(err) }));
    },
    [port, notify],
  );

  const saveRoles = useCallback(
    async (overrides: RoleOverrides) => {
      const id = sourceIdRef.current;
      if (!id) return false;
      const ok = await act(
        "roles",
        () => port.saveRoleOverrides(id, overrides),
        () => ({ key: "pane.roles.saved", params: { count: Object.keys(overrides).length } }),
      );
      if (ok && alive.current) await readData(id);
      return ok;
    },
    [act, port, readData],
  );

  const setDraft = useCallback((d: PolicyDraft) => setDraftState(d), []);
  const resetDraft = useCallback(() => setDraftState(draftFromPolicy(policyRef.current.policy, langRef.current)), []);

  const savePolicy = useCallback(
    async (p: MarginPolicy) => {
      let saved = false;
      const ok = await act(
        "policy",
        () => port.writePolicy(p),
        (outcome) => {
          saved = true;
          return { key: "pane.policy.saved", params: { sheet: outcome.sheet } };
        },
      );
      if (ok && saved) log({ action: "policy", policyFingerprint: policyFingerprint(p) });
      if (ok && saved && alive.current) {
        // Read back what the sheet now says: that is the policy the checks and the highlight use.
        try {
          const r = await port.readPolicy();
          if (alive.current) {
            setPolicy({ status: "ready", policy: r.policy, fromSheet: r.fromSheet, messages: r.messages });
            setDraftState(draftFromPolicy(r.policy, langRef.current));
          }
        } catch (err) {
          if (alive.current) {
            setPolicy({ status: "ready", policy: p, fromSheet: true, messages: [] });
            notifyError(err);
          }
        }
      }
      return ok;
    },
    [act, port, notifyError, log],
  );

  const runCheck = useCallback(async () => {
    const id = sourceIdRef.current;
    if (!id || runCtrl.current) return;
    readCtrl.current?.abort(); // the run reads the source itself
    const ctrl = new AbortController();
    runCtrl.current = ctrl;
    const usedPolicy = policyRef.current.policy;
    const current = () => alive.current && runCtrl.current === ctrl && !ctrl.signal.aborted;
    let lastQuarter = -1;
    const progress = (phase: "reading" | "checking") => {
      const gate = progressGate();
      return (done: number, total: number) => {
        if (!current() || !gate(done, total)) return;
        setRun((r) => ({ ...r, status: phase, progress: { done, total } }));
        const q = total > 0 ? Math.floor((done / total) * 4) : 0;
        if (q > lastQuarter && q > 0 && q < 4) {
          lastQuarter = q;
          announce({ key: `pane.announce.progress.${phase}`, params: { percent: q * 25 } });
        }
      };
    };
    setRun({ status: "reading", progress: { done: 0, total: 0 }, result: null, data: null, policy: null });
    announce({ key: "pane.announce.runStarted" });
    try {
      const ds = await port.readSource(id, { signal: ctrl.signal, onProgress: progress("reading") });
      if (!current()) return;
      setData(ds);
      setDataStatus("ready");
      setDataProgress(null);
      lastQuarter = -1;
      setRun((r) => ({ ...r, status: "checking", progress: { done: 0, total: ds.rowNumbers.length } }));
      const result = await engine.checkCompliance(ds, usedPolicy, {
        signal: ctrl.signal,
        onProgress: progress("checking"),
      });
      if (!current()) return;
      setRun({ status: "done", progress: null, result, data: ds, policy: usedPolicy });
      const s = result.summary;
      announce({
        key: "pane.announce.runDone",
        params: { rows: s.rowsChecked, breaches: s.breaches, warnings: s.warnings },
      });
      log({
        action: "check",
        source: ds.tableName ?? ds.sheet,
        rows: s.rowsChecked,
        breaches: s.breaches,
        policyFingerprint: result.policyFingerprint,
      });
    } catch (err) {
      if (!alive.current || runCtrl.current !== ctrl) return;
      if (isAbortError(err, ctrl.signal)) return; // cancelRun has already said so
      setRun({ status: "failed", progress: null, result: null, data: null, policy: null });
      notifyError(err);
      announce({ msg: toOpsMessage(err) });
    } finally {
      if (runCtrl.current === ctrl) runCtrl.current = null;
    }
  }, [port, engine, announce, notifyError, log]);

  const cancelRun = useCallback(() => {
    const ctrl = runCtrl.current;
    if (!ctrl) return;
    ctrl.abort();
    runCtrl.current = null;
    setRun({ status: "cancelled", progress: null, result: null, data: null, policy: null });
    notify("info", { key: "pane.run.cancelled" });
    announce({ key: "pane.run.cancelled" });
  }, [notify, announce]);

  const writeReport = useCallback(async () => {
    const r = runRef.current;
    if (!r.result || !r.data) return;
    const { data: ds, result } = r;
    const gate = progressGate();
    await act(
      "report",
      () =>
        port.writeReport(ds, result, {
          onProgress: (done, total) => {
            if (alive.current && gate(done, total)) setActionProgress({ done, total });
          },
        }),
      (outcome) => ({ key: "pane.report.done", params: { sheet: outcome.sheet, rows: outcome.rowsWritten } }),
    );
  }, [act, port]);

  const applyHighlight = useCallback(async () => {
    const r = runRef.current;
    const ds = r.data;
    if (!ds) return;
    const p = r.policy ?? policyRef.current.policy;
    const ok = await act(
      "highlight",
      () => port.applyHighlight(ds, p),
      () => ({ key: "pane.highlight.done", params: { name: ds.tableName ?? ds.sheet } }),
    );
    if (ok)
      log({
        action: "highlight",
        source: ds.tableName ?? ds.sheet,
        rows: ds.rowNumbers.length,
        breaches: r.result?.summary.breaches,
        policyFingerprint: policyFingerprint(p),
      });
  }, [act, port, log]);

  const clearHighlights = useCallback(async () => {
    let removed = 0;
    await act(
      "clear",
      () => port.clearHighlights(),
      (n): PaneText => {
        removed = n;
        return n === 0
          ? { key: "pane.highlight.noneToClear" }
          : { key: "pane.highlight.cleared", params: { count: n } };
      },
    );
    if (removed > 0) log({ action: "clear", rows: removed });
  }, [act, port, log]);

  const selectFinding = useCallback(
    async (f: Finding) => {
      const row = f.location.row;
      if (row === undefined) return;
      try {
        await port.selectRow(f.location.sheet, row);
      } catch (err) {
        notifyError(err);
      }
    },
    [port, notifyError],
  );

  const draftDirty = useMemo(() => draftDiffers(draft, policy.policy), [draft, policy.policy]);

  return {
    sources,
    sourcesStatus,
    sourceId,
    data,
    dataStatus,
    dataProgress,
    policy,
    draft,
    draftDirty,
    run,
    busy,
    actionProgress,
    actionResult,
    notices,
    announcement,
    refresh,
    selectSource,
    saveRoles,
    setDraft,
    resetDraft,
    savePolicy,
    runCheck,
    cancelRun,
    writeReport,
    applyHighlight,
    clearHighlights,
    selectFinding,
    dismissNotice,
  };
}
