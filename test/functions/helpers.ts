/** Helpers for the OPS.* function tests (not a test file). The CustomFunctions stub is set up by jest's setupFiles. */
import { isCfError } from "../../src/functions/args";

export interface Thrown {
  code: string;
  message: string;
}

/** Runs a function that should fail as a whole; returns its CustomFunctions.Error code and message. */
export function thrown(f: () => unknown): Thrown {
  try {
    f();
  } catch (e) {
    if (!isCfError(e)) throw new Error(`not a CustomFunctions.Error: ${String(e)}`);
    return { code: e.code, message: e.message };
  }
  throw new Error("the function did not fail");
}

/** A result cell as a comparable value: numbers and strings as they are, error cells as their code ("#N/A"). */
export function cell(v: unknown): unknown {
  return isCfError(v) ? v.code : v;
}

/** The whole spill with error cells shown as their codes (typed loosely, for expectations). */
export function cells(grid: unknown): any {
  if (!Array.isArray(grid)) return cell(grid);
  return grid.map((row) => (Array.isArray(row) ? row.map(cell) : cell(row)));
}

/** The message of an error cell. */
export function messageOf(v: unknown): string {
  return isCfError(v) ? v.message : "";
}

/** A column as Excel passes it: [[v1], [v2], ...]. */
export function col(...values: unknown[]): unknown[][] {
  return values.map((v) => [v]);
}

/** Makes Office report the given display language for the duration of `body`. */
export function withDisplayLanguage<T>(lang: string, body: () => T): T {
  const g = globalThis as { Office?: unknown };
  const before = g.Office;
  g.Office = { context: { displayLanguage: lang } };
  try {
    return body();
  } finally {
    g.Office = before;
  }
}

type Loose<T> = { [K in keyof T]: T[K] extends (...a: any[]) => unknown ? (...args: unknown[]) => any : T[K] };

/**
 * The functions typed as Excel really calls them: any value in any argument (a scalar where a range is declared, null
 * for an omitted optional argument), any value back. Their declared types are what custom-functions-metadata needs.
 */
export function loose<T>(module: T): Loose<T> {
  return module as Loose<T>;
}
