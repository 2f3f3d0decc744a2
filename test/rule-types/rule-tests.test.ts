/** How rule tests use the rule-type modules: test-file shapes, failure output, explanations, rule errors. */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createProject,
  lines,
  login,
  type Project,
  QUERY_RULE,
  runProjectSuite,
  THRESHOLD_RULE,
} from "../engine/rule-tests/project.js";
import { runDac } from "../support/cli.js";

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

async function runSuite(files: Record<string, string>, explain = false) {
  project = createProject(files);
  return runProjectSuite(project, { explain });
}

const BURST = lines(
  login("a1", "3m before execution"),
  login("a2", "2m before execution"),
  login("a3", "1m before execution"),
  login("b1", "1m before execution", { user: "bob" }),
);

function thresholdCase(alert: string): Record<string, string> {
  return {
    "rules/burst.toml": THRESHOLD_RULE,
    "test/fixtures/burst/tests.yaml": `cases:
  - name: burst
    at: "2025-01-15T12:00:00Z"
    events: [burst.ndjson]
    alerts:
${alert}`,
    "test/fixtures/burst/burst.ndjson": BURST,
  };
}

describe("test files are read against the shape of the rule's type", () => {
  it("rejects threshold terms that are not {field, value}, at their line", async () => {
    const suite = await runSuite(thresholdCase(`      - threshold:\n          terms: ["alice"]\n`));
    expect(suite.cases).toEqual([]);
    expect(suite.errors).toEqual([
      expect.objectContaining({
        file: join(project!.root, "test/fixtures/burst/tests.yaml"),
        line: 7,
        message: expect.stringMatching(
          /^cases\[0\]\.alerts\[0\]\.threshold\.terms\[0\]: expected \{field, value\}/,
        ),
      }),
    ]);
  });

  it("rejects a key of another rule type's alerts, at its line", async () => {
    const suite = await runSuite({
      "rules/failed_login.toml": QUERY_RULE,
      "test/fixtures/failed_login/tests.yaml": `cases:
  - name: x
    events: [e.ndjson]
    alerts:
      - id: e
        threshold: {count: 1}
`,
      "test/fixtures/failed_login/e.ndjson": lines(login("e", "1m before execution")),
    });
    expect(suite.errors).toEqual([
      expect.objectContaining({
        line: 6,
        message: 'cases[0].alerts[0]: unknown key "threshold" (expected id, execution)',
      }),
    ]);
  });

  it("rejects an unknown key of a case, at its line", async () => {
    const suite = await runSuite({
      "rules/failed_login.toml": QUERY_RULE,
      "test/fixtures/failed_login/tests.yaml": "cases:\n  - name: x\n    events: [e.ndjson]\n    alert: []\n",
    });
    expect(suite.errors).toEqual([
      expect.objectContaining({ line: 4, message: expect.stringMatching(/unknown key "alert"/) }),
    ]);
  });

  it("requires the group of a threshold alert", async () => {
    const suite = await runSuite(thresholdCase("      - execution: 1\n"));
    expect(suite.errors).toEqual([
      expect.objectContaining({
        line: 6,
        message: 'cases[0].alerts[0]: "threshold" is required for this rule type',
      }),
    ]);
  });
});

describe("failure output", () => {
  it("shows expected and actual threshold alerts in the same shape", async () => {
    project = createProject(
      thresholdCase(
        `      - threshold:\n          terms: [{field: user.name, value: alice}]\n          count: 4\n`,
      ),
    );
    const result = await runDac(["test"], { cwd: project.root });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("expected, not raised: threshold user.name=alice ×4");
    expect(result.stdout).toContain("raised, not expected: threshold user.name=alice ×3");
  });
});

