/** Types of scripts/functions-fr-plugin.js (plain CommonJS for webpack.config.js). */
import type { Compiler } from "webpack";

export interface FunctionsFrPluginOptions {
  /** Path of the catalogue JSON (default src/functions/catalogue.json). */
  catalogue?: string;
  /** Asset written by CustomFunctionsMetadataPlugin (default "functions.json"). */
  input?: string;
  /** Asset to emit (default "functions-fr.json"). */
  output?: string;
  /** Catalogue language to use (default "fr"). */
  lang?: string;
}

export interface MetadataParameter {
  name: string;
  description?: string;
  [key: string]: unknown;
}
export interface MetadataFunction {
  id: string;
  name: string;
  description?: string;
  parameters?: MetadataParameter[];
  [key: string]: unknown;
}
export interface FunctionsMetadata {
  functions: MetadataFunction[];
  [key: string]: unknown;
}

export declare class FunctionsFrPlugin {
  constructor(options?: FunctionsFrPluginOptions);
  apply(compiler: Compiler): void;
}

export declare function localiseMetadata(
  metadata: FunctionsMetadata,
  catalogue: { functions: Array<{ id: string } & Record<string, unknown>> },
  lang?: string,
): { metadata: FunctionsMetadata; problems: string[] };

export declare const DEFAULT_CATALOGUE: string;
