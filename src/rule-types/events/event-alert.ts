import { isDeepStrictEqual } from "node:util";
import type { Alert } from "../../engine/execution/alert.js";
import type { FixtureEvent } from "../../engine/rule-tests/fixtures.js";
import type { JsonObject } from "../../engine/types.js";
import type { ExpectedAlertShape, ExpectedKeyReader } from "../rule-type.js";

/**
 * The expected-alert shape of rule types whose alert is one source event: the fixture `id` is required; `keys`
 * are the type's own (e.g. `new_terms`), each compared for deep equality with the alert's detail of that name.
 */
export function eventAlert(keys: Record<string, ExpectedKeyReader>): ExpectedAlertShape {
  const names = Object.keys(keys);
  return {
    required: ["id"],
    keys,
    matches: (expected, actual) =>
      names.every(
        (name) =>
          expected.details[name] === undefined ||
          isDeepStrictEqual(expected.details[name], actual.details[name]),
      ),
    describe: (alert) =>
      [
        alert.id,
        ...names.map((name) =>
          alert.details[name] === undefined ? undefined : JSON.stringify(alert.details[name]),
        ),
      ]
        .filter((part) => part !== undefined)
        .join(" "),
    asExpected: (actual) => {
      const details: JsonObject = {};
      for (const name of names) if (actual.details[name] !== undefined) details[name] = actual.details[name];
      return { id: actual._id, details };
    },
  };
}

/** Rule types whose alert is one source event: the alert carries the event's index and id. */
export function alertsOfEvent(alerts: readonly Alert[], event: FixtureEvent): Alert[] {
  return alerts.filter((alert) => alert._id === event._id && alert._index === event._index);
}
