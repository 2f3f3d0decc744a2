import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../src/engine/types.js";
import { alertsOf, at, event, execute, raised, rule, type TestEvent } from "./helpers.js";

const RUN = at("12:00:00");
const NEXT = at("12:05:00");

/** A new_terms rule on failed token requests; 9-minute range every 5 minutes, 7-day history. */
function newTerms(fields: string[], overrides: Record<string, unknown> = {}) {
  return rule({
    type: "new_terms",
    query: 'event.action:"token-request" and event.outcome:"failure"',
    new_terms_fields: fields,
    history_window_start: "now-7d",
    ...overrides,
  });
}

/** A failed token request at `timestamp` (ISO) with extra fields. */
function request(
  id: string,
  timestamp: string,
  fields: JsonObject,
  options: { ingested?: string; outcome?: string } = {},
) {
  const source: JsonObject = {
    "@timestamp": timestamp,
    event: {
      action: "token-request",
      outcome: options.outcome ?? "failure",
      ...(options.ingested ? { ingested: options.ingested } : {}),
    },
    ...fields,
  };
  return event(id, source, { arrival: options.ingested ?? timestamp });
}

const user = (name: unknown, extra: JsonObject = {}): JsonObject => ({ user: { name }, ...extra });
const userHost = (name: unknown, host: unknown, extra: JsonObject = {}): JsonObject => ({
  user: { name },
  host: { name: host },
  ...extra,
});

