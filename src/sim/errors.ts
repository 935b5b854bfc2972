/**
 * Errors shaped like Office's `OfficeExtension.Error` (name "RichApi.Error", code, message, debugInfo), with the codes
 * and English messages of the Excel JavaScript API (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-error-handling).
 */

export const SIM_MESSAGES: Record<string, string> = {
  AccessDenied: "You cannot perform the requested operation.",
  GeneralException: "There was an internal error while processing the request.",
  InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
  InvalidOperation: "The operation attempted is invalid on the object.",
  InvalidReference: "This reference is not valid for the current operation.",
  InvalidRequestContext: "Cannot use the object across different request contexts.",
  InvalidObjectPath: "The object path isn't working for what you're trying to do.",
  ItemAlreadyExists: "The resource being created already exists.",
  ItemNotFound: "The requested resource doesn't exist.",
  RangeExceedsLimit: "The cell count in the range has exceeded the maximum supported number.",
  RequestPayloadSizeLimitExceeded: "The request payload size has exceeded the limit.",
  ResponsePayloadSizeLimitExceeded: "The response payload size has exceeded the limit.",
  PropertyNotLoaded:
    "The property '{0}' is not available. Before reading the property's value, call the load method on the containing object and call \"context.sync()\" on the associated request context.",
  NotImplemented: "The requested feature isn't implemented.",
};

const STATUS: Record<string, number> = {
  AccessDenied: 401,
  GeneralException: 500,
  InvalidArgument: 400,
  InvalidObjectPath: 400,
  InvalidRequestContext: 400,
  PropertyNotLoaded: 400,
  ItemNotFound: 404,
  ItemAlreadyExists: 409,
  RequestPayloadSizeLimitExceeded: 413,
  ResponsePayloadSizeLimitExceeded: 413,
};

export interface SimDebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
  statement?: string;
}

/** What Excel's batch API rejects with. `instanceof Error`, `name === "RichApi.Error"`, `code` as Excel.ErrorCodes. */
export class SimRichApiError extends Error {
  readonly code: string;
  readonly debugInfo: SimDebugInfo;
  readonly httpStatusCode: number;
  readonly traceMessages: string[] = [];
  readonly innerError: null = null;
  constructor(code: string, message?: string, errorLocation?: string) {
    const msg = message ?? SIM_MESSAGES[code] ?? code;
    super(msg);
    Object.setPrototypeOf(this, SimRichApiError.prototype);
    this.name = "RichApi.Error";
    this.code = code;
    this.httpStatusCode = STATUS[code] ?? 500;
    this.debugInfo = { code, message: msg, errorLocation };
  }
  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

export function simError(code: string, errorLocation?: string, message?: string): SimRichApiError {
  return new SimRichApiError(code, message, errorLocation);
}

export function propertyNotLoaded(entity: string, property: string): SimRichApiError {
  return new SimRichApiError("PropertyNotLoaded", SIM_MESSAGES.PropertyNotLoaded.replace("{0}", property), `${entity}.${property}`);
}

/** A part of the Excel API the simulated host does not implement: a plain Error, so a test sees it plainly. */
export class SimNotSupportedError extends Error {
  constructor(what: string) {
    super(`not supported by the simulated host: ${what}`);
    this.name = "SimNotSupportedError";
  }
}

export function notSupported(what: string): never {
  throw new SimNotSupportedError(what);
}
