/** `--explain` for EQL sequences: why an event that matches a term is in no sequence. */
import { afterEach, describe, expect, it } from "vitest";
import { createProject, type Project, ruleToml, runProjectSuite } from "./project.js";

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

const RULE = ruleToml(
  "start then connect",
  `type = "eql"
query = '''
sequence by host.id with maxspan=1m
  [process where event.type == "start"]
  [network where true]
until [process where event.type == "end"]
'''`,
)
  .replace('language = "kuery"', 'language = "eql"')
  .replace('index = ["logs-test-*"]', 'index = ["logs-endpoint.events.*"]');

const event = (id: string, ago: string, category: string, type: string, host = "h1") =>
  JSON.stringify({
    _index: `logs-endpoint.events.${category}-default`,
    _id: id,
    _source: {
      "@timestamp": `${ago} before execution`,
      event: { category: [category], type: [type] },
      host: { id: host },
    },
  });

/** Why each event of a one-case suite over `events` did not alert. */
async function reasons(...events: string[]): Promise<Record<string, string[]>> {
  project = createProject({
    "rules/start_connect.toml": RULE,
    "test/fixtures/start_connect/events.ndjson": `${events.join("\n")}\n`,
    "test/fixtures/start_connect/tests.yaml": `cases:
  - name: silent
    at: "2025-01-15T12:00:00Z"
    events: [events.ndjson]
`,
  });
  const suite = await runProjectSuite(project, { explain: true });
  expect(suite.errors).toEqual([]);
  return Object.fromEntries((suite.cases[0].explanations ?? []).map((each) => [each.id, each.reasons]));
}

describe("why an EQL sequence did not form", () => {
  it("names the neighbouring event beyond maxspan", async () => {
    const why = await reasons(
      event("start", "300s", "process", "start"),
      event("connect", "200s", "network", "start"),
    );
    expect(why.start).toContain("connect (term 2, same keys) is 100s away: beyond maxspan=1m");
    expect(why.connect[0]).toMatch(/^matches sequence term 2 of 2/);
  });

  it("names the until event that ended the sequence", async () => {
    const why = await reasons(
      event("start", "200s", "process", "start"),
      event("end", "190s", "process", "end"),
      event("connect", "180s", "network", "start"),
    );
    expect(why.start).toContain("the until event end between it and connect ends the sequence");
    expect(why.end).toEqual(['matches the until term (`process where event.type == "end"`)']);
  });

  it("says when no event matches the neighbouring term", async () => {
    const why = await reasons(event("lonely", "200s", "process", "start"));
    expect(why.lonely).toContain("no later event matches term 2");
  });
});
