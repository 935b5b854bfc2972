/**
 * The preview's view of the simulated workbook: one tab per sheet and a read-only grid of the chosen sheet, rows
 * virtualised (only those on screen are in the DOM, so a 100,000-row sheet scrolls freely), values shown with their
 * number formats, cell styles (bold, italic, fill, colour), the cells that formula-based conditional formats mark
 * (OPS's highlight among them), and the workbook's selection (OPS selects a finding's source row): the grid follows
 * it to its sheet and row.
 *
 * It is a plain ARIA table (rows, column and row headers), inside a focusable scroll region so the keyboard scrolls it.
 * Workbook text is rendered as React text only.
 */
import { makeStyles, mergeClasses, Tab, TabList, Text, tokens } from "@fluentui/react-components";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Lang } from "../core/types";
import { boundsAddress, columnLetters } from "../sim/address";
import type { SimSheet, SimWorkbook } from "../sim/model";
import { cellDisplay } from "./cell-text";
import { chartSvgMarkup, chartSvgModel } from "./chart-svg";
import { conditionalFormatApplies } from "./cf-eval";
import { pt } from "./text";
import { visuallyHidden } from "../taskpane/styles";

const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 24;
const ROW_HEADER_WIDTH = 56;
const DEFAULT_COL_WIDTH = 72;
const MIN_COL_WIDTH = 28;
/** Columns drawn at most (the grid is for looking at the data, not a spreadsheet). */
export const MAX_GRID_COLUMNS = 60;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", minHeight: 0, height: "100%" },
  tabs: { flexShrink: 0, overflowX: "auto", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  info: { display: "flex", gap: tokens.spacingHorizontalM, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`, flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground2 },
  scroll: {
    flexGrow: 1,
    minHeight: 0,
    overflow: "auto",
    position: "relative",
    backgroundColor: tokens.colorNeutralBackground1,
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
  },
  table: { position: "relative", fontSize: tokens.fontSizeBase200, fontVariantNumeric: "tabular-nums" },
  headerGroup: { position: "sticky", top: 0, zIndex: 3 },
  headerRow: {
    display: "flex",
    height: `${HEADER_HEIGHT}px`,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
  },
  row: { position: "absolute", left: 0, display: "flex", height: `${ROW_HEIGHT}px` },
  cell: {
    boxSizing: "border-box",
    flexShrink: 0,
    height: "100%",
    padding: "0 4px",
    lineHeight: `${ROW_HEIGHT - 1}px`,
    overflow: "hidden",
    whiteSpace: "nowrap",
    textOverflow: "clip",
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  colHeader: { textAlign: "center", fontWeight: tokens.fontWeightSemibold, lineHeight: `${HEADER_HEIGHT - 1}px` },
  rowHeader: {
    position: "sticky",
    left: 0,
    zIndex: 2,
    textAlign: "end",
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
  },
  corner: { position: "sticky", left: 0, zIndex: 3, backgroundColor: tokens.colorNeutralBackground3 },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}`, outlineOffset: "-2px" },
  selectedHeader: { backgroundColor: tokens.colorBrandBackground2, color: tokens.colorNeutralForeground1 },
  marked: { borderLeft: `4px solid ${tokens.colorPaletteRedBorder2}` },
  srOnly: visuallyHidden,
  empty: { padding: tokens.spacingHorizontalM },
});

/** Rows and columns a sheet uses, counted from A1 (values and formulas; formats alone do not count). Cheap: column lengths. */
export function sheetExtent(sheet: SimSheet): { rows: number; cols: number } {
  let rows = 0;
  let cols = 0;
  for (let c = 0; c < sheet.cols.length; c++) {
    const col = sheet.cols[c];
    if (!col || col.length === 0) continue;
    let n = col.length;
    while (n > 0 && col[n - 1] === undefined) n--;
    if (n > 0) {
      cols = c + 1;
      if (n > rows) rows = n;
    }
  }
  return { rows, cols };
}

export interface SheetGridProps {
  workbook: SimWorkbook;
  /** Changes whenever the workbook may have changed (after syncs); the grid redraws. */
  version: number;
  lang: Lang;
  theme: "light" | "dark";
}

