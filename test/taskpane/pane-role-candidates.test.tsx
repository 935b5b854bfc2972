/**
 * The Data view's role pickers offer every column that fits a role (DataSet.candidates from the reader) with its
 * confidence, then the other roles as manual choices.
 */
import { buildDataSet, detectLayouts } from "../../src/core/read";
import type { CellValue, DataSet } from "../../src/core/types";
import { FakePort, sourceOf } from "../support/fake-port";
import { renderPane, screen, within } from "./helpers";

function readGrid(values: CellValue[][]): DataSet {
  const g = { sheet: "Ventes", top: 1, left: 1, values };
  return buildDataSet(g, detectLayouts(g)[0]);
}

const ds = readGrid([
  ["Produit", "CA HT", "Ventes", "Coût"],
  ["Vis", 100, 98, 60],
  ["Écrou", 200, 199, 150],
  ["Clou", 50, 52, 20],
]);

describe("role candidates in the Data view", () => {
  it("offers revenue first to both revenue-like columns with their confidence, and the other roles after", async () => {
    const port = new FakePort({ sources: [sourceOf(ds)], dataSets: { [ds.id]: ds } });
    const { user } = renderPane({ port, initialView: "data" });
    const columns = await screen.findAllByTestId("ops-column");
    expect(columns.map((c) => c.querySelector("span")?.textContent)).toEqual(["Produit", "CA HT", "Ventes", "Coût", "CA HT − Coût"]);
    // "Ventes" lost revenue to "CA HT" but is still offered it, with its confidence (the reader's, independently read here)
    const ventes = ds.candidates!.revenue!.find((c) => ds.columns[c.column].header === "Ventes")!;
    const percent = `${(ventes.confidence * 100).toFixed(1)}%`;
    expect(columns[2]).toHaveTextContent(`Also fits: Revenue (${percent} confidence)`);

    await user.click(within(columns[2]).getByRole("combobox", { name: "Role of column Ventes" }));
    const suggested = screen.getByRole("group", { name: "Roles this column fits" });
    expect(within(suggested).getAllByRole("option").map((o) => o.textContent)).toEqual([`Revenue (${percent} confidence)`]);
    const others = screen.getByRole("group", { name: "Other roles" });
    const otherNames = within(others).getAllByRole("option").map((o) => o.textContent);
    expect(otherNames).toContain("No role");
    expect(otherNames).toContain("Cost");
    expect(otherNames).not.toContain("Revenue");
    await user.click(within(suggested).getByRole("option"));
    expect(within(columns[2]).getByRole("combobox", { name: "Role of column Ventes" })).toHaveTextContent("Revenue");
    expect(screen.getByRole("note")).toHaveTextContent("Several columns have the role Revenue: CA HT, Ventes.");
  });

  it("offers the plain role list when the DataSet has no candidates", async () => {
    const bare: DataSet = { ...ds, candidates: undefined };
    const port = new FakePort({ sources: [sourceOf(bare)], dataSets: { [bare.id]: bare } });
    const { user } = renderPane({ port, initialView: "data" });
    await user.click(await screen.findByRole("combobox", { name: "Role of column Ventes" }));
    expect(screen.queryByRole("group", { name: "Roles this column fits" })).toBeNull();
    expect(screen.getByRole("option", { name: "Revenue" })).toBeInTheDocument();
  });
});
