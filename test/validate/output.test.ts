import { describe, expect, it } from "vitest";
import {
  defaultFindingsFormat,
  formatGithub,
  formatHuman,
  formatJson,
} from "../../src/cli/findings-output.js";
import type { Finding } from "../../src/findings/finding.js";

const findings: Finding[] = [
  {
    file: "rules/a.toml",
    line: 3,
    column: 5,
    rule_id: "r-1",
    code: "mitre-name-mismatch",
    severity: "warning",
    message: 'T1098 is named "Account Manipulation", not "x"',
    hint: 'name = "Account Manipulation"',
  },
  {
    file: "rules/a.toml",
    line: 9,
    column: 1,
    code: "schema",
    severity: "error",
    message: "rule.risk_score: must be integer",
  },
  {
    file: "rules/b, c.toml",
    line: 1,
    column: 1,
    code: "tag-tactic-none",
    severity: "info",
    message: "50% done\nnext",
  },
];
const report = { files: 3, rules: 2, findings };

describe("findings output", () => {
  it("human: file:line:col severity code message, hints, blank line between files, summary", () => {
    expect(formatHuman(report, 1234)).toBe(
      [
        'rules/a.toml:3:5 warning mitre-name-mismatch T1098 is named "Account Manipulation", not "x"',
        '  hint: name = "Account Manipulation"',
        "rules/a.toml:9:1 error schema rule.risk_score: must be integer",
        "",
        "rules/b, c.toml:1:1 info tag-tactic-none 50% done\nnext",
        "",
        "3 files, 2 rules: 1 error, 1 warning, 1 info (1.23 s)",
        "",
      ].join("\n"),
    );
    expect(formatHuman({ files: 1, rules: 1, findings: [] }, 10)).toBe(
      "1 file, 1 rule: 0 errors, 0 warnings, 0 info (0.01 s)\n",
    );
  });

  it("json: exactly one object with every key on every finding", () => {
    const parsed = JSON.parse(formatJson(report));
    expect(Object.keys(parsed)).toEqual(["files", "rules", "findings"]);
    expect(parsed.findings[1]).toEqual({
      file: "rules/a.toml",
      line: 9,
      column: 1,
      rule_id: null,
      code: "schema",
      severity: "error",
      message: "rule.risk_score: must be integer",
      hint: null,
    });
  });

  it("github: escaped workflow annotations, info as notice", () => {
    const lines = formatGithub(report, 0).split("\n");
    expect(lines[0]).toBe(
      '::warning file=rules/a.toml,line=3,col=5,title=mitre-name-mismatch::T1098 is named "Account Manipulation", not "x"%0Ahint: name = "Account Manipulation"',
    );
    expect(lines[1]).toBe(
      "::error file=rules/a.toml,line=9,col=1,title=schema::rule.risk_score: must be integer",
    );
    expect(lines[2]).toBe(
      "::notice file=rules/b%2C c.toml,line=1,col=1,title=tag-tactic-none::50%25 done%0Anext",
    );
  });

  it("defaults to github inside GitHub Actions", () => {
    expect(defaultFindingsFormat({ GITHUB_ACTIONS: "true" })).toBe("github");
    expect(defaultFindingsFormat({})).toBe("human");
  });
});
