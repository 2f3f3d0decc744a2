import { defineCodes } from "../../findings/code.js";

/**
 * The field check: fields and values of a rule against the ECS and integration schemas of its data. Some codes
 * are emitted at a lower severity than their default when the finding is less certain (an unknown field when a
 * schema of the rule's data is not loaded is a warning).
 */
export const FIELD_CODES = defineCodes("Fields (ECS + integration schemas)", {
  "kql-unknown-field": {
    severity: "error",
    description: "field in no schema of the rule's data (a warning when one of those schemas is not loaded)",
  },
  "kql-unsearchable-field": {
    severity: "error",
    description: "field is not indexed, so no query on it can match",
  },
  "kql-nested-field": {
    severity: "error",
    description: "nested field queried outside its nested group, or the reverse",
  },
  "kql-value-type": {
    severity: "error",
    description:
      "value cannot match the field's type (a warning when it matches nothing, e.g. 1.5 on an integer)",
  },
  "kql-wildcard-type": {
    severity: "error",
    description: "wildcard on a field type that does not support it",
  },
  "kql-wildcard-whitespace": {
    severity: "warning",
    description: "wildcard value with whitespace on a keyword field",
  },
  "kql-wildcard-text": {
    severity: "warning",
    description: "wildcard on a text field matches single tokens only",
  },
  "kql-quoted-wildcard": {
    severity: "warning",
    description: "quoted value with *, which is then a literal character",
  },
  "kql-leading-wildcard": { severity: "info", description: "leading wildcard: slow on large indices" },
  "eql-unknown-field": {
    severity: "error",
    description:
      "EQL field in no schema of the rule's data (a warning when one of those schemas is not loaded)",
  },
  "eql-value-type": { severity: "error", description: "EQL value or operator the field's type cannot match" },
  "eql-text-field": { severity: "error", description: "EQL on a text field without a keyword sub-field" },
  "eql-cidr-field": { severity: "error", description: "cidrMatch on a field that is not of type ip" },
  "eql-function-argument-type": {
    severity: "error",
    description: "EQL function given a field of the wrong type (a string function on a number, ...)",
  },
  "eql-event-category": {
    severity: "warning",
    description: "EQL event category that ECS event.category does not allow",
  },
  "eql-join-key-type": {
    severity: "warning",
    description: "sequence or sample join key with different field types across terms",
  },
  "eql-rule-field": {
    severity: "error",
    description:
      "timestamp_field, tiebreaker_field or event_category_override names an unknown or unsortable field (a warning when a schema is not loaded)",
  },
  "rule-unknown-aggregation-field": {
    severity: "error",
    description: "new_terms or threshold field in no schema of the rule's data, or an object",
  },
  "rule-field-not-aggregatable": {
    severity: "error",
    description: "new_terms or threshold field of a type that cannot be aggregated",
  },
  "field-type-conflict": {
    severity: "warning",
    description: "the indices of a field snapshot map a field the rule uses with different types",
  },
});

export type FieldCode = keyof typeof FIELD_CODES.codes;

/** The codes the EQL field check emits. */
export type EqlFieldCode = Extract<FieldCode, `eql-${string}`>;
