/**
 * The checks an index applies to documents, on both engines (the Elasticsearch one when a cluster answers at
 * ELASTICSEARCH_URL): the same documents are rejected with the same error.
 */
import { afterAll, describe, expect, it } from "vitest";
import { openCatalog } from "../../src/catalog/catalog.js";
import { mappingForIndex } from "../../src/catalog/mapping.js";
import {
  checkElasticsearch,
  createElasticsearchEngine,
  elasticsearchOptionsFromEnv,
} from "../../src/engine/elasticsearch/index.js";
import { createMemoryEngine } from "../../src/engine/memory/index.js";
import type { SearchEngine, StoredDocument } from "../../src/engine/types.js";
import { DacError } from "../../src/errors.js";
import { DocumentRejectedError } from "../../src/semantics/documents.js";

const options = elasticsearchOptionsFromEnv();
const cluster = await checkElasticsearch({ ...options, requestTimeoutMs: 5_000 });
const elasticsearch = cluster.ok
  ? createElasticsearchEngine({ ...options, runPrefix: "dac-doccheck" })
  : undefined;
afterAll(() => elasticsearch?.close());

const engines: SearchEngine[] = [createMemoryEngine(), ...(elasticsearch ? [elasticsearch] : [])];
const catalog = openCatalog();
const CLOUDTRAIL = "logs-aws.cloudtrail-default";

function event(id: string, source: Record<string, unknown>): StoredDocument {
  return { _index: CLOUDTRAIL, _id: id, _source: { "@timestamp": "2024-01-01T00:00:00Z", ...source } };
}

async function rejectionOf(engine: SearchEngine, documents: StoredDocument[]): Promise<unknown> {
  try {
    const session = await engine.open({ indices: [mappingForIndex(CLOUDTRAIL, catalog)], documents });
    await session.close();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.each(engines.map((engine) => [engine.name, engine] as const))(
  "document checks on %s",
  (_, engine) => {
    it("accepts a data_stream.dataset other than the index name when it is the first value", async () => {
      const session = await engine.open({
        indices: [mappingForIndex(CLOUDTRAIL, catalog)],
        documents: [event("guardduty", { data_stream: { dataset: "aws.guardduty" } })],
      });
      try {
        const found = await session.search({
          index: ["logs-*"],
          query: { term: { "data_stream.dataset": "aws.guardduty" } },
        });
        expect(found.hits.hits.map((hit) => hit._id)).toEqual(["guardduty"]);
      } finally {
        await session.close();
      }
    });

    it("rejects a later data_stream value that differs from the first one", async () => {
      const error = await rejectionOf(engine, [
        event("first", { "data_stream.namespace": "prod" }),
        event("second", { "data_stream.namespace": "default" }),
      ]);
      expect(error).toBeInstanceOf(DocumentRejectedError);
      expect((error as DocumentRejectedError).document).toEqual({ _index: CLOUDTRAIL, _id: "second" });
      expect((error as DocumentRejectedError).kind).toBe("rejected");
      expect((error as Error).message).toBe(
        `document [second] in index [${CLOUDTRAIL}]: failed to parse field [data_stream.namespace] of type ` +
          "[constant_keyword]: [constant_keyword] field [data_stream.namespace] only accepts values that are " +
          "equal to the value defined in the mappings [prod], but got [default]",
      );
    });

    it("still rejects an event.dataset other than the integration's preset constant", async () => {
      const error = await rejectionOf(engine, [event("other", { event: { dataset: "aws.guardduty" } })]);
      expect(error).toBeInstanceOf(DocumentRejectedError);
      expect((error as Error).message).toContain("[aws.cloudtrail], but got [aws.guardduty]");
    });

    it("rejects a second document with the same _id, and a value the field cannot hold, with one error class", async () => {
      const twice = await rejectionOf(engine, [event("d", {}), event("d", {})]);
      expect(twice).toBeInstanceOf(DocumentRejectedError);
      expect((twice as Error).message).toBe(`document [d] appears twice in index [${CLOUDTRAIL}]`);
      const badIp = await rejectionOf(engine, [event("bad-ip", { source: { ip: "not-an-ip" } })]);
      expect(badIp).toBeInstanceOf(DocumentRejectedError);
      expect(badIp).toBeInstanceOf(DacError);
      expect((badIp as DocumentRejectedError).document).toEqual({ _index: CLOUDTRAIL, _id: "bad-ip" });
      expect((badIp as Error).message).toContain("[source.ip]");
    });

    it("skips and reports rejected documents when asked, indexing the others", async () => {
      const session = await engine.open({ indices: [mappingForIndex(CLOUDTRAIL, catalog)], documents: [] });
      try {
        const rejected: string[] = [];
        await session.addDocuments(
          [event("ok-1", {}), event("bad", { source: { ip: "x" } }), event("ok-2", {}), event("ok-1", {})],
          { onRejected: (document, error) => rejected.push(`${document._id}: ${error.kind}`) },
        );
        expect(rejected).toEqual(["bad: rejected", "ok-1: rejected"]);
        const all = await session.search({ index: ["logs-*"], query: { match_all: {} } });
        expect(all.hits.hits.map((hit) => hit._id).sort()).toEqual(["ok-1", "ok-2"]);
      } finally {
        await session.close();
      }
    });
  },
);
