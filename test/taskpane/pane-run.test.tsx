/**
 * Running a check from the pane: progress while it runs, cancel, the summary, the findings (virtualised, filterable,
 * keyboard navigable, selecting a row in the workbook), the workbook actions, and the whole flow with the keyboard.
 */
import { act, waitFor } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import type { ComplianceResult, Finding, MarginPolicy } from "../../src/core/policy-types";
import type { DataSet, WorkOptions } from "../../src/core/types";
import { WorkbookError } from "../../src/core/workbook-port";
import { coreEngine, type ComplianceEngine } from "../../src/taskpane/engine";
import { salesPort } from "../support/fake-port";
import { liveText, notices, renderPane, screen, tab, within } from "./helpers";

/** Sheet rows of the breach lines of salesDataSet(n): line i (0-based) breaks when (i + 1) % 4 === 0; data starts on row 2. */
function breachRows(n: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if ((i + 1) % 4 === 0) rows.push(2 + i);
  return rows;
}

function abortError(): Error {
  const e = new Error("aborted");
  e.name = "AbortError";
  return e;
}

/** An engine whose check waits until the test opens the gate (and honours the abort signal meanwhile). */
function gatedEngine() {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const seen: { signal?: AbortSignal; progress?: WorkOptions["onProgress"] } = {};
  const engine: ComplianceEngine = {
    ...coreEngine,
    async checkCompliance(data: DataSet, policy: MarginPolicy, options?: WorkOptions) {
      seen.signal = options?.signal;
      seen.progress = options?.onProgress;
      await new Promise<void>((resolve, reject) => {
        void gate.then(resolve);
        options?.signal?.addEventListener("abort", () => reject(abortError()));
      });
      return coreEngine.checkCompliance(data, policy, options);
    },
  };
  return { engine, open: () => open(), seen };
}

function finding(i: number, severity: Finding["severity"], segment: string, product: string): Finding {
  const revenue = 1000;
  const rate = severity === "breach" ? 0.05 : severity === "warning" ? 0.15 : NaN;
  return {
    kind: severity === "info" ? "data" : "line",
    severity,
    ruleId: "default",
    location: { sheet: "Ventes", row: i + 2, address: `C${i + 2}` },
    dimensions: { segment, product },
    revenue,
    cost: revenue * (1 - rate),
    margin: revenue * rate,
    rate,
    threshold: severity === "breach" ? 0.1 : 0.2,
    gap: severity === "breach" ? rate - 0.1 : rate - 0.2,
    shortfall: severity === "info" ? 0 : 0.2 * revenue - revenue * rate,
    priceIncrease: 0,
  };
}

/** A hand-made result of n findings: every 3rd a warning, every 7th a data issue, the rest breaches. */
function madeResult(n: number): ComplianceResult {
  const segments = ["Enterprise", "Government", "Midmarket", "Channel Partners"];
  const findings: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const severity = i % 7 === 6 ? "info" : i % 3 === 2 ? "warning" : "breach";
    findings.push(finding(i, severity, segments[i % 4], `P${i % 10}`));
  }
  const breaches = findings.filter((f) => f.severity === "breach").length;
  return {
    summary: {
      basis: "sales",
      rowsChecked: n,
      rowsWithIssues: n,
      breaches,
      warnings: findings.filter((f) => f.severity === "warning").length,
      erosions: 0,
      dataIssues: findings.filter((f) => f.severity === "info").length,
      totalShortfall: findings.reduce((s, f) => s + f.shortfall, 0),
      revenueChecked: n * 1000,
      revenueInBreach: breaches * 1000,
      shareOfRevenueInBreach: breaches / n,
      overallRate: 0.1,
      bySegment: [],
    },
    findings,
    policyFingerprint: "0000000000000000",
    messages: [],
  };
}

function fixedEngine(result: ComplianceResult): ComplianceEngine {
  return { ...coreEngine, checkCompliance: async () => result };
}

async function run(user: UserEvent) {
  await user.click(screen.getByRole("button", { name: /^Run the check/ }));
  return screen.findByTestId("ops-summary");
}

