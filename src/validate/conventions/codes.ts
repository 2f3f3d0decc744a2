import { defineCodes } from "../../findings/code.js";

/** Defaults were set against Elastic's production rules: a convention those rules legitimately break is off or info. */

/** The tag check: tags agree with the threat mapping and the note. */
export const TAG_CODES = defineCodes("Conventions", {
  "tag-tactic-missing": { severity: "off", description: "a mapped tactic has no `Tactic: <name>` tag" },
  "tag-tactic-none": {
    severity: "info",
    description: "rule maps tactics but has no `Tactic:` tag for any of them",
  },
  "tag-tactic-unmapped": {
    severity: "warning",
    description: "`Tactic: <name>` tag without that tactic in the threat mapping",
  },
  "tag-tactic-unknown": { severity: "warning", description: "`Tactic: <name>` tag names no ATT&CK tactic" },
  "tag-investigation-guide-missing": {
    severity: "warning",
    description: "rule has a note (investigation guide) but no `Resources: Investigation Guide` tag",
  },
  "tag-investigation-guide-without-note": {
    severity: "warning",
    description: "`Resources: Investigation Guide` tag but no note",
  },
  "tag-duplicate": { severity: "warning", description: "the same tag appears twice" },
});

/** The schedule check: interval, from and to as Kibana reads them. */
export const SCHEDULE_CODES = defineCodes("Kibana would reject it", {
  "schedule-invalid": { severity: "error", description: "interval, from or to cannot be parsed" },
  "lookback-too-short": {
    severity: "error",
    description: "the from..to window is shorter than the interval",
  },
  "new-terms-history-window": {
    severity: "error",
    description: "new_terms history window does not start before `from`",
  },
});

/** The content check: what a rule says and where it looks. */
export const CONTENT_CODES = defineCodes("Conventions", {
  "severity-risk-band": {
    severity: "warning",
    description: "severity outside the risk score band (low 0–21, medium 22–47, high 48–73, critical 74–100)",
  },
  "new-terms-fields-duplicate": { severity: "warning", description: "a new_terms field is listed twice" },
  "query-empty": { severity: "warning", description: "query-based rule without a query" },
  "index-missing": { severity: "warning", description: "rule names neither index nor data_view_id" },
  "reference-not-url": { severity: "warning", description: "reference is not an http(s) URL" },
  "name-whitespace": { severity: "warning", description: "name has leading or trailing whitespace" },
});

/** Kibana's cross-field rules that its schema cannot express. */
export const CROSS_FIELD_CODES = defineCodes("Kibana would reject it", {
  "timeline-pair": {
    severity: "error",
    description: "timeline_id and timeline_title must be set together, non-empty",
  },
  "threshold-cardinality-field": {
    severity: "error",
    description: "threshold cardinality on a group-by field",
  },
  "threat-match-search-pair": {
    severity: "error",
    description: "concurrent_searches and items_per_search must be set together",
  },
  "threat-mapping-negate": {
    severity: "error",
    description: "threat mapping group with only negated or conflicting entries",
  },
});

/** The metadata check: [metadata] dates, maturity and deprecation. */
export const METADATA_CODES = defineCodes("Conventions", {
  "metadata-date-missing": {
    severity: "warning",
    description: "metadata creation_date or updated_date missing",
  },
  "metadata-date-invalid": { severity: "error", description: "metadata date is not a valid YYYY/MM/DD date" },
  "metadata-date-order": { severity: "warning", description: "updated_date earlier than creation_date" },
  "maturity-unknown": { severity: "warning", description: "metadata maturity is not a known value" },
  "deprecated-location": {
    severity: "warning",
    description: "deprecated rule outside `_deprecated/`, or a rule in `_deprecated/` not marked deprecated",
  },
  "deprecated-date-missing": {
    severity: "warning",
    description: "deprecated rule without metadata deprecation_date",
  },
});
