import type { Alert } from "../../engine/execution/alert.js";

/** What an EQL rule adds to the common execution parameters: the fields `_eql/search` is told to use. */
export interface EqlParams {
  /** `timestamp_field` (Elasticsearch's default: @timestamp). */
  timestampField?: string;
  /** `event_category_override` (Elasticsearch's default: event.category). */
  eventCategoryOverride?: string;
  tiebreakerField?: string;
}

/**
 * What a sequence's building-block alert carries beyond its source event: its own id (kibana.alert.uuid),
 * kibana.alert.building_block_type and kibana.alert.group {id of the shell, index = position, 0-based}.
 */
export interface BuildingBlockDetails {
  alert_id: string;
  building_block_type: "default";
  group: { id: string; index: number };
}

/**
 * What a sequence's shell alert carries: kibana.alert.group.id (its own id), the events' ids in order and the
 * sequence's join keys.
 */
export interface SequenceDetails {
  group: { id: string };
  sequence: string[];
  join_keys?: unknown[];
}

/** The sequence of a shell alert; undefined for any other alert. */
export function sequenceOf(alert: Alert): SequenceDetails | undefined {
  const details = alert.details as Partial<SequenceDetails>;
  return Array.isArray(details.sequence) && details.group !== undefined
    ? (details as SequenceDetails)
    : undefined;
}

/** The building block an alert is; undefined for any other alert. */
export function buildingBlockOf(alert: Alert): BuildingBlockDetails | undefined {
  const details = alert.details as Partial<BuildingBlockDetails>;
  return details.building_block_type === "default" ? (details as BuildingBlockDetails) : undefined;
}
