import { isDeepStrictEqual } from "node:util";
import type { Alert } from "../../engine/execution/alert.js";
import type { FixtureEvent } from "../../engine/rule-tests/fixtures.js";
import type { ExpectedAlert, ExpectedAlertShape, ExpectedKeyReader } from "../rule-type.js";

/**
 * The expected-alert shape of rule types whose alert is one source event: the fixture `id` is required; `keys`
 * are the type's own (e.g. `new_terms`), each compared for deep equality with the alert's field of that name.
 */
export function eventAlert(keys: Record<string, ExpectedKeyReader>): ExpectedAlertShape {
  const names = Object.keys(keys) as (keyof ExpectedAlert & keyof Alert)[];
  return {
    required: ["id"],
    keys,
    matches: (expected, actual) =>
      names.every((name) => expected[name] === undefined || isDeepStrictEqual(expected[name], actual[name])),
    describe: (alert) =>
      [
        alert.id,
        ...names.map((name) => (alert[name] === undefined ? undefined : JSON.stringify(alert[name]))),
      ]
        .filter((part) => part !== undefined)
        .join(" "),
    asExpected: (actual) => {
      const shown: ExpectedAlert = { id: actual._id };
      for (const name of names)
        if (actual[name] !== undefined) Object.assign(shown, { [name]: actual[name] });
      return shown;
    },
  };
}

/** Rule types whose alert is one source event: the alert carries the event's index and id. */
export function alertsOfEvent(alerts: readonly Alert[], event: FixtureEvent): Alert[] {
  return alerts.filter((alert) => alert._id === event._id && alert._index === event._index);
}
