/** The engine against a real cluster (skipped with a notice when none answers at ELASTICSEARCH_URL). */
import { afterAll, describe, expect, it } from "vitest";
import { openCatalog } from "../../../src/catalog/catalog.js";
import { mappingForIndex } from "../../../src/catalog/mapping.js";
import type { FieldSpec, IndexMapping } from "../../../src/catalog/types.js";
import {
  checkElasticsearch,
  createElasticsearchEngine,
  DocumentRejectedError,
  ElasticsearchEngineError,
  elasticsearchOptionsFromEnv,
} from "../../../src/engine/elasticsearch/index.js";
import type { StoredDocument } from "../../../src/engine/types.js";

const options = elasticsearchOptionsFromEnv();
const check = await checkElasticsearch({ ...options, requestTimeoutMs: 5_000 });
if (!check.ok) console.warn(`Elasticsearch engine tests skipped: ${check.message}`);

const CLOUDTRAIL = "logs-aws.cloudtrail-default";
const catalog = openCatalog();

function event(id: string, source: Record<string, unknown>, index = CLOUDTRAIL): StoredDocument {
  return { _index: index, _id: id, _source: { "@timestamp": "2024-01-01T00:00:00Z", ...source } };
}

async function clusterIndices(prefix: string): Promise<string[]> {
  const response = await fetch(`${options.url}/_cat/indices/${prefix}*?format=json&expand_wildcards=all`);
  return ((await response.json()) as { index: string }[]).map((entry) => entry.index);
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe.skipIf(!check.ok)("Elasticsearch engine on a real cluster", () => {
  // One prefix per test process: engineers sharing the cluster run this file at the same time.
  const runPrefix = `dac-enginetest-${process.pid}`;
  const engine = createElasticsearchEngine({ ...options, runPrefix });
  afterAll(() => engine.close());

  it("indexes under a run prefix, answers in fixture names and deletes its indices on close", async () => {
    const session = await engine.open({
      indices: [mappingForIndex(CLOUDTRAIL, catalog)],
      documents: [
        event("a", { event: { action: "GetPasswordData" }, source: { ip: "10.0.0.1" } }),
        event("b", { "event.action": "DescribeInstances", "data_stream.dataset": "aws.cloudtrail" }),
      ],
    });
    expect(await clusterIndices(`${runPrefix}-`)).toHaveLength(1);
    const response = await session.search({
      index: ["logs-aws.cloudtrail*"],
      query: {
        bool: {
          filter: [
            { match: { "data_stream.dataset": "aws.cloudtrail" } },
            { exists: { field: "event.module" } },
          ],
        },
      },
      sort: [{ "@timestamp": { order: "asc", unmapped_type: "date" } }],
      size: 10,
      aggs: {
        actions: { terms: { field: "event.action" } },
        datasets: { terms: { field: "data_stream.dataset" } },
      },
    });
    expect(response.hits.total).toEqual({ value: 2, relation: "eq" });
    expect(response.hits.hits.map((hit) => [hit._index, hit._id])).toEqual([
      [CLOUDTRAIL, "a"],
      [CLOUDTRAIL, "b"],
    ]);
    // The constant the engine may have added is not part of the document as written.
    expect(response.hits.hits[0]._source).toEqual({
      "@timestamp": "2024-01-01T00:00:00Z",
      event: { action: "GetPasswordData" },
      source: { ip: "10.0.0.1" },
    });
    expect(response.hits.hits[1]._source["data_stream.dataset"]).toBe("aws.cloudtrail");
    expect(response.aggregations?.datasets).toMatchObject({
      buckets: [{ key: "aws.cloudtrail", doc_count: 2 }],
    });
    expect(
      (
        await session.search({
          index: ["logs-aws.cloudtrail*"],
          query: { term: { "data_stream.dataset": "other" } },
        })
      ).hits.total.value,
    ).toBe(0);
    await session.close();
    expect(await clusterIndices(`${runPrefix}-`)).toEqual([]);
  });

  it("refuses documents the mapping rejects, naming the document and field, and cleans up", async () => {
    const mapping = mappingForIndex(CLOUDTRAIL, catalog);
    const badIp = await failureOf(
      engine.open({
        indices: [mapping],
        documents: [event("ok", {}), event("bad-ip", { source: { ip: "not-an-ip" } })],
      }),
    );
    expect(badIp).toBeInstanceOf(DocumentRejectedError);
    expect(badIp.message).toMatch(
      /^document \[bad-ip\] in index \[logs-aws\.cloudtrail-default\] was rejected: /,
    );
    expect(badIp.message).toContain("[source.ip]");
    expect(badIp.message).not.toContain("dac-enginetest");
    const otherConstant = await failureOf(
      engine.open({
        indices: [mapping],
        documents: [
          event("w", { data_stream: { dataset: "aws.cloudtrail" } }),
          event("x", { data_stream: { dataset: "aws.guardduty" } }),
        ],
      }),
    );
    expect(otherConstant).toBeInstanceOf(DocumentRejectedError);
    expect(otherConstant.message).toContain(
      "document [x] in index [logs-aws.cloudtrail-default]: failed to parse field [data_stream.dataset] of type [constant_keyword]",
    );
    const twice = await failureOf(
      engine.open({ indices: [mapping], documents: [event("d", {}), event("d", {})] }),
    );
    expect(twice.message).toBe("document [d] appears twice in index [logs-aws.cloudtrail-default]");
    expect(await clusterIndices(`${runPrefix}-`)).toEqual([]);
  });

  it("adds documents to known and new indices and fixes an open constant from the first value", async () => {
    const spec: FieldSpec = {
      name: "team",
      type: "constant_keyword",
      source: "custom:test",
      aggregatable: true,
    };
    const mapping: IndexMapping = {
      index: "custom-events",
      fields: new Map([["team", spec]]),
      dynamic: true,
    };
    const session = await engine.open({ indices: [mapping], documents: [event("1", {}, "custom-events")] });
    try {
      await session.addDocuments([
        event("2", { team: "red" }, "custom-events"),
        event("3", { note: "hello" }, "other-events"),
      ]);
      const red = await session.search({ index: ["custom-*"], query: { term: { team: "red" } } });
      // constant_keyword: once the value is known, every document of the index has it.
      expect(red.hits.hits.map((hit) => hit._id).sort()).toEqual(["1", "2"]);
      expect(red.hits.hits.find((hit) => hit._id === "1")?._source).toEqual({
        "@timestamp": "2024-01-01T00:00:00Z",
      });
      const all = await session.search({ index: ["*"], query: { match: { note: "hello" } } });
      expect(all.hits.hits.map((hit) => `${hit._index}/${hit._id}`)).toEqual(["other-events/3"]);
    } finally {
      await session.close();
    }
  });

  it("explains a rejected search without the run prefix", async () => {
    const session = await engine.open({
      indices: [mappingForIndex(CLOUDTRAIL, catalog)],
      documents: [event("a", {})],
    });
    try {
      const error = await failureOf(
        session.search({ index: ["logs-*"], query: { match: { "source.ip": "not-an-ip" } } }),
      );
      expect(error).toBeInstanceOf(ElasticsearchEngineError);
      expect(error.message).toContain("searching logs-* failed: HTTP 400");
      expect(error.message).toContain("'not-an-ip' is not an IP string literal");
      expect(error.message).not.toContain("dac-enginetest");
      const none = await session.search({ index: ["nothing-*", "missing-index"], query: { match_all: {} } });
      expect(none.hits.total.value).toBe(0);
    } finally {
      await session.close();
    }
  });

  it("reports what it adapted to the cluster", () => {
    for (const notice of engine.notices) expect(notice).toMatch(/→|lacks the type/);
    expect(engine.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
