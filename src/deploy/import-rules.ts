import { join } from "node:path";
import { apiRuleToToml, tomlRuleToApi, withApiDefaults } from "../schema/convert.js";
import type { RuleFile } from "../schema/rule-file.js";
import { formatRuleDocument } from "../schema/toml/write.js";
import { validateRuleCreate } from "../schema/validate-rule.js";
import { contentOf, deepEqual, diffContent, type FieldChange, SERVER_FIELDS } from "./diff.js";
import type { ApiRule } from "./kibana-client.js";
import { isPrebuilt, MANAGED_TAG } from "./plan.js";

/** Written even when equal to Kibana's default, because a reader of the rule wants to see them. */
const ALWAYS_WRITTEN = ["language", "query"];
/** Computed on export when a rule does not set them, so a difference there is not a change to the rule. */
const COMPUTED_ON_EXPORT = ["required_fields", "related_integrations"];
/** Kept by Kibana and dac's deploy (which bumps it), never by hand in the repository's sense of drift. */
const NOT_DRIFT = ["version"];

export interface ImportedRule {
  ruleId: string;
  name: string;
  status: "new" | "changed" | "unchanged";
  /** Where the file is written (new) or already lives (changed, unchanged). */
  path: string;
  /** Canonical TOML of the imported rule. */
  text: string;
  /** Field differences from the repository's rule to Kibana's (changed). */
  changes: FieldChange[];
}

export interface ImportPlan {
  rules: ImportedRule[];
  skipped: { ruleId: string; name: string; reason: string }[];
}

/**
 * Decides what importing `incoming` rules (API shape, from Kibana or an export file) does to a repository:
 * new rule_ids become new files in `rulesDir`, known ones are compared. Pure: writes nothing.
 */
export function planImport(incoming: ApiRule[], existing: RuleFile[], rulesDir: string): ImportPlan {
  const byRuleId = new Map<string, RuleFile>();
  for (const file of existing)
    if (typeof file.rule?.rule_id === "string") byRuleId.set(file.rule.rule_id, file);
  const taken = new Set(existing.map((file) => file.path));
  const plan: ImportPlan = { rules: [], skipped: [] };
  for (const rule of incoming) {
    const ruleId = String(rule.rule_id ?? "");
    const name = String(rule.name ?? "");
    if (!ruleId) {
      plan.skipped.push({ ruleId, name, reason: "no rule_id" });
      continue;
    }
    if (isPrebuilt(rule)) {
      plan.skipped.push({
        ruleId,
        name,
        reason: "Elastic prebuilt rule (kept in Elastic's repository, not here)",
      });
      continue;
    }
    const document = ruleDocument(rule);
    const text = formatRuleDocument(document);
    const known = byRuleId.get(ruleId);
    if (!known?.rule) {
      const path = uniquePath(rulesDir, fileStem(name || ruleId), taken);
      taken.add(path);
      plan.rules.push({ ruleId, name, status: "new", path, text, changes: [] });
      continue;
    }
    const local = tomlRuleToApi(known.rule);
    const ignored = [...NOT_DRIFT, ...COMPUTED_ON_EXPORT.filter((field) => local[field] === undefined)];
    const comparable = (rule: ApiRule) =>
      Object.fromEntries(
        Object.entries(contentOf(rule, withApiDefaults)).filter(([field]) => !ignored.includes(field)),
      );
    const changes = diffContent(comparable(local), comparable(tomlRuleToApi(document.rule as ApiRule)));
    plan.rules.push({
      ruleId,
      name,
      status: changes.length ? "changed" : "unchanged",
      path: known.path,
      text,
      changes,
    });
  }
  return plan;
}

/**
 * The TOML document for a rule as Kibana returns it: server-owned fields, dac's managed tag and values equal
 * to Kibana's defaults are left out (export writes the defaults back, so nothing is lost). `enabled` is kept
 * only when true, so the deploy environment decides for the rest.
 */