export function SheetGrid({ workbook, version, lang, theme }: SheetGridProps): JSX.Element {
  const styles = useStyles();
  const sheets = workbook.sheets.filter((s) => s.visibility !== "VeryHidden");
  const [sheetName, setSheetName] = useState<string>(() => workbook.activeSheet?.name ?? sheets[0]?.name ?? "");
  const sheet = sheets.find((s) => s.name === sheetName) ?? workbook.activeSheet ?? sheets[0];

  // A new workbook: show its active sheet.
  const lastWorkbook = useRef(workbook);
  useEffect(() => {
    if (lastWorkbook.current !== workbook) {
      lastWorkbook.current = workbook;
      setSheetName(workbook.activeSheet?.name ?? workbook.sheets[0]?.name ?? "");
    }
  }, [workbook]);

  // OPS activated another sheet (a report, summary or trends sheet it wrote): show it, as Excel does.
  const activeName = workbook.activeSheet?.name ?? "";
  const lastActive = useRef(activeName);
  useEffect(() => {
    if (activeName === lastActive.current) return;
    lastActive.current = activeName;
    if (activeName) setSheetName(activeName);
  }, [activeName, version]);

  // The workbook's selection moved (OPS selected a finding's row): go to its sheet; the grid scrolls to it.
  const selection = workbook.selection;
  const selectionKey = selection ? `${selection.sheet.name}!${boundsAddress(selection.bounds)}` : "";
  const [scrollTarget, setScrollTarget] = useState<{ key: string; row: number } | null>(null);
  const lastSelection = useRef(selectionKey);
  useEffect(() => {
    if (selectionKey === lastSelection.current) return;
    lastSelection.current = selectionKey;
    if (selection) {
      setSheetName(selection.sheet.name);
      setScrollTarget({ key: selectionKey, row: selection.bounds.r0 });
    }
  }, [selectionKey, selection]);

  if (!sheet) {
    return <Text className={styles.empty}>{pt("gridEmpty", lang)}</Text>;
  }
  return (
    <div className={styles.root}>
      <TabList
        className={styles.tabs}
        size="small"
        selectedValue={sheet.name}
        onTabSelect={(_, d) => setSheetName(String(d.value))}
        aria-label={pt("sheets", lang)}
        data-testid="preview-sheet-tabs"
      >
        {sheets.map((s) => (
          <Tab key={s.id} value={s.name} data-sheet={s.name}>
            {s.visibility === "Hidden" ? pt("sheetHidden", lang, { name: s.name }) : s.name}
          </Tab>
        ))}
      </TabList>
      <SheetTable
        key={`${sheet.id}`}
        workbook={workbook}
        sheet={sheet}
        version={version}
        lang={lang}
        theme={theme}
        scrollToRow={scrollTarget && selection?.sheet === sheet ? scrollTarget : null}
      />
    </div>
  );
}

interface CellPaint {
  fill?: string;
  color?: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
}

