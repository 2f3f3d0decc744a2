import type { Finding } from "../../findings/finding.js";
import type { FindingCode } from "../../findings/registry.js";
import { type LanguageName, queryLanguage } from "../../languages.js";
import { ruleTypeModule } from "../../rule-types/registry.js";
import type { KeyPath } from "../../schema/source.js";
import { findingAt, type RuleCheck, type RuleContext } from "../check.js";
import { isSyntaxError } from "../parsed-queries.js";

/**
 * Parses every query of a rule in its language (the rule type module says which keys hold queries and in which
 * language; src/languages.ts how each language parses); a query that does not parse is a finding at its position.
 */
export const querySyntaxCheck: RuleCheck = (context) => {
  if (context.deprecated) return [];
  const findings: Finding[] = [];
  for (const { key, language } of ruleTypeModule(context.rule.type)?.queries(context.rule) ?? []) {
    const { syntaxCode } = queryLanguage(language) ?? {};
    if (syntaxCode) findings.push(...parseAt(context, language, syntaxCode, ["rule", key]));
  }
  return findings;
};

function parseAt(context: RuleContext, language: LanguageName, code: FindingCode, path: KeyPath): Finding[] {
  const key = String(path[path.length - 1]);
  const query = context.rule[key];
  if (typeof query !== "string" || query.trim() === "") return [];
  try {
    context.queries.parse(key, language);
    return [];
  } catch (error) {
    if (!isSyntaxError(error)) throw error;
    const { offset } = error;
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
