/**
 * Excel's errors -> WorkbookError with an OpsMessage (code + params) from the "excel" area of the catalogue.
 * The user never sees Office's raw text: the message says what happened and what to do, in their language.
 *
 * Office rejects a batch with an `OfficeExtension.Error` (name "RichApi.Error") whose `code` is one of
 * Excel.ErrorCodes / OfficeExtension.ErrorCodes; Excel on the web sometimes reports a payload too large only as a
 * general error, so the block writer treats both as "try a smaller block" (see write-blocks.ts).
 */
import { WorkbookError } from "../core/workbook-port";
import type { OpsMessage } from "../core/types";

export interface ErrorContext {
  /** The sheet being written, for "protected sheet" and "not found" messages. */
  sheet?: string;
  /** A name being created (sheet, table, defined name), for collisions. */
  name?: string;
  /** What was looked up (source id, table name...), for "not found". */
  item?: string;
}

/** The Office error code of an error (`code`, or `debugInfo.code`), if it is one. */
export function officeErrorCode(e: unknown): string | undefined {
  if (e === null || typeof e !== "object") return undefined;
  const o = e as { code?: unknown; debugInfo?: { code?: unknown }; name?: unknown };
  if (typeof o.code === "string" && o.code) return o.code;
  if (o.debugInfo && typeof o.debugInfo.code === "string") return o.debugInfo.code;
  return undefined;
}

function rawText(e: unknown): string {
  if (e && typeof e === "object") {
    const o = e as { message?: unknown; debugInfo?: { message?: unknown } };
    return `${typeof o.message === "string" ? o.message : ""} ${typeof o.debugInfo?.message === "string" ? o.debugInfo.message : ""}`;
  }
  return typeof e === "string" ? e : "";
}

export function isPayloadError(e: unknown): boolean {
  const code = officeErrorCode(e);
  return code === "RequestPayloadSizeLimitExceeded" || code === "ResponsePayloadSizeLimitExceeded" || code === "RangeExceedsLimit" || code === "OperationCellsExceedLimit";
}

export function isAbort(signal?: AbortSignal): boolean {
  return signal?.aborted === true;
}

const msg = (code: string, params: Record<string, string | number> | undefined, severity: OpsMessage["severity"] = "error"): OpsMessage => {
  const m: OpsMessage = { code, severity };
  if (params && Object.keys(params).length) m.params = params;
  return m;
};

/** The message for an Office error, without throwing. */
export function messageForError(e: unknown, ctx: ErrorContext = {}): OpsMessage {
  if (e instanceof WorkbookError) return e.ops;
  const code = officeErrorCode(e);
  const text = rawText(e).toLowerCase();
  const sheetParam = ctx.sheet ? { sheet: ctx.sheet } : undefined;
  if (code === "AccessDenied" || (code === "InvalidOperation" && /protect/.test(text))) {
    return ctx.sheet ? msg("excel.sheetProtected", sheetParam) : msg("excel.accessDenied", undefined);
  }
  if (code === "ItemAlreadyExists") return msg("excel.nameTaken", { name: ctx.name ?? "" });
  if (code === "RequestPayloadSizeLimitExceeded" || code === "ResponsePayloadSizeLimitExceeded" || code === "RangeExceedsLimit" || code === "OperationCellsExceedLimit") {
    return msg("excel.payloadTooLarge", undefined);
  }
  if (code === "ItemNotFound") return msg("excel.notFound", { item: ctx.item ?? ctx.sheet ?? ctx.name ?? "" });
  if (code === "InvalidOperationInCellEditMode") return msg("excel.cellEditMode", undefined);
  if (code === "FormulaLengthExceedsLimit") return msg("excel.highlightTooLong", { length: 0 });
  if (code === "Conflict" || code === "InsertDeleteConflict") return msg("excel.conflict", undefined);
  if (code === "RequestAborted") return msg("excel.cancelled", undefined, "info");
  return msg("excel.general", undefined);
}

/** Wraps any error as a WorkbookError (a WorkbookError passes through unchanged). */
export function toWorkbookError(e: unknown, ctx: ErrorContext = {}): WorkbookError {
  if (e instanceof WorkbookError) return e;
  return new WorkbookError(messageForError(e, ctx), e);
}

/** Runs `fn` and turns whatever it throws into a WorkbookError. */
export async function guard<T>(fn: () => Promise<T>, ctx: ErrorContext = {}): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toWorkbookError(e, ctx);
  }
}

export function workbookError(code: string, params?: Record<string, string | number>, severity: OpsMessage["severity"] = "error"): WorkbookError {
  return new WorkbookError(msg(code, params, severity));
}

export function cancelled(): WorkbookError {
  return workbookError("excel.cancelled", undefined, "info");
}

/** Throws the "cancelled" WorkbookError when the signal is aborted. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw cancelled();
}
