/**
 * The add-in's task pane entry: once Office is ready, mounts the pane on #container with the Excel adapter, in
 * Office's display language and theme. Everything else lives in mount.tsx / App.tsx, which the browser preview
 * reuses with its own port.
 */
import { hostInfo } from "../excel/host";
import { ExcelWorkbook } from "../excel/workbook";
import { mountPane } from "./mount";

/**
 * Resolves when office.js has initialised (at once when it is absent, e.g. the page opened outside Office).
 * The only Office reference under src/taskpane; it belongs in src/excel/host.ts (as onHostReady) once that exists.
 */
function hostReady(): Promise<void> {
  const office = (globalThis as { Office?: { onReady?: () => Promise<unknown> } }).Office;
  if (!office || typeof office.onReady !== "function") return Promise.resolve();
  return office.onReady().then(
    () => undefined,
    () => undefined,
  );
}

function container(): HTMLElement {
  const existing = document.getElementById("container");
  if (existing) return existing;
  const el = document.createElement("div");
  el.id = "container";
  document.body.appendChild(el);
  return el;
}

void hostReady().then(() => {
  const info = hostInfo();
  document.documentElement.lang = info.lang;
  mountPane(container(), new ExcelWorkbook(), { lang: info.lang, theme: info.theme });
});