describe("a check in progress", () => {
  it("shows a progress bar that follows the reading, then the checking, and announces it", async () => {
    const { port } = salesPort(12);
    const gated = gatedEngine();
    const { user } = renderPane({ port, engine: gated.engine, initialView: "check" });
    await screen.findByText(/^Source: Ventes\./);
    const held = port.hold("readSource");
    await user.click(screen.getByRole("button", { name: "Run the check" }));
    const call = await held;

    const bar = screen.getByRole("progressbar");
    expect(screen.getByText("Reading the data…")).toBeInTheDocument();
    act(() => call.progress(1, 4));
    expect(bar).toHaveAttribute("aria-valuenow", "0.25");
    expect(screen.getByText("1 of 4")).toBeInTheDocument();
    expect(liveText()).toBe("Reading: 25%.");
    act(() => call.progress(3, 4));
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0.75");
    expect(liveText()).toBe("Reading: 75%.");
    expect(screen.getByRole("button", { name: "Run the check" })).toBeDisabled();

    act(() => call.release());
    await screen.findByText("Checking the rows…");
    await waitFor(() => expect(gated.seen.progress).toBeDefined());
    act(() => gated.seen.progress!(6, 12));
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0.5");
    expect(liveText()).toBe("Checking: 50%.");

    act(() => gated.open());
    await screen.findByTestId("ops-summary");
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(liveText()).toBe(`Check done: 12 rows, ${breachRows(12).length} breaches, 0 warnings.`);
  });

  it("cancels while reading: the read is aborted, the user is told, and the pane is usable again", async () => {
    const { port } = salesPort(12);
    const { user } = renderPane({ port, initialView: "check" });
    await screen.findByText(/^Source: Ventes\./);
    const held = port.hold("readSource");
    await user.click(screen.getByRole("button", { name: "Run the check" }));
    const call = await held;
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(call.aborted).toBe(true);
    expect(notices()).toContain("Check cancelled. The workbook was not changed.");
    expect(liveText()).toBe("Check cancelled. The workbook was not changed.");
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
    // A late answer from the cancelled read changes nothing.
    act(() => call.release());
    expect(screen.queryByTestId("ops-summary")).toBeNull();
    // Usable: the next run completes.
    await run(user);
    expect(screen.getByTestId("ops-stat-breaches")).toHaveTextContent(String(breachRows(12).length));
    expect(port.callsOf("writeReport")).toHaveLength(0);
  });

  it("cancels while checking: the engine's signal is aborted", async () => {
    const { port } = salesPort(12);
    const gated = gatedEngine();
    const { user } = renderPane({ port, engine: gated.engine, initialView: "check" });
    await screen.findByText(/^Source: Ventes\./);
    await user.click(screen.getByRole("button", { name: "Run the check" }));
    await screen.findByText("Checking the rows…");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(gated.seen.signal?.aborted).toBe(true);
    expect(
      screen.getByText("Check cancelled. The workbook was not changed.", { selector: ".fui-Text" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Run the check" })).toBeEnabled();
  });
});

describe("results", () => {
  it("summarises the check with figures computed independently, and its basis named", async () => {
    const { port } = salesPort(12);
    const { user } = renderPane({ port, initialView: "check" });
    await screen.findByText(/^Source: Ventes\./);
    await run(user);
    const revenue = Array.from({ length: 12 }, (_, i) => 1000 + 10 * i);
    const inBreach = revenue.filter((_, i) => (i + 1) % 4 === 0);
    const shortfall = inBreach.reduce((s, r) => s + (0.2 - 0.05) * r, 0);
    const money = new Intl.NumberFormat("en-GB", { style: "currency", currency: "EUR" }).format(shortfall);
    expect(screen.getByTestId("ops-stat-rows")).toHaveTextContent(/^Rows checked12$/);
    expect(screen.getByTestId("ops-stat-breaches")).toHaveTextContent(/^Breaches3$/);
    expect(screen.getByTestId("ops-stat-warnings")).toHaveTextContent(/^Warnings0$/);
    expect(screen.getByTestId("ops-stat-shortfall").textContent).toBe(`Margin shortfall${money}`);
    expect(screen.getByTestId("ops-stat-rate")).toHaveTextContent("(gross margin rate (on sales))");
    expect(screen.getByTestId("ops-findings-count")).toHaveTextContent("rates as gross margin rate (on sales)");
    // Home now says it in one glance.
    await user.click(tab("Home"));
    expect(within(screen.getByTestId("ops-home-result")).getByText(money)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Review the findings" })).toBeInTheDocument();
  });

  it("selects the finding's row in the workbook on click", async () => {
    const { port } = salesPort(12);
    const { user } = renderPane({ port, initialView: "check" });
    await screen.findByText(/^Source: Ventes\./);
    await run(user);
    const lines = screen.getAllByTestId("ops-finding").filter((o) => o.textContent?.startsWith("BreachLine"));
    expect(lines).toHaveLength(breachRows(12).length);
    await user.click(lines[1]);
    await waitFor(() => expect(port.callsOf("selectRow")).toEqual([["Ventes", breachRows(12)[1]]]));
    expect(lines[1]).toHaveAttribute("aria-selected", "true");
  });

  it("writes the report, highlights and clears, each with a clear message", async () => {
    const { port } = salesPort(12, { highlightsToClear: 2 });
    const { user } = renderPane({ port, initialView: "check" });
    await screen.findByText(/^Source: Ventes\./);
    await run(user);
    await user.click(screen.getByRole("button", { name: "Write the report" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent("Report written to the “OPS Compliance” sheet"),
    );
    const [data, result] = port.callsOf("writeReport")[0] as [DataSet, ComplianceResult];
    expect(data.id).toBe("table:Ventes");
    expect(result.summary.breaches).toBe(3);

    await user.click(screen.getByRole("button", { name: "Highlight breach rows" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent("Breach rows of Ventes are highlighted"),
    );
    const [, policy] = port.callsOf("applyHighlight")[0] as [DataSet, MarginPolicy];
    expect(policy).toMatchObject({ floor: 0.1, target: 0.2, basis: "sales" });

    await user.click(screen.getByRole("button", { name: "Clear highlights" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent("OPS highlights cleared: 2."),
    );
  });

  it("says where the report went when the user owns a sheet called OPS Compliance", async () => {
    const renamed = {
      code: "excel.sheetRenamedForUser",
      severity: "info" as const,
      params: { wanted: "OPS Compliance", used: "OPS Compliance (2)" },
    };
    const { port } = salesPort(8, { reportSheet: "OPS Compliance (2)", lastMessages: { writeReport: [renamed] } });
    const { user } = renderPane({ port, initialView: "check", lang: "fr" });
    await screen.findByText(/^Source : Ventes\./);
    await user.click(screen.getByRole("button", { name: "Lancer le contrôle" }));
    await screen.findByTestId("ops-summary");
    await user.click(screen.getByRole("button", { name: "Écrire le rapport" }));
    await waitFor(() =>
      expect(screen.getByTestId("ops-action-result")).toHaveTextContent(
        "Rapport écrit dans la feuille « OPS Compliance (2) »",
      ),
    );
    expect(screen.getByTestId("ops-action-details")).toHaveTextContent(
      "Une feuille « OPS Compliance » existe déjà et n'a pas été créée par OPS : OPS écrit dans « OPS Compliance (2) » et ne touche pas à la vôtre.",
    );
  });

  it("logs each run, highlight and clear in the OPS Log, and a failing log stops nothing", async () => {
    const { port } = salesPort(12, { highlightsToClear: 3 });
    const { user } = renderPane({ port, initialView: "check" });
    await screen.findByText(/^Source: Ventes\./);
    await run(user);
    await waitFor(() => expect(port.callsOf("appendLog")).toHaveLength(1));
    const [check] = port.callsOf("appendLog")[0] as [Record<string, unknown>];
    expect(check).toEqual({
      action: "check",
      source: "Ventes",
      rows: 12,
      breaches: 3,
      policyFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });

    await user.click(screen.getByRole("button", { name: "Highlight breach rows" }));
    await user.click(await screen.findByRole("button", { name: "Clear highlights" }));
    await waitFor(() =>
      expect(port.callsOf("appendLog").map((c) => (c[0] as { action: string }).action)).toEqual([
        "check",
        "highlight",
        "clear",
      ]),
    );
    expect(port.callsOf("appendLog")[2][0]).toEqual({ action: "clear", rows: 3 });

    port.setError(
      "appendLog",
      new WorkbookError({ code: "excel.sheetProtected", severity: "error", params: { sheet: "OPS Log" } }),
    );
    await user.click(screen.getByRole("button", { name: "Run the check again" }));
    await waitFor(() => expect(notices()).toEqual([expect.stringContaining('The sheet "OPS Log" is protected')]));
    expect(screen.getByTestId("ops-stat-breaches")).toHaveTextContent("3");
    expect(screen.getByRole("button", { name: "Write the report" })).toBeEnabled();
  });
});

describe("the findings list", () => {
  it("filters by severity and by dimension value", async () => {
    const result = madeResult(70);
    const { port } = salesPort(4);
    const { user } = renderPane({ port, engine: fixedEngine(result), initialView: "check" });
    await screen.findByText(/^Source: Ventes\./);
    await run(user);
    const count = () => screen.getByTestId("ops-findings-count").textContent;
    expect(count()).toMatch(/^70 of 70 findings shown/);

    const expectWarnings = result.findings.filter((f) => f.severity === "warning").length;
    await user.selectOptions(screen.getByRole("combobox", { name: "Severity" }), "warning");
    expect(count()).toMatch(new RegExp(`^${expectWarnings} of 70 findings shown`));
    for (const o of screen.getAllByTestId("ops-finding")) expect(o).toHaveTextContent(/^Warning/);

    await user.selectOptions(screen.getByRole("combobox", { name: "Dimension" }), "segment");
    await user.selectOptions(screen.getByRole("combobox", { name: "Segment" }), "Enterprise");
    const both = result.findings.filter(
      (f) => f.severity === "warning" && f.dimensions.segment === "Enterprise",
    ).length;
    expect(both).toBeGreaterThan(0);
    expect(count()).toMatch(new RegExp(`^${both} of 70 findings shown`));
    for (const o of screen.getAllByTestId("ops-finding")) expect(o).toHaveTextContent("Enterprise");

    await user.selectOptions(screen.getByRole("combobox", { name: "Severity" }), "all");
    const enterprise = result.findings.filter((f) => f.dimensions.segment === "Enterprise").length;
    expect(count()).toMatch(new RegExp(`^${enterprise} of 70 findings shown`));
  });

  it("keeps tens of thousands of findings light: only the visible rows are in the page", async () => {
    const result = madeResult(30_000);
    const { port } = salesPort(4);
    const { user } = renderPane({ port, engine: fixedEngine(result), initialView: "check" });
    await screen.findByText(/^Source: Ventes\./);
    await run(user);
    expect(screen.getByTestId("ops-findings-count")).toHaveTextContent(/^30,000 of 30,000 findings shown/);
    const list = screen.getByRole("listbox");
    const rendered = within(list).getAllByRole("option");
    expect(rendered.length).toBeGreaterThan(3);
    expect(rendered.length).toBeLessThan(40);
    expect(rendered[0]).toHaveAttribute("aria-setsize", "30000");

    // End jumps to the last finding, which is then rendered and active.
    list.focus();
    await user.keyboard("{End}");
    // The list scrolls to the last finding, which is then rendered and active.
    await waitFor(() =>
      expect(document.getElementById(list.getAttribute("aria-activedescendant")!)).toHaveAttribute(
        "aria-posinset",
        "30000",
      ),
    );
    expect(within(list).getAllByRole("option").length).toBeLessThan(40);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(port.callsOf("selectRow")).toEqual([["Ventes", 30_000 - 1 + 2]]));
  });
});

describe("keyboard only", () => {
  async function tabTo(user: UserEvent, match: (el: Element) => boolean, max = 60, shift = false): Promise<Element> {
    for (let i = 0; i < max; i++) {
      await user.tab({ shift });
      const el = document.activeElement;
      if (el && match(el)) return el;
    }
    throw new Error(`focus never reached the element; it is on ${document.activeElement?.outerHTML.slice(0, 120)}`);
  }
  const named = (role: string, name: string) => (el: Element) =>
    el.getAttribute("role") === role || (role === "button" && el.tagName === "BUTTON")
      ? (el.textContent ?? "").trim() === name
      : false;

  it("runs the main flow: open Check, run, walk the findings, select a row, write the report", async () => {
    const { port } = salesPort(12);
    const { user } = renderPane({ port });
    await screen.findByText("Ventes: 12 rows");

    // The tabs are one tab stop; arrows move between them and Enter opens one.
    const first = await tabTo(user, (el) => el.getAttribute("role") === "tab");
    expect(first).toHaveTextContent("Home");
    await user.keyboard("{ArrowRight}{ArrowRight}{ArrowRight}");
    expect(document.activeElement).toBe(tab("Check"));
    await user.keyboard("{Enter}");
    expect(tab("Check")).toHaveAttribute("aria-selected", "true");

    await tabTo(user, named("button", "Run the check"));
    await user.keyboard("{Enter}");
    await screen.findByTestId("ops-summary");

    const list = await tabTo(user, (el) => el.getAttribute("role") === "listbox");
    const active = () => document.getElementById(list.getAttribute("aria-activedescendant")!);
    expect(active()).toHaveAttribute("aria-posinset", "1");
    await user.keyboard("{ArrowDown}");
    expect(active()).toHaveAttribute("aria-posinset", "2");
    expect(active()).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(port.callsOf("selectRow")).toEqual([["Ventes", breachRows(12)[1]]]));

    await tabTo(user, named("button", "Write the report"), 60, true);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("ops-action-result")).toHaveTextContent("Report written"));
    expect(port.callsOf("writeReport")).toHaveLength(1);
  });

  it("starts a check from Home's primary action and moves the focus into the Check view", async () => {
    const { port } = salesPort(8);
    const { user } = renderPane({ port });
    await screen.findByText("Ventes: 8 rows");
    await tabTo(user, named("button", "Run the check"));
    await user.keyboard("{Enter}");
    await screen.findByTestId("ops-summary");
    expect(tab("Check")).toHaveAttribute("aria-selected", "true");
    expect(document.activeElement).toBe(screen.getByRole("tabpanel"));
    await tabTo(user, named("button", "Run the check again"), 5);
  });
});
