/** Stored cell values of the simulated workbook. Empty cells are `undefined`; errors are `SimErrorValue`s. */

export const ERROR_CODES = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"] as const;

const INSTANCES = new Map<string, SimErrorValue>();

/** An Excel error value (#N/A...). One shared instance per code. */
export class SimErrorValue {
  private constructor(readonly code: string) {}
  static of(code: string): SimErrorValue {
    let e = INSTANCES.get(code);
    if (!e) {
      e = new SimErrorValue(code);
      INSTANCES.set(code, e);
    }
    return e;
  }
  /** The error a text like "#N/A" stands for when typed into a cell, else null. */
  static fromText(s: string): SimErrorValue | null {
    const u = s.trim().toUpperCase();
    return (ERROR_CODES as readonly string[]).includes(u) ? SimErrorValue.of(u) : null;
  }
  toString(): string {
    return this.code;
  }
}

export type Stored = number | string | boolean | SimErrorValue;
