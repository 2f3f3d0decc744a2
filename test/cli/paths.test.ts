import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createProject, type Project, QUERY_RULE } from "../engine/rule-tests/project.js";
import { dac } from "./helpers.js";

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

function withRule(): Project {
  project = createProject({ "rules/failed_login.toml": QUERY_RULE });
  return project;
}

const KIBANA = { KIBANA_URL: "http://127.0.0.1:9" };

describe("paths on the command line", () => {
  it.each([
    [["validate", "rulez"]],
    [["test", "rulez"]],
    [["fmt", "--check", "rulez"]],
    [["export", "rulez", "--out", "out.ndjson"]],
    [["check", "rulez"]],
    [["deploy", "rulez", "--dry-run"]],
  ])("dac %j: a path that does not exist is a usage error, exit 2", async (args) => {
    const { root } = withRule();
    const result = await dac(args, root, KIBANA);
    expect(result.stderr).toContain("dac: rulez: path does not exist");
    expect(result.code).toBe(2);
  });

  it("dac test on a folder without rules fails with no-rules-found", async () => {
    const { root } = withRule();
    mkdirSync(join(root, "empty"));
    const result = await dac(["test", "empty"], root);
    expect(result.stdout).toContain("no-rules-found");
    expect(result.code).toBe(1);
  });

  it("dac test on a file that is not a .toml rule file fails with no-rules-found", async () => {
    const { root, write } = withRule();
    write("tests.yaml", "cases: []\n");
    const result = await dac(["test", "tests.yaml"], root);
    expect(result.stdout).toContain("no-rules-found");
    expect(result.code).toBe(1);
  });

  it("an empty folder counts no files and no rules", async () => {
    const { root } = withRule();
    mkdirSync(join(root, "empty"));
    const result = await dac(["validate", "empty"], root);
    expect(result.stdout).toContain("0 files, 0 rules: 1 error");
    expect(result.code).toBe(1);
  });

  it("a dangling symbolic link under rules/ is a warning, not silently skipped", async () => {
    const { root } = withRule();
    symlinkSync(join(root, "gone.toml"), join(root, "rules", "moved.toml"));
    const result = await dac(["validate", "--format", "json"], root);
    const report = JSON.parse(result.stdout);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ file: "rules/moved.toml", code: "broken-link", severity: "warning" }),
    );
    expect(report.files).toBe(1);
    expect(result.code).toBe(0);
  });

  it("summaries say 1 rule, not 1 rules", async () => {
    const { root } = withRule();
    const result = await dac(["test"], root);
    expect(result.stdout).toMatch(/^1 rule, 0 case runs in /m);
  });
});
