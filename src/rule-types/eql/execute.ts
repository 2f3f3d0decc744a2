import type { Alert } from "../../engine/execution/alert.js";
import type { ExecutableRule } from "../../engine/execution/executable-rule.js";
import { type RunContext, sourceTimestamp } from "../../engine/execution/run-context.js";
import type { TimeRange } from "../../engine/execution/search.js";
import type { EqlHit, EqlSearchRequest, EqlSequenceHit } from "../../engine/types.js";
import { buildingBlockIds, shellAlertId } from "./alert-ids.js";
import type { EqlParams, SequenceDetails } from "./params.js";
import { buildEqlRuleRequest } from "./request.js";

/** The `_eql/search` one execution of an EQL rule sends for one time range. */
export function eqlRuleSearch(rule: ExecutableRule<EqlParams>, range: TimeRange): EqlSearchRequest {
  const { index, body } = buildEqlRuleRequest({ ...rule, ...rule.params }, range);
  return { index, body };
}

/**
 * One execution as Kibana's eqlExecutor runs it: one `_eql/search` (at most max_signals events or sequences);
 * every event becomes an alert, every sequence a shell alert with one building-block alert per event (missing
 * events left out). Alerts whose id was written before are dropped.
 */
export async function executeEqlRule(context: RunContext<EqlParams>): Promise<Alert[]> {
  const { rule, session, range, state, startedAt } = context;
  const response = await session.eqlSearch(eqlRuleSearch(rule, range));
  const execution = startedAt.toISOString();
  const alerts: Alert[] = [];
  for (const hit of response.hits.events ?? []) {
    const key = `${hit._index}\u0000${hit._id}`;
    if (state.alertKeys.has(key)) continue;
    state.alertKeys.add(key);
    alerts.push({
      execution,
      _index: hit._index,
      _id: hit._id,
      original_time: originalTime(hit),
      details: {},
    });
  }
  for (const sequence of response.hits.sequences ?? []) {
    const alert = shellAlert(sequence, rule.ruleId, execution);
    if (!alert || state.alertKeys.has(alert._id)) continue;
    state.alertKeys.add(alert._id);
    alerts.push(alert);
  }
  return alerts;
}

/** The shell alert of a sequence, its building blocks in its details; none for a sequence of missing events only. */
function shellAlert(sequence: EqlSequenceHit, ruleId: string, execution: string): Alert | undefined {
  const events = sequence.events.filter((event) => event.missing !== true);
  if (events.length === 0) return undefined;
  const blockIds = buildingBlockIds(events, ruleId);
  const groupId = shellAlertId(events, blockIds, ruleId);
  const details: SequenceDetails = {
    group_id: groupId,
    sequence: events.map((event) => event._id),
    ...(sequence.join_keys ? { join_keys: sequence.join_keys } : {}),
    building_blocks: events.map((event, position) => ({
      _index: event._index,
      _id: event._id,
      alert_id: blockIds[position],
      group_index: position,
    })),
  };
  return {
    execution,
    _index: "",
    _id: groupId,
    original_time: originalTime(events[0]),
    details: { ...details },
  };
}

function originalTime(hit: EqlHit): string | undefined {
  return hit._source ? sourceTimestamp(hit._source) : undefined;
}
