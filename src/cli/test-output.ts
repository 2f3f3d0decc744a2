import type { Alert } from "../engine/execution/index.js";
import type { CaseResult } from "../engine/rule-tests/run-case.js";
import type { SuiteResult } from "../engine/rule-tests/suite.js";
import { annotation } from "../output/annotations.js";
import { describeAlert } from "../rule-types/registry.js";
import type { RuleType } from "../schema/rule-schema.js";
import type { OutputFormat } from "./common.js";
import { plural } from "./findings-output.js";

export interface EngineDifference {
  file: string;
  name: string;
  type: RuleType;
  engines: [string, string];
  alerts: [Alert[], Alert[]];
}

export interface TestReport {
  suite: SuiteResult;
  differences: EngineDifference[];
  notices: string[];
  elapsedMs: number;
  explain: boolean;
}

export function formatTestReport(
  format: OutputFormat,
  report: TestReport,
  show: (file: string) => string,
): string {
  if (format === "json") return `${JSON.stringify(jsonReport(report, show), null, 2)}\n`;
  if (format === "github") return githubReport(report, show);
  return humanReport(report, show);
}

export function counts(report: TestReport) {
  const failed =
    report.suite.cases.filter((c) => !c.passed).length +
    report.suite.errors.length +
    report.differences.length;
  return { passed: report.suite.cases.filter((c) => c.passed).length, failed };
}

function humanReport(report: TestReport, show: (file: string) => string): string {
  const lines: string[] = [];
  for (const notice of report.notices) lines.push(`notice: ${notice}`);
  let previous = "";
  // Grouped by file and engine; within a group, cases keep their order in the test file.
  const ordered = [...report.suite.cases].sort(
    (a, b) => a.file.localeCompare(b.file) || a.engine.localeCompare(b.engine),
  );
  for (const result of ordered) {
    const heading = `${show(result.file)} [${result.engine}]`;
    if (heading !== previous) lines.push(heading);
    previous = heading;
    lines.push(`  ${result.passed ? "✓" : "✗"} ${result.name} (${result.durationMs.toFixed(0)} ms)`);
    if (!result.passed || report.explain) lines.push(...details(result, report.explain));
  }
  for (const error of report.suite.errors) {
    const where = error.line > 0 ? `${show(error.file)}:${error.line}` : show(error.file);
    lines.push(`✗ ${where}${error.case ? ` (${error.case})` : ""}: ${error.message}`);
  }
  for (const difference of report.differences) {
    lines.push(
      `✗ engines disagree on "${difference.name}" (${show(difference.file)}): ${difference.engines[0]} raised ${describeAlerts(difference.type, difference.alerts[0])}; ${difference.engines[1]} raised ${describeAlerts(difference.type, difference.alerts[1])}`,
    );
  }
  for (const file of report.suite.untested) lines.push(`- ${show(file)}: no tests`);
  for (const group of skippedGroups(report)) {
    lines.push(
      `- ${show(group.rule)} [${group.engine}]: ${plural(group.cases, "case")} skipped: ${group.reason}`,
    );
  }
  lines.push("");
  lines.push(summary(report));
  lines.push(
    `${plural(report.suite.rules, "rule")}, ${plural(report.suite.cases.length, "case run")} in ${(report.elapsedMs / 1000).toFixed(2)} s`,
  );
  return `${lines.join("\n")}\n`;
}

/** "N passed, M failed", with ", K skipped" when an engine could not run some cases. */
function summary(report: TestReport): string {
  const { passed, failed } = counts(report);
  const skipped = report.suite.skipped.length;
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}

/** Skipped cases once per rule, engine and reason. */
function skippedGroups(report: TestReport) {
  const groups = new Map<string, { rule: string; engine: string; reason: string; cases: number }>();
  for (const { rule, engine, reason } of report.suite.skipped) {
    const key = `${rule}\u0000${engine}\u0000${reason}`;
    const group = groups.get(key) ?? { rule, engine, reason, cases: 0 };
    group.cases++;
    groups.set(key, group);
  }
  return [...groups.values()];
}

function details(result: CaseResult, explain: boolean): string[] {
  const lines: string[] = [];
  if (explain) {
    for (const [i, step] of result.executions.entries()) {
      lines.push(`      execution ${i + 1} at ${step.startedAt}`);
      for (const range of step.ranges) lines.push(`        searches ${range.from} … ${range.to}`);
      if (step.arrived.length > 0) lines.push(`        indexed before it: ${step.arrived.join(", ")}`);
      lines.push(`        alerts: ${describeAlerts(result.type, step.alerts)}`);
    }
  }
  for (const missing of result.shown.missing) lines.push(`      expected, not raised: ${missing}`);
  for (const unexpected of result.shown.unexpected) lines.push(`      raised, not expected: ${unexpected}`);
  if (result.explanations) {
    lines.push("      why:");
    for (const event of result.explanations) {
      const verdict = event.alerted.length > 0 ? event.alerted.join("; ") : "no alert";
      lines.push(
        `        ${event.id}: ${verdict}${event.reasons.length > 0 ? ` — ${event.reasons.join("; ")}` : ""}`,
      );
    }
  }
  return lines;
}

function describeAlerts(type: RuleType, alerts: Alert[]): string {
  if (alerts.length === 0) return "none";
  return alerts.map((alert) => describeAlert(type, alert)).join(", ");
}

function jsonReport(report: TestReport, show: (file: string) => string) {
  const { passed, failed } = counts(report);
  return {
    passed,
    failed,
    rules: report.suite.rules,
    notices: report.notices,
    cases: report.suite.cases.map((result) => ({
      file: show(result.file),
      name: result.name,
      engine: result.engine,
      passed: result.passed,
      duration_ms: Math.round(result.durationMs),
      executions: result.executions,
      missing: result.missing,
      unexpected: result.unexpected,
      ...(result.explanations ? { explanations: result.explanations } : {}),
    })),
    errors: report.suite.errors.map((error) => ({ ...error, file: show(error.file) })),
    skipped: report.suite.skipped.map((skip) => ({ ...skip, file: show(skip.file), rule: show(skip.rule) })),
    differences: report.differences.map((difference) => ({ ...difference, file: show(difference.file) })),
    untested: report.suite.untested.map(show),
  };
}

function githubReport(report: TestReport, show: (file: string) => string): string {
  const lines: string[] = [];
  for (const notice of report.notices) lines.push(annotation("notice", { title: "dac test" }, notice));
  for (const result of report.suite.cases.filter((c) => !c.passed)) {
    const body = [
      `${result.name} [${result.engine}]`,
      ...details(result, false).map((line) => line.trim()),
    ].join("\n");
    lines.push(annotation("error", { file: show(result.file), title: "rule test failed" }, body));
  }
  for (const error of report.suite.errors) {
    lines.push(
      annotation(
        "error",
        { file: show(error.file), line: Math.max(error.line, 1), title: "rule test error" },
        error.message,
      ),
    );
  }
  for (const difference of report.differences) {
    lines.push(
      annotation("error", { file: show(difference.file), title: "engines disagree" }, difference.name),
    );
  }
  for (const group of skippedGroups(report)) {
    const message = `${plural(group.cases, "case")} skipped on ${group.engine}: ${group.reason}`;
    lines.push(annotation("notice", { file: show(group.rule), title: "rule tests skipped" }, message));
  }
  lines.push(summary(report));
  return `${lines.join("\n")}\n`;
}
