/**
 * The ids Kibana gives a sequence's alerts (generate_building_block_ids.ts, build_alert_group_from_sequence.ts,
 * generateAlertId): every building block hashes the ancestry of the whole sequence plus its position, so an event
 * in two sequences gets two building blocks; the shell hashes each event with its building block.
 */
import { createHash } from "node:crypto";

export interface SequenceEvent {
  _index: string;
  _id: string;
}

/**
 * Building-block ids: sha256 of every event's id and index, each followed by the rule's id, then the position.
 * Kibana hashes the rule's saved-object id, which only Kibana knows; dac uses the rule_id in its place.
 */
export function buildingBlockIds(events: readonly SequenceEvent[], ruleId: string): string[] {
  const base = events.map((event) => `${event._id}${event._index}${ruleId}`).join("");
  return events.map((_, position) =>
    createHash("sha256").update(base).update(String(position)).digest("hex"),
  );
}

/**
 * The shell alert's id (= kibana.alert.group.id): sha256 of its ancestors — each event, then the event's
 * building block (an alert with no index yet) — followed by the rule's id.
 */
export function shellAlertId(
  events: readonly SequenceEvent[],
  blockIds: readonly string[],
  ruleId: string,
): string {
  const ancestors = events.map((event, i) => `${event._id}${event._index}${blockIds[i]}`).join("");
  return createHash("sha256").update(ancestors).update(ruleId).digest("hex");
}
