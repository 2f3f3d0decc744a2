import { afterEach, describe, expect, it } from "vitest";
import { createProject, lines, login, type Project, QUERY_RULE } from "../engine/rule-tests/project.js";
import { dac } from "./helpers.js";

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

/** A rule with two test cases, so that a failure repeated per case would show twice. */
function twoCases(): Project {
  const events = lines(login("failed", "2m before execution"));
  project = createProject({
    "rules/failed_login.toml": QUERY_RULE,
    "test/fixtures/failed_login/tests.yaml": `cases:
  - name: first
    at: "2025-01-15T12:00:00Z"
    events: [events.ndjson]
    alerts: [{ id: failed }]
  - name: second
    at: "2025-01-15T12:00:00Z"
    events: [events.ndjson]
    alerts: [{ id: failed }]
`,
    "test/fixtures/failed_login/events.ndjson": events,
  });
  return project;
}

describe("exit codes as the README states them", () => {
  it("a fields: file in dac.config.yaml that does not exist is a configuration error, exit 2", async () => {
    const { root, write } = twoCases();
    write("dac.config.yaml", "fields:\n  aws.cloudtrail: [fields/missing.yml]\n");
    const result = await dac(["validate"], root);
    expect(result.stderr).toContain("fields.aws.cloudtrail:");
    expect(result.stderr).toContain("missing.yml does not exist");
    expect(result.stdout).not.toContain("internal-error");
    expect(result.code).toBe(2);
  });

  it("a fields: file that is not a valid field file is a configuration error naming it, exit 2", async () => {
    const { root, write } = twoCases();
    write("dac.config.yaml", "fields:\n  test: [fields/auth.yml]\n");
    write("fields/auth.yml", "- name: a\n  ignore_above: many\n");
    const result = await dac(["validate"], root);
    expect(result.stderr).toMatch(/auth\.yml:2:\d+: ignore_above must be a positive integer/);
    expect(result.stdout).not.toContain("internal-error");
    expect(result.code).toBe(2);
  });

  it("an Elasticsearch that refuses connections is exit 2, reported once", async () => {
    const { root } = twoCases();
    const result = await dac(["test", "--engine", "elasticsearch"], root, {
      ELASTICSEARCH_URL: "http://127.0.0.1:9",
    });
    expect(result.stderr.match(/cannot connect/g)).toHaveLength(1);
    expect(result.code).toBe(2);
  });
});
