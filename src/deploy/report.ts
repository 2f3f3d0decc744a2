import { annotation } from "../output/annotations.js";
import type { RuleResult } from "./apply.js";
import type { SpaceReport } from "./deploy.js";
import type { FieldChange } from "./diff.js";
import { type PlanEntry, planCounts, type SpacePlan } from "./plan.js";

export type DeployFormat = "human" | "json" | "github";

const SYMBOL: Record<PlanEntry["action"], string> = {
  create: "+",
  update: "~",
  delete: "-",
  unchanged: "=",
  conflict: "!",
};

/** The plan of one space as text: a count line, then every rule that is not unchanged, with its field diff. */
export function formatPlanHuman(plan: SpacePlan, dryRun: boolean): string {
  const counts = planCounts(plan);
  const lines = [
    `${dryRun ? "plan (dry run)" : "plan"} for space "${plan.space}": ${counts.create} to create, ${counts.update} to update, ` +
      `${counts.delete} to delete, ${counts.unchanged} unchanged` +
      (counts.conflict ? `, ${counts.conflict} in conflict` : ""),
  ];
  for (const entry of plan.entries) {
    if (entry.action === "unchanged") continue;
    const where = entry.file ? ` (${entry.file}${entry.line ? `:${entry.line}` : ""})` : "";
    const version =
      entry.version && entry.action !== "conflict"
        ? entry.version.deployed !== undefined && entry.version.deployed !== entry.version.planned
          ? `  version ${entry.version.deployed} → ${entry.version.planned}`
          : `  version ${entry.version.planned}`
        : "";
    lines.push(
      `  ${SYMBOL[entry.action]} ${entry.action.padEnd(8)} ${entry.ruleId}  ${entry.name}${where}${version}`,
    );
    if (entry.message) lines.push(`      ${entry.message}`);
    if (entry.action === "update") {
      for (const change of entry.changes) lines.push(`      ${formatChange(change)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function formatChange(change: FieldChange): string {
  return `${change.field}: ${show(change.before)} → ${show(change.after)}`;
}

function show(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Outcome of the apply step for every space, failures listed with Kibana's reason. */
export function formatResultsHuman(reports: SpaceReport[], dryRun: boolean): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (report.error) {
      lines.push(`space "${report.space}": FAILED: ${report.error}`);
      continue;
    }
    if (!report.result) continue;
    const results = report.result.results;
    const count = (outcome: RuleResult["outcome"]) => results.filter((r) => r.outcome === outcome).length;
    lines.push(
      `space "${report.space}": ${count("applied")} applied, ${count("unchanged")} unchanged, ` +
        `${count("failed")} failed, ${count("skipped")} skipped`,
    );
    for (const result of results) {
      if (result.outcome !== "failed" && result.outcome !== "skipped") continue;
      const where = result.file ? ` (${result.file}${result.line ? `:${result.line}` : ""})` : "";
      lines.push(
        `  ✗ ${result.action} ${result.ruleId}  ${result.name}${where}: ${result.message ?? result.outcome}`,
      );
    }
    if (report.result.error) lines.push(`  space aborted: ${report.result.error}`);
  }
  if (dryRun) lines.push("dry run: nothing was written");
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export function formatJson(reports: SpaceReport[], dryRun: boolean, success: boolean): string {
  return `${JSON.stringify(
    {
      dry_run: dryRun,
      success,
      spaces: reports.map((report) => ({
        space: report.space,
        ...(report.error ? { error: report.error } : {}),
        ...(report.plan
          ? {
              plan: report.plan.entries.map((entry) => ({
                action: entry.action,
                rule_id: entry.ruleId,
                name: entry.name,
                ...(entry.file ? { file: entry.file } : {}),
                ...(entry.version ? { version: entry.version } : {}),
                ...(entry.message ? { message: entry.message } : {}),
                ...(entry.action === "update" ? { changes: entry.changes } : {}),
              })),
            }
          : {}),
        ...(report.result
          ? {
              results: report.result.results.map((r) => ({
                rule_id: r.ruleId,
                action: r.action,
                outcome: r.outcome,
                ...(r.message ? { message: r.message } : {}),
              })),
            }
          : {}),
      })),
    },
    null,
    2,
  )}\n`;
}

/** GitHub workflow annotations for every failed rule or space. */
export function formatGithubAnnotations(reports: SpaceReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    const title = `deploy ${report.space}`;
    if (report.error) lines.push(annotation("error", { title }, report.error));
    for (const result of report.result?.results ?? []) {
      if (result.outcome !== "failed") continue;
      const place = result.file ? { file: result.file, line: result.line ?? 1, title } : { title };
      lines.push(annotation("error", place, `${result.ruleId}: ${result.message ?? "failed"}`));
    }
    if (!report.result) {
      for (const entry of report.plan?.entries ?? []) {
        if (entry.action !== "conflict") continue;
        const place = entry.file ? { file: entry.file, line: entry.line ?? 1, title } : { title };
        lines.push(annotation("error", place, `${entry.ruleId}: ${entry.message}`));
      }
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}
