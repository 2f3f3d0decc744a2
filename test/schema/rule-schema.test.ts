import { describe, expect, it } from "vitest";
import { ruleCreateJsonSchema, ruleTypes } from "../../src/schema/rule-schema.js";
import { validateRuleCreate } from "../../src/schema/validate-rule.js";

const common = { name: "Example", description: "An example rule", risk_score: 47, severity: "medium" };

/** One minimal but complete create body per rule type. */
const validExamples: Record<string, Record<string, unknown>> = {
  query: { ...common, type: "query", query: "host.name:*", language: "kuery", index: ["logs-*"] },
  saved_query: { ...common, type: "saved_query", saved_id: "my-saved-query", data_view_id: "logs" },
  threshold: {
    ...common,
    type: "threshold",
    query: "event.outcome:failure",
    threshold: { field: ["source.ip"], value: 20, cardinality: [{ field: "user.name", value: 5 }] },
    alert_suppression: { duration: { value: 30, unit: "m" } },
  },
  threat_match: {
    ...common,
    type: "threat_match",
    query: "destination.ip:*",
    threat_query: "threat.indicator.type:ipv4-addr",
    threat_index: ["logs-ti_*"],
    threat_mapping: [
      { entries: [{ field: "destination.ip", type: "mapping", value: "threat.indicator.ip" }] },
    ],
    concurrent_searches: 1,
    items_per_search: 100,
  },
  eql: {
    ...common,
    type: "eql",
    language: "eql",
    query: "process where true",
    tiebreaker_field: "event.sequence",
  },
  esql: { ...common, type: "esql", language: "esql", query: "FROM logs-* | LIMIT 1" },
  machine_learning: {
    ...common,
    type: "machine_learning",
    anomaly_threshold: 75,
    machine_learning_job_id: "rare",
  },
  new_terms: {
    ...common,
    type: "new_terms",
    query: "event.action:GetPasswordData",
    new_terms_fields: ["user.name", "source.ip"],
    history_window_start: "now-7d",
    index: ["logs-aws.cloudtrail*"],
    alert_suppression: { group_by: ["user.name"], missing_fields_strategy: "suppress" },
  },
};

const fullCommonFields = {
  rule_id: "r-1",
  version: 3,
  enabled: true,
  from: "now-9m",
  to: "now",
  interval: "5m",
  max_signals: 100,
  tags: ["Domain: Cloud"],
  author: ["Elastic"],
  license: "Elastic License v2",
  references: ["https://example.com"],
  false_positives: ["admins"],
  threat: [
    {
      framework: "MITRE ATT&CK",
      tactic: {
        id: "TA0006",
        name: "Credential Access",
        reference: "https://attack.mitre.org/tactics/TA0006/",
      },
      technique: [
        {
          id: "T1552",
          name: "Unsecured Credentials",
          reference: "https://attack.mitre.org/techniques/T1552/",
          subtechnique: [{ id: "T1552.005", name: "Cloud Instance Metadata API", reference: "https://x" }],
        },
      ],
    },
  ],
  note: "## Triage",
  setup: "",
  timestamp_override: "event.ingested",
  timestamp_override_fallback_disabled: false,
  required_fields: [{ name: "user.name", type: "keyword" }],
  related_integrations: [{ package: "aws", version: "^2.0.0", integration: "cloudtrail" }],
  investigation_fields: { field_names: ["user.name"] },
  risk_score_mapping: [{ field: "x", operator: "equals", value: "1", risk_score: 90 }],
  severity_mapping: [{ field: "x", operator: "equals", value: "1", severity: "high" }],
  rule_name_override: "message",
  building_block_type: "default",
  exceptions_list: [{ id: "a", list_id: "b", type: "detection", namespace_type: "single" }],
  actions: [
    {
      action_type_id: ".slack",
      id: "c-1",
      params: { message: "hi" },
      frequency: { summary: true, notifyWhen: "onActiveAlert", throttle: null },
    },
  ],
  throttle: "1h",
  response_actions: [
    { action_type_id: ".osquery", params: { query: "select 1" } },
    { action_type_id: ".endpoint", params: { command: "isolate", comment: "contain" } },
  ],
  meta: { anything: { goes: true } },
  namespace: "default",
  output_index: "",
  timeline_id: "t-1",
  timeline_title: "Timeline",
  outcome: "exactMatch",
};

function rule(type: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...validExamples[type], ...changes };
}

describe("validateRuleCreate accepts", () => {
  it.each(ruleTypes)("a valid %s rule", (type) => {
    expect(validateRuleCreate(validExamples[type])).toEqual([]);
  });

  it.each(ruleTypes)("a %s rule using every shared field", (type) => {
    expect(validateRuleCreate({ ...validExamples[type], ...fullCommonFields })).toEqual([]);
  });

  it("the alternative forms of union fields", () => {
    expect(validateRuleCreate(rule("threshold", { threshold: { field: "", value: 1 } }))).toEqual([]);
    expect(validateRuleCreate(rule("machine_learning", { machine_learning_job_id: ["a", "b"] }))).toEqual([]);
    expect(
      validateRuleCreate(rule("query", { throttle: "no_actions", from: "2024-01-01T00:00:00Z" })),
    ).toEqual([]);
  });
});

