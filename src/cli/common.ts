import { isAbsolute, relative, resolve, sep } from "node:path";
import { type DacConfig, loadConfig } from "../config/config.js";
import { type ExecutableRule, toExecutableRule } from "../engine/execution/index.js";
import { DacError } from "../errors.js";
import { firstRuleProblem } from "../rule-types/rule-problems.js";
import { tomlRuleToApi, withApiDefaults } from "../schema/convert.js";
import { loadRuleFile } from "../schema/toml/load.js";
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

/** dac.config.yaml from --config or the nearest parent; its problems are ConfigErrors naming the file. */
export function readConfig(io: CliIO, explicit: string | undefined): DacConfig {
  return loadConfig(io.cwd, explicit === undefined ? undefined : resolve(io.cwd, explicit));
}

/** Paths given on the command line, else the config's rule directories. */
export function rulePaths(paths: string[], config: DacConfig, io: CliIO): string[] {
  return paths.length > 0
    ? paths.map((path) => resolve(io.cwd, path))
    : config.rules.map((path) => resolve(config.root, path));
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
