import { createHash } from "node:crypto";
import type { Alert } from "../../engine/execution/alert.js";
import type { RunContext } from "../../engine/execution/run-context.js";
import { buildEventsSearch } from "../../engine/execution/search.js";
import { effectiveTimestampAtMost, readTimestamp, timestampAggs } from "../../engine/execution/timestamps.js";
import type { JsonObject } from "../../engine/types.js";
import { signalHistory, type Terms, type ThresholdParams, type ThresholdResult } from "./params.js";

const PAGE_SIZE = 10_000;

interface Group {
  terms: Terms;
  count: number;
  cardinality?: number;
  min?: number;
  max?: number;
}

/**
 * Groups the range's events by the threshold fields and raises one alert per group that reaches the
 * threshold (and cardinality). Events of a group at or before its last alerted time are excluded, as
 * Kibana's signal history does, so the same events never alert twice.
 */
export async function executeThresholdRule(context: RunContext<ThresholdParams>): Promise<Alert[]> {
  const { rule, range } = context;
  const threshold = rule.params;
  const history = signalHistory(context.state);
  for (const [key, entry] of history) {
    if (entry.lastSignal <= range.from.getTime()) history.delete(key);
  }
  const exclusions = [...history.values()].map((entry) => ({
    bool: {
      must_not: {
        bool: {
          filter: [
            ...entry.terms.map((term) => ({ term: { [term.field]: term.value } })),
            effectiveTimestampAtMost(rule, new Date(entry.lastSignal)),
          ],
        },
      },
    },
  }));
  const metrics: Record<string, JsonObject> = {
    ...timestampAggs(rule, "max", "max_timestamp"),
    ...timestampAggs(rule, "min", "min_timestamp"),
  };
  if (threshold.cardinality)
    metrics.cardinality_count = { cardinality: { field: threshold.cardinality.field } };

  const groups =
    threshold.fields.length === 0
      ? await wholeRange(context, metrics, exclusions)
      : await byFields(context, metrics, exclusions);
  const qualifying = groups.filter((group) => qualifies(group, context));
  return qualifying.slice(0, rule.maxSignals).map((group) => {
    const from = new Date(group.min ?? range.from.getTime()).toISOString();
    const originalTime = new Date(group.max ?? range.to.getTime()).toISOString();
    const groupKey = groupHash(group.terms);
    const result: ThresholdResult = {
      terms: group.terms,
      count: group.count,
      from,
      ...(threshold.cardinality
        ? { cardinality: [{ field: threshold.cardinality.field, value: group.cardinality ?? 0 }] }
        : {}),
    };
    history.set(groupKey, { terms: group.terms, lastSignal: group.max ?? range.to.getTime() });
    return {
      execution: context.startedAt.toISOString(),
      _index: rule.index.join(","),
      _id: syntheticId(rule.ruleId, context.startedAt, group.terms),
      original_time: originalTime,
      details: { threshold: result },
    };
  });
}

async function byFields(
  context: RunContext<ThresholdParams>,
  metrics: Record<string, JsonObject>,
  exclusions: JsonObject[],
) {
  const { rule } = context;
  const fields = rule.params.fields;
  const groups: Group[] = [];
  let after: JsonObject | undefined;
  do {
    const composite: JsonObject = {
      sources: fields.map((field) => ({ [field]: { terms: { field } } })),
      size: PAGE_SIZE,
    };
    if (after) composite.after = after;
    const response = await context.session.search(
      buildEventsSearch(rule, {
        range: context.range,
        size: 0,
        additionalFilters: exclusions,
        aggs: { thresholdTerms: { composite, aggs: metrics } },
      }),
    );
    const agg = response.aggregations?.thresholdTerms as
      | { buckets?: JsonObject[]; after_key?: JsonObject }
      | undefined;
    const buckets = agg?.buckets ?? [];
    for (const bucket of buckets) {
      groups.push({
        terms: fields.map((field) => ({ field, value: (bucket.key as JsonObject)[field] })),
        count: Number(bucket.doc_count),
        ...groupMetrics(bucket, context),
      });
    }
    after = buckets.length === PAGE_SIZE ? agg?.after_key : undefined;
    // Kibana's bucket selectors drop non-qualifying buckets, so only qualifying ones count towards the cap.
  } while (
    after !== undefined &&
    groups.filter((group) => qualifies(group, context)).length <= context.rule.maxSignals
  );
  return groups;
}

async function wholeRange(
  context: RunContext<ThresholdParams>,
  metrics: Record<string, JsonObject>,
  exclusions: JsonObject[],
) {
  const response = await context.session.search(
    buildEventsSearch(context.rule, {
      range: context.range,
      size: 0,
      trackTotalHits: true,
      additionalFilters: exclusions,
      aggs: metrics,
    }),
  );
  const aggregations = (response.aggregations ?? {}) as JsonObject;
  return [{ terms: [], count: response.hits.total.value, ...groupMetrics(aggregations, context) }];
}

function qualifies(group: Group, context: RunContext<ThresholdParams>): boolean {
  const threshold = context.rule.params;
  return (
    group.count >= threshold.value &&
    (!threshold.cardinality || (group.cardinality ?? 0) >= threshold.cardinality.value)
  );
}

function groupMetrics(bucket: JsonObject, context: RunContext) {
  const cardinality = (bucket.cardinality_count as { value?: number } | undefined)?.value;
  return {
    cardinality,
    min: readTimestamp(bucket, context.rule, "min", "min_timestamp"),
    max: readTimestamp(bucket, context.rule, "max", "max_timestamp"),
  };
}

function groupHash(terms: Terms): string {
  return terms
    .map((term) => `${term.field}:${JSON.stringify(term.value)}`)
    .sort()
    .join("|");
}

/** Kibana derives the synthetic document id from the rule, the execution time and the group. */
function syntheticId(ruleId: string, startedAt: Date, terms: Terms): string {
  const material = [
    ruleId,
    startedAt.toISOString(),
    terms.map((t) => t.field).join(","),
    terms
      .map((t) => String(t.value))
      .sort()
      .join(","),
  ];
  return createHash("sha256").update(material.join("\u0000")).digest("hex").slice(0, 32);
}