describe("threshold explanations", () => {
  it("name each event's group and its count against the threshold, and mark the alerting group's events", async () => {
    const suite = await runSuite(
      thresholdCase(
        `      - threshold:\n          terms: [{field: user.name, value: alice}]\n          count: 3\n`,
      ),
      true,
    );
    const why = Object.fromEntries(
      (suite.cases[0]?.explanations ?? []).map((e) => [e.id, [...e.alerted, ...e.reasons].join(" | ")]),
    );
    expect(why.a1).toMatch(
      /^alert in execution at 2025-01-15T12:00:00.000Z for user\.name=alice \(3 events\)/,
    );
    expect(why.a1).toMatch(
      /group user\.name=alice in the execution at 2025-01-15T12:00:00.000Z: 3 events ≥ 3/,
    );
    expect(why.b1).toMatch(/group user\.name=bob in the execution at 2025-01-15T12:00:00.000Z: 1 events < 3/);
    expect(why.b1).not.toMatch(/alert in execution/);
  });

  it("count a group's events after its last alert only, as Kibana's signal history does", async () => {
    const suite = await runSuite(
      {
        "rules/burst.toml": THRESHOLD_RULE,
        "test/fixtures/burst/tests.yaml": `cases:
  - name: burst
    at: "2025-01-15T12:00:00Z"
    runs: 2
    events: [burst.ndjson]
    alerts:
      - threshold:
          terms: [{field: user.name, value: alice}]
        execution: 1
`,
        "test/fixtures/burst/burst.ndjson": lines(
          login("a1", "3m before execution"),
          login("a2", "2m before execution"),
          login("a3", "1m before execution"),
          login("a4", "2m after execution"),
        ),
      },
      true,
    );
    expect(suite.cases[0]?.passed).toBe(true);
    const explanation = suite.cases[0]?.explanations?.find((e) => e.id === "a4");
    expect(explanation?.reasons.join(" | ")).toMatch(
      /group user\.name=alice in the execution at 2025-01-15T12:05:00.000Z: 1 events < 3 \(events up to 2025-01-15T11:59:00.000Z were counted by an earlier alert\)/,
    );
  });

  it("give the cardinality where one is set", async () => {
    const rule = THRESHOLD_RULE.replace(
      "value = 3",
      'value = 1\n\n[[rule.threshold.cardinality]]\nfield = "source.ip"\nvalue = 2',
    );
    const suite = await runSuite(
      {
        ...thresholdCase(`      - threshold:\n          terms: [{field: user.name, value: alice}]\n`),
        "rules/burst.toml": rule,
      },
      true,
    );
    const explanation = suite.cases[0]?.explanations?.find((e) => e.id === "b1");
    expect(explanation?.reasons.join(" | ")).toMatch(
      /group user\.name=bob .*: 1 events ≥ 1, cardinality of source\.ip 0 < 2/,
    );
  });
});

describe("errors in the rule itself under dac test", () => {
  it("name the rule file and the line of bad date math", async () => {
    const suite = await runSuite({
      "rules/failed_login.toml": QUERY_RULE.replace('from = "now-9m"', 'from = "now-9x"'),
      "test/fixtures/failed_login/tests.yaml": "cases:\n  - name: x\n    events: []\n",
    });
    expect(suite.errors).toEqual([
      expect.objectContaining({
        file: join(project!.root, "rules/failed_login.toml"),
        line: 9,
        message: expect.stringMatching(/^rule\.from: /),
      }),
    ]);
  });

  it("name the rule file and the line of a KQL syntax error", async () => {
    const suite = await runSuite({
      "rules/failed_login.toml": QUERY_RULE.replace(
        `query = 'event.action:"login" and event.outcome:"failure"'`,
        `query = 'event.action:("login"'`,
      ),
      "test/fixtures/failed_login/tests.yaml": "cases:\n  - name: x\n    events: []\n",
    });
    expect(suite.errors).toEqual([
      expect.objectContaining({
        file: join(project!.root, "rules/failed_login.toml"),
        line: 19,
        message: expect.stringMatching(/^query: Expected/),
      }),
    ]);
  });
});
