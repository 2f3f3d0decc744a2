import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createProject,
  lines,
  login,
  NEW_TERMS_RULE,
  type Project,
  QUERY_RULE,
} from "../engine/rule-tests/project.js";
import { dac } from "./helpers.js";

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

const PASSING = {
  "rules/failed_login.toml": QUERY_RULE,
  "test/fixtures/failed_login/tests.yaml": `cases:
  - name: a failed login alerts
    at: "2025-01-15T12:00:00Z"
    events: [events.ndjson]
    alerts:
      - id: failed
    silent: [succeeded]
`,
  "test/fixtures/failed_login/events.ndjson": lines(
    login("failed", "2m before execution"),
    login("succeeded", "2m before execution", { outcome: "success" }),
  ),
};

/** The passing project plus a second rule whose test expects the wrong event. */
const FAILING = {
  ...PASSING,
  "rules/new_user.toml": NEW_TERMS_RULE,
  "test/fixtures/new_user/tests.yaml": `cases:
  - name: wrong expectation
    at: "2025-01-15T12:00:00Z"
    events: [events.ndjson]
    alerts:
      - id: alice-second
`,
  "test/fixtures/new_user/events.ndjson": lines(
    login("alice-first", "3m before execution"),
    login("alice-second", "1m before execution"),
  ),
};

async function dacIn(files: Record<string, string>, args: string[], env: NodeJS.ProcessEnv = {}) {
  project = createProject(files);
  return dac(args, project.root, env);
}

