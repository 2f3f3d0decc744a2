/**
 * Conventions Elastic's detection-rules repository enforces in its unit tests (tests/test_all_rules.py),
 * with the same conditions. Every code here is off by default; `profile: detection-rules` turns them on.
 */
import { basename, dirname } from "node:path";
import type { Finding } from "../../findings/finding.js";
import { plainValue } from "../../kql/ast.js";
import { parseKql } from "../../kql/parser.js";
import { findingAt, type RuleCheck, type RuleContext } from "../check.js";
import { intervalMs } from "../date-math.js";
import { queryFieldUses } from "../fields/references.js";
import { isRecord, strings } from "../values.js";
import { kqlNotOptimized } from "./kql-optimized.js";

/** detection-rules' rule file names: lower case letters, digits and underscores. */
const FILE_NAME = /^[a-z0-9_]+\.toml$/;
const FROM_FORMAT = /^now-\d+[yMwdhHms]$/;
const MAX_SIGNALS_SETUP =
  "For information on troubleshooting the maximum alerts warning please refer to this [guide](https://www.elastic.co/guide/en/security/current/alerts-ui-monitor.html#troubleshoot-max-alerts).";

/** Tag prefixes of detection-rules' controlled vocabulary; a tag must contain one of them. */
const TAG_PREFIXES = [
  "Data Source:",
  "Domain:",
  "Mitre Atlas:",
  "OS:",
  "Platform:",
  "Profile:",
  "Promotion:",
  "Resources:",
  "Rule Type:",
  "Service:",
  "Tactic:",
  "Threat:",
  "Use Case:",
  "Vulnerability:",
];

/** Tags whose exact casing detection-rules checks, beyond `Tactic: <name>`. */
const CASED_TAGS = [
  "Domain: Cloud",
  "Domain: Container",
  "Domain: Endpoint",
  "Domain: Identity",
  "Domain: Network",
  "Domain: SaaS",
  "OS: Linux",
  "OS: Windows",
  "OS: macOS",
  "Resources: Investigation Guide",
  "Rule Type: BBR",
  "Rule Type: ML",
  "Rule Type: Machine Learning",
  "Data Source: Elastic Defend",
  "Data Source: Elastic Endgame",
  "Data Source: AWS",
  "Data Source: Azure",
  "Data Source: Okta",
  "Data Source: GCP",
  "Data Source: Kubernetes",
  "Use Case: Threat Detection",
];

/** Tags detection-rules requires for a rule reading one of these index patterns. */
const REQUIRED_TAGS_BY_INDEX: Record<string, string[]> = {
  "logs-endpoint.events.*": ["Domain: Endpoint", "Data Source: Elastic Defend"],
  "endgame-*": ["Data Source: Elastic Endgame"],
  "logs-aws*": ["Data Source: AWS", "Data Source: Amazon Web Services", "Domain: Cloud"],
  "logs-azure*": ["Data Source: Azure", "Domain: Cloud"],
  "logs-o365*": ["Data Source: Microsoft 365", "Domain: Cloud"],
  "logs-okta*": ["Data Source: Okta"],
  "logs-gcp*": ["Data Source: Google Cloud Platform", "Data Source: GCP", "Domain: Cloud"],
  "logs-google_workspace*": ["Data Source: Google Workspace", "Domain: Cloud"],
  "logs-cloud_defend.alerts-*": ["Data Source: Elastic Defend for Containers", "Domain: Container"],
  "logs-cloud_defend*": ["Data Source: Elastic Defend for Containers", "Domain: Container"],
  "logs-kubernetes.*": ["Data Source: Kubernetes"],
  "apm-*-transaction*": ["Data Source: APM"],
  "traces-apm*": ["Data Source: APM"],
  ".alerts-security.*": ["Rule Type: Higher-Order Rule"],
  "logs-cyberarkpas.audit*": ["Data Source: CyberArk PAS"],
  "logs-endpoint.alerts-*": ["Data Source: Elastic Defend"],
  "logs-windows.sysmon_operational-*": ["Data Source: Sysmon"],
  "logs-windows.powershell*": ["Data Source: PowerShell Logs"],
  "logs-system.security*": ["Data Source: Windows Security Event Logs"],
  "logs-system.forwarded*": ["Data Source: Windows Security Event Logs"],
  "logs-system.system*": ["Data Source: Windows System Event Logs"],
  "logs-sentinel_one_cloud_funnel.*": ["Data Source: SentinelOne"],
  "logs-fim.event-*": ["Data Source: File Integrity Monitoring"],
  "logs-m365_defender.event-*": ["Data Source: Microsoft Defender XDR"],
  "logs-crowdstrike.fdr*": ["Data Source: Crowdstrike"],
};

