import type { RuleTypeModule } from "../rule-type.js";
import { alertsOfEvent, eventAlert } from "../shared/event-alert.js";
import { eventSearchParameters, kqlOrLuceneQuery } from "../shared/event-search.js";
import { executeQueryRule } from "./execute.js";

/** Every event matching the query becomes an alert. */
export const queryRuleType: RuleTypeModule<"query"> = {
  type: "query",
  queries: kqlOrLuceneQuery,
  fields: () => [],
  execution: {
    runnable: true,
    read: (rule) => ({ type: "query", ...eventSearchParameters(rule) }),
    execute: executeQueryRule,
    expected: eventAlert({}),
    alertFields: () => ({}),
    alertSubject: () => "",
    alertsOf: alertsOfEvent,
    explain: async () => [],
  },
};
