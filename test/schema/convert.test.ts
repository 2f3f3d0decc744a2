import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import {
  apiPathToTomlPath,
  apiRuleToToml,
  tomlLayoutIssues,
  tomlRuleToApi,
  withApiDefaults,
} from "../../src/schema/convert.js";
import { validateRuleCreate } from "../../src/schema/validate-rule.js";

const newTermsToml = parse(`
[rule]
name = "New role fetching admin passwords"
description = "d"
risk_score = 47
severity = "medium"
type = "new_terms"
query = "event.action:GetPasswordData"

[rule.new_terms]
field = "new_terms_fields"
value = ["aws.cloudtrail.user_identity.session_context.session_issuer.arn"]
[[rule.new_terms.history_window_start]]
field = "history_window_start"
value = "now-7d"
`).rule as Record<string, unknown>;

describe("tomlRuleToApi", () => {
  it("turns the new_terms table into new_terms_fields and history_window_start", () => {
    expect(tomlRuleToApi(newTermsToml)).toEqual({
      name: "New role fetching admin passwords",
      description: "d",
      risk_score: 47,
      severity: "medium",
      type: "new_terms",
      query: "event.action:GetPasswordData",
      new_terms_fields: ["aws.cloudtrail.user_identity.session_context.session_issuer.arn"],
      history_window_start: "now-7d",
    });
  });

  it("passes every other key through unchanged", () => {
    const table = { type: "threshold", threshold: { field: ["host.id"], value: 2 }, meta: { a: 1 } };
    expect(tomlRuleToApi(table)).toEqual(table);
  });
});

describe("apiRuleToToml", () => {
  it("is the inverse of tomlRuleToApi", () => {
    expect(apiRuleToToml(tomlRuleToApi(newTermsToml))).toEqual(newTermsToml);
  });

  it("drops what the server generates and keeps everything else", () => {
    const response = {
      ...tomlRuleToApi(newTermsToml),
      id: "5f0b",
      created_at: "2024-04-10T00:00:00Z",
      created_by: "elastic",
      updated_at: "2024-04-10T00:00:00Z",
      updated_by: "elastic",
      revision: 0,
      immutable: false,
      rule_source: { type: "internal" },
      execution_summary: { last_execution: {} },
      required_fields: [{ name: "user.name", type: "keyword", ecs: true }],
      language: "kuery",
      enabled: false,
    };
    const table = apiRuleToToml(response);
    expect(Object.keys(table)).not.toEqual(expect.arrayContaining(["id"]));
    for (const key of [
      "id",
      "created_at",
      "created_by",
      "updated_at",
      "updated_by",
      "revision",
      "immutable",
      "rule_source",
      "execution_summary",
    ]) {
      expect(table).not.toHaveProperty(key);
    }
    expect(table.required_fields).toEqual([{ name: "user.name", type: "keyword" }]);
    expect(table.new_terms).toEqual(newTermsToml.new_terms);
    expect(validateRuleCreate(tomlRuleToApi(table))).toEqual([]);
  });
});

describe("apiPathToTomlPath", () => {
  it("maps the new_terms keys into the new_terms table", () => {
    expect(apiPathToTomlPath(["new_terms_fields", 1], newTermsToml)).toEqual(["new_terms", "value", 1]);
    expect(apiPathToTomlPath(["history_window_start"], newTermsToml)).toEqual([
      "new_terms",
      "history_window_start",
      0,
      "value",
    ]);
    expect(apiPathToTomlPath(["threat", 0, "tactic"], newTermsToml)).toEqual(["threat", 0, "tactic"]);
  });

  it("leaves the keys where they are when the file has no new_terms table", () => {
    expect(apiPathToTomlPath(["new_terms_fields"], { type: "query" })).toEqual(["new_terms_fields"]);
  });
});

