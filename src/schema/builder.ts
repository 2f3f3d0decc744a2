import { DacError } from "../errors.js";
import type { RuleCreatePropsOf, RuleType } from "./rule-schema.js";
import { type SchemaIssue, validateRuleCreate } from "./validate-rule.js";

/** A rule written in TypeScript broke a rule the types cannot express (ranges, formats) or came from plain JS. */
export class RuleDefinitionError extends DacError {
  constructor(
    readonly issues: SchemaIssue[],
    ruleName: string,
  ) {
    super(
      "input",
      `invalid rule "${ruleName}":\n${issues.map((issue) => `  ${issue.path.join(".") || "rule"}: ${issue.message}`).join("\n")}`,
    );
  }
}

/**
 * Defines a rule in TypeScript. `type` picks the rule's shape, so a field of another type (e.g.
 * new_terms_fields on a query rule) is a compile-time error; what types cannot check (risk_score range,
 * date math, non-empty strings) is checked when the rule is defined, throwing RuleDefinitionError.
 */
export function defineRule<T extends RuleType>(
  rule: RuleCreatePropsOf<T> & { type: T },
): RuleCreatePropsOf<T> {
  const issues = validateRuleCreate(rule);
  if (issues.length > 0)
    throw new RuleDefinitionError(issues, String((rule as { name?: unknown }).name ?? "?"));
  return rule;
}
