import { describe, expect, it } from "vitest";
import { contentCheck } from "../../src/validate/conventions/content.js";
import { kibanaCrossFieldCheck } from "../../src/validate/conventions/kibana-cross-field.js";
import { metadataCheck } from "../../src/validate/conventions/metadata.js";
import { scheduleCheck } from "../../src/validate/conventions/schedule.js";
import { tagCheck } from "../../src/validate/conventions/tags.js";
import { dateMathOffset, intervalMs } from "../../src/validate/date-math.js";
import { loadMitreCatalog } from "../../src/validate/mitre/catalog.js";
import { codes, runCheck, VALID_RULE, variant } from "./helpers.js";

const tags = tagCheck(loadMitreCatalog());
const NOW = Date.UTC(2024, 5, 1);
const schedule = scheduleCheck(NOW);
const TAGS = 'tags = ["Domain: Endpoint", "Tactic: Persistence", "Resources: Investigation Guide"]';

describe("every convention check accepts the valid fixture", () => {
  it.each([
    ["tags", tags],
    ["schedule", schedule],
    ["content", contentCheck],
    ["kibana cross-field", kibanaCrossFieldCheck],
    ["metadata", metadataCheck],
  ])("%s", (_name, check) => {
    expect(runCheck(check, VALID_RULE)).toEqual([]);
  });
});

describe("tag conventions", () => {
  it("tactic tags: none for the mapped tactic, one for an unmapped tactic, one for no tactic at all", () => {
    const none = runCheck(tags, variant([TAGS, 'tags = ["Resources: Investigation Guide"]']));
    expect(codes(none).sort()).toEqual(["tag-tactic-missing", "tag-tactic-none"]);
    const unmapped = runCheck(
      tags,
      variant([
        TAGS,
        'tags = ["Tactic: Persistence", "Tactic: Execution", "Resources: Investigation Guide"]',
      ]),
    );
    expect(codes(unmapped)).toEqual(["tag-tactic-unmapped"]);
    expect(unmapped[0].column).toBeGreaterThan(1);
    const unknown = runCheck(
      tags,
      variant([
        TAGS,
        'tags = ["Tactic: Persistence", "Tactic: Persistance", "Resources: Investigation Guide"]',
      ]),
    );
    expect(codes(unknown)).toEqual(["tag-tactic-unknown"]);
  });

  it("tag-tactic-missing names each mapped tactic without a tag, even when another one is tagged", () => {
    const twoTactics = `${VALID_RULE}
[[rule.threat]]
framework = "MITRE ATT&CK"

[rule.threat.tactic]
id = "TA0004"
name = "Privilege Escalation"
reference = "https://attack.mitre.org/tactics/TA0004/"
`;
    const findings = runCheck(tags, twoTactics);
    expect(codes(findings)).toEqual(["tag-tactic-missing"]);
    expect(findings[0].message).toContain("Privilege Escalation");
  });

  it("investigation guide tag iff a note exists", () => {
    expect(codes(runCheck(tags, variant([', "Resources: Investigation Guide"]', "]"])))).toEqual([
      "tag-investigation-guide-missing",
    ]);
    expect(codes(runCheck(tags, variant(['note = "## Triage\\nCheck who added the user."\n', ""])))).toEqual([
      "tag-investigation-guide-without-note",
    ]);
  });

  it("duplicate tags", () => {
    const findings = runCheck(
      tags,
      variant(['"Domain: Endpoint",', '"Domain: Endpoint", "Domain: Endpoint",']),
    );
    expect(codes(findings)).toEqual(["tag-duplicate"]);
  });
});

describe("date math", () => {
  it("resolves relative and absolute expressions against now", () => {
    expect(dateMathOffset("now-6m", NOW)).toBe(-6 * 60_000);
    // Rounding applies: 30 minutes before midnight rounds down to the start of the previous day.
    expect(dateMathOffset("now-1h+30m/d", NOW)).toBe(-86_400_000);
    expect(dateMathOffset("now", NOW)).toBe(0);
    expect(dateMathOffset("2024-05-31T00:00:00Z", NOW)).toBe(-86_400_000);
    expect(dateMathOffset("yesterday", NOW)).toBeUndefined();
    expect(intervalMs("5m")).toBe(300_000);
    expect(intervalMs("5 minutes")).toBeUndefined();
  });
});

