import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { writeFileAtomic } from "../../deploy/atomic-write.js";
import { type ImportPlan, parseNdjsonRules, planImport } from "../../deploy/import-rules.js";
import { type ApiRule, KibanaUnreachableError } from "../../deploy/kibana-client.js";
import { formatChange } from "../../deploy/report.js";
import { loadRuleFiles } from "../../schema/toml/load.js";
import { displayPath, outputFormat, readConfig } from "../common.js";
import { type CliIO, EXIT_FAILED, EXIT_OK, UsageError } from "../io.js";
import { addTargetOptions, connect, type KibanaTargetOptions } from "./deploy.js";
import type { RegisterCommand } from "./index.js";

interface ImportCommandOptions extends KibanaTargetOptions {
  rulesDir?: string;
  format?: string;
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
  const sources: { label: string; rules: ApiRule[] }[] = [];
  let failed = false;

  if (file !== undefined) {
    if (options.space.length || options.env || options.url) {
      throw new UsageError("give either an export file or a Kibana target (--space/--env/--url), not both");
    }
    const path = resolve(io.cwd, file);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
    }
    const parsed = parseNdjsonRules(text);
    for (const error of parsed.errors) io.stderr(`${file}:${error.line}: ${error.message}\n`);
    if (parsed.errors.length) failed = true;
    sources.push({ label: file, rules: parsed.rules });
  } else {
    const { connection, client } = connect(options, config, io);
    for (const space of connection.spaces) {
      try {
        sources.push({ label: `space "${space}"`, rules: await client.findRules(space) });
      } catch (error) {
        if (error instanceof KibanaUnreachableError) throw error;
        io.stderr(`dac: cannot read space "${space}": ${(error as Error).message}\n`);
        failed = true;
      }
    }
  }

  const existing = existsSync(rulesDir) ? loadRuleFiles([rulesDir]) : [];
  const written: string[] = [];
  const summary: Record<string, unknown>[] = [];
  for (const source of sources) {
    // Rules written for an earlier space count as existing, so the same rule is not written twice.
    const plan = planImport(
      source.rules,
      [...existing, ...(written.length ? loadRuleFiles(written) : [])],
      rulesDir,
    );
    for (const rule of plan.rules) {
      if (rule.status !== "new") continue;
      // Another rule's file may already have this name; never overwrite it.
      if (existsSync(rule.path))
        throw new UsageError(
          `${displayPath(rule.path, io.cwd)} already exists; rename that file or the rule`,
        );
      await writeFileAtomic(rule.path, rule.text);
      written.push(rule.path);
    }
    if (format === "json") summary.push(...jsonSummary(source.label, plan, io.cwd));
    else io.stdout(humanSummary(source.label, plan, io.cwd));
  }
  if (format === "json") io.stdout(`${JSON.stringify({ rules: summary }, null, 2)}\n`);
  return failed ? EXIT_FAILED : EXIT_OK;
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
