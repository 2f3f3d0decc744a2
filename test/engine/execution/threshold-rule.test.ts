import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../src/engine/types.js";
import type { ThresholdResult } from "../../../src/rule-types/threshold/params.js";
import { alertsOf, at, event, execute, rule } from "./helpers.js";

const RUN = at("12:00:00");

function threshold(settings: JsonObject, overrides: Record<string, unknown> = {}) {
  return rule({
    type: "threshold",
    query: 'event.action:"login" and event.outcome:"failure"',
    threshold: settings,
    ...overrides,
  });
}

/** A failed login at `clock` on the test day. */
function failure(id: string, clock: string, fields: JsonObject = {}, extra: { ingested?: string } = {}) {
  const timestamp = clock.includes("T") ? clock : at(clock);
  return event(id, {
    "@timestamp": timestamp,
    event: { action: "login", outcome: "failure", ...(extra.ingested ? { ingested: extra.ingested } : {}) },
    ...fields,
  });
}

const by = (name: string, host = "web-1", ip = "10.0.0.1"): JsonObject => ({
  user: { name },
  host: { name: host },
  source: { ip },
});

/** "terms → count" of each alert, sorted. */
function groups(alerts: ReturnType<typeof alertsOf>): string[] {
  return alerts
    .map(
      (a) =>
        `${(a.details.threshold as ThresholdResult).terms.map((t) => `${t.field}=${t.value}`).join(",")}→${(a.details.threshold as ThresholdResult).count}`,
    )
    .sort();
}

