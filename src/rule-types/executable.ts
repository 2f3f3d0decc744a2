import { type ExecutableRule, UnsupportedRuleError } from "../engine/execution/executable-rule.js";
import { DacError } from "../errors.js";
import type { RuleCreatePropsOf, RuleType } from "../schema/rule-schema.js";
import { isRuleCreateProps, validateRuleCreate } from "../schema/validate-rule.js";
import { RULE_TYPES, ruleTypeModule, runnableRuleTypes } from "./registry.js";
import type { RuleExecution, RuleTypeModule } from "./rule-type.js";

/**
 * Reads an API-shaped rule (a create body) for execution: it must be a rule Kibana would accept, and of a type
 * the local engines can run (otherwise refused with the reason).
 */
export function toExecutableRule(rule: Record<string, unknown>): ExecutableRule {
  const execution = ruleTypeModule(rule.type)?.execution;
  if (execution && !execution.runnable) throw notRunnable(String(rule.type), execution.reason);
  if (!isRuleCreateProps(rule)) {
    const issues = validateRuleCreate(rule).filter((issue) => issue.kind === "schema");
    throw new DacError(
      "input",
      `the rule does not match Kibana's create-rule schema: ${issues.map((issue) => `${issue.path.join(".") || "rule"} ${issue.message}`).join("; ")}`,
    );
  }
  return readTypedRule(rule);
}

/** The type's module reads the rule from the typed model. */
function readTypedRule<T extends RuleType>(rule: RuleCreatePropsOf<T> & { type: T }): ExecutableRule {
  const execution: RuleTypeModule<T>["execution"] = RULE_TYPES[rule.type].execution;
  if (!execution.runnable) throw notRunnable(rule.type, execution.reason);
  return execution.read(rule);
}

/** The execution of an executable rule's type. */
export function executionFor(rule: ExecutableRule): RuleExecution<RuleType> {
  const execution = RULE_TYPES[rule.type].execution;
  if (!execution.runnable) throw notRunnable(rule.type, execution.reason);
  return execution as RuleExecution<RuleType>;
}

function notRunnable(type: string, reason: string): UnsupportedRuleError {
  return new UnsupportedRuleError(
    `rule type "${type}" cannot be executed locally: ${reason}; dac runs ${runnableRuleTypes().join(", ")} rules`,
  );
}
