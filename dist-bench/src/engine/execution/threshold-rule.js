import { createHash } from "node:crypto";
import { buildEventsSearch } from "./search.js";
import { effectiveTimestampAtMost, readTimestamp, timestampAggs } from "./timestamps.js";
const PAGE_SIZE = 10_000;
/**
 * Groups the range's events by the threshold fields and raises one alert per group that reaches the
 * threshold (and cardinality). Events of a group at or before its last alerted time are excluded, as
 * Kibana's signal history does, so the same events never alert twice.
 */
export async function executeThresholdRule(context) {
    const { rule, range, state } = context;
    const threshold = rule.threshold;
    for (const [key, entry] of state.thresholdHistory) {
        if (entry.lastSignal <= range.from.getTime())
            state.thresholdHistory.delete(key);
    }
    const exclusions = [...state.thresholdHistory.values()].map((entry) => ({
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
    const metrics = {
        ...timestampAggs(rule, "max", "max_timestamp"),
        ...timestampAggs(rule, "min", "min_timestamp"),
    };
    if (threshold.cardinality)
        metrics.cardinality_count = { cardinality: { field: threshold.cardinality.field } };
    const groups = threshold.fields.length === 0 ? await wholeRange(context, metrics, exclusions) : await byFields(context, metrics, exclusions);
    const qualifying = groups.filter((group) => qualifies(group, context));
    return qualifying.slice(0, rule.maxSignals).map((group) => {
        const from = new Date(group.min ?? range.from.getTime()).toISOString();
        const originalTime = new Date(group.max ?? range.to.getTime()).toISOString();
        const groupKey = groupHash(group.terms);
        state.thresholdHistory.set(groupKey, { terms: group.terms, lastSignal: group.max ?? range.to.getTime() });
        return {
            execution: context.startedAt.toISOString(),
            _index: rule.index.join(","),
            _id: syntheticId(rule.ruleId, context.startedAt, group.terms),
            original_time: originalTime,
            threshold: {
                terms: group.terms,
                count: group.count,
                from,
                ...(threshold.cardinality
                    ? { cardinality: [{ field: threshold.cardinality.field, value: group.cardinality ?? 0 }] }
                    : {}),
            },
        };
    });
}
async function byFields(context, metrics, exclusions) {
    const { rule } = context;
    const fields = rule.threshold.fields;
    const groups = [];
    let after;
    do {
        const composite = { sources: fields.map((field) => ({ [field]: { terms: { field } } })), size: PAGE_SIZE };
        if (after)
            composite.after = after;
        const response = await context.session.search(buildEventsSearch(rule, {
            range: context.range,
            size: 0,
            additionalFilters: exclusions,
            aggs: { thresholdTerms: { composite, aggs: metrics } },
        }));
        const agg = response.aggregations?.thresholdTerms;
        const buckets = agg?.buckets ?? [];
        for (const bucket of buckets) {
            groups.push({
                terms: fields.map((field) => ({ field, value: bucket.key[field] })),
                count: Number(bucket.doc_count),
                ...groupMetrics(bucket, context),
            });
        }
        after = buckets.length === PAGE_SIZE ? agg?.after_key : undefined;
        // Kibana's bucket selectors drop non-qualifying buckets, so only qualifying ones count towards the cap.
    } while (after !== undefined && groups.filter((group) => qualifies(group, context)).length <= context.rule.maxSignals);
    return groups;
}
async function wholeRange(context, metrics, exclusions) {
    const response = await context.session.search(buildEventsSearch(context.rule, {
        range: context.range,
        size: 0,
        trackTotalHits: true,
        additionalFilters: exclusions,
        aggs: metrics,
    }));
    const aggregations = (response.aggregations ?? {});
    return [{ terms: [], count: response.hits.total.value, ...groupMetrics(aggregations, context) }];
}
function qualifies(group, context) {
    const threshold = context.rule.threshold;
    return (group.count >= threshold.value &&
        (!threshold.cardinality || (group.cardinality ?? 0) >= threshold.cardinality.value));
}
function groupMetrics(bucket, context) {
    const cardinality = bucket.cardinality_count?.value;
    return {
        cardinality,
        min: readTimestamp(bucket, context.rule, "min", "min_timestamp"),
        max: readTimestamp(bucket, context.rule, "max", "max_timestamp"),
    };
}
function groupHash(terms) {
    return terms
        .map((term) => `${term.field}:${JSON.stringify(term.value)}`)
        .sort()
        .join("|");
}
/** Kibana derives the synthetic document id from the rule, the execution time and the group. */
function syntheticId(ruleId, startedAt, terms) {
    const material = [ruleId, startedAt.toISOString(), terms.map((t) => t.field).join(","), terms.map((t) => String(t.value)).sort().join(",")];
    return createHash("sha256").update(material.join("\u0000")).digest("hex").slice(0, 32);
}
