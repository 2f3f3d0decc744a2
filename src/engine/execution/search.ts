import { LANGUAGES, type QueryLanguage } from "../../languages.js";
import type { JsonObject, SearchRequest } from "../types.js";
import { type ExecutableRule, UnsupportedRuleError } from "./executable-rule.js";

const DATE_FORMAT = "strict_date_optional_time";

/**
 * The rule's query and filters as Kibana's detection engine builds them (`buildEsQuery` with an index
 * pattern that has no field list): the query translated by its language (src/languages.ts) into the clause
 * the language goes to, enabled rule filters in `filter` or, when negated, `must_not`.
 */
export function buildRuleQuery(rule: Pick<ExecutableRule, "language" | "query" | "filters">): JsonObject {
  const language: QueryLanguage = LANGUAGES[rule.language];
  if (!language.translate)
    throw new UnsupportedRuleError(`${rule.language} queries are not searched with the query DSL`);
  const translated = language.translate(rule.query);
  const clause = translated.query ? { [translated.clause]: translated.query } : {};
  return ruleFiltersQuery(rule.filters, clause);
}

/**
 * The rule's filters alone, in the same bool (EQL and ES|QL rules send their query apart and these as the request's
 * DSL `filter`); `query` puts the translated query of the other rule types beside them.
 */
export function ruleFiltersQuery(
  filters: readonly JsonObject[],
  query: { must?: JsonObject; filter?: JsonObject } = {},
): JsonObject {
  const must: JsonObject[] = query.must ? [query.must] : [];
  const filter: JsonObject[] = query.filter ? [query.filter] : [];
  const mustNot: JsonObject[] = [];
  for (const ruleFilter of filters) {
    const meta = (ruleFilter.meta ?? {}) as Record<string, unknown>;
    if (meta.disabled === true) continue;
    (meta.negate === true ? mustNot : filter).push(filterQuery(ruleFilter));
  }
  return { bool: { must, filter, should: [], must_not: mustNot } };
}

/** A Kibana filter is either `{meta, query}` or, in older saved objects, the query keys beside `meta`. */
function filterQuery(ruleFilter: JsonObject): JsonObject {
  if (ruleFilter.query && typeof ruleFilter.query === "object") return ruleFilter.query as JsonObject;
  const { meta: _meta, $state: _state, ...query } = ruleFilter;
  return query;
}

export interface TimeRange {
  from: Date;
  to: Date;
}

/** Documents whose primary timestamp is in range, or which lack it and whose fallback timestamp is. */
export function buildTimeRangeFilter(
  rule: Pick<ExecutableRule, "primaryTimestamp" | "secondaryTimestamp">,
  range: TimeRange,
): JsonObject {
  const bounds = { lte: range.to.toISOString(), gte: range.from.toISOString(), format: DATE_FORMAT };
  const primary = { range: { [rule.primaryTimestamp]: bounds } };
  if (!rule.secondaryTimestamp) return primary;
  return {
    bool: {
      minimum_should_match: 1,
      should: [
        primary,
        {
          bool: {
            filter: [
              { range: { [rule.secondaryTimestamp]: bounds } },
              { bool: { must_not: { exists: { field: rule.primaryTimestamp } } } },
            ],
          },
        },
      ],
    },
  };
}

export interface EventsSearchOptions {
  range: TimeRange;
  size: number;
  aggs?: Record<string, JsonObject>;
  searchAfter?: unknown[];
  additionalFilters?: JsonObject[];
  trackTotalHits?: boolean;
}

/** The timestamp fields an execution reads: the override (when set) first, then its fallback. */
export function timestampFields(
  rule: Pick<ExecutableRule, "primaryTimestamp" | "secondaryTimestamp">,
): string[] {
  return rule.secondaryTimestamp ? [rule.primaryTimestamp, rule.secondaryTimestamp] : [rule.primaryTimestamp];
}

/** The `fields` Kibana asks for: every field, and each timestamp in one date format. */
export function requestedFields(timestamps: readonly string[]): JsonObject[] {
  return [
    { field: "*", include_unmapped: true },
    ...timestamps.map((field) => ({ field, format: DATE_FORMAT })),
  ];
}

/** The search Kibana sends for every phase: query + filters + time range, sorted by the timestamps. */
export function buildEventsSearch(rule: ExecutableRule, options: EventsSearchOptions): SearchRequest {
  const timestamps = timestampFields(rule);
  const request: SearchRequest = {
    index: rule.index,
    size: options.size,
    query: {
      bool: {
        filter: [
          buildRuleQuery(rule),
          buildTimeRangeFilter(rule, options.range),
          ...(options.additionalFilters ?? []),
        ],
      },
    },
    fields: requestedFields(timestamps),
    sort: timestamps.map((field) => ({ [field]: { order: "asc", unmapped_type: "date" } })),
  };
  if (options.trackTotalHits !== undefined) request.track_total_hits = options.trackTotalHits;
  if (options.aggs) request.aggs = options.aggs;
  if (options.searchAfter && options.searchAfter.length > 0) request.search_after = options.searchAfter;
  return request;
}
