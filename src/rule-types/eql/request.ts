/**
 * The `_eql/search` request Kibana's detection engine sends for an EQL rule (buildEqlSearchRequest): the query
 * verbatim, `size` = max_signals, the rule's time range (timestamp override with the @timestamp fallback) and
 * filters as `filter`, and the rule's timestamp, event category and tiebreaker fields — the tiebreaker only
 * when set. No `result_position` is sent, so Elasticsearch's default applies.
 */
import {
  buildTimeRangeFilter,
  requestedFields,
  ruleFiltersQuery,
  type TimeRange,
  timestampFields,
} from "../../engine/execution/index.js";
import type { JsonObject } from "../../engine/types.js";

export interface EqlRuleParameters {
  index: string[];
  query: string;
  maxSignals: number;
  /** Kibana filters of the rule (`{meta, query}`). */
  filters: JsonObject[];
  /** timestamp_override, else @timestamp: the field the time range applies to. */
  primaryTimestamp: string;
  /** @timestamp, for documents without the override field (unless the fallback is disabled). */
  secondaryTimestamp?: string;
  /** The rule's `timestamp_field` (Elasticsearch defaults to @timestamp). */
  timestampField?: string;
  /** The rule's `event_category_override` (Elasticsearch defaults to event.category). */
  eventCategoryOverride?: string;
  tiebreakerField?: string;
}

export interface EqlRuleRequest {
  index: string[];
  allow_no_indices: true;
  body: JsonObject;
}

export function buildEqlRuleRequest(rule: EqlRuleParameters, range: TimeRange): EqlRuleRequest {
  const body: JsonObject = {
    query: rule.query,
    size: rule.maxSignals,
    filter: {
      bool: {
        filter: [buildTimeRangeFilter(rule, range), ruleFiltersQuery(rule.filters)],
      },
    },
    allow_partial_search_results: true,
    fields: requestedFields(timestampFields(rule)),
  };
  if (rule.timestampField) body.timestamp_field = rule.timestampField;
  if (rule.eventCategoryOverride) body.event_category_field = rule.eventCategoryOverride;
  if (rule.tiebreakerField) body.tiebreaker_field = rule.tiebreakerField;
  return { index: rule.index, allow_no_indices: true, body };
}
