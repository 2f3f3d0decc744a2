import { kqlOrLuceneQuery } from "../events/event-search.js";
import type { RuleTypeModule } from "../rule-type.js";

/** A query rule whose query is a saved query in Kibana, referenced by `saved_id`. */
export const savedQueryRuleType: RuleTypeModule<"saved_query"> = {
  type: "saved_query",
  queries: kqlOrLuceneQuery,
  fields: () => [],
  execution: {
    runnable: false,
    reason: "its query is a saved object in Kibana (saved_id), which dac cannot read",
  },
};
