/**
 * Turning anything a port call or the engine rejects with into a message for the user, in their language.
 * A WorkbookError carries an OpsMessage (code + params + location); anything else becomes a generic catalogue text.
 * Raw exception text is never shown.
 */
import { formatMessage, hasText } from "../core/i18n";
import type { Lang, OpsMessage } from "../core/types";
import { WorkbookError } from "../core/workbook-port";

function isOpsMessage(x: unknown): x is OpsMessage {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as OpsMessage).code === "string" &&
    (x as OpsMessage).code.length > 0
  );
}

/** The OpsMessage of a rejection: the WorkbookError's own, or a generic "unexpected" message (the raw text is dropped). */
export function toOpsMessage(err: unknown, fallbackCode = "pane.error.unexpected"): OpsMessage {
  if (err instanceof WorkbookError) return err.ops;
  // A WorkbookError from another bundle copy (the preview) is not `instanceof` this class: accept its shape.
  if (typeof err === "object" && err !== null && isOpsMessage((err as { ops?: unknown }).ops))
    return (err as { ops: OpsMessage }).ops;
  return { code: fallbackCode, severity: "error" };
}

/** True for the rejection of work that was cancelled (AbortError), whoever raised it. */
export function isAbortError(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return typeof err === "object" && err !== null && (err as { name?: unknown }).name === "AbortError";
}

/** A message in the user's language; a code the catalogue does not know gives a generic text naming the code. */
export function renderMessage(msg: OpsMessage, lang: Lang): string {
  if (hasText(msg.code, lang) || hasText(msg.code, "en")) return formatMessage(msg, lang);
  return formatMessage({ ...msg, code: "pane.error.unknownCode", params: { code: msg.code } }, lang);
}
