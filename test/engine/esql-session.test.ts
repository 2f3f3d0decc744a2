/** SearchSession.esqlQuery on both engines; the Elasticsearch part needs a cluster (and says when it has no ES|QL). */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { openCatalog } from "../../src/catalog/catalog.js";
import { mappingForIndex } from "../../src/catalog/mapping.js";
import { createClient } from "../../src/engine/elasticsearch/connection.js";
import { sendEsqlQuery, withPrefixedSources } from "../../src/engine/elasticsearch/esql.js";
import {
  checkElasticsearch,
  checkElasticsearchEsql,
  createElasticsearchEngine,
  elasticsearchOptionsFromEnv,
} from "../../src/engine/elasticsearch/index.js";
import { memoryEngine } from "../../src/engine/memory/index.js";
import type { SearchEngine, StoredDocument } from "../../src/engine/types.js";
import { DacError } from "../../src/errors.js";

const CLOUDTRAIL = "logs-aws.cloudtrail-default";
const catalog = openCatalog();

function call(id: string, time: string, ip: string, action = "GetPasswordData"): StoredDocument {
  return {
    _index: CLOUDTRAIL,
    _id: id,
    _source: { "@timestamp": time, event: { action }, source: { ip } },
  };
}

const DOCUMENTS = [
  call("early", "2025-01-15T11:00:00Z", "198.51.100.7"),
  call("late", "2025-01-15T11:58:00Z", "198.51.100.8"),
  call("other", "2025-01-15T11:59:00Z", "198.51.100.9", "DescribeInstances"),
];

const QUERY = `FROM logs-aws.cloudtrail-* METADATA _id, _index
| WHERE event.action == "GetPasswordData"
| KEEP _id, _index, source.ip, event.dataset
| SORT _id`;

const RANGE = { range: { "@timestamp": { gte: "2025-01-15T11:30:00Z" } } };

async function sessionOf(engine: SearchEngine) {
  return engine.open({ indices: [mappingForIndex(CLOUDTRAIL, catalog)], documents: DOCUMENTS });
}

