import { isAbsolute, relative, resolve, sep } from "node:path";
import { type DacConfig, loadConfig, withRepositoryRoot } from "../config/config.js";
import { type ExecutableRule, toExecutableRule } from "../engine/execution/index.js";
import { DacError } from "../errors.js";
import type { Finding } from "../findings/finding.js";
import { firstRuleProblem } from "../rule-types/rule-problems.js";
import { tomlRuleToApi, withApiDefaults } from "../schema/convert.js";
import type { RuleFile } from "../schema/rule-file.js";
import { LOAD_CODES, loadRuleFile, loadRuleFiles } from "../schema/toml/load.js";
import { type CliIO, UsageError } from "./io.js";

export type OutputFormat = "human" | "json" | "github";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["human", "json", "github"];

/** The --format value, defaulting to github annotations inside GitHub Actions and human elsewhere. */
export function outputFormat(format: string | undefined, io: CliIO): OutputFormat {
  if (format === undefined) return io.env.GITHUB_ACTIONS === "true" ? "github" : "human";
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(", ")}, not "${format}"`);
  }
  return format as OutputFormat;
}

/**
 * dac.config.yaml from --config or the nearest parent; its problems are ConfigErrors naming the file. Without
 * one, rule paths inside a detection-rules checkout make it the repository root (withRepositoryRoot).
 */
export function readConfig(
  io: CliIO,
  explicit: string | undefined,
  paths: readonly string[] = [],
): DacConfig {
  const config = loadConfig(io.cwd, explicit === undefined ? undefined : resolve(io.cwd, explicit));
  return withRepositoryRoot(
    config,
    paths.map((path) => resolve(io.cwd, path)),
  );
}

/** Paths given on the command line, else the config's rule directories. */
export function rulePaths(paths: string[], config: DacConfig, io: CliIO): string[] {
  return paths.length > 0
    ? paths.map((path) => resolve(io.cwd, path))
    : config.rules.map((path) => resolve(config.root, path));
}

/**
 * The rule files that the paths given on the command line (else the configuration's) stand for. A path that
 * does not exist is a usage error, so a typo in a CI step fails it; a path that holds no rule files stays a
 * `no-rules-found` finding for the command to report.
 */
export function loadRules(paths: string[], config: DacConfig, io: CliIO): RuleFile[] {
  const files = loadRuleFiles(rulePaths(paths, config, io));
  const missing = files.flatMap((file) => file.findings).filter((f) => f.code === LOAD_CODES.pathNotFound);
  if (missing.length > 0) {
    const names = missing.map((f) => displayPath(f.file, io.cwd)).join(", ");
    throw new UsageError(`${names}: ${missing.length === 1 ? "path does not exist" : "paths do not exist"}`);
  }
  return files;
}

/** Findings of severity error from reading rule files, for commands that otherwise report no findings. */
export function ruleLoadErrors(files: readonly RuleFile[]): Finding[] {
  return files.flatMap((file) => file.findings).filter((f) => f.severity === "error");
}

/** Files under the working directory are shown relative to it, as a user typing paths expects. */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file) || !file.startsWith(cwd + sep)) return file;
  return relative(cwd, file);
}

/** A progress line redrawn in place on a terminal; nothing when stderr is not one. */
export function progress(
  io: CliIO,
  label: string,
): { update: (done: number, total: number) => void; clear: () => void } {
  if (!io.interactive) return { update: () => {}, clear: () => {} };
  return {
    update: (done, total) => io.stderr(`\r\x1b[K${label} ${done}/${total}`),
    clear: () => io.stderr("\r\x1b[K"),
  };
}

/** A rule file ready to execute; a file with errors, or a rule type dac cannot run, is an input error. */
export function loadExecutableRule(rulePath: string, io: CliIO): ExecutableRule {
  const file = loadRuleFile(resolve(io.cwd, rulePath));
  const finding = file.findings.find((each) => each.severity === "error");
  if (finding) {
    throw new DacError("input", finding.message, {
      location: { file: finding.file, line: finding.line, column: finding.column },
    });
  }
  if (!file.rule) throw new DacError("input", "not a rule file", { location: { file: file.path } });
  const problem = firstRuleProblem(file);
  if (problem)
    throw new DacError("input", problem.message, { location: { file: file.path, ...problem.position } });
  return toExecutableRule(withApiDefaults(tomlRuleToApi(file.rule)));
}
