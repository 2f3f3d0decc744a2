import type { FindingSeverity } from "./finding.js";

/**
 * Every check code dac validate emits itself, with its default severity and what it means. Defaults were set
 * against Elastic's production rules: a convention those rules legitimately break is off or info.
 */
export const CHECK_CODES = {
  schema: { severity: "error", summary: "rule does not match the Kibana create-rule schema" },
  "unknown-key": { severity: "warning", summary: "key the Kibana API does not know (it would be dropped)" },
  "kql-syntax": { severity: "error", summary: "KQL query does not parse" },
  "eql-syntax": {
    severity: "error",
    summary: "EQL query Elasticsearch rejects (syntax, unsupported feature, unknown function or arity)",
  },
  "eql-value-type": { severity: "error", summary: "EQL value or operator the field's type cannot match" },
  "eql-text-field": { severity: "error", summary: "EQL on a text field without a keyword sub-field" },
  "eql-cidr-field": { severity: "error", summary: "cidrMatch on a field that is not of type ip" },
  "eql-function-argument-type": {
    severity: "error",
    summary: "EQL function given a field of the wrong type (a string function on a number, ...)",
  },
  "eql-event-category": {
    severity: "warning",
    summary: "EQL event category that ECS event.category does not allow",
  },
  "eql-join-key-type": {
    severity: "warning",
    summary: "sequence or sample join key with different field types across terms",
  },
  "eql-rule-field": {
    severity: "error",
    summary:
      "timestamp_field, tiebreaker_field or event_category_override names an unknown or unsortable field",
  },
  "mitre-id-malformed": {
    severity: "error",
    summary: "ATT&CK id not of the form TA0000 / T0000 / T0000.000",
  },
  "mitre-id-unknown": { severity: "error", summary: "ATT&CK id not in the shipped ATT&CK catalog" },
  "mitre-id-revoked": {
    severity: "warning",
    summary: "ATT&CK id revoked or deprecated; use its replacement",
  },
  "mitre-name-mismatch": { severity: "warning", summary: "ATT&CK name does not match the id" },
  "mitre-reference-mismatch": { severity: "warning", summary: "ATT&CK reference URL does not match the id" },
  "mitre-tactic-mismatch": {
    severity: "error",
    summary: "technique does not belong to the tactic it is mapped under",
  },
  "mitre-subtechnique-parent": {
    severity: "error",
    summary: "sub-technique does not belong to its technique",
  },
  "tag-tactic-missing": { severity: "off", summary: "a mapped tactic has no `Tactic: <name>` tag" },
  "tag-tactic-none": {
    severity: "info",
    summary: "rule maps tactics but has no `Tactic:` tag for any of them",
  },
  "tag-tactic-unmapped": {
    severity: "warning",
    summary: "`Tactic: <name>` tag without that tactic in the threat mapping",
  },
  "tag-tactic-unknown": { severity: "warning", summary: "`Tactic: <name>` tag names no ATT&CK tactic" },
  "tag-investigation-guide-missing": {
    severity: "warning",
    summary: "rule has a note (investigation guide) but no `Resources: Investigation Guide` tag",
  },
  "tag-investigation-guide-without-note": {
    severity: "warning",
    summary: "`Resources: Investigation Guide` tag but no note",
  },
  "tag-duplicate": { severity: "warning", summary: "the same tag appears twice" },
  "severity-risk-band": { severity: "warning", summary: "severity outside the risk score band" },
  "schedule-invalid": { severity: "error", summary: "interval, from or to cannot be parsed" },
  "lookback-too-short": { severity: "error", summary: "the from..to window is shorter than the interval" },
  "new-terms-history-window": {
    severity: "error",
    summary: "new_terms history window does not start before `from`",
  },
  "new-terms-fields-duplicate": { severity: "warning", summary: "a new_terms field is listed twice" },
  "timeline-pair": {
    severity: "error",
    summary: "timeline_id and timeline_title must be set together, non-empty",
  },
  "threshold-cardinality-field": { severity: "error", summary: "threshold cardinality on a group-by field" },
  "threat-match-search-pair": {
    severity: "error",
    summary: "concurrent_searches and items_per_search must be set together",
  },
  "threat-mapping-negate": {
    severity: "error",
    summary: "threat mapping group with only negated or conflicting entries",
  },
  "query-empty": { severity: "warning", summary: "query-based rule without a query" },
  "index-missing": { severity: "warning", summary: "rule names neither index nor data_view_id" },
  "reference-not-url": { severity: "warning", summary: "reference is not an http(s) URL" },
  "name-whitespace": { severity: "warning", summary: "name has leading or trailing whitespace" },
  "metadata-date-missing": { severity: "warning", summary: "metadata creation_date or updated_date missing" },
  "metadata-date-invalid": { severity: "error", summary: "metadata date is not a valid YYYY/MM/DD date" },
  "metadata-date-order": { severity: "warning", summary: "updated_date earlier than creation_date" },
  "maturity-unknown": { severity: "warning", summary: "metadata maturity is not a known value" },
  "deprecated-location": {
    severity: "warning",
    summary: "deprecated rule outside `_deprecated/`, or a rule in `_deprecated/` not marked deprecated",
  },
  "deprecated-date-missing": {
    severity: "warning",
    summary: "deprecated rule without metadata deprecation_date",
  },
  "rule-id-duplicate": { severity: "error", summary: "rule_id used by more than one rule file" },
  "name-duplicate": { severity: "warning", summary: "rule name used by more than one active rule" },
} as const satisfies Record<string, { severity: FindingSeverity | "off"; summary: string }>;

export type CheckCode = keyof typeof CHECK_CODES;

/** The severity a code gets before configuration; "off" codes are produced and then dropped unless enabled. */
export function defaultSetting(code: string): FindingSeverity | "off" | undefined {
  return (CHECK_CODES as Record<string, { severity: FindingSeverity | "off" }>)[code]?.severity;
}

/** Severity to stamp on a new finding; off-by-default codes are stamped info until configuration decides. */
export function defaultSeverity(code: CheckCode): FindingSeverity {
  const setting = CHECK_CODES[code].severity;
  return setting === "off" ? "info" : setting;
}
