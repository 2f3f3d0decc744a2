/**
 * What an EQL rule's tests expect: `id` for the alert of an event query's event; `sequence` (the events' fixture
 * ids in order, missing events left out) and optionally `join_keys` for a sequence's (or sample's) shell alert,
 * whose building-block alerts must be those events in that order.
 */
import { isDeepStrictEqual } from "node:util";
import type { Alert } from "../../engine/execution/alert.js";
import type { JsonObject } from "../../engine/types.js";
import type { ExpectedAlert, ExpectedAlertShape } from "../rule-type.js";
import { buildingBlockOf, sequenceOf } from "./params.js";

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
  matches: (expected, actual, parts) => {
    const sequence = sequenceOf(actual);
    const { sequence: ids, join_keys: keys } = expected.details;
    if (ids === undefined)
      return sequence === undefined && buildingBlockOf(actual) === undefined && keys === undefined;
    if (!sequence || !isDeepStrictEqual(ids, sequence.sequence)) return false;
    if (!isDeepStrictEqual(ids, blockEvents(parts))) return false;
    return keys === undefined || isDeepStrictEqual(keys, sequence.join_keys ?? []);
  },
  partOf: (alert) => buildingBlockOf(alert)?.group.id,
  asExpected: (actual) => {
    const block = buildingBlockOf(actual);
    if (block) return { id: actual._id, details: { building_block: block.group.index } };
    const sequence = sequenceOf(actual);
    if (!sequence) return { id: actual._id, details: {} };
    const details: JsonObject = { sequence: sequence.sequence };
    if (sequence.join_keys) details.join_keys = sequence.join_keys;
    return { details };
  },
  describe: (alert: ExpectedAlert) => {
    const ids = alert.details.sequence as string[] | undefined;
    const block = alert.details.building_block as number | undefined;
    if (block !== undefined) return `${alert.id} (building block ${block + 1} of a sequence)`;
    if (ids === undefined) return alert.id ?? "any event";
    const keys = alert.details.join_keys;
    return `${alert.id ? `${alert.id} ` : ""}sequence [${ids.join(" → ")}]${keys === undefined ? "" : ` by ${JSON.stringify(keys)}`}`;
  },
};

/** The events of a sequence's building blocks, in their order in the sequence. */
function blockEvents(parts: readonly Alert[]): string[] {
  return parts
    .map((part) => ({ id: part._id, index: buildingBlockOf(part)?.group.index ?? -1 }))
    .sort((a, b) => a.index - b.index)
    .map((block) => block.id);
}
