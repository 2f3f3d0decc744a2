/**
 * Kibana's rule import format (ndjson): one create-shaped rule per line, then the export summary line that
 * Kibana's own export writes. Lines are sorted by rule_id and keys are sorted at every level, so the same
 * rules always give the same bytes.
 */

import type { Finding } from "../findings/finding.js";
import type { FindingCode } from "../findings/registry.js";
import {
  apiPathToTomlPath,
  tomlLayoutIssues,
  tomlRuleToApi,
  withApiDefaults,
  withoutComputedFields,
} from "../schema/convert.js";
import type { RuleFile } from "../schema/rule-file.js";
import type { KeyPath } from "../schema/source.js";
import { type SchemaIssue, validateRuleCreate } from "../schema/validate-rule.js";
import { canonicalJson } from "./canonical-json.js";
import { forStack } from "./stack-compat.js";

export type ApiRuleBody = Record<string, unknown>;

export interface ExportOptions {
  /** Adds to a rule's create body before defaults are applied (e.g. required_fields from the field catalog). */
  enrich?: (api: ApiRuleBody, file: RuleFile) => ApiRuleBody;
  /** More findings for a file (e.g. from the full validator); those with severity error keep the rule out. */
  errors?: (file: RuleFile) => readonly Finding[];
  /** Export rules whose metadata maturity is "deprecated" too (by default they are skipped, as Kibana ships none). */
  includeDeprecated?: boolean;
  /** The rules as this (older) stack accepts them: unknown fields dropped, unsupported rule types refused. */
  stackVersion?: string;
}

export interface ExportedRule {
  ruleId: string;
  file: string;
  /** The line's object: create body with Kibana's defaults written out. */
  body: ApiRuleBody;
}

export interface RuleExport {
  /** The whole file: rule lines sorted by rule_id, then the summary line; every line ends with "\n". */
  ndjson: string;
  rules: ExportedRule[];
  /** Files left out on purpose (deprecated rules), with the reason. */
  skipped: { file: string; reason: string }[];
  /** Why rules were not exported: error findings, each naming its file and position. */
  failures: Finding[];
}

/** Builds the import file for `files`. Pure: reads nothing, writes nothing. */
export function exportRules(files: readonly RuleFile[], options: ExportOptions = {}): RuleExport {
  const candidates: ExportedRule[] = [];
  const failures: Finding[] = [];
  const skipped: RuleExport["skipped"] = [];
  for (const file of files) {
    const outcome = exportOne(file, options);
    if ("skip" in outcome) skipped.push({ file: file.path, reason: outcome.skip });
    else if ("failures" in outcome) failures.push(...outcome.failures);
    else candidates.push(outcome.rule);
  }
  const byRuleId = new Map<string, ExportedRule[]>();
  for (const rule of candidates) byRuleId.set(rule.ruleId, [...(byRuleId.get(rule.ruleId) ?? []), rule]);
  const rules: ExportedRule[] = [];
  for (const [ruleId, copies] of byRuleId) {
    if (copies.length === 1) {
      rules.push(copies[0]);
      continue;
    }
    const others = (rule: ExportedRule) =>
      copies
        .filter((copy) => copy !== rule)
        .map((copy) => copy.file)
        .join(", ");
    for (const rule of copies) {
      const file = files.find((candidate) => candidate.path === rule.file)!;
      failures.push(
        findingAt(
          file,
          ["rule", "rule_id"],
          "rule-id-duplicate",
          `rule_id "${ruleId}" is also used by ${others(rule)}`,
        ),
      );
    }
  }
  rules.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  const lines = rules.map((rule) => canonicalJson(rule.body));
  lines.push(canonicalJson(exportSummary(rules.length)));
  return {
    ndjson: `${lines.map((line) => `${line}\n`).join("")}`,
    rules,
    skipped,
    failures: sortFindings(failures),
  };
}

type Outcome = { rule: ExportedRule } | { failures: Finding[] } | { skip: string };

