/**
 * detection-rules' `deprecated_rules.json`: every rule_id ever retired, with its name, deprecation date and
 * the stack version it was retired in. A rule_id listed here must never come back as an active rule.
 */
import { DacError } from "../errors.js";
import { pythonJson } from "./python-json.js";
import { compareStackVersions, readJsonObject } from "./version-lock.js";

export interface DeprecatedRuleEntry {
  rule_name: string;
  deprecation_date: string;
  stack_version: string;
  deprecated_reason?: string;
}

export type DeprecatedRules = Record<string, DeprecatedRuleEntry>;

export function readDeprecatedRules(path: string): DeprecatedRules {
  const raw = readJsonObject(path);
  if (raw === undefined) return {};
  for (const [ruleId, entry] of Object.entries(raw)) {
    const e = entry as Record<string, unknown> | null;
    if (typeof e !== "object" || e === null || typeof e.rule_name !== "string") {
      throw new DacError("input", `entry ${ruleId}: expected an object with rule_name, deprecation_date`, {
        location: { file: path },
      });
    }
  }
  return raw as DeprecatedRules;
}

export function formatDeprecatedRules(rules: DeprecatedRules): string {
  return pythonJson(rules, 2);
}

/** The release line new deprecations are recorded under: the newest `stack_version` in the file. */
export function currentStackVersion(rules: DeprecatedRules): string | undefined {
  const versions = Object.values(rules).map((entry) => entry.stack_version);
  return versions.sort(compareStackVersions).at(-1);
}

/** The entry for a rule retired now, from its [metadata] (deprecation_date, deprecated_reason). */
export function deprecationEntry(
  name: string,
  metadata: Record<string, unknown>,
  stackVersion: string,
  today: string,
): DeprecatedRuleEntry {
  const reason = metadata.deprecated_reason;
  return {
    rule_name: name,
    deprecation_date: typeof metadata.deprecation_date === "string" ? metadata.deprecation_date : today,
    stack_version: stackVersion,
    ...(typeof reason === "string" && reason !== "" ? { deprecated_reason: reason } : {}),
  };
}

/** Today as detection-rules writes dates: YYYY/MM/DD (UTC). */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10).replaceAll("-", "/");
}
