import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../../src/engine/execution/alert.js";
import { alertsOf, at, event, execute, raised, rule } from "./helpers.js";

const RUN_1 = at("12:00:00");
const RUN_2 = at("12:05:00");
const PROCESS = "logs-endpoint.events.process-default";
const NETWORK = "logs-endpoint.events.network-default";

const eqlRule = (query: string, overrides: Record<string, unknown> = {}) =>
  rule({ type: "eql", language: "eql", index: ["logs-endpoint.events.*"], query, ...overrides });

const SEQUENCE =
  'sequence by host.id with maxspan=1m [process where event.type == "start"] [network where true]';

const start = (id: string, time: string, host = "h1") =>
  event(
    id,
    { "@timestamp": time, event: { category: "process", type: "start" }, host: { id: host } },
    { index: PROCESS },
  );
const connect = (id: string, time: string, host = "h1") =>
  event(id, { "@timestamp": time, event: { category: "network" }, host: { id: host } }, { index: NETWORK });

const sha256 = (...parts: string[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
};

describe("EQL rules: event queries", () => {
  it("turn every matching event into an alert", async () => {
    const events = [start("a", at("11:55:00")), connect("b", at("11:56:00")), start("c", at("11:57:00"))];
    const results = await execute(eqlRule('process where event.type == "start"'), events, [RUN_1]);
    expect(raised(results)).toEqual(["a@12:00:00", "c@12:00:00"]);
    expect(alertsOf(results)[0]).toMatchObject({
      _index: PROCESS,
      original_time: at("11:55:00"),
      details: {},
    });
  });

  it("keep the most recent max_signals events of an execution, as Elasticsearch's default tail does", async () => {
    const events = [start("a", at("11:55:00")), start("b", at("11:56:00")), start("c", at("11:57:00"))];
    const results = await execute(eqlRule("process where true", { max_signals: 2 }), events, [RUN_1]);
    expect(raised(results)).toEqual(["b@12:00:00", "c@12:00:00"]);
  });

  it("do not alert twice on an event found again in the overlap of the next run", async () => {
    const events = [start("in-overlap", at("11:58:00")), start("later", at("12:03:00"))];
    const results = await execute(eqlRule("process where true"), events, [RUN_1, RUN_2]);
    expect(raised(results)).toEqual(["in-overlap@12:00:00", "later@12:05:00"]);
  });
});

/** The shell alerts among the alerts of some executions. */
const shellsOf = (alerts: Alert[]) => alerts.filter((alert) => alert._index === "");

describe("EQL rules: sequences", () => {
  it("write a building-block alert per event, then the shell alert with the join keys", async () => {
    const events = [start("s", at("11:55:00")), connect("n", at("11:55:30"))];
    const [first, second, shell] = alertsOf(await execute(eqlRule(SEQUENCE), events, [RUN_1]));
    expect(shell).toMatchObject({ _index: "", details: { sequence: ["s", "n"], join_keys: ["h1"] } });
    expect(shell.details.group).toEqual({ id: shell._id });
    expect(first).toMatchObject({
      _index: PROCESS,
      _id: "s",
      original_time: at("11:55:00"),
      details: { building_block_type: "default", group: { id: shell._id, index: 0 } },
    });
    expect(second).toMatchObject({
      _index: NETWORK,
      _id: "n",
      details: { building_block_type: "default", group: { id: shell._id, index: 1 } },
    });
  });

  it("give building blocks and shell the ids Kibana derives from the events and the rule", async () => {
    const events = [start("s", at("11:55:00")), connect("n", at("11:55:30"))];
    const [first, second, shell] = alertsOf(await execute(eqlRule(SEQUENCE), events, [RUN_1]));
    const base = `s${PROCESS}test-rule` + `n${NETWORK}test-rule`;
    const blocks = [sha256(base, "0"), sha256(base, "1")];
    expect([first.details.alert_id, second.details.alert_id]).toEqual(blocks);
    expect(shell._id).toBe(sha256(`s${PROCESS}${blocks[0]}n${NETWORK}${blocks[1]}`, "test-rule"));
  });

  it("give the same event different building blocks in different sequences", async () => {
    const events = [start("s1", at("11:55:00")), start("s2", at("11:55:10")), connect("n", at("11:55:30"))];
    const query =
      "sequence by host.id with maxspan=1m [process where true] [process where true] [network where true]";
    const three = alertsOf(await execute(eqlRule(query), events, [RUN_1]));
    expect(shellsOf(three).map((shell) => shell.details.sequence)).toEqual([["s1", "s2", "n"]]);
    const two = alertsOf(
      await execute(eqlRule("sequence by host.id [process where true] [network where true]"), events, [
        RUN_1,
      ]),
    );
    const blockOf = (alerts: Alert[], id: string) =>
      alerts.find((alert) => alert._id === id)?.details.alert_id;
    expect(blockOf(two, "s2")).toBeDefined();
    expect(blockOf(two, "s2")).not.toBe(blockOf(three, "s2"));
  });

  it("do not write a sequence's alerts again when it is found in the overlap of the next run", async () => {
    const events = [start("s", at("11:58:00")), connect("n", at("11:58:30"))];
    const results = await execute(eqlRule(SEQUENCE), events, [RUN_1, RUN_2]);
    expect(results.map((result) => result.alerts.length)).toEqual([3, 0]);
  });

  it("cap the sequences of an execution at max_signals, the most recent kept, each written whole", async () => {
    const events = [
      start("s1", at("11:55:00"), "h1"),
      connect("n1", at("11:55:10"), "h1"),
      start("s2", at("11:56:00"), "h2"),
      connect("n2", at("11:56:10"), "h2"),
    ];
    const results = await execute(eqlRule(SEQUENCE, { max_signals: 1 }), events, [RUN_1]);
    expect(raised(results)).toEqual(["s2@12:00:00", "n2@12:00:00", `${alertsOf(results)[2]._id}@12:00:00`]);
    expect(shellsOf(alertsOf(results)).map((alert) => alert.details.sequence)).toEqual([["s2", "n2"]]);
  });

  it("write no building block for a missing event", async () => {
    const query =
      'sequence by host.id with maxspan=1m [process where true] ![process where event.type == "end"] [network where true]';
    const events = [start("s", at("11:55:00")), connect("n", at("11:55:30"))];
    const alerts = alertsOf(await execute(eqlRule(query), events, [RUN_1]));
    expect(alerts.map((alert) => alert.details.group)).toEqual([
      { id: alerts[2]._id, index: 0 },
      { id: alerts[2]._id, index: 1 },
      { id: alerts[2]._id },
    ]);
    expect(alerts[2].details.sequence).toEqual(["s", "n"]);
  });
});

describe("EQL rules: samples", () => {
  it("raise a shell alert per sample, as Kibana wraps whatever comes back as sequences", async () => {
    const events = [start("s", at("11:55:00")), connect("n", at("11:54:00"))];
    const query = "sample by host.id [process where true] [network where true]";
    const [shell] = shellsOf(alertsOf(await execute(eqlRule(query), events, [RUN_1])));
    expect(shell.details).toMatchObject({ sequence: ["s", "n"], join_keys: ["h1"] });
  });
});
