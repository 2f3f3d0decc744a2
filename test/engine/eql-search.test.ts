/**
 * `SearchSession.eqlSearch` on both engines: the embedded engine answers over the documents it indexed (added
 * between searches too), the Elasticsearch engine sends `_eql/search` — or says clearly that the cluster has no EQL.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  checkElasticsearch,
  createElasticsearchEngine,
  elasticsearchOptionsFromEnv,
} from "../../src/engine/elasticsearch/index.js";
import { createMemoryEngine } from "../../src/engine/memory/index.js";
import {
  type Dataset,
  EngineUnsupportedError,
  type EqlSearchResponse,
  type StoredDocument,
} from "../../src/engine/types.js";

const event = (id: string, time: string, source: Record<string, unknown>): StoredDocument => ({
  _index: "logs-endpoint.events.process-default",
  _id: id,
  _source: { "@timestamp": time, host: { id: "h1" }, ...source },
});

/** Both indices map @timestamp as a date, as the `logs-*-*` index template does. */
const timestamped = (index: string) => ({
  index,
  dynamic: true,
  fields: new Map([["@timestamp", { name: "@timestamp", type: "date", source: "test", aggregatable: true }]]),
});

const dataset: Dataset = {
  indices: [
    timestamped("logs-endpoint.events.process-default"),
    timestamped("logs-endpoint.events.network-default"),
  ],
  documents: [
    event("start", "2025-01-15T10:00:00Z", {
      event: { category: "process" },
      process: { entity_id: "p1", name: "WINWORD.EXE" },
    }),
    event("child", "2025-01-15T10:00:05Z", {
      event: { category: "process" },
      process: { entity_id: "p2", name: "powershell.exe", parent: { entity_id: "p1" } },
    }),
  ],
};

const ids = (response: EqlSearchResponse) => ({
  events: response.hits.events?.map((hit) => hit._id),
  sequences: response.hits.sequences?.map((sequence) => ({
    join_keys: sequence.join_keys,
    events: sequence.events.map((hit) => hit._id),
  })),
});

describe("the embedded engine's eqlSearch", () => {
  const engine = createMemoryEngine({ now: () => Date.parse("2025-01-15T12:00:00Z") });

  it("answers an event query over the session's indices, with the sources", async () => {
    const session = await engine.open(dataset);
    const response = await session.eqlSearch({
      index: ["logs-endpoint.events.*"],
      body: { query: 'process where process.name : "winword.exe"' },
    });
    expect(ids(response).events).toEqual(["start"]);
    expect(response.hits.events?.[0]).toMatchObject({
      _index: "logs-endpoint.events.process-default",
      _source: { process: { name: "WINWORD.EXE" } },
    });
  });

  it("answers sequences with their join keys, and sees documents added after the session opened", async () => {
    const session = await engine.open(dataset);
    const query =
      "sequence by host.id with maxspan=1m [process where true] by process.entity_id [network where true] by process.entity_id";
    const before = await session.eqlSearch({ index: ["logs-*"], body: { query } });
    expect(ids(before).sequences).toEqual([]);
    await session.addDocuments([
      {
        _index: "logs-endpoint.events.network-default",
        _id: "conn",
        _source: {
          "@timestamp": "2025-01-15T10:00:30Z",
          host: { id: "h1" },
          event: { category: "network" },
          process: { entity_id: "p2" },
        },
      },
    ]);
    const after = await session.eqlSearch({ index: ["logs-*"], body: { query } });
    expect(ids(after).sequences).toEqual([{ join_keys: ["h1", "p2"], events: ["child", "conn"] }]);
  });

  it("applies the request's filter and size", async () => {
    const session = await engine.open(dataset);
    const response = await session.eqlSearch({
      index: ["logs-*"],
      body: {
        query: "process where true",
        size: 1,
        filter: { range: { "@timestamp": { gte: "2025-01-15T10:00:01Z" } } },
      },
    });
    expect(ids(response).events).toEqual(["child"]);
  });

  it("gives no hits for patterns that match no index, as Kibana asks (allow_no_indices)", async () => {
    const session = await engine.open(dataset);
    const response = await session.eqlSearch({ index: ["winlogbeat-*"], body: { query: "any where true" } });
    expect(response.hits).toEqual({ total: { value: 0, relation: "eq" }, events: [] });
  });
});

const options = elasticsearchOptionsFromEnv();
const cluster = await checkElasticsearch({ ...options, requestTimeoutMs: 5_000 });
if (!cluster.ok) console.warn(`Elasticsearch eqlSearch tests skipped: ${cluster.message}`);

describe.skipIf(!cluster.ok)("the Elasticsearch engine's eqlSearch", () => {
  const engine = createElasticsearchEngine({ ...options, runPrefix: "dac-eql" });
  afterAll(() => engine.close());

  it("sends _eql/search, or says the cluster has no EQL (an unsupported error, not a crash)", async () => {
    const session = await engine.open(dataset);
    try {
      const response = await session
        .eqlSearch({
          index: ["logs-endpoint.events.*"],
          body: { query: 'process where process.name : "winword.exe"' },
        })
        .catch((error: unknown) => error);
      if (response instanceof Error) {
        expect(response).toBeInstanceOf(EngineUnsupportedError);
        expect((response as EngineUnsupportedError).kind).toBe("unsupported");
        expect(response.message).toMatch(
          /^EQL needs Elasticsearch's default distribution: .*ELASTICSEARCH_URL/,
        );
        console.warn(`this cluster has no EQL: ${response.message}`);
      } else {
        expect(ids(response as EqlSearchResponse).events).toEqual(["start"]);
      }
    } finally {
      await session.close();
    }
  });
});
