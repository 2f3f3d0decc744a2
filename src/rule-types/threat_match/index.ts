import { writtenQuery } from "../events/event-search.js";
import type { RuleTypeModule } from "../rule-type.js";

/** Indicator match: events whose fields match indicators from a threat index. */
export const threatMatchRuleType: RuleTypeModule<"threat_match"> = {
  type: "threat_match",
  queries: (rule) => [
    ...writtenQuery(rule, "query", "language", "kuery"),
    ...writtenQuery(rule, "threat_query", "threat_language", "kuery"),
  ],
  fields: () => [],
  execution: {
    runnable: false,
    reason:
      "indicator match needs a threat index and Kibana's percolation of indicators, which dac does not model",
  },
};
