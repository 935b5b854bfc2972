/**
 * The Trends view: options (measure, period, breakdown, top N, horizon), "Calculate" shows per series the figures
 * buildTrends gives on the selected source (formatted here with the pane's formatters, read from the core's result
 * independently of the view's code), the convention and the notes; "Draw in the workbook" calls writeTrends with
 * trendsForSheet's series and the policy's floor / target / basis, with progress and Cancel; "Remove the sheet"
 * calls clearTrends; errors are catalogue messages; the draw buttons only when the port has the methods.
 */
import { summaryHeadlines } from "../../src/taskpane/headlines";
import { act, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { formatMessage, t } from "../../src/core/i18n";
import { buildTrends, type TrendRequest, type TrendResult, type TrendSeries } from "../../src/core/trends";
import { trendsForSheet } from "../../src/core/trends/sheet";
import type { DataSet, Lang } from "../../src/core/types";
import { WorkbookError, type SummaryRequest, type TrendsWriteRequest } from "../../src/core/workbook-port";
import { formatChange, formatDecimal, formatMoney, formatPercent, formatPoints } from "../../src/taskpane/format";
import { basicPolicy, FakeSharePort, monthlySalesDataSet, salesPort, salesTrendsPort, sourceOf } from "../support/fake-port";
import { renderPane, screen, tab } from "./helpers";

async function openTrends(port: Parameters<typeof renderPane>[0]["port"], lang: Lang = "en") {
  const r = renderPane({ port, lang, initialView: "trends" });
  await screen.findByText(lang === "en" ? /^Time series of the chosen table \(Ventes\)/ : /^Séries dans le temps de la table choisie \(Ventes\)/);
  return r;
}

function cards(): HTMLElement[] {
  return screen.queryAllByTestId("ops-trend-series");
}

function stat(card: HTMLElement, id: string): { label: string; value: string } {
  const el = within(card).getByTestId(id);
  return { label: el.querySelector("dt")?.textContent ?? "", value: el.querySelector("dd")?.textContent ?? "" };
}

function outcome(): string {
  return screen.queryAllByTestId("ops-trends-outcome").map((b) => b.querySelector(".fui-MessageBarBody")?.textContent ?? "").join(" | ");
}

/** The last period with a value, the partial last one left aside (written here from the series' fields). */
function lastWhole(s: TrendSeries): number {
  let j = s.actual.length - 1;
  if (s.partialLast) j--;
  while (j >= 0 && Number.isNaN(s.actual[j])) j--;
  return j;
}

/** What a card should say for a series, from the core's result. */
function expected(result: TrendResult, s: TrendSeries, lang: Lang) {
  const rate = result.measure === "marginRate";
  const value = (x: number) => (rate ? formatPercent(x, lang) : formatMoney(x, lang));
  const j = lastWhole(s);
  const f = s.forecast!;
  const sum = f.values.reduce((a, v) => a + v, 0);
  return {
    lastLabel: s.labels[j],
    last: value(s.actual[j]),
    change: rate ? formatPoints(s.change[j], lang) : formatChange(s.change[j], lang),
    slope: rate ? formatPoints(s.slope, lang) : formatMoney(s.slope, lang),
    r2: formatDecimal(s.r2, lang),
    nextLabel: f.labels[0],
    next: value(f.values[0]),
    horizon: value(rate ? sum / f.values.length : sum),
    mase: formatDecimal(f.mase, lang),
    model: t(`trends.modelName.${f.model}`, lang, { season: f.seasonLength }),
  };
}

function checkCard(card: HTMLElement, result: TrendResult, s: TrendSeries, lang: Lang) {
  const e = expected(result, s, lang);
  expect(stat(card, "ops-trend-last").label).toContain(e.lastLabel);
  expect(stat(card, "ops-trend-last").value).toBe(e.last);
  expect(stat(card, "ops-trend-change").value).toBe(e.change);
  expect(stat(card, "ops-trend-slope").value).toBe(e.slope);
  expect(stat(card, "ops-trend-r2").value).toBe(e.r2);
  expect(stat(card, "ops-trend-next").label).toContain(e.nextLabel);
  expect(stat(card, "ops-trend-next").value).toBe(e.next);
  expect(stat(card, "ops-trend-horizon").value).toBe(e.horizon);
  expect(stat(card, "ops-trend-mase").value).toBe(e.mase);
  expect(stat(card, "ops-trend-model").value.startsWith(e.model)).toBe(true);
}

const request = (data: DataSet, r: Omit<TrendRequest, "lang">, lang: Lang = "en") => buildTrends(data, { ...r, lang });

describe("Trends view", () => {
  it("calculates the monthly revenue series and shows buildTrends' figures, the convention and the period covered", async () => {
    const { port, data } = salesTrendsPort(30);
    const { user } = await openTrends(port);
    expect(screen.getByLabelText("Forecast horizon (periods)")).toHaveValue(12);
    await user.click(screen.getByRole("button", { name: "Calculate" }));
    const result = request(data, { measure: "revenue", period: "month", topN: 10, horizon: 12, basis: "sales" });
    expect(result.series).toHaveLength(1);
    await waitFor(() => expect(cards()).toHaveLength(1));
    checkCard(cards()[0], result, result.series[0], "en");
    expect(cards()[0]).toHaveAttribute("data-series", "Total");
    // 30 months: a year's season is found, and the view says it was detected.
    expect(result.series[0].forecast!.model).toBe("holtWinters");
    expect(stat(cards()[0], "ops-trend-model").value).toBe(`${t("trends.modelName.holtWinters", "en", { season: 12 })} — season detected`);
    expect(stat(cards()[0], "ops-trend-horizon").label).toBe("Forecast total (12 periods)");
    expect(screen.getByTestId("ops-trends-convention")).toHaveTextContent(/Revenue of each period = sum of the period's rows/);
    expect(screen.getByTestId("ops-trends-covered")).toHaveTextContent(`30 period(s), from ${result.series[0].labels[0]} to ${result.series[0].labels[29]}.`);
    // The model notes are listed as the catalogue words them.
    const notes = screen.getByTestId("ops-trends-messages");
    for (const m of result.messages) expect(notes).toHaveTextContent(formatMessage(m, "en"));
  });

  it("margin rate by quarter and product, top 2: total, two products and Others, in points on the policy basis", async () => {
    const { port, data } = salesTrendsPort(30);
    const { user } = await openTrends(port);
    await user.selectOptions(screen.getByLabelText("Measure"), "marginRate");
    await user.selectOptions(screen.getByLabelText("Period"), "quarter");
    // The breakdown offers the dimension roles the table has, and only those.
    const breakdown = screen.getByLabelText("Break down by");
    expect(within(breakdown).getAllByRole("option").map((o) => o.textContent)).toEqual(["None (total only)", t("pane.role.product", "en"), t("pane.role.region", "en")]);
    await user.selectOptions(breakdown, "product");
    const topN = screen.getByLabelText("Values shown (largest first)");
    await user.clear(topN);
    await user.type(topN, "2");
    // The horizon follows the period: 4 quarters.
    expect(screen.getByLabelText("Forecast horizon (periods)")).toHaveValue(4);
    await user.click(screen.getByRole("button", { name: "Calculate" }));
    const result = request(data, { measure: "marginRate", period: "quarter", breakdown: "product", topN: 2, horizon: 4, basis: "sales" });
    expect(result.series.map((s) => s.kind)).toEqual(["total", "value", "value", "others"]);
    await waitFor(() => expect(cards()).toHaveLength(4));
    expect(cards().map((c) => c.getAttribute("data-series"))).toEqual(["Total", result.series[1].name, result.series[2].name, "Others (2)"]);
    result.series.forEach((s, i) => checkCard(cards()[i], result, s, "en"));
    expect(stat(cards()[0], "ops-trend-horizon").label).toBe("Forecast average (4 periods)");
    // Rate = Σ margin / Σ revenue per quarter, never an average of rates: checked on the first quarter by hand.
    const rev = data.columns[3].numbers!;
    const cost = data.columns[4].numbers!;
    let m = 0;
    let r = 0;
    for (let i = 0; i < 12; i++) [m, r] = [m + rev[i] - cost[i], r + rev[i]];
    expect(result.series[0].actual[0]).toBeCloseTo(m / r, 12);
    expect(screen.getByTestId("ops-trends-convention")).toHaveTextContent(/never an average of rates/);
    expect(screen.getByTestId("ops-trends-convention")).toHaveTextContent(t("basis.sales", "en"));
  });

  it("formats in French", async () => {
    const { port, data } = salesTrendsPort(30);
    const { user } = await openTrends(port, "fr");
    await user.selectOptions(screen.getByLabelText("Mesure"), "margin");
    await user.click(screen.getByRole("button", { name: "Calculer" }));
    const result = request(data, { measure: "margin", period: "month", topN: 10, horizon: 12, basis: "sales" }, "fr");
    await waitFor(() => expect(cards()).toHaveLength(1));
    checkCard(cards()[0], result, result.series[0], "fr");
    expect(stat(cards()[0], "ops-trend-last").value).toMatch(/€$/);
  });

  it("draws: writeTrends gets trendsForSheet's series and the policy's floor, target and basis; the outcome is shown", async () => {
    const { port, data } = salesTrendsPort(30);
    // The adapter returns the computation's notes with its own: only its own are added to the outcome.
    const computed = trendsForSheet(data, { measure: "revenue", period: "month", breakdown: "region", topN: 10, horizon: 12, basis: "sales", lang: "en" }, "sales");
    expect(computed.result.messages.length).toBeGreaterThan(0);
    port.trends.messages = [...computed.result.messages, { code: "summary.pageSetupMissing", severity: "info" }];
    const { user } = await openTrends(port);
    await user.selectOptions(screen.getByLabelText("Break down by"), "region");
    await user.click(screen.getByRole("button", { name: "Draw in the workbook" }));
    await waitFor(() => expect(outcome()).toMatch(/^Sheet “OPS Trends” written: \d+ rows, \d+ chart\(s\)\./));
    expect(outcome()).toMatch(/ExcelApi 1\.9/);
    expect(screen.getByTestId("ops-trends-details").querySelectorAll("li")).toHaveLength(1);
    const [[req]] = port.callsOf("writeTrends") as [[TrendsWriteRequest]];
    const want = trendsForSheet(data, { measure: "revenue", period: "month", breakdown: "region", topN: 10, horizon: 12, basis: "sales", lang: "en" }, "sales");
    expect(req.data.id).toBe(data.id);
    expect(req.result.measure).toBe("revenue");
    expect(req.result.breakdown).toBe("region");
    expect(req.result.horizon).toBe(12);
    expect(req.result.series.map((s) => s.name)).toEqual(want.result.series.map((s) => s.name));
    req.result.series.forEach((s, i) => expect(Array.from(s.actual)).toEqual(Array.from(want.result.series[i].actual)));
    expect(req.rate?.measure).toBe("marginRate");
    expect(Array.from(req.rate!.series[0].actual)).toEqual(Array.from(want.rate!.series[0].actual));
    const p = basicPolicy();
    expect(req.policy).toEqual({ floor: p.floor, target: p.target, basis: p.basis });
    expect(port.trendsOptions[0]?.signal).toBeInstanceOf(AbortSignal);
    // What was drawn is shown: three cards (the total, then the regions by size: Sud has the larger products).
    expect(cards().map((c) => c.getAttribute("data-series"))).toEqual(["Total", "Sud", "Nord"]);
    expect(want.result.series.map((s) => s.name)).toEqual(["", "Sud", "Nord"]);
    const n = want.result.series.length;
    expect(outcome()).toContain(`${n + 2} chart(s)`);
  });

  it("shows the progress of the draw, and Cancel aborts it; a late answer is ignored", async () => {
    const { port } = salesTrendsPort(30);
    const { user } = await openTrends(port);
    const held = port.hold("writeTrends");
    await user.click(screen.getByRole("button", { name: "Draw in the workbook" }));
    const call = await held;
    act(() => call.progress(3, 8));
    await waitFor(() => expect(screen.getByTestId("ops-progress")).toHaveAttribute("aria-valuetext", "3 of 8"));
    expect(screen.getByRole("button", { name: "Working…" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(call.aborted).toBe(true);
    await waitFor(() => expect(outcome()).toBe("Drawing cancelled."));
    expect(screen.queryByTestId("ops-progress")).toBeNull();
    expect(screen.getByRole("button", { name: "Draw in the workbook" })).toBeEnabled();
    await act(async () => {
      call.release();
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(outcome()).toBe("Drawing cancelled.");
  });

  it("shows a failing draw as its catalogue message, never the raw text", async () => {
    const { port } = salesTrendsPort(30);
    port.setError("writeTrends", new WorkbookError({ code: "excel.sheetProtected", severity: "error", params: { sheet: "OPS Trends" } }));
    const { user } = await openTrends(port);
    await user.click(screen.getByRole("button", { name: "Draw in the workbook" }));
    await waitFor(() => expect(screen.getByTestId("ops-trends-outcome")).toHaveAttribute("data-intent", "error"));
    expect(outcome()).toBe(formatMessage({ code: "excel.sheetProtected", severity: "error", params: { sheet: "OPS Trends" } }, "en"));
    port.setError("writeTrends", new Error("GeneralException at line 3"));
    await user.click(screen.getByRole("button", { name: "Draw in the workbook" }));
    await waitFor(() => expect(outcome()).toBe(t("pane.error.unexpected", "en")));
    expect(outcome()).not.toMatch(/GeneralException/);
  });

  it("removes the sheet, or says there is none", async () => {
    const { port } = salesTrendsPort(30);
    const { user } = await openTrends(port);
    await user.click(screen.getByRole("button", { name: "Remove the sheet" }));
    await waitFor(() => expect(outcome()).toBe("OPS's trends sheet was removed."));
    expect(port.callsOf("clearTrends")).toHaveLength(1);
    port.trends.removed = false;
    await user.click(screen.getByRole("button", { name: "Remove the sheet" }));
    await waitFor(() => expect(outcome()).toBe("There is no OPS trends sheet to remove."));
  });

  it("hides the draw buttons when the port has no writeTrends / clearTrends", async () => {
    const { port } = salesTrendsPort(30, { methods: [] });
    const { user } = await openTrends(port);
    expect(screen.queryByRole("button", { name: "Draw in the workbook" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Remove the sheet" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Calculate" }));
    await waitFor(() => expect(cards()).toHaveLength(1));
  });

  it("refuses a horizon that is not a whole number, with a message by the field", async () => {
    const { port } = salesTrendsPort(30);
    const { user } = await openTrends(port);
    const horizon = screen.getByLabelText("Forecast horizon (periods)");
    await user.clear(horizon);
    expect(screen.getByText("Enter a whole number from 1 to 60.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Calculate" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Draw in the workbook" })).toBeDisabled();
    await user.type(horizon, "6");
    expect(screen.getByRole("button", { name: "Calculate" })).toBeEnabled();
    await user.click(screen.getByRole("button", { name: "Calculate" }));
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(stat(cards()[0], "ops-trend-horizon").label).toBe("Forecast total (6 periods)");
  });

  it("a table without dates: no series, the core's message listed", async () => {
    const { port, data } = salesPort(12);
    const { user } = await openTrends(port);
    await user.click(screen.getByRole("button", { name: "Calculate" }));
    await screen.findByText("No series could be computed.");
    expect(cards()).toHaveLength(0);
    const [msg] = buildTrends(data, { measure: "revenue", lang: "en" }).messages;
    expect(msg.code).toBe("trends.noDate");
    expect(screen.getByTestId("ops-trends-messages")).toHaveTextContent(formatMessage(msg, "en"));
  });

  it("gives the last calculation's headlines to the OPS Summary (total and values, last whole period, change)", async () => {
    const data = monthlySalesDataSet(30);
    const port = new FakeSharePort({ sources: [sourceOf(data)], dataSets: { [data.id]: data } });
    const { user } = await openTrends(port);
    await user.selectOptions(screen.getByLabelText("Break down by"), "region");
    await user.click(screen.getByRole("button", { name: "Calculate" }));
    await waitFor(() => expect(cards()).toHaveLength(3));
    await user.click(tab("Check"));
    await user.click(screen.getByRole("button", { name: /^Run the check/ }));
    await screen.findByRole("button", { name: "Run the check again" });
    await user.click(tab("Share"));
    await user.click(screen.getByRole("button", { name: "Prepare the summary" }));
    await waitFor(() => expect(port.callsOf("writeSummary")).toHaveLength(1));
    const [req] = port.callsOf("writeSummary")[0] as [SummaryRequest];
    const result = request(data, { measure: "revenue", period: "month", breakdown: "region", topN: 10, horizon: 12, basis: "sales" });
    expect(req.trends?.map((h) => h.label)).toEqual(["Revenue — Total", "Revenue — Sud", "Revenue — Nord"]);
    req.trends!.forEach((h, i) => {
      const s = result.series[i];
      const j = lastWhole(s);
      expect(h.period).toBe(s.labels[j]);
      expect(h.lastValue).toBe(s.actual[j]);
      expect(h.change).toBe(s.change[j]);
      expect(h.changeKind).toBe("relative");
      expect(h.format).toBe("currency");
    });
  });

  it("before a calculation the summary gets the headlines computed from the checked table (revenue by month, margin rate)", async () => {
    const data = monthlySalesDataSet(30);
    const port = new FakeSharePort({ sources: [sourceOf(data)], dataSets: { [data.id]: data } });
    const { user } = await openTrends(port);
    await user.click(tab("Check"));
    await user.click(screen.getByRole("button", { name: /^Run the check/ }));
    await screen.findByRole("button", { name: "Run the check again" });
    await user.click(tab("Share"));
    await user.click(screen.getByRole("button", { name: "Prepare the summary" }));
    await waitFor(() => expect(port.callsOf("writeSummary")).toHaveLength(1));
    const [req] = port.callsOf("writeSummary")[0] as [SummaryRequest];
    expect(req.trends).toEqual(summaryHeadlines(data, "en", "sales").trends);
    expect(req.trends![0].label).toBe("Revenue, last period");
  });

  it("has no axe violations with results shown", async () => {
    const { port } = salesTrendsPort(30);
    const { user, container } = await openTrends(port);
    await user.selectOptions(screen.getByLabelText("Break down by"), "product");
    await user.click(screen.getByRole("button", { name: "Calculate" }));
    await waitFor(() => expect(cards()).toHaveLength(5));
    const res = await axe.run(container, { rules: { "color-contrast": { enabled: false }, region: { enabled: false } } });
    expect(res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
});
