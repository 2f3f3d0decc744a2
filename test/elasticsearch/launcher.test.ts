import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client } from "@elastic/elasticsearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIELD_TYPE_PROBES, probeElasticsearch } from "../../tools/local-elasticsearch/probe.mjs";

// A port of its own, so this test neither reuses nor stops a node started for the rest of the suite.
const PORT = "9250";
const URL = `http://127.0.0.1:${PORT}`;
const TOOL = join(import.meta.dirname, "../../tools/local-elasticsearch");

interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function runScript(name: string, port = PORT): Promise<ScriptRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)("bash", [join(TOOL, name)], {
      env: { ...process.env, ES_PORT: port },
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("local Elasticsearch launcher", () => {
  let client: Client;
  let firstStart: ScriptRun;

  beforeAll(async () => {
    firstStart = await runScript("start.sh");
    client = new Client({ node: URL, requestTimeout: 30_000 });
  }, 300_000);

  afterAll(async () => {
    await client?.close();
    await runScript("stop.sh");
  }, 60_000);

  it("starts a node and prints a ready line with its URL", () => {
    expect(firstStart.stderr).toBe("");
    expect(firstStart.code).toBe(0);
    expect(firstStart.stdout).toMatch(new RegExp(`ready at ${URL} after [0-9.]+s`));
  });

  it("serves the official client, including info() and ping()", async () => {
    const info = await client.info();
    expect(info.version.number).toMatch(/^9\./);
    expect(await client.ping()).toBe(true);
    const health = await client.cluster.health({ wait_for_status: "yellow" });
    expect(health.number_of_nodes).toBe(1);
    const response = await fetch(`${URL}/_cluster/health`);
    expect(response.headers.get("x-elastic-product")).toBe("Elasticsearch");
  });

  it("does nothing when a node already answers on the port", async () => {
    const again = await runScript("start.sh");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already answers");
  });

  it("reports each field type as supported or not, with a reason, and leaves no index behind", async () => {
    const result = await probeElasticsearch(client, "dac-launcher-test");
    expect(result.version).toMatch(/^9\./);
    for (const type of Object.keys(FIELD_TYPE_PROBES)) {
      expect(typeof result.supported[type]).toBe("boolean");
      if (!result.supported[type]) expect(result.reasons[type]).toBeTruthy();
    }
    for (const core of ["keyword", "text", "ip", "long", "date", "nested", "flattened", "query_string"]) {
      expect(result.supported[core]).toBe(true);
    }
    const left = await client.cat.indices({ index: "dac-launcher-test*", format: "json" });
    expect(left).toEqual([]);
  });

  it("refuses a port held by something that is not Elasticsearch", async () => {
    const server: Server = createServer((_req, res) => res.end("hello"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = String((server.address() as AddressInfo).port);
      const run = await runScript("start.sh", port);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`port ${port} is in use by something that is not Elasticsearch`);
    } finally {
      server.close();
    }
  });

  it("stops the node, and stopping again is harmless", async () => {
    expect((await runScript("stop.sh")).code).toBe(0);
    expect((await runScript("status.sh")).code).toBe(3);
    const again = await runScript("stop.sh");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("not running");
  });
});
