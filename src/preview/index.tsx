/**
 * The browser preview (development only, never part of the add-in): the real OPS pane (src/taskpane, mountPane) and
 * the real adapter (src/excel, ExcelWorkbook) against the simulated Excel host (src/sim), loaded with the project's
 * sample workbook fetched from this page's own origin. office.js is not loaded: the simulated host installs the
 * Excel and Office globals the adapter reads. See README.md.
 *
 * URL parameters: ?lang=fr|en (default: the browser's language), ?theme=light|dark (default: the system's),
 * ?sample=none (start on an empty workbook).
 */
import { createRoot } from "react-dom/client";
import type { Lang } from "../core/types";
import { mountPane } from "../taskpane/mount";
import { PreviewShell } from "./PreviewShell";
import sampleUrl from "./sample/ops-sample.xlsx";
import { enrichedName, PreviewSession, type Theme } from "./session";

export const SAMPLE_FILE_NAME = "ops-sample.xlsx";

function initialLang(params: URLSearchParams): Lang {
  const p = params.get("lang");
  if (p === "fr" || p === "en") return p;
  return /^fr\b/i.test(navigator.language || "") ? "fr" : "en";
}

function initialTheme(params: URLSearchParams): Theme {
  const p = params.get("theme");
  if (p === "dark" || p === "light") return p;
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function downloadBytes(bytes: Uint8Array, name: string): void {
  const blob = new Blob([new Uint8Array(bytes)], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function fetchSample(): Promise<ArrayBuffer> {
  const res = await fetch(sampleUrl);
  if (!res.ok) throw new Error(`${sampleUrl}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

function start(): void {
  const params = new URLSearchParams(location.search);
  const session = new PreviewSession(initialLang(params), initialTheme(params));
  const shellEl = document.getElementById("preview-shell");
  const paneEl = document.getElementById("ops-pane");
  if (!shellEl || !paneEl) throw new Error("preview.html must have #preview-shell and #ops-pane");

  const open = (load: () => Promise<ArrayBuffer | Uint8Array>, name: string) => {
    load().then(
      (bytes) => session.open(bytes, name),
      (e: unknown) => session.open(new Uint8Array(0), `${name} (${e instanceof Error ? e.message : String(e)})`),
    );
  };

  // The pane first: it is what the first render is measured by, and what a user looks for.
  const first = session.snapshot;
  const pane = mountPane(paneEl, session.port, {
    lang: first.lang,
    theme: first.theme,
    languageSwitch: true,
    onLanguageChange: (l) => session.setLang(l),
  });
  createRoot(shellEl).render(
    <PreviewShell
      session={session}
      onOpenFile={(file) => open(() => file.arrayBuffer(), file.name)}
      onDownload={() => {
        void session.save().then((bytes) => downloadBytes(bytes, enrichedName(session.snapshot.fileName)));
      }}
      onSample={() => open(fetchSample, SAMPLE_FILE_NAME)}
    />,
  );

  let shown = { lang: first.lang, theme: first.theme, port: session.port };
  document.documentElement.lang = first.lang;
  document.documentElement.dataset.theme = first.theme;
  session.subscribe(() => {
    const s = session.snapshot;
    if (s.lang === shown.lang && s.theme === shown.theme && session.port === shown.port) return;
    shown = { lang: s.lang, theme: s.theme, port: session.port };
    document.documentElement.lang = s.lang;
    document.documentElement.dataset.theme = s.theme;
    pane.update(shown);
  });

  // A hook for the browser tests and the bench (the preview is a development tool; the add-in has no such thing).
  (window as unknown as { __opsPreview: unknown }).__opsPreview = {
    session,
    host: session.host,
    workbook: () => session.host.workbook,
    sheetNames: () => session.host.workbook.sheets.map((s) => s.name),
    values: (sheet: string, address?: string) => session.host.workbook.getValues(sheet, address),
    ready: () => session.whenReady(),
    state: () => ({ ...session.snapshot, workbook: undefined }),
  };

  if (params.get("sample") === "none") {
    session.startEmpty();
  } else {
    open(fetchSample, SAMPLE_FILE_NAME);
  }
}

start();
