import { describe, expect, it } from "vitest";
import { createCatalogCache, openCatalog } from "../../src/catalog/catalog.js";
import { parseKql } from "../../src/kql/parser.js";
import { parseRuleFile } from "../../src/schema/toml/load.js";
import { checkRuleFields } from "../../src/validate/fields/check-fields.js";
import { requiredFields } from "../../src/validate/fields/required-fields.js";

const catalog = openCatalog({ cache: createCatalogCache() });

/** A rule file whose query starts on line 8, column 1. */
function ruleFile(
  query: string,
  extra = "",
  index = '["filebeat-*", "logs-aws.cloudtrail*"]',
  integration = '["aws"]',
) {
  const text = `[metadata]
integration = ${integration}

[rule]
rule_id = "r1"
index = ${index}
query = '''
${query}
'''
${extra}`;
  return parseRuleFile("rules/r.toml", text);
}

function check(query: string, extra = "", index?: string, integration?: string) {
  const file = ruleFile(query, extra, index, integration);
  const ast = parseKql(file.rule!.query as string);
  return checkRuleFields({ file, rule: file.rule!, metadata: file.metadata, ruleId: "r1" }, ast, catalog);
}

const brief = (f: { code: string; severity: string; line: number; column: number }) =>
  `${f.severity} ${f.code} ${f.line}:${f.column}`;

const FIRST_RULE_QUERY =
  'event.dataset:"aws.cloudtrail" and event.provider:"ec2.amazonaws.com" and event.action:"GetPasswordData" and aws.cloudtrail.user_identity.type:"AssumedRole" and aws.cloudtrail.error_code:"Client.UnauthorizedOperation"';
const NEW_TERMS = `[rule.new_terms]
field = "new_terms_fields"
value = ["aws.cloudtrail.user_identity.session_context.session_issuer.arn"]
`;

describe("field checks", () => {
  it("accepts the first rule", () => {
    expect(check(FIRST_RULE_QUERY, NEW_TERMS)).toEqual([]);
  });

  it("reports an unknown field as an error when the rule's schemas are loaded, with its position", () => {
    const findings = check('event.action:"x" and aws.cloudtrail.eror_code:"y"');
    expect(findings.map(brief)).toEqual(["error kql-unknown-field 8:22"]);
    expect(findings[0]).toMatchObject({
      file: "rules/r.toml",
      rule_id: "r1",
      hint: "did you mean aws.cloudtrail.error_code?",
    });
  });

  it("only warns when no schema is loaded for the rule's data", () => {
    const findings = check("acme.actor.id:x", "", '["logs-acme*"]', '["acme"]');
    expect(findings.map(brief)).toEqual(["warning kql-unknown-field 8:1"]);
    expect(findings[0].message).toContain("logs-acme*");
  });

  it("reports each unknown field once per rule", () => {
    expect(check("nope.a:1 or nope.a:2 or nope.a:3").length).toBe(1);
  });

  it("rejects values that cannot match the field type", () => {
    const findings = check(
      "source.ip:10.0.0.0/8 and source.ip:not-an-ip and source.port:abc and @timestamp < yesterday and aws.cloudtrail.read_only:yes",
    );
    expect(findings.map(brief)).toEqual([
      "error kql-value-type 8:36",
      "error kql-value-type 8:62",
      "error kql-value-type 8:83",
      "error kql-value-type 8:122",
    ]);
  });

  it("accepts IPv6, CIDR, date math and booleans", () => {
    expect(
      check(
        'source.ip:"2001:db8::1" or source.ip:"2001:db8::/32" or @timestamp >= now-15m/m or @timestamp:"2024-01-01" or aws.cloudtrail.read_only:true or source.port >= 1024',
      ),
    ).toEqual([]);
  });

  it("flags wildcards where they behave surprisingly", () => {
    const findings = check(
      'source.ip:10.* and message:Err*r and user_agent.original:*S3 Browser* and event.action:"Get*" and event.action:*Password',
    );
    expect(findings.map((f) => `${f.code} ${f.column}`)).toEqual([
      "kql-wildcard-type 11",
      "kql-wildcard-text 28",
      "kql-wildcard-whitespace 58",
      "kql-leading-wildcard 58",
      "kql-quoted-wildcard 88",
      "kql-leading-wildcard 112",
    ]);
  });

  it("treats a quoted * on a text field as analysed away, not as a literal", () => {
    expect(check('message:"*error*"')).toEqual([]);
  });

  it("reports nested fields outside their nested group and non-indexed fields", () => {
    const findings = check('threat.enrichments.indicator.ip:"1.2.3.4" and event.original:*foo*');
    expect(findings.map((f) => f.code)).toEqual(["kql-nested-field", "kql-unsearchable-field"]);
    expect(check('threat.enrichments:{ indicator.ip:"1.2.3.4" }')).toEqual([]);
  });

  it("checks new_terms and threshold fields: unknown and not aggregatable", () => {
    const newTerms = `[rule.new_terms]
field = "new_terms_fields"
value = ["user.name.text", "aws.cloudtrail.nope"]
`;
    const findings = check("event.action:x", newTerms);
    expect(findings.map(brief)).toEqual([
      "error rule-field-not-aggregatable 12:10",
      "error rule-unknown-aggregation-field 12:28",
    ]);
    expect(findings[0].hint).toBe("use user.name");
    const threshold = `[rule.threshold]
field = ["message"]
value = 5
`;
    expect(check("event.action:x", threshold).map(brief)).toEqual([
      "error rule-field-not-aggregatable 11:10",
    ]);
  });
});

describe("required_fields and related_integrations", () => {
  it("lists the first rule's fields sorted, with types and ECS flags", () => {
    const file = ruleFile(FIRST_RULE_QUERY, NEW_TERMS);
    const ast = parseKql(file.rule!.query as string);
    expect(requiredFields({ rule: file.rule!, metadata: file.metadata }, ast, catalog)).toEqual([
      { name: "aws.cloudtrail.error_code", type: "keyword", ecs: false },
      {
        name: "aws.cloudtrail.user_identity.session_context.session_issuer.arn",
        type: "keyword",
        ecs: false,
      },
      { name: "aws.cloudtrail.user_identity.type", type: "keyword", ecs: false },
      { name: "event.action", type: "keyword", ecs: true },
      { name: "event.dataset", type: "constant_keyword", ecs: true },
      { name: "event.provider", type: "keyword", ecs: true },
    ]);
  });

  it("lists the source fields of an ES|QL rule's query, typed by the schemas of its FROM indices", () => {
    const file = parseRuleFile(
      "rules/r.toml",
      `[rule]
rule_id = "r1"
type = "esql"
language = "esql"
query = '''
FROM logs-aws.cloudtrail-* METADATA _id
| WHERE event.action == "GetPasswordData"
| STATS instances = COUNT_DISTINCT(aws.cloudtrail.request_parameters) BY user.name
| WHERE instances > 3
'''
`,
    );
    expect(requiredFields({ rule: file.rule!, metadata: file.metadata }, undefined, catalog)).toEqual([
      { name: "aws.cloudtrail.request_parameters", type: "keyword", ecs: false },
      { name: "event.action", type: "keyword", ecs: true },
      { name: "user.name", type: "keyword", ecs: true },
    ]);
  });

  it("names unknown field types 'unknown'", () => {
    const file = ruleFile("custom.thing:1", "", '["logs-*"]');
    const fields = requiredFields(
      { rule: file.rule!, metadata: file.metadata },
      parseKql("custom.thing:1"),
      catalog,
    );
    expect(fields).toEqual([{ name: "custom.thing", type: "unknown", ecs: false }]);
  });
});
