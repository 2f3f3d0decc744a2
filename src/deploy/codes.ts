import { defineCodes } from "../findings/code.js";

/** What a rule needs beyond validation to be exported for Kibana's import. */
export const EXPORT_CODES = defineCodes("Export", {
  "rule-id-missing": {
    severity: "error",
    description: "rule has no rule_id, which Kibana's import requires",
  },
  "stack-rule-type-unsupported": {
    severity: "error",
    description: "`npx dac export --stack-version`: the rule's type does not exist in that stack's Kibana",
  },
});
