import { defineCodes } from "../../findings/code.js";

/** detection-rules' repository conventions: off unless `profile: detection-rules` or `checks:` turns them on. */
export const DETECTION_RULES_CODES = defineCodes("detection-rules conventions", {
  "file-name-format": { severity: "off", description: "rule file name not lower-case letters, digits and _" },
  "file-name-tactic": {
    severity: "off",
    description: "Elastic rule file name does not start with its primary tactic",
  },
  "bbr-location": {
    severity: "off",
    description: "building block rule outside rules_building_block/, or another rule inside it",
  },
  "bbr-lookback": {
    severity: "off",
    description: "building block rule with from later than now-119m or interval under 60m",
  },
  "from-format": { severity: "off", description: "from is not of the form now-<n><unit>" },
  "timestamp-override": {
    severity: "off",
    description: 'KQL or non-sequence EQL rule without timestamp_override = "event.ingested"',
  },
  "endpoint-lookback": {
    severity: "off",
    description: "rule on logs-endpoint.events.* without its own from",
  },
  "eql-maxspan": {
    severity: "off",
    description: "EQL sequence maxspan longer than the look-back, or interval under half of it",
  },
  "rule-id-format": { severity: "off", description: "rule_id is not a lower-case UUID" },
  "kql-not-optimized": {
    severity: "off",
    description:
      "KQL query not in detection-rules' optimized form (a field compared twice in one and/or, redundant parentheses)",
  },
  "tag-prefix": { severity: "off", description: "tag without one of detection-rules' tag prefixes" },
  "tag-casing": { severity: "off", description: "controlled tag written with other casing" },
  "tag-required": {
    severity: "off",
    description:
      "tag detection-rules requires for the index, folder (OS), ML or building block rule is missing",
  },
  "tag-primary-tactic": { severity: "off", description: "no `Tactic:` tag for the primary (first) tactic" },
  "max-signals": {
    severity: "off",
    description: "max_signals above 1000, or 1000 without the standard setup note",
  },
  license: { severity: "off", description: 'an Elastic License other than "Elastic License v2"' },
  "investigation-guide": {
    severity: "off",
    description:
      "high/critical Elastic rule without ## Triage and analysis, or a guide title without the rule name",
  },
  "maturity-missing": { severity: "off", description: "metadata maturity missing" },
  "min-stack-version": { severity: "off", description: "min_stack_version without min_stack_comments" },
  "integration-missing": {
    severity: "off",
    description: "query reads a dataset whose package [metadata] integration omits",
  },
});
