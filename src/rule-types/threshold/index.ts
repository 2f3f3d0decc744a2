import { isDeepStrictEqual } from "node:util";
import type { Alert } from "../../engine/execution/alert.js";
import { eventSearchParameters, kqlOrLuceneQuery } from "../events/event-search.js";
import type { RuleFieldRef, RuleTypeModule } from "../rule-type.js";
import { executeThresholdRule } from "./execute.js";
import { alertsOfGroup, explainThreshold, groupLabel } from "./explain.js";
import { type Terms, type ThresholdParams, thresholdOf } from "./params.js";

/** A threshold alert as a test expects it: the group and its count, both optional. */
interface ExpectedThreshold {
  terms?: Terms;
  count?: number;
}

/** One alert per group of the threshold fields whose count (and cardinality) reaches the threshold. */
export const thresholdRuleType: RuleTypeModule<"threshold", ThresholdParams> = {
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
        params: {
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
        const want = expected.details.threshold as ExpectedThreshold | undefined;
        if (!want) return true;
        const result = thresholdOf(actual);
        if (!result) return false;
        if (want.count !== undefined && want.count !== result.count) return false;
        return want.terms === undefined || isDeepStrictEqual(want.terms, result.terms);
      },
      asExpected: (actual) => ({ details: { threshold: expectedThreshold(actual) } }),
      describe: (alert) => {
        const want = alert.details.threshold as ExpectedThreshold | undefined;
        const group = want?.terms ? groupLabel(want.terms) : "any group";
        const count = want?.count === undefined ? "" : ` ×${want.count}`;
        return `${alert.id ? `${alert.id} ` : ""}threshold ${group}${count}`;
      },
    },
    alertFields: (alert) => (thresholdOf(alert) ? { threshold: expectedThreshold(alert) } : {}),
    alertSubject: (alert) => {
      const result = thresholdOf(alert);
      return result ? ` for ${groupLabel(result.terms)} (${result.count} events)` : "";
    },
    alertsOf: alertsOfGroup,
    explain: explainThreshold,
  },
};

function expectedThreshold(alert: Alert): ExpectedThreshold {
  const result = thresholdOf(alert);
  return { terms: result?.terms ?? [], count: result?.count ?? 0 };
}

/** `threshold: {terms: [{field, value}, ...], count: N}`, both optional, nothing else. */
function readExpectedThreshold(value: unknown, where: string): ExpectedThreshold {
  if (!isObject(value)) throw new Error(`${where}: expected a mapping with terms and/or count`);
  const threshold: ExpectedThreshold = {};
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
  return threshold;
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
