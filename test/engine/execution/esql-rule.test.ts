import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../src/engine/types.js";
import { alertsOf, at, event, execute, raised, rule } from "./helpers.js";

const RUN = at("12:00:00");
const NEXT = at("12:05:00");

function esql(query: string, overrides: Record<string, unknown> = {}) {
  return rule({ type: "esql", language: "esql", query, index: undefined, ...overrides });
}

/** A GetPasswordData call by `user` for `instance` at `clock` on the test day. */
function call(id: string, clock: string, user: string, instance: string, extra: JsonObject = {}) {
  return event(id, {
    "@timestamp": at(clock),
    event: { action: "GetPasswordData" },
    user: { name: user },
    instance: { id: instance },
    ...extra,
  });
}

const DOCUMENTS = `FROM logs-test-* METADATA _id, _index, _version
| WHERE event.action == "GetPasswordData"
| KEEP _id, _index, _version, user.name, instance.id`;

const GROUPS = `FROM logs-test-*
| WHERE event.action == "GetPasswordData"
| STATS instances = COUNT_DISTINCT(instance.id) BY user.name
| WHERE instances >= 2`;

describe("ES|QL rules", () => {
  it("make one alert per row of a non-aggregating query, tied to its document, columns without nulls", async () => {
    const events = [call("a", "11:55:00", "alice", "i-1"), call("b", "11:56:00", "bob", "i-2", { user: {} })];
    const alerts = alertsOf(await execute(esql(DOCUMENTS), events, [RUN]));
    expect(alerts.map((alert) => [alert._index, alert._id, alert.original_time])).toEqual([
      ["logs-test-default", "a", at("11:55:00")],
      ["logs-test-default", "b", at("11:56:00")],
    ]);
    expect(alerts[0].details.columns).toEqual({ "user.name": "alice", "instance.id": "i-1" });
    expect(alerts[1].details.columns).toEqual({ "instance.id": "i-2" });
  });

  it("write the row's columns over the source document in the alert's fields, under the column names", async () => {
    const query = `FROM logs-test-* METADATA _id | WHERE event.action == "GetPasswordData" | EVAL user.name = TO_UPPER(user.name) | KEEP _id, user.name`;
    const [alert] = alertsOf(await execute(esql(query), [call("a", "11:55:00", "alice", "i-1")], [RUN]));
    expect(alert.details.fields).toEqual({
      "@timestamp": at("11:55:00"),
      event: { action: "GetPasswordData" },
      user: {},
      "user.name": "ALICE",
      instance: { id: "i-1" },
    });
  });

  it("search only the execution's range, on the timestamp override with its @timestamp fallback", async () => {
    const events = [
      call("old", "11:40:00", "alice", "i-1"),
      call("late", "11:40:00", "alice", "i-2", {
        event: { action: "GetPasswordData", ingested: at("11:58:00") },
      }),
      call("recent", "11:58:00", "alice", "i-3"),
    ];
    const overridden = esql(DOCUMENTS, { timestamp_override: "event.ingested" });
    expect(raised(await execute(overridden, events, [RUN]))).toEqual(["late@12:00:00", "recent@12:00:00"]);
    expect(raised(await execute(esql(DOCUMENTS), events, [RUN]))).toEqual(["recent@12:00:00"]);
  });

  it("do not repeat a document's alert in the overlap of the next execution", async () => {
    const events = [call("a", "11:58:00", "alice", "i-1"), call("b", "12:03:00", "bob", "i-2")];
    expect(raised(await execute(esql(DOCUMENTS), events, [RUN, NEXT]))).toEqual(["a@12:00:00", "b@12:05:00"]);
  });

  it("inject METADATA _id into a non-aggregating query without it, so its rows still deduplicate", async () => {
    const query = `FROM logs-test-* | WHERE event.action == "GetPasswordData" | EVAL who = user.name`;
    const results = await execute(esql(query), [call("a", "11:58:00", "alice", "i-1")], [RUN, NEXT]);
    expect(raised(results)).toEqual(["a@12:00:00"]);
    expect(alertsOf(results)[0].details.columns).toMatchObject({ who: "alice", "user.name": "alice" });
  });

  it("give rows whose _id the query dropped a window id, as Kibana does, so overlapping runs repeat them", async () => {
    const query = `FROM logs-test-* | WHERE event.action == "GetPasswordData" | KEEP user.name`;
    const results = await execute(esql(query), [call("a", "11:58:00", "alice", "i-1")], [RUN, NEXT]);
    expect(
      results.map((result) => result.alerts.map((alert) => [alert._index, alert.details.columns])),
    ).toEqual([[["", { "user.name": "alice" }]], [["", { "user.name": "alice" }]]]);
  });

  it("make each MV_EXPANDed value of one document an alert of its own", async () => {
    const query = `FROM logs-test-* METADATA _id, _index, _version
| WHERE event.action == "GetPasswordData"
| MV_EXPAND instance.id
| KEEP _id, _index, _version, instance.id`;
    const events = [call("a", "11:58:00", "alice", "i-1", { instance: { id: ["i-1", "i-2"] } })];
    const results = await execute(esql(query), events, [RUN, NEXT]);
    expect(alertsOf(results).map((alert) => [alert._id, alert.details.columns])).toEqual([
      ["a", { "instance.id": "i-1" }],
      ["a", { "instance.id": "i-2" }],
    ]);
  });

  it("make one alert per aggregated row, with no source document", async () => {
    const events = [
      call("a1", "11:55:00", "alice", "i-1"),
      call("a2", "11:56:00", "alice", "i-2"),
      call("b1", "11:57:00", "bob", "i-3"),
    ];
    const alerts = alertsOf(await execute(esql(GROUPS), events, [RUN]));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]._index).toBe("");
    expect(alerts[0]._id).toMatch(/^[0-9a-f]{40}$/);
    expect(alerts[0].details).toEqual({ columns: { instances: 2, "user.name": "alice" } });
  });

  it("raise an aggregated row again in an overlapping execution: its id comes from the window", async () => {
    const events = [call("a1", "11:58:00", "alice", "i-1"), call("a2", "11:59:00", "alice", "i-2")];
    const results = await execute(esql(GROUPS), events, [RUN, NEXT]);
    expect(results.map((result) => result.alerts.length)).toEqual([1, 1]);
    expect(results[0].alerts[0]._id).not.toBe(results[1].alerts[0]._id);
  });

  it("raise at most max_signals alerts, the query's own LIMIT applying first", async () => {
    const events = ["a", "b", "c", "d"].map((id, i) => call(id, `11:5${i}:00`, id, `i-${i}`));
    expect(alertsOf(await execute(esql(DOCUMENTS, { max_signals: 2 }), events, [RUN]))).toHaveLength(2);
    const limited = `${DOCUMENTS}\n| SORT _id DESC\n| LIMIT 1`;
    expect(raised(await execute(esql(limited), events, [RUN]))).toEqual(["d@12:00:00"]);
  });

  it("reach documents beyond max_signals in the next execution, excluding those already alerted", async () => {
    const events = ["a", "b", "c"].map((id, i) => call(id, `11:5${i + 5}:00`, id, `i-${i}`));
    const results = await execute(esql(`${DOCUMENTS}\n| SORT _id`, { max_signals: 2 }), events, [RUN, NEXT]);
    expect(raised(results)).toEqual(["a@12:00:00", "b@12:00:00", "c@12:05:00"]);
  });

  it("ask again without the page's documents when a full page raised too few new alerts, as Kibana pages", async () => {
    // @timestamp before both ranges, ingested inside both: the excluded documents of the first execution are
    // forgotten by @timestamp, so the second execution's first page is all known documents
    const events = ["a", "b", "c", "d"].map((id) =>
      call(id, "11:40:00", id, "i-1", {
        event: { action: "GetPasswordData", ingested: at(id < "c" ? "11:58:00" : "12:02:00") },
      }),
    );
    const rule = esql(`${DOCUMENTS}\n| SORT _id`, { max_signals: 2, timestamp_override: "event.ingested" });
    expect(raised(await execute(rule, events, [RUN, NEXT]))).toEqual([
      "a@12:00:00",
      "b@12:00:00",
      "c@12:05:00",
      "d@12:05:00",
    ]);
  });

  it("send the query with METADATA _id added where a non-aggregating query lacks it, and an aggregating one as written", () => {
    const sent = (query: string) => (esql(query).params as { query: string }).query;
    expect(sent("FROM logs-test-* | KEEP user.name")).toBe("FROM logs-test-* METADATA _id | KEEP user.name");
    expect(sent("FROM logs-a-*, logs-b-* METADATA _index | WHERE true")).toBe(
      "FROM logs-a-*, logs-b-* METADATA _index, _id | WHERE true",
    );
    expect(sent("FROM logs-test-* METADATA _id, _index")).toBe("FROM logs-test-* METADATA _id, _index");
    expect(sent("FROM logs-test-* | STATS c = COUNT(*)")).toBe("FROM logs-test-* | STATS c = COUNT(*)");
    expect(esql("FROM logs-a-*, logs-b-*,logs-c | STATS c = COUNT(*)").index).toEqual([
      "logs-a-*",
      "logs-b-*",
      "logs-c",
    ]);
  });
});
