import { existsSync, readFileSync } from "node:fs";
import { unlink } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import type { Command } from "commander";
import { writeFileAtomic } from "../../deploy/atomic-write.js";
import {
  currentStackVersion,
  deprecationEntry,
  formatDeprecatedRules,
  today,
} from "../../repository/deprecated-rules.js";
import { setMetadataKeys } from "../../repository/metadata-edit.js";
import { openRepository } from "../../repository/repository.js";
import { parseRuleFile } from "../../schema/toml/load.js";
import { inDeprecatedDirectory } from "../../validate/check.js";
import { displayPath, readConfig } from "../common.js";
import { type CliIO, EXIT_OK, UsageError } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface DeprecateOptions {
  reason?: string;
  stackVersion?: string;
  config?: string;
}

export const registerDeprecate: RegisterCommand = (program: Command, io: CliIO, exit) => {
  program
    .command("deprecate")
    .description(
      "retire a rule: set maturity and deprecation_date, move it to _deprecated/, record it in deprecated_rules.json",
    )
    .argument("<rule>", "the rule's TOML file")
    .option("--reason <text>", "why (recorded as deprecated_reason)")
    .option(
      "--stack-version <x.y>",
      "stack version it is retired in (default: the newest in deprecated_rules.json)",
    )
    .option("--config <file>", "configuration file (default: dac.config.yaml in this or a parent directory)")
    .action(async (rulePath: string, options: DeprecateOptions) => {
      exit(await runDeprecate(rulePath, options, io));
    });
};

export async function runDeprecate(rulePath: string, options: DeprecateOptions, io: CliIO): Promise<number> {
  const config = readConfig(io, options.config);
  const repository = openRepository(config);
  const path = resolve(io.cwd, rulePath);
  if (!existsSync(path)) throw new UsageError(`${rulePath}: no such file`);
  const original = readFileSync(path, "utf8");
  const file = parseRuleFile(path, original);
  const ruleId = file.rule?.rule_id;
  if (typeof ruleId !== "string") throw new UsageError(`${rulePath}: not a rule file with a rule_id`);
  if (repository.deprecated[ruleId])
    throw new UsageError(`${rulePath}: rule_id ${ruleId} is already deprecated`);
  const stackVersion = options.stackVersion ?? currentStackVersion(repository.deprecated);
  if (stackVersion === undefined) {
    throw new UsageError("no stack version to record the deprecation under: pass --stack-version (e.g. 9.2)");
  }
  const date = today();
  const text = setMetadataKeys(original, {
    maturity: "deprecated",
    deprecation_date: date,
    updated_date: date,
    ...(options.reason ? { deprecated_reason: options.reason } : {}),
  });
  const edited = parseRuleFile(path, text);
  const target = inDeprecatedDirectory(path)
    ? path
    : join(deprecatedDirectory(path, config.rules, config.root), basename(path));
  if (target !== path && existsSync(target))
    throw new UsageError(`${displayPath(target, io.cwd)} already exists`);
  const entry = deprecationEntry(String(file.rule?.name ?? ""), edited.metadata ?? {}, stackVersion, date);
  await writeFileAtomic(target, text);
  if (target !== path) await unlink(path);
  await writeFileAtomic(
    repository.deprecatedRulesPath,
    formatDeprecatedRules({ ...repository.deprecated, [ruleId]: entry }),
  );
  io.stdout(
    `deprecated ${ruleId}: ${displayPath(target, io.cwd)}; recorded in ${displayPath(repository.deprecatedRulesPath, io.cwd)}\n`,
  );
  return EXIT_OK;
}

/** `_deprecated/` directly under the configured rules directory that holds the file (detection-rules' layout). */
function deprecatedDirectory(path: string, ruleDirs: readonly string[], root: string): string {
  const home = ruleDirs.map((dir) => resolve(root, dir)).find((dir) => path.startsWith(dir + sep));
  return join(home ?? dirname(path), "_deprecated");
}
