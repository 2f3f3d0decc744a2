import { defineCodes } from "../../findings/code.js";

/** The schema stage: the rule as the Kibana create body it becomes. */
export const SCHEMA_CODES = defineCodes("Kibana would reject it", {
  schema: { severity: "error", description: "rule does not match the Kibana create-rule schema" },
  "unknown-key": {
    severity: "warning",
    description: "key the Kibana API does not know (it would be dropped)",
  },
});
