/**
 * Differential proof for EQL: random endpoint events and a set of event, sequence and sample queries, each
 * `_eql/search` answered by the embedded engine and by Elasticsearch; the events (or sequences, with their join
 * keys) must be the same, in the same order. Skipped, with the reason printed, when no Elasticsearch answers or
 * the one that does has no EQL (a node built from Maven Central).
 */
import { afterAll, describe, expect, it } from "vitest";
import { openCatalog } from "../../src/catalog/catalog.js";
import { mappingForIndex } from "../../src/catalog/mapping.js";
import type { ElasticsearchEngine } from "../../src/engine/elasticsearch/index.js";
import { createMemoryEngine } from "../../src/engine/memory/index.js";
import {
  type Dataset,
  EngineUnsupportedError,
  type EqlSearchResponse,
  type SearchSession,
  type StoredDocument,
} from "../../src/engine/types.js";
import { elasticsearchForTests } from "./harness.js";
import { createRandom, runSeed } from "./random.js";

const seed = runSeed();
const INDICES = ["logs-endpoint.events.process-default", "logs-endpoint.events.network-default"];
const START = Date.parse("2025-01-15T10:00:00Z");

/** Endpoint-shaped events, one second apart (no timestamp ties, so the order is Elasticsearch's without a tiebreaker). */
function generateEvents(count: number): StoredDocument[] {
  const random = createRandom(seed);
  const names = ["powershell.exe", "cmd.exe", "WINWORD.EXE", "rundll32.exe", "Explorer.EXE"];
  const parents = ["winword.exe", "excel.exe", "explorer.exe", "services.exe"];
  return Array.from({ length: count }, (_, i) => {
    const network = random.chance(0.4);
    const source: Record<string, unknown> = {
      "@timestamp": new Date(START + i * 1000 + random.int(0, 999)).toISOString(),
      event: network
        ? {
            category: ["network"],
            type: ["start"],
            action: random.pick(["connection_attempted", "disconnect_received"]),
          }
        : { category: ["process"], type: [random.pick(["start", "end"])], action: "start" },
      host: { id: random.pick(["h1", "h2", "h3"]) },
      process: {
        entity_id: `p${random.int(1, 6)}`,
        name: random.pick(names),
        pid: random.int(1, 5000),
        ...(random.chance(0.8) ? { parent: { name: random.pick(parents) } } : {}),
        ...(random.chance(0.5)
          ? { args: random.sample(["-enc", "-nop", "/c", "-w", "hidden"], random.int(1, 3)) }
          : {}),
      },
    };
    if (network) {
      source.destination = {
        ip: random.pick(["10.0.0.5", "203.0.113.10", "192.168.1.1", "198.51.100.7", "2001:db8::1"]),
        port: random.pick([80, 443, 445, 8080]),
      };
    }
    return { _index: INDICES[network ? 1 : 0], _id: `e${i}`, _source: source };
  });
}

const QUERIES = [
  'process where process.name == "cmd.exe"',
  'process where process.name : "power*"',
  'process where process.name like~ "*.EXE"',
  'process where process.name in~ ("winword.exe", "CMD.EXE")',
  'process where process.args : ("-enc", "-w") and process.pid > 2500',
  'any where not process.parent.name : "w*"',
  "process where process.parent.name == null",
  'network where cidrMatch(destination.ip, "10.0.0.0/8", "192.168.0.0/16")',
  'network where destination.port in (443, 8080) and not cidrMatch(destination.ip, "203.0.113.0/24")',
  'process where startsWith~(process.name, "WIN") or endsWith(process.name, ".exe")',
  'process where length(process.name) > 8 and stringContains~(process.name, "SHELL")',
  "process where process.pid % 7 == 3",
  'process where substring(process.name, 0, 3) == "cmd"',
  "process where true | head 5",
  "network where true | tail 4",
  'sequence by host.id with maxspan=30s [process where event.type == "start"] [network where true]',
  "sequence by host.id, process.entity_id [process where true] [network where true]",
  'sequence by host.id with maxspan=1m [process where process.name : "cmd.exe"] [process where true] [network where true]',
  'sequence by host.id [process where event.type == "start"] by process.entity_id [network where true] by process.entity_id until [process where event.type == "end"] by process.entity_id',
  "sequence by host.id with maxspan=20s [process where true] with runs=2 [network where true]",
  "sequence by host.id with maxspan=10s [process where true] ![network where destination.port == 445] [network where true]",
  "sample by host.id [process where true] [network where true]",
];

function outcome(response: EqlSearchResponse): unknown {
  const ids = (events: { _id: string; missing?: boolean }[]) =>
    events.map((event) => (event.missing ? "-" : event._id));
  if (response.hits.events) return ids(response.hits.events);
  return (response.hits.sequences ?? []).map((sequence) => ({
    keys: sequence.join_keys,
    events: ids(sequence.events),
  }));
}

async function answer(session: SearchSession, query: string): Promise<unknown> {
  try {
    return outcome(
      await session.eqlSearch({ index: ["logs-endpoint.events.*"], body: { query, size: 200 } }),
    );
  } catch (error) {
    return { error: (error as Error).message.split("\n")[0] };
  }
}

const catalog = openCatalog();
const dataset: Dataset = {
  indices: INDICES.map((index) => mappingForIndex(index, catalog)),
  documents: generateEvents(300),
};

/** Elasticsearch with EQL, or why these tests cannot run. */
async function eqlCluster(): Promise<
  { engine: ElasticsearchEngine; session: SearchSession } | { reason: string }
> {
  const available = await elasticsearchForTests();
  if (available.skip) return { reason: available.reason };
  const session = await available.engine.open(dataset);
  try {
    await session.eqlSearch({
      index: ["logs-endpoint.events.*"],
      body: { query: "any where true", size: 1 },
    });
    return { engine: available.engine, session };
  } catch (error) {
    await session.close();
    await available.engine.close();
    if (error instanceof EngineUnsupportedError) return { reason: error.message };
    throw error;
  }
}

const cluster = await eqlCluster();
if ("reason" in cluster) console.warn(`EQL differential tests skipped: ${cluster.reason}`);

describe.skipIf("reason" in cluster)("EQL: embedded engine = Elasticsearch", () => {
  afterAll(async () => {
    if ("session" in cluster) {
      await cluster.session.close();
      await cluster.engine.close();
    }
  });

  it("gives the same events and sequences, in the same order, for every query", {
    timeout: 300_000,
  }, async () => {
    if (!("session" in cluster)) return;
    console.log(`EQL differential seed ${seed} (DAC_DIFF_SEED=${seed} replays)`);
    const memory = await createMemoryEngine().open(dataset);
    const disagreements: string[] = [];
    for (const query of QUERIES) {
      const [embedded, elasticsearch] = [await answer(memory, query), await answer(cluster.session, query)];
      if (JSON.stringify(embedded) !== JSON.stringify(elasticsearch)) {
        disagreements.push(
          `${query}\n  embedded:      ${JSON.stringify(embedded)}\n  elasticsearch: ${JSON.stringify(elasticsearch)}`,
        );
      }
    }
    expect(disagreements).toEqual([]);
  });
});
