import { resolve } from "node:path";
import type { Command } from "commander";
import { writeFileAtomic } from "../../deploy/atomic-write.js";
import type { RuleExport } from "../../deploy/export.js";
import { validatedExport } from "../../deploy/validated-export.js";
import { countFiles } from "../../schema/toml/load.js";
import { displayPath, loadRules, outputFormat, readConfig } from "../common.js";
import { FINDINGS_FORMATS, formatFindings } from "../findings-output.js";
import { type CliIO, EXIT_FAILED, EXIT_OK, UsageError } from "../io.js";
import type { RegisterCommand } from "./index.js";

export interface ExportCommandOptions {
  out: string;
  format?: string;
  config?: string;
  includeDeprecated?: boolean;
  /** Print the findings of rules not exported (default true; `dac check` printed them already). */
  findings?: boolean;
  stackVersion?: string;
}

export const registerExport: RegisterCommand = (program: Command, io: CliIO, exit) => {
  program
    .command("export")
    .description("write rules as a Kibana import file (ndjson), one rule per line in create shape")
    .argument("[paths...]", "rule files or directories (default: `rules` from dac.config.yaml, else ./rules)")
    .requiredOption("--out <file>", 'file to write ("-" for standard output); written atomically')
    .option(
      "--format <format>",
      `report format: ${FINDINGS_FORMATS.join(", ")} (default: human, github in GitHub Actions)`,
    )
    .option("--include-deprecated", 'also export rules whose metadata maturity is "deprecated"')
    .option(
      "--stack-version <x.y>",
      "related_integrations versions for this Kibana stack, from etc/integration-manifests.json.gz",
    )
    .option("--config <file>", "configuration file (default: dac.config.yaml in this or a parent directory)")
    .action(async (paths: string[], options: ExportCommandOptions) => {
      exit(await runExport(paths, options, io));
    });
};

export async function runExport(paths: string[], options: ExportCommandOptions, io: CliIO): Promise<number> {
  const format = outputFormat(options.format, io);
  const started = performance.now();
  const config = readConfig(io, options.config, paths);
  const files = loadRules(paths, config, io);

  if (options.stackVersion !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(options.stackVersion)) {
    throw new UsageError(`--stack-version must be like 9.2 or 9.2.1, not "${options.stackVersion}"`);
  }
  const result = validatedExport(files, config, {
    includeDeprecated: options.includeDeprecated ?? false,
    ...(options.stackVersion === undefined ? {} : { stackVersion: options.stackVersion }),
  }).exported;
  const toStdout = options.out === "-";
  if (toStdout) io.stdout(result.ndjson);
  else await writeOutput(resolve(io.cwd, options.out), result.ndjson);

  // With --out - the ndjson owns standard output, so the report goes to standard error.
  const report = toStdout ? io.stderr : io.stdout;
  const shown = result.failures.map((f) => ({ ...f, file: displayPath(f.file, io.cwd) }));
  const failedFiles = new Set(result.failures.map((f) => f.file)).size;
  if (format === "json") {
    report(
      formatFindings(
        format,
        { files: countFiles(files), rules: result.rules.length + failedFiles, findings: shown },
        0,
      ),
    );
  } else {
    if (shown.length > 0 && options.findings !== false) {
      report(
        formatFindings(
          format,
          { files: countFiles(files), rules: result.rules.length + failedFiles, findings: shown },
          performance.now() - started,
        ),
      );
    }
    report(`${summary(result, failedFiles, toStdout ? "standard output" : options.out)}\n`);
  }
  return result.failures.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** Kibana's defaults: import bodies up to 10 MiB, fewer than 10,000 rules per import. */
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
const IMPORT_MAX_RULES = 10_000;

function summary(result: RuleExport, failedFiles: number, destination: string): string {
  const parts = [
    `exported ${result.rules.length} rule${result.rules.length === 1 ? "" : "s"} to ${destination}`,
  ];
  if (result.skipped.length > 0) parts.push(`${result.skipped.length} deprecated skipped`);
  if (failedFiles > 0) parts.push(`${failedFiles} not exported because of errors`);
  const bytes = Buffer.byteLength(result.ndjson);
  if (bytes > IMPORT_MAX_BYTES || result.rules.length >= IMPORT_MAX_RULES) {
    parts.push(
      `warning: the file (${(bytes / 1024 / 1024).toFixed(1)} MiB, ${result.rules.length} rules) is larger than ` +
        "one Kibana import accepts by default (10 MiB, fewer than 10,000 rules); import it in parts",
    );
  }
  return parts.join("; ");
}

async function writeOutput(path: string, content: string): Promise<void> {
  try {
    await writeFileAtomic(path, content);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
