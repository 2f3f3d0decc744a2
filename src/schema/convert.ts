/**
 * Conversion between the [rule] table of a TOML rule file (layout of Elastic's detection-rules repository)
 * and the body of Kibana's create-rule API. The two are the same object except for new_terms, which the
 * TOML layout writes as
 *   [rule.new_terms] field = "new_terms_fields", value = [...]
 *   [[rule.new_terms.history_window_start]] field = "history_window_start", value = "now-7d"
 */
import type { SchemaIssue } from "./validate-rule.js";

type Table = Record<string, unknown>;

const NEW_TERMS_FIELDS = "new_terms_fields";
const HISTORY_WINDOW_START = "history_window_start";

/** Keys Kibana generates or computes; they are not part of a rule's definition. */
export const SERVER_GENERATED_KEYS: readonly string[] = [
  "id",
  "created_at",
  "created_by",
  "updated_at",
  "updated_by",
  "revision",
  "immutable",
  "rule_source",
  "execution_summary",
];

const isTable = (value: unknown): value is Table =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** The API create body for a TOML [rule] table. Keys other than new_terms pass through unchanged. */
export function tomlRuleToApi(ruleTable: Record<string, unknown>): Record<string, unknown> {
  const { new_terms: newTerms, ...rest } = ruleTable;
  if (newTerms === undefined) return { ...rest };
  if (!isTable(newTerms)) return { ...ruleTable };
  const api: Table = { ...rest };
  if (newTerms.value !== undefined) api[NEW_TERMS_FIELDS] = newTerms.value;
  const historyWindowStart = historyWindowEntry(newTerms)?.value;
  if (historyWindowStart !== undefined) api[HISTORY_WINDOW_START] = historyWindowStart;
  return api;
}

/**
 * The TOML [rule] table for a rule as the API returns it (for import): server-generated keys and the
 * computed `required_fields[].ecs` are dropped, everything else is kept.
 */
export function apiRuleToToml(apiRule: Record<string, unknown>): Record<string, unknown> {
  const rule: Table = Object.fromEntries(
    Object.entries(apiRule).filter(([key]) => !SERVER_GENERATED_KEYS.includes(key)),
  );
  const input = withoutComputedFields(rule);
  if (input.type !== "new_terms" && !(NEW_TERMS_FIELDS in input)) return input;
  const { [NEW_TERMS_FIELDS]: fields, [HISTORY_WINDOW_START]: historyWindowStart, ...rest } = input;
  const newTerms: Table = { field: NEW_TERMS_FIELDS };
  if (fields !== undefined) newTerms.value = fields;
  if (historyWindowStart !== undefined) {
    newTerms[HISTORY_WINDOW_START] = [{ field: HISTORY_WINDOW_START, value: historyWindowStart }];
  }
  return { ...rest, new_terms: newTerms };
}

/** The create body without what Kibana computes itself and ignores on input: `required_fields[].ecs`. */
export function withoutComputedFields(apiRule: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(apiRule.required_fields)) return apiRule;
  const requiredFields = apiRule.required_fields.map((field) => {
    if (!isTable(field)) return field;
    const { ecs: _computed, ...definition } = field;
    return definition;
  });
  return { ...apiRule, required_fields: requiredFields };
}

/**
 * Where a key of the API body is written in the TOML [rule] table `ruleTable`: inside the new_terms table when
 * the file has one, else under its own name (e.g. a new_terms_fields key written by mistake on a query rule).
 */
export function apiPathToTomlPath(
  path: readonly (string | number)[],
  ruleTable: Record<string, unknown>,
): (string | number)[] {
  const [head, ...rest] = path;
  if (!isTable(ruleTable.new_terms)) return [...path];
  if (head === NEW_TERMS_FIELDS) return ["new_terms", "value", ...rest];
  if (head === HISTORY_WINDOW_START) return ["new_terms", HISTORY_WINDOW_START, 0, "value", ...rest];
  return [...path];
}

