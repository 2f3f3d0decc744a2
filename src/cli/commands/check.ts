import type { Command } from "commander";
import { ENGINE_CHOICES } from "../engines.js";
import { type CliIO, EXIT_OK } from "../io.js";
import { runExport } from "./export.js";
import type { RegisterCommand } from "./index.js";
import { runTestCommand } from "./test.js";
import { runValidate } from "./validate.js";

interface CheckOptions {
  out: string;
  engine?: string;
  format?: string;
  config?: string;
}

/** The job CI runs on every change: validate, test, export — each step runs and reports even if one fails. */
export const registerCheck: RegisterCommand = (program: Command, io: CliIO, exit) => {
  program
    .command("check")
    .description("validate every rule, run every rule's tests, write the Kibana import file")
    .argument("[paths...]", "rule files or directories (default: `rules` from dac.config.yaml, else ./rules)")
    .option("--out <file>", "where to write the ndjson export", "out/rules.ndjson")
    .option(
      "--engine <engine>",
      `search engine for the tests: ${ENGINE_CHOICES.join(", ")} (default: memory)`,
    )
    .option(
      "--format <format>",
      "output format: human, json, github (default: human, github in GitHub Actions)",
    )
    .option("--config <file>", "configuration file (default: dac.config.yaml in this or a parent directory)")
    .action(async (paths: string[], options: CheckOptions) => {
      const common = { format: options.format, config: options.config };
      const heading = (title: string) => {
        if (options.format !== "json") io.stdout(`\n== ${title} ==\n`);
      };
      heading("validate");
      const validated = runValidate(paths, common, io);
      heading("test");
      const tested = await runTestCommand(paths, { ...common, engine: options.engine }, io);
      heading("export");
      const exported = await runExport(paths, { ...common, out: options.out }, io);
      exit(
        Math.max(validated, tested, exported) === EXIT_OK ? EXIT_OK : Math.max(validated, tested, exported),
      );
    });
};
