import type { Alert } from "../../engine/execution/alert.js";
import { type RunContext, sourceTimestamp } from "../../engine/execution/run-context.js";
import { buildEventsSearch } from "../../engine/execution/search.js";

const MAX_PAGE = 100;

/** Every matching document in range becomes an alert, earliest first, up to max_signals per execution. */
export async function executeQueryRule(context: RunContext): Promise<Alert[]> {
  const { rule, session, range, state } = context;
  const alerts: Alert[] = [];
  const pageSize = Math.min(rule.maxSignals, MAX_PAGE);
  let searchAfter: unknown[] | undefined;
  while (alerts.length < rule.maxSignals) {
    const response = await session.search(buildEventsSearch(rule, { range, size: pageSize, searchAfter }));
    const hits = response.hits.hits;
    for (const hit of hits) {
      const key = `${hit._index}\u0000${hit._id}`;
      if (state.alertKeys.has(key) || alerts.length >= rule.maxSignals) continue;
      state.alertKeys.add(key);
      alerts.push({
        execution: context.startedAt.toISOString(),
        _index: hit._index,
        _id: hit._id,
        original_time: sourceTimestamp(hit._source),
        details: {},
      });
    }
    if (hits.length < pageSize) break;
    searchAfter = hits[hits.length - 1].sort;
    if (!searchAfter) break;
  }
  return alerts;
}
