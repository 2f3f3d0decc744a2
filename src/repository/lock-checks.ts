/**
 * What `dac validate` reports against the version lock and the deprecated-rules file: a rule changed since it
 * was locked (without a bump), a type change, a version going down, a retired rule_id coming back.
 */

import type { Finding } from "../findings/finding.js";
import { findingAt, type RepositoryCheck } from "../validate/check.js";
import { lockStatuses } from "./lock-status.js";
import type { RepositoryState } from "./repository.js";

export function versionLockCheck(state: RepositoryState): RepositoryCheck {
  return (contexts) => {
    const findings: Finding[] = [];
    const active = contexts.filter((context) => !context.deprecated);
    for (const context of active) {
      const retired = context.ruleId === undefined ? undefined : state.deprecated[context.ruleId];
      if (retired) {
        findings.push(
          findingAt(
            context,
            "deprecated-rule-reactivated",
            ["rule", "rule_id"],
            `rule_id ${context.ruleId} was deprecated on ${retired.deprecation_date} ("${retired.rule_name}"); a retired rule_id must not come back`,
            "give the rule a new rule_id",
          ),
        );
      }
    }
    // only locked rules can be stale: hashing the others would find nothing to report
    const locked = active.filter((context) => context.ruleId !== undefined && state.lock[context.ruleId]);
    const byFile = new Map(locked.map((context) => [context.file, context]));
    for (const rule of lockStatuses(
      [...byFile.keys()],
      state.lock,
      state.requiredFieldsOf,
      (file) => byFile.get(file)?.queries,
    )) {
      const context = byFile.get(rule.file)!;
      const { status } = rule;
      if (status.kind === "new" || (status.kind === "not-computable" && !status.locked)) continue;
      const locked = status.locked!;
      if (locked.type !== rule.type) {
        findings.push(
          findingAt(
            context,
            "version-lock-type-changed",
            ["rule", "type"],
            `type changed from "${locked.type}" (locked at version ${locked.version}) to "${rule.type}"`,
            "Kibana cannot change a rule's type in place: keep the type, or retire this rule_id and create a new rule",
          ),
        );
      }
      const own = context.rule.version;
      if (typeof own === "number" && own < locked.version) {
        findings.push(
          findingAt(
            context,
            "version-lock-version-decreased",
            ["rule", "version"],
            `version ${own} is below the locked version ${locked.version}; versions never go down`,
          ),
        );
      }
      if (status.kind !== "changed") continue;
      if (status.uncertain) {
        findings.push(
          findingAt(
            context,
            "version-lock-unverified",
            ["rule", "rule_id"],
            `content hash differs from the lock (version ${locked.version}), but ${status.uncertain}`,
          ),
        );
      } else {
        findings.push(
          findingAt(
            context,
            "version-lock-stale",
            ["rule", "rule_id"],
            `content changed since version ${locked.version} was locked, and the lock was not updated`,
            `run \`dac version lock\` to bump it to version ${locked.version + 1}`,
          ),
        );
      }
    }
    return findings;
  };
}