describe("new_terms on one field", () => {
  it("alerts on the earliest event of a term not seen in the history window", async () => {
    const events = [
      request("alice-first", at("11:53:00"), user("alice")),
      request("alice-again", at("11:58:00"), user("alice")),
      request("bob", at("11:55:00"), user("bob")),
    ];
    const alerts = alertsOf(await execute(newTerms(["user.name"]), events, [RUN]));
    expect(alerts.map((a) => [a._id, a.details.new_terms])).toEqual(
      expect.arrayContaining([
        ["alice-first", ["alice"]],
        ["bob", ["bob"]],
      ]),
    );
    expect(alerts).toHaveLength(2);
  });

  it("does not alert on a term seen earlier in the history window", async () => {
    const events = [
      request("two-days-ago", "2025-01-13T12:00:00.000Z", user("alice")),
      request("now", at("11:58:00"), user("alice")),
    ];
    expect(raised(await execute(newTerms(["user.name"]), events, [RUN]))).toEqual([]);
  });

  it("only counts history that matches the query", async () => {
    const events = [
      request("succeeded-yesterday", "2025-01-14T12:00:00.000Z", user("alice"), { outcome: "success" }),
      request("failed-now", at("11:58:00"), user("alice")),
    ];
    expect(raised(await execute(newTerms(["user.name"]), events, [RUN]))).toEqual(["failed-now@12:00:00"]);
  });

  it("ignores terms seen only in history", async () => {
    const events = [request("yesterday", "2025-01-14T12:00:00.000Z", user("carol"))];
    expect(raised(await execute(newTerms(["user.name"]), events, [RUN]))).toEqual([]);
  });

  describe("history window boundaries (range [11:51, 12:00], history from 2025-01-08T12:00)", () => {
    const run = async (earlier: TestEvent) =>
      raised(
        await execute(
          newTerms(["user.name"]),
          [earlier, request("current", at("11:58:00"), user("alice"))],
          [RUN],
        ),
      );

    it("a term first seen exactly at `from` is not new", async () => {
      const atFrom = request("at-from", at("11:51:00"), user("alice"));
      expect(raised(await execute(newTerms(["user.name"]), [atFrom], [RUN]))).toEqual([]);
      expect(await run(atFrom)).toEqual([]);
    });

    it("a term first seen a millisecond after `from` is new", async () => {
      const justAfter = request("just-after-from", at("11:51:00.001"), user("alice"));
      expect(await run(justAfter)).toEqual(["just-after-from@12:00:00"]);
    });

    it("history starts inclusively at history_window_start", async () => {
      expect(await run(request("at-history-start", "2025-01-08T12:00:00.000Z", user("alice")))).toEqual([]);
      expect(await run(request("before-history-start", "2025-01-08T11:59:59.999Z", user("alice")))).toEqual([
        "current@12:00:00",
      ]);
    });
  });

  it("expands arrays: each value is its own term", async () => {
    const events = [
      request("alice-yesterday", "2025-01-14T12:00:00.000Z", user("alice")),
      request("shared", at("11:58:00"), user(["alice", "bob", "carol"])),
    ];
    const alerts = alertsOf(await execute(newTerms(["user.name"]), events, [RUN]));
    expect(alerts.map((a) => `${a._id}:${a.details.new_terms}`).sort()).toEqual([
      "shared:bob",
      "shared:carol",
    ]);
  });

  it("ignores events without the field", async () => {
    const events = [request("no-user", at("11:58:00"), { host: { name: "web-1" } })];
    expect(raised(await execute(newTerms(["user.name"]), events, [RUN]))).toEqual([]);
  });

  it("works on ip and numeric fields", async () => {
    const events = [
      request("ip-old", "2025-01-14T12:00:00.000Z", { source: { ip: "10.0.0.1" } }),
      request("ip-seen", at("11:57:00"), { source: { ip: "10.0.0.1" } }),
      request("ip-new", at("11:58:00"), { source: { ip: "10.0.0.2" } }),
    ];
    expect(raised(await execute(newTerms(["source.ip"]), events, [RUN]))).toEqual(["ip-new@12:00:00"]);
    const pids = [
      request("pid-old", "2025-01-14T12:00:00.000Z", { process: { pid: 4 } }),
      request("pid-seen", at("11:57:00"), { process: { pid: 4 } }),
      request("pid-new", at("11:58:00"), { process: { pid: 1234 } }),
    ];
    const alerts = alertsOf(await execute(newTerms(["process.pid"]), pids, [RUN]));
    expect(alerts.map((a) => [a._id, a.details.new_terms])).toEqual([["pid-new", [1234]]]);
  });

  it("does not alert twice on the same event in overlapping runs", async () => {
    const events = [request("in-overlap", at("11:58:00"), user("alice"))];
    expect(raised(await execute(newTerms(["user.name"]), events, [RUN, NEXT]))).toEqual([
      "in-overlap@12:00:00",
    ]);
  });

  it("caps alerts at max_signals; remaining new terms alert in the next run", async () => {
    const start = Date.parse(at("11:58:00"));
    const events = Array.from({ length: 101 }, (_, i) =>
      request(
        `role-${String(i).padStart(3, "0")}`,
        new Date(start + i * 100).toISOString(),
        user(`role-${String(i).padStart(3, "0")}`),
      ),
    );
    const results = await execute(newTerms(["user.name"]), events, [RUN, NEXT]);
    expect(results[0].alerts).toHaveLength(100);
    expect(results[1].alerts).toHaveLength(1);
    const ids = new Set(alertsOf(results).map((a) => a._id));
    expect(ids.size).toBe(101);
    const capped = await execute(newTerms(["user.name"], { max_signals: 7 }), events, [RUN]);
    expect(capped[0].alerts).toHaveLength(7);
  });

  it("refuses a history window that does not start before `from`", async () => {
    const events = [request("one", at("11:58:00"), user("alice"))];
    await expect(
      execute(newTerms(["user.name"], { history_window_start: "now-5m" }), events, [RUN]),
    ).rejects.toThrow(/history_window_start/);
  });
});

