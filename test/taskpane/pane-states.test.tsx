/**
 * The pane's states before and around a check: empty workbook, only summaries, no table found, data issues with
 * their cells, errors from Excel in French and English, switching language, workbook text shown as text.
 */
import { act, waitFor } from "@testing-library/react";
import { formatMessage } from "../../src/core/i18n";
import type { OpsMessage } from "../../src/core/types";
import { WorkbookError } from "../../src/core/workbook-port";
import { App } from "../../src/taskpane/App";
import { buildDataSet, FakePort, salesPort, sourceOf } from "../support/fake-port";
import { liveText, notices, renderPane, screen, tab, within } from "./helpers";

describe("empty and unreadable workbooks", () => {
  it("says so when the workbook has no table, offers Refresh, and cannot run a check", async () => {
    const port = new FakePort({ sources: [] });
    const { user } = renderPane({ port });
    expect(await screen.findByTestId("ops-empty")).toHaveTextContent("No table of data in this workbook.");
    expect(liveText()).toBe("No table of data in this workbook.");
    expect(port.callsOf("readSource")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Refresh" }));
    await waitFor(() => expect(port.callsOf("listSources")).toHaveLength(2));

    await user.click(tab("Check"));
    expect(screen.getByRole("button", { name: "Run the check" })).toBeDisabled();
    expect(screen.getByText("No source to check: see Data.")).toBeInTheDocument();
  });

  it("does not take a pivot (summary) for data", async () => {
    const port = new FakePort({
      sources: [{ id: "pivot:TCD", sheet: "TCD", address: "A3:D20", rowCount: 17, columnCount: 4, kind: "pivot" }],
    });
    renderPane({ port });
    expect(await screen.findByTestId("ops-only-summaries")).toHaveTextContent("only holds summaries (pivot tables): 1");
    expect(port.callsOf("readSource")).toHaveLength(0);
  });

  it("shows the reader's messages when a source holds no table", async () => {
    const noTable: OpsMessage = {
      code: "read.noTable",
      severity: "error",
      params: { sheet: "Notes" },
      location: { sheet: "Notes" },
    };
    const empty = buildDataSet({ id: "sheet:Notes!A1:C4", sheet: "Notes", columns: [], messages: [noTable] });
    const port = new FakePort({ sources: [sourceOf(empty, "range")], dataSets: { [empty.id]: empty } });
    renderPane({ port });
    const box = await screen.findByTestId("ops-no-table");
    expect(box).toHaveTextContent("No readable data rows in Notes.");
    const text = formatMessage(noTable, "en");
    expect(text).not.toContain("read.noTable"); // the catalogue knows the code
    expect(within(box).getByText(text)).toBeInTheDocument();
  });

  it("lists data issues with their cells, and the rows left out", async () => {
    const notNumber: OpsMessage = {
      code: "read.notNumber",
      severity: "warning",
      params: { column: "Coût", count: 2, cells: "D7, D9", example: "n.c." },
      location: { sheet: "Ventes", address: "D7" },
    };
    const ds = buildDataSet({
      tableName: "Ventes",
      columns: [
        { header: "Produit", role: "product", values: ["A", "B", "C"] },
        { header: "CA HT", role: "revenue", values: [100, 200, 300] },
        { header: "Coût", role: "cost", values: [50, null, 250] },
      ],
      messages: [notNumber],
      excluded: [
        { row: 14, reason: "total", text: "Total 2024" },
        { row: 15, reason: "blank" },
      ],
    });
    const port = new FakePort({ sources: [sourceOf(ds)], dataSets: { [ds.id]: ds } });
    const { user } = renderPane({ port });
    expect(await screen.findByText("Things to check in the data: 3 (see Data).")).toBeInTheDocument();
    await user.click(tab("Data"));
    const items = within(screen.getByTestId("ops-issues"))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items).toEqual([
      formatMessage(notNumber, "en"),
      "Ventes, row 14 — row left out (total): “Total 2024”",
      "Ventes, row 15 — row left out (blank)",
    ]);
    expect(items[0]).toMatch(/^Ventes!D7 — Column “Coût”: 2 cell\(s\)/);
  });
});

