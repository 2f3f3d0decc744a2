import { describe, expect, it } from "vitest";
import type { DacConfig } from "../../src/config/config.js";
import { parseRuleFile } from "../../src/schema/toml/load.js";
import { validateFiles } from "../../src/validate/pipeline.js";
import { config, VALID_RULE } from "./helpers.js";

/** VALID_RULE as detection-rules' own tests want it: timestamp_override and the Elastic Defend tags set. */
const DR_RULE = VALID_RULE.replace(
  'type = "query"',
  'timestamp_override = "event.ingested"\ntype = "query"',
).replace('"Domain: Endpoint",', '"Domain: Endpoint", "Data Source: Elastic Defend",');
const DR_PATH = "rules/persistence_admins.toml";

function errors(text: string, path = DR_PATH, settings: Partial<DacConfig> = { profile: "detection-rules" }) {
  const report = validateFiles([parseRuleFile(path, text)], { config: { ...config(), ...settings } });
  return report.findings.filter((f) => f.severity === "error").map((f) => f.code);
}

function mutated(...replacements: [string, string][]): string {
  let text = DR_RULE;
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`fixture has no ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text;
}

describe("profile: detection-rules", () => {
  it("passes a rule written to detection-rules' conventions", () => {
    expect(errors(DR_RULE)).toEqual([]);
  });

  it("leaves the conventions off without the profile", () => {
    expect(errors(mutated(['from = "now-9m"', 'from = "now-9m/m"']), "rules/Admins.toml", {})).toEqual([]);
  });

  it("lets `checks:` switch off a code the profile turns on", () => {
    const text = mutated(['from = "now-9m"', 'from = "now-9m/m"']);
    expect(errors(text, DR_PATH, { profile: "detection-rules", checks: { "from-format": "off" } })).toEqual(
      [],
    );
  });

  const cases: [string, string, [string, string][], string?][] = [
    ["file-name-format", "a file name with capitals", [], "rules/Persistence_Admins.toml"],
    [
      "file-name-tactic",
      "an Elastic rule whose file does not start with its tactic",
      [['author = ["Example"]', 'author = ["Elastic"]']],
      "rules/admins.toml",
    ],
    ["from-format", "from with rounding", [['from = "now-9m"', 'from = "now-9m/m"']]],
    [
      "timestamp-override",
      "a KQL rule without timestamp_override",
      [['timestamp_override = "event.ingested"\n', ""]],
    ],
    ["max-signals", "max_signals above 1000", [['type = "query"', 'type = "query"\nmax_signals = 2000']]],
    [
      "max-signals",
      "max_signals 1000 without the setup note",
      [['type = "query"', 'type = "query"\nmax_signals = 1000']],
    ],
    ["tag-prefix", "a tag without a known prefix", [['"Domain: Endpoint"', '"Endpoint"']]],
    ["tag-casing", "a controlled tag in other casing", [['"Domain: Endpoint"', '"Domain: endpoint"']]],
    ["tag-required", "an Elastic Defend index without its tags", [['"Domain: Endpoint", ', ""]]],
    [
      "tag-required",
      "a rule in a windows folder without the OS tag",
      [],
      "rules/windows/persistence_admins.toml",
    ],
    ["tag-primary-tactic", "no tag for the primary tactic", [['"Tactic: Persistence", ', ""]]],
    ["license", "an old Elastic License", [['license = "Apache-2.0"', 'license = "Elastic License"']]],
    [
      "investigation-guide",
      "a high-severity Elastic rule without a triage section",
      [
        ['author = ["Example"]', 'author = ["Elastic"]'],
        ["risk_score = 47", "risk_score = 73"],
        ['severity = "medium"', 'severity = "high"'],
      ],
    ],
    ["maturity-missing", "no maturity", [['maturity = "production"\n', ""]]],
    [
      "min-stack-version",
      "min_stack_version without comments",
      [['maturity = "production"', 'maturity = "production"\nmin_stack_version = "9.1.0"']],
    ],
    [
      "bbr-location",
      "a building block rule outside rules_building_block/",
      [
        ['type = "query"', 'type = "query"\nbuilding_block_type = "default"\ninterval = "60m"'],
        ['from = "now-9m"', 'from = "now-119m"'],
        ['"Tactic: Persistence",', '"Tactic: Persistence", "Rule Type: BBR",'],
      ],
    ],
    [
      "bbr-lookback",
      "a building block rule with a short look-back",
      [
        ['type = "query"', 'type = "query"\nbuilding_block_type = "default"'],
        ['"Tactic: Persistence",', '"Tactic: Persistence", "Rule Type: BBR",'],
      ],
      "rules_building_block/persistence_admins.toml",
    ],
    [
      "rule-id-format",
      "a rule_id that is not a UUID",
      [['rule_id = "0b8e3a5c-1111-4a1a-9c1e-000000000001"', 'rule_id = "admins-1"']],
    ],
    ["unknown-key", "a key Kibana does not know", [["risk_score = 47", "risk_score = 47\nrisk_scor = 21"]]],
    [
      "kql-not-optimized",
      "a field compared twice in one and/or list",
      [
        [
          'event.action:"added-member-to-group" and group.name:"Administrators"',
          '(event.action:"added-member-to-group" or event.action:"added-user") and group.name:"Administrators"',
        ],
      ],
    ],
    [
      "kql-not-optimized",
      "redundant parentheses",
      [
        [
          'event.action:"added-member-to-group" and group.name:"Administrators"',
          'event.action:"added-member-to-group" and (group.name:"Administrators" and user.name:"x")',
        ],
      ],
    ],
    [
      "integration-missing",
      "a dataset whose package metadata does not list",
      [
        ['index = ["logs-endpoint.events.*"]', 'index = ["logs-endpoint.events.*", "logs-okta*"]'],
        ['"Domain: Endpoint",', '"Domain: Endpoint", "Data Source: Okta",'],
        [
          'event.action:"added-member-to-group"',
          'event.dataset:"okta.system" and event.action:"added-member-to-group"',
        ],
      ],
    ],
    [
      "metadata-date-order",
      "updated before created",
      [['updated_date = "2024/03/01"', 'updated_date = "2023/03/01"']],
    ],
    [
      "severity-risk-band",
      "a risk score outside the severity band",
      [["risk_score = 47", "risk_score = 90"]],
    ],
  ];
  for (const [code, scenario, replacements, path] of cases) {
    it(`reports ${code} as an error: ${scenario}`, () => {
      expect(errors(mutated(...replacements), path ?? DR_PATH)).toContain(code);
    });
  }

  it("checks an EQL sequence's maxspan against its look-back", () => {
    const eql = mutated(
      ['language = "kuery"', 'language = "eql"'],
      ['type = "query"', 'type = "eql"'],
      [
        'event.action:"added-member-to-group" and group.name:"Administrators"',
        "sequence with maxspan=1h [process where true] [network where true]",
      ],
    );
    expect(errors(eql)).toContain("eql-maxspan");
    expect(errors(eql)).not.toContain("timestamp-override");
  });
});
