/**
 * The one table of rule types. The executor, the rule-test runner, the CLI and validation look a rule's type up
 * here instead of branching on it. Adding a rule type: a folder under src/rule-types/ and one line below.
 */
import type { Alert } from "../engine/execution/alert.js";
import type { RuleType } from "../schema/rule-schema.js";
import { eqlRuleType } from "./eql/index.js";
import { esqlRuleType } from "./esql/index.js";
import { machineLearningRuleType } from "./machine_learning/index.js";
import { newTermsRuleType } from "./new_terms/index.js";
import { queryRuleType } from "./query/index.js";
import type { RuleExecution, RuleFieldRef, RuleTypeModule } from "./rule-type.js";
import { savedQueryRuleType } from "./saved_query/index.js";
import { threatMatchRuleType } from "./threat_match/index.js";
import { thresholdRuleType } from "./threshold/index.js";

export const RULE_TYPES: { readonly [T in RuleType]: RuleTypeModule<T> } = {
  query: queryRuleType,
  saved_query: savedQueryRuleType,
  threshold: thresholdRuleType,
  threat_match: threatMatchRuleType,
  eql: eqlRuleType,
  esql: esqlRuleType,
  machine_learning: machineLearningRuleType,
  new_terms: newTermsRuleType,
};

/** The module of a type name as written in a rule; undefined for a name that is no rule type. */
export function ruleTypeModule(type: unknown): RuleTypeModule | undefined {
  return typeof type === "string" && Object.hasOwn(RULE_TYPES, type)
    ? RULE_TYPES[type as RuleType]
    : undefined;
}

/**
 * Fields a rule names outside its queries, by its type's module; a rule without a known type (a schema error
 * of its own) still has the fields of every type checked.
 */
export function ruleFieldRefs(rule: Record<string, unknown>): RuleFieldRef[] {
  const module = ruleTypeModule(rule.type);
  if (module) return module.fields(rule);
  return (Object.values(RULE_TYPES) as RuleTypeModule[]).flatMap((each) => each.fields(rule));
}

/** An alert in one line, in the shape its type's tests expect (`id [values]`, `threshold group ×N`, ...). */
export function describeAlert(type: RuleType, alert: Alert): string {
  const execution = RULE_TYPES[type].execution;
  if (!execution.runnable) return alert._id;
  return execution.expected.describe(execution.expected.asExpected(alert));
}

/** The rule types dac can execute, in table order. */
export function runnableRuleTypes(): RuleType[] {
  return (Object.values(RULE_TYPES) as RuleTypeModule[])
    .filter((module) => module.execution.runnable)
    .map((module) => module.type);
}

export type { RuleExecution };