const OS_TAG_BY_DIRECTORY: Record<string, string> = {
  linux: "OS: Linux",
  macos: "OS: macOS",
  windows: "OS: Windows",
};

/** Rule types detection-rules models as query rules (they carry timestamp_override, index...). */
const QUERY_TYPES = new Set(["query", "eql", "esql", "threshold", "threat_match", "new_terms"]);

export function detectionRulesCheck(): RuleCheck {
  return (context) => {
    if (context.deprecated) return [];
    return [
      ...fileChecks(context),
      ...timingChecks(context),
      ...tagChecks(context),
      ...contentChecks(context),
      ...metadataChecks(context),
      ...kqlFormChecks(context),
    ];
  };
}

/** KQL in detection-rules' optimized form (its optimizer would leave the query unchanged). */
function kqlFormChecks(context: RuleContext): Finding[] {
  const { rule } = context;
  if (rule.language !== "kuery" || typeof rule.query !== "string") return [];
  let ast: ReturnType<typeof parseKql>;
  try {
    ast = parseKql(rule.query);
  } catch {
    return [];
  }
  return kqlNotOptimized(rule.query, ast).map((problem) => {
    const position = context.file.positionInValue(["rule", "query"], problem.start);
    return {
      ...findingAt(
        context,
        "kql-not-optimized",
        ["rule", "query"],
        `query is not in detection-rules' optimized form: ${problem.reason}`,
        "combine the comparisons of a field into field:(a or b), drop the extra parentheses",
      ),
      ...position,
    };
  });
}

function fileChecks(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const name = basename(context.file.path);
  const { rule } = context;
  if (!FILE_NAME.test(name)) {
    findings.push(
      findingAt(
        context,
        "file-name-format",
        [],
        `file name "${name}" is not lower-case letters, digits and _`,
      ),
    );
  }
  const tactic = primaryTactic(rule);
  if (rule.type !== "machine_learning" && tactic && strings(rule.author).includes("Elastic")) {
    const prefix = tactic.toLowerCase().replaceAll(" ", "_");
    if (!name.startsWith(prefix)) {
      findings.push(
        findingAt(
          context,
          "file-name-tactic",
          [],
          `file name should start with the primary tactic: ${prefix}_…`,
        ),
      );
    }
  }
  const inBbrDirectory = basename(dirname(context.file.path)) === "rules_building_block";
  if (rule.building_block_type !== undefined && !inBbrDirectory) {
    findings.push(
      findingAt(
        context,
        "bbr-location",
        ["rule", "building_block_type"],
        "building block rules belong in rules_building_block/",
      ),
    );
  } else if (rule.building_block_type === undefined && inBbrDirectory) {
    findings.push(
      findingAt(
        context,
        "bbr-location",
        ["rule"],
        'rules in rules_building_block/ must set building_block_type = "default"',
      ),
    );
  }
  return findings;
}

function timingChecks(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const { rule } = context;
  const from = typeof rule.from === "string" ? rule.from : undefined;
  if (from !== undefined && !FROM_FORMAT.test(from)) {
    findings.push(
      findingAt(context, "from-format", ["rule", "from"], `from "${from}" is not of the form now-<n><unit>`),
    );
  }
  if (rule.building_block_type !== undefined && !context.metadata.bypass_bbr_timing) {
    const lookback = from?.startsWith("now-") ? intervalMs(from.slice(4)) : undefined;
    const interval = typeof rule.interval === "string" ? intervalMs(rule.interval) : undefined;
    if (
      lookback === undefined ||
      lookback < 119 * 60_000 ||
      interval === undefined ||
      interval < 60 * 60_000
    ) {
      findings.push(
        findingAt(
          context,
          "bbr-lookback",
          ["rule", from === undefined ? "building_block_type" : "from"],
          "building block rules need from = now-119m or earlier and an interval of at least 60m",
        ),
      );
    }
  }
  if (QUERY_TYPES.has(String(rule.type))) {
    const sequence = rule.language === "eql" && /^\s*sequence\b/i.test(withoutComments(rule.query));
    if (
      (rule.language === "kuery" || rule.language === "eql") &&
      !sequence &&
      rule.timestamp_override !== "event.ingested"
    ) {
      findings.push(
        findingAt(
          context,
          "timestamp-override",
          ["rule"],
          'KQL and non-sequence EQL rules need timestamp_override = "event.ingested"',
        ),
      );
    }
    if (strings(rule.index).includes("logs-endpoint.events.*") && from === undefined) {
      findings.push(
        findingAt(
          context,
          "endpoint-lookback",
          ["rule"],
          "rules on logs-endpoint.events.* need a longer `from`",
        ),
      );
    }
  }
  if (rule.type === "eql") findings.push(...maxspanChecks(context, from));
  return findings;
}

