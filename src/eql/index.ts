/** EQL as Elasticsearch implements it: parse, print, verify, and search documents with its semantics. */
export type * from "./ast.js";
export { EQL_FUNCTIONS, type EqlFunctionSpec, eqlFunction } from "./functions.js";
export { parseEql } from "./parser.js";
export { printEql } from "./printer.js";
export { type EqlErrorType, EqlQueryError } from "./query-error.js";
export { verifyEql } from "./verify.js";

import type { EqlStatement } from "./ast.js";
import { parseEql } from "./parser.js";
import { verifyEql } from "./verify.js";

/** Parses and verifies a query as Elasticsearch does before it looks at any index. */
export function checkEql(query: string): EqlStatement {
  const statement = parseEql(query);
  verifyEql(statement, query);
  return statement;
}
