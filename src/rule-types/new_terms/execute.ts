import type { Alert } from "../../engine/execution/alert.js";
import { RuleExecutionError } from "../../engine/execution/executable-rule.js";
import { type RunContext, sourceTimestamp } from "../../engine/execution/run-context.js";
import { buildEventsSearch, type TimeRange } from "../../engine/execution/search.js";
import {
  earliestDocumentAggs,
  readEarliestDocument,
  readTimestamp,
  timestampAggs,
} from "../../engine/execution/timestamps.js";
import type { JsonObject, SearchHit } from "../../engine/types.js";
import { resolveDateMath } from "../../semantics/date-math.js";
import type { NewTermsParams } from "./params.js";

const PAGE_SIZE = 10_000;
const BATCH_SIZE = 500;

type Combination = unknown[];

interface Bucket extends JsonObject {
  key: unknown;
  doc_count: number;
}

/**
 * Kibana's three phases: the terms present in the range (composite aggregation, paged), each term's
 * first-seen time over [history_window_start, to], and the earliest document of each term first seen after
 * `from`. Newness is decided here rather than in a `bucket_selector`, which needs painless.
 */
export async function executeNewTermsRule(context: RunContext<NewTermsParams>): Promise<Alert[]> {
  const { rule, range } = context;
  const fields = rule.params.fields;
  const history: TimeRange = {
    from: resolveDateMath(rule.params.historyWindowStart, range.to),
    to: range.to,
  };
  if (history.from.getTime() >= range.from.getTime()) {
    // Kibana validates this at the start of every execution and fails the run.
    throw new RuleExecutionError(
      `history_window_start "${rule.params.historyWindowStart}" (${history.from.toISOString()}) must be earlier than from "${rule.from}" (${range.from.toISOString()})`,
    );
  }
  const alerts: Alert[] = [];
  let after: JsonObject | undefined;
  do {
    const page = await termsInRange(context, fields, after);
    after = page.afterKey;
    const candidates = page.combinations.filter((combination) =>
      combination.every((value) => value !== null),
    );
    for (let start = 0; start < candidates.length; start += BATCH_SIZE) {
      const batch = candidates.slice(start, start + BATCH_SIZE);
      const found =
        fields.length === 1
          ? await newSingleTerms(
              context,
              fields[0],
              batch.map((c) => c[0]),
              history,
            )
          : await newCombinations(context, fields, batch, history);
      for (const { terms, hit } of found) {
        if (alerts.length >= rule.maxSignals) return alerts;
        const key = `${hit._index}\u0000${hit._id}\u0000${JSON.stringify(terms)}`;
        if (context.state.alertKeys.has(key)) continue;
        context.state.alertKeys.add(key);
        alerts.push({
          execution: context.startedAt.toISOString(),
          _index: hit._index,
          _id: hit._id,
          original_time: sourceTimestamp(hit._source),
          details: { new_terms: terms },
        });
      }
    }
  } while (after !== undefined && alerts.length < rule.maxSignals);
  return alerts;
}

async function termsInRange(context: RunContext, fields: string[], after?: JsonObject) {
  const composite: JsonObject = {
    sources: fields.map((field) => ({ [field]: { terms: { field } } })),
    size: PAGE_SIZE,
  };
  if (after) composite.after = after;
  const response = await context.session.search(
    buildEventsSearch(context.rule, { range: context.range, size: 0, aggs: { new_terms: { composite } } }),
  );
  const agg = response.aggregations?.new_terms as { buckets: Bucket[]; after_key?: JsonObject } | undefined;
  const buckets = agg?.buckets ?? [];
  return {
    combinations: buckets.map((bucket) => fields.map((field) => (bucket.key as JsonObject)[field])),
    afterKey: buckets.length === PAGE_SIZE ? agg?.after_key : undefined,
  };
}

async function newSingleTerms(context: RunContext, field: string, terms: unknown[], history: TimeRange) {
  const { rule, session, range } = context;
  const include = terms.map(String);
  const firstSeen = await session.search(
    buildEventsSearch(rule, {
      range: history,
      size: 0,
      aggs: {
        new_terms: {
          terms: { field, size: PAGE_SIZE, include },
          aggs: timestampAggs(rule, "min", "first_seen"),
        },
      },
    }),
  );
  const newTerms = bucketsOf(firstSeen.aggregations?.new_terms)
    .filter((bucket) => isNew(readTimestamp(bucket, rule, "min", "first_seen"), range))
    .map((bucket) => String(bucket.key_as_string ?? bucket.key));
  if (newTerms.length === 0) return [];
  const documents = await session.search(
    buildEventsSearch(rule, {
      range,
      size: 0,
      aggs: {
        new_terms: { terms: { field, size: PAGE_SIZE, include: newTerms }, aggs: earliestDocumentAggs(rule) },
      },
    }),
  );
  return bucketsOf(documents.aggregations?.new_terms).flatMap((bucket) => {
    const hit = readEarliestDocument(bucket, rule);
    return hit ? [{ terms: [bucket.key], hit }] : [];
  });
}

async function newCombinations(
  context: RunContext,
  fields: string[],
  batch: Combination[],
  history: TimeRange,
) {
  const { rule, session, range } = context;
  const restrictTo = {
    bool: {
      should: batch.map((combination) => ({
        bool: { must: fields.map((field, i) => ({ match: { [field]: combination[i] } })) },
      })),
      minimum_should_match: 1,
    },
  };
  const sources = fields.map((field) => ({ [field]: { terms: { field } } }));
  const response = await session.search(
    buildEventsSearch(rule, {
      range: history,
      size: 0,
      additionalFilters: [restrictTo],
      aggs: {
        new_terms: {
          composite: { sources, size: PAGE_SIZE },
          aggs: { ...timestampAggs(rule, "min", "first_seen"), ...earliestDocumentAggs(rule) },
        },
      },
    }),
  );
  const wanted = new Set(batch.map((combination) => JSON.stringify(combination)));
  const found: { terms: unknown[]; hit: SearchHit }[] = [];
  for (const bucket of bucketsOf(response.aggregations?.new_terms)) {
    const terms = fields.map((field) => (bucket.key as JsonObject)[field]);
    if (!wanted.has(JSON.stringify(terms))) continue;
    if (!isNew(readTimestamp(bucket, rule, "min", "first_seen"), range)) continue;
    const hit = readEarliestDocument(bucket, rule);
    if (hit) found.push({ terms, hit });
  }
  return found;
}

/** Kibana's strict test: first seen after `from`, to the millisecond. */
function isNew(firstSeen: number | undefined, range: TimeRange): boolean {
  return firstSeen !== undefined && firstSeen > range.from.getTime();
}

function bucketsOf(agg: unknown): Bucket[] {
  return ((agg as { buckets?: Bucket[] } | undefined)?.buckets ?? []) as Bucket[];
}
