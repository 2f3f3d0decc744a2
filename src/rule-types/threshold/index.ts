import { isDeepStrictEqual } from "node:util";
import type { Alert } from "../../engine/execution/alert.js";
import { eventSearchParameters, kqlOrLuceneQuery } from "../events/event-search.js";
import type { ExpectedAlert, RuleFieldRef, RuleTypeModule } from "../rule-type.js";
import { executeThresholdRule } from "./execute.js";
import { alertsOfGroup, explainThreshold, groupLabel } from "./explain.js";

/** One alert per group of the threshold fields whose count (and cardinality) reaches the threshold. */
export const thresholdRuleType: RuleTypeModule<"threshold"> = {
  type: "threshold",
  queries: kqlOrLuceneQuery,
  fields: thresholdFields,
  execution: {
    runnable: true,
    read: (rule) => {
      const fields = typeof rule.threshold.field === "string" ? [rule.threshold.field] : rule.threshold.field;
      const cardinality = rule.threshold.cardinality?.[0];
      return {
        type: "threshold",
        ...eventSearchParameters(rule),
        threshold: {
          fields: fields.filter((field) => field !== ""),
          value: rule.threshold.value,
          cardinality: cardinality ? { field: cardinality.field, value: cardinality.value } : undefined,
        },
      };
    },
    execute: executeThresholdRule,
    expected: {
      required: ["threshold"],
      keys: { threshold: readExpectedThreshold },
      matches: (expected, actual) => {
        const want = expected.threshold;
        if (!want) return true;
        if (!actual.threshold) return false;
        if (want.count !== undefined && want.count !== actual.threshold.count) return false;
        return want.terms === undefined || isDeepStrictEqual(want.terms, actual.threshold.terms);
      },
      asExpected: (actual) => ({ threshold: expectedThreshold(actual) }),
      describe: (alert) => {
        const group = alert.threshold?.terms ? groupLabel(alert.threshold.terms) : "any group";
        const count = alert.threshold?.count === undefined ? "" : ` ×${alert.threshold.count}`;
        return `${alert.id ? `${alert.id} ` : ""}threshold ${group}${count}`;
      },
    },
    alertFields: (alert) => (alert.threshold ? { threshold: expectedThreshold(alert) } : {}),
    alertSubject: (alert) =>
      alert.threshold ? ` for ${groupLabel(alert.threshold.terms)} (${alert.threshold.count} events)` : "",
    alertsOf: alertsOfGroup,
    explain: explainThreshold,
  },
};

function expectedThreshold(alert: Alert): NonNullable<ExpectedAlert["threshold"]> {
  return { terms: alert.threshold?.terms ?? [], count: alert.threshold?.count ?? 0 };
}

/** `threshold: {terms: [{field, value}, ...], count: N}`, both optional, nothing else. */
function readExpectedThreshold(value: unknown, where: string): Partial<ExpectedAlert> {
  if (!isObject(value)) throw new Error(`${where}: expected a mapping with terms and/or count`);
  const threshold: NonNullable<ExpectedAlert["threshold"]> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "count") {
      if (typeof item !== "number" || !Number.isInteger(item) || item < 1)
        throw new Error(`${where}.count: expected a whole number ≥ 1`);
      threshold.count = item;
    } else if (key === "terms") {
      if (!Array.isArray(item)) throw new Error(`${where}.terms: expected a list of {field, value}`);
      threshold.terms = item.map((term, i) => readTerm(term, `${where}.terms[${i}]`));
    } else {
      throw new Error(`${where}: unknown key "${key}" (expected terms, count)`);
    }
  }
  return { threshold };
}

function readTerm(value: unknown, where: string): { field: string; value: unknown } {
  const keys = isObject(value) ? Object.keys(value).sort().join(",") : "";
  if (!isObject(value) || keys !== "field,value" || typeof value.field !== "string") {
    throw new Error(
      `${where}: expected {field, value}, e.g. {field: source.ip, value: 198.51.100.10}, not ${JSON.stringify(value)}`,
    );
  }
  return { field: value.field, value: value.value };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `[rule.threshold] field` (a string or a list) and the cardinality fields. */
function thresholdFields(rule: Record<string, unknown>): RuleFieldRef[] {
  const refs: RuleFieldRef[] = [];
  const threshold = rule.threshold as Record<string, unknown> | undefined;
  if (!threshold || typeof threshold !== "object") return refs;
  const label = "threshold field";
  if (typeof threshold.field === "string" && threshold.field !== "") {
    refs.push({ field: threshold.field, path: ["rule", "threshold", "field"], label });
  } else if (Array.isArray(threshold.field)) {
    threshold.field.forEach((field, i) => {
      if (typeof field === "string") refs.push({ field, path: ["rule", "threshold", "field", i], label });
    });
  }
  if (Array.isArray(threshold.cardinality)) {
    threshold.cardinality.forEach((entry, i) => {
      const field = (entry as Record<string, unknown> | null)?.field;
      if (typeof field === "string")
        refs.push({ field, path: ["rule", "threshold", "cardinality", i, "field"], label });
    });
  }
  return refs;
}
