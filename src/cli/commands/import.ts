import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { DacConfig } from "../../config/config.js";
import { removeTemporaries, writeFileAtomic } from "../../deploy/atomic-write.js";
import {
  checkImportSource,
  type ImportedRule,
  type ImportPlan,
  parseNdjsonRules,
  planImport,
  type SourceProblem,
} from "../../deploy/import-rules.js";
import { type ApiRule, KibanaUnreachableError } from "../../deploy/kibana-client.js";
import { formatChange } from "../../deploy/report.js";
import { DacError } from "../../errors.js";
import { createInterruptCleanup } from "../../interrupts.js";
import type { RuleFile } from "../../schema/rule-file.js";
import { loadRuleFiles, parseRuleFile } from "../../schema/toml/load.js";
import { displayPath, outputFormat, readConfig } from "../common.js";
import { plural } from "../findings-output.js";
import { type CliIO, EXIT_FAILED, EXIT_OK, UsageError } from "../io.js";
import { addTargetOptions, connect, type KibanaTargetOptions } from "./deploy.js";
import type { RegisterCommand } from "./index.js";

interface ImportCommandOptions extends KibanaTargetOptions {
  rulesDir?: string;
  format?: string;
  partial?: boolean;
}

export const registerImport: RegisterCommand = (program: Command, io: CliIO, exit) => {
  addTargetOptions(
    program
      .command("import")
      .description(
        "write TOML rule files for rules from a Kibana space or an export file (.ndjson) not yet in the repository",
      )
      .argument("[file]", "Kibana export file (.ndjson); without it, rules are read from the Kibana space"),
  )
    .option(
      "--rules-dir <dir>",
      "where new rule files go (default: the first `rules` entry of dac.config.yaml)",
    )
    .option("--format <format>", "output format: human, json (default: human)")
    .option(
      "--partial",
      "when some lines or rules of the source cannot be imported, write the others (default: write nothing)",
    )
    .action(async (file: string | undefined, options: ImportCommandOptions) => {
      exit(await runImport(file, options, io));
    });
};

async function runImport(
  file: string | undefined,
  options: ImportCommandOptions,
  io: CliIO,
): Promise<number> {
  const format = outputFormat(options.format, io);
  const config = readConfig(io, options.config);
  const rulesDir = options.rulesDir
    ? resolve(io.cwd, options.rulesDir)
    : resolve(config.root, config.rules[0] ?? "rules");
  const { sources, problems, unreadableSpaces } = await readSources(file, options, config, io);

  // The whole source is read and checked before anything is written, so a bad line never leaves half an import.
  for (const problem of problems) io.stderr(`dac: ${problem.where}: ${problem.message}\n`);
  if (problems.length > 0 && !options.partial) {
    throw new DacError(
      "input",
      `nothing written: ${plural(problems.length, "problem")} in the import source (listed above); fix ` +
        "them, or pass --partial to write the rules that are fine",
    );
  }

  const existing = existsSync(rulesDir) ? loadRuleFiles([rulesDir]) : [];
  const plans: { label: string; plan: ImportPlan }[] = [];
  const planned: RuleFile[] = [];
  for (const source of sources) {
    // Rules planned for an earlier space count as existing, so the same rule is not written twice.
    const plan = planImport(source.rules, [...existing, ...planned], rulesDir);
    for (const rule of plan.rules)
      if (rule.status === "new") planned.push(parseRuleFile(rule.path, rule.text));
    plans.push({ label: source.label, plan });
  }
  const toWrite = plans.flatMap(({ plan }) => plan.rules.filter((rule) => rule.status === "new"));
  // Another rule's file may already have this name; never overwrite it.
  const taken = toWrite.find((rule) => existsSync(rule.path));
  if (taken) {
    throw new UsageError(`${displayPath(taken.path, io.cwd)} already exists; rename that file or the rule`);
  }
  await writeAll(toWrite, rulesDir, io);

  if (format === "json") {
    const summary = plans.flatMap(({ label, plan }) => jsonSummary(label, plan, io.cwd));
    io.stdout(`${JSON.stringify({ rules: summary }, null, 2)}\n`);
  } else {
    for (const { label, plan } of plans) io.stdout(humanSummary(label, plan, io.cwd));
    if (problems.length > 0) io.stdout(`${plural(problems.length, "rule or line")} skipped (--partial)\n`);
  }
  return problems.length > 0 || unreadableSpaces ? EXIT_FAILED : EXIT_OK;
}

