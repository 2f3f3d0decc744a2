import type { Alert } from "../../engine/execution/alert.js";

/** What an EQL rule adds to the common execution parameters: the fields `_eql/search` is told to use. */
export interface EqlParams {
  /** `timestamp_field` (Elasticsearch's default: @timestamp). */
  timestampField?: string;
  /** `event_category_override` (Elasticsearch's default: event.category). */
  eventCategoryOverride?: string;
  tiebreakerField?: string;
}

/** A building-block alert of a sequence: one per event, in the sequence's order. */
export interface BuildingBlock {
  _index: string;
  _id: string;
  /** The building-block alert's own id (kibana.alert.uuid). */
  alert_id: string;
  /** kibana.alert.group.index: its position in the sequence, 0-based. */
  group_index: number;
}

/**
 * What a sequence's shell alert carries: kibana.alert.group.id (its own id), the events' ids in order, the
 * sequence's join keys and its building-block alerts.
 */
export interface SequenceDetails {
  group_id: string;
  sequence: string[];
  join_keys?: unknown[];
  building_blocks: BuildingBlock[];
}

/** The sequence of a shell alert; undefined for an alert that is one event (an event query's). */
export function sequenceOf(alert: Alert): SequenceDetails | undefined {
  const details = alert.details as Partial<SequenceDetails>;
  return Array.isArray(details.sequence) && Array.isArray(details.building_blocks)
    ? (details as SequenceDetails)
    : undefined;
}
