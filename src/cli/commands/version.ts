import type { Command } from "commander";
import { writeFileAtomic } from "../../deploy/atomic-write.js";
import {
  currentStackVersion,
  type DeprecatedRules,
  deprecationEntry,
  formatDeprecatedRules,
  today,
} from "../../repository/deprecated-rules.js";
import { type LockedRule, lockStatuses } from "../../repository/lock-status.js";
import { type LockUpdate, updateVersionLock } from "../../repository/lock-update.js";
import { openRepository } from "../../repository/repository.js";
import { formatVersionLock } from "../../repository/version-lock.js";
import { loadRuleFiles } from "../../schema/toml/load.js";
import { displayPath, readConfig, rulePaths } from "../common.js";
import { type CliIO, EXIT_FAILED, EXIT_OK } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface LockOptions {
  check?: boolean;
  includeUnverified?: boolean;
  stackVersion?: string;
  config?: string;
}

export const registerVersion: RegisterCommand = (program: Command, io: CliIO, exit) => {
  const version = program
    .command("version")
    .description("detection-rules' version lock (etc/version.lock.json)");
  version
    .command("lock")
    .description(
      "record new rules at version 1 and bump every rule whose content hash changed; record newly deprecated rules",
    )
    .argument("[paths...]", "rule files or directories (default: `rules` from dac.config.yaml, else ./rules)")
    .option("--check", "change nothing; exit 1 when the lock is not up to date")
    .option(
      "--include-unverified",
      "also bump rules whose hash may differ only because dac cannot know detection-rules' field types (ES|QL, other integration package versions)",
    )
    .option(
      "--stack-version <x.y>",
      "stack version newly deprecated rules are recorded under (default: the newest in deprecated_rules.json)",
    )
    .option("--config <file>", "configuration file (default: dac.config.yaml in this or a parent directory)")
    .action(async (paths: string[], options: LockOptions) => {
      exit(await runVersionLock(paths, options, io));
    });
};

export async function runVersionLock(paths: string[], options: LockOptions, io: CliIO): Promise<number> {
  const config = readConfig(io, options.config, paths);
  const repository = openRepository(config);
  const files = loadRuleFiles(rulePaths(paths, config, io));
  const rules = lockStatuses(files, repository.lock, repository.requiredFieldsOf);
  const update = updateVersionLock(repository.lock, rules, { includeUnverified: options.includeUnverified });
  const deprecated = newlyDeprecated(rules, repository.deprecated, options.stackVersion);
  const show = (file: string) => displayPath(file, io.cwd);
  io.stdout(report(rules, update, deprecated, show));
  const lockChanged = update.added.length + update.bumped.length > 0;
  const deprecatedChanged = Object.keys(deprecated.added).length > 0;
  if (options.check) return lockChanged || deprecatedChanged ? EXIT_FAILED : EXIT_OK;
  if (lockChanged) {
    await writeFileAtomic(repository.versionLockPath, formatVersionLock(update.lock));
    io.stdout(`wrote ${show(repository.versionLockPath)}\n`);
  }
  if (deprecatedChanged) {
    await writeFileAtomic(
      repository.deprecatedRulesPath,
      formatDeprecatedRules({ ...repository.deprecated, ...deprecated.added }),
    );
    io.stdout(`wrote ${show(repository.deprecatedRulesPath)}\n`);
  }
  return EXIT_OK;
}

function newlyDeprecated(
  rules: readonly LockedRule[],
  recorded: DeprecatedRules,
  stackVersion: string | undefined,
): { added: DeprecatedRules; unrecorded: LockedRule[] } {
  const stack = stackVersion ?? currentStackVersion(recorded);
  const added: DeprecatedRules = {};
  const unrecorded: LockedRule[] = [];
  for (const rule of rules) {
    if (rule.file.metadata?.maturity !== "deprecated" || recorded[rule.ruleId]) continue;
    if (stack === undefined) unrecorded.push(rule);
    else added[rule.ruleId] = deprecationEntry(rule.name, rule.file.metadata, stack, today());
  }
  return { added, unrecorded };
}

function report(
  rules: readonly LockedRule[],
  update: LockUpdate,
  deprecated: { added: DeprecatedRules; unrecorded: LockedRule[] },
  show: (file: string) => string,
): string {
  const count = (kind: string) => rules.filter((rule) => rule.status.kind === kind).length;
  const lines = [
    `${rules.length} rules: ${count("unchanged")} match the lock, ${count("changed")} changed, ${count("new")} new, ${count("not-computable")} not computable`,
  ];
  for (const change of update.bumped) {
    lines.push(`  bumped   ${show(change.file)} → version ${change.version}`);
    if (change.uncertain) lines.push(`           note: ${change.uncertain}`);
  }
  for (const change of update.added) lines.push(`  added    ${show(change.file)} → version 1`);
  for (const skip of update.skipped) lines.push(`  skipped  ${show(skip.file)}: ${skip.reason}`);
  for (const ruleId of Object.keys(deprecated.added)) lines.push(`  deprecated ${ruleId} recorded`);
  for (const rule of deprecated.unrecorded) {
    lines.push(`  deprecated ${show(rule.file.path)} not recorded: pass --stack-version`);
  }
  const reasons = new Map<string, number>();
  for (const rule of rules) {
    if (rule.status.kind === "not-computable" && rule.status.locked) {
      reasons.set(rule.status.reason, (reasons.get(rule.status.reason) ?? 0) + 1);
    }
  }
  for (const [reason, n] of reasons) lines.push(`  ${n} locked rules kept as they are: ${reason}`);
  return `${lines.join("\n")}\n`;
}
