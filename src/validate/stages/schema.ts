import type { Finding } from "../../findings/finding.js";
import { apiPathToTomlPath, tomlLayoutIssues, tomlRuleToApi } from "../../schema/convert.js";
import { type SchemaIssue, validateRuleCreate } from "../../schema/validate-rule.js";
import { findingAt, type RuleCheck, type RuleContext } from "../check.js";

/**
 * Validates the rule as the Kibana create body it becomes, reporting each issue at the TOML key it came
 * from, plus the problems of the TOML-only new_terms layout.
 */
export const schemaCheck: RuleCheck = (context) => {
  if (context.deprecated) return [];
  const apiIssues = validateRuleCreate(tomlRuleToApi(context.rule)).map((issue) => ({
    ...issue,
    path: apiPathToTomlPath(issue.path, context.rule),
  }));
  return [...tomlLayoutIssues(context.rule), ...apiIssues].map((issue) => schemaFinding(context, issue));
};

function schemaFinding(context: RuleContext, issue: SchemaIssue): Finding {
  const where = issue.path.length === 0 ? "rule" : `rule.${issue.path.join(".")}`;
  return findingAt(context, issue.kind, ["rule", ...issue.path], `${where}: ${issue.message}`);
}