describe("dac test", () => {
  it("exits 0 when every case passes and summarises the run", async () => {
    const run = await dacIn(PASSING, ["test", "--format", "human"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("test/fixtures/failed_login/tests.yaml [memory]");
    expect(run.stdout).toMatch(/✓ a failed login alerts \(\d+ ms\)/);
    expect(run.stdout).toContain("1 passed, 0 failed");
    expect(run.stdout).toMatch(/1 rule, 1 case run in \d+\.\d\d s/);
  });

  it("exits 1 on a wrong expectation and shows what was missing, unexpected and why", async () => {
    const run = await dacIn(FAILING, ["test", "--format", "human"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ wrong expectation");
    expect(run.stdout).toContain("expected, not raised: alice-second");
    expect(run.stdout).toContain('raised, not expected: alice-first ["alice"]');
    expect(run.stdout).toContain("why:");
    expect(run.stdout).toMatch(/alice-second: no alert — .*its term alerted on alice-first/);
    expect(run.stdout).toContain("1 passed, 1 failed");
  });

  it("tests only the rule files named on the command line", async () => {
    const run = await dacIn(FAILING, ["test", "rules/failed_login.toml"]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("new_user");
  });

  it("exits 1 on a broken fixture, naming file and line, and still tests the other rules", async () => {
    const run = await dacIn(
      {
        ...PASSING,
        "rules/new_user.toml": NEW_TERMS_RULE,
        "test/fixtures/new_user/tests.yaml": "cases:\n  - name: broken\n    events: [events.ndjson]\n",
        "test/fixtures/new_user/events.ndjson": `${login("one", "1m before execution")}\nnot json\n`,
      },
      ["test"],
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ test\/fixtures\/new_user\/events\.ndjson:2 \(broken\): not valid JSON/);
    expect(run.stdout).toContain("✓ a failed login alerts");
    expect(run.stdout).not.toMatch(/\n\s+at /);
  });

  it("reports malformed YAML with file and line", async () => {
    const run = await dacIn(
      {
        ...PASSING,
        "rules/new_user.toml": NEW_TERMS_RULE,
        "test/fixtures/new_user/tests.yaml": "cases:\n  - name: [x\n",
      },
      ["test"],
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ test\/fixtures\/new_user\/tests\.yaml:\d+: /);
  });

  it("prints JSON with --format json, missing and unexpected alerts in the test file's shape", async () => {
    const run = await dacIn(FAILING, ["test", "--format", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ passed: 1, failed: 1, rules: 2, errors: [], untested: [] });
    const failing = report.cases.find((c: { passed: boolean }) => !c.passed);
    expect(failing).toMatchObject({
      file: "test/fixtures/new_user/tests.yaml",
      name: "wrong expectation",
      engine: "memory",
      missing: [{ id: "alice-second", details: {} }],
      unexpected: [{ id: "alice-first", execution: 1, details: { new_terms: ["alice"] } }],
    });
    expect(failing.explanations.map((e: { id: string }) => e.id)).toEqual(["alice-first", "alice-second"]);
  });

  it("prints GitHub annotations with --format github, and by default inside GitHub Actions", async () => {
    const files = {
      ...FAILING,
      "rules/broken.toml": QUERY_RULE,
      "test/fixtures/broken/tests.yaml": "cases:\n  - name: broken\n    events: [events.ndjson]\n",
      "test/fixtures/broken/events.ndjson": "\n\n{oops\n",
    };
    const run = await dacIn(files, ["test", "--format", "github"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error file=test\/fixtures\/new_user\/tests\.yaml,title=rule test failed::wrong expectation \[memory\]%0Aexpected, not raised: alice-second/m,
    );
    expect(run.stdout).toMatch(
      /^::error file=test\/fixtures\/broken\/events\.ndjson,line=3,title=rule test error::not valid JSON/m,
    );
    expect(run.stdout).toContain("1 passed, 2 failed");
    project?.remove();
    const inActions = await dacIn(files, ["test"], { GITHUB_ACTIONS: "true" });
    expect(inActions.stdout).toContain("::error file=");
  });

  it("explains one case step by step with --explain", async () => {
    const run = await dacIn(
      {
        ...PASSING,
        "test/fixtures/failed_login/more.yaml": `cases:
  - name: two runs
    at: "2025-01-15T12:00:00Z"
    runs: 2
    events: [events.ndjson]
    alerts:
      - id: failed
        execution: 1
`,
      },
      ["test", "--explain", "two runs"],
    );
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("a failed login alerts");
    expect(run.stdout).toContain("execution 1 at 2025-01-15T12:00:00.000Z");
    expect(run.stdout).toContain("searches 2025-01-15T11:51:00.000Z … 2025-01-15T12:00:00.000Z");
    expect(run.stdout).toContain("execution 2 at 2025-01-15T12:05:00.000Z");
    expect(run.stdout).toContain("indexed before it: failed, succeeded");
    expect(run.stdout).toMatch(
      /succeeded: no alert — does not match the query: `event.outcome:"failure"` failed/,
    );
  });

  it("lists rules without tests without failing", async () => {
    const run = await dacIn({ ...PASSING, "rules/new_user.toml": NEW_TERMS_RULE }, ["test"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("- rules/new_user.toml: no tests");
  });

  it("passes the shipped tests of the first rule, and fails them once an expectation is wrong", async () => {
    const repo = resolve(import.meta.dirname, "../..");
    const shipped = await dac(["test", "rules/aws_ec2_admin_credential_fetch.toml"], repo);
    expect(shipped.code).toBe(0);
    expect(shipped.stdout).toMatch(/\d+ passed, 0 failed/);

    project = createProject();
    cpSync(
      join(repo, "rules/aws_ec2_admin_credential_fetch.toml"),
      join(project.root, "rules/aws_ec2_admin_credential_fetch.toml"),
    );
    cpSync(
      join(repo, "test/fixtures/aws_ec2_admin_credential_fetch"),
      join(project.root, "test/fixtures/aws_ec2_admin_credential_fetch"),
      {
        recursive: true,
      },
    );
    const tests = join(project.root, "test/fixtures/aws_ec2_admin_credential_fetch/tests.yaml");
    writeFileSync(
      tests,
      readFileSync(tests, "utf8").replace("      - id: first-attempt\n", "      - id: second-attempt\n"),
    );
    const broken = await dac(["test"], project.root);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("expected, not raised: second-attempt");
    expect(broken.stdout).toContain("raised, not expected: first-attempt");
  });

  it("exits 2 on bad usage", async () => {
    const format = await dacIn(PASSING, ["test", "--format", "xml"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format must be one of human, json, github/);
    project?.remove();
    const engine = await dacIn(PASSING, ["test", "--engine", "lucene"]);
    expect(engine.code).toBe(2);
    expect(engine.stderr).toMatch(/--engine must be one of/);
  });
});
