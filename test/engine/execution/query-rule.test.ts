import { describe, expect, it } from "vitest";
import { alertsOf, at, event, execute, login, raised, rule } from "./helpers.js";

const RUN_1 = at("12:00:00");
const RUN_2 = at("12:05:00");

describe("query rules", () => {
  it("turns every matching event in [from, to] into an alert, earliest first, bounds inclusive", async () => {
    const events = [
      login("at-to", at("12:00:00")),
      login("middle", at("11:55:00")),
      login("at-from", at("11:51:00")),
      login("just-before-from", at("11:50:59.999")),
      login("after-to", at("12:00:00.001"), {}),
      event("other-action", { "@timestamp": at("11:56:00"), event: { action: "logout" } }),
      login("no-timestamp", at("11:56:00"), { "@timestamp": undefined }),
    ];
    const results = await execute(rule(), events, [RUN_1]);
    expect(raised(results)).toEqual(["at-from@12:00:00", "middle@12:00:00", "at-to@12:00:00"]);
    expect(results[0].ranges.map((r) => [r.from.toISOString(), r.to.toISOString()])).toEqual([
      [at("11:51:00"), at("12:00:00")],
    ]);
  });

  it("records the source @timestamp as the alert's original time", async () => {
    const [alert] = alertsOf(await execute(rule(), [login("one", at("11:55:30.250"))], [RUN_1]));
    expect(alert).toMatchObject({
      execution: RUN_1,
      _index: "logs-test-default",
      _id: "one",
      original_time: "2025-01-15T11:55:30.250Z",
    });
  });

  it("does not alert twice on an event found again in the overlap of the next run", async () => {
    const events = [login("in-overlap", at("11:58:00")), login("later", at("12:03:00"))];
    const results = await execute(rule(), events, [RUN_1, RUN_2]);
    expect(raised(results)).toEqual(["in-overlap@12:00:00", "later@12:05:00"]);
  });

  it("caps alerts at max_signals per execution; the rest alert next run while still in range", async () => {
    const events = ["11:57:00", "11:58:00", "11:59:00", "11:59:30", "12:00:00"].map((clock, i) =>
      login(`e${i + 1}`, at(clock)),
    );
    const results = await execute(rule({ max_signals: 3 }), events, [RUN_1, RUN_2]);
    expect(raised(results)).toEqual([
      "e1@12:00:00",
      "e2@12:00:00",
      "e3@12:00:00",
      // Already-alerted events do not use up the next run's budget.
      "e4@12:05:00",
      "e5@12:05:00",
    ]);
  });

  it("loses capped events that fall out of range before the next run", async () => {
    const events = ["11:52:00", "11:53:00", "11:54:00"].map((clock, i) => login(`e${i + 1}`, at(clock)));
    const results = await execute(rule({ max_signals: 2 }), events, [RUN_1, RUN_2]);
    expect(raised(results)).toEqual(["e1@12:00:00", "e2@12:00:00"]);
  });

  it("pages through more than 100 matches (search_after) up to max_signals", async () => {
    const start = Date.parse(at("11:51:30"));
    const events = Array.from({ length: 130 }, (_, i) =>
      login(`e${String(i).padStart(3, "0")}`, new Date(start + i * 1000).toISOString()),
    );
    const first = await execute(rule({ max_signals: 101 }), events, [RUN_1]);
    expect(first[0].alerts).toHaveLength(101);
    expect(first[0].alerts.map((a) => a._id)).toEqual(events.slice(0, 101).map((e) => e._id));
    const both = await execute(rule({ max_signals: 101 }), events, [RUN_1, RUN_2]);
    // The second run covers [11:56, 12:05]: e029 (11:52:00) … e129 (11:53:40) are all before 11:56.
    expect(both[1].alerts).toHaveLength(0);
    const all = await execute(rule(), events, [RUN_1]);
    expect(all[0].alerts).toHaveLength(100);
  });

  it("skips events tied with the last hit of a page, as search_after without a tiebreaker does", async () => {
    // Kibana sorts on the timestamps only; Elasticsearch resumes strictly after the last sort values.
    const events = Array.from({ length: 150 }, (_, i) =>
      login(`same-${String(i).padStart(3, "0")}`, at("11:55:00")),
    );
    const results = await execute(rule({ max_signals: 150 }), events, [RUN_1]);
    expect(new Set(results[0].alerts.map((a) => a._id)).size).toBe(100);
  });

  it("alerts on an event the next run can see once it has arrived", async () => {
    const late = login("late", at("11:59:00"), {});
    late.arrival = at("12:01:00");
    const results = await execute(rule(), [late], [RUN_1, RUN_2]);
    expect(raised(results)).toEqual(["late@12:05:00"]);
  });

  it("runs catch-up ranges after a missed schedule, oldest first", async () => {
    const events = [login("old", at("11:42:00")), login("recent", at("11:58:00"))];
    // Previous run 11:40, next 12:00: 20 minutes, 9 covered → ceil(11/5) = 3 catch-up ranges.
    const results = await execute(rule(), events, [at("11:40:00"), RUN_1]);
    expect(results[1].ranges.map((r) => r.from.toISOString().slice(11, 16))).toEqual([
      "11:36",
      "11:41",
      "11:46",
      "11:51",
    ]);
    expect(raised(results)).toEqual(["old@12:00:00", "recent@12:00:00"]);
  });
});