describe("tomlLayoutIssues", () => {
  it("accepts the corpus layout", () => {
    expect(tomlLayoutIssues(newTermsToml)).toEqual([]);
  });

  it("reports a misnamed field and an unknown key in [rule.new_terms]", () => {
    const table = { new_terms: { field: "new_terms_field", value: ["a"], windows: 1 } };
    expect(tomlLayoutIssues(table).map((issue) => [issue.path, issue.kind])).toEqual([
      [["new_terms", "field"], "schema"],
      [["new_terms", "windows"], "unknown-key"],
    ]);
  });
});

describe("withApiDefaults", () => {
  it("writes out Kibana's create-time defaults", () => {
    expect(withApiDefaults({ type: "query", name: "n" })).toEqual({
      type: "query",
      name: "n",
      from: "now-6m",
      to: "now",
      interval: "5m",
      max_signals: 100,
      enabled: false,
      version: 1,
      language: "kuery",
      query: "",
      tags: [],
      author: [],
      references: [],
      false_positives: [],
      threat: [],
      exceptions_list: [],
      risk_score_mapping: [],
      severity_mapping: [],
      required_fields: [],
      related_integrations: [],
      actions: [],
      setup: "",
      output_index: "",
    });
  });

  it("keeps given values and adds type defaults only where Kibana does", () => {
    const eql = withApiDefaults({
      type: "eql",
      language: "eql",
      query: "any where true",
      from: "now-9m",
      enabled: true,
    });
    expect(eql).toMatchObject({ language: "eql", from: "now-9m", enabled: true });
    expect(withApiDefaults({ type: "esql", language: "esql", query: "FROM x" })).not.toHaveProperty(
      "query",
      "",
    );
    expect(withApiDefaults({ type: "machine_learning" })).not.toHaveProperty("language");
    expect(withApiDefaults({ type: "threat_match" })).toMatchObject({
      threat_indicator_path: "threat.indicator",
      language: "kuery",
    });
  });

  it("stores threshold.field and machine_learning_job_id as arrays, as Kibana does", () => {
    expect(
      withApiDefaults({ type: "threshold", threshold: { field: "host.id", value: 2 } }).threshold,
    ).toEqual({ field: ["host.id"], value: 2 });
    expect(withApiDefaults({ type: "threshold", threshold: { field: "", value: 2 } }).threshold).toEqual({
      field: [],
      value: 2,
    });
    expect(
      withApiDefaults({ type: "machine_learning", machine_learning_job_id: "rare" }).machine_learning_job_id,
    ).toEqual(["rare"]);
  });
});

/** Set DAC_CORPUS_DIR to a checkout of elastic/detection-rules (its rules/ and rules_building_block/). */
const corpusDir = process.env.DAC_CORPUS_DIR;

function tomlFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".toml"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

describe.skipIf(!corpusDir)("over the detection-rules corpus (DAC_CORPUS_DIR)", () => {
  const rules = corpusDir
    ? tomlFilesUnder(corpusDir).map((file) => ({
        file,
        table: parse(readFileSync(file, "utf8")).rule as Record<string, unknown>,
      }))
    : [];

  it("round-trips every rule: toml -> api -> toml is equal", () => {
    expect(rules.length).toBeGreaterThan(0);
    const different = rules.filter(
      ({ table }) =>
        JSON.stringify(sortDeep(apiRuleToToml(tomlRuleToApi(table)))) !== JSON.stringify(sortDeep(table)),
    );
    expect(different.map(({ file }) => file)).toEqual([]);
  });

  it("validates every rule against the schema", () => {
    const bodies = rules.map(({ file, table }) => ({ file, body: tomlRuleToApi(table) }));
    for (const { body } of bodies.slice(0, 50)) validateRuleCreate(body);
    const started = performance.now();
    const failing = bodies.filter(({ body }) => validateRuleCreate(body).length > 0);
    const elapsed = performance.now() - started;
    console.log(`schema-validated ${bodies.length} corpus rules in ${elapsed.toFixed(1)} ms`);
    expect(failing.map(({ file, body }) => [file, validateRuleCreate(body)])).toEqual([]);
  });
});

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
  );
}
