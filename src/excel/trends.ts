/**
 * The "OPS Trends" sheet (issue 9): the cells and charts of src/core/trends/sheet.ts written by writeModelSheet
 * (temporary sheet, swap at the last sync, never a user's sheet), and its removal.
 */
import { trendsSheetModel, type TrendsSheetInput } from "../core/trends/sheet";
import type { Lang, OpsMessage, WorkOptions } from "../core/types";
import { clearModelSheet, writeModelSheet, type ModelSheetWrite } from "./model-sheet";
import type { WorkbookSnapshot } from "./owned-sheets";

type Ctx = Excel.RequestContext;

export function writeTrendsSheet(ctx: Ctx, snap: WorkbookSnapshot, input: TrendsSheetInput, options: WorkOptions = {}): Promise<ModelSheetWrite> {
  return writeModelSheet(ctx, snap, "trends", trendsSheetModel(input), { ...options, lang: input.lang });
}

export function clearTrendsSheet(ctx: Ctx, snap: WorkbookSnapshot, lang: Lang): Promise<{ removed: boolean; messages: OpsMessage[] }> {
  return clearModelSheet(ctx, snap, "trends", lang);
}
