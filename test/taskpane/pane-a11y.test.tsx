/**
 * Accessibility checks of each view with axe-core in jsdom (structure, names, ARIA; colour contrast needs a real
 * browser and is checked by the browser suite), and a static check that the pane never renders HTML from strings.
 */
import axe from "axe-core";
import { readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import { salesPort } from "../support/fake-port";
import { renderPane, screen, tab } from "./helpers";

async function violations(root: Element): Promise<string[]> {
  const r = await axe.run(root, {
    rules: { "color-contrast": { enabled: false }, region: { enabled: false } },
    resultTypes: ["violations"],
  });
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

it("has no serious or critical axe violations on any view", async () => {
  const { port } = salesPort(12);
  const { user, container } = renderPane({ port });
  await screen.findByText("Ventes: 12 rows");
  expect(await violations(container)).toEqual([]);
  await user.click(tab("Data"));
  await screen.findAllByTestId("ops-column");
  expect(await violations(container)).toEqual([]);
  await user.click(tab("Policy"));
  await user.click(screen.getByRole("button", { name: "Add a rule" }));
  expect(await violations(container)).toEqual([]);
  await user.click(tab("Check"));
  await user.click(screen.getByRole("button", { name: "Run the check" }));
  await screen.findByTestId("ops-summary");
  expect(await violations(container)).toEqual([]);
});

it("never renders HTML from strings anywhere in the pane's source", () => {
  const root = join(__dirname, "../../src/taskpane");
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx)$/.test(f)) files.push(p);
    }
  };
  walk(root);
  expect(files.length).toBeGreaterThan(5);
  for (const f of files) {
    const src = readFileSync(f, "utf8");
    expect([
      f,
      /dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write/.test(src),
    ]).toEqual([f, false]);
  }
});
