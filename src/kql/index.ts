export * from "./ast.js";
export { type DataViewField, type KqlFieldMap, type KqlFieldSpec } from "./data-view.js";
export {
  KqlTranslationError,
  type KqlQueryConfig,
  type KqlTranslateOptions,
  type QueryDsl,
  toElasticsearchQuery,
} from "./dsl.js";
export { type KqlParseOptions, parseKql } from "./parser.js";
export { type KqlPrintOptions, printKql } from "./printer.js";
export { type KqlFieldReference, type KqlValueReference, kqlFieldReferences } from "./references.js";
export { KqlSyntaxError } from "./syntax-error.js";
