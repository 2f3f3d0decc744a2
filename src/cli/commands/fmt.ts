import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Command } from "commander";
import type { Finding } from "../../findings/finding.js";
import type { RuleFile } from "../../schema/rule-file.js";
import { countFiles } from "../../schema/toml/load.js";
import { scanComments } from "../../schema/toml/scan.js";
import { formatRuleDocument } from "../../schema/toml/write.js";
import { displayPath, loadRules, type OutputFormat, outputFormat, readConfig } from "../common.js";
import { formatGithub, plural } from "../findings-output.js";
import { type CliIO, EXIT_FAILED, EXIT_OK } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface FmtOptions {
  check?: boolean;
  format?: string;
  config?: string;
}

/** What happened to the files; `files` counts every path loaded, paths are as shown to the user. */
interface FmtReport {
  check: boolean;
  files: number;
  changed: string[];
  unchanged: number;
  findings: Finding[];
}

export const registerFmt: RegisterCommand = (program: Command, io: CliIO, exit) => {
  program
    .command("fmt")
    .description("rewrite rule files in the canonical TOML layout (files with errors are left untouched)")
    .argument("[paths...]", "rule files or directories (default: `rules` from dac.config.yaml, else ./rules)")
    .option("--check", "change nothing; list files that are not canonical and exit 1 if there are any")
    .option(
      "--format <format>",
      "output format: human, json, github (default: human, github in GitHub Actions)",
    )
    .option("--config <file>", "configuration file (default: dac.config.yaml in this or a parent directory)")
    .action((paths: string[], options: FmtOptions) => {
      exit(runFmt(paths, options, io));
    });
};

function runFmt(paths: string[], options: FmtOptions, io: CliIO): number {
  const format = outputFormat(options.format, io);
  const files = loadRules(paths, readConfig(io, options.config, paths), io);
  const check = options.check === true;
  const report: FmtReport = { check, files: 0, changed: [], unchanged: 0, findings: [] };
  for (const file of files) {
    const shown = displayPath(file.path, io.cwd);
    const problems = formatOne(file, check);
    if (problems === "unchanged") report.unchanged += 1;
    else if (problems === "changed") report.changed.push(shown);
    else report.findings.push(...problems.map((f) => ({ ...f, file: shown })));
  }
  report.files = countFiles(files);
  io.stdout(render(format, report));
  const failed = report.findings.some((f) => f.severity === "error") || (check && report.changed.length > 0);
  return failed ? EXIT_FAILED : EXIT_OK;
}

/** Formats one file (writing it unless `check`); a file that could not be read as a rule is left alone. */
function formatOne(file: RuleFile, check: boolean): "changed" | "unchanged" | Finding[] {
  if (file.findings.length > 0 || !file.document) return file.findings;
  const canonical = formatRuleDocument(file.document, scanComments(file.text));
  if (canonical === file.text) return "unchanged";
  if (check) return "changed";
  const failure = writeAtomically(file.path, canonical);
  return failure === undefined
    ? "changed"
    : [
        {
          file: file.path,
          line: 1,
          column: 1,
          code: "write-failed",
          severity: "error",
          message: `cannot write the formatted file: ${failure}`,
          hint: "check the permissions of the file and its directory",
        },
      ];
}

/** Writes through a temporary file in the same directory and a rename, so a crash never leaves half a file. */
function writeAtomically(path: string, text: string): string | undefined {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.dac-fmt.tmp`);
  try {
    writeFileSync(temporary, text, "utf8");
    chmodSync(temporary, statSync(path).mode);
    renameSync(temporary, path);
    return undefined;
  } catch (error) {
    rmSync(temporary, { force: true });
    return error instanceof Error ? error.message : String(error);
  }
}

function render(format: OutputFormat, report: FmtReport): string {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  if (format === "github") return renderGithub(report);
  const verb = report.check ? "not canonical:" : "formatted";
  const lines = report.changed.map((path) => `${verb} ${path}`);
  for (const f of report.findings) {
    lines.push(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`);
    if (f.hint) lines.push(`  hint: ${f.hint}`);
  }
  if (lines.length > 0) lines.push("");
  lines.push(summary(report));
  return `${lines.join("\n")}\n`;
}

/** In --check mode a file that is not canonical is an annotation on that file. */
function renderGithub(report: FmtReport): string {
  const notCanonical: Finding[] = report.check
    ? report.changed.map((file) => ({
        file,
        line: 1,
        column: 1,
        code: "not-canonical",
        severity: "error",
        message: "file is not in the canonical TOML layout",
        hint: "run `dac fmt` and commit the result",
      }))
    : [];
  const findings = [...notCanonical, ...report.findings];
  const annotations = formatGithub({ files: report.files, rules: report.files, findings }, 0)
    .split("\n")
    .filter((line) => line.startsWith("::"));
  return `${[...annotations, summary(report)].join("\n")}\n`;
}

function summary(report: FmtReport): string {
  const changed = `${report.changed.length} ${report.check ? "not canonical" : "reformatted"}`;
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const warnings = report.findings.length - errors;
  const problems =
    (errors > 0 ? `, ${plural(errors, "error")}, files left untouched` : "") +
    (warnings > 0 ? `, ${plural(warnings, "warning")}` : "");
  return `${plural(report.files, "file")}: ${changed}, ${report.unchanged} already canonical${problems}`;
}
