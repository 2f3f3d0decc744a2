import { parseIsoDate } from "../../semantics/date-math.js";
import { firstValue, sourceValue } from "../../semantics/source.js";
import type { JsonObject, SearchHit } from "../types.js";
import type { ExecutableRule } from "./executable-rule.js";

/*
 * Kibana aggregates over a painless runtime field (`kibana.combined_timestamp`) when a timestamp override
 * has a fallback. Painless is not available everywhere dac runs, so the same value is computed from two
 * script-free aggregations: the override field where present, and @timestamp over documents lacking it.
 */

const lacksPrimary = (rule: ExecutableRule): JsonObject => ({
  bool: { must_not: { exists: { field: rule.primaryTimestamp } } },
});

/** Documents whose effective timestamp is at or before `time`, as a range on Kibana's combined timestamp. */
export function effectiveTimestampAtMost(rule: ExecutableRule, time: Date): JsonObject {
  const primary = { range: { [rule.primaryTimestamp]: { lte: time.toISOString() } } };
  if (!rule.secondaryTimestamp) return primary;
  const secondary = { range: { [rule.secondaryTimestamp]: { lte: time.toISOString() } } };
  return {
    bool: {
      minimum_should_match: 1,
      should: [primary, { bool: { filter: [secondary, lacksPrimary(rule)] } }],
    },
  };
}

/** Aggregations whose combination is min/max of the rule's effective timestamp over a bucket. */
export function timestampAggs(
  rule: ExecutableRule,
  kind: "min" | "max",
  name: string,
): Record<string, JsonObject> {
  const aggs: Record<string, JsonObject> = { [name]: { [kind]: { field: rule.primaryTimestamp } } };
  if (rule.secondaryTimestamp) {
    aggs[`${name}_fallback`] = {
      filter: lacksPrimary(rule),
      aggs: { value: { [kind]: { field: rule.secondaryTimestamp } } },
    };
  }
  return aggs;
}

/** Reads what `timestampAggs` asked for; undefined when the bucket has no timestamp at all. */
export function readTimestamp(
  bucket: JsonObject,
  rule: ExecutableRule,
  kind: "min" | "max",
  name: string,
): number | undefined {
  const values = [aggValue(bucket[name])];
  if (rule.secondaryTimestamp) {
    values.push(aggValue((bucket[`${name}_fallback`] as JsonObject | undefined)?.value));
  }
  const present = values.filter((value): value is number => value !== undefined);
  if (present.length === 0) return undefined;
  return kind === "min" ? Math.min(...present) : Math.max(...present);
}

function aggValue(agg: unknown): number | undefined {
  const value = (agg as { value?: unknown } | undefined)?.value;
  return typeof value === "number" ? value : undefined;
}

/** Aggregations returning the earliest document of a bucket by the effective timestamp. */
export function earliestDocumentAggs(rule: ExecutableRule): Record<string, JsonObject> {
  const topHit = (field: string) => ({
    top_hits: { size: 1, sort: [{ [field]: { order: "asc", unmapped_type: "date" } }] },
  });
  const aggs: Record<string, JsonObject> = {
    earliest: rule.secondaryTimestamp
      ? { filter: { exists: { field: rule.primaryTimestamp } }, aggs: { hit: topHit(rule.primaryTimestamp) } }
      : { filter: { match_all: {} }, aggs: { hit: topHit(rule.primaryTimestamp) } },
  };
  if (rule.secondaryTimestamp) {
    aggs.earliest_fallback = { filter: lacksPrimary(rule), aggs: { hit: topHit(rule.secondaryTimestamp) } };
  }
  return aggs;
}

export function readEarliestDocument(bucket: JsonObject, rule: ExecutableRule): SearchHit | undefined {
  const candidates = ["earliest", "earliest_fallback"]
    .map((name) => firstHit(bucket[name]))
    .filter((hit): hit is SearchHit => hit !== undefined);
  let best: SearchHit | undefined;
  let bestTime = Number.POSITIVE_INFINITY;
  for (const hit of candidates) {
    const time = effectiveTimestamp(hit._source, rule);
    if (time !== undefined && time < bestTime) {
      best = hit;
      bestTime = time;
    }
  }
  return best;
}

function firstHit(agg: unknown): SearchHit | undefined {
  const hits = (agg as { hit?: { hits?: { hits?: SearchHit[] } } } | undefined)?.hit?.hits?.hits;
  return hits?.[0];
}

/**
 * ts(doc): the override value, else @timestamp when the fallback applies. An override field with no value
 * (absent, `null`, `[]`) falls back; one with a value that is not a date does not.
 */
export function effectiveTimestamp(source: JsonObject, rule: ExecutableRule): number | undefined {
  const primary = sourceValue(source, rule.primaryTimestamp);
  if (primary !== undefined) return dateValue(primary);
  return rule.secondaryTimestamp ? dateValue(sourceValue(source, rule.secondaryTimestamp)) : undefined;
}

function dateValue(value: unknown): number | undefined {
  const first = firstValue(value);
  if (typeof first === "number") return first;
  if (typeof first !== "string") return undefined;
  return parseIsoDate(first)?.getTime();
}
