/** ES|QL rules through the command line: dac test (expectations, failures, --explain), dac run and dac show. */
import { afterEach, describe, expect, it } from "vitest";
import { createProject, lines, type Project, ruleToml } from "../engine/rule-tests/project.js";
import { dac } from "./helpers.js";

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

function esqlRule(name: string, query: string): string {
  return ruleToml(name, `type = "esql"\nquery = '''\n${query}\n'''`, 'language = "esql"');
}

const PER_EVENT = esqlRule(
  "failed logins",
  `FROM logs-test-* METADATA _id, _index, _version
| WHERE event.action == "login" AND event.outcome == "failure"
| KEEP _id, _index, _version, user.name`,
);

const PER_USER = esqlRule(
  "failing users",
  `FROM logs-test-*
| WHERE event.action == "login" AND event.outcome == "failure"
| STATS failures = COUNT(*) BY user.name
| WHERE failures >= 2`,
);

function login(id: string, user: string, outcome = "failure"): string {
  return JSON.stringify({
    _index: "logs-test-default",
    _id: id,
    _source: {
      "@timestamp": "2m before execution",
      event: { action: "login", outcome },
      user: { name: user },
    },
  });
}

const EVENTS = lines(login("alice-1", "alice"), login("alice-2", "alice"), login("bob-1", "bob", "success"));

async function dacIn(files: Record<string, string>, args: string[]) {
  project = createProject(files);
  return dac(args, project.root);
}

/** One rule (`per_event` or `per_user`) with the login events and a test file. */
function withTests(rule: "per_event" | "per_user", tests: string): Record<string, string> {
  return {
    [`rules/${rule}.toml`]: rule === "per_event" ? PER_EVENT : PER_USER,
    [`test/fixtures/${rule}/events.ndjson`]: EVENTS,
    [`test/fixtures/${rule}/tests.yaml`]: tests,
  };
}

describe("dac test on ES|QL rules", () => {
  it("matches expected alerts by fixture id and by a subset of the row's columns", async () => {
    const run = await dacIn(
      {
        ...withTests(
          "per_event",
          `cases:
  - name: each failed login
    events: [events.ndjson]
    alerts:
      - {id: alice-1, columns: {user.name: alice}}
      - id: alice-2
    silent: [bob-1]
`,
        ),
        ...withTests(
          "per_user",
          `cases:
  - name: a user failing twice
    events: [events.ndjson]
    alerts:
      - columns: {user.name: alice, failures: 2}
`,
        ),
      },
      ["test", "--format", "human"],
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("2 passed, 0 failed");
    expect(run.code).toBe(0);
  });

  it("shows a wrong expectation and the actual row in the same shape, and why each event did not alert", async () => {
    const run = await dacIn(
      withTests(
        "per_user",
        `cases:
  - name: wrong count
    events: [events.ndjson]
    alerts:
      - columns: {user.name: alice, failures: 3}
`,
      ),
      ["test", "--format", "human"],
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('expected, not raised: columns {"user.name":"alice","failures":3}');
    expect(run.stdout).toContain('raised, not expected: columns {"failures":2,"user.name":"alice"}');
    expect(run.stdout).toMatch(
      /bob-1: no alert — dropped by `WHERE event.action == "login" AND event.outcome == "failure"`: `event.outcome == "failure"` failed/,
    );
    expect(run.stdout).toMatch(
      /alice-1: alert in execution at \S+ with columns \{"failures":2,"user.name":"alice"\} — kept up to `STATS failures = COUNT\(\*\) BY user.name`, which counts it in the group \{"user.name":"alice"\}, whose row alerted in the execution at /,
    );
  });

  it("explains a passing case with the row each kept event gives", async () => {
    const run = await dacIn(
      withTests(
        "per_event",
        `cases:
  - name: each failed login
    events: [events.ndjson]
    alerts: [{id: alice-1}, {id: alice-2}]
`,
      ),
      ["test", "--explain", "each failed"],
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /alice-1: alert in execution at \S+ with columns \{"user.name":"alice"\} — the query gives the row \{"user.name":"alice"\}/,
    );
  });

  it("rejects a columns expectation that is not a mapping, at its line", async () => {
    const run = await dacIn(
      withTests(
        "per_user",
        `cases:
  - name: bad
    events: [events.ndjson]
    alerts:
      - columns: [alice]
`,
      ),
      ["test", "--format", "human"],
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /tests\.yaml:5: cases\[0\]\.alerts\[0\]\.columns: expected a mapping of column names to values/,
    );
  });
});

describe("dac run and dac show on ES|QL rules", () => {
  it("dac run prints each alert's columns, and for a document its fields with the columns over the source", async () => {
    const run = await dacIn({ "rules/per_event.toml": PER_EVENT, "events.ndjson": EVENTS }, [
      "run",
      "rules/per_event.toml",
      "--events",
      "events.ndjson",
      "--at",
      "2025-01-15T12:00:00Z",
    ]);
    expect(run.code).toBe(0);
    const alerts = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(alerts.map((alert) => [alert._id, alert.columns])).toEqual([
      ["alice-1", { "user.name": "alice" }],
      ["alice-2", { "user.name": "alice" }],
    ]);
    expect(alerts[0].fields).toMatchObject({ event: { action: "login" }, "user.name": "alice", user: {} });
  });

  it("dac show prints the _query request: the query with Kibana's LIMIT, the time range as a filter", async () => {
    const run = await dacIn({ "rules/per_user.toml": PER_USER }, [
      "show",
      "rules/per_user.toml",
      "--at",
      "2025-01-15T12:00:00Z",
    ]);
    expect(run.code).toBe(0);
    const shown = JSON.parse(run.stdout);
    expect(shown.endpoint).toBe("_query");
    expect(shown.body.query).toMatch(/\| WHERE failures >= 2\n\| LIMIT 100$/);
    expect(shown.body.filter.bool.filter[0]).toEqual({
      range: {
        "@timestamp": {
          gte: "2025-01-15T11:51:00.000Z",
          lte: "2025-01-15T12:00:00.000Z",
          format: "strict_date_optional_time",
        },
      },
    });
  });
});
