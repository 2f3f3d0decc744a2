import { resolve } from "node:path";
import type { Command } from "commander";
import { attackCoverage } from "../../coverage/coverage.js";
import { coverageHtml } from "../../coverage/html.js";
import { coverageMarkdown } from "../../coverage/markdown.js";
import { navigatorLayer } from "../../coverage/navigator-layer.js";
import { writeFileAtomic } from "../../deploy/atomic-write.js";
import { loadRuleFiles } from "../../schema/toml/load.js";
import { loadMitreCatalog } from "../../validate/mitre/catalog.js";
import { displayPath, readConfig, rulePaths } from "../common.js";
import { type CliIO, EXIT_OK, UsageError } from "../io.js";
import type { RegisterCommand } from "./index.js";

const COVERAGE_FORMATS = ["markdown", "navigator", "html"] as const;

interface CoverageOptions {
  format?: string;
  out?: string;
  env?: string;
  config?: string;
}

export const registerCoverage: RegisterCommand = (program: Command, io: CliIO, exit) => {
  program
    .command("coverage")
    .description("ATT&CK coverage of the rules: Markdown matrix, Navigator layer (JSON) or an HTML page")
    .argument("[paths...]", "rule files or directories (default: `rules` from dac.config.yaml, else ./rules)")
    .option("--format <format>", `${COVERAGE_FORMATS.join(", ")} (default: markdown)`)
    .option("--out <file>", "file to write (default: standard output); written atomically")
    .option(
      "--env <name>",
      "count rules without `enabled` as this environment deploys them (default: enabled)",
    )
    .option("--config <file>", "configuration file (default: dac.config.yaml in this or a parent directory)")
    .action(async (paths: string[], options: CoverageOptions) => {
      exit(await runCoverage(paths, options, io));
    });
};

export async function runCoverage(paths: string[], options: CoverageOptions, io: CliIO): Promise<number> {
  const format = options.format ?? "markdown";
  if (!(COVERAGE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${COVERAGE_FORMATS.join(", ")}, not "${format}"`);
  }
  const config = readConfig(io, options.config, paths);
  const environment = options.env === undefined ? undefined : config.environments[options.env];
  if (options.env !== undefined && !environment) {
    throw new UsageError(`--env ${options.env}: no such environment in dac.config.yaml`);
  }
  const files = loadRuleFiles(rulePaths(paths, config, io));
  const coverage = attackCoverage(files, loadMitreCatalog(), {
    enabledByDefault: environment ? (environment.enabled ?? false) : true,
  });
  const text =
    format === "navigator"
      ? `${JSON.stringify(navigatorLayer(coverage), null, 2)}\n`
      : format === "html"
        ? coverageHtml(coverage)
        : coverageMarkdown(coverage);
  if (options.out === undefined || options.out === "-") {
    io.stdout(text);
    return EXIT_OK;
  }
  const path = resolve(io.cwd, options.out);
  await writeFileAtomic(path, text);
  io.stdout(`wrote ${displayPath(path, io.cwd)}\n`);
  return EXIT_OK;
}
