/**
 * The Data view (sources, column roles changed and confirmed, remembered through the port) and the Policy view
 * (editing, inline validation, saving to the policy sheet), plus mountPane as the preview will use it.
 */
import { act, waitFor } from "@testing-library/react";
import { t } from "../../src/core/i18n";
import type { MarginPolicy } from "../../src/core/policy-types";
import type { RoleOverrides } from "../../src/core/types";
import { mountPane } from "../../src/taskpane/mount";
import { basicPolicy, FakePort, salesDataSet, salesPort, sourceOf } from "../support/fake-port";
import { renderPane, screen, tab, within } from "./helpers";

describe("Data view", () => {
  it("lists the sources and the columns with their role and confidence", async () => {
    const { port } = salesPort(5);
    const { user } = renderPane({ port, initialView: "data" });
    const source = await screen.findByRole("combobox", { name: "Source to analyse" });
    expect(source).toHaveDisplayValue("Ventes (Excel table) — Ventes!A1:D6 — 5 rows");
    const columns = await screen.findAllByTestId("ops-column");
    expect(columns.map((c) => c.querySelector("span")?.textContent)).toEqual(["Produit", "Segment", "CA HT", "Coût"]);
    expect(columns[2]).toHaveTextContent("high confidence (95.0%)");
    expect(columns[3]).toHaveTextContent("medium confidence (60.0%)");
    expect(within(columns[3]).getByRole("combobox", { name: "Role of column Coût" })).toHaveTextContent("Cost");
    void user;
  });

  it("changes a role, saves the overrides through the port and reads the source again", async () => {
    const { port, data } = salesPort(5);
    const { user } = renderPane({ port, initialView: "data" });
    const role = await screen.findByRole("combobox", { name: "Role of column Coût" });
    await user.click(role);
    await user.click(screen.getByRole("option", { name: "Margin (amount)" }));
    expect(role).toHaveTextContent("Margin (amount)");
    expect(screen.getAllByTestId("ops-column")[3]).toHaveTextContent("changed");

    await user.click(screen.getByRole("button", { name: "Save the roles" }));
    await waitFor(() => expect(port.callsOf("saveRoleOverrides")).toHaveLength(1));
    const [id, overrides] = port.callsOf("saveRoleOverrides")[0] as [string, RoleOverrides];
    expect(id).toBe(data.id);
    expect(overrides).toEqual({ Produit: "product", Segment: "segment", "CA HT": "revenue", Coût: "margin" });
    await waitFor(() => expect(port.callsOf("readSource").length).toBe(2));
    await waitFor(() => expect(screen.getAllByTestId("ops-column")[3]).toHaveTextContent("confirmed"));
    expect(screen.getByTestId("ops-action-result")).toHaveTextContent(
      "Roles saved in the workbook (4 columns); the source was read again.",
    );
  });

  it("warns when two columns take the same role, and can discard the change", async () => {
    const { port } = salesPort(5);
    const { user } = renderPane({ port, initialView: "data" });
    await user.click(await screen.findByRole("combobox", { name: "Role of column Coût" }));
    await user.click(screen.getByRole("option", { name: "Revenue" }));
    expect(screen.getByRole("note")).toHaveTextContent("Several columns have the role Revenue: CA HT, Coût.");
    await user.click(screen.getByRole("button", { name: "Discard changes" }));
    expect(screen.queryByRole("note")).toBeNull();
    expect(screen.getByRole("button", { name: "Confirm the roles" })).toBeEnabled();
    expect(port.callsOf("saveRoleOverrides")).toHaveLength(0);
  });

  it("reads first the largest table, and another source when the user picks it", async () => {
    const big = salesDataSet(9, { tableName: "Ventes" });
    const small = salesDataSet(5, { tableName: "Export", sheet: "ERP" });
    const port = new FakePort({
      sources: [sourceOf(small), sourceOf(big)],
      dataSets: { [big.id]: big, [small.id]: small },
    });
    const { user } = renderPane({ port, initialView: "data" });
    const source = await screen.findByRole("combobox", { name: "Source to analyse" });
    expect(await screen.findByText("9 data rows, Ventes!A1:D10")).toBeInTheDocument();
    await user.selectOptions(source, small.id);
    expect(await screen.findByText("5 data rows, ERP!A1:D6")).toBeInTheDocument();
    expect(port.callsOf("readSource").map((c) => c[0])).toEqual([big.id, small.id]);
  });
});

