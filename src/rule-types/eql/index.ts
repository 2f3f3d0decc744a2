import { alertsOfEvent } from "../events/event-alert.js";
import { eventSearchParameters, writtenQuery } from "../events/event-search.js";
import type { RuleTypeModule } from "../rule-type.js";
import { executeEqlRule } from "./execute.js";
import { eqlExpectedAlert } from "./expected.js";
import { explainEql } from "./explain.js";
import { buildingBlockOf, type EqlParams, sequenceOf } from "./params.js";

/**
 * Event correlation in EQL, run as Kibana runs it: one `_eql/search` per execution; an alert per event of an
 * event query, per sequence a building-block alert per event and a shell alert.
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
      const block = buildingBlockOf(alert);
      if (block) return ` as building block ${block.group.index + 1} of sequence ${block.group.id}`;
      const sequence = sequenceOf(alert);
      return sequence ? ` for sequence [${sequence.sequence.join(" → ")}]` : "";
    },
    alertsOf: alertsOfEvent,
    explain: explainEql,
  },
};
