import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { parseRuleFile } from "../../src/schema/toml/load.js";
import { validateFiles } from "../../src/validate/pipeline.js";
import { VALID_RULE } from "./helpers.js";

function findings(text: string) {
  const file = parseRuleFile("rules/r.toml", text);
  return validateFiles([file], { config: loadConfig("/nonexistent-dir-for-defaults") }).findings;
}

describe("unknown [metadata] keys", () => {
  it("a misspelt key is reported like an unknown rule key, with a suggestion and its position", () => {
    const text = VALID_RULE.replace("[metadata]\n", '[metadata]\nintegrations = ["aws"]\n');
    expect(findings(text)).toContainEqual(
      expect.objectContaining({
        code: "unknown-key",
        severity: "warning",
        line: 2,
        message: expect.stringContaining(
          'unknown [metadata] key "integrations" (did you mean "integration"?)',
        ),
      }),
    );
  });

  it("a key far from every known one is reported with the list of known keys", () => {
    const text = VALID_RULE.replace("[metadata]\n", '[metadata]\nowner = "soc"\n');
    const finding = findings(text).find((f) => f.code === "unknown-key");
    expect(finding?.message).toContain('unknown [metadata] key "owner"');
    expect(finding?.hint).toContain("known keys: ");
  });

  it("the keys of Elastic's detection-rules repository are known", () => {
    const text = VALID_RULE.replace(
      "[metadata]\n",
      '[metadata]\nmin_stack_version = "8.13.0"\nmin_stack_comments = "x"\nbypass_bbr_timing = true\n',
    );
    expect(findings(text).filter((f) => f.code === "unknown-key")).toEqual([]);
  });
});
