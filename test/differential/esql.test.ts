/**
 * Differential proof for ES|QL rules: random CloudTrail-like events, a set of aggregating and non-aggregating ES|QL
 * rules, each executed twice (overlapping windows, events arriving in between) through `executeRule` on the embedded
 * engine and on Elasticsearch; the alerts (document, execution, row columns) must be the same. Skipped, with the
 * reason printed, when no Elasticsearch answers or the one that does has no ES|QL (a node built from Maven Central).
 */
import { afterAll, describe, expect, it } from "vitest";
import { openCatalog } from "../../src/catalog/catalog.js";
import { mappingForIndex } from "../../src/catalog/mapping.js";
import {
  checkElasticsearchEsql,
  type ElasticsearchEngine,
  elasticsearchOptionsFromEnv,
} from "../../src/engine/elasticsearch/index.js";
import {
  type Alert,
  consecutiveExecutions,
  type Execution,
  executeRule,
  toExecutableRule,
} from "../../src/engine/execution/index.js";
import { createMemoryEngine } from "../../src/engine/memory/index.js";
import type { SearchEngine, StoredDocument } from "../../src/engine/types.js";
import { elasticsearchForTests } from "./harness.js";
import { createRandom, type Random, runSeed } from "./random.js";

const seed = runSeed();
const INDEX = "logs-aws.cloudtrail-default";
const FIRST_EXECUTION = Date.parse("2025-01-15T12:00:00Z");
const MINUTE = 60_000;

const RULES: { name: string; query: string }[] = [
  {
    name: "denied calls, one alert per event",
    query: `FROM logs-aws.cloudtrail-* METADATA _id, _index, _version
| WHERE event.action == "GetPasswordData" AND event.outcome == "failure"
| KEEP _id, _index, _version, user.name, source.ip`,
  },
  {
    name: "METADATA _id injected, columns computed",
    query: `FROM logs-aws.cloudtrail-*
| WHERE event.provider == "ec2.amazonaws.com"
| EVAL who = TO_UPPER(user.name), octets = TO_STRING(source.ip)`,
  },
  {
    name: "instances per identity",
    query: `FROM logs-aws.cloudtrail-*
| WHERE event.action == "GetPasswordData"
| DISSECT aws.cloudtrail.request_parameters "{instanceId=%{instance}}"
| STATS instances = COUNT_DISTINCT(instance), calls = COUNT(*) BY user.name
| WHERE instances >= 2`,
  },
  {
    name: "actions per address",
    query: `FROM logs-aws.cloudtrail-*
| STATS actions = VALUES(event.action), first = MIN(@timestamp) BY source.ip
| SORT source.ip`,
  },
];

function timeline(random: Random, count: number): (StoredDocument & { arrival: number })[] {
  return Array.from({ length: count }, (_, position) => {
    const time = FIRST_EXECUTION + random.int(-20, 8) * MINUTE + random.int(0, 59) * 1000;
    const delay = random.chance(0.2) ? random.int(1, 6) * MINUTE : 0;
    return {
      _index: INDEX,
      _id: `e${position}`,
      arrival: time + delay,
      _source: {
        "@timestamp": new Date(time).toISOString(),
        event: {
          action: random.pick(["GetPasswordData", "DescribeInstances", "StartInstances"]),
          provider: random.pick(["ec2.amazonaws.com", "iam.amazonaws.com"]),
          outcome: random.pick(["success", "failure"]),
          ingested: new Date(time + delay).toISOString(),
        },
        ...(random.chance(0.9) ? { user: { name: random.pick(["alice", "bob", "ci-deployer"]) } } : {}),
        ...(random.chance(0.8)
          ? { source: { ip: random.pick(["10.0.0.1", "198.51.100.7", "2001:db8::1"]) } }
          : {}),
        aws: { cloudtrail: { request_parameters: `{instanceId=i-${random.int(1, 5)}}` } },
      },
    };
  });
}

/** What both engines must agree on: an aggregated row's id is its position, and row order without SORT is free. */
function canonical(alert: Alert): string {
  return JSON.stringify([
    alert.execution,
    alert._index,
    alert._index === "" ? "" : alert._id,
    alert.details.columns,
  ]);
}

async function alertsOf(engine: SearchEngine, rule: Record<string, unknown>, executions: Execution[]) {
  const session = await engine.open({ indices: [mappingForIndex(INDEX, openCatalog())], documents: [] });
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

const available = await elasticsearchForTests();
const esql = available.skip
  ? { ok: false as const, message: available.reason }
  : await checkElasticsearchEsql(elasticsearchOptionsFromEnv());
if (!esql.ok) console.warn(`ES|QL differential tests skipped: ${esql.message}`);

describe.skipIf(!esql.ok)("ES|QL rule executions: embedded engine = Elasticsearch", () => {
  const elasticsearch = available.skip ? undefined : (available.engine as ElasticsearchEngine);
  afterAll(async () => {
    await elasticsearch?.close();
  });

  it("raises the same alerts for aggregating and non-aggregating rules", { timeout: 600_000 }, async () => {
    const random = createRandom(seed);
    const memory = createMemoryEngine();
    const disagreements: string[] = [];
    for (let scenario = 0; scenario < 20; scenario++) {
      const events = timeline(random, random.int(5, 40));
      const written = random.pick(RULES);
      const rule = {
        rule_id: `diff-esql-${scenario}`,
        name: written.name,
        description: "differential test rule",
        risk_score: 21,
        severity: "low",
        type: "esql",
        language: "esql",
        query: written.query,
        from: "now-10m",
        interval: "5m",
        max_signals: 100,
        ...(random.chance(0.4) ? { timestamp_override: "event.ingested" } : {}),
      };
      const times = consecutiveExecutions(toExecutableRule(rule), new Date(FIRST_EXECUTION), 2);
      const executions: Execution[] = times.map((startedAt, i) => ({
        startedAt,
        arriving: events
          .filter((e) => e.arrival <= startedAt.getTime() && (i === 0 || e.arrival > times[i - 1].getTime()))
          .map(({ arrival: _arrival, ...document }) => document),
      }));
      const fromElasticsearch = await alertsOf(elasticsearch as ElasticsearchEngine, rule, executions);
      const fromMemory = await alertsOf(memory, rule, executions);
      if (JSON.stringify(fromElasticsearch) !== JSON.stringify(fromMemory)) {
        disagreements.push(
          [
            `scenario ${scenario}: ${written.name}`,
            `  elasticsearch: ${JSON.stringify(fromElasticsearch)}`,
            `  memory:        ${JSON.stringify(fromMemory)}`,
          ].join("\n"),
        );
      }
    }
    expect(
      disagreements.length,
      `${disagreements.length} disagreements (replay with DAC_DIFF_SEED=${seed}):\n${disagreements.slice(0, 3).join("\n")}`,
    ).toBe(0);
  });
});