describe("query rules with timestamp_override", () => {
  const events = [
    // Delivered late: old @timestamp, recent ingest time.
    event(
      "ingested-in-range",
      { "@timestamp": at("11:30:00"), event: { action: "login", ingested: at("11:58:00") } },
      {
        arrival: at("11:58:00"),
      },
    ),
    // The override field exists but is outside the range, so @timestamp is not consulted.
    event("ingested-too-early", {
      "@timestamp": at("11:58:00"),
      event: { action: "login", ingested: at("11:40:00") },
    }),
    // No override field: found through @timestamp only when the fallback is on.
    event("no-ingest-time", { "@timestamp": at("11:57:00"), event: { action: "login" } }),
    event("no-ingest-time-old", { "@timestamp": at("11:20:00"), event: { action: "login" } }),
  ];

  it("searches the override field and falls back to @timestamp for events lacking it", async () => {
    const results = await execute(rule({ timestamp_override: "event.ingested" }), events, [RUN_1]);
    expect(raised(results).sort()).toEqual(["ingested-in-range@12:00:00", "no-ingest-time@12:00:00"]);
    const alert = alertsOf(results).find((a) => a._id === "ingested-in-range");
    expect(alert?.original_time).toBe("2025-01-15T11:30:00.000Z");
  });

  it("ignores events lacking the override field when the fallback is disabled", async () => {
    const results = await execute(
      rule({ timestamp_override: "event.ingested", timestamp_override_fallback_disabled: true }),
      events,
      [RUN_1],
    );
    expect(raised(results)).toEqual(["ingested-in-range@12:00:00"]);
  });

  it("treats an override field holding null as missing: the event falls back to @timestamp", async () => {
    const nullIngest = event("null-ingest", {
      "@timestamp": at("11:56:00"),
      "event.ingested": null,
      event: { action: "login" },
    });
    const results = await execute(rule({ timestamp_override: "event.ingested" }), [nullIngest], [RUN_1]);
    expect(raised(results)).toEqual(["null-ingest@12:00:00"]);
  });

  it("treats an override of @timestamp as no override", async () => {
    const results = await execute(rule({ timestamp_override: "@timestamp" }), events, [RUN_1]);
    expect(raised(results).sort()).toEqual(["ingested-too-early@12:00:00", "no-ingest-time@12:00:00"]);
  });
});

describe("query rules with filters and Lucene", () => {
  const events = [
    login("alice", at("11:55:00"), { user: { name: "alice" }, host: { name: "web-1" } }),
    login("bob", at("11:55:01"), { user: { name: "bob" }, host: { name: "web-2" } }),
    login("svc", at("11:55:02"), { user: { name: "svc-backup" }, host: { name: "db-1" } }),
  ];
  const phrase = (field: string, value: string, meta: Record<string, unknown> = {}) => ({
    meta: { negate: false, disabled: false, ...meta },
    query: { match_phrase: { [field]: value } },
  });

  it("applies an enabled filter", async () => {
    const results = await execute(rule({ filters: [phrase("host.name", "web-1")] }), events, [RUN_1]);
    expect(raised(results)).toEqual(["alice@12:00:00"]);
  });

  it("excludes what a negated filter matches", async () => {
    const results = await execute(
      rule({ filters: [phrase("user.name", "svc-backup", { negate: true })] }),
      events,
      [RUN_1],
    );
    expect(raised(results)).toEqual(["alice@12:00:00", "bob@12:00:00"]);
  });

  it("ignores a disabled filter", async () => {
    const results = await execute(
      rule({ filters: [phrase("host.name", "web-1", { disabled: true })] }),
      events,
      [RUN_1],
    );
    expect(raised(results)).toHaveLength(3);
  });

  it("reads a filter written in the older shape, query keys beside meta", async () => {
    const legacy = { meta: { negate: true }, exists: { field: "user.name" } };
    const results = await execute(
      rule({ filters: [legacy] }),
      [...events, login("anonymous", at("11:56:00"))],
      [RUN_1],
    );
    expect(raised(results)).toEqual(["anonymous@12:00:00"]);
  });

  it("runs a Lucene query", async () => {
    const results = await execute(
      rule({ language: "lucene", query: "event.action:login AND NOT user.name:svc*" }),
      events,
      [RUN_1],
    );
    expect(raised(results)).toEqual(["alice@12:00:00", "bob@12:00:00"]);
  });

  it("matches everything in range with an empty query", async () => {
    const results = await execute(rule({ query: "" }), events, [RUN_1]);
    expect(raised(results)).toHaveLength(3);
  });
});
