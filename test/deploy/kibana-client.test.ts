import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nodeTransport } from "../../src/deploy/http.js";
import {
  createKibanaClient,
  KibanaApiError,
  KibanaUnreachableError,
  OutcomeUnknownError,
} from "../../src/deploy/kibana-client.js";
import { type FakeKibana, startFakeKibana } from "./fake-kibana/server.js";
import { API_KEY, connection, queryRule, testClient } from "./helpers.js";

let kibana: FakeKibana;
beforeEach(async () => {
  kibana = await startFakeKibana({ spaces: ["soc"], apiKeys: [API_KEY] });
});
afterEach(async () => {
  await kibana.close();
});

describe("Kibana client requests", () => {
  it("sends the version header always, kbn-xsrf on writes, the ApiKey header and the space prefix", async () => {
    const client = testClient(kibana.url);
    await client.importRules("soc", [queryRule(1)]);
    await client.findRules("soc");
    const [write, read] = kibana.requests;
    expect(write).toMatchObject({
      method: "POST",
      space: "soc",
      path: "/api/detection_engine/rules/_import",
    });
    expect(write.headers["kbn-xsrf"]).toBe("true");
    expect(write.headers["elastic-api-version"]).toBe("2023-10-31");
    expect(write.headers.authorization).toBe(`ApiKey ${API_KEY}`);
    expect(read.headers["kbn-xsrf"]).toBeUndefined();
    expect(read.headers["elastic-api-version"]).toBe("2023-10-31");
    expect(kibana.rules("soc")).toHaveLength(1);
    expect(kibana.rules("default")).toHaveLength(0);
  });

  it("uses Basic auth when given a user", async () => {
    await kibana.close();
    kibana = await startFakeKibana({ users: { deployer: "s3cret-pass" } });
    const client = createKibanaClient(
      { ...connection(kibana.url), auth: { kind: "basic", username: "deployer", password: "s3cret-pass" } },
      { transport: nodeTransport() },
    );
    expect(await client.findRules("default")).toEqual([]);
  });

  it("reads every page of _find", async () => {
    const client = testClient(kibana.url);
    const rules = Array.from({ length: 2500 }, (_, i) => queryRule(i));
    await client.importRules("default", rules.slice(0, 1000));
    await client.importRules("default", rules.slice(1000, 2000));
    await client.importRules("default", rules.slice(2000));
    kibana.requests.length = 0;
    const found = await client.findRules("default");
    expect(found).toHaveLength(2500);
    expect(new Set(found.map((r) => r.rule_id)).size).toBe(2500);
    expect(kibana.requests.map((r) => r.path)).toEqual(Array(3).fill("/api/detection_engine/rules/_find"));
  });

  it("returns undefined for a missing rule but fails on an unknown space", async () => {
    const client = testClient(kibana.url);
    expect(await client.getRule("default", "nope")).toBeUndefined();
    await expect(client.getRule("unknown-space", "nope")).rejects.toMatchObject({ status: 404 });
  });

  it("reports Kibana's 401 message and never the key", async () => {
    const client = createKibanaClient(
      { ...connection(kibana.url), auth: { kind: "apiKey", apiKey: "d3JvbmctaWQ6d3Jvbmcta2V5" } },
      { transport: nodeTransport() },
    );
    const error = await client.findRules("default").catch((e) => e);
    expect(error).toBeInstanceOf(KibanaApiError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/unable to authenticate/);
    expect(error.message).not.toContain("d3JvbmctaWQ6d3Jvbmcta2V5");
  });

  it("rejects invalid space ids before sending anything", async () => {
    const client = testClient(kibana.url);
    await expect(client.findRules("../etc")).rejects.toThrow(/invalid space id/);
    expect(kibana.requests).toHaveLength(0);
  });

  it("returns per-rule import errors with Kibana's reason", async () => {
    const client = testClient(kibana.url);
    const result = await client.importRules("default", [
      queryRule(1),
      queryRule(2, {
        actions: [{ action_type_id: ".slack", id: "no-such-connector", params: { message: "x" } }],
      }),
    ]);
    expect(result.success_count).toBe(1);
    expect(result.errors).toEqual([
      {
        rule_id: "rule-0002",
        error: {
          status_code: 404,
          message: "Rule actions reference the following missing action IDs: no-such-connector",
        },
      },
    ]);
  });
});

