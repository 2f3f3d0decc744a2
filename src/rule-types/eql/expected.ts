/**
 * What an EQL rule's tests expect: `id` for the alert of an event query's event; `sequence` (the events' fixture
 * ids in order, missing events left out) and optionally `join_keys` for a sequence's (or sample's) shell alert.
 */
import { isDeepStrictEqual } from "node:util";
import type { Alert } from "../../engine/execution/alert.js";
import type { JsonObject } from "../../engine/types.js";
import type { ExpectedAlert, ExpectedAlertShape } from "../rule-type.js";
import { sequenceOf } from "./params.js";

export const eqlExpectedAlert: ExpectedAlertShape = {
  // `id` for events, `sequence` for sequences: which one depends on the query, so neither is required here;
  // an expectation without `sequence` only meets an event's alert.
  required: [],
  keys: {
    sequence: (value, where) => {
      if (!Array.isArray(value) || value.length === 0 || value.some((id) => typeof id !== "string"))
        throw new Error(`${where}: expected the fixture ids of the sequence's events, in order`);
      return value;
    },
    join_keys: (value, where) => {
      if (!Array.isArray(value))
        throw new Error(`${where}: expected the join key values, in the order of "by"`);
      return value;
    },
  },
  matches: (expected, actual) => {
    const sequence = sequenceOf(actual);
    const { sequence: ids, join_keys: keys } = expected.details;
    if (ids === undefined) return sequence === undefined && keys === undefined;
    if (!sequence || !isDeepStrictEqual(ids, sequence.sequence)) return false;
    return keys === undefined || isDeepStrictEqual(keys, sequence.join_keys ?? []);
  },
  asExpected: (actual) => {
    const sequence = sequenceOf(actual);
    if (!sequence) return { id: actual._id, details: {} };
    const details: JsonObject = { sequence: sequence.sequence };
    if (sequence.join_keys) details.join_keys = sequence.join_keys;
    return { details };
  },
  describe: (alert: ExpectedAlert) => {
    const ids = alert.details.sequence as string[] | undefined;
    if (ids === undefined) return alert.id ?? "any event";
    const keys = alert.details.join_keys;
    return `${alert.id ? `${alert.id} ` : ""}sequence [${ids.join(" → ")}]${keys === undefined ? "" : ` by ${JSON.stringify(keys)}`}`;
  },
};

/** The alerts a fixture event raised (an event query's) or took part in (a sequence's, as a building block). */
export function alertsOfEqlEvent(alerts: readonly Alert[], event: { _index: string; _id: string }): Alert[] {
  return alerts.filter((alert) => {
    const sequence = sequenceOf(alert);
    if (!sequence) return alert._index === event._index && alert._id === event._id;
    return sequence.building_blocks.some((block) => block._index === event._index && block._id === event._id);
  });
}
