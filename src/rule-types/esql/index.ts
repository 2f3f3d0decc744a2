import { writtenQuery } from "../events/event-search.js";
import type { RuleTypeModule } from "../rule-type.js";

/** A rule whose ES|QL query's result rows become alerts. */
export const esqlRuleType: RuleTypeModule<"esql"> = {
  type: "esql",
  queries: (rule) => writtenQuery(rule, "query", "language", "esql"),
  fields: () => [],
  execution: { runnable: false, reason: "the engines cannot run ES|QL queries yet" },
};
