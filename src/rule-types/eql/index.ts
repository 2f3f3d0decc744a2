import { writtenQuery } from "../events/event-search.js";
import type { RuleTypeModule } from "../rule-type.js";

/** Event correlation in EQL. */
export const eqlRuleType: RuleTypeModule<"eql"> = {
  type: "eql",
  queries: (rule) => writtenQuery(rule, "query", "language", "eql"),
  fields: () => [],
  execution: { runnable: false, reason: "the engines cannot run EQL sequences and event queries yet" },
};