describe("validateRuleCreate rejects", () => {
  const cases: [string, Record<string, unknown>, (string | number)[], RegExp][] = [
    ["a missing shared field", rule("query", { name: undefined }), ["name"], /is required/],
    [
      "a missing type field",
      rule("new_terms", { history_window_start: undefined }),
      ["history_window_start"],
      /is required/,
    ],
    ["an empty name", rule("query", { name: "" }), ["name"], /fewer than 1 characters/],
    ["risk_score above 100", rule("query", { risk_score: 101 }), ["risk_score"], /<= 100/],
    ["a fractional risk_score", rule("query", { risk_score: 47.5 }), ["risk_score"], /integer/],
    ["max_signals 0", rule("query", { max_signals: 0 }), ["max_signals"], />= 1/],
    ["version 0", rule("query", { version: 0 }), ["version"], />= 1/],
    ["an unknown severity", rule("query", { severity: "severe" }), ["severity"], /one of "low", "medium"/],
    ["a wrong language", rule("new_terms", { language: "eql" }), ["language"], /one of "kuery", "lucene"/],
    ["kuery on an eql rule", rule("eql", { language: "kuery" }), ["language"], /must be "eql"/],
    [
      "four new_terms_fields",
      rule("new_terms", { new_terms_fields: ["a", "b", "c", "d"] }),
      ["new_terms_fields"],
      /more than 3/,
    ],
    [
      "no new_terms_fields",
      rule("new_terms", { new_terms_fields: [] }),
      ["new_terms_fields"],
      /fewer than 1/,
    ],
    [
      "a blank history_window_start",
      rule("new_terms", { history_window_start: "  " }),
      ["history_window_start"],
      /empty/,
    ],
    ["from that is not date math", rule("query", { from: "9 minutes ago" }), ["from"], /date math/],
    ["a throttle not matching the pattern", rule("query", { throttle: "0m" }), ["throttle"], /duration/],
    [
      "an empty threat_mapping",
      rule("threat_match", { threat_mapping: [] }),
      ["threat_mapping"],
      /fewer than 1/,
    ],
    [
      "a threshold field of the wrong type",
      rule("threshold", { threshold: { field: 3, value: 1 } }),
      ["threshold", "field"],
      /field name or an array/,
    ],
    [
      "six threshold fields",
      rule("threshold", { threshold: { field: ["a", "b", "c", "d", "e", "f"], value: 1 } }),
      ["threshold", "field"],
      /at most 5/,
    ],
    [
      "group_by on threshold suppression",
      rule("threshold", { alert_suppression: { group_by: ["a"], duration: { value: 1, unit: "m" } } }),
      ["alert_suppression", "group_by"],
      /unknown key/,
    ],
    [
      "a suppression duration unit of days",
      rule("query", { alert_suppression: { group_by: ["a"], duration: { value: 1, unit: "d" } } }),
      ["alert_suppression", "duration", "unit"],
      /"s", "m", "h"/,
    ],
    [
      "an exception list without list_id",
      rule("query", { exceptions_list: [{ id: "a", type: "detection", namespace_type: "single" }] }),
      ["exceptions_list", 0, "list_id"],
      /is required/,
    ],
    [
      "an investigation_fields array",
      rule("query", { investigation_fields: ["user.name"] }),
      ["investigation_fields"],
      /must be object/,
    ],
    [
      "a threat without tactic",
      rule("query", { threat: [{ framework: "MITRE ATT&CK" }] }),
      ["threat", 0, "tactic"],
      /is required/,
    ],
    [
      "an action without params",
      rule("query", { actions: [{ action_type_id: ".slack", id: "c" }] }),
      ["actions", 0, "params"],
      /is required/,
    ],
  ];

  it.each(cases)("%s", (_name, body, path, message) => {
    const issues = validateRuleCreate(body);
    const issue = issues.find((candidate) => JSON.stringify(candidate.path) === JSON.stringify(path));
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it("an unknown top-level key, as its own kind with a suggestion", () => {
    expect(validateRuleCreate(rule("query", { tagz: ["x"] }))).toEqual([
      {
        path: ["tagz"],
        kind: "unknown-key",
        message: expect.stringMatching(/unknown key "tagz" \(did you mean "tags"\?\)/),
      },
    ]);
  });

  it("a nested unknown key", () => {
    const threat = [
      {
        framework: "MITRE ATT&CK",
        tactic: { id: "TA0006", name: "Credential Access", reference: "r", url: "u" },
      },
    ];
    expect(validateRuleCreate(rule("query", { threat }))).toEqual([
      {
        path: ["threat", 0, "tactic", "url"],
        kind: "unknown-key",
        message: expect.stringContaining('unknown key "url"'),
      },
    ]);
  });

  it("a field of another rule type, naming the types it belongs to", () => {
    const issues = validateRuleCreate(rule("query", { threat_index: ["ti-*"] }));
    expect(issues).toEqual([
      {
        path: ["threat_index"],
        kind: "unknown-key",
        message: expect.stringContaining("only of threat_match"),
      },
    ]);
  });

  it("reports the errors of the branch the type selects, not of every type", () => {
    const issues = validateRuleCreate(rule("new_terms", { new_terms_fields: undefined }));
    expect(issues).toEqual([{ path: ["new_terms_fields"], kind: "schema", message: "is required" }]);
  });

  it("a missing or unknown type, and a body that is not an object", () => {
    expect(validateRuleCreate({ ...common })[0]).toMatchObject({
      path: ["type"],
      message: expect.stringMatching(/is required/),
    });
    expect(validateRuleCreate({ ...common, type: "sigma" })[0].message).toMatch(
      /one of "query", "saved_query"/,
    );
    expect(validateRuleCreate([])).toEqual([{ path: [], message: "must be an object", kind: "schema" }]);
  });
});

describe("ruleCreateJsonSchema", () => {
  it("is plain JSON with one closed branch per rule type", () => {
    const schema = ruleCreateJsonSchema() as {
      anyOf: { properties: { type: { const: string } }; additionalProperties: boolean }[];
    };
    expect(schema.anyOf.map((branch) => branch.properties.type.const).sort()).toEqual([...ruleTypes].sort());
    expect(schema.anyOf.every((branch) => branch.additionalProperties === false)).toBe(true);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
