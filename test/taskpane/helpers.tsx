/** Rendering the pane in tests. */
import { configure, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App, type AppProps } from "../../src/taskpane/App";

// Fluent's DOM is large: skipping the per-element visibility computation of *ByRole keeps queries fast. The pane
// never hides content with CSS (views are unmounted, not hidden), so this does not change what the tests see.
configure({ defaultHidden: true, asyncUtilTimeout: 4000 });
jest.setTimeout(30_000);

export function renderPane(props: Partial<AppProps> & Pick<AppProps, "port">) {
  const user = userEvent.setup();
  const utils = render(<App lang="en" theme="light" {...props} />);
  return { user, ...utils };
}

/** The tab of a view, by its visible name. */
export function tab(name: string | RegExp): HTMLElement {
  return screen.getByRole("tab", { name });
}

/** The text of the notices at the top of the pane (without their dismiss button). */
export function notices(): string[] {
  return screen.queryAllByTestId("ops-notice").map((n) => n.querySelector(".fui-MessageBarBody")?.textContent ?? "");
}

export function liveText(): string {
  return screen.getByTestId("ops-live").textContent ?? "";
}

export { screen, within };
