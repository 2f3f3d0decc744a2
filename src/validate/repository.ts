import type { Finding } from "../findings/finding.js";
import { findingAt, type RepositoryCheck, type RuleContext } from "./check.js";

/**
 * rule_id must be unique over every file, deprecated ones included (a deprecated id must never come back);
 * names only among active rules, since a rule is often rewritten under the name of the one it deprecates.
 */
export const uniquenessCheck: RepositoryCheck = (contexts) => [
  ...duplicates(contexts, (c) => c.ruleId, "rule_id", "rule-id-duplicate"),
  ...duplicates(
    contexts.filter((c) => !c.deprecated),
    (c) => (typeof c.rule.name === "string" ? c.rule.name : undefined),
    "name",
    "name-duplicate",
  ),
];

function duplicates(
  contexts: readonly RuleContext[],
  keyOf: (context: RuleContext) => string | undefined,
  key: "rule_id" | "name",
  code: "rule-id-duplicate" | "name-duplicate",
): Finding[] {
  const byKey = new Map<string, RuleContext[]>();
  for (const context of contexts) {
    const value = keyOf(context);
    if (value === undefined) continue;
    byKey.set(value, [...(byKey.get(value) ?? []), context]);
  }
  const findings: Finding[] = [];
  for (const [value, group] of byKey) {
    if (group.length < 2) continue;
    for (const context of group) {
      const others = group.filter((other) => other !== context).map((other) => other.file.path);
      findings.push(
        findingAt(context, code, ["rule", key], `${key} "${value}" is also used by ${others.join(", ")}`),
      );
    }
  }
  return findings;
}
