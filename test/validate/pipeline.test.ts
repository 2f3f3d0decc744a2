import { describe, expect, it } from "vitest";
import { parseRuleFile } from "../../src/schema/toml/load.js";
import type { RuleCheck } from "../../src/validate/check.js";
import { defaultRuleChecks } from "../../src/validate/default-checks.js";
import { validateFiles } from "../../src/validate/pipeline.js";
import { codes, config, VALID_RULE, variant } from "./helpers.js";

const checks = defaultRuleChecks({ now: Date.UTC(2024, 5, 1) });
const validate = (texts: Record<string, string>, checkSettings = {}) =>
  validateFiles(
    Object.entries(texts).map(([path, text]) => parseRuleFile(path, text)),
    { config: config(checkSettings), checks },
  );
const lineOf = (text: string, line: string) => text.split("\n").indexOf(line) + 1;

describe("validateFiles", () => {
  it("finds nothing in a valid rule and counts files and rules", () => {
    expect(validate({ "rules/a.toml": VALID_RULE })).toEqual({ files: 1, rules: 1, findings: [] });
  });

  it("reports schema problems at the TOML key", () => {
    const text = variant(["risk_score = 47", 'risk_score = "47"']);
    const report = validate({ "rules/a.toml": text });
    const schema = report.findings.filter((f) => f.code === "schema");
    expect(schema).toHaveLength(1);
    expect(schema[0]).toMatchObject({
      severity: "error",
      line: lineOf(text, 'risk_score = "47"'),
      column: 1,
    });
    expect(schema[0].message).toContain("risk_score");
  });

  it("maps new_terms API paths back to the TOML layout", () => {
    const text = variant(
      ['type = "query"', 'type = "new_terms"'],
      [
        "\n[[rule.threat]]",
        '\n[rule.new_terms]\nfield = "new_terms_fields"\nvalue = ["a", "b", "c", "d"]\n\n[[rule.new_terms.history_window_start]]\nfield = "history_window_start"\nvalue = "now-14d"\n\n[[rule.threat]]',
      ],
    );
    const schema = validate({ "rules/a.toml": text }).findings.filter((f) => f.code === "schema");
    expect(schema).toHaveLength(1);
    expect(schema[0].line).toBe(lineOf(text, 'value = ["a", "b", "c", "d"]'));
  });

  it("unknown keys are warnings by default", () => {
    const text = variant(["risk_score = 47", "risk_score = 47\nrisk_scor = 47"]);
    const unknown = validate({ "rules/a.toml": text }).findings.filter((f) => f.code === "unknown-key");
    expect(unknown).toMatchObject([{ severity: "warning", line: lineOf(text, "risk_scor = 47") }]);
  });

  it("reports KQL syntax errors at their position in the file", () => {
    const text = variant(['group.name:"Administrators"', "group.name:(Administrators or"]);
    const kql = validate({ "rules/a.toml": text }).findings.filter((f) => f.code === "kql-syntax");
    expect(kql).toHaveLength(1);
    const queryLine = lineOf(text, 'event.action:"added-member-to-group" and group.name:(Administrators or');
    expect(kql[0]).toMatchObject({ severity: "error", line: queryLine });
    expect(kql[0].column).toBeGreaterThan('event.action:"added-member-to-group" and group.name:('.length);
  });

  it("does not parse EQL as KQL", () => {
    const text = variant(
      ['language = "kuery"', 'language = "eql"'],
      ['type = "query"', 'type = "eql"'],
      [
        'event.action:"added-member-to-group" and group.name:"Administrators"',
        'iam where event.action == "added-member-to-group"',
      ],
    );
    expect(codes(validate({ "rules/a.toml": text }).findings)).toEqual([]);
  });

  it("applies config: off drops, a severity overrides, off-by-default codes can be enabled", () => {
    const text = variant(
      ["risk_score = 47", "risk_score = 73"],
      ['index = ["logs-endpoint.events.*"]\n', ""],
    );
    expect(validate({ "rules/a.toml": text }).findings.map((f) => [f.code, f.severity])).toEqual([
      ["severity-risk-band", "warning"],
      ["index-missing", "warning"],
    ]);
    const configured = validate(
      { "rules/a.toml": text },
      { "index-missing": "off", "severity-risk-band": "error" },
    );
    expect(configured.findings.map((f) => [f.code, f.severity])).toEqual([["severity-risk-band", "error"]]);
    const untagged = variant(['"Tactic: Persistence", ', ""]);
    expect(codes(validate({ "rules/a.toml": untagged }).findings)).toEqual(["tag-tactic-none"]);
    expect(
      codes(validate({ "rules/a.toml": untagged }, { "tag-tactic-missing": "warning" }).findings).sort(),
    ).toEqual(["tag-tactic-missing", "tag-tactic-none"]);
  });

  it("checks rule_id across files and names across active rules", () => {
    const report = validate({ "rules/b.toml": VALID_RULE, "rules/a.toml": VALID_RULE });
    expect(report.findings.map((f) => [f.file, f.code])).toEqual([
      ["rules/a.toml", "name-duplicate"],
      ["rules/a.toml", "rule-id-duplicate"],
      ["rules/b.toml", "name-duplicate"],
      ["rules/b.toml", "rule-id-duplicate"],
    ]);
    expect(report.findings.find((f) => f.code === "rule-id-duplicate")?.message).toContain("rules/b.toml");
    const deprecated = variant(
      ['maturity = "production"', 'deprecation_date = "2024/04/01"\nmaturity = "deprecated"'],
      [
        'rule_id = "0b8e3a5c-1111-4a1a-9c1e-000000000001"',
        'rule_id = "0b8e3a5c-1111-4a1a-9c1e-000000000002"',
      ],
    );
    expect(validate({ "rules/a.toml": VALID_RULE, "rules/_deprecated/a.toml": deprecated }).findings).toEqual(
      [],
    );
  });

  it("keeps loader findings, checks the other files, and sorts by file, line, column", () => {
    const report = validate({
      "rules/z.toml": variant(["risk_score = 47", "risk_score = 99"]),
      "rules/broken.toml": "[rule\nname = 1",
      "rules/other.toml": '[something]\nkey = "value"\n',
    });
    expect(report).toMatchObject({ files: 3, rules: 1 });
    expect(report.findings.map((f) => [f.file, f.code])).toEqual([
      ["rules/broken.toml", "toml-syntax"],
      ["rules/other.toml", "not-a-rule"],
      ["rules/z.toml", "severity-risk-band"],
    ]);
  });

  it("turns a check that throws into an internal-error finding and keeps going", () => {
    const broken: RuleCheck = () => {
      throw new Error("boom");
    };
    const report = validateFiles([parseRuleFile("rules/a.toml", VALID_RULE)], {
      config: config(),
      checks: [broken, ...checks],
    });
    expect(report.findings).toMatchObject([
      { code: "internal-error", severity: "error", file: "rules/a.toml" },
    ]);
    expect(report.findings[0].message).toContain("boom");
  });
});
