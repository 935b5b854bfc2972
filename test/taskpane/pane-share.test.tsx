/**
 * The Share view ("Prepare for management"): the summary from the last check, freeze (after a confirmation) /
 * restore / repair OPS formulas with their counts, the PDF (download link or message); each action only when the
 * port has it; errors as catalogue messages.
 */
import { waitFor } from "@testing-library/react";
import axe from "axe-core";
import type { UserEvent } from "@testing-library/user-event";
import type { SummaryRequest } from "../../src/core/workbook-port";
import { WorkbookError } from "../../src/core/workbook-port";
import { salesPort, salesSharePort } from "../support/fake-port";
import { renderPane, screen, tab } from "./helpers";

async function runCheck(user: UserEvent) {
  await user.click(tab("Check"));
  await screen.findByText(/^Source: Ventes\./);
  await user.click(screen.getByRole("button", { name: /^Run the check/ }));
  await screen.findByRole("button", { name: "Run the check again" });
}

function result(action?: string): string {
  const bars = screen.queryAllByTestId("ops-share-result").filter((b) => !action || b.getAttribute("data-action") === action);
  return bars.map((b) => b.querySelector(".fui-MessageBarBody")?.textContent ?? "").join(" | ");
}

describe("Share view", () => {
  it("prepares the summary from the last check's data and result", async () => {
    const { port, data } = salesSharePort(12, { summaryMessages: [{ code: "summary.pageSetupMissing", severity: "info" }] });
    const { user } = renderPane({ port });
    await user.click(tab("Share"));
    expect(screen.getByRole("heading", { name: "Prepare for management" })).toBeInTheDocument();
    // No check yet: the button waits for one, and says so.
    expect(screen.getByRole("button", { name: "Prepare the summary" })).toBeDisabled();
    expect(screen.getByText(/Run a check first/)).toBeInTheDocument();

    await runCheck(user);
    await user.click(tab("Share"));
    await user.click(screen.getByRole("button", { name: "Prepare the summary" }));
    await waitFor(() => expect(result("summary")).toMatch(/Summary written to “OPS Summary” \(24 rows\)/));
    expect(result("summary")).toMatch(/needs ExcelApi 1\.9/);
    const [req] = port.callsOf("writeSummary")[0] as [SummaryRequest];
    expect(req.data.id).toBe(data.id);
    // The result is the check's: 12 rows, every 4th a breach.
    expect(req.result.summary.rowsChecked).toBe(12);
    expect(req.result.summary.breaches).toBe(3);
    // And the run is logged.
    expect(port.callsOf("appendLog").map(([e]) => e)).toContainEqual(expect.objectContaining({ action: "summary", source: "Ventes", rows: 12, breaches: 3 }));
  });

  it("asks before freezing, freezes on confirmation, and shows the counts; cancel freezes nothing", async () => {
    const { port } = salesSharePort(8, { freeze: { frozen: 17, sheets: ["Ventes", "Budget"], messages: [{ code: "summary.pageSetupMissing", severity: "info" }] } });
    const { user } = renderPane({ port, initialView: "share" });
    await user.click(screen.getByRole("button", { name: "Freeze OPS formulas" }));
    const dialog = screen.getByTestId("ops-freeze-confirm");
    expect(dialog).toHaveTextContent(/Replace every OPS\.\* formula/);
    expect(screen.getByRole("button", { name: "Freeze" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("ops-freeze-confirm")).toBeNull();
    expect(port.callsOf("freezeFormulas")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Freeze OPS formulas" }));
    await user.click(screen.getByRole("button", { name: "Freeze" }));
    await waitFor(() => expect(result("freeze")).toMatch(/^17 formulas frozen \(Ventes, Budget\)\./));
    expect(port.callsOf("freezeFormulas")).toHaveLength(1);
  });

  it("restores and repairs with their counts, a warning when formulas were left aside", async () => {
    const { port } = salesSharePort(8, {
      restore: { restored: 15, skipped: 2, messages: [] },
      repair: { repaired: 4, messages: [] },
    });
    const { user } = renderPane({ port, initialView: "share", lang: "fr" });
    await user.click(screen.getByRole("button", { name: "Restaurer les formules OPS" }));
    await waitFor(() => expect(result("restore")).toBe("15 formules restaurées, 2 laissées de côté."));
    expect(screen.getByTestId("ops-share-result")).toHaveAttribute("data-intent", "warning");
    await user.click(screen.getByRole("button", { name: "Réparer les #NOM?" }));
    await waitFor(() => expect(result("repair")).toBe("4 formules réparées."));
  });

  it("exports a PDF: a download link with the bytes", async () => {
    const created: Blob[] = [];
    const origCreate = URL.createObjectURL;
    const origRevoke = URL.revokeObjectURL;
    URL.createObjectURL = (b: Blob) => {
      created.push(b);
      return `blob:ops/${created.length}`;
    };
    URL.revokeObjectURL = () => undefined;
    try {
      const bytes = Uint8Array.from("%PDF-1.7 test", (ch) => ch.charCodeAt(0));
      const { port } = salesSharePort(8, { pdf: { bytes, messages: [{ code: "pdf.ready", severity: "info", params: { size: bytes.length } }] } });
      const { user } = renderPane({ port, initialView: "share" });
      await user.click(screen.getByRole("button", { name: "Export as PDF" }));
      const link = await screen.findByTestId("ops-pdf-link");
      expect(link).toHaveAttribute("href", "blob:ops/1");
      expect(link).toHaveAttribute("download", "OPS.pdf");
      expect(created[0].type).toBe("application/pdf");
      expect(created[0].size).toBe(bytes.length);
      expect(result("pdf")).toBe(`PDF ready: ${bytes.length} bytes.`);
    } finally {
      URL.createObjectURL = origCreate;
      URL.revokeObjectURL = origRevoke;
    }
  });

  it("shows the platform's message when there is no PDF, and no link", async () => {
    const { port } = salesSharePort(8, { pdf: { messages: [{ code: "pdf.unsupported", severity: "warning", params: { platform: "iOS" } }] } });
    const { user } = renderPane({ port, initialView: "share" });
    await user.click(screen.getByRole("button", { name: "Export as PDF" }));
    await waitFor(() => expect(result("pdf")).toMatch(/not available on this platform \(iOS\)/));
    expect(screen.queryByTestId("ops-pdf-link")).toBeNull();
  });

  it("shows only the actions the port has", async () => {
    const { port } = salesSharePort(8, { methods: ["restoreFormulas", "exportPdf"] });
    renderPane({ port, initialView: "share" });
    expect(screen.getByRole("button", { name: "Restore OPS formulas" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Export as PDF" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Freeze OPS formulas" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Repair #NAME?" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Prepare the summary" })).toBeNull();
  });

  it("with a port that has none of them, says so", async () => {
    const { port } = salesPort(8);
    renderPane({ port, initialView: "share" });
    expect(screen.getByText("This workbook does not offer these actions here.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Export as PDF" })).toBeNull();
  });

  it("shows a failing action's catalogue message, never raw text, and stays usable", async () => {
    const { port } = salesSharePort(8);
    port.setError("repairFormulas", new WorkbookError({ code: "excel.workbookProtected", severity: "error" }), 1);
    const { user } = renderPane({ port, initialView: "share" });
    await user.click(screen.getByRole("button", { name: "Repair #NAME?" }));
    await waitFor(() => expect(screen.getByTestId("ops-share-result")).toHaveAttribute("data-intent", "error"));
    expect(result("repair")).not.toMatch(/excel\.workbookProtected/);
    expect(result("repair").length).toBeGreaterThan(10);
    await user.click(screen.getByRole("button", { name: "Repair #NAME?" }));
    await waitFor(() => expect(result("repair")).toBe("0 formulas repaired."));
  });

  it("has no serious or critical axe violations, with the freeze confirmation open and an outcome shown", async () => {
    const { port } = salesSharePort(8);
    const { user, container } = renderPane({ port, initialView: "share" });
    await user.click(screen.getByRole("button", { name: "Restore OPS formulas" }));
    await waitFor(() => expect(result("restore")).toMatch(/restored/));
    await user.click(screen.getByRole("button", { name: "Freeze OPS formulas" }));
    const r = await axe.run(container, { rules: { "color-contrast": { enabled: false }, region: { enabled: false } }, resultTypes: ["violations"] });
    expect(r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });
});
