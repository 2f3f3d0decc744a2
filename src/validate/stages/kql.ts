import type { Finding } from "../../findings/finding.js";
import type { KeyPath } from "../../schema/source.js";
import { findingAt, type RuleCheck, type RuleContext } from "../check.js";

/** A KQL parser that throws an error carrying the 0-based `offset` of the problem in the query. */
export type KqlParse = (query: string) => unknown;

/** Types whose `language` defaults to kuery when not written. */
const KUERY_BY_DEFAULT = new Set(["query", "saved_query", "threshold", "threat_match", "new_terms"]);

/** Parses every KQL query of a rule (query, and threat_query of indicator match rules); errors at their position. */
export function kqlSyntaxCheck(parse: KqlParse): RuleCheck {
  return (context) => {
    if (context.deprecated) return [];
    const { rule } = context;
    const type = typeof rule.type === "string" ? rule.type : "";
    const findings: Finding[] = [];
    const language = rule.language ?? (KUERY_BY_DEFAULT.has(type) ? "kuery" : undefined);
    if (language === "kuery") findings.push(...parseAt(context, parse, ["rule", "query"]));
    if (type === "threat_match" && (rule.threat_language ?? "kuery") === "kuery") {
      findings.push(...parseAt(context, parse, ["rule", "threat_query"]));
    }
    return findings;
  };
}

function parseAt(context: RuleContext, parse: KqlParse, path: KeyPath): Finding[] {
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
        ...findingAt(context, "kql-syntax", path, `${String(key)}: ${(error as Error).message}`),
        line: position.line,
        column: position.column,
      },
    ];
  }
}