/** The rules of the export file or of each Kibana space, checked; every line or rule that cannot be imported is a problem. */
async function readSources(
  file: string | undefined,
  options: ImportCommandOptions,
  config: DacConfig,
  io: CliIO,
): Promise<{
  sources: { label: string; rules: ApiRule[] }[];
  problems: SourceProblem[];
  unreadableSpaces: boolean;
}> {
  const sources: { label: string; rules: ApiRule[] }[] = [];
  const problems: SourceProblem[] = [];
  let unreadableSpaces = false;
  if (file !== undefined) {
    if (options.space.length || options.env || options.url) {
      throw new UsageError("give either an export file or a Kibana target (--space/--env/--url), not both");
    }
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
    }
    const parsed = parseNdjsonRules(text);
    problems.push(
      ...parsed.errors.map((error) => ({ where: `${file}:${error.line}`, message: error.message })),
    );
    const checked = checkImportSource(
      parsed.rules.map(({ rule, line }) => ({ rule, where: `${file}:${line}` })),
    );
    problems.push(...checked.problems);
    sources.push({ label: file, rules: checked.accepted });
    return { sources, problems, unreadableSpaces };
  }
  const { connection, client } = connect(options, config, io);
  for (const space of connection.spaces) {
    let rules: ApiRule[];
    try {
      rules = await client.findRules(space);
    } catch (error) {
      if (error instanceof KibanaUnreachableError) throw error;
      io.stderr(`dac: cannot read space "${space}": ${(error as Error).message}\n`);
      unreadableSpaces = true;
      continue;
    }
    const checked = checkImportSource(rules.map((rule) => ({ rule, where: `space "${space}"` })));
    problems.push(...checked.problems);
    sources.push({ label: `space "${space}"`, rules: checked.accepted });
  }
  return { sources, problems, unreadableSpaces };
}

/**
 * Writes the new rule files. An interrupt stops the writing, lets the write under way finish (so the count is
 * exactly the files on disk), removes any temporary file and says how far the import got.
 */
async function writeAll(rules: ImportedRule[], rulesDir: string, io: CliIO): Promise<void> {
  let written = 0;
  let stopping = false;
  let writing: Promise<void> | undefined;
  const release = createInterruptCleanup().add(async () => {
    stopping = true;
    await writing?.catch(() => undefined);
    removeTemporaries(rulesDir);
    io.stderr(
      `\ndac: interrupted after ${written} of ${plural(rules.length, "rule")}; no temporary files left\n`,
    );
  });
  try {
    for (const rule of rules) {
      if (stopping) break;
      writing = writeFileAtomic(rule.path, rule.text);
      await writing;
      written += 1;
    }
  } finally {
    release();
  }
}

function humanSummary(label: string, plan: ImportPlan, cwd: string): string {
  const count = (status: string) => plan.rules.filter((r) => r.status === status).length;
  const lines = [
    `${label}: ${count("new")} new, ${count("changed")} differ from the repository, ${count("unchanged")} unchanged, ` +
      `${plan.skipped.length} skipped`,
  ];
  for (const rule of plan.rules) {
    if (rule.status === "new") lines.push(`  + ${displayPath(rule.path, cwd)}  (${rule.ruleId})`);
    if (rule.status === "changed") {
      lines.push(`  ~ ${displayPath(rule.path, cwd)}  (${rule.ruleId}) differs; file left as is:`);
      for (const change of rule.changes) lines.push(`      ${formatChange(change)}`);
    }
  }
  for (const skipped of plan.skipped) lines.push(`  - ${skipped.ruleId}  ${skipped.name}: ${skipped.reason}`);
  return `${lines.join("\n")}\n`;
}

function jsonSummary(label: string, plan: ImportPlan, cwd: string): Record<string, unknown>[] {
  return [
    ...plan.rules.map((rule) => ({
      source: label,
      rule_id: rule.ruleId,
      status: rule.status,
      file: displayPath(rule.path, cwd),
      ...(rule.status === "changed" ? { changes: rule.changes } : {}),
    })),
    ...plan.skipped.map((s) => ({ source: label, rule_id: s.ruleId, status: "skipped", reason: s.reason })),
  ];
}
