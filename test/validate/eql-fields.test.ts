import { describe, expect, it } from "vitest";
import { createCatalogCache, openCatalog } from "../../src/catalog/catalog.js";
import { parseRuleFile } from "../../src/schema/toml/load.js";
import { ruleContext } from "../../src/validate/check.js";
import { eqlFieldCheck } from "../../src/validate/fields/eql-fields.js";

const check = eqlFieldCheck(openCatalog({ cache: createCatalogCache() }));

/** Findings for an EQL rule over CloudTrail (its schemas are shipped, so unknown fields are errors). */
function findings(query: string, extra = "", index = '["logs-aws.cloudtrail*"]') {
  const text = `[metadata]
integration = ["aws"]

[rule]
rule_id = "r1"
type = "eql"
language = "eql"
index = ${index}
${extra}
query = '''
${query}
'''
`;
  const context = ruleContext(parseRuleFile("rules/r.toml", text));
  return check(context!).map((f) => `${f.severity} ${f.code} ${f.line}:${f.column} ${f.message}`);
}

describe("EQL field checks", () => {
  it("accepts known fields used as their types allow", () => {
    const query = `sequence by source.ip with maxspan=1m
  [authentication where aws.cloudtrail.user_identity.type == "Root" and cidrMatch(source.ip, "10.0.0.0/8")]
  [iam where startsWith~(event.action, "Create") and process.pid > 1]`;
    expect(findings(query)).toEqual([]);
  });

  it("reports an unknown field with a suggestion, but not an optional one", () => {
    expect(findings('iam where event.actoin == "x" and ?custom.field == null')).toEqual([
      "error eql-unknown-field 11:11 unknown field event.actoin in aws.cloudtrail + ECS",
    ]);
  });

  it("reports values and operators the field's type cannot serve", () => {
    expect(
      findings('iam where process.pid == "abc" or source.ip == "not-an-ip" or process.pid : "1*"'),
    ).toEqual([
      'error eql-value-type 11:26 process.pid is long: "abc" is not a number',
      'error eql-value-type 11:48 source.ip is ip: "not-an-ip" is not an IP address (use cidrMatch for ranges)',
      "error eql-value-type 11:63 [:] matches strings, but process.pid is long",
    ]);
  });

  it("reports functions given fields of the wrong type and text fields EQL cannot compare", () => {
    expect(
      findings(
        'iam where cidrMatch(host.name, "10.0.0.0/8") or endsWith(process.pid, "1") or message == "x"',
      ),
    ).toEqual([
      "error eql-cidr-field 11:21 cidrMatch needs an ip field, but host.name is keyword",
      "error eql-function-argument-type 11:58 argument 1 of endsWith must be a string, but process.pid is long",
      "error eql-text-field 11:79 message is match_only_text without a keyword sub-field: EQL compares exact values and cannot use it",
    ]);
  });

  it("reports categories ECS does not allow, unless the rule overrides the category field", () => {
    expect(findings("dns where true")).toEqual([
      "warning eql-event-category 11:1 event category dns is not an ECS event.category value",
    ]);
    expect(findings("dns where true", 'event_category_override = "event.type"')).toEqual([]);
  });

  it("reports join keys whose types differ between terms", () => {
    expect(findings("sequence [iam where true] by process.pid [iam where true] by process.name")).toEqual([
      "warning eql-join-key-type 11:62 join key 1 is long in one term and keyword in another: values never match",
    ]);
  });

  it("reports rule parameters naming unknown or unsortable fields", () => {
    expect(
      findings("iam where true", 'tiebreaker_field = "event.sequense"\ntimestamp_field = "message"'),
    ).toEqual([
      "error eql-rule-field 10:1 timestamp_field message is match_only_text, which cannot be sorted or compared exactly",
      "error eql-rule-field 9:1 tiebreaker_field event.sequense is not a known field in aws.cloudtrail + ECS",
    ]);
  });
});
