import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatRuleDocument } from "../../src/schema/toml/write.js";
import { runDac } from "../support/cli.js";
import { type FakeKibana, startFakeKibana } from "./fake-kibana/server.js";
import { queryRule } from "./helpers.js";

/** A key with characters that URL-encoding changes, so every encoded form differs from the raw one. */
const SECRET_KEY = "LEAKCANARY/key+7f3a==";
const FIND = /\/_find$/;
const IMPORT = /\/_import$/;

let kibana: FakeKibana;
let dir: string;
beforeEach(async () => {
  kibana = await startFakeKibana({ apiKeys: [SECRET_KEY] });
  dir = mkdtempSync(join(tmpdir(), "dac-misbehaving-"));
  mkdirSync(join(dir, "rules"));
  const document = {
    metadata: { creation_date: "2024/01/02", updated_date: "2024/03/04", maturity: "production" },
    rule: { ...queryRule(1), author: ["dac tests"], license: "Elastic License v2" },
  };
  writeFileSync(join(dir, "rules", "rule_1.toml"), formatRuleDocument(document));
});
afterEach(async () => {
  await kibana.close();
  rmSync(dir, { recursive: true, force: true });
});

function deploy(args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return runDac(["deploy", ...args], {
    cwd: dir,
    env: { KIBANA_URL: kibana.url, KIBANA_API_KEY: SECRET_KEY, ...env },
  });
}

const writes = () => kibana.requests.filter((r) => r.method !== "GET");

describe("a Kibana answering in the wrong shape", () => {
  it.each([
    ["{}", {}],
    ["[]", []],
    ["a null rule", { page: 1, perPage: 1000, total: 1, data: [null] }],
    ["a rule without ids", { page: 1, perPage: 1000, total: 1, data: [{ name: "x" }] }],
  ])("_find answering 200 with %s: nothing is written, exit 2", async (_, body) => {
    kibana.faults.push({ path: FIND, times: 1, fault: { kind: "status", status: 200, body } });
    const result = await deploy(["--prune"]);
    expect(result.stderr).toContain("unexpected response from Kibana");
    expect(result.stderr).toContain(`${kibana.url}/api/detection_engine/rules/_find?page=1`);
    expect(result.stderr).toContain("HTTP 200");
    expect(result.stderr).not.toContain("Cannot read properties");
    expect(writes()).toEqual([]);
    expect(result.code).toBe(2);
  });

  it("an _import answering 200 {} is not taken for success", async () => {
    kibana.faults.push({ path: IMPORT, times: 5, fault: { kind: "status", status: 200, body: {} } });
    const result = await deploy();
    expect(result.stdout).toContain("unexpected response from Kibana");
    expect(result.stdout).toContain("FAILED");
    expect(result.code).toBe(1);
  });
});

describe("a Kibana that does not answer in time", () => {
  it("a server that never answers fails within the deadline, with a retry progress line", async () => {
    kibana.faults.push({ path: FIND, times: 100, fault: { kind: "hang" } });
    const started = Date.now();
    const result = await deploy(["--request-timeout", "0.3", "--deadline", "2"]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.stderr).toMatch(/retrying in \d+\.\d s, attempt 2\/5/);
    expect(result.stderr).toMatch(/no complete response|deadline passed/);
    expect(result.code).toBe(2);
  });

  it("a server dripping one byte at a time is cut off by the request timeout", async () => {
    kibana.faults.push({ path: FIND, times: 100, fault: { kind: "drip", intervalMs: 100 } });
    const started = Date.now();
    const result = await deploy(["--dry-run"], { DAC_REQUEST_TIMEOUT: "0.5", DAC_DEADLINE: "3" });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.stderr).toMatch(/no complete response|deadline passed/);
    expect(result.code).toBe(2);
  });

  it("timeouts are read from the configuration's environment", async () => {
    writeFileSync(
      join(dir, "dac.config.yaml"),
      `environments:\n  lab:\n    url: ${kibana.url}\n    request_timeout: 0.3\n    deadline: 1.5\n`,
    );
    kibana.faults.push({ path: FIND, times: 100, fault: { kind: "hang" } });
    const started = Date.now();
    const result = await deploy(["--env", "lab", "--dry-run"]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.stderr).toMatch(/no complete response|deadline passed/);
    expect(result.code).toBe(2);
  });

  it("a timeout that is not a positive number is a usage error", async () => {
    const result = await deploy(["--deadline", "soon"]);
    expect(result.stderr).toContain('--deadline must be a positive number of seconds, not "soon"');
    expect(result.code).toBe(2);
  });
});

describe("connection failures are usage errors with a hint", () => {
  it("a refused connection is exit 2", async () => {
    const result = await deploy(["--dry-run"], { KIBANA_URL: "http://127.0.0.1:9" });
    expect(result.stderr).toContain("connection refused");
    expect(result.code).toBe(2);
  });

  it("https to an http server says the URL may be http", async () => {
    const result = await deploy(["--dry-run"], { KIBANA_URL: kibana.url.replace("http:", "https:") });
    expect(result.stderr).toContain("TLS handshake failed");
    expect(result.stderr).toContain("is the URL http?");
    expect(result.code).toBe(2);
  });

  it("a 401 names the variable the key came from", async () => {
    const result = await deploy(["--dry-run"], { KIBANA_API_KEY: "wrong-key" });
    expect(result.stdout).toContain("HTTP 401");
    expect(result.stdout).toContain("the API key in KIBANA_API_KEY");
    expect(result.code).toBe(1);
  });

  it("a 401 under --env names the environment and its variable", async () => {
    writeFileSync(
      join(dir, "dac.config.yaml"),
      `environments:\n  prod:\n    url: ${kibana.url}\n    api_key_env: PROD_KIBANA_KEY\n`,
    );
    const result = await deploy(["--env", "prod", "--dry-run"], { PROD_KIBANA_KEY: "wrong-key" });
    expect(result.stdout).toContain("PROD_KIBANA_KEY (named by environment prod in the configuration)");
  });
});

describe("secrets echoed back in encoded form", () => {
  it.each([
    ["as is", (key: string) => key],
    ["URL-encoded", (key: string) => encodeURIComponent(key)],
    ["base64", (key: string) => Buffer.from(key).toString("base64")],
    ["base64, URL-encoded", (key: string) => encodeURIComponent(Buffer.from(key).toString("base64"))],
  ])("a key echoed %s never reaches the output", async (_, encode) => {
    kibana.faults.push({ path: FIND, times: 1, fault: { kind: "echo-credential", status: 400, encode } });
    const result = await deploy(["--dry-run"]);
    const output = result.stdout + result.stderr;
    expect(output).toContain("[REDACTED]");
    expect(output).toContain("rejected credential");
    for (const form of [SECRET_KEY, encode(SECRET_KEY), "LEAKCANARY"]) expect(output).not.toContain(form);
  });
});
