import type { Finding } from "../../findings/finding.js";
import type { FindingCode } from "../../findings/registry.js";
import { queryLanguage } from "../../languages.js";
import { ruleTypeModule } from "../../rule-types/registry.js";
import type { KeyPath } from "../../schema/source.js";
import { findingAt, type RuleCheck, type RuleContext } from "../check.js";

/**
 * Parses every query of a rule in its language (the rule type module says which keys hold queries and in which
 * language; src/languages.ts how each language parses); a query that does not parse is a finding at its position.
 */
export const querySyntaxCheck: RuleCheck = (context) => {
  if (context.deprecated) return [];
  const findings: Finding[] = [];
  for (const { key, language } of ruleTypeModule(context.rule.type)?.queries(context.rule) ?? []) {
    const { parse, syntaxCode } = queryLanguage(language) ?? {};
    if (parse && syntaxCode) findings.push(...parseAt(context, parse, syntaxCode, ["rule", key]));
  }
  return findings;
};

function parseAt(
  context: RuleContext,
  parse: (query: string) => unknown,
  code: FindingCode,
  path: KeyPath,
): Finding[] {
  const key = path[path.length - 1];
  const query = context.rule[key as string];
  if (typeof query !== "string" || query.trim() === "") return [];
  try {
    parse(query);
    return [];
  } catch (error) {
    const offset = (error as { offset?: unknown }).offset;
    if (typeof offset !== "number") throw error;
    // "end of input" errors point past trailing newlines, i.e. at the closing quotes; the query's end reads better.
    const position = context.file.positionInValue(path, Math.min(offset, query.trimEnd().length));
    return [
      {
        ...findingAt(context, code, path, `${String(key)}: ${(error as Error).message}`),
        line: position.line,
        column: position.column,
      },
    ];
  }
}