describe("ES|QL on the embedded engine", () => {
  it("runs the query over the documents the filter keeps, with the index's mapped types", async () => {
    const session = await sessionOf(memoryEngine);
    const response = await session.esqlQuery({ query: QUERY, filter: RANGE });
    expect(response.columns).toEqual([
      { name: "_id", type: "keyword" },
      { name: "_index", type: "keyword" },
      { name: "source.ip", type: "ip" },
      { name: "event.dataset", type: "keyword" },
    ]);
    // event.dataset is the integration's constant_keyword: every document of the data stream has it
    expect(response.values).toEqual([["late", CLOUDTRAIL, "198.51.100.8", "aws.cloudtrail"]]);
  });

  it("sees documents added after the session opened", async () => {
    const session = await sessionOf(memoryEngine);
    await session.addDocuments([call("added", "2025-01-15T11:59:30Z", "198.51.100.10")]);
    const response = await session.esqlQuery({ query: QUERY, filter: RANGE });
    expect(response.values.map((row) => row[0])).toEqual(["added", "late"]);
  });

  it("refuses a query Elasticsearch would refuse, as a rejected query", async () => {
    const session = await sessionOf(memoryEngine);
    const error = await session
      .esqlQuery({ query: "FROM logs-aws.cloudtrail-* | WHERE nope > 1" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(DacError);
    expect(error).toMatchObject({
      kind: "rejected",
      message: expect.stringMatching(/Unknown column \[nope\]/),
    });
  });
});

describe("the session's index prefix in an ES|QL query", () => {
  it("goes before every FROM source, exclusions and quoted patterns included, and not before a remote index", () => {
    expect(withPrefixedSources('FROM logs-*, "a-*,-a-x", remote:logs-* METADATA _id | KEEP _id', "p-")).toBe(
      'FROM p-logs-*, "p-a-*,-p-a-x", remote:logs-* METADATA _id | KEEP _id',
    );
  });

  it("leaves a query that does not parse to the cluster's own error", () => {
    expect(withPrefixedSources("FROM logs-* | WHERE", "p-")).toBe("FROM logs-* | WHERE");
  });
});

/** A cluster answering `POST /_query` as the node built from Maven Central does: the route is an index's. */
async function withoutEsql<T>(run: (url: string) => Promise<T>): Promise<T> {
  const server = createServer((request, response) => {
    const headers = { "content-type": "application/json", "x-elastic-product": "Elasticsearch" };
    if (request.method === "POST" && request.url?.startsWith("/_query")) {
      response.writeHead(405, headers);
      response.end(
        JSON.stringify({
          error:
            "Incorrect HTTP method for uri [/_query] and method [POST], allowed: [GET, PUT, DELETE, HEAD]",
          status: 405,
        }),
      );
      return;
    }
    response.writeHead(200, headers);
    response.end(JSON.stringify({ version: { number: "9.5.4" }, tagline: "You Know, for Search" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe("a cluster without ES|QL", () => {
  it("is detected from its answer to POST /_query", async () => {
    const check = await withoutEsql((url) => checkElasticsearchEsql({ url }));
    expect(check).toEqual({
      ok: false,
      message: expect.stringMatching(/^ES\|QL needs Elasticsearch's default distribution .*HTTP 405/),
    });
  });
});

describe("a cluster's _query answer", () => {
  it("comes back under the fixture's index names, with the Warning headers' texts", async () => {
    let body: { query?: string; filter?: unknown } = {};
    const server = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk) => {
        text += chunk;
      });
      request.on("end", () => {
        body = JSON.parse(text);
        // two Warning headers, as Elasticsearch sends one per warning
        response.setHeader("warning", [
          '299 Elasticsearch-9.5.4 "Line 3:9: evaluation of [TO_LOWER(user.name)] failed, treating result as null. Only first 20 failures recorded."',
          '299 Elasticsearch-9.5.4 "Line 3:9: java.lang.IllegalArgumentException: single-value function encountered multi-value"',
        ]);
        response.writeHead(200, { "content-type": "application/json", "x-elastic-product": "Elasticsearch" });
        response.end(
          JSON.stringify({
            columns: [
              { name: "_index", type: "keyword" },
              { name: "n", type: "long" },
            ],
            values: [["dac-test-1234-logs-x", 2]],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = createClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      const response = await sendEsqlQuery(client, "dac-test-1234-", {
        query: "FROM logs-* METADATA _index | STATS n = COUNT(*) BY _index",
        filter: RANGE,
      });
      expect(body).toEqual({
        query: "FROM dac-test-1234-logs-* METADATA _index | STATS n = COUNT(*) BY _index",
        filter: RANGE,
      });
      expect(response).toEqual({
        columns: [
          { name: "_index", type: "keyword" },
          { name: "n", type: "long" },
        ],
        values: [["logs-x", 2]],
        warnings: [
          "Line 3:9: evaluation of [TO_LOWER(user.name)] failed, treating result as null. Only first 20 failures recorded.",
          "Line 3:9: java.lang.IllegalArgumentException: single-value function encountered multi-value",
        ],
      });
    } finally {
      await client.close();
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("a query the cluster refuses", () => {
  it("is a rejected query with the cluster's reason, under the fixture's index names", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(400, { "content-type": "application/json", "x-elastic-product": "Elasticsearch" });
      response.end(
        JSON.stringify({
          error: {
            type: "verification_exception",
            reason: "Found 1 problem\nline 1:6: Unknown index [dac-test-1234-logs-nothing*]",
          },
          status: 400,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = createClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      const error = await sendEsqlQuery(client, "dac-test-1234-", { query: "FROM logs-nothing*" }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(DacError);
      expect(error.kind).toBe("rejected");
      expect(error.message).toBe(
        "Elasticsearch refused the ES|QL query: verification_exception: Found 1 problem; line 1:6: Unknown index [logs-nothing*]",
      );
    } finally {
      await client.close();
      server.closeAllConnections();
      server.close();
    }
  });
});

const options = elasticsearchOptionsFromEnv();
const cluster = await checkElasticsearch({ ...options, requestTimeoutMs: 5_000 });
const esql = cluster.ok ? await checkElasticsearchEsql(options) : cluster;
if (!cluster.ok) console.warn(`ES|QL session tests on Elasticsearch skipped: ${cluster.message}`);

describe.skipIf(!cluster.ok)("ES|QL on Elasticsearch", () => {
  it.skipIf(esql.ok)("says plainly that a cluster without ES|QL cannot run the query", async () => {
    const engine = createElasticsearchEngine(options);
    const session = await sessionOf(engine);
    try {
      const error = await session.esqlQuery({ query: QUERY }).catch((e) => e);
      expect(error).toBeInstanceOf(DacError);
      expect(error.kind).toBe("unsupported");
      expect(error.message).toMatch(/^ES\|QL needs Elasticsearch's default distribution .*ELASTICSEARCH_URL/);
    } finally {
      await session.close();
      await engine.close();
    }
  });

  it.skipIf(!esql.ok)("answers like the embedded engine, under the fixture's index names", async () => {
    const engine = createElasticsearchEngine(options);
    const session = await sessionOf(engine);
    try {
      const response = await session.esqlQuery({ query: QUERY, filter: RANGE });
      const local = await (await sessionOf(memoryEngine)).esqlQuery({ query: QUERY, filter: RANGE });
      expect(response.values).toEqual(local.values);
    } finally {
      await session.close();
      await engine.close();
    }
  });
});