describe("errors from Excel", () => {
  const protectedSheet = new WorkbookError({
    code: "excel.sheetProtected",
    severity: "error",
    params: { sheet: "OPS Compliance" },
  });
  const nameTaken = new WorkbookError({ code: "excel.nameTaken", severity: "error", params: { name: "OPS_Breach" } });

  async function checked(port: FakePort, lang: "fr" | "en") {
    const r = renderPane({ port, lang, initialView: "check" });
    const run = await screen.findByRole("button", { name: lang === "fr" ? "Lancer le contrôle" : "Run the check" });
    await waitFor(() => expect(run).toBeEnabled());
    await r.user.click(run);
    await screen.findByTestId("ops-summary");
    return r;
  }

  it("shows a protected sheet and a name collision as clear English messages, and the pane stays usable", async () => {
    const { port } = salesPort(8, { errors: { writeReport: protectedSheet, applyHighlight: nameTaken } });
    const { user } = await checked(port, "en");
    await user.click(screen.getByRole("button", { name: "Write the report" }));
    const bar = await screen.findByTestId("ops-action-result");
    expect(bar).toHaveTextContent('The sheet "OPS Compliance" is protected: OPS changed nothing.');
    expect(bar).toHaveAttribute("data-intent", "error");
    expect(bar.textContent).not.toContain("excel.sheetProtected");

    await user.click(screen.getByRole("button", { name: "Highlight breach rows" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent(
        'The name "OPS_Breach" is already used in the workbook',
      ),
    );

    // Still usable: another action goes through and says so.
    await user.click(screen.getByRole("button", { name: "Clear highlights" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent("OPS highlights cleared: 1."),
    );
    expect(port.callsOf("clearHighlights")).toHaveLength(1);
  });

  it("shows the same errors in French", async () => {
    const { port } = salesPort(8, { errors: { writeReport: protectedSheet, applyHighlight: nameTaken } });
    const { user } = await checked(port, "fr");
    await user.click(screen.getByRole("button", { name: "Écrire le rapport" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent(
        "La feuille « OPS Compliance » est protégée : OPS n'a rien modifié.",
      ),
    );
    await user.click(screen.getByRole("button", { name: "Surligner les lignes en infraction" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent(
        "Le nom « OPS_Breach » est déjà utilisé dans le classeur",
      ),
    );
  });

  it("never shows the raw text of an unexpected exception", async () => {
    const raw = new TypeError(
      "Cannot read properties of undefined (reading 'values') at ExcelWorkbook.read (workbook.ts:12)",
    );
    const { port } = salesPort(8, { errors: { listSources: raw }, errorTimes: { listSources: 1 } });
    const { user } = renderPane({ port });
    await waitFor(() => expect(notices()).toEqual(["Something unexpected went wrong; you can try again."]));
    expect(document.body.textContent).not.toContain("Cannot read properties");
    expect(document.body.textContent).not.toContain("workbook.ts");
    // The second try succeeds: Refresh is there and works.
    await user.click(screen.getByRole("button", { name: "Refresh" }));
    expect(await screen.findByText("Ventes: 8 rows")).toBeInTheDocument();
  });

  it("names the code of an Excel error the catalogue does not know, without its raw text", async () => {
    const odd = new WorkbookError({ code: "excel.somethingNew", severity: "error" }, new Error("RichApi.Error: raw"));
    const { port } = salesPort(8, { errors: { readSource: odd }, errorTimes: { readSource: 1 } });
    renderPane({ port });
    await waitFor(() =>
      expect(notices()).toEqual(["Excel reported a problem OPS cannot describe (code excel.somethingNew)."]),
    );
    expect(document.body.textContent).not.toContain("RichApi");
  });

  it("shows a load error in the language the user then switches to", async () => {
    const { port } = salesPort(8, { errors: { readPolicy: protectedSheet } });
    const { user } = renderPane({ port, languageSwitch: true });
    await waitFor(() =>
      expect(notices()).toEqual([expect.stringContaining('The sheet "OPS Compliance" is protected')]),
    );
    await user.selectOptions(screen.getByRole("combobox", { name: "Pane language" }), "fr");
    expect(notices()).toEqual([expect.stringContaining("La feuille « OPS Compliance » est protégée")]);
    await user.click(screen.getByRole("button", { name: "Fermer le message" }));
    expect(notices()).toEqual([]);
  });
});

describe("language", () => {
  it("follows Office's language and formats numbers the French way", async () => {
    const { port } = salesPort(12);
    const { user } = renderPane({ port, lang: "fr" });
    expect(tab("Accueil")).toBeInTheDocument();
    expect(await screen.findByText("Ventes : 12 lignes")).toBeInTheDocument();
    await user.click(tab("Contrôle"));
    await user.click(screen.getByRole("button", { name: "Lancer le contrôle" }));
    await screen.findByTestId("ops-summary");
    // Independent figures: rows i with (i + 1) % 4 === 0 sell at 5 % margin, the others at 30 %; revenue 1000 + 10 i.
    const revenue = Array.from({ length: 12 }, (_, i) => 1000 + 10 * i);
    const breach = revenue.filter((_, i) => (i + 1) % 4 === 0);
    const shortfall = breach.reduce((s, r) => s + 0.2 * r - 0.05 * r, 0);
    const total = revenue.reduce((s, r) => s + r, 0);
    const margin = revenue.reduce((s, r, i) => s + ((i + 1) % 4 === 0 ? 0.05 : 0.3) * r, 0);
    const eur = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" }).format(shortfall);
    const pct = (x: number) =>
      new Intl.NumberFormat("fr-FR", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
        x,
      );
    expect(eur).toMatch(/^481,50\s€$/);
    expect(screen.getByTestId("ops-stat-breaches")).toHaveTextContent(/^Infractions3$/);
    expect(screen.getByTestId("ops-stat-shortfall").textContent).toBe(`Marge manquante${eur}`);
    expect(screen.getByTestId("ops-stat-share").textContent).toBe(
      `Part du CA en infraction${pct(breach.reduce((s, r) => s + r, 0) / total)}`,
    );
    expect(screen.getByTestId("ops-stat-rate").textContent).toBe(
      `Taux global${pct(margin / total)} (taux de marque (sur prix de vente))`,
    );
    expect(pct(margin / total)).toMatch(/^23,7\s%$/);
  });

  it("switches to French in the pane, and back", async () => {
    const { port } = salesPort(4);
    const changes: string[] = [];
    const { user } = renderPane({ port, languageSwitch: true, onLanguageChange: (l) => changes.push(l) });
    expect(await screen.findByText("Ventes: 4 rows")).toBeInTheDocument();
    await user.selectOptions(screen.getByRole("combobox", { name: "Pane language" }), "fr");
    expect(tab("Données")).toBeInTheDocument();
    expect(screen.getByText("Ventes : 4 lignes")).toBeInTheDocument();
    expect(screen.getByText("Ce qu'OPS a trouvé")).toBeInTheDocument();
    expect(document.querySelector(".fui-FluentProvider")).toHaveAttribute("lang", "fr");
    await user.selectOptions(screen.getByRole("combobox", { name: "Langue du volet" }), "en");
    expect(tab("Data")).toBeInTheDocument();
    expect(changes).toEqual(["fr", "en"]);
  });

  it("follows a new Office language and theme given as props", async () => {
    const { port } = salesPort(4);
    const r = renderPane({ port });
    await screen.findByText("Ventes: 4 rows");
    act(() => r.rerender(<App port={port} lang="fr" theme="dark" />));
    expect(await screen.findByText("Ventes : 4 lignes")).toBeInTheDocument();
    expect(document.querySelector(".fui-FluentProvider")).toHaveAttribute("data-theme", "dark");
    expect(port.callsOf("listSources")).toHaveLength(1); // same workbook: not read again
  });
});

describe("workbook text is shown as text, never as HTML", () => {
  it("renders a header, a sheet name and values holding markup literally", async () => {
    const evil = "<img src=x onerror=alert(1)>";
    const ds = buildDataSet({
      tableName: "T1",
      sheet: `Feuil ${evil}`,
      columns: [
        { header: evil, role: "product", values: [evil, "B", evil, "D"] },
        { header: "CA", role: "revenue", values: [100, 100, 100, 100] },
        { header: "Coût", role: "cost", values: [99, 50, 98, 50] },
      ],
      messages: [
        {
          code: "read.notNumber",
          severity: "warning",
          params: { column: evil, count: 1, cells: "C3", example: evil },
          location: { sheet: evil, address: "C3" },
        },
      ],
      excluded: [{ row: 9, reason: "note", text: `<script>alert(2)</script>` }],
    });
    const port = new FakePort({ sources: [sourceOf(ds)], dataSets: { [ds.id]: ds } });
    (window as unknown as { alert: unknown }).alert = jest.fn();
    const { user } = renderPane({ port });
    expect(await screen.findByText(`Product: ${evil}`)).toBeInTheDocument();
    await user.click(tab("Data"));
    expect(screen.getByText(evil, { selector: "span" })).toBeInTheDocument(); // the column header
    expect(screen.getByText(/<script>alert\(2\)<\/script>/)).toBeInTheDocument();
    await user.click(tab("Check"));
    await user.click(screen.getByRole("button", { name: "Run the check" }));
    await screen.findByTestId("ops-summary");
    const findings = screen.getAllByTestId("ops-finding");
    expect(findings.some((f) => f.textContent?.includes(evil))).toBe(true);
    expect(document.querySelector("img")).toBeNull();
    expect(document.querySelector("script")).toBeNull();
    expect(window.alert).not.toHaveBeenCalled();
  });
});
