/** Rendering the pane in tests. */
import { configure, render, screen, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { createDOMRenderer, RendererProvider } from "@fluentui/react-components";
import type { ReactElement } from "react";
import { App, type AppProps } from "../../src/taskpane/App";

// Fluent's DOM is large: skipping the per-element visibility computation of *ByRole keeps queries fast. The pane
// never hides content with CSS (views are unmounted, not hidden), so this does not change what the tests see.
configure({ defaultHidden: true, asyncUtilTimeout: 4000 });
jest.setTimeout(30_000);

/**
 * Fluent's CSS-in-JS inserts hundreds of rules; jsdom's getComputedStyle matches every element against all of them,
 * which makes focus moves (user.tab) take seconds. The pane hides nothing with CSS (views are unmounted, not
 * hidden), so tests render without the generated CSS.
 */
const noCss = createDOMRenderer(document, { unstable_filterCSSRule: () => false });

export function withoutCss(ui: ReactElement): ReactElement {
  return <RendererProvider renderer={noCss}>{ui}</RendererProvider>;
}

export function renderPane(props: Partial<AppProps> & Pick<AppProps, "port">) {
  // No CSS is rendered (see above), so the pointer-events check user-event makes on every ancestor finds nothing.
  const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never, delay: null });
  const utils = render(withoutCss(<App lang="en" theme="light" {...props} />));
  const rerender = (ui: ReactElement) => utils.rerender(withoutCss(ui));
  return { user, ...utils, rerender };
}

/**
 * The tab of a view, by its visible label. (Fluent repeats the label in a span it hides with CSS to reserve the bold
 * width; without CSS that copy would join the accessible name, so the label is read from the first span.)
 */
export function tab(name: string): HTMLElement {
  const found = screen.getAllByRole("tab").find((t) => t.querySelector(".fui-Tab__content")?.textContent === name);
  if (!found) throw new Error(`no tab "${name}"`);
  return found;
}

/** The text of the notices at the top of the pane (without their dismiss button). */
export function notices(): string[] {
  return screen.queryAllByTestId("ops-notice").map((n) => n.querySelector(".fui-MessageBarBody")?.textContent ?? "");
}

export function liveText(): string {
  return screen.getByTestId("ops-live").textContent ?? "";
}

export { screen, within };
