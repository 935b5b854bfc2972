/**
 * The add-in's task pane entry: once Office is ready, mounts the pane on #container with the Excel adapter, in
 * Office's display language and theme. Everything else lives in mount.tsx / App.tsx, which the browser preview
 * reuses with its own port.
 */
import { hostInfo, whenHostReady } from "../excel/host";
import { ExcelWorkbook } from "../excel/workbook";
import { mountPane } from "./mount";

function container(): HTMLElement {
  const existing = document.getElementById("container");
  if (existing) return existing;
  const el = document.createElement("div");
  el.id = "container";
  document.body.appendChild(el);
  return el;
}

void whenHostReady().then(() => {
  const info = hostInfo();
  document.documentElement.lang = info.lang;
  mountPane(container(), new ExcelWorkbook(), { lang: info.lang, theme: info.theme });
});
