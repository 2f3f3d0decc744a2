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
  "rule-unknown-aggregation-field": {
    severity: "error",
    description: "new_terms or threshold field in no schema of the rule's data, or an object",
  },
  "rule-field-not-aggregatable": {
    severity: "error",
    description: "new_terms or threshold field of a type that cannot be aggregated",
  },
});

export type FieldCode = keyof typeof FIELD_CODES.codes;