describe("schedule", () => {
  it("look-back must cover the interval (Kibana defaults apply)", () => {
    const short = runCheck(schedule, variant(['from = "now-9m"', 'from = "now-1m"\ninterval = "2m"']));
    expect(codes(short)).toEqual(["lookback-too-short"]);
    expect(short[0].hint).toBe("set from to now-3m or earlier");
    expect(runCheck(schedule, variant(['from = "now-9m"', 'from = "now-10m"\ninterval = "10m"']))).toEqual(
      [],
    );
    expect(codes(runCheck(schedule, variant(['from = "now-9m"', 'interval = "10m"'])))).toEqual([
      "lookback-too-short",
    ]);
  });

  it("reports unreadable schedule values", () => {
    expect(codes(runCheck(schedule, variant(['from = "now-9m"', 'from = "9 minutes ago"'])))).toEqual([
      "schedule-invalid",
    ]);
    expect(
      codes(runCheck(schedule, variant(['from = "now-9m"', 'from = "now-9m"\ninterval = "0m"']))),
    ).toEqual(["schedule-invalid"]);
  });

  const newTerms = (history: string, from = "now-9m") =>
    variant(
      ['from = "now-9m"', `from = "${from}"`],
      ['type = "query"', 'type = "new_terms"'],
      [
        "\n[[rule.threat]]",
        `\n[rule.new_terms]\nfield = "new_terms_fields"\nvalue = ["user.name", "user.name"]\n\n[[rule.new_terms.history_window_start]]\nfield = "history_window_start"\nvalue = "${history}"\n\n[[rule.threat]]`,
      ],
    );

  it("new_terms history window must start strictly before from", () => {
    expect(runCheck(schedule, newTerms("now-14d"))).toEqual([]);
    const late = runCheck(schedule, newTerms("now-9m"));
    expect(codes(late)).toEqual(["new-terms-history-window"]);
    expect(late[0].line).toBe(newTerms("now-9m").split("\n").indexOf('value = "now-9m"') + 1);
    expect(codes(runCheck(schedule, newTerms("now-1h", "now-2h")))).toEqual(["new-terms-history-window"]);
    expect(codes(runCheck(schedule, newTerms("2024-05-31T23:55:00Z")))).toEqual(["new-terms-history-window"]);
    expect(codes(runCheck(schedule, newTerms("last week")))).toEqual(["schedule-invalid"]);
  });

  it("new_terms fields listed twice", () => {
    expect(codes(runCheck(contentCheck, newTerms("now-14d")))).toEqual(["new-terms-fields-duplicate"]);
  });
});

describe("content", () => {
  it("severity within its risk score band", () => {
    const findings = runCheck(contentCheck, variant(["risk_score = 47", "risk_score = 73"]));
    expect(codes(findings)).toEqual(["severity-risk-band"]);
    expect(findings[0].hint).toContain('severity = "high"');
    expect(runCheck(contentCheck, variant(["risk_score = 47", "risk_score = 22"]))).toEqual([]);
    expect(
      runCheck(
        contentCheck,
        variant(["risk_score = 47", "risk_score = 74"], ['severity = "medium"', 'severity = "critical"']),
      ),
    ).toEqual([]);
  });

  it("query-based rules need a query; machine learning rules do not", () => {
    const noQuery = variant([
      "query = '''\nevent.action:\"added-member-to-group\" and group.name:\"Administrators\"\n'''",
      "",
    ]);
    expect(codes(runCheck(contentCheck, noQuery))).toEqual(["query-empty"]);
    expect(
      codes(
        runCheck(
          contentCheck,
          variant(['\nevent.action:"added-member-to-group" and group.name:"Administrators"\n', " "]),
        ),
      ),
    ).toEqual(["query-empty"]);
  });

  it("index or data_view_id", () => {
    expect(codes(runCheck(contentCheck, variant(['index = ["logs-endpoint.events.*"]\n', ""])))).toEqual([
      "index-missing",
    ]);
    expect(
      runCheck(contentCheck, variant(['index = ["logs-endpoint.events.*"]', 'data_view_id = "security"'])),
    ).toEqual([]);
  });

  it("references are http(s) URLs", () => {
    const findings = runCheck(
      contentCheck,
      variant(['"https://example.com/admins"', '"https://example.com/admins", "see the wiki"']),
    );
    expect(codes(findings)).toEqual(["reference-not-url"]);
  });

  it("name without surrounding whitespace", () => {
    expect(
      codes(
        runCheck(
          contentCheck,
          variant(['"User Added to Administrators"', '"User Added to Administrators "']),
        ),
      ),
    ).toEqual(["name-whitespace"]);
  });
});

