import type { RuleTypeModule } from "../rule-type.js";

/** Alerts from anomalies of a machine learning job; the rule has no query. */
export const machineLearningRuleType: RuleTypeModule<"machine_learning"> = {
  type: "machine_learning",
  queries: () => [],
  fields: () => [],
  execution: {
    runnable: false,
    reason: "its alerts come from machine learning job anomalies, not from events",
  },
};
