/**
 * The project's ES|QL rules on both engines: a differential test embedded vs Elasticsearch where the cluster has
 * ES|QL, and a plain skip (counted, with the reason, exit 0) where it does not, like the Maven-built local node.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkElasticsearch,
  checkElasticsearchEsql,
  elasticsearchOptionsFromEnv,
} from "../../src/engine/elasticsearch/index.js";
import { runDac } from "../support/cli.js";

const ROOT = resolve(import.meta.dirname, "../..");
const ESQL_RULES = [
  "rules/aws_ec2_password_data_many_instances.toml",
  "rules/aws_ec2_password_data_denied_assumed_role.toml",
];
const options = elasticsearchOptionsFromEnv();
const env = { ELASTICSEARCH_URL: options.url };
const cluster = await checkElasticsearch({ ...options, requestTimeoutMs: 5_000 });
const esql = cluster.ok ? await checkElasticsearchEsql(options) : cluster;
if (!esql.ok) console.warn(`ES|QL differential test skipped: ${esql.message}`);

interface JsonTestReport {
  passed: number;
  failed: number;
  differences: unknown[];
  skipped: { file: string; rule: string; case: string; engine: string; reason: string }[];
}

describe("ES|QL rules on Elasticsearch", () => {
  it.skipIf(!esql.ok)("raise the same alerts on the embedded engine and on Elasticsearch", async () => {
    const run = await runDac(["test", ...ESQL_RULES, "--engine", "both", "--format", "json"], {
      cwd: ROOT,
      env,
    });
    const report = JSON.parse(run.stdout) as JsonTestReport;
    expect(report.differences).toEqual([]);
    expect({ code: run.code, failed: report.failed, skipped: report.skipped }).toEqual({
      code: 0,
      failed: 0,
      skipped: [],
    });
  });

  it.skipIf(!cluster.ok || esql.ok)(
    "are skipped per rule with the reason on a cluster without ES|QL, and the run passes",
    async () => {
      const run = await runDac(["test", ...ESQL_RULES, "--engine", "both", "--format", "json"], {
        cwd: ROOT,
        env,
      });
      const report = JSON.parse(run.stdout) as JsonTestReport;
      expect(run.code).toBe(0);
      expect(report.failed).toBe(0);
      expect([...new Set(report.skipped.map((entry) => `${entry.rule} ${entry.engine}`))]).toEqual(
        ESQL_RULES.map((file) => `${file} elasticsearch`),
      );
      expect(report.skipped).toHaveLength(report.passed);
      expect(report.skipped[0].reason).toMatch(/ES\|QL needs Elasticsearch's default distribution/);
      const human = await runDac(["test", ESQL_RULES[0], "--engine", "elasticsearch"], { cwd: ROOT, env });
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/\[elasticsearch\]: 7 cases skipped: ES\|QL needs/);
      expect(human.stdout).toMatch(/^0 passed, 0 failed, 7 skipped$/m);
    },
  );
});
