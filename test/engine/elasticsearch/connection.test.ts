import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkElasticsearch,
  createElasticsearchEngine,
  ElasticsearchEngineError,
  elasticsearchOptionsFromEnv,
} from "../../../src/engine/elasticsearch/index.js";

describe("elasticsearchOptionsFromEnv", () => {
  it("reads the connection variables and defaults to the local node", () => {
    expect(elasticsearchOptionsFromEnv({})).toEqual({ url: "http://127.0.0.1:9200" });
    expect(
      elasticsearchOptionsFromEnv({
        ELASTICSEARCH_URL: "https://es.example:9243",
        ELASTICSEARCH_API_KEY: "a2V5",
        ELASTICSEARCH_USERNAME: "elastic",
        ELASTICSEARCH_PASSWORD: "s3cret",
        ELASTICSEARCH_CA: "/etc/ca.pem",
      }),
    ).toEqual({
      url: "https://es.example:9243",
      apiKey: "a2V5",
      username: "elastic",
      password: "s3cret",
      caFile: "/etc/ca.pem",
    });
  });
});

const dataset = { indices: [], documents: [] };

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("connection failures", () => {
  it("says how to start a node when nothing listens, without waiting", async () => {
    const started = performance.now();
    const engine = createElasticsearchEngine({ url: "http://127.0.0.1:9", requestTimeoutMs: 5_000 });
    const error = await failureOf(engine.open(dataset));
    expect(error).toBeInstanceOf(ElasticsearchEngineError);
    expect(error.message).toMatch(
      /^Elasticsearch at http:\/\/127\.0\.0\.1:9: connecting failed: cannot connect/,
    );
    expect(error.message).toContain("npm run es:start");
    expect(error.message).toContain("ELASTICSEARCH_URL");
    expect(performance.now() - started).toBeLessThan(4_000);
    await engine.close();
  });

  it("gives up on a server that does not answer after the timeout", async () => {
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const result = await checkElasticsearch({ url: `http://127.0.0.1:${port}`, requestTimeoutMs: 300 });
      expect(result).toEqual({ ok: false, message: expect.stringContaining("no answer within 300 ms") });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("reports refused credentials without repeating them", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(401, { "content-type": "application/json", "x-elastic-product": "Elasticsearch" });
      response.end(
        JSON.stringify({
          error: { type: "security_exception", reason: "unable to authenticate" },
          status: 401,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const result = await checkElasticsearch({
        url: `http://elastic:hunter2@127.0.0.1:${port}`,
        username: "elastic",
        password: "hunter22",
      });
      expect(result.ok).toBe(false);
      const message = (result as { message: string }).message;
      expect(message).toContain("authentication failed (401)");
      expect(message).toContain(`http://127.0.0.1:${port}`);
      expect(message).not.toContain("hunter2");
    } finally {
      server.close();
    }
  });

  it("names a missing CA file and a malformed URL", async () => {
    const missingCa = await failureOf(
      createElasticsearchEngine({ caFile: join(tmpdir(), "dac-no-such-ca.pem") }).open(dataset),
    );
    expect(missingCa.message).toContain("cannot read the CA certificate ELASTICSEARCH_CA=");
    const badUrl = await failureOf(createElasticsearchEngine({ url: "not a url" }).open(dataset));
    expect(badUrl.message).toContain("ELASTICSEARCH_URL is not a URL");
    const ca = join(tmpdir(), "dac-empty-ca.pem");
    writeFileSync(ca, "");
    expect((await checkElasticsearch({ url: "http://127.0.0.1:9", caFile: ca })).ok).toBe(false);
  });
});
