export * from "./ast.js";
export { KqlTranslationError, toElasticsearchQuery, } from "./dsl.js";
export { parseKql } from "./parser.js";
export { printKql } from "./printer.js";
export { kqlFieldReferences } from "./references.js";
export { KqlSyntaxError } from "./syntax-error.js";