describe("new_terms on several fields", () => {
  it("alerts on combinations not seen together, on the earliest event of each", async () => {
    const events = [
      request("alice-web1-old", "2025-01-14T12:00:00.000Z", userHost("alice", "web-1")),
      request("alice-web1", at("11:55:00"), userHost("alice", "web-1")),
      request("alice-web2", at("11:56:00"), userHost("alice", "web-2")),
      request("alice-web2-again", at("11:57:00"), userHost("alice", "web-2")),
      request("bob-web1", at("11:58:00"), userHost("bob", "web-1")),
    ];
    const alerts = alertsOf(await execute(newTerms(["user.name", "host.name"]), events, [RUN]));
    expect(alerts.map((a) => `${a._id}:${JSON.stringify(a.details.new_terms)}`).sort()).toEqual([
      'alice-web2:["alice","web-2"]',
      'bob-web1:["bob","web-1"]',
    ]);
  });

  it("reports new_terms in new_terms_fields order", async () => {
    const events = [request("one", at("11:55:00"), userHost("alice", "web-1"))];
    const [alert] = alertsOf(await execute(newTerms(["host.name", "user.name"]), events, [RUN]));
    expect(alert.details.new_terms).toEqual(["web-1", "alice"]);
  });

  it("handles three fields", async () => {
    const events = [
      request("old", "2025-01-14T12:00:00.000Z", userHost("alice", "web-1", { source: { ip: "10.0.0.1" } })),
      request("same-three", at("11:55:00"), userHost("alice", "web-1", { source: { ip: "10.0.0.1" } })),
      request("new-ip", at("11:56:00"), userHost("alice", "web-1", { source: { ip: "10.0.0.2" } })),
    ];
    const alerts = alertsOf(await execute(newTerms(["user.name", "host.name", "source.ip"]), events, [RUN]));
    expect(alerts.map((a) => [a._id, a.details.new_terms])).toEqual([
      ["new-ip", ["alice", "web-1", "10.0.0.2"]],
    ]);
  });

  it("expands arrays into the Cartesian product of values", async () => {
    const events = [
      request("a-x-old", "2025-01-14T12:00:00.000Z", userHost("a", "x")),
      request("many", at("11:58:00"), userHost(["a", "b"], ["x", "y"])),
    ];
    const alerts = alertsOf(await execute(newTerms(["user.name", "host.name"]), events, [RUN]));
    expect(alerts.every((a) => a._id === "many")).toBe(true);
    expect(alerts.map((a) => (a.details.new_terms as string[]).join("+")).sort()).toEqual([
      "a+y",
      "b+x",
      "b+y",
    ]);
  });

  it("ignores an event missing any of the fields, as a candidate and as history", async () => {
    const events = [
      request("no-host-old", "2025-01-14T12:00:00.000Z", user("alice")),
      request("no-host-now", at("11:56:00"), user("alice")),
      request("complete", at("11:58:00"), userHost("alice", "web-1")),
    ];
    const alerts = alertsOf(await execute(newTerms(["user.name", "host.name"]), events, [RUN]));
    expect(alerts.map((a) => a._id)).toEqual(["complete"]);
  });

  it("applies the `from` boundary to combinations too", async () => {
    const events = [
      request("at-from", at("11:51:00"), userHost("alice", "web-1")),
      request("later", at("11:58:00"), userHost("alice", "web-1")),
      request("after-from", at("11:51:00.001"), userHost("bob", "web-1")),
    ];
    expect(raised(await execute(newTerms(["user.name", "host.name"]), events, [RUN]))).toEqual([
      "after-from@12:00:00",
    ]);
  });

  it("caps combinations at max_signals", async () => {
    const events = Array.from({ length: 12 }, (_, i) =>
      request(`c${i}`, at(`11:5${3 + (i % 6)}:00`), userHost(`u${i}`, "web-1")),
    );
    const results = await execute(newTerms(["user.name", "host.name"], { max_signals: 5 }), events, [RUN]);
    expect(results[0].alerts).toHaveLength(5);
  });
});

/*
 * The worked example: a new_terms rule (from now-9m, every 5m, 7-day history, override event.ingested
 * with fallback) run four times, 11:50, 11:55, 12:00 and 12:05. Each event becomes searchable at its
 * ingest time. The scenario is the reference walk-through restated with other names.
 */
