/* CustomFunctions does not exist under Node: a minimal global with Error and ErrorCode, as office-facts.md describes. */
const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;
class CustomFunctionsError extends Error {
  code: string;
  constructor(code: string, message?: string) {
    super(message ?? code);
    this.code = code;
    this.name = "CustomFunctions.Error";
  }
}
(globalThis as unknown as { CustomFunctions: unknown }).CustomFunctions = {
  Error: CustomFunctionsError,
  ErrorCode,
  associate: () => undefined,
};
export {};
