import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createProject, type Project, QUERY_RULE } from "../engine/rule-tests/project.js";
import { dac } from "./helpers.js";

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

const PREVIOUS = '{"rule_id":"from-the-last-good-check"}\n';
const INVALID = QUERY_RULE.replace("risk_score = 21", 'risk_score = "high"').replace(
  /rule_id = ".*"/,
  'rule_id = "broken-1"',
);

function withInvalidRule(): Project {
  project = createProject({
    "rules/failed_login.toml": QUERY_RULE,
    "rules/broken.toml": INVALID,
    "out/rules.ndjson": PREVIOUS,
  });
  return project;
}

describe("dac check and the export", () => {
  it("leaves the previous export in place when validation fails", async () => {
    const { root } = withInvalidRule();
    const result = await dac(["check"], root);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("not written: validation failed, so out/rules.ndjson is left as it was");
    expect(readFileSync(join(root, "out", "rules.ndjson"), "utf8")).toBe(PREVIOUS);
  });

  it("reports each validation error once", async () => {
    const { root } = withInvalidRule();
    const result = await dac(["check", "--allow-partial"], root);
    expect(result.stdout.match(/risk_score/g)).toHaveLength(1);
  });

  it("--allow-partial writes the rules without errors", async () => {
    const { root } = withInvalidRule();
    const result = await dac(["check", "--allow-partial"], root);
    expect(result.code).toBe(1);
    const exported = readFileSync(join(root, "out", "rules.ndjson"), "utf8");
    expect(exported).not.toBe(PREVIOUS);
    expect(exported).not.toContain("broken-1");
  });
});
