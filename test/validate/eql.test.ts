import { describe, expect, it } from "vitest";
import { parseRuleFile } from "../../src/schema/toml/load.js";
import { defaultRuleChecks } from "../../src/validate/default-checks.js";
import { validateFiles } from "../../src/validate/pipeline.js";
import { config, variant } from "./helpers.js";

const checks = defaultRuleChecks({ now: Date.UTC(2024, 5, 1) });
const KQL_QUERY = 'event.action:"added-member-to-group" and group.name:"Administrators"';

/** The helpers' valid rule turned into an EQL rule with `query`. */
const eqlRule = (query: string) =>
  variant(['language = "kuery"', 'language = "eql"'], ['type = "query"', 'type = "eql"'], [KQL_QUERY, query]);

const findings = (text: string, code: string) =>
  validateFiles([parseRuleFile("rules/a.toml", text)], { config: config({}), checks }).findings.filter(
    (finding) => finding.code === code,
  );

describe("eql-syntax", () => {
  it("reports a query Elasticsearch cannot parse at its position in the file", () => {
    const text = eqlRule("registry wheer ((");
    const [finding] = findings(text, "eql-syntax");
    const line = text.split("\n").indexOf("registry wheer ((") + 1;
    expect(finding).toMatchObject({ severity: "error", line, column: 10 });
    expect(finding.message).toContain("mismatched input 'wheer' expecting 'where'");
  });

  it("reports what the Python eql package accepts but Elasticsearch does not", () => {
    expect(findings(eqlRule("process where a = 1"), "eql-syntax")).toHaveLength(1);
    expect(findings(eqlRule("process where true | unique process.name"), "eql-syntax")).toHaveLength(1);
    expect(findings(eqlRule("process where arrayContains(process.args, 1)"), "eql-syntax")).toHaveLength(1);
  });

  it("accepts a valid sequence", () => {
    const query =
      'sequence by host.id with maxspan=1m [process where process.name == "a"] [network where true]';
    expect(findings(eqlRule(query), "eql-syntax")).toEqual([]);
  });
});
