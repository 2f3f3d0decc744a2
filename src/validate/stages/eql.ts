import { findingAt, type RuleCheck } from "../check.js";

/** An EQL checker that throws an error carrying the 0-based `offset` of the problem in the query. */
export type EqlCheck = (query: string) => unknown;

const QUERY_PATH = ["rule", "query"] as const;

/**
 * Parses and verifies the query of every `language = "eql"` rule as Elasticsearch would before running it;
 * a rejection is a finding at its position inside the query.
 */
export function eqlSyntaxCheck(check: EqlCheck): RuleCheck {
  return (context) => {
    if (context.deprecated || context.rule.language !== "eql") return [];
    const query = context.rule.query;
    if (typeof query !== "string" || query.trim() === "") return [];
    try {
      check(query);
      return [];
    } catch (error) {
      const offset = (error as { offset?: unknown }).offset;
      if (typeof offset !== "number") throw error;
      // "end of input" errors point past trailing newlines, i.e. at the closing quotes; the query's end reads better.
      const position = context.file.positionInValue(
        [...QUERY_PATH],
        Math.min(offset, query.trimEnd().length),
      );
      return [
        {
          ...findingAt(context, "eql-syntax", [...QUERY_PATH], `query: ${(error as Error).message}`),
          line: position.line,
          column: position.column,
        },
      ];
    }
  };
}
