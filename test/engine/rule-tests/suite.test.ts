import { afterEach, describe, expect, it } from "vitest";
import type { SuiteResult } from "../../../src/engine/rule-tests/suite.js";
import {
  createProject,
  lines,
  login,
  NEW_TERMS_RULE,
  type Project,
  QUERY_RULE,
  runProjectSuite,
  THRESHOLD_RULE,
} from "./project.js";

let project: Project | undefined;

afterEach(() => {
  project?.remove();
  project = undefined;
});

async function runSuite(files: Record<string, string>, options: { filter?: string; explain?: boolean } = {}) {
  project = createProject(files);
  return runProjectSuite(project, options);
}

const caseNamed = (suite: SuiteResult, name: string) => {
  const found = suite.cases.find((c) => c.name === name);
  if (!found) throw new Error(`no case ${name}: ${JSON.stringify(suite.errors)}`);
  return found;
};

describe("runRuleTests", () => {
  it("runs cases with times relative to the execution, anchored at `at` or the current second", async () => {
    const suite = await runSuite({
      "rules/failed_login.toml": QUERY_RULE,
      "test/fixtures/failed_login/tests.yaml": `cases:
  - name: anchored at a fixed time
    at: "2025-01-15T12:00:00Z"
    events: [recent.ndjson]
    alerts:
      - id: recent
  - name: anchored at now
    events: [recent.ndjson]
    alerts:
      - id: recent
  - name: relative at
    at: 3d before execution
    events: [recent.ndjson]
    alerts:
      - id: recent
`,
      "test/fixtures/failed_login/recent.ndjson": lines(login("recent", "2m before execution")),
    });
    expect(suite.errors).toEqual([]);
    expect(suite.cases.map((c) => [c.name, c.passed])).toEqual([
      ["anchored at a fixed time", true],
      ["anchored at now", true],
      ["relative at", true],
    ]);
    expect(caseNamed(suite, "anchored at a fixed time").alerts[0]).toMatchObject({
      execution: "2025-01-15T12:00:00.000Z",
      original_time: "2025-01-15T11:58:00.000Z",
    });
    expect(caseNamed(suite, "anchored at now").alerts[0].execution).toBe("2025-03-01T08:30:45.000Z");
    expect(caseNamed(suite, "relative at").alerts[0].execution).toBe("2025-02-26T08:30:45.678Z");
  });

  it("runs several executions and checks which one raised an alert", async () => {
    const suite = await runSuite({
      "rules/failed_login.toml": QUERY_RULE,
      "test/fixtures/failed_login/tests.yaml": `cases:
  - name: right execution
    at: "2025-01-15T12:00:00Z"
    runs: 3
    events: [late.ndjson]
    alerts:
      - id: early
        execution: 1
      - id: late
        execution: 2
  - name: wrong execution
    at: "2025-01-15T12:00:00Z"
    runs: 2
    events: [late.ndjson]
    alerts:
      - id: early
        execution: 1
      - id: late
        execution: 1
`,
      "test/fixtures/failed_login/late.ndjson": lines(
        login("early", "3m before execution"),
        login("late", "1m before execution", { arrival: "2m after execution" }),
      ),
    });
    const right = caseNamed(suite, "right execution");
    expect(right.passed).toBe(true);
    expect(
      right.executions.map((step) => [step.startedAt, step.arrived, step.alerts.map((a) => a._id)]),
    ).toEqual([
      ["2025-01-15T12:00:00.000Z", ["early"], ["early"]],
      ["2025-01-15T12:05:00.000Z", ["late"], ["late"]],
      ["2025-01-15T12:10:00.000Z", [], []],
    ]);
    const wrong = caseNamed(suite, "wrong execution");
    expect(wrong.passed).toBe(false);
    expect(wrong.missing).toEqual([{ id: "late", execution: 1, details: {} }]);
    expect(wrong.unexpected).toEqual([{ id: "late", execution: 2, details: {} }]);
  });

  it("fails a case whose silent event alerts, and one that expects an alert that is not raised", async () => {
    const suite = await runSuite({
      "rules/failed_login.toml": QUERY_RULE,
      "test/fixtures/failed_login/tests.yaml": `cases:
  - name: silent but alerting
    at: "2025-01-15T12:00:00Z"
    events: [one.ndjson]
    silent: [one]
  - name: expected but silent
    at: "2025-01-15T12:00:00Z"
    events: [one.ndjson]
    alerts:
      - id: one
      - id: two
`,
      "test/fixtures/failed_login/one.ndjson": lines(
        login("one", "1m before execution"),
        login("two", "1m before execution", { outcome: "success" }),
      ),
    });
    const silent = caseNamed(suite, "silent but alerting");
    expect(silent.passed).toBe(false);
    expect(silent.unexpected.map((a) => a.id)).toEqual(["one"]);
    const expected = caseNamed(suite, "expected but silent");
    expect(expected.passed).toBe(false);
    expect(expected.missing).toEqual([{ id: "two", details: {} }]);
    expect(expected.unexpected).toEqual([]);
  });

  it("explains for each event of a failing case why it did or did not alert", async () => {
    const suite = await runSuite({
      "rules/failed_login.toml": QUERY_RULE,
      "test/fixtures/failed_login/tests.yaml": `cases:
  - name: wrong expectation
    at: "2025-01-15T12:00:00Z"
    events: [mixed.ndjson]
    alerts:
      - id: succeeded
`,
      "test/fixtures/failed_login/mixed.ndjson": lines(
        login("failed", "2m before execution"),
        login("succeeded", "2m before execution", { outcome: "success" }),
        login("too-old", "20m before execution"),
        login("elsewhere", "2m before execution", { index: "metrics-test-default" }),
        login("not-yet", "2m before execution", { arrival: "1m after execution" }),
      ),
    });
    const result = caseNamed(suite, "wrong expectation");
    expect(result.passed).toBe(false);
    const why = Object.fromEntries(
      (result.explanations ?? []).map((e) => [e.id, [...e.alerted, ...e.reasons].join(" | ")]),
    );
    expect(why.failed).toMatch(/alert in execution at 2025-01-15T12:00:00.000Z/);
    expect(why.succeeded).toMatch(/does not match the query: `event.outcome:"failure"` failed/);
    expect(why["too-old"]).toMatch(/@timestamp 2025-01-15T11:40:00.000Z is outside every execution's range/);
    expect(why.elsewhere).toMatch(/index metrics-test-default is not read by the rule \(logs-test-\*\)/);
    expect(why["not-yet"]).toMatch(
      /in the range of the execution at 2025-01-15T12:00:00.000Z but not yet indexed/,
    );
  });

  it("explains new_terms events: term seen in history, earliest event carrying the term", async () => {
    const suite = await runSuite(
      {
        "rules/new_user.toml": NEW_TERMS_RULE,
        "test/fixtures/new_user/tests.yaml": `cases:
  - name: history
    at: "2025-01-15T12:00:00Z"
    events: [history.ndjson]
    alerts:
      - id: bob-first
        new_terms: [bob]
`,
        "test/fixtures/new_user/history.ndjson": lines(
          login("alice-yesterday", "1d before execution"),
          login("alice-now", "2m before execution"),
          login("bob-first", "3m before execution", { user: "bob" }),
          login("bob-second", "1m before execution", { user: "bob" }),
        ),
      },
      { explain: true },
    );
    const result = caseNamed(suite, "history");
    expect(result.passed).toBe(true);
    const why = Object.fromEntries(
      (result.explanations ?? []).map((e) => [e.id, [...e.alerted, ...e.reasons].join(" | ")]),
    );
    expect(why["alice-now"]).toMatch(
      /term \["alice"\] was already seen at 2025-01-14T12:00:00.000Z \(alice-yesterday\)/,
    );
    expect(why["bob-first"]).toMatch(/alert in execution at 2025-01-15T12:00:00.000Z for \["bob"\]/);
    expect(why["bob-second"]).toMatch(/its term alerted on bob-first/);
  });

  it("checks threshold groups and counts", async () => {
    const suite = await runSuite({
      "rules/burst.toml": THRESHOLD_RULE,
      "test/fixtures/burst/tests.yaml": `cases:
  - name: three failures
    at: "2025-01-15T12:00:00Z"
    events: [burst.ndjson]
    alerts:
      - threshold:
          terms: [{ field: user.name, value: alice }]
          count: 3
  - name: wrong count
    at: "2025-01-15T12:00:00Z"
    events: [burst.ndjson]
    alerts:
      - threshold:
          terms: [{ field: user.name, value: alice }]
          count: 4
`,
      "test/fixtures/burst/burst.ndjson": lines(
        login("a1", "3m before execution"),
        login("a2", "2m before execution"),
        login("a3", "1m before execution"),
        login("b1", "1m before execution", { user: "bob" }),
      ),
    });
    expect(caseNamed(suite, "three failures").passed).toBe(true);
    expect(caseNamed(suite, "wrong count").passed).toBe(false);
  });

  it("runs only cases whose name contains the filter", async () => {
    const suite = await runSuite(
      {
        "rules/failed_login.toml": QUERY_RULE,
        "test/fixtures/failed_login/tests.yaml": `cases:
  - name: alpha case
    events: [e.ndjson]
  - name: beta case
    events: [e.ndjson]
`,
        "test/fixtures/failed_login/e.ndjson": lines(login("e", "1d before execution")),
      },
      { filter: "beta" },
    );
    expect(suite.cases.map((c) => c.name)).toEqual(["beta case"]);
  });

  it("lists rules without tests", async () => {
    const suite = await runSuite({ "rules/failed_login.toml": QUERY_RULE });
    expect(suite.rules).toBe(1);
    expect(suite.untested.map((file) => file.endsWith("failed_login.toml"))).toEqual([true]);
  });
});

describe("runRuleTests on bad input", () => {
  const goodRule = {
    "rules/good.toml": QUERY_RULE,
    "test/fixtures/good/tests.yaml": `cases:
  - name: good case
    at: "2025-01-15T12:00:00Z"
    events: [good.ndjson]
    alerts:
      - id: good
`,
    "test/fixtures/good/good.ndjson": lines(login("good", "1m before execution")),
  };

  async function errorsFor(files: Record<string, string>) {
    const suite = await runSuite({ ...goodRule, "rules/bad.toml": QUERY_RULE, ...files });
    // The other rule is still tested.
    expect(caseNamed(suite, "good case").passed).toBe(true);
    return suite.errors.map((error) => ({
      ...error,
      file: error.file.slice(project!.root.length + 1),
      rule: error.rule?.slice(project!.root.length + 1),
    }));
  }

  const badCase = (events: string) => `cases:
  - name: bad case
    at: "2025-01-15T12:00:00Z"
    events: [${events}]
`;

  it("reports a fixture line that is not valid JSON", async () => {
    const errors = await errorsFor({
      "test/fixtures/bad/tests.yaml": badCase("broken.ndjson"),
      "test/fixtures/bad/broken.ndjson": `${login("fine", "1m before execution")}\n{"_index": "logs-test-default", "_id": "x", \n`,
    });
    expect(errors).toEqual([
      expect.objectContaining({
        file: "test/fixtures/bad/broken.ndjson",
        line: 2,
        case: "bad case",
        message: expect.stringMatching(/^not valid JSON/),
      }),
    ]);
  });

  it("reports a fixture line without _index", async () => {
    const errors = await errorsFor({
      "test/fixtures/bad/tests.yaml": badCase("no-index.ndjson"),
      "test/fixtures/bad/no-index.ndjson": `// a note\n${JSON.stringify({ _id: "x", _source: {} })}\n`,
    });
    expect(errors).toEqual([
      expect.objectContaining({
        file: "test/fixtures/bad/no-index.ndjson",
        line: 2,
        message: expect.stringMatching(/missing _index/),
      }),
    ]);
  });

  it("reports a value the index mapping rejects at its fixture line", async () => {
    const errors = await errorsFor({
      "test/fixtures/bad/tests.yaml": badCase("bad-long.ndjson"),
      "test/fixtures/bad/bad-long.ndjson": lines(
        login("fine", "2m before execution"),
        login("text-pid", "1m before execution", { extra: { process: { pid: "not-a-number" } } }),
      ),
    });
    expect(errors).toEqual([
      expect.objectContaining({
        file: "test/fixtures/bad/bad-long.ndjson",
        line: 2,
        message: expect.stringMatching(/process\.pid/),
      }),
    ]);
  });

  it("reports a test file naming a fixture that does not exist", async () => {
    const errors = await errorsFor({ "test/fixtures/bad/tests.yaml": badCase("missing.ndjson") });
    expect(errors).toEqual([
      expect.objectContaining({
        case: "bad case",
        message: expect.stringMatching(/case "bad case": fixture file missing\.ndjson does not exist/),
      }),
    ]);
    expect(errors[0].file).toBe("test/fixtures/bad/tests.yaml");
  });

  it("reports malformed YAML with its line", async () => {
    const errors = await errorsFor({
      "test/fixtures/bad/tests.yaml": `cases:\n  - name: bad case\n    events: [a.ndjson\n    runs: 2\n`,
    });
    expect(errors).toHaveLength(1);
    expect(errors[0].file).toBe("test/fixtures/bad/tests.yaml");
    expect(errors[0].line).toBeGreaterThanOrEqual(3);
  });

  it("reports test file structure problems", async () => {
    const cases: [string, RegExp][] = [
      ["cases: []\n", /cases: expected a non-empty list/],
      ["cases:\n  - name: x\n    events: [a.ndjson]\n    alert: []\n", /cases\[0\]: unknown key "alert"/],
      ["cases:\n  - name: x\n    events: [a.ndjson]\n    runs: 0\n", /cases\[0\]\.runs/],
      [
        "cases:\n  - name: x\n    events: [a.ndjson]\n    alerts:\n      - id: a\n        execution: 3\n",
        /execution: expected a run number from 1 to 1/,
      ],
      [
        "cases:\n  - name: x\n    events: [a.ndjson]\n    alerts:\n      - new_terms: [a]\n",
        /name the fixture "id"/,
      ],
      ["cases:\n  - name: x\n    events: [a.ndjson]\n  - name: x\n    events: [a.ndjson]\n", /used twice/],
    ];
    for (const [yaml, message] of cases) {
      const errors = await errorsFor({ "test/fixtures/bad/tests.yaml": yaml });
      expect(errors, yaml).toEqual([
        expect.objectContaining({
          file: "test/fixtures/bad/tests.yaml",
          message: expect.stringMatching(message),
        }),
      ]);
      project?.remove();
    }
  });

  it("reports a silent id that names no fixture event", async () => {
    const errors = await errorsFor({
      "test/fixtures/bad/tests.yaml": `${badCase("e.ndjson")}    silent: [typo]\n`,
      "test/fixtures/bad/e.ndjson": lines(login("e", "1d before execution")),
    });
    expect(errors).toEqual([
      expect.objectContaining({
        file: "test/fixtures/bad/tests.yaml",
        message: expect.stringMatching(/silent names no fixture event: typo/),
      }),
    ]);
  });

  it("reports a rule type that cannot run locally", async () => {
    const errors = await errorsFor({
      "rules/bad.toml": QUERY_RULE.replace('type = "query"', 'type = "machine_learning"').replace(
        /query = '.*'/,
        'anomaly_threshold = 50\nmachine_learning_job_id = "job"',
      ),
      "test/fixtures/bad/tests.yaml": badCase("e.ndjson"),
    });
    expect(errors).toEqual([
      expect.objectContaining({
        file: "rules/bad.toml",
        message: expect.stringMatching(/rule type "machine_learning" cannot be executed locally/),
      }),
    ]);
  });
});
