import type { Alert } from "../../engine/execution/alert.js";
import type { ExecutableRule } from "../../engine/execution/executable-rule.js";
import { type RunContext, sourceTimestamp } from "../../engine/execution/run-context.js";
import type { TimeRange } from "../../engine/execution/search.js";
import type { EqlHit, EqlSearchRequest, EqlSequenceHit, JsonObject } from "../../engine/types.js";
import { buildingBlockIds, shellAlertId } from "./alert-ids.js";
import {
  type BuildingBlockDetails,
  buildingBlockOf,
  type EqlParams,
  type SequenceDetails,
} from "./params.js";
import { buildEqlRuleRequest } from "./request.js";

/** The `_eql/search` one execution of an EQL rule sends for one time range. */
export function eqlRuleSearch(rule: ExecutableRule<EqlParams>, range: TimeRange): EqlSearchRequest {
  const { index, body } = buildEqlRuleRequest({ ...rule, ...rule.params }, range);
  return { index, body };
}

/**
 * One execution as Kibana's eqlExecutor runs it: one `_eql/search` whose `size` is max_signals, so at most
 * max_signals events or sequences (not alert documents: every returned sequence is written whole, Kibana's
 * bulkCreate gets no limit). Every event becomes an alert; every sequence one building-block alert per event
 * (missing events left out), then its shell alert. An alert whose id was written before is dropped.
 */
export async function executeEqlRule(context: RunContext<EqlParams>): Promise<Alert[]> {
  const { rule, session, range, state, startedAt } = context;
  const response = await session.eqlSearch(eqlRuleSearch(rule, range));
  const execution = startedAt.toISOString();
  const alerts: Alert[] = [];
  const write = (alert: Alert, id: string) => {
    if (state.alertKeys.has(id)) return;
    state.alertKeys.add(id);
    alerts.push(alert);
  };
  for (const hit of response.hits.events ?? []) {
    write(eventAlert(hit, execution, {}), `${hit._index}\u0000${hit._id}`);
  }
  for (const sequence of response.hits.sequences ?? []) {
    for (const alert of sequenceAlerts(sequence, rule.ruleId, execution)) {
      write(alert, buildingBlockOf(alert)?.alert_id ?? alert._id);
    }
  }
  return alerts;
}

/**
 * A sequence's alert documents as Kibana's wrapSequences orders them: its building blocks, then its shell;
 * none for a sequence of missing events only.
 */
function sequenceAlerts(sequence: EqlSequenceHit, ruleId: string, execution: string): Alert[] {
  const events = sequence.events.filter((event) => event.missing !== true);
  if (events.length === 0) return [];
  const blockIds = buildingBlockIds(events, ruleId);
  const groupId = shellAlertId(events, blockIds, ruleId);
  const blocks = events.map((event, position) => {
    const details: BuildingBlockDetails = {
      alert_id: blockIds[position],
      building_block_type: "default",
      group: { id: groupId, index: position },
    };
    return eventAlert(event, execution, { ...details });
  });
  const details: SequenceDetails = {
    group: { id: groupId },
    sequence: events.map((event) => event._id),
    ...(sequence.join_keys ? { join_keys: sequence.join_keys } : {}),
  };
  const shell: Alert = {
    execution,
    _index: "",
    _id: groupId,
    original_time: originalTime(events[0]),
    details: { ...details },
  };
  return [...blocks, shell];
}

/** An alert whose source is one event. */
function eventAlert(hit: EqlHit, execution: string, details: JsonObject): Alert {
  return { execution, _index: hit._index, _id: hit._id, original_time: originalTime(hit), details };
}

function originalTime(hit: EqlHit): string | undefined {
  return hit._source ? sourceTimestamp(hit._source) : undefined;
}
