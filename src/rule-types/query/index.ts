import { alertsOfEvent, eventAlert } from "../events/event-alert.js";
import { eventSearchParameters, kqlOrLuceneQuery } from "../events/event-search.js";
import type { RuleTypeModule } from "../rule-type.js";
import { executeQueryRule } from "./execute.js";

/** Every event matching the query becomes an alert. */
export const queryRuleType: RuleTypeModule<"query"> = {
  type: "query",
  queries: kqlOrLuceneQuery,
  fields: () => [],
  execution: {
    runnable: true,
    read: (rule) => ({ type: "query", ...eventSearchParameters(rule), params: undefined }),
    execute: executeQueryRule,
    expected: eventAlert({}),
    alertFields: () => ({}),
    alertSubject: () => "",
    alertsOf: alertsOfEvent,
    explain: async () => [],
  },
};