/** EQL sequences: look-back + 10 minutes must reach the maxspan, and the interval at least half of it. */
function maxspanChecks(context: RuleContext, from: string | undefined): Finding[] {
  const query = withoutComments(context.rule.query);
  const match = /^\s*sequence\b[^[]*?\bwith\s+maxspan\s*=\s*(\d+)\s*([smhd])\b/i.exec(query);
  if (!match) return [];
  const maxspan = intervalMs(`${match[1]}${match[2].toLowerCase()}`);
  const lookback = intervalMs((from ?? "now-6m").replace(/^now-/, ""));
  const interval = intervalMs(typeof context.rule.interval === "string" ? context.rule.interval : "5m");
  if (maxspan === undefined || lookback === undefined || interval === undefined) return [];
  const findings: Finding[] = [];
  if (lookback + 10 * 60_000 < maxspan) {
    findings.push(
      findingAt(
        context,
        "eql-maxspan",
        ["rule", "query"],
        `maxspan ${match[1]}${match[2]} is longer than the look-back plus 10 minutes`,
      ),
    );
  }
  if (maxspan > 150_000 && interval / maxspan < 0.5) {
    findings.push(
      findingAt(
        context,
        "eql-maxspan",
        ["rule", "interval"],
        `interval is shorter than half the maxspan (${match[1]}${match[2]})`,
      ),
    );
  }
  return findings;
}

function tagChecks(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const { rule } = context;
  const tags = strings(rule.tags);
  const at = (index: number) => ["rule", "tags", index] as (string | number)[];
  const canonical = new Map(CASED_TAGS.map((tag) => [tag.toLowerCase(), tag]));
  tags.forEach((tag, index) => {
    if (!TAG_PREFIXES.some((prefix) => tag.includes(prefix))) {
      findings.push(
        findingAt(context, "tag-prefix", at(index), `tag "${tag}" has none of the expected prefixes`),
      );
    }
    const expected = canonical.get(tag.toLowerCase());
    if (expected !== undefined && expected !== tag) {
      findings.push(
        findingAt(context, "tag-casing", at(index), `tag "${tag}" should be written "${expected}"`),
      );
    }
  });
  const required = new Set<string>();
  if (QUERY_TYPES.has(String(rule.type))) {
    for (const index of strings(rule.index))
      for (const tag of REQUIRED_TAGS_BY_INDEX[index] ?? []) required.add(tag);
  }
  const directory = basename(dirname(context.file.path));
  if (OS_TAG_BY_DIRECTORY[directory]) required.add(OS_TAG_BY_DIRECTORY[directory]);
  if (rule.type === "machine_learning") {
    required.add("Rule Type: Machine Learning");
    required.add("Rule Type: ML");
  }
  if (rule.building_block_type !== undefined) required.add("Rule Type: BBR");
  if (typeof rule.note === "string" && rule.note.includes("Investigating"))
    required.add("Resources: Investigation Guide");
  const missing = [...required].filter((tag) => !tags.includes(tag));
  if (missing.length > 0) {
    findings.push(
      findingAt(context, "tag-required", ["rule", "tags"], `missing tags: ${missing.join(", ")}`),
    );
  }
  const tactic = primaryTactic(rule);
  if (
    tactic &&
    rule.type !== "machine_learning" &&
    !tags.includes("Continuous Monitoring") &&
    !tags.includes(`Tactic: ${tactic}`)
  ) {
    findings.push(
      findingAt(
        context,
        "tag-primary-tactic",
        ["rule", "tags"],
        `the primary tactic needs the tag "Tactic: ${tactic}"`,
      ),
    );
  }
  return findings;
}

function contentChecks(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const { rule } = context;
  const maxSignals = typeof rule.max_signals === "number" ? rule.max_signals : undefined;
  if (maxSignals !== undefined && maxSignals > 1000) {
    findings.push(
      findingAt(context, "max-signals", ["rule", "max_signals"], "max_signals cannot exceed 1000"),
    );
  } else if (maxSignals === 1000 && !String(rule.setup ?? "").includes(MAX_SIGNALS_SETUP)) {
    findings.push(
      findingAt(
        context,
        "max-signals",
        ["rule", "max_signals"],
        "max_signals = 1000 needs the standard troubleshooting note in setup",
        MAX_SIGNALS_SETUP,
      ),
    );
  }
  const license = typeof rule.license === "string" ? rule.license : "";
  if (license.toLowerCase().includes("elastic license") && license !== "Elastic License v2") {
    findings.push(
      findingAt(
        context,
        "license",
        ["rule", "license"],
        `license "${license}": only "Elastic License v2" is used`,
      ),
    );
  }
  const note = typeof rule.note === "string" ? rule.note : undefined;
  const elastic = strings(rule.author).some((author) => author.toLowerCase() === "elastic");
  if (
    elastic &&
    rule.building_block_type === undefined &&
    (rule.severity === "high" || rule.severity === "critical") &&
    !(note ?? "").toLowerCase().includes("## triage and analysis")
  ) {
    findings.push(
      findingAt(
        context,
        "investigation-guide",
        ["rule", note === undefined ? "severity" : "note"],
        "high and critical rules need a note with ## Triage and analysis",
      ),
    );
  }
  if (note?.includes("### Investigating") && typeof rule.name === "string") {
    const title = new RegExp(`### Investigating\\s+${escapeRegExp(rule.name)}`, "im");
    if (!title.test(note)) {
      findings.push(
        findingAt(
          context,
          "investigation-guide",
          ["rule", "note"],
          "### Investigating must be followed by the rule name",
        ),
      );
    }
  }
  return findings;
}

/** detection-rules' UUID_PATTERN for rule_id, and the one malformed id of its own it lets through. */
const RULE_ID_FORMAT =
  /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$|^7eb54028-ca72-4eb7-8185-b6864572347db$/;

function metadataChecks(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const { metadata } = context;
  if (typeof context.ruleId === "string" && !RULE_ID_FORMAT.test(context.ruleId)) {
    findings.push(
      findingAt(
        context,
        "rule-id-format",
        ["rule", "rule_id"],
        `rule_id "${context.ruleId}" is not a lower-case UUID`,
        "use a new UUID (e.g. from `uuidgen | tr A-F a-f`)",
      ),
    );
  }
  if (metadata.maturity === undefined) {
    findings.push(findingAt(context, "maturity-missing", ["metadata"], "metadata maturity is required"));
  }
  const minStack = typeof metadata.min_stack_version === "string" ? metadata.min_stack_version : undefined;
  if (minStack !== undefined) {
    if (!metadata.min_stack_comments) {
      findings.push(
        findingAt(
          context,
          "min-stack-version",
          ["metadata", "min_stack_version"],
          "min_stack_version needs min_stack_comments saying why",
        ),
      );
    }
  }
  findings.push(...integrationChecks(context));
  return findings;
}

/**
 * An integration package whose dataset the KQL query names, and whose `logs-<package>` indices the rule reads,
 * must be listed in [metadata] integration.
 */
function integrationChecks(context: RuleContext): Finding[] {
  const { rule, metadata } = context;
  if (rule.language !== "kuery" || typeof rule.query !== "string") return [];
  let uses: ReturnType<typeof queryFieldUses>;
  try {
    uses = queryFieldUses(parseKql(rule.query));
  } catch {
    return [];
  }
  const listed = new Set(strings(metadata.integration).map((entry) => entry.split(".")[0]));
  const missing = new Set<string>();
  for (const use of uses) {
    if (use.kind !== "is" || (use.field !== "event.dataset" && use.field !== "data_stream.dataset")) continue;
    const value = plainValue(use.value);
    if (typeof value !== "string" || value.includes("*")) continue;
    const pkg = value.split(".")[0];
    const reads = strings(rule.index).some((index) => index === "logs-*" || index.startsWith(`logs-${pkg}`));
    if (reads && !listed.has(pkg)) missing.add(pkg);
  }
  if (missing.size === 0) return [];
  return [
    findingAt(
      context,
      "integration-missing",
      ["metadata"],
      `the query reads datasets of ${[...missing].join(", ")}, which [metadata] integration does not list`,
    ),
  ];
}

/** An EQL query without its comments, so that a leading comment does not hide `sequence`. */
function withoutComments(query: unknown): string {
  return String(query ?? "")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/^\s*\/\/.*$/gm, " ");
}

function primaryTactic(rule: Record<string, unknown>): string | undefined {
  const first = Array.isArray(rule.threat) ? rule.threat[0] : undefined;
  const tactic = isRecord(first) && isRecord(first.tactic) ? first.tactic.name : undefined;
  return typeof tactic === "string" ? tactic : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
