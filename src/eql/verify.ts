/**
 * The checks Elasticsearch's analyzer makes without looking at a mapping: every function exists, takes that
 * many arguments and, when written with `~`, has a case-insensitive variant. Failures are verification_exception.
 */
import type { EqlStatement } from "./ast.js";
import { eqlFunction } from "./functions.js";
import { EqlQueryError } from "./query-error.js";
import { topExpressions, walkExpression } from "./walk.js";

export function verifyEql(statement: EqlStatement, query: string): void {
  for (const expression of topExpressions(statement)) {
    walkExpression(expression, (node) => {
      if (node.type !== "function") return;
      const fail = (message: string): never => {
        throw new EqlQueryError(message, query, node.start, "verification_exception");
      };
      const spec = eqlFunction(node.name);
      if (!spec) fail(`Unknown function [${node.name}]`);
      const { minArgs, maxArgs, name } = spec!;
      const count = node.args.length;
      if (count < minArgs || count > maxArgs) {
        const expected =
          maxArgs === minArgs
            ? `${minArgs}`
            : maxArgs === Number.POSITIVE_INFINITY
              ? `at least ${minArgs}`
              : `${minArgs} to ${maxArgs}`;
        fail(`error building [${name}]: expects ${expected} argument(s), found [${count}]`);
      }
      if (node.caseInsensitive && !spec!.caseInsensitive) {
        fail(`Function [${name}] does not support case-insensitive [~] matching`);
      }
    });
  }
}
