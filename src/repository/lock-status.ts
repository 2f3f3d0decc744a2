/**
 * Where each rule stands against the version lock: new, unchanged, changed (content hash differs), or not
 * computable by dac. Pure: the caller passes the rules, the lock and how to compute required_fields.
 */

import type { RuleFile } from "../schema/rule-file.js";
import type { ParsedQueries } from "../validate/parsed-queries.js";
import { isRecord } from "../validate/values.js";
import { type ContentHash, type RequiredFieldsOf, ruleContentHash } from "./content-hash.js";
import { type LockedVersion, lockedVersionFor, type VersionLock } from "./version-lock.js";

export type LockStatus =
  | { kind: "new"; sha256: string }
  | { kind: "unchanged"; locked: LockedVersion; sha256: string }
  /** `uncertain`: why the difference may come from what dac cannot know rather than from the rule. */
  | { kind: "changed"; locked: LockedVersion; sha256: string; uncertain?: string }
  | { kind: "not-computable"; locked?: LockedVersion; reason: string };

export interface LockedRule {
  file: RuleFile;
  /** The content hash and the exact text hashed: the rule as detection-rules ships it, less version and related_integrations. */
  hash: ContentHash;
  ruleId: string;
  name: string;
  type: string;
  minStackVersion?: string;
  status: LockStatus;
}

/**
 * Status of every rule file with a rule_id; files without one are left out (other checks report them).
 * `queriesOf`: a file's queries already parsed (by validation), when the caller has them.
 */
export function lockStatuses(
  files: readonly RuleFile[],
  lock: VersionLock,
  requiredFieldsOf: RequiredFieldsOf,
  queriesOf?: (file: RuleFile) => ParsedQueries | undefined,
): LockedRule[] {
  const result: LockedRule[] = [];
  for (const file of files) {
    const rule = file.rule;
    if (!rule || typeof rule.rule_id !== "string") continue;
    const metadata = file.metadata ?? {};
    const minStackVersion =
      typeof metadata.min_stack_version === "string" ? metadata.min_stack_version : undefined;
    const locked = lockedVersionFor(lock, rule.rule_id, minStackVersion);
    const transform = file.document?.transform;
    const queries = queriesOf?.(file);
    const hash = ruleContentHash(
      { rule, metadata, ...(isRecord(transform) ? { transform } : {}), ...(queries ? { queries } : {}) },
      requiredFieldsOf,
    );
    let status: LockStatus;
    if ("unsupported" in hash) {
      status = {
        kind: "not-computable",
        ...(locked ? { locked } : {}),
        reason: `dac cannot compute ${hash.unsupported}`,
      };
    } else if (!locked) {
      status = { kind: "new", sha256: hash.sha256 };
    } else if (locked.sha256 === hash.sha256) {
      status = { kind: "unchanged", locked, sha256: hash.sha256 };
    } else {
      status = {
        kind: "changed",
        locked,
        sha256: hash.sha256,
        ...(hash.uncertain === undefined ? {} : { uncertain: hash.uncertain }),
      };
    }
    result.push({
      file,
      hash,
      ruleId: rule.rule_id,
      name: String(rule.name ?? ""),
      type: String(rule.type ?? ""),
      ...(minStackVersion === undefined ? {} : { minStackVersion }),
      status,
    });
  }
  return result;
}

/**
 * The version a rule ships with: the locked one, one above it when the content surely changed since (as
 * detection-rules bumps a dirty rule on export), 1 for a rule the lock does not know yet. When the difference
 * may come from what dac cannot know, the locked version. Undefined when the lock has nothing to say.
 */
export function shippedVersion(status: LockStatus): number | undefined {
  switch (status.kind) {
    case "new":
      return 1;
    case "unchanged":
      return status.locked.version;
    case "changed":
      return status.uncertain ? status.locked.version : status.locked.version + 1;
    case "not-computable":
      return status.locked?.version;
  }
}
