import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { writeFileAtomic } from "../../src/deploy/atomic-write.js";
import { exportRules, exportSummary } from "../../src/deploy/export.js";
import type { Finding } from "../../src/findings/finding.js";
import { loadRuleFile, parseRuleFile } from "../../src/schema/toml/load.js";
import { validateRuleCreate } from "../../src/schema/validate-rule.js";

const FIRST_RULE = "rules/aws_ec2_admin_credential_fetch.toml";

function ruleToml(ruleId: string, extra = "", metadata = 'maturity = "production"'): string {
  return `[metadata]
${metadata}

[rule]
author = ["Elastic"]
description = "Rule ${ruleId}"
name = "Rule ${ruleId}"
risk_score = 21
rule_id = "${ruleId}"
severity = "low"
type = "query"
query = "host.name:*"
${extra}
`;
}

const lines = (ndjson: string) =>
  ndjson
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("exportRules", () => {
  it("exports the first rule in create shape with Kibana's defaults written out", () => {
    const result = exportRules([loadRuleFile(FIRST_RULE)]);
    expect(result.failures).toEqual([]);
    const [rule, summary] = lines(result.ndjson);
    expect(validateRuleCreate(rule)).toEqual([]);
    expect(rule).toMatchObject({
      rule_id: "8446517c-f789-11ee-8ad0-f661ea17fbce",
      type: "new_terms",
      name: "AWS EC2 Admin Credential Fetch via Assumed Role",
      version: 2,
      index: ["filebeat-*", "logs-aws.cloudtrail*"],
      from: "now-9m",
      to: "now",
      interval: "5m",
      max_signals: 100,
      risk_score: 47,
      severity: "medium",
      language: "kuery",
      enabled: false,
      new_terms_fields: ["aws.cloudtrail.user_identity.session_context.session_issuer.arn"],
      history_window_start: "now-7d",
      timestamp_override: "event.ingested",
      author: ["Elastic"],
      license: "Elastic License v2",
      exceptions_list: [],
      actions: [],
    });
    expect(rule.query).toBe(
      'event.dataset:"aws.cloudtrail" and event.provider:"ec2.amazonaws.com" and event.action:"GetPasswordData" and ' +
        'aws.cloudtrail.user_identity.type:"AssumedRole" and aws.cloudtrail.error_code:"Client.UnauthorizedOperation"',
    );
    expect(rule.tags).toHaveLength(7);
    expect(rule).not.toHaveProperty("new_terms");
    for (const heading of [
      "## Triage and Analysis",
      "### Investigating AWS EC2 Admin Credential Fetch via Assumed Role",
      "#### Possible Investigation Steps",
      "### False Positive Analysis",
      "### Response and Remediation",
      "### Additional Information",
    ]) {
      expect(rule.note).toContain(heading);
    }
    expect(rule.threat).toEqual([
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
            subtechnique: [
              {
                id: "T1552.005",
                name: "Cloud Instance Metadata API",
                reference: "https://attack.mitre.org/techniques/T1552/005/",
              },
            ],
          },
        ],
      },
    ]);
    expect(summary).toEqual({ ...exportSummary(1) });
  });

  it("ends with Kibana's export summary line with its exact keys", () => {
    const summary = lines(exportRules([parseRuleFile("a.toml", ruleToml("a"))]).ndjson).at(-1);
    expect(Object.keys(summary ?? {}).sort()).toEqual(
      [
        "exported_count",
        "exported_rules_count",
        "missing_rules",
        "missing_rules_count",
        "exported_exception_list_count",
        "exported_exception_list_item_count",
        "missing_exception_list_item_count",
        "missing_exception_list_items",
        "missing_exception_lists",
        "missing_exception_lists_count",
        "exported_action_connector_count",
        "missing_action_connection_count",
        "missing_action_connections",
        "excluded_action_connection_count",
        "excluded_action_connections",
      ].sort(),
    );
    expect(summary).toMatchObject({ exported_count: 1, exported_rules_count: 1, missing_rules_count: 0 });
  });

  it("is deterministic: lines sorted by rule_id, keys sorted at every level, input order irrelevant", () => {
    const files = ["c", "a", "b"].map((id) => parseRuleFile(`${id}.toml`, ruleToml(id, 'tags = ["z", "y"]')));
    const first = exportRules(files).ndjson;
    expect(exportRules([...files].reverse()).ndjson).toBe(first);
    const parsed = lines(first);
    expect(parsed.slice(0, 3).map((rule) => rule.rule_id)).toEqual(["a", "b", "c"]);
    for (const line of first.trimEnd().split("\n")) {
      const keys = Object.keys(JSON.parse(line));
      expect(keys).toEqual([...keys].sort());
    }
    expect(parsed[0].tags).toEqual(["z", "y"]);
    expect(first.endsWith("}\n")).toBe(true);
  });

  it("leaves out rules with errors, naming file and position, and still exports the others", () => {
    const bad = parseRuleFile(
      "bad.toml",
      ruleToml("bad", "risk_score_mappin = []").replace("risk_score = 21", "risk_score = 200"),
    );
    const result = exportRules([parseRuleFile("good.toml", ruleToml("good")), bad]);
    expect(result.rules.map((rule) => rule.ruleId)).toEqual(["good"]);
    expect(result.failures).toEqual([
      expect.objectContaining({
        file: "bad.toml",
        line: 8,
        code: "schema",
        severity: "error",
        message: "risk_score: must be <= 100",
      }),
      expect.objectContaining({ file: "bad.toml", line: 13, code: "unknown-key", severity: "error" }),
    ]);
    expect(lines(result.ndjson).at(-1)).toMatchObject({ exported_count: 1 });
  });

  it("leaves out files that do not parse and rules without rule_id", () => {
    const result = exportRules([
      parseRuleFile("broken.toml", "[rule\nname = 1"),
      parseRuleFile("no-id.toml", ruleToml("x").replace('rule_id = "x"\n', "")),
    ]);
    expect(result.rules).toEqual([]);
    expect(result.failures.map((failure) => [failure.file, failure.code])).toEqual([
      ["broken.toml", "toml-syntax"],
      ["no-id.toml", "rule-id-missing"],
    ]);
  });

  it("refuses a rule_id used by two files, in both files", () => {
    const result = exportRules([
      parseRuleFile("one.toml", ruleToml("same")),
      parseRuleFile("two.toml", ruleToml("same")),
    ]);
    expect(result.rules).toEqual([]);
    expect(result.failures.map((failure) => [failure.file, failure.code, failure.message])).toEqual([
      ["one.toml", "rule-id-duplicate", 'rule_id "same" is also used by two.toml'],
      ["two.toml", "rule-id-duplicate", 'rule_id "same" is also used by one.toml'],
    ]);
  });

  it("skips deprecated rules unless asked to include them", () => {
    const deprecated = parseRuleFile("old.toml", ruleToml("old", "", 'maturity = "deprecated"'));
    expect(exportRules([deprecated])).toMatchObject({ rules: [], skipped: [{ file: "old.toml" }] });
    expect(exportRules([deprecated], { includeDeprecated: true }).rules.map((rule) => rule.ruleId)).toEqual([
      "old",
    ]);
  });

  it("applies the enrichment hook and validates its result", () => {
    const file = parseRuleFile("a.toml", ruleToml("a"));
    const enriched = exportRules([file], {
      enrich: (api) => ({ ...api, required_fields: [{ name: "host.name", type: "keyword" }] }),
    });
    expect(enriched.rules[0].body.required_fields).toEqual([{ name: "host.name", type: "keyword" }]);
    const broken = exportRules([file], { enrich: (api) => ({ ...api, required_fields: [{ name: "" }] }) });
    expect(broken.rules).toEqual([]);
    expect(broken.failures[0].message).toMatch(/^after enrichment: required_fields\.0/);
  });

  it("leaves out rules the extra error hook condemns, but not for warnings", () => {
    const file = parseRuleFile("a.toml", ruleToml("a"));
    const finding = (severity: "error" | "warning"): Finding => ({
      file: "a.toml",
      line: 9,
      column: 1,
      code: "kql-syntax",
      severity,
      message: "bad query",
    });
    expect(exportRules([file], { errors: () => [finding("warning")] }).rules).toHaveLength(1);
    const result = exportRules([file], { errors: () => [finding("error")] });
    expect(result.rules).toEqual([]);
    expect(result.failures).toEqual([finding("error")]);
  });
});

