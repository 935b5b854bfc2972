/**
 * The simulated Excel host (tests and the browser preview only; never imported by the add-in's own code).
 *
 *   const host = createSimHost(await loadXlsx(bytes), { displayLanguage: "fr-FR" });
 *   await host.run(async (context) => { ... the same code as with Excel.run ... });
 *   host.stats.syncs, host.stats.maxRequestBytes ...;  await saveXlsx(host.workbook)
 *
 * See src/sim/README.md for what is simulated and how faithfully.
 */
export { createSimHost, EXCEL_ENUMS, type SimHost, type SimHostOptions } from "./host";
export { loadXlsx, saveXlsx } from "./xlsx";
export { SimWorkbook, SimSheet, SimTable, SimName, SimConditionalFormat, type CellExtra, type CellStyle, type SimHyperlink } from "./model";
export { SimErrorValue, type Stored } from "./cells";
export { SimRichApiError, SimNotSupportedError, simError } from "./errors";
export { DEFAULT_LIMITS, utf8Length, type SimLimits, type SimStats, type SyncRecord } from "./context";
export { formatValue, serialToParts } from "./format";
export { columnLetters, columnIndex, parseBounds, boundsAddress, qualifiedAddress, quoteSheetName, MAX_ROWS, MAX_COLS, type Bounds } from "./address";
