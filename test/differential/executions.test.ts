/**
 * Differential proof for rule execution: random query, new_terms and threshold rules executed several times
 * over random timelines (documents arriving between executions) through `executeRule`, once on each engine;
 * the alerts must be the same. DAC_DIFF_SEED replays, DAC_DIFF_RULES scales (default 60 scenarios).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FieldSpec, IndexMapping } from "../../src/catalog/types.js";
import type { ElasticsearchEngine } from "../../src/engine/elasticsearch/index.js";
import {
  type Alert,
  consecutiveExecutions,
  type Execution,
  executeRule,
  toExecutableRule,
} from "../../src/engine/execution/index.js";
import { createMemoryEngine } from "../../src/engine/memory/index.js";
import type { Dataset, SearchEngine, StoredDocument } from "../../src/engine/types.js";
import { elasticsearchForTests } from "./harness.js";
import { createRandom, type Random, runSeed } from "./random.js";

const seed = runSeed();
const scenarios = Number(process.env.DAC_DIFF_RULES ?? 60);
const FIRST_EXECUTION = Date.parse("2024-03-01T12:00:00Z");
const MINUTE = 60_000;
const INDICES = ["logs-diff.exec-default", "winlogbeat-diff"];

const field = (name: string, type: string): [string, FieldSpec] => [
  name,
  { name, type, source: "ecs", aggregatable: true },
];
const mappings: IndexMapping[] = INDICES.map((index) => ({
  index,
  fields: new Map([
    field("@timestamp", "date"),
    field("event.ingested", "date"),
    field("event.outcome", "keyword"),
    field("host.name", "keyword"),
    field("user.name", "keyword"),
    field("source.ip", "ip"),
    field("process.pid", "long"),
  ]),
  dynamic: true,
}));

const HOSTS = ["web-1", "web-2", "db-1", "DB-1", "jump"];
const USERS = ["alice", "bob", "svc", "root"];
const IPS = ["10.0.0.1", "10.0.0.2", "192.168.0.9", "::1"];

function timeline(random: Random, count: number): (StoredDocument & { arrival: number })[] {
  return Array.from({ length: count }, (_, position) => {
    // Mostly inside the executions' ranges, some in the history window, some late or early arrivals.
    const offset = random.chance(0.3) ? -random.int(10, 3 * 24 * 60) : random.int(-15, 20);
    const time = FIRST_EXECUTION + offset * MINUTE + random.int(0, 59) * 1000;
    const delay = random.chance(0.2) ? random.int(1, 12) * MINUTE : 0;
    const source: Record<string, unknown> = { "@timestamp": new Date(time).toISOString() };
    if (random.chance(0.4)) source.event = { ingested: new Date(time + delay).toISOString() };
    if (random.chance(0.9)) source["event.outcome"] = random.pick(["success", "failure"]);
    if (random.chance(0.9)) source.host = { name: random.pick(HOSTS) };
    if (random.chance(0.8))
      source["user.name"] = random.chance(0.15) ? random.sample(USERS, 2) : random.pick(USERS);
    if (random.chance(0.7)) source.source = { ip: random.pick(IPS) };
    if (random.chance(0.5)) source["process.pid"] = random.int(1, 4);
    return { _index: random.pick(INDICES), _id: `e${position}`, _source: source, arrival: time + delay };
  });
}

function randomRule(random: Random): Record<string, unknown> {
  const type = random.pick(["query", "new_terms", "threshold"]);
  const rule: Record<string, unknown> = {
    rule_id: `diff-${type}`,
    name: `diff ${type}`,
    description: "differential test rule",
    risk_score: 21,
    severity: "low",
    type,
    index: random.pick([["logs-*"], ["logs-*", "winlogbeat-*"], ["*"]]),
    language: "kuery",
    query: random.pick([
      "event.outcome: failure",
      "host.name: *",
      "not user.name: root",
      "source.ip: 10.0.0.0/8",
      "*",
    ]),
    from: random.pick(["now-6m", "now-10m"]),
    interval: "5m",
    max_signals: 100,
  };
  if (random.chance(0.3)) rule.timestamp_override = "event.ingested";
  const fields = ["host.name", "user.name", "source.ip", "process.pid"];
  if (type === "new_terms") {
    rule.new_terms_fields = random.sample(fields, random.int(1, 2));
    rule.history_window_start = random.pick(["now-1h", "now-1d", "now-7d"]);
  }
  if (type === "threshold") {
    rule.threshold = {
      field: random.sample(fields, random.int(0, 2)),
      value: random.int(1, 4),
      ...(random.chance(0.3) ? { cardinality: [{ field: "source.ip", value: random.int(1, 2) }] } : {}),
    };
  }
  return rule;
}

async function alertsOf(
  engine: SearchEngine,
  dataset: Dataset,
  rule: Record<string, unknown>,
  executions: Execution[],
) {
  const session = await engine.open(dataset);
  try {
    const results = await executeRule(toExecutableRule(rule), session, executions);
    return {
      alerts: results
        .flatMap((result) => result.alerts)
        .map(canonical)
        .sort(),
    };
  } catch (error) {
    return { error: (error as Error).message.split("\n")[0] };
  } finally {
    await session.close();
  }
}

function canonical(alert: Alert): string {
  return JSON.stringify(alert);
}

const available = await elasticsearchForTests();
if (available.skip) console.warn(`differential tests skipped: ${available.reason}`);

describe.skipIf(available.skip)("rule executions: embedded engine = Elasticsearch", () => {
  let elasticsearch: ElasticsearchEngine;
  beforeAll(() => {
    if (!available.skip) elasticsearch = available.engine;
    console.log(
      `execution differential seed ${seed} (DAC_DIFF_SEED=${seed} replays), ${scenarios} scenarios`,
    );
  });
  afterAll(async () => {
    await elasticsearch?.close();
  });

  it("raises the same alerts for query, new_terms and threshold rules", { timeout: 900_000 }, async () => {
    const random = createRandom(seed);
    const memory = createMemoryEngine();
    const disagreements: string[] = [];
    let alertCount = 0;
    for (let scenario = 0; scenario < scenarios; scenario++) {
      const events = timeline(random, random.int(5, 40));
      const rule = randomRule(random);
      const times = consecutiveExecutions(
        toExecutableRule(rule),
        new Date(FIRST_EXECUTION),
        random.int(1, 4),
      );
      const executions: Execution[] = times.map((startedAt, i) => ({
        startedAt,
        arriving: events
          .filter((e) => e.arrival <= startedAt.getTime() && (i === 0 || e.arrival > times[i - 1].getTime()))
          .map(({ arrival: _arrival, ...document }) => document),
      }));
      const dataset = { indices: mappings, documents: [] };
      const [fromElasticsearch, fromMemory] = [
        await alertsOf(elasticsearch, dataset, rule, executions),
        await alertsOf(memory, dataset, rule, executions),
      ];
      alertCount += fromElasticsearch.alerts?.length ?? 0;
      if (JSON.stringify(fromElasticsearch) !== JSON.stringify(fromMemory)) {
        disagreements.push(
          [
            `scenario ${scenario}: rule ${JSON.stringify(rule)}`,
            `  executions: ${times.map((time) => time.toISOString()).join(", ")}`,
            `  elasticsearch: ${JSON.stringify(fromElasticsearch)}`,
            `  memory:        ${JSON.stringify(fromMemory)}`,
            `  events: ${JSON.stringify(events)}`,
          ].join("\n"),
        );
      }
    }
    console.log(`compared ${scenarios} rule scenarios (${alertCount} alerts from Elasticsearch)`);
    expect(
      disagreements.length,
      `${disagreements.length} disagreements (replay with DAC_DIFF_SEED=${seed}):\n${disagreements.slice(0, 3).join("\n")}`,
    ).toBe(0);
  });
});