describe("threshold rules", () => {
  it("without group-by fields alerts once when the range holds `value` matching events", async () => {
    const three = [failure("a", "11:55:00"), failure("b", "11:56:00"), failure("c", "11:57:00")];
    const alerts = alertsOf(await execute(threshold({ field: [], value: 3 }), three, [RUN]));
    expect(alerts).toHaveLength(1);
    expect(alerts[0].details.threshold).toMatchObject({ terms: [], count: 3, from: at("11:55:00") });
    expect(alerts[0].original_time).toBe(at("11:57:00"));
    expect(alerts[0]._index).toBe("logs-test-*");
    expect(alertsOf(await execute(threshold({ field: [], value: 4 }), three, [RUN]))).toEqual([]);
  });

  it("groups by one field and alerts on groups reaching the value", async () => {
    const events = [
      failure("a1", "11:53:00", by("alice")),
      failure("a2", "11:54:00", by("alice")),
      failure("a3", "11:55:00", by("alice")),
      failure("b1", "11:53:00", by("bob")),
      failure("b2", "11:54:00", by("bob")),
      failure("old", "11:40:00", by("bob")),
      event("success", {
        "@timestamp": at("11:55:00"),
        event: { action: "login", outcome: "success" },
        ...by("bob"),
      }),
    ];
    const alerts = alertsOf(await execute(threshold({ field: ["user.name"], value: 3 }), events, [RUN]));
    expect(groups(alerts)).toEqual(["user.name=alice→3"]);
    expect(alerts[0].details.threshold).toMatchObject({ from: at("11:53:00") });
    expect(alerts[0].original_time).toBe(at("11:55:00"));
  });

  it("accepts threshold.field as a single string", async () => {
    const events = [failure("a1", "11:53:00", by("alice")), failure("a2", "11:54:00", by("alice"))];
    const alerts = alertsOf(await execute(threshold({ field: "user.name", value: 2 }), events, [RUN]));
    expect(groups(alerts)).toEqual(["user.name=alice→2"]);
  });

  it("groups by two fields", async () => {
    const events = [
      failure("1", "11:53:00", by("alice", "web-1")),
      failure("2", "11:54:00", by("alice", "web-1")),
      failure("3", "11:55:00", by("alice", "web-2")),
      failure("4", "11:56:00", by("bob", "web-2")),
      failure("5", "11:57:00", by("bob", "web-2")),
    ];
    const alerts = alertsOf(
      await execute(threshold({ field: ["user.name", "host.name"], value: 2 }), events, [RUN]),
    );
    expect(groups(alerts)).toEqual(["user.name=alice,host.name=web-1→2", "user.name=bob,host.name=web-2→2"]);
  });

  it("requires the cardinality of a field within the group", async () => {
    const events = [
      failure("spray-1", "11:53:00", by("alice", "web-1", "10.0.0.9")),
      failure("spray-2", "11:54:00", by("bob", "web-1", "10.0.0.9")),
      failure("spray-3", "11:55:00", by("carol", "web-1", "10.0.0.9")),
      failure("typo-1", "11:53:00", by("dave", "web-1", "10.0.0.5")),
      failure("typo-2", "11:54:00", by("dave", "web-1", "10.0.0.5")),
      failure("typo-3", "11:55:00", by("dave", "web-1", "10.0.0.5")),
    ];
    const alerts = alertsOf(
      await execute(
        threshold({ field: ["source.ip"], value: 3, cardinality: [{ field: "user.name", value: 3 }] }),
        events,
        [RUN],
      ),
    );
    expect(groups(alerts)).toEqual(["source.ip=10.0.0.9→3"]);
    expect(alerts[0].details.threshold).toMatchObject({ cardinality: [{ field: "user.name", value: 3 }] });
  });

  it("counts each value of an array field in its own group", async () => {
    const events = ["11:53:00", "11:54:00", "11:55:00"].map((clock, i) =>
      failure(`shared-${i}`, clock, { user: { name: ["alice", "bob"] } }),
    );
    const alerts = alertsOf(await execute(threshold({ field: ["user.name"], value: 3 }), events, [RUN]));
    expect(groups(alerts)).toEqual(["user.name=alice→3", "user.name=bob→3"]);
  });

  it("ignores events without the group-by field", async () => {
    const events = ["11:53:00", "11:54:00", "11:55:00"].map((clock, i) => failure(`anon-${i}`, clock));
    expect(alertsOf(await execute(threshold({ field: ["user.name"], value: 1 }), events, [RUN]))).toEqual([]);
  });

  it("caps alerts at max_signals", async () => {
    const events = ["u1", "u2", "u3", "u4", "u5"].map((name) => failure(name, "11:55:00", by(name)));
    const alerts = alertsOf(
      await execute(threshold({ field: ["user.name"], value: 1 }, { max_signals: 2 }), events, [RUN]),
    );
    expect(alerts).toHaveLength(2);
  });

  it("finds qualifying groups past a first page of 10,000 groups that do not qualify", async () => {
    const singles = Array.from({ length: 10_001 }, (_, i) =>
      failure(`single-${i}`, "11:55:00", by(`user-${String(i).padStart(5, "0")}`)),
    );
    const pair = [failure("z1", "11:56:00", by("zz-last")), failure("z2", "11:57:00", by("zz-last"))];
    const alerts = alertsOf(
      await execute(threshold({ field: ["user.name"], value: 2 }), [...singles, ...pair], [RUN]),
    );
    expect(groups(alerts)).toEqual(["user.name=zz-last→2"]);
  });

  it("gives each execution's alert its own id", async () => {
    const events = [failure("a1", "11:57:00", by("alice")), failure("a2", "12:04:00", by("alice"))];
    const results = await execute(threshold({ field: ["user.name"], value: 1 }), events, [
      RUN,
      at("12:05:00"),
    ]);
    const ids = alertsOf(results).map((a) => a._id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  describe("signal history", () => {
    const events = [
      failure("a1", "11:55:00", by("alice")),
      failure("a2", "11:56:00", by("alice")),
      failure("a3", "11:57:00", by("alice")),
      failure("a4", "12:01:00", by("alice")),
      failure("a5", "12:02:00", by("alice")),
      failure("a6", "12:08:00", by("alice")),
    ];
    const rule3 = threshold({ field: ["user.name"], value: 3 });

    it("does not count already-alerted events again; a new alert needs `value` fresh events", async () => {
      const results = await execute(rule3, events, [at("12:00:00"), at("12:05:00"), at("12:10:00")]);
      expect(results.map((r) => groups(r.alerts))).toEqual([
        ["user.name=alice→3"],
        // [11:56, 12:05]: a2, a3 were counted by the first alert; only a4, a5 are fresh.
        [],
        // [12:01, 12:10]: a4, a5, a6.
        ["user.name=alice→3"],
      ]);
      expect(results[2].alerts[0].details.threshold).toMatchObject({ from: at("12:01:00") });
    });

    it("keeps other groups unaffected by one group's history", async () => {
      const mixed = [
        ...events.slice(0, 3),
        failure("b1", "11:58:00", by("bob")),
        failure("b2", "12:01:00", by("bob")),
        failure("b3", "12:02:00", by("bob")),
      ];
      const results = await execute(rule3, mixed, [at("12:00:00"), at("12:05:00")]);
      expect(results.map((r) => groups(r.alerts))).toEqual([["user.name=alice→3"], ["user.name=bob→3"]]);
    });

    it("excludes already-alerted events found through the @timestamp fallback", async () => {
      const noIngest = [
        failure("n1", "11:56:00", by("carol")),
        failure("n2", "11:57:00", by("carol")),
        failure("n3", "11:58:00", by("carol")),
      ];
      const withOverride = threshold(
        { field: ["user.name"], value: 3 },
        { timestamp_override: "event.ingested" },
      );
      const results = await execute(withOverride, noIngest, [at("12:00:00"), at("12:05:00")]);
      expect(results.map((r) => groups(r.alerts))).toEqual([["user.name=carol→3"], []]);
    });

    it("uses the override for the group's times and history", async () => {
      const late = [
        failure("l1", "11:10:00", by("erin"), { ingested: at("11:56:00") }),
        failure("l2", "11:11:00", by("erin"), { ingested: at("11:57:00") }),
        failure("l3", "11:12:00", by("erin"), { ingested: at("11:58:00") }),
      ].map((e) => ({ ...e, arrival: (e._source.event as JsonObject).ingested as string }));
      const withOverride = threshold(
        { field: ["user.name"], value: 3 },
        { timestamp_override: "event.ingested" },
      );
      const results = await execute(withOverride, late, [at("12:00:00"), at("12:05:00")]);
      expect(results.map((r) => groups(r.alerts))).toEqual([["user.name=erin→3"], []]);
      expect(results[0].alerts[0].details.threshold).toMatchObject({ from: at("11:56:00") });
    });
  });
});