describe("writeFileAtomic", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "dac-export-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("replaces the file and leaves no temporary file behind", async () => {
    const path = join(directory, "out.ndjson");
    await writeFile(path, "old\n");
    await writeFileAtomic(path, "new\n");
    expect(await readFile(path, "utf8")).toBe("new\n");
    expect(await readdir(directory)).toEqual(["out.ndjson"]);
  });

  it("on failure leaves the target as it was and removes the temporary file", async () => {
    const target = join(directory, "taken");
    await mkdir(target);
    await writeFile(join(target, "keep"), "x");
    await expect(writeFileAtomic(target, "new\n")).rejects.toThrow();
    expect(await readdir(directory)).toEqual(["taken"]);
    expect(await readdir(target)).toEqual(["keep"]);
  });
});

describe("dac export", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "dac-export-cli-"));
    await mkdir(join(directory, "rules", "nested"), { recursive: true });
    await writeFile(join(directory, "rules", "b.toml"), ruleToml("b"));
    await writeFile(join(directory, "rules", "nested", "a.toml"), ruleToml("a"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  function io(): CliIO & { out: string; err: string } {
    const captured = {
      out: "",
      err: "",
      stdout: (text: string) => {
        captured.out += text;
      },
      stderr: (text: string) => {
        captured.err += text;
      },
      readStdin: async () => "",
      cwd: directory,
      env: {},
      interactive: false,
    };
    return captured;
  }

  it("exports a directory recursively to a file", async () => {
    const cli = io();
    expect(await main(["export", "rules", "--out", "out.ndjson"], cli)).toBe(0);
    const written = lines(await readFile(join(directory, "out.ndjson"), "utf8"));
    expect(written.map((line) => line.rule_id ?? "summary")).toEqual(["a", "b", "summary"]);
    expect(cli.out).toContain("exported 2 rules to out.ndjson");
  });

  it("writes to standard output with --out - and reports on standard error", async () => {
    const cli = io();
    expect(await main(["export", "rules/b.toml", "--out", "-"], cli)).toBe(0);
    expect(lines(cli.out)[0]).toMatchObject({ rule_id: "b" });
    expect(cli.err).toContain("exported 1 rule to standard output");
  });

  it("exits 1 naming the rules it did not export", async () => {
    await writeFile(join(directory, "rules", "c.toml"), ruleToml("c", 'new_terms_fields = ["x"]'));
    const cli = io();
    expect(await main(["export", "rules", "--out", "out.ndjson", "--format", "github"], cli)).toBe(1);
    expect(cli.out).toMatch(/::error file=rules\/c\.toml,line=13,col=1,title=unknown-key::new_terms_fields/);
    expect(cli.out).toContain("1 not exported because of errors");
    expect(lines(await readFile(join(directory, "out.ndjson"), "utf8"))).toHaveLength(3);
  });

  it("exits 2 for a path that does not exist or a missing --out", async () => {
    const cli = io();
    expect(await main(["export", "nowhere", "--out", "out.ndjson"], cli)).toBe(2);
    expect(cli.err).toContain("nowhere: path does not exist");
    expect(await main(["export", "rules"], io())).toBe(2);
  });
});