describe("Kibana cross-field checks", () => {
  it("timeline id and title together", () => {
    expect(
      codes(
        runCheck(kibanaCrossFieldCheck, variant(['type = "query"', 'type = "query"\ntimeline_id = "abc"'])),
      ),
    ).toEqual(["timeline-pair"]);
    const both = variant([
      'type = "query"',
      'type = "query"\ntimeline_id = "abc"\ntimeline_title = "Generic"',
    ]);
    expect(runCheck(kibanaCrossFieldCheck, both)).toEqual([]);
  });

  it("threshold cardinality on a group-by field", () => {
    const threshold = (cardinalityField: string) =>
      variant(
        ['type = "query"', 'type = "threshold"'],
        [
          "\n[[rule.threat]]",
          `\n[rule.threshold]\nfield = ["host.id"]\nvalue = 10\n\n[[rule.threshold.cardinality]]\nfield = "${cardinalityField}"\nvalue = 3\n\n[[rule.threat]]`,
        ],
      );
    expect(codes(runCheck(kibanaCrossFieldCheck, threshold("host.id")))).toEqual([
      "threshold-cardinality-field",
    ]);
    expect(runCheck(kibanaCrossFieldCheck, threshold("user.name"))).toEqual([]);
  });

  it("threat match: search pair and negate-only mapping groups", () => {
    const threatMatch = (extra: string, entries: string) =>
      variant(
        ['type = "query"', `type = "threat_match"\n${extra}`],
        ["\n[[rule.threat]]", `\n[[rule.threat_mapping]]\n${entries}\n[[rule.threat]]`],
      );
    const entry = (negate: boolean, value = "threat.indicator.ip") =>
      `[[rule.threat_mapping.entries]]\nfield = "source.ip"\ntype = "mapping"\nvalue = "${value}"\nnegate = ${negate}\n`;
    expect(runCheck(kibanaCrossFieldCheck, threatMatch("", entry(false)))).toEqual([]);
    expect(
      codes(runCheck(kibanaCrossFieldCheck, threatMatch("items_per_search = 100", entry(false)))),
    ).toEqual(["threat-match-search-pair"]);
    expect(codes(runCheck(kibanaCrossFieldCheck, threatMatch("", entry(true))))).toEqual([
      "threat-mapping-negate",
    ]);
    expect(codes(runCheck(kibanaCrossFieldCheck, threatMatch("", entry(false) + entry(true))))).toEqual([
      "threat-mapping-negate",
    ]);
    expect(
      runCheck(kibanaCrossFieldCheck, threatMatch("", entry(false) + entry(true, "threat.indicator.url"))),
    ).toEqual([]);
  });
});

describe("metadata", () => {
  it("dates are real YYYY/MM/DD days, updated not before created", () => {
    expect(codes(runCheck(metadataCheck, variant(['"2024/01/15"', '"2024-01-15"'])))).toEqual([
      "metadata-date-invalid",
    ]);
    expect(codes(runCheck(metadataCheck, variant(['"2024/03/01"', '"2024/02/30"'])))).toEqual([
      "metadata-date-invalid",
    ]);
    expect(codes(runCheck(metadataCheck, variant(['"2024/03/01"', '"2023/12/31"'])))).toEqual([
      "metadata-date-order",
    ]);
    expect(codes(runCheck(metadataCheck, variant(['creation_date = "2024/01/15"\n', ""])))).toEqual([
      "metadata-date-missing",
    ]);
  });

  it("maturity is a known value", () => {
    expect(codes(runCheck(metadataCheck, variant(['"production"', '"prod"'])))).toEqual(["maturity-unknown"]);
  });

  it("deprecated rules live in _deprecated/ with a deprecation date", () => {
    const deprecated = variant([
      'maturity = "production"',
      'deprecation_date = "2024/04/01"\nmaturity = "deprecated"',
    ]);
    expect(runCheck(metadataCheck, deprecated, "rules/_deprecated/admins.toml")).toEqual([]);
    expect(codes(runCheck(metadataCheck, deprecated, "rules/persistence/admins.toml"))).toEqual([
      "deprecated-location",
    ]);
    expect(codes(runCheck(metadataCheck, VALID_RULE, "rules/_deprecated/admins.toml"))).toEqual([
      "deprecated-location",
    ]);
    const noDate = variant(['maturity = "production"', 'maturity = "deprecated"']);
    expect(codes(runCheck(metadataCheck, noDate, "rules/_deprecated/admins.toml"))).toEqual([
      "deprecated-date-missing",
    ]);
  });

  it("content checks skip deprecated rules", () => {
    const deprecated = variant(
      ['maturity = "production"', 'maturity = "deprecated"'],
      ["risk_score = 47", "risk_score = 99"],
    );
    expect(runCheck(contentCheck, deprecated, "rules/_deprecated/admins.toml")).toEqual([]);
  });
});
