export type * from "./ast.js";
export { parseEsql } from "./parser.js";
export { printEsql, printExpression } from "./printer.js";
export { EsqlSyntaxError } from "./syntax-error.js";
