export * from "./ast.js";
export type { DataViewField, KqlFieldMap, KqlFieldSpec } from "./data-view.js";
export {
  type KqlQueryConfig,
  type KqlTranslateOptions,
  KqlTranslationError,
  type QueryDsl,
  toElasticsearchQuery,
} from "./dsl.js";
export { type KqlParseOptions, parseKql } from "./parser.js";
export { type KqlPrintOptions, printKql } from "./printer.js";
export { type KqlFieldReference, type KqlValueReference, kqlFieldReferences } from "./references.js";
export { KqlSyntaxError } from "./syntax-error.js";
