import { alertsOfEvent, eventAlert } from "../events/event-alert.js";
import { eventSearchParameters, kqlOrLuceneQuery } from "../events/event-search.js";
import type { RuleFieldRef, RuleTypeModule } from "../rule-type.js";
import { executeNewTermsRule } from "./execute.js";
import { explainNewTerms } from "./explain.js";
import { type NewTermsParams, newTermsOf } from "./params.js";

/** An alert for each value (or combination) of the new_terms fields first seen in the range. */
export const newTermsRuleType: RuleTypeModule<"new_terms", NewTermsParams> = {
  type: "new_terms",
  queries: kqlOrLuceneQuery,
  fields: newTermsFields,
  execution: {
    runnable: true,
    read: (rule) => ({
      type: "new_terms",
      ...eventSearchParameters(rule),
      params: { fields: rule.new_terms_fields, historyWindowStart: rule.history_window_start },
    }),
    execute: executeNewTermsRule,
    expected: eventAlert({
      new_terms: (value, where) => {
        if (!Array.isArray(value))
          throw new Error(`${where}: expected a list of values, one per new_terms field`);
        return value;
      },
    }),
    alertFields: (alert) => alert.details,
    alertSubject: (alert) => {
      const terms = newTermsOf(alert);
      return terms ? ` for ${JSON.stringify(terms)}` : "";
    },
    alertsOf: alertsOfEvent,
    explain: explainNewTerms,
  },
};

/** From the TOML layout (`[rule.new_terms] value = [...]`) or the API layout (`new_terms_fields = [...]`). */
function newTermsFields(rule: Record<string, unknown>): RuleFieldRef[] {
  const refs: RuleFieldRef[] = [];
  const table = rule.new_terms as Record<string, unknown> | undefined;
  if (table && typeof table === "object" && Array.isArray(table.value)) {
    table.value.forEach((field, i) => {
      if (typeof field === "string")
        refs.push({ field, path: ["rule", "new_terms", "value", i], label: "new_terms field" });
    });
  }
  if (Array.isArray(rule.new_terms_fields)) {
    rule.new_terms_fields.forEach((field, i) => {
      if (typeof field === "string")
        refs.push({ field, path: ["rule", "new_terms_fields", i], label: "new_terms field" });
    });
  }
  return refs;
}
