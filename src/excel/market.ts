/**
 * The "OPS Market" sheet (issue 10): the cells and charts of src/core/market/sheet.ts written by writeModelSheet
 * (temporary sheet, swap at the last sync, never a user's sheet), its removal, and the market choices remembered in
 * the workbook's settings ("ops.market": own company, competitor table, sales ledger).
 */
import { marketSheetModel, type MarketSheetInput } from "../core/market/sheet";
import type { Lang, OpsMessage, WorkOptions } from "../core/types";
import type { MarketSettings } from "../core/workbook-port";
import { clearModelSheet, writeModelSheet, type ModelSheetWrite } from "./model-sheet";
import type { WorkbookSnapshot } from "./owned-sheets";

type Ctx = Excel.RequestContext;

export const MARKET_SETTING = "ops.market";

export function writeMarketSheet(ctx: Ctx, snap: WorkbookSnapshot, input: MarketSheetInput, options: WorkOptions = {}): Promise<ModelSheetWrite> {
  return writeModelSheet(ctx, snap, "market", marketSheetModel(input), { ...options, lang: input.lang });
}

export function clearMarketSheet(ctx: Ctx, snap: WorkbookSnapshot, lang: Lang): Promise<{ removed: boolean; messages: OpsMessage[] }> {
  return clearModelSheet(ctx, snap, "market", lang);
}

/** Keeps only well-formed fields (text, at most 255 characters). */
export function parseMarketSettings(value: unknown): MarketSettings {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return {};
    }
  }
  if (!v || typeof v !== "object") return {};
  const out: MarketSettings = {};
  for (const k of ["own", "marketSource", "ledgerSource"] as const) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === "string" && x.trim() !== "" && x.length <= 255) out[k] = x.trim();
  }
  return out;
}

export async function readMarketSettings(ctx: Ctx): Promise<MarketSettings> {
  const s = ctx.workbook.settings.getItemOrNullObject(MARKET_SETTING);
  s.load("value");
  await ctx.sync();
  return s.isNullObject ? {} : parseMarketSettings(s.value);
}

export async function saveMarketSettings(ctx: Ctx, settings: MarketSettings): Promise<void> {
  ctx.workbook.settings.add(MARKET_SETTING, parseMarketSettings(settings));
  await ctx.sync();
}