describe("Policy view", () => {
  const general = () => screen.getByRole("region", { name: "General rule" });

  it("shows the basis with its convention named, in French", async () => {
    const { port } = salesPort(4);
    renderPane({ port, lang: "fr", initialView: "policy" });
    expect(await screen.findByRole("radio", { name: "taux de marque (sur prix de vente)" })).toBeChecked();
    expect(screen.getByRole("radio", { name: "taux de marge (sur coût)" })).not.toBeChecked();
    expect(screen.getByLabelText("Plancher (%)", { selector: "input" })).toHaveValue("10");
    expect(screen.getByLabelText("Objectif (%)", { selector: "input" })).toHaveValue("20");
  });

  it("validates as the user types and saves a valid policy to the sheet", async () => {
    const { port } = salesPort(4);
    const { user } = renderPane({ port, initialView: "policy" });
    await screen.findByText("Default policy: it is not saved in the workbook yet.");
    const floor = within(general()).getByLabelText("Floor (%)", { selector: "input" });
    const save = screen.getByRole("button", { name: "Save the policy" });

    await user.clear(floor);
    await user.type(floor, "abc");
    expect(within(general()).getByText("Type a percentage, for example 12.5.")).toBeInTheDocument();
    expect(save).toBeDisabled();
    expect(screen.getByText("To fix before saving: 1.")).toBeInTheDocument();

    await user.clear(floor);
    await user.type(floor, "25");
    const above = t("compliance.policy.floorAboveTarget", "en", { rule: "default", floor: 25, target: 20 });
    expect(above).not.toBe("compliance.policy.floorAboveTarget");
    expect(within(general()).getByText(above)).toBeInTheDocument();
    expect(save).toBeDisabled();

    await user.clear(floor);
    await user.type(floor, "12,5");
    expect(save).toBeEnabled();

    await user.click(screen.getByRole("button", { name: "Add a rule" }));
    const rule = screen.getByRole("group", { name: "Rule R1" });
    expect(within(rule).getByRole("combobox", { name: "Dimension" })).toHaveValue("segment");
    await user.type(within(rule).getByLabelText("Value", { selector: "input" }), "Enterprise");
    await user.type(within(rule).getByLabelText("Floor (%)", { selector: "input" }), "-5");
    await user.type(within(rule).getByLabelText("From", { selector: "input" }), "2024-01-01");
    await user.click(screen.getByRole("radio", { name: "markup (on cost)" }));
    await user.click(save);

    await waitFor(() => expect(port.callsOf("writePolicy")).toHaveLength(1));
    const [written] = port.callsOf("writePolicy")[0] as [MarginPolicy];
    expect(written).toMatchObject({ basis: "cost", floor: 0.125, target: 0.2, erosionPoints: 0.02, period: "month" });
    expect(written.rules).toHaveLength(1);
    expect(written.rules[0]).toMatchObject({
      id: "R1",
      dimension: "segment",
      value: "Enterprise",
      floor: -0.05,
      from: 45292,
    });
    expect(written.rules[0].target).toBeNaN(); // blank: inherits the general target
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent("Policy saved to the “OPS Policy” sheet."),
    );
    expect(port.callsOf("readPolicy")).toHaveLength(2); // read back after writing
    expect(screen.getByText("Policy read from the “OPS Policy” sheet.")).toBeInTheDocument();
  });

  it("lists the problems found on the policy sheet with their cells", async () => {
    const msg = {
      code: "compliance.policy.dateOrder",
      severity: "error" as const,
      params: { rule: "R4" },
      location: { sheet: "OPS Policy", address: "G12" },
    };
    const { port } = salesPort(4, { policy: { policy: basicPolicy(), fromSheet: true, messages: [msg] } });
    renderPane({ port, initialView: "policy" });
    const region = await screen.findByRole("region", { name: "Problems on the policy sheet" });
    expect(region).toHaveTextContent(`'OPS Policy'!G12 — ${t("compliance.policy.dateOrder", "en", { rule: "R4" })}`);
  });

  it("warns on the Check view that unsaved edits are not used", async () => {
    const { port } = salesPort(4);
    const { user } = renderPane({ port, initialView: "policy" });
    await screen.findByText("Default policy: it is not saved in the workbook yet.");
    const floor = within(general()).getByLabelText("Floor (%)", { selector: "input" });
    await user.clear(floor);
    await user.type(floor, "15");
    await user.click(tab("Check"));
    expect(screen.getByText("The policy has unsaved changes: the check uses the saved policy.")).toBeInTheDocument();
    await user.click(tab("Policy"));
    await user.click(screen.getByRole("button", { name: "Back to the saved version" }));
    expect(within(general()).getByLabelText("Floor (%)", { selector: "input" })).toHaveValue("10");
  });
});

describe("mountPane", () => {
  it("mounts the pane on an element, follows language and theme updates, and unmounts", async () => {
    const el = document.createElement("div");
    document.body.appendChild(el);
    const { port } = salesPort(3);
    let handle!: ReturnType<typeof mountPane>;
    act(() => {
      handle = mountPane(el, port, { lang: "en", theme: "light" });
    });
    expect(await within(el).findByText("Ventes: 3 rows")).toBeInTheDocument();
    act(() => handle.update({ lang: "fr", theme: "dark" }));
    expect(await within(el).findByText("Ventes : 3 lignes")).toBeInTheDocument();
    expect(el.querySelector(".fui-FluentProvider")).toHaveAttribute("data-theme", "dark");

    // Another workbook: a new port starts afresh.
    const other = salesPort(7).port;
    act(() => handle.update({ port: other }));
    expect(await within(el).findByText("Ventes : 7 lignes")).toBeInTheDocument();
    expect(other.callsOf("listSources")).toHaveLength(1);

    act(() => handle.unmount());
    expect(el.childElementCount).toBe(0);
    el.remove();
  });
});
