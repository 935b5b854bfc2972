/**
 * The one error type of the forecasting core. It is a RangeError (callers may catch RangeError) carrying a stable
 * `code` and `params`, so that the OPS.* wrappers and the task pane can turn it into an OpsMessage in the user's
 * language instead of showing the English text.
 */
export type ForecastErrorCode =
  | "forecast.tooFewPoints" // params: { needed, got, seasonLength }
  | "forecast.tooManyMissing" // params: { missing, total, maxShare }
  | "forecast.notFinite" // params: { index } (0-based position of the first infinite value)
  | "forecast.badSeasonLength" // params: { value, max }
  | "forecast.badHorizon" // params: { value }
  | "forecast.badConfidence"; // params: { value }

export class ForecastInputError extends RangeError {
  readonly code: ForecastErrorCode;
  readonly params: Record<string, number>;

  constructor(code: ForecastErrorCode, message: string, params: Record<string, number>) {
    super(message);
    this.name = "ForecastInputError";
    this.code = code;
    this.params = params;
  }
}
