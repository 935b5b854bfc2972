/**
 * Mounting the pane on a page: used by the add-in's entry (index.tsx, with the Excel adapter) and by the browser
 * preview (with the adapter over the simulated host). Everything the pane needs comes in through the port and options.
 */
import { createRoot } from "react-dom/client";
import type { Lang } from "../core/types";
import type { WorkbookPort } from "../core/workbook-port";
import { App, type ThemeName, type ViewName } from "./App";
import type { ComplianceEngine } from "./engine";

export interface MountOptions {
  /** Office display language: "fr" or "en" (anything else should be mapped to "en" by the caller). */
  lang: Lang;
  theme: ThemeName;
  /** Show the in-pane language switch (the preview does). */
  languageSwitch?: boolean;
  /** Told when the user switches language in the pane. */
  onLanguageChange?: (lang: Lang) => void;
  /** View shown first; Home by default. */
  initialView?: ViewName;
  /** Compliance engine; the real one by default. */
  engine?: ComplianceEngine;
}

export interface PaneHandle {
  /** Re-renders with new options (Office theme or language changed) or a new port (another workbook opened). */
  update(options: Partial<MountOptions> & { port?: WorkbookPort }): void;
  unmount(): void;
}

export function mountPane(element: HTMLElement, port: WorkbookPort, options: MountOptions): PaneHandle {
  const root = createRoot(element);
  let current = { ...options, port };
  const render = () => root.render(<App {...current} />);
  render();
  return {
    update(next) {
      current = { ...current, ...next };
      render();
    },
    unmount() {
      root.unmount();
    },
  };
}
