import type { Command } from "commander";
import { FINDING_CODES } from "../../findings/registry.js";
import { validateFiles } from "../../validate/pipeline.js";
import { formatCheckList } from "../checks-output.js";
import { displayPath, loadRules, outputFormat, readConfig } from "../common.js";
import { countBySeverity, FINDINGS_FORMATS, formatFindings } from "../findings-output.js";
import { type CliIO, EXIT_FAILED, EXIT_OK } from "../io.js";
import type { RegisterCommand } from "./index.js";

/** Below this many rules a progress line would only flicker. */
const PROGRESS_MIN_RULES = 200;

export interface ValidateOptions {
  format?: string;
  config?: string;
  listChecks?: boolean;
}

export const registerValidate: RegisterCommand = (program: Command, io: CliIO, exit) => {
  program
    .command("validate")
    .description("check rule files: Kibana schema, KQL, MITRE ATT&CK, house conventions")
    .argument("[paths...]", "rule files or directories (default: `rules` from dac.config.yaml, else ./rules)")
    .option(
      "--format <format>",
      `output format: ${FINDINGS_FORMATS.join(", ")} (default: human, github in GitHub Actions)`,
    )
    .option("--config <file>", "configuration file (default: dac.config.yaml in this or a parent directory)")
    .option(
      "--list-checks",
      "print every finding code with its default severity and what it means, then exit",
    )
    .action((paths: string[], options: ValidateOptions) => {
      exit(runValidate(paths, options, io));
    });
};

export function runValidate(paths: string[], options: ValidateOptions, io: CliIO): number {
  const format = outputFormat(options.format, io);
  if (options.listChecks) {
    io.stdout(formatCheckList(format === "json" ? "json" : "human", FINDING_CODES));
    return EXIT_OK;
  }
  const config = readConfig(io, options.config, paths);
  const started = performance.now();
  const files = loadRules(paths, config, io);
  const showProgress = io.interactive && format !== "json" && files.length >= PROGRESS_MIN_RULES;
  const report = validateFiles(files, {
    config,
    ...(showProgress ? { onProgress: progressLine(io) } : {}),
  });
  if (showProgress) io.stderr("\r\x1b[K");
  const shown = {
    ...report,
    findings: report.findings.map((f) => ({ ...f, file: displayPath(f.file, io.cwd) })),
  };
  io.stdout(formatFindings(format, shown, performance.now() - started));
  return countBySeverity(report.findings).error > 0 ? EXIT_FAILED : EXIT_OK;
}

function progressLine(io: CliIO): (done: number, total: number) => void {
  return (done, total) => {
    if (done % 100 === 0 || done === total) io.stderr(`\r\x1b[Kvalidating ${done}/${total} rules`);
  };
}