describe("Kibana client retries", () => {
  it("honours Retry-After on 429, then succeeds", async () => {
    const sleeps: number[] = [];
    kibana.faults.push({ path: /_find/, times: 2, fault: { kind: "status", status: 429, retryAfter: "3" } });
    expect(await testClient(kibana.url, sleeps).findRules("default")).toEqual([]);
    expect(sleeps).toEqual([3000, 3000]);
    expect(kibana.requests).toHaveLength(3);
  });

  it("backs off exponentially with jitter on 502/503/504", async () => {
    const sleeps: number[] = [];
    kibana.faults.push({ path: /_find/, times: 3, fault: { kind: "status", status: 503 } });
    await testClient(kibana.url, sleeps).findRules("default");
    // random() is 0.5 in tests: half of 500, 1000, 2000 ms.
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it("gives up after the last attempt and reports the status", async () => {
    kibana.faults.push({ path: /_find/, times: 10, fault: { kind: "status", status: 502 } });
    const error = await testClient(kibana.url)
      .findRules("default")
      .catch((e) => e);
    expect(error).toBeInstanceOf(KibanaApiError);
    expect(error.status).toBe(502);
    expect(kibana.requests).toHaveLength(5);
  });

  it("retries an idempotent read after a dropped connection", async () => {
    kibana.faults.push({ path: /_find/, times: 1, fault: { kind: "drop" } });
    expect(await testClient(kibana.url).findRules("default")).toEqual([]);
    expect(kibana.requests).toHaveLength(2);
  });

  it("times out a request that gets no answer, then retries", async () => {
    kibana.faults.push({ path: /_find/, times: 1, fault: { kind: "hang" } });
    const started = Date.now();
    expect(await testClient(kibana.url, [], 300).findRules("default")).toEqual([]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("retries an import whose response was lost (overwrite makes it idempotent)", async () => {
    kibana.faults.push({ path: /_import/, times: 1, fault: { kind: "applied-lost" } });
    const result = await testClient(kibana.url).importRules("default", [queryRule(1)]);
    expect(result.success).toBe(true);
    expect(kibana.rules()).toHaveLength(1);
    expect(kibana.requests.filter((r) => r.path.endsWith("_import"))).toHaveLength(2);
  });

  it("never resends a bulk delete whose response was lost", async () => {
    const client = testClient(kibana.url);
    await client.importRules("default", [queryRule(1)]);
    const id = String(kibana.rules()[0].id);
    kibana.faults.push({ path: /_bulk_action/, times: 1, fault: { kind: "applied-lost" } });
    await expect(client.deleteRules("default", [id])).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(kibana.requests.filter((r) => r.path.endsWith("_bulk_action"))).toHaveLength(1);
    expect(kibana.rules()).toHaveLength(0);
  });

  it("does retry a bulk delete answered with 429 (not processed)", async () => {
    const client = testClient(kibana.url);
    await client.importRules("default", [queryRule(1)]);
    kibana.faults.push({ path: /_bulk_action/, times: 1, fault: { kind: "status", status: 429 } });
    const result = await client.deleteRules("default", [String(kibana.rules()[0].id)]);
    expect(result.deleted).toHaveLength(1);
  });

  it("reports an unreachable Kibana after retries", async () => {
    const url = kibana.url;
    await kibana.close();
    const sleeps: number[] = [];
    const error = await testClient(url, sleeps)
      .findRules("default")
      .catch((e) => e);
    expect(error).toBeInstanceOf(KibanaUnreachableError);
    expect(error.message).toMatch(/connection refused/);
    expect(sleeps).toHaveLength(4);
    kibana = await startFakeKibana();
  });
});