function SheetTable({
  workbook,
  sheet,
  version,
  lang,
  theme,
  scrollToRow,
}: {
  workbook: SimWorkbook;
  sheet: SimSheet;
  version: number;
  lang: Lang;
  theme: "light" | "dark";
  scrollToRow: { key: string; row: number } | null;
}): JSX.Element {
  const styles = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const extent = useMemo(() => sheetExtent(sheet), [sheet, version]);
  const shownCols = Math.min(extent.cols, MAX_GRID_COLUMNS);
  const widths = useMemo(() => {
    const w: number[] = [];
    for (let c = 0; c < shownCols; c++) {
      const pts = sheet.colWidths.get(c);
      w.push(pts === undefined ? DEFAULT_COL_WIDTH : Math.max(MIN_COL_WIDTH, Math.round((pts * 96) / 72)));
    }
    return w;
  }, [sheet, shownCols, version]);
  const totalWidth = ROW_HEADER_WIDTH + widths.reduce((s, x) => s + x, 0);

  const virtualizer = useVirtualizer({
    count: extent.rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 800, height: 600 },
  });

  useEffect(() => {
    if (scrollToRow && scrollToRow.row < extent.rows) virtualizer.scrollToIndex(scrollToRow.row, { align: "center" });
  }, [scrollToRow?.key, extent.rows]);

  const selection = workbook.selection?.sheet === sheet ? workbook.selection.bounds : null;
  const customFormats = sheet.conditionalFormats.filter((cf) => cf.type === "Custom" && cf.formula);
  const items = virtualizer.getVirtualItems();
  const label = pt("grid", lang, { name: sheet.name });

  return (
    <>
      <div className={styles.info}>
        <Text size={200} className={styles.muted} data-testid="preview-grid-size">
          {pt("rows", lang, { rows: extent.rows.toLocaleString(lang === "fr" ? "fr-FR" : "en-US"), cols: extent.cols })}
        </Text>
        {extent.cols > shownCols && (
          <Text size={200} className={styles.muted}>
            {pt("gridTruncated", lang, { shown: shownCols, total: extent.cols })}
          </Text>
        )}
        {selection && (
          <Text size={200} className={styles.muted} data-testid="preview-selection" data-row={selection.r0 + 1}>
            {pt("selected", lang, { address: `${sheet.name}!${boundsAddress(selection)}` })}
          </Text>
        )}
      </div>
      <div
        ref={scrollRef}
        className={styles.scroll}
        tabIndex={0}
        role="region"
        aria-label={label}
        data-testid="preview-grid"
        data-sheet={sheet.name}
      >
        {extent.rows === 0 ? (
          <Text className={styles.empty}>{pt("gridEmpty", lang)}</Text>
        ) : (
          <div
            role="table"
            aria-label={label}
            aria-rowcount={extent.rows + 1}
            aria-colcount={shownCols + 1}
            className={styles.table}
            style={{ width: totalWidth, height: HEADER_HEIGHT + virtualizer.getTotalSize() }}
          >
            <div role="rowgroup" className={styles.headerGroup} style={{ width: totalWidth }}>
              <div role="row" aria-rowindex={1} className={styles.headerRow} style={{ width: totalWidth }}>
                <div role="columnheader" className={mergeClasses(styles.cell, styles.colHeader, styles.corner)} style={{ width: ROW_HEADER_WIDTH }}>
                  <span className={styles.srOnly}>{lang === "fr" ? "Ligne" : "Row"}</span>
                </div>
                {widths.map((w, c) => (
                  <div
                    key={c}
                    role="columnheader"
                    className={mergeClasses(styles.cell, styles.colHeader, selection && c >= selection.c0 && c <= selection.c1 ? styles.selectedHeader : undefined)}
                    style={{ width: w }}
                  >
                    {columnLetters(c)}
                  </div>
                ))}
              </div>
            </div>
            <div role="rowgroup">
              {items.map((item) => {
                const r = item.index;
                const rowSelected = selection !== null && r >= selection.r0 && r <= selection.r1;
                let marked = false;
                const cells = widths.map((w, c) => {
                  const stored = sheet.get(r, c);
                  const extra = sheet.extra(r, c);
                  const display = cellDisplay(stored, extra?.numFmt ?? "General", workbook.date1904, lang);
                  const paint: CellPaint = {};
                  const st = extra?.style;
                  if (st) {
                    if (st.fill) paint.fill = st.fill;
                    // Without its own fill, a font colour meant for white paper is unreadable on the dark theme.
                    if (st.fontColor && (theme === "light" || st.fill)) paint.color = st.fontColor;
                    if (st.bold) paint.bold = true;
                    if (st.italic) paint.italic = true;
                    if (st.strikethrough) paint.strike = true;
                  }
                  for (const cf of customFormats) {
                    if (!conditionalFormatApplies(workbook, cf, r, c)) continue;
                    marked = true;
                    if (cf.fill) paint.fill = cf.fill;
                    if (cf.fontColor) paint.color = cf.fontColor;
                    if (cf.bold) paint.bold = true;
                    if (cf.italic) paint.italic = true;
                    if (cf.strikethrough) paint.strike = true;
                    if (cf.stopIfTrue) break;
                  }
                  const cellSelected = rowSelected && selection !== null && c >= selection.c0 && c <= selection.c1;
                  // Text runs over into the next cell when that one is empty, as in Excel.
                  const spill = display.align === "start" && display.text !== "" && c + 1 < widths.length && sheet.get(r, c + 1) === undefined;
                  return (
                    <div
                      key={c}
                      role="cell"
                      className={mergeClasses(styles.cell, cellSelected ? styles.selected : undefined)}
                      style={{
                        width: w,
                        textAlign: display.align,
                        backgroundColor: paint.fill,
                        color: paint.fill && !paint.color ? "#000000" : paint.color,
                        fontWeight: paint.bold ? 600 : undefined,
                        fontStyle: paint.italic ? "italic" : undefined,
                        textDecoration: paint.strike ? "line-through" : undefined,
                        overflow: spill ? "visible" : undefined,
                        position: spill ? "relative" : undefined,
                        zIndex: spill ? 1 : undefined,
                      }}
                    >
                      {display.text}
                    </div>
                  );
                });
                return (
                  <div
                    key={r}
                    role="row"
                    aria-rowindex={r + 2}
                    className={styles.row}
                    style={{ top: HEADER_HEIGHT + item.start, width: totalWidth }}
                    data-row={r + 1}
                    data-marked={marked ? "true" : undefined}
                  >
                    <div
                      role="rowheader"
                      className={mergeClasses(styles.cell, styles.rowHeader, rowSelected ? styles.selectedHeader : undefined, marked ? styles.marked : undefined)}
                      style={{ width: ROW_HEADER_WIDTH }}
                    >
                      {r + 1}
                      {marked && <span className={styles.srOnly}> — {pt("highlighted", lang)}</span>}
                    </div>
                    {cells}
                  </div>
                );
              })}
            </div>
          </div>
        )}
        {sheet.charts.map((chart) => {
          // anchors: top-left of the `from` cell to top-left of the `to` cell (rows of the grid are uniform)
          const xAt = (c: number) => ROW_HEADER_WIDTH + widths.slice(0, c).reduce((a, b) => a + b, 0) + Math.max(0, c - widths.length) * DEFAULT_COL_WIDTH;
          const left = xAt(chart.anchor.from.c);
          const top = HEADER_HEIGHT + chart.anchor.from.r * ROW_HEIGHT;
          const w = Math.max(120, xAt(chart.anchor.to.c) - left);
          const h = Math.max(90, HEADER_HEIGHT + chart.anchor.to.r * ROW_HEIGHT - top);
          const markup = chartSvgMarkup(chartSvgModel(chart, w, h), theme === "dark" ? "#F0F0F0" : "#333333", theme === "dark" ? "#292929" : "#FFFFFF");
          return (
            <div
              key={chart.id}
              data-testid="preview-chart"
              data-chart={chart.name}
              style={{ position: "absolute", left, top, width: w, height: h, zIndex: 2, boxShadow: tokens.shadow4 }}
              dangerouslySetInnerHTML={{ __html: markup }}
            />
          );
        })}
      </div>
    </>
  );
}
