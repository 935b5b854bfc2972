/** Market analysis core (issue 10): competitor table analysis and price–volume–mix / margin bridges. Pure. */
export * from "./table";
export * from "./bridge";
export { rowPeriods, codeOfMonth, type RowPeriods } from "./periods";
