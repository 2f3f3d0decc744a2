/**
 * `dac test` on EQL rules: sequence expectations and their failure output, test files checked against the EQL
 * shape, and an Elasticsearch without EQL that skips the cases instead of failing them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { checkElasticsearch, elasticsearchOptionsFromEnv } from "../../src/engine/elasticsearch/index.js";
import { createProject, type Project, ruleToml } from "../engine/rule-tests/project.js";
import { dac } from "./helpers.js";

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

const SEQUENCE_RULE = ruleToml(
  "start then connect",
  `type = "eql"
query = 'sequence by host.id with maxspan=1m [process where event.type == "start"] [network where true]'`,
)
  .replace('language = "kuery"', 'language = "eql"')
  .replace('index = ["logs-test-*"]', 'index = ["logs-endpoint.events.*"]');

const event = (index: string, id: string, time: string, category: string, host: string) =>
  JSON.stringify({
    _index: `logs-endpoint.events.${index}-default`,
    _id: id,
    _source: { "@timestamp": time, event: { category: [category], type: ["start"] }, host: { id: host } },
  });

const FIXTURES = [
  event("process", "start-1", "3m before execution", "process", "h1"),
  event("network", "connect-1", "170s before execution", "network", "h1"),
  event("network", "connect-2", "160s before execution", "network", "h2"),
].join("\n");

/** A test file of one case at a fixed time over the fixtures, with these expected alerts (YAML list items). */
const oneCase = (name: string, alerts: string) => `cases:
  - name: ${name}
    at: "2025-01-15T12:00:00Z"
    events: [events.ndjson]
    alerts:
${alerts}`;

async function testIn(tests: string, args: string[] = [], rule = SEQUENCE_RULE) {
  project = createProject({
    "rules/start_connect.toml": rule,
    "test/fixtures/start_connect/events.ndjson": `${FIXTURES}\n`,
    "test/fixtures/start_connect/tests.yaml": tests,
  });
  return dac(["test", "--format", "human", ...args], project.root);
}

describe("dac test on an EQL sequence rule", () => {
  it("passes when the sequence and its join keys are as expected", async () => {
    const run = await testIn(
      oneCase("one sequence", "      - sequence: [start-1, connect-1]\n        join_keys: [h1]\n"),
    );
    expect(run.stdout).toContain("1 passed, 0 failed");
    expect(run.code).toBe(0);
  });

  it("shows missing and unexpected sequences in the expectation's shape, and which term each event matches", async () => {
    const run = await testIn(oneCase("wrong sequence", "      - sequence: [start-1, connect-2]\n"));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("expected, not raised: sequence [start-1 → connect-2]");
    expect(run.stdout).toContain('raised, not expected: sequence [start-1 → connect-1] by ["h1"]');
    expect(run.stdout).toMatch(
      /connect-2: no alert — matches sequence term 2 of 2 .*join keys \["h2"\] differ/,
    );
  });

  it("reports missing and unexpected sequences as JSON in the expectation's shape, building blocks left out", async () => {
    const run = await testIn(oneCase("wrong sequence", "      - sequence: [start-1, connect-2]\n"), [
      "--format",
      "json",
    ]);
    expect(run.code).toBe(1);
    const [result] = JSON.parse(run.stdout).cases;
    expect(result.missing).toEqual([{ details: { sequence: ["start-1", "connect-2"] } }]);
    expect(result.unexpected).toEqual([
      { details: { sequence: ["start-1", "connect-1"], join_keys: ["h1"] }, execution: 1 },
    ]);
    expect(result.executions[0].alerts).toHaveLength(3);
  });

  it("reports an expectation of the wrong shape at its line in the test file", async () => {
    const run = await testIn(oneCase("bad expectation", "      - sequence: start-1\n"));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /tests\.yaml:6: .*sequence: expected the fixture ids of the sequence's events/,
    );
  });
});

describe("dac run on an EQL sequence rule", () => {
  it("prints each building block, then the shell alert of its sequence", async () => {
    project = createProject({ "rules/start_connect.toml": SEQUENCE_RULE, "events.ndjson": `${FIXTURES}\n` });
    const args = [
      "run",
      "rules/start_connect.toml",
      "--events",
      "events.ndjson",
      "--at",
      "2025-01-15T12:00:00Z",
    ];
    const run = await dac(args, project.root);
    expect(run.code).toBe(0);
    const [first, second, shell] = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const group = shell._id;
    expect([first, second, shell]).toMatchObject([
      { _id: "start-1", building_block_type: "default", group: { id: group, index: 0 } },
      { _id: "connect-1", building_block_type: "default", group: { id: group, index: 1 } },
      { _index: "", group: { id: group }, sequence: ["start-1", "connect-1"], join_keys: ["h1"] },
    ]);
  });
});

describe("dac test on an EQL event query rule", () => {
  it("says which top-level clause an event that does not match fails", async () => {
    const rule = SEQUENCE_RULE.replace(
      /query = '.*'/,
      `query = 'network where host.id == "h1" and event.type == "start"'`,
    );
    const run = await testIn(oneCase("wrong host", "      - id: connect-2\n"), [], rule);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("raised, not expected: connect-1");
    expect(run.stdout).toContain('connect-2: no alert — does not match the query: `host.id == "h1"` failed');
    expect(run.stdout).toContain("start-1: no alert — does not match the query: `network where true` failed");
  });
});

const cluster = await checkElasticsearch({ ...elasticsearchOptionsFromEnv(), requestTimeoutMs: 5_000 });
if (!cluster.ok) console.warn(`dac test --engine elasticsearch on EQL skipped: ${cluster.message}`);

describe.skipIf(!cluster.ok)("dac test --engine both on an EQL rule", () => {
  it("passes on both engines, or skips the Elasticsearch cases with the reason when the cluster has no EQL", async () => {
    const run = await testIn(oneCase("one sequence", "      - sequence: [start-1, connect-1]\n"), [
      "--engine",
      "both",
    ]);
    expect(run.code).toBe(0);
    if (run.stdout.includes("skipped")) {
      expect(run.stdout).toMatch(
        /\[elasticsearch\]: 1 case skipped: EQL needs Elasticsearch's default distribution/,
      );
      expect(run.stdout).toContain("1 passed, 0 failed, 1 skipped");
    } else {
      expect(run.stdout).toContain("2 passed, 0 failed");
    }
  });
});