describe("worked example over four runs", () => {
  const RUNS = [at("11:50:00"), at("11:55:00"), at("12:00:00"), at("12:05:00")];
  const day = (date: string, clock: string) => `${date}T${clock}.000Z`;
  const ev = (
    id: string,
    name: string | undefined,
    timestamp: string,
    ingested: string,
    outcome = "failure",
  ) =>
    request(id, timestamp, name === undefined ? { host: { name: "bastion" } } : user(name), {
      ingested,
      outcome,
    });
  const events = [
    ev("builder-3d-ago", "builder", day("2025-01-12", "11:59:50"), day("2025-01-12", "12:00:20")),
    ev("builder-now", "builder", at("11:57:40"), at("11:58:10")),
    ev("oncall-8d-ago", "oncall", day("2025-01-07", "09:00:00"), day("2025-01-07", "09:00:30")),
    ev("oncall-now", "oncall", at("11:56:35"), at("11:57:05")),
    // Succeeded, so it fails the query and is no history for "loader".
    ev("loader-succeeded", "loader", day("2025-01-13", "08:00:00"), day("2025-01-13", "08:00:30"), "success"),
    ev("loader-first", "loader", at("11:55:30"), at("11:56:00")),
    ev("loader-second", "loader", at("11:58:45"), at("11:59:15")),
    // Delivered 18.5 minutes late.
    ev("archiver-late", "archiver", at("11:40:00"), at("11:58:30")),
    ev("no-user", undefined, at("11:56:50"), at("11:57:20")),
    ev("sandbox", "sandbox", at("11:52:20"), at("11:52:50")),
  ];

  it("with the override: sandbox in R1; oncall, loader and the late archiver in R2; nothing else", async () => {
    const results = await execute(
      newTerms(["user.name"], { timestamp_override: "event.ingested" }),
      events,
      RUNS,
    );
    expect(results.map((r) => r.alerts.map((a) => a._id).sort())).toEqual([
      [],
      ["sandbox"],
      ["archiver-late", "loader-first", "oncall-now"],
      [],
    ]);
    const archiver = alertsOf(results).find((a) => a._id === "archiver-late");
    expect(archiver).toMatchObject({
      details: { new_terms: ["archiver"] },
      original_time: at("11:40:00"),
      execution: RUNS[2],
    });
  });

  it("without the override: the late archiver is never alerted, three alerts in all", async () => {
    const results = await execute(newTerms(["user.name"]), events, RUNS);
    expect(results.map((r) => r.alerts.map((a) => a._id).sort())).toEqual([
      [],
      ["sandbox"],
      ["loader-first", "oncall-now"],
      [],
    ]);
  });

  it("with the override and the fallback disabled, events all carry the override and alert the same", async () => {
    const results = await execute(
      newTerms(["user.name"], {
        timestamp_override: "event.ingested",
        timestamp_override_fallback_disabled: true,
      }),
      events,
      RUNS,
    );
    expect(
      alertsOf(results)
        .map((a) => a._id)
        .sort(),
    ).toEqual(["archiver-late", "loader-first", "oncall-now", "sandbox"]);
  });
});

describe("new_terms with timestamp_override and fallback", () => {
  it("takes first-seen times from the override, else @timestamp", async () => {
    const events = [
      // No ingest time: its @timestamp (yesterday) makes "alice" historical.
      request("alice-yesterday-no-ingest", "2025-01-14T12:00:00.000Z", user("alice")),
      request("alice-now", at("11:40:00"), user("alice"), { ingested: at("11:58:00") }),
      // Old @timestamp but ingested in history: still history by its ingest time.
      request("bob-ingested-yesterday", at("11:57:00"), user("bob"), {
        ingested: "2025-01-14T12:00:00.000Z",
      }),
      request("bob-now", at("11:40:00"), user("bob"), { ingested: at("11:58:30") }),
      request("carol-no-ingest", at("11:57:00"), user("carol")),
    ];
    const results = await execute(newTerms(["user.name"], { timestamp_override: "event.ingested" }), events, [
      RUN,
    ]);
    expect(raised(results)).toEqual(["carol-no-ingest@12:00:00"]);
  });

  it("picks the earliest event by effective timestamp across events with and without the override", async () => {
    const events = [
      request("with-ingest", at("11:50:00"), user("dave"), { ingested: at("11:58:00") }),
      request("without-ingest", at("11:55:00"), user("dave")),
    ];
    const results = await execute(newTerms(["user.name"], { timestamp_override: "event.ingested" }), events, [
      RUN,
    ]);
    expect(raised(results)).toEqual(["without-ingest@12:00:00"]);
  });
  it.each([null, []])(
    "treats an override of %j as no value: the event falls back to @timestamp",
    async (ingested) => {
      const events = [
        event("erin-null-ingest", {
          "@timestamp": at("11:57:00"),
          event: { action: "token-request", outcome: "failure", ingested },
          user: { name: "erin" },
        }),
        request("erin-yesterday", "2025-01-14T12:00:00.000Z", user("frank")),
      ];
      const results = await execute(
        newTerms(["user.name"], { timestamp_override: "event.ingested" }),
        events,
        [RUN],
      );
      expect(raised(results)).toEqual(["erin-null-ingest@12:00:00"]);
    },
  );
});
