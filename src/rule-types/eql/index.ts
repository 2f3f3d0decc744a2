import { eventSearchParameters, writtenQuery } from "../events/event-search.js";
import type { RuleTypeModule } from "../rule-type.js";
import { executeEqlRule } from "./execute.js";
import { alertsOfEqlEvent, eqlExpectedAlert } from "./expected.js";
import { explainEql } from "./explain.js";
import { type EqlParams, sequenceOf } from "./params.js";

/**
 * Event correlation in EQL, run as Kibana runs it: one `_eql/search` per execution; an alert per event of an
 * event query, a shell alert with its building blocks per sequence.
 */
export const eqlRuleType: RuleTypeModule<"eql", EqlParams> = {
  type: "eql",
  queries: (rule) => writtenQuery(rule, "query", "language", "eql"),
  fields: () => [],
  execution: {
    runnable: true,
    read: (rule) => ({
      type: "eql",
      ...eventSearchParameters({ ...rule, language: undefined }),
      language: "eql",
      params: {
        timestampField: rule.timestamp_field || undefined,
        eventCategoryOverride: rule.event_category_override || undefined,
        tiebreakerField: rule.tiebreaker_field || undefined,
      },
    }),
    execute: executeEqlRule,
    expected: eqlExpectedAlert,
    alertFields: (alert) => alert.details,
    alertSubject: (alert) => {
      const sequence = sequenceOf(alert);
      return sequence ? ` for sequence [${sequence.sequence.join(" → ")}]` : "";
    },
    alertsOf: alertsOfEqlEvent,
    explain: explainEql,
  },
};
