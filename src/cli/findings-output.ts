import type { Finding, FindingSeverity } from "../findings/finding.js";
import { annotation } from "../output/annotations.js";

export type FindingsFormat = "human" | "json" | "github";
export const FINDINGS_FORMATS: readonly FindingsFormat[] = ["human", "json", "github"];

/** What a findings report covers; `validate` and other commands that report findings share this shape. */
export interface FindingsSummary {
  files: number;
  rules: number;
  findings: readonly Finding[];
}

/** github when running in GitHub Actions, human otherwise. */
export function defaultFindingsFormat(env: NodeJS.ProcessEnv): FindingsFormat {
  return env.GITHUB_ACTIONS === "true" ? "github" : "human";
}

export function formatFindings(format: FindingsFormat, report: FindingsSummary, elapsedMs: number): string {
  switch (format) {
    case "json":
      return formatJson(report);
    case "github":
      return formatGithub(report, elapsedMs);
    default:
      return formatHuman(report, elapsedMs);
  }
}

/** `file:line:col severity code message`, a hint line below when there is one, files separated by a blank line. */
export function formatHuman(report: FindingsSummary, elapsedMs: number): string {
  const lines: string[] = [];
  let previousFile: string | undefined;
  for (const finding of report.findings) {
    if (previousFile !== undefined && finding.file !== previousFile) lines.push("");
    previousFile = finding.file;
    lines.push(
      `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.code} ${finding.message}`,
    );
    if (finding.hint) lines.push(`  hint: ${finding.hint}`);
  }
  if (lines.length > 0) lines.push("");
  lines.push(summaryLine(report, elapsedMs));
  return `${lines.join("\n")}\n`;
}

/** Exactly one JSON object; every finding carries all keys (rule_id and hint are null when absent). */
export function formatJson(report: FindingsSummary): string {
  const findings = report.findings.map((f) => ({
    file: f.file,
    line: f.line,
    column: f.column,
    rule_id: f.rule_id ?? null,
    code: f.code,
    severity: f.severity,
    message: f.message,
    hint: f.hint ?? null,
  }));
  return `${JSON.stringify({ files: report.files, rules: report.rules, findings }, null, 2)}\n`;
}

const GITHUB_COMMAND: Record<FindingSeverity, "error" | "warning" | "notice"> = {
  error: "error",
  warning: "warning",
  info: "notice",
};

/** GitHub Actions workflow commands: one annotation per finding, then the summary as plain log text. */
export function formatGithub(report: FindingsSummary, elapsedMs: number): string {
  const lines = report.findings.map((f) => {
    const message = f.hint ? `${f.message}\nhint: ${f.hint}` : f.message;
    return annotation(
      GITHUB_COMMAND[f.severity],
      { file: f.file, line: f.line, col: f.column, title: f.code },
      message,
    );
  });
  lines.push(summaryLine(report, elapsedMs));
  return `${lines.join("\n")}\n`;
}

export function countBySeverity(findings: readonly Finding[]): Record<FindingSeverity, number> {
  const counts: Record<FindingSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

function summaryLine(report: FindingsSummary, elapsedMs: number): string {
  const counts = countBySeverity(report.findings);
  return (
    `${plural(report.files, "file")}, ${plural(report.rules, "rule")}: ` +
    `${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${counts.info} info ` +
    `(${(elapsedMs / 1000).toFixed(2)} s)`
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
