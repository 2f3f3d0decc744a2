/**
 * A case an engine cannot run (an Elasticsearch without EQL) is skipped with the engine's reason, not failed,
 * and every report format says so.
 */
import { afterEach, describe, expect, it } from "vitest";
import { formatTestReport } from "../../../src/cli/test-output.js";
import { memoryEngine } from "../../../src/engine/memory/index.js";
import { EngineUnsupportedError, type SearchEngine } from "../../../src/engine/types.js";
import { createProject, type Project, ruleToml, runProjectSuite } from "./project.js";

/** The embedded engine, but without EQL, as a node built from Maven Central answers. */
const withoutEql: SearchEngine = {
  name: "elasticsearch",
  async open(dataset) {
    const session = await memoryEngine.open(dataset);
    return {
      ...session,
      eqlSearch: async () => {
        throw new EngineUnsupportedError("EQL needs Elasticsearch's default distribution: test");
      },
    };
  },
};

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

function eqlProject(): Project {
  return createProject({
    "rules/any_process.toml": ruleToml("any process", `type = "eql"\nquery = 'process where true'`)
      .replace('language = "kuery"', 'language = "eql"')
      .replace('index = ["logs-test-*"]', 'index = ["logs-endpoint.events.*"]'),
    "test/fixtures/any_process/tests.yaml": `cases:
  - name: a process alerts
    at: "2025-01-15T12:00:00Z"
    events: [events.ndjson]
    alerts:
      - id: p1
  - name: nothing else
    at: "2025-01-15T12:00:00Z"
    events: [events.ndjson]
    alerts:
      - id: p1
`,
    "test/fixtures/any_process/events.ndjson": `${JSON.stringify({
      _index: "logs-endpoint.events.process-default",
      _id: "p1",
      _source: { "@timestamp": "2m before execution", event: { category: ["process"] } },
    })}\n`,
  });
}

describe("cases an engine cannot run", () => {
  it("are skipped with the engine's reason while the other engine runs them", async () => {
    project = eqlProject();
    const suite = await runProjectSuite(project, { engines: [memoryEngine, withoutEql] });
    expect(suite.errors).toEqual([]);
    expect(suite.cases.map((result) => [result.engine, result.passed])).toEqual([
      ["memory", true],
      ["memory", true],
    ]);
    expect(suite.skipped).toEqual([
      expect.objectContaining({
        engine: "elasticsearch",
        case: "a process alerts",
        reason: expect.stringMatching(/^EQL needs/),
      }),
      expect.objectContaining({ engine: "elasticsearch", case: "nothing else" }),
    ]);
  });

  it("are said once per rule and engine in every format, and do not count as failures", async () => {
    project = eqlProject();
    const suite = await runProjectSuite(project, { engines: [withoutEql] });
    const report = { suite, differences: [], notices: [], elapsedMs: 1, explain: false };
    const show = (file: string) => file.slice(project!.root.length + 1);
    const human = formatTestReport("human", report, show);
    expect(human).toContain(
      "- rules/any_process.toml [elasticsearch]: 2 cases skipped: EQL needs Elasticsearch's default distribution: test",
    );
    expect(human).toContain("0 passed, 0 failed, 2 skipped");
    const json = JSON.parse(formatTestReport("json", report, show));
    expect(json).toMatchObject({ passed: 0, failed: 0 });
    expect(json.skipped).toHaveLength(2);
    expect(json.skipped[0]).toMatchObject({ rule: "rules/any_process.toml", engine: "elasticsearch" });
    expect(formatTestReport("github", report, show)).toContain(
      "::notice file=rules/any_process.toml,title=rule tests skipped::2 cases skipped on elasticsearch",
    );
  });
});
