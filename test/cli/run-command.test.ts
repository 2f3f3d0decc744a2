import { afterEach, describe, expect, it } from "vitest";
import {
  createProject,
  lines,
  login,
  NEW_TERMS_RULE,
  type Project,
  QUERY_RULE,
  THRESHOLD_RULE,
} from "../engine/rule-tests/project.js";
import { dac } from "./helpers.js";

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

const EVENTS = lines(
  login("alice-1", "2025-01-15T11:55:00Z"),
  login("alice-2", "2025-01-15T11:56:00Z"),
  login("alice-3", "2025-01-15T11:57:00Z"),
  login("bob-late", "1m before execution", { user: "bob", arrival: "2m after execution" }),
  login("carol-ok", "2025-01-15T11:58:00Z", { user: "carol", outcome: "success" }),
);

async function run(args: string[], files: Record<string, string> = {}) {
  project = createProject({
    "rules/failed_login.toml": QUERY_RULE,
    "rules/new_user.toml": NEW_TERMS_RULE,
    "rules/burst.toml": THRESHOLD_RULE,
    "events.ndjson": EVENTS,
    ...files,
  });
  return dac(["run", ...args], project.root);
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe("dac run", () => {
  it("prints one JSON line per alert of a query rule", async () => {
    const result = await run([
      "rules/failed_login.toml",
      "--events",
      "events.ndjson",
      "--at",
      "2025-01-15T12:00:00Z",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toEqual(
      ["alice-1", "alice-2", "alice-3"].map((id) => ({
        execution: "2025-01-15T12:00:00.000Z",
        _index: "logs-test-default",
        _id: id,
      })),
    );
  });

  it("runs consecutive executions with --runs; relative times resolve against --at", async () => {
    const result = await run([
      "rules/failed_login.toml",
      "--events",
      "events.ndjson",
      "--at",
      "2025-01-15T12:00:00Z",
      "--runs",
      "2",
    ]);
    expect(result.code).toBe(0);
    const alerts = jsonLines(result.stdout);
    expect(alerts.map((a) => `${a._id}@${a.execution}`)).toEqual([
      "alice-1@2025-01-15T12:00:00.000Z",
      "alice-2@2025-01-15T12:00:00.000Z",
      "alice-3@2025-01-15T12:00:00.000Z",
      "bob-late@2025-01-15T12:05:00.000Z",
    ]);
  });

  it("adds new_terms to new_terms alerts", async () => {
    const result = await run([
      "rules/new_user.toml",
      "--events",
      "events.ndjson",
      "--at",
      "2025-01-15T12:00:00Z",
    ]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([
      {
        execution: "2025-01-15T12:00:00.000Z",
        _index: "logs-test-default",
        _id: "alice-1",
        new_terms: ["alice"],
      },
    ]);
  });

  it("adds threshold terms and count to threshold alerts", async () => {
    const result = await run([
      "rules/burst.toml",
      "--events",
      "events.ndjson",
      "--at",
      "2025-01-15T12:00:00Z",
    ]);
    expect(result.code).toBe(0);
    const [alert, ...rest] = jsonLines(result.stdout);
    expect(rest).toEqual([]);
    expect(Object.keys(alert)).toEqual(["execution", "_index", "_id", "threshold"]);
    expect(alert).toMatchObject({
      execution: "2025-01-15T12:00:00.000Z",
      _index: "logs-test-*",
      threshold: { terms: [{ field: "user.name", value: "alice" }], count: 3 },
    });
    expect(Object.keys(alert.threshold)).toEqual(["terms", "count"]);
  });

  it("prints nothing when no alert is raised", async () => {
    const result = await run([
      "rules/failed_login.toml",
      "--events",
      "events.ndjson",
      "--at",
      "2025-02-01T00:00:00Z",
    ]);
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  describe("events the index rejects", () => {
    const at = ["--at", "2025-01-15T12:00:00Z"];
    const files = {
      "mixed.ndjson": lines(
        login("alice-1", "2025-01-15T11:55:00Z"),
        login("pid", "1m before execution", { extra: { process: { pid: "many" } } }),
        login("alice-2", "2025-01-15T11:56:00Z"),
        login("alice-3", "2025-01-15T11:57:00Z"),
      ),
    };

    it("are reported with file, line, _id and reason, skipped and counted; the run goes on", async () => {
      const result = await run(["rules/failed_login.toml", "--events", "mixed.ndjson", ...at], files);
      expect(result.code).toBe(0);
      expect(jsonLines(result.stdout).map((alert) => alert._id)).toEqual(["alice-1", "alice-2", "alice-3"]);
      expect(result.stderr.split("\n")).toEqual([
        expect.stringMatching(
          /^mixed\.ndjson:2: document \[pid\] in index \[logs-test-default\]: .*process\.pid/,
        ),
        "3 indexed, 1 rejected",
        "",
      ]);
    });

    it("end the run at the first one with --strict, exit 1", async () => {
      const result = await run(
        ["rules/failed_login.toml", "--events", "mixed.ndjson", ...at, "--strict"],
        files,
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^dac: mixed\.ndjson:2: document \[pid\] .*process\.pid/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  });

  describe("errors go to stderr with exit code 2", () => {
    const at = ["--at", "2025-01-15T12:00:00Z"];

    it("an events file that cannot be read", async () => {
      const result = await run(["rules/failed_login.toml", "--events", "nope.ndjson", ...at]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^dac: nope\.ndjson.*(ENOENT|does not exist|cannot read)/);
    });

    it("an events file with a bad line", async () => {
      const result = await run(["rules/failed_login.toml", "--events", "bad.ndjson", ...at], {
        "bad.ndjson": `${login("ok", "1m before execution")}\n{"_id": "x", "_source": {}}\n`,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^dac: bad\.ndjson:2: missing _index/);
    });

    it("a bad --at", async () => {
      const result = await run(["rules/failed_login.toml", "--events", "events.ndjson", "--at", "yesterday"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--at must be an ISO 8601 time, not "yesterday"/);
    });

    it("a bad --runs", async () => {
      const result = await run([
        "rules/failed_login.toml",
        "--events",
        "events.ndjson",
        ...at,
        "--runs",
        "0",
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--runs must be a whole number/);
    });

    it("a rule type that cannot run locally", async () => {
      const ml = QUERY_RULE.replace('type = "query"', 'type = "machine_learning"').replace(
        /query = '.*'/,
        'anomaly_threshold = 50\nmachine_learning_job_id = "job"',
      );
      const result = await run(["rules/ml.toml", "--events", "events.ndjson", ...at], {
        "rules/ml.toml": ml,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^dac: rule type "machine_learning" cannot be executed locally/);
    });

    it("a rule file that does not parse", async () => {
      const result = await run(["rules/broken.toml", "--events", "events.ndjson", ...at], {
        "rules/broken.toml": "[rule\nname = 1\n",
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^dac: rules\/broken\.toml:1:\d+: /);
    });

    it("missing required options", async () => {
      const result = await run(["rules/failed_login.toml", "--events", "events.ndjson"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--at/);
    });
  });
});
