/** `dac fields snapshot` against a real cluster (skipped with a notice when none answers at ELASTICSEARCH_URL). */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkElasticsearch, elasticsearchOptionsFromEnv } from "../../src/engine/elasticsearch/index.js";
import { runDac } from "../support/cli.js";

const options = elasticsearchOptionsFromEnv();
const check = await checkElasticsearch({ ...options, requestTimeoutMs: 5_000 });
if (!check.ok) console.warn(`Field snapshot tests skipped: ${check.message}`);

const prefix = `dac-fields-${randomBytes(4).toString("hex")}`;
const env = { ELASTICSEARCH_URL: options.url };

async function request(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${options.url}/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok && method !== "DELETE") throw new Error(`${method} ${path}: ${await response.text()}`);
}

/** Two indices like a custom integration's: the second maps acme.size as keyword where the first says long. */
const APP_A = {
  mappings: {
    properties: {
      "@timestamp": { type: "date" },
      event: { properties: { dataset: { type: "keyword" } } },
      source: { properties: { ip: { type: "ip" } } },
      acme: {
        properties: {
          size: { type: "long" },
          latency: { type: "long" },
          url: { type: "keyword", ignore_above: 1024, fields: { text: { type: "text" } } },
          body: { type: "keyword", index: false },
          labels: { type: "flattened" },
        },
      },
    },
  },
};
const APP_B = { mappings: { properties: { acme: { properties: { size: { type: "keyword" } } } } } };

function rule(query: string): string {
  return `[metadata]
creation_date = "2024/01/01"
integration = ["custom"]
maturity = "production"
updated_date = "2024/01/01"

[rule]
author = ["dac"]
description = "Custom app rule."
from = "now-6m"
index = ["logs-custom.app-*"]
interval = "5m"
language = "kuery"
license = "Elastic License v2"
name = "Custom app rule"
risk_score = 21
rule_id = "0d0c8a3e-6b8c-4f55-9b0e-5f2f4a1e7a11"
severity = "low"
type = "query"
query = '''
${query}
'''
`;
}

describe.skipIf(!check.ok)("dac fields snapshot on a real cluster", () => {
  const project = mkdtempSync(join(tmpdir(), "dac-snapshot-"));
  beforeAll(async () => {
    await request("PUT", `${prefix}-app-a`, APP_A);
    await request("PUT", `${prefix}-app-b`, APP_B);
  });
  afterAll(async () => {
    await request("DELETE", `${prefix}-app-a`);
    await request("DELETE", `${prefix}-app-b`);
  });

  it("writes the indices' fields, keeps conflicting types and reports them", async () => {
    const run = await runDac(
      ["fields", "snapshot", "--index", `${prefix}-app-*`, "--out", "fields/custom-app.yml"],
      {
        cwd: project,
        env,
      },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("wrote fields/custom-app.yml: 2 indices, ");
    expect(run.stdout).toContain(`acme.size: keyword (${prefix}-app-b) vs long (${prefix}-app-a)`);
    const text = readFileSync(join(project, "fields/custom-app.yml"), "utf8");
    expect(text).toContain(
      "- name: acme.url\n  type: keyword\n  ignore_above: 1024\n  multi_fields:\n    - name: text\n      type: text\n",
    );
    expect(text).toContain("- name: acme.body\n  type: keyword\n  index: false\n");
  });

  it("makes the cluster's fields known to rules reading those indices", async () => {
    writeFileSync(join(project, "dac.config.yaml"), "fields:\n  custom.app: [fields/custom-app.yml]\n");
    mkdirSync(join(project, "rules"), { recursive: true });
    writeFileSync(
      join(project, "rules/custom.toml"),
      rule(
        "acme.url:x and acme.labels.team:soc and acme.latency:slow and acme.size:5 and acme.nope:1 and acme.body:y",
      ),
    );
    const run = await runDac(["validate", "--format", "json"], { cwd: project, env });
    const findings = JSON.parse(run.stdout).findings.map(
      (f: { code: string; severity: string; message: string }) =>
        `${f.severity} ${f.code} ${f.message.split(" ")[0]}`,
    );
    expect(findings).toEqual([
      "error kql-value-type acme.latency",
      "warning field-type-conflict acme.size",
      "error kql-unknown-field unknown",
      "error kql-unsearchable-field acme.body",
    ]);
  });

  it("exits 1 when no index matches", async () => {
    const run = await runDac(["fields", "snapshot", "--index", `${prefix}-none-*`], { cwd: project, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no index matches ${prefix}-none-*`);
  });
});
