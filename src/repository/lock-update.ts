/**
 * `dac version lock`: the new lock after this change set — rules new to the lock recorded at version 1,
 * rules whose content changed bumped by one, everything else untouched (previous stacks and stack_emit
 * epochs included). Pure: returns the new lock and what changed.
 */
import type { LockedRule } from "./lock-status.js";
import { majorMinor, type VersionLock, type VersionLockEntry } from "./version-lock.js";

export interface LockChange {
  ruleId: string;
  name: string;
  file: string;
  version: number;
  /** Why the change may come from what dac cannot know rather than from the rule. */
  uncertain?: string;
}

export interface LockUpdate {
  lock: VersionLock;
  added: LockChange[];
  bumped: LockChange[];
  /** Rules left as they are, with the reason (hash not computable, a fork dac does not handle). */
  skipped: { ruleId: string; file: string; reason: string }[];
}

/** Rules a release ships (and so locks): production ones, or ones without a maturity at all. */
export function isLockable(rule: LockedRule): boolean {
  const maturity = rule.file.metadata?.maturity;
  return maturity === undefined || maturity === "production";
}

export interface LockUpdateOptions {
  /**
   * Bump rules whose hash differs from the lock only possibly because of what dac cannot know (ES|QL fields,
   * integration field types of other package versions); otherwise they keep their locked version, as validation
   * reports them as unverified rather than stale.
   */
  includeUnverified?: boolean;
}

export function updateVersionLock(
  lock: VersionLock,
  rules: readonly LockedRule[],
  options: LockUpdateOptions = {},
): LockUpdate {
  const next: VersionLock = structuredClone(lock);
  const update: LockUpdate = { lock: next, added: [], bumped: [], skipped: [] };
  for (const rule of rules.filter(isLockable)) {
    const { status } = rule;
    const change = { ruleId: rule.ruleId, name: rule.name, file: rule.file.path };
    if (status.kind === "not-computable") {
      if (!status.locked) update.skipped.push({ ...change, reason: status.reason });
      continue;
    }
    if (status.kind === "unchanged") continue;
    if (status.kind === "new") {
      next[rule.ruleId] = {
        rule_name: rule.name,
        sha256: status.sha256,
        type: rule.type,
        version: 1,
        ...(rule.minStackVersion === undefined
          ? {}
          : { min_stack_version: majorMinor(rule.minStackVersion) }),
      };
      update.added.push({ ...change, version: 1 });
      continue;
    }
    if (status.uncertain && !options.includeUnverified) {
      update.skipped.push({
        ...change,
        reason: `left at version ${status.locked.version}: the content hash differs from the lock, but ${status.uncertain} (--include-unverified bumps it)`,
      });
      continue;
    }
    const entry = next[rule.ruleId] as VersionLockEntry;
    const stack = rule.minStackVersion === undefined ? undefined : majorMinor(rule.minStackVersion);
    const target = stack !== undefined && entry.previous?.[stack] ? entry.previous[stack] : entry;
    if (
      target === entry &&
      stack !== undefined &&
      entry.min_stack_version !== undefined &&
      stack !== entry.min_stack_version
    ) {
      update.skipped.push({
        ...change,
        reason: `min_stack_version ${stack} differs from the lock's ${entry.min_stack_version}: forking a rule to a new stack is not supported`,
      });
      continue;
    }
    const version = target.version + 1;
    if (
      "max_allowable_version" in target &&
      target.max_allowable_version !== undefined &&
      version > target.max_allowable_version
    ) {
      update.skipped.push({
        ...change,
        reason: `version ${version} would exceed the fork's max_allowable_version ${target.max_allowable_version}`,
      });
      continue;
    }
    Object.assign(target, { rule_name: rule.name, sha256: status.sha256, type: rule.type, version });
    update.bumped.push({
      ...change,
      version,
      ...(status.uncertain ? { uncertain: status.uncertain } : {}),
    });
  }
  return update;
}
