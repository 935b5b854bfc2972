/**
 * The Market view over the real Excel adapter on the simulated host: a small ledger ("Ventes": two years, three
 * products, one new in the second year) and a competitor table ("Concurrents": three competitors, the company among
 * them, two families). The figures shown equal the market core's on the same DataSets (formatted with the pane's
 * formatters); the own company is remembered in the workbook; "Draw" writes OPS Market; "Remove" deletes it.
 */
import { waitFor, within } from "@testing-library/react";
import { analyseMarket, pvmBridge, type PeriodSel } from "../../src/core/market/index";
import { latestPeriod } from "../../src/core/market/sheet";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { createSimHost } from "../../src/sim/host";
import { SimWorkbook } from "../../src/sim/model";
import { formatMoney, formatPercent } from "../../src/taskpane/format";
import { renderPane, screen, tab } from "./helpers";

jest.setTimeout(60_000);

const serial = (y: number, m: number) => Math.round((Date.UTC(y, m - 1, 1) - Date.UTC(1899, 11, 30)) / 86400000);
const OWN = "Verdier SAS";

function workbook(): SimWorkbook {
  const wb = new SimWorkbook();
  wb.addSheet("Ventes");
  const rows: (string | number)[][] = [["Date", "Produit", "Quantité", "CA HT", "Coût"]];
  for (const y of [2023, 2024]) {
    for (let m = 1; m <= 12; m++) {
      rows.push([serial(y, m), "Pompe", 10 + m, (10 + m) * (y === 2023 ? 100 : 104), (10 + m) * 70]);
      rows.push([serial(y, m), "Vanne", y === 2023 ? 20 : 25, (y === 2023 ? 20 : 25) * 50, (y === 2023 ? 20 : 25) * 30]);
      if (y === 2024) rows.push([serial(y, m), "Filtre", 5, 5 * 80, 5 * 40]);
    }
  }
  wb.setValues("Ventes", "A1", rows);
  wb.addTable("Ventes", `A1:E${rows.length}`, "TVentes");
  wb.addSheet("Concurrents");
  const comp: (string | number)[][] = [["Mois", "Concurrent", "Famille", "CA marché HT"]];
  for (const y of [2023, 2024]) {
    for (const [name, v] of [[OWN, 300], ["Hydrotec", 500], ["Fluidis", 200]] as const) {
      for (const fam of ["Pompes", "Vannes"]) comp.push([serial(y, 1), name, fam, v * (fam === "Pompes" ? 2 : 1) * (y === 2024 && name === OWN ? 1.1 : 1)]);
    }
  }
  wb.setValues("Concurrents", "A1", comp);
  wb.addTable("Concurrents", `A1:D${comp.length}`, "TConcurrents");
  return wb;
}

describe("the Market view on the simulated host", () => {
  it("shows the core's figures, remembers the company, draws and removes OPS Market", async () => {
    const wb = workbook();
    const host = createSimHost(wb);
    const port = new ExcelWorkbook(host.run, { lang: "en", now: () => new Date(2025, 0, 15, 9, 0, 0) });
    const { user } = renderPane({ port });
    // The ledger (the largest table) is the pane's source.
    await waitFor(() => expect(document.body.textContent).toMatch(/TVentes/));
    await user.click(tab("Market"));
    expect((screen.getByTestId("ops-market-table") as HTMLSelectElement).selectedOptions[0].textContent).toMatch(/TConcurrents/);
    // Default periods: the last whole year against the one before.
    expect((screen.getByTestId("ops-market-base") as HTMLSelectElement).selectedOptions[0].textContent).toBe("2023");
    expect((screen.getByTestId("ops-market-current") as HTMLSelectElement).selectedOptions[0].textContent).toBe("2024");
    await user.type(screen.getByTestId("ops-market-own"), OWN);
    await user.click(screen.getByRole("button", { name: "Calculate" }));
    const cards = await screen.findAllByTestId("ops-market-card");
    // The core on the same DataSets.
    const sources = await port.listSources();
    const conc = await port.readSource(sources.find((s) => s.tableName === "TConcurrents")!.id);
    const ledger = await port.readSource(sources.find((s) => s.tableName === "TVentes")!.id);
    const analysis = analyseMarket(conc, { own: OWN, lang: "en" });
    expect(cards).toHaveLength(analysis.markets.length);
    for (const m of analysis.markets) {
      const card = cards.find((c) => c.getAttribute("data-market") === m.name)!;
      const p = latestPeriod(m)!;
      expect(within(card).getByTestId("ops-market-share").querySelector("dd")!.textContent).toBe(formatPercent(p.own!.share, "en"));
    }
    const base: PeriodSel = { kind: "year", code: 2023 };
    const current: PeriodSel = { kind: "year", code: 2024 };
    const bridge = pvmBridge(ledger, { base, current, lang: "en" });
    for (const [id, v] of [["start", bridge.baseRevenue], ["volume", bridge.volume], ["mix", bridge.mix], ["price", bridge.price], ["new", bridge.newProducts], ["end", bridge.currentRevenue]] as const) {
      expect(screen.getByTestId(`ops-bridge-${id}`).querySelector("dd")!.textContent).toBe(formatMoney(v, "en"));
    }
    expect(bridge.newProducts).toBe(12 * 5 * 80); // the filter sold only in 2024
    // Remembered in the workbook.
    expect((await port.readMarketSettings()).own).toBe(OWN);
    // Draw, then remove.
    await user.click(screen.getByRole("button", { name: "Draw in the workbook" }));
    await waitFor(() => expect(screen.getByTestId("ops-market-result").getAttribute("data-intent")).toBe("success"));
    expect(wb.sheets.some((s) => s.name === "OPS Market")).toBe(true);
    expect(wb.sheetOrThrow("OPS Market").charts.some((c) => c.chartType === "Bubble")).toBe(true);
    await user.click(screen.getByRole("button", { name: "Remove the sheet" }));
    await waitFor(() => expect(wb.sheets.some((s) => s.name === "OPS Market")).toBe(false));
  });
});
