/**
 * The pane over the real Excel adapter (ExcelWorkbook) on the simulated Excel host, as the browser preview runs it:
 * a small French sales table, a user's own "OPS Compliance" sheet, then find, check, select, report, highlight, clear,
 * and a protected sheet. Counts are computed here from the seeded cells, not by the engine.
 */
import { waitFor } from "@testing-library/react";
import { ExcelWorkbook } from "../../src/excel/workbook";
// The host and the model directly: the sim index also brings the .xlsx loader (ExcelJS), not needed here.
import { createSimHost } from "../../src/sim/host";
import { SimWorkbook } from "../../src/sim/model";
import { renderPane, screen, tab } from "./helpers";

const ROWS = Array.from({ length: 24 }, (_, i) => {
  const revenue = 2000 + 100 * i;
  // Every 5th line sells at 4 % margin (below the 10 % floor), every 7th at 15 % (between floor and 20 % target).
  const rate = i % 5 === 4 ? 0.04 : i % 7 === 6 ? 0.15 : 0.32;
  return {
    product: ["Paseo", "Velo", "Montana"][i % 3],
    segment: ["PME", "Grands comptes"][i % 2],
    revenue,
    cost: Math.round(revenue * (1 - rate) * 100) / 100,
  };
});

function workbook(): SimWorkbook {
  const wb = new SimWorkbook();
  wb.addSheet("Ventes");
  wb.setValues("Ventes", "A1", [
    ["Produit", "Segment", "CA HT", "Coût"],
    ...ROWS.map((r) => [r.product, r.segment, r.revenue, r.cost]),
  ]);
  wb.addTable("Ventes", `A1:D${ROWS.length + 1}`, "TVentes");
  wb.addSheet("OPS Compliance");
  wb.setValues("OPS Compliance", "A1", [["Mes notes (feuille de l'utilisateur)"]]);
  return wb;
}

function setup() {
  const wb = workbook();
  const host = createSimHost(wb);
  const port = new ExcelWorkbook(host.run, { lang: "en", now: () => new Date(2025, 0, 15, 9, 0, 0) });
  return { wb, host, port };
}

describe("the pane on the Excel adapter and the simulated host", () => {
  it("finds the table, checks it, selects a row, writes the report beside the user's sheet, highlights and clears", async () => {
    const { wb, port } = setup();
    const { user } = renderPane({ port });
    expect(await screen.findByText("TVentes: 24 rows")).toBeInTheDocument();
    expect(screen.getByText("Revenue: CA HT")).toBeInTheDocument();
    expect(screen.getByText("Cost: Coût")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Run the check" }));
    await screen.findByTestId("ops-summary");
    const breaches = ROWS.filter((r) => (r.revenue - r.cost) / r.revenue < 0.1).length;
    const warnings = ROWS.filter((r) => {
      const m = (r.revenue - r.cost) / r.revenue;
      return m >= 0.1 && m < 0.2;
    }).length;
    expect(screen.getByTestId("ops-stat-breaches")).toHaveTextContent(new RegExp(`^Breaches${breaches}$`));
    expect(screen.getByTestId("ops-stat-warnings")).toHaveTextContent(new RegExp(`^Warnings${warnings}$`));

    const firstBreach = screen.getAllByTestId("ops-finding").find((o) => o.textContent?.startsWith("BreachLine"))!;
    await user.click(firstBreach);
    const firstRow = 2 + ROWS.findIndex((r) => (r.revenue - r.cost) / r.revenue < 0.1);
    await waitFor(() => expect(wb.selection?.sheet.name).toBe("Ventes"));
    expect(wb.selection?.bounds.r0).toBe(firstRow - 1); // the model counts rows from 0
    expect(wb.selection?.bounds.r1).toBe(firstRow - 1);

    const userSheet = JSON.stringify(wb.getValues("OPS Compliance", "A1:C3"));
    await user.click(screen.getByRole("button", { name: "Write the report" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent(/Report written to the “.+” sheet/),
    );
    const reportSheet = /“(.+)”/.exec(screen.getByTestId("ops-action-result").textContent ?? "")![1];
    expect(reportSheet).not.toBe("OPS Compliance");
    expect(wb.sheets.map((s) => s.name)).toContain(reportSheet);
    expect(JSON.stringify(wb.getValues("OPS Compliance", "A1:C3"))).toBe(userSheet);
    expect(screen.getByTestId("ops-action-details")).toHaveTextContent(
      `OPS writes to "${reportSheet}" and leaves yours alone.`,
    );

    await user.click(screen.getByRole("button", { name: "Highlight breach rows" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent("Breach rows of TVentes are highlighted"),
    );
    expect(wb.sheetOrThrow("Ventes").conditionalFormats).toHaveLength(1);
    await user.click(screen.getByRole("button", { name: "Clear highlights" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent("OPS highlights cleared: 1."),
    );
    expect(wb.sheetOrThrow("Ventes").conditionalFormats).toHaveLength(0);
    await waitFor(() => expect(wb.sheets.map((s) => s.name)).toContain("OPS Log"));
  });

  it("says the source sheet is protected, in the user's language, and the workbook keeps its formats", async () => {
    const { wb, port } = setup();
    wb.sheetOrThrow("Ventes").protected = true;
    const { user } = renderPane({ port, lang: "fr", languageSwitch: true });
    expect(await screen.findByText("TVentes : 24 lignes")).toBeInTheDocument();
    await user.click(tab("Contrôle"));
    await user.click(screen.getByRole("button", { name: "Lancer le contrôle" }));
    await screen.findByTestId("ops-summary");
    await user.click(screen.getByRole("button", { name: "Surligner les lignes en infraction" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent(
        "La feuille « Ventes » est protégée : OPS n'a rien modifié.",
      ),
    );
    expect(wb.sheetOrThrow("Ventes").conditionalFormats).toHaveLength(0);
    await user.selectOptions(screen.getByRole("combobox", { name: "Langue du volet" }), "en");
    expect(screen.getByTestId("ops-action-result")).toHaveTextContent(
      'The sheet "Ventes" is protected: OPS changed nothing.',
    );
  });
});
