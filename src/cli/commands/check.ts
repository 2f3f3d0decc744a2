import type { Command } from "commander";
import { ENGINE_CHOICES } from "../engines.js";
import { type CliIO, EXIT_OK } from "../io.js";
import { runExport } from "./export.js";
import type { RegisterCommand } from "./index.js";
import { runTestCommand } from "./test.js";
import { runValidate } from "./validate.js";

interface CheckOptions {
  out: string;
  allowPartial?: boolean;
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
      "--allow-partial",
      "write the export of the rules without errors even when validation or tests fail (default: leave the previous export as it was)",
    )
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
      if ((validated !== EXIT_OK || tested !== EXIT_OK) && !options.allowPartial) {
        // A failed check must not replace a good export with a subset of the rules.
        const failed = validated !== EXIT_OK ? "validation" : "tests";
        const report = options.format === "json" ? io.stderr : io.stdout;
        report(
          `not written: ${failed} failed, so ${options.out} is left as it was ` +
            "(--allow-partial writes the rules without errors)\n",
        );
        exit(Math.max(validated, tested));
        return;
      }
      // Validation reported every finding already; the export only says what it wrote.
      const exported = await runExport(paths, { ...common, out: options.out, findings: false }, io);
      exit(Math.max(validated, tested, exported));
    });
};
