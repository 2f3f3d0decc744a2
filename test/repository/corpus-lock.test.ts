import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { lockStatuses } from "../../src/repository/lock-status.js";
import { openRepository } from "../../src/repository/repository.js";
import { loadRuleFiles } from "../../src/schema/toml/load.js";

/** Set DAC_CORPUS_DIR to a checkout of elastic/detection-rules (rules/, rules_building_block/ and etc/). */
const corpusDir = process.env.DAC_CORPUS_DIR;

/** Rules of the corpus edited after its last "Lock versions" commit: their content really changed. */
const EDITED_AFTER_LOCK = new Set([
  "rules/cross-platform/defense_evasion_elastic_agent_service_terminated.toml",
]);

describe.skipIf(!corpusDir)("the corpus's version.lock.json (DAC_CORPUS_DIR)", () => {
  it("verifies every locked production rule, except where dac's inputs differ from detection-rules'", () => {
    const root = corpusDir as string;
    const files = loadRuleFiles([join(root, "rules"), join(root, "rules_building_block")]).filter(
      (file) => file.metadata?.maturity === "production" && !file.path.includes("_deprecated"),
    );
    const repository = openRepository(loadConfig(root));
    const statuses = lockStatuses(files, repository.lock, repository.requiredFieldsOf).filter(
      (rule) => rule.status.kind !== "new",
    );
    const stale = statuses
      .filter((rule) => rule.status.kind === "changed" && !rule.status.uncertain)
      .map((rule) => relative(root, rule.file.path));
    const unchanged = statuses.filter((rule) => rule.status.kind === "unchanged").length;

    expect(stale.sort()).toEqual([...EDITED_AFTER_LOCK].sort());
    expect(unchanged / statuses.length).toBeGreaterThan(0.93);
  });
});