function exportOne(file: RuleFile, options: ExportOptions): Outcome {
  const loadErrors = file.findings.filter((finding) => finding.severity === "error");
  if (loadErrors.length > 0) return { failures: loadErrors };
  if (!file.rule) return { failures: [findingAt(file, [], "not-a-rule", "file has no [rule] table")] };
  if (file.metadata?.maturity === "deprecated" && !options.includeDeprecated) {
    return { skip: 'metadata maturity is "deprecated"' };
  }
  const failures = [
    ...tomlLayoutIssues(file.rule).map((issue) => issueFinding(file, issue, ["rule", ...issue.path])),
    ...schemaFindings(file, file.rule, tomlRuleToApi(file.rule)),
    ...(options.errors?.(file) ?? []).filter((finding) => finding.severity === "error"),
  ];
  const ruleId = file.rule.rule_id;
  if (typeof ruleId !== "string" || ruleId.trim() === "") {
    failures.push(
      findingAt(file, ["rule"], "rule-id-missing", "rule_id is required to import a rule into Kibana"),
    );
  }
  if (failures.length > 0) return { failures: dedupe(failures) };
  let api = tomlRuleToApi(file.rule);
  if (options.enrich) {
    api = options.enrich(api, file);
    const enrichmentFailures = schemaFindings(file, file.rule, withoutComputedFields(api)).map((finding) => ({
      ...finding,
      message: `after enrichment: ${finding.message}`,
    }));
    if (enrichmentFailures.length > 0) return { failures: enrichmentFailures };
  }
  const body = withApiDefaults(api);
  if (options.stackVersion === undefined)
    return { rule: { ruleId: ruleId as string, file: file.path, body } };
  const compatible = forStack(body, options.stackVersion);
  if ("unsupported" in compatible) {
    const name = typeof body.name === "string" ? `"${body.name}"` : (ruleId as string);
    const message = `rule ${name} cannot be exported for stack ${options.stackVersion}: ${compatible.unsupported}`;
    return { failures: [findingAt(file, ["rule", "type"], "stack-rule-type-unsupported", message)] };
  }
  return { rule: { ruleId: ruleId as string, file: file.path, body: compatible.body } };
}

/**
 * Schema problems of a create body as error findings at their TOML position. Unknown keys are errors here,
 * not warnings: Kibana would drop them, so the exported rule would silently differ from the file.
 */
function schemaFindings(file: RuleFile, ruleTable: Record<string, unknown>, api: ApiRuleBody): Finding[] {
  return validateRuleCreate(api).map((issue) =>
    issueFinding(file, issue, ["rule", ...apiPathToTomlPath(issue.path, ruleTable)]),
  );
}

function issueFinding(file: RuleFile, issue: SchemaIssue, tomlPath: KeyPath): Finding {
  const where = issue.path.length === 0 ? "rule" : issue.path.join(".");
  return findingAt(file, tomlPath, issue.kind, `${where}: ${issue.message}`);
}

function findingAt(file: RuleFile, path: KeyPath, code: FindingCode, message: string): Finding {
  const position = file.positionOf(path);
  const ruleId = file.rule?.rule_id;
  return {
    file: file.path,
    line: position.line,
    column: position.column,
    ...(typeof ruleId === "string" ? { rule_id: ruleId } : {}),
    code,
    severity: "error",
    message,
  };
}

/** The summary line Kibana appends to an export; import recognises it by `exported_count` and skips it. */
export function exportSummary(exportedRules: number): Record<string, unknown> {
  return {
    exported_count: exportedRules,
    exported_rules_count: exportedRules,
    missing_rules: [],
    missing_rules_count: 0,
    exported_exception_list_count: 0,
    exported_exception_list_item_count: 0,
    missing_exception_list_item_count: 0,
    missing_exception_list_items: [],
    missing_exception_lists: [],
    missing_exception_lists_count: 0,
    exported_action_connector_count: 0,
    missing_action_connection_count: 0,
    missing_action_connections: [],
    excluded_action_connection_count: 0,
    excluded_action_connections: [],
  };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.line}:${finding.column}:${finding.code}:${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}