export function ruleDocument(rule: ApiRule): {
  metadata: Record<string, unknown>;
  rule: Record<string, unknown>;
} {
  const api: ApiRule = { ...rule };
  if (Array.isArray(api.tags)) api.tags = api.tags.filter((tag) => tag !== MANAGED_TAG);
  if (Array.isArray(api.actions)) {
    api.actions = api.actions.map((action) => {
      const { uuid: _generated, ...rest } = action as Record<string, unknown>;
      return rest;
    });
  }
  const { type: _type, ...defaults } = withApiDefaults({ type: api.type });
  const table = apiRuleToToml(api);
  for (const [key, value] of Object.entries(table)) {
    if (key in defaults && !ALWAYS_WRITTEN.includes(key) && deepEqual(value, defaults[key]))
      delete table[key];
  }
  const date = (value: unknown) =>
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)
      ? value.slice(0, 10).replace(/-/g, "/")
      : undefined;
  const today = new Date().toISOString();
  return {
    metadata: {
      creation_date: date(rule.created_at) ?? date(today),
      updated_date: date(rule.updated_at) ?? date(today),
      maturity: "production",
    },
    rule: table,
  };
}

/** snake_case file stem from a rule name: "Suspicious PowerShell (Encoded)" → "suspicious_powershell_encoded". */
export function fileStem(name: string): string {
  const stem = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 100)
    .replace(/_+$/, "");
  return stem || "rule";
}

function uniquePath(dir: string, stem: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const path = join(dir, `${stem}${n === 1 ? "" : `_${n}`}.toml`);
    if (!taken.has(path)) return path;
  }
}

/** A rule of an import source, with where it came from ("file:line" or a space) for messages. */
export interface SourcedRule {
  rule: ApiRule;
  where: string;
}

/** A rule or line of an import source that cannot be imported, and why. */
export interface SourceProblem {
  where: string;
  message: string;
}

/**
 * Checks every rule of an import source before anything is written: a rule Kibana's create schema rejects
 * (a `risk_score` of "high", an unknown type) or a rule_id seen earlier in the source cannot become a rule
 * file. Returns the rules that can, and a problem for each that cannot.
 */
export function checkImportSource(rules: readonly SourcedRule[]): {
  accepted: ApiRule[];
  problems: SourceProblem[];
} {
  const accepted: ApiRule[] = [];
  const problems: SourceProblem[] = [];
  const firstSeen = new Map<string, string>();
  for (const { rule, where } of rules) {
    const ruleId = typeof rule.rule_id === "string" ? rule.rule_id : undefined;
    const label = ruleId ? `${where} (${ruleId})` : where;
    if (ruleId !== undefined && firstSeen.has(ruleId)) {
      problems.push({ where: label, message: `rule_id already used at ${firstSeen.get(ruleId)}` });
      continue;
    }
    if (ruleId !== undefined) firstSeen.set(ruleId, where);
    if (isPrebuilt(rule)) {
      accepted.push(rule);
      continue;
    }
    const body = Object.fromEntries(Object.entries(rule).filter(([key]) => !SERVER_FIELDS.includes(key)));
    const issues = validateRuleCreate(body).filter((issue) => issue.kind === "schema");
    if (issues.length > 0) {
      const reasons = issues.map((issue) => `${issue.path.join(".") || "rule"}: ${issue.message}`);
      problems.push({ where: label, message: `Kibana would reject it: ${reasons.join("; ")}` });
      continue;
    }
    accepted.push(rule);
  }
  return { accepted, problems };
}

/** Rule objects of an ndjson export; the summary line, exception lists/items and connectors are skipped. */
export function parseNdjsonRules(text: string): {
  rules: { rule: ApiRule; line: number }[];
  errors: { line: number; message: string }[];
} {
  const rules: { rule: ApiRule; line: number }[] = [];
  const errors: { line: number; message: string }[] = [];
  text.split("\n").forEach((raw, index) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      errors.push({ line: index + 1, message: `not JSON: ${(error as Error).message}` });
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      errors.push({ line: index + 1, message: "expected a JSON object" });
      return;
    }
    const object = value as ApiRule;
    if ("exported_count" in object || "list_id" in object || "item_id" in object || "attributes" in object)
      return;
    rules.push({ rule: object, line: index + 1 });
  });
  return { rules, errors };
}