/** Problems with the TOML-only layout (the new_terms table) that the API schema cannot see. Paths are TOML paths. */
export function tomlLayoutIssues(ruleTable: Record<string, unknown>): SchemaIssue[] {
  const newTerms = ruleTable.new_terms;
  if (newTerms === undefined) return [];
  if (!isTable(newTerms)) {
    return [
      {
        path: ["new_terms"],
        message: "must be a table with field, value and history_window_start",
        kind: "schema",
      },
    ];
  }
  const issues: SchemaIssue[] = [];
  if (newTerms.field !== NEW_TERMS_FIELDS) {
    issues.push({ path: ["new_terms", "field"], message: `must be "${NEW_TERMS_FIELDS}"`, kind: "schema" });
  }
  for (const key of Object.keys(newTerms)) {
    if (!["field", "value", HISTORY_WINDOW_START].includes(key)) {
      issues.push({
        path: ["new_terms", key],
        message: `unknown key "${key}" in [rule.new_terms]`,
        kind: "unknown-key",
      });
    }
  }
  const history = newTerms[HISTORY_WINDOW_START];
  if (history === undefined) return issues;
  const entries = Array.isArray(history) ? history : [];
  if (entries.length !== 1 || !isTable(entries[0])) {
    issues.push({
      path: ["new_terms", HISTORY_WINDOW_START],
      message: "must be exactly one [[rule.new_terms.history_window_start]] table",
      kind: "schema",
    });
    return issues;
  }
  if (entries[0].field !== HISTORY_WINDOW_START) {
    issues.push({
      path: ["new_terms", HISTORY_WINDOW_START, 0, "field"],
      message: `must be "${HISTORY_WINDOW_START}"`,
      kind: "schema",
    });
  }
  return issues;
}

function historyWindowEntry(newTerms: Table): Table | undefined {
  const history = newTerms[HISTORY_WINDOW_START];
  if (!Array.isArray(history)) return undefined;
  return history.find((entry): entry is Table => isTable(entry));
}

/** Types whose `language` Kibana sets to kuery when it is omitted. */
const KUERY_DEFAULT_TYPES = ["query", "saved_query", "threshold", "threat_match", "new_terms"];

/**
 * The create body with the defaults Kibana fills in on create written out, so an export says exactly what
 * Kibana will store. Also applies Kibana's create-time normalisation of threshold.field and
 * machine_learning_job_id to arrays. Values that are present are never changed otherwise.
 */
export function withApiDefaults(apiRule: Record<string, unknown>): Record<string, unknown> {
  const type = apiRule.type;
  const defaults: Table = {
    from: "now-6m",
    to: "now",
    interval: "5m",
    max_signals: 100,
    enabled: false,
    version: 1,
    tags: [],
    author: [],
    references: [],
    false_positives: [],
    threat: [],
    exceptions_list: [],
    risk_score_mapping: [],
    severity_mapping: [],
    required_fields: [],
    related_integrations: [],
    actions: [],
    setup: "",
    output_index: "",
  };
  if (typeof type === "string" && KUERY_DEFAULT_TYPES.includes(type)) defaults.language = "kuery";
  if (type === "query") defaults.query = "";
  if (type === "threat_match") defaults.threat_indicator_path = "threat.indicator";
  const rule: Table = { ...defaults };
  for (const [key, value] of Object.entries(apiRule)) if (value !== undefined) rule[key] = value;
  if (type === "threshold" && isTable(rule.threshold) && typeof rule.threshold.field === "string") {
    const field = rule.threshold.field;
    rule.threshold = { ...rule.threshold, field: field === "" ? [] : [field] };
  }
  if (type === "machine_learning" && typeof rule.machine_learning_job_id === "string") {
    rule.machine_learning_job_id = [rule.machine_learning_job_id];
  }
  return rule;
}
