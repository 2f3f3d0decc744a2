import { queryLanguage } from "../languages.js";
import { apiPathToTomlPath, tomlLayoutIssues, tomlRuleToApi } from "../schema/convert.js";
import type { RuleFile } from "../schema/rule-file.js";
import type { SourcePosition } from "../schema/source.js";
import { validateRuleCreate } from "../schema/validate-rule.js";
import { ruleTypeModule } from "./registry.js";

/** A fault of the rule itself, at its place in the rule file. */
export interface RuleProblem {
  position: SourcePosition;
  message: string;
}

/**
 * The first fault that keeps a rule from running, in the rule file: a schema error (Kibana would reject the
 * rule) or a query of its type that does not parse in its language. Rule tests and `dac run` report it against
 * the rule file. A type dac cannot run has none here: refusing it says why, whatever else is wrong.
 */
export function firstRuleProblem(file: RuleFile): RuleProblem | undefined {
  const rule = file.rule;
  if (!rule) return { position: { line: 1, column: 1 }, message: "the file has no [rule] table" };
  if (ruleTypeModule(rule.type)?.execution.runnable === false) return undefined;
  const schemaIssue = [
    ...tomlLayoutIssues(rule),
    ...validateRuleCreate(tomlRuleToApi(rule)).map((issue) => ({
      ...issue,
      path: apiPathToTomlPath(issue.path, rule),
    })),
  ].find((issue) => issue.kind === "schema");
  if (schemaIssue) {
    const where = schemaIssue.path.length === 0 ? "rule" : `rule.${schemaIssue.path.join(".")}`;
    return {
      position: file.positionOf(["rule", ...schemaIssue.path]),
      message: `${where}: ${schemaIssue.message}`,
    };
  }
  for (const { key, language } of ruleTypeModule(rule.type)?.queries(rule) ?? []) {
    const query = rule[key];
    const parse = queryLanguage(language)?.parse;
    if (typeof query !== "string" || !parse) continue;
    try {
      parse(query);
    } catch (error) {
      const offset = (error as { offset?: unknown }).offset;
      if (typeof offset !== "number") throw error;
      return {
        position: file.positionInValue(["rule", key], Math.min(offset, query.trimEnd().length)),
        message: `${key}: ${(error as Error).message}`,
      };
    }
  }
  return undefined;
}
