import { type FieldCatalog, openCatalog } from "../catalog/catalog.js";
import type { DacConfig } from "../config/config.js";
import { DacError } from "../errors.js";
import type { Finding } from "../findings/finding.js";
import { defaultSetting } from "../findings/registry.js";
import { versionLockCheck } from "../repository/lock-checks.js";
import { openRepository } from "../repository/repository.js";
import type { RuleFile } from "../schema/rule-file.js";
import { countFiles } from "../schema/toml/load.js";
import { type RepositoryCheck, type RuleCheck, type RuleContext, ruleContext } from "./check.js";
import { defaultRuleChecks } from "./default-checks.js";
import { eqlFieldCheck } from "./fields/eql-fields.js";
import { fieldCheck } from "./fields/rule-check.js";
import { detectionRulesCheck } from "./profiles/detection-rules-checks.js";
import { profileSetting } from "./profiles/profiles.js";
import { ruleIdCheck, uniquenessCheck } from "./repository.js";

export interface ValidationOptions {
  config: DacConfig;
  /** Per-rule checks; defaults to `defaultRuleChecks()` (schema, KQL, fields, MITRE, conventions). */
  checks?: readonly RuleCheck[];
  /** Checks over all rules together; defaults to rule_id presence and uniqueness, names, the version lock. */
  repositoryChecks?: readonly RepositoryCheck[];
  /** Called after each rule with the number of rules checked so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface ValidationReport {
  files: number;
  /** Files that hold a [rule] table. */
  rules: number;
  /** Sorted by file, line, column; configuration already applied. */
  findings: Finding[];
}

/**
 * Runs the checks over loaded rule files: loader findings, each rule check on each rule, then the repository
 * checks. A check that throws becomes an `internal-error` finding on that file; the other checks still run.
 */
export function validateFiles(files: readonly RuleFile[], options: ValidationOptions): ValidationReport {
  const findings: Finding[] = files.flatMap((file) => file.findings);
  const contexts = files.map(ruleContext).filter((context): context is RuleContext => context !== undefined);
  const checks = options.checks ?? defaultChecksWith(openCatalog(options.config));
  contexts.forEach((context, index) => {
    for (const check of checks) {
      findings.push(...guarded(context.file.path, () => check(context)));
    }
    options.onProgress?.(index + 1, contexts.length);
  });
  const repositoryChecks = options.repositoryChecks ?? [
    ruleIdCheck,
    uniquenessCheck,
    versionLockCheck(openRepository(options.config)),
  ];
  for (const check of repositoryChecks) {
    findings.push(...guarded(".", () => check(contexts)));
  }
  return {
    files: countFiles(files),
    rules: contexts.length,
    findings: applyConfig(findings, options.config).sort(byPosition),
  };
}

function defaultChecksWith(catalog: FieldCatalog): RuleCheck[] {
  return defaultRuleChecks({
    fieldChecks: [fieldCheck(catalog), eqlFieldCheck(catalog)],
    conventionChecks: [detectionRulesCheck()],
    catalog,
  });
}

function guarded(file: string, run: () => Finding[]): Finding[] {
  try {
    return run();
  } catch (error) {
    // A broken configuration (e.g. a field file that cannot be read) is not a bug, and not this rule's fault.
    if (error instanceof DacError && error.kind === "config") throw error;
    return [
      {
        file,
        line: 1,
        column: 1,
        code: "internal-error",
        severity: "error",
        message: `a check failed unexpectedly: ${error instanceof DacError ? error.describe() : ((error as Error)?.message ?? String(error))}`,
        hint: "this is a bug in dac; please report it with the rule file",
      },
    ];
  }
}

/**
 * config.checks wins, then the configured profile; otherwise a finding keeps the severity its check gave it,
 * and off-by-default codes are dropped.
 */
export function applyConfig(findings: readonly Finding[], config: DacConfig): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    const setting =
      config.checks[finding.code] ??
      profileSetting(config.profile, finding.code) ??
      (defaultSetting(finding.code) === "off" ? "off" : undefined);
    if (setting === "off") continue;
    result.push(
      setting === undefined || setting === finding.severity ? finding : { ...finding, severity: setting },
    );
  }
  return result;
}

export function byPosition(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
