import type { ExecutableRule } from "../../engine/execution/executable-rule.js";
import { buildTimeRangeFilter, ruleFiltersQuery, type TimeRange } from "../../engine/execution/search.js";
import type { EsqlRequest, JsonObject } from "../../engine/types.js";
import type { EsqlQueryShape } from "./query-shape.js";

/**
 * The `_query` request of one execution as Kibana builds it (buildEsqlSearchRequest): the query with
 * `| LIMIT max_signals` appended, and the time range and the rule's filters (exceptions) as a DSL filter applied to
 * the source indices before the pipeline runs; documents already turned into alerts are excluded by id.
 */
export function esqlRuleRequest(
  rule: ExecutableRule<EsqlQueryShape>,
  range: TimeRange,
  excludedIds: readonly string[] = [],
): EsqlRequest {
  // Kibana's getQueryFilter with an empty query: the rule's filters (and exceptions) alone
  const filters = ruleFiltersQuery(rule.filters);
  const bool: JsonObject = { filter: [buildTimeRangeFilter(rule, range), filters] };
  if (excludedIds.length > 0) bool.must_not = { ids: { values: [...excludedIds] } };
  // on a line of its own: a query ending in a // comment would swallow it
  return { query: `${rule.params.query.trimEnd()}\n| LIMIT ${rule.maxSignals}`, filter: { bool } };
}
