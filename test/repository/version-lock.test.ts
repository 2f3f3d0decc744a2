import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { runDac } from "../support/cli.js";
import { VALID_RULE, variant } from "../validate/helpers.js";

const RULE_ID = "0b8e3a5c-1111-4a1a-9c1e-000000000001";
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "dac-lock-"));
  write("dac.config.yaml", "rules: [rules]\n");
  write("rules/admins.toml", VALID_RULE);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
}
const read = (path: string) => readFileSync(join(dir, path), "utf8");
const lock = () => JSON.parse(read("etc/version.lock.json"));
const dac = (...args: string[]) => runDac(args, { cwd: dir });

async function findings(): Promise<{ code: string; severity: string; message: string }[]> {
  const result = await dac("validate", "--format", "json");
  return JSON.parse(result.stdout).findings;
}

describe("dac version lock", () => {
  it("records a new rule at version 1, written as detection-rules writes the lock", async () => {
    const result = await dac("version", "lock");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1 rules: 0 match the lock, 0 changed, 1 new");
    const entry = lock()[RULE_ID];
    expect(entry).toMatchObject({ rule_name: "User Added to Administrators", type: "query", version: 1 });
    expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(read("etc/version.lock.json")).toMatch(/^\{\n {2}"0b8e3a5c-[^\n]*": \{\n {4}"rule_name": /);
  });

  it("bumps a rule whose content changed, and then validates clean", async () => {
    await dac("version", "lock");
    write("rules/admins.toml", variant(["Detects a user added", "Detects any user added"]));
    expect(await findings()).toContainEqual(
      expect.objectContaining({ code: "version-lock-stale", severity: "warning" }),
    );
    const result = await dac("version", "lock");
    expect(result.stdout).toContain("bumped   rules/admins.toml → version 2");
    expect(lock()[RULE_ID].version).toBe(2);
    expect((await findings()).map((f) => f.code)).not.toContain("version-lock-stale");
  });

  it("--check changes nothing and fails only while the lock is out of date", async () => {
    expect((await dac("version", "lock", "--check")).code).toBe(1);
    expect(existsSync(join(dir, "etc/version.lock.json"))).toBe(false);
    await dac("version", "lock");
    expect((await dac("version", "lock", "--check")).code).toBe(0);
  });

  it("leaves a rule whose change it cannot verify at its version unless --include-unverified", async () => {
    const esql = readFileSync(
      join(import.meta.dirname, "../../rules/aws_ec2_password_data_denied_assumed_role.toml"),
      "utf8",
    );
    write("rules/esql.toml", esql);
    await dac("version", "lock");
    const esqlId = /rule_id = "([^"]+)"/.exec(esql)?.[1] ?? "";
    write("rules/esql.toml", esql.replace(/^name = "/m, 'name = "Edited: '));
    const kept = await dac("version", "lock");
    expect(kept.stdout).toMatch(/skipped {2}rules\/esql\.toml: left at version 1: .*--include-unverified/);
    expect(lock()[esqlId].version).toBe(1);
    const bumped = await dac("version", "lock", "--include-unverified");
    expect(bumped.stdout).toContain("bumped   rules/esql.toml → version 2");
    expect(lock()[esqlId].version).toBe(2);
  });

  it("does not bump for a layout-only change such as re-wrapped description text", async () => {
    await dac("version", "lock");
    write(
      "rules/admins.toml",
      variant(
        ['description = "Detects a user added', 'description = """\nDetects a user\nadded'],
        ['administrators group."', 'administrators group.\n"""'],
      ),
    );
    expect((await dac("version", "lock", "--check")).code).toBe(0);
  });
});

describe("dac validate against the lock", () => {
  it("reports a type change and a version below the locked one as errors", async () => {
    write(
      "etc/version.lock.json",
      JSON.stringify({
        [RULE_ID]: {
          rule_name: "User Added to Administrators",
          sha256: "0".repeat(64),
          type: "eql",
          version: 7,
        },
      }),
    );
    write("rules/admins.toml", variant(['type = "query"', 'type = "query"\nversion = 3']));
    const codes = (await findings()).filter((f) => f.severity === "error").map((f) => f.code);
    expect(codes).toEqual(
      expect.arrayContaining(["version-lock-type-changed", "version-lock-version-decreased"]),
    );
  });

  it("requires a rule_id in a repository", async () => {
    write("rules/admins.toml", variant([`rule_id = "${RULE_ID}"\n`, ""]));
    expect(await findings()).toContainEqual(
      expect.objectContaining({ code: "rule-id-missing", severity: "error" }),
    );
  });

  it("names the lock file when it is not valid JSON (exit 2)", async () => {
    write("etc/version.lock.json", "{ not json");
    const result = await dac("validate");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("version.lock.json");
  });
});

describe("dac export with a lock", () => {
  it("ships the locked version, one above it once the content changed", async () => {
    await dac("version", "lock");
    const locked = lock();
    locked[RULE_ID].version = 5;
    write("etc/version.lock.json", JSON.stringify(locked));
    const exported = async () =>
      JSON.parse((await dac("export", "--out", "-")).stdout.split("\n")[0]).version;
    expect(await exported()).toBe(5);
    write("rules/admins.toml", variant(["Detects a user added", "Detects any user added"]));
    expect(await exported()).toBe(6);
  });
});

describe("dac deprecate", () => {
  it("moves the rule to _deprecated/, marks it and records it; the rule_id may not come back", async () => {
    const result = await dac(
      "deprecate",
      "rules/admins.toml",
      "--stack-version",
      "9.2",
      "--reason",
      "replaced",
    );
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, "rules/admins.toml"))).toBe(false);
    const moved = read("rules/_deprecated/admins.toml");
    expect(moved).toMatch(/^maturity = "deprecated"$/m);
    expect(moved).toMatch(/^deprecation_date = "\d{4}\/\d\d\/\d\d"$/m);
    expect(moved).toContain('deprecated_reason = "replaced"');
    expect(JSON.parse(read("etc/deprecated_rules.json"))[RULE_ID]).toMatchObject({
      rule_name: "User Added to Administrators",
      stack_version: "9.2",
      deprecated_reason: "replaced",
    });
    expect((await findings()).map((f) => f.code)).not.toContain("deprecated-location");

    write("rules/admins-again.toml", VALID_RULE);
    expect(await findings()).toContainEqual(
      expect.objectContaining({ code: "deprecated-rule-reactivated", severity: "error" }),
    );
  });

  it("asks for a stack version when deprecated_rules.json has none to go by", async () => {
    const result = await dac("deprecate", "rules/admins.toml");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--stack-version");
    expect(existsSync(join(dir, "rules/admins.toml"))).toBe(true);
  });
});

describe("dac export --stack-version", () => {
  it("takes related_integrations versions for that stack from etc/integration-manifests.json.gz", async () => {
    const { gzipSync } = await import("node:zlib");
    const kibana = (version: string) => ({
      conditions: { kibana: { version } },
      policy_templates: ["cloudtrail"],
    });
    mkdirSync(join(dir, "etc"), { recursive: true });
    writeFileSync(
      join(dir, "etc", "integration-manifests.json.gz"),
      gzipSync(JSON.stringify({ aws: { "2.0.0": kibana("^8.4.0"), "3.1.0": kibana("^9.1.0") } })),
    );
    write(
      "rules/admins.toml",
      variant(
        ['maturity = "production"', 'integration = ["aws"]\nmaturity = "production"'],
        ['index = ["logs-endpoint.events.*"]', 'index = ["logs-aws.cloudtrail-*"]'],
        [
          'event.action:"added-member-to-group"',
          'event.dataset:"aws.cloudtrail" and event.action:"added-member-to-group"',
        ],
      ),
    );
    const exported = async (stack: string) =>
      JSON.parse((await dac("export", "--out", "-", "--stack-version", stack)).stdout.split("\n")[0])
        .related_integrations;
    expect(await exported("9.6")).toEqual([
      { package: "aws", integration: "cloudtrail", version: ">=3.1.0" },
    ]);
    expect(await exported("8.18")).toEqual([
      { package: "aws", integration: "cloudtrail", version: "^2.0.0" },
    ]);
  });
});

describe("the repository root", () => {
  const typeChangedLock = JSON.stringify({
    [RULE_ID]: { rule_name: "User Added to Administrators", sha256: "0".repeat(64), type: "eql", version: 7 },
  });
  const lockCodes = (result: { stdout: string }) =>
    (JSON.parse(result.stdout).findings as { code: string }[])
      .map((finding) => finding.code)
      .filter((code) => code.startsWith("version-lock"));

  it("is the checkout a rules path is in when there is no config file: its lock applies from anywhere", async () => {
    rmSync(join(dir, "dac.config.yaml"));
    write("etc/version.lock.json", typeChangedLock);
    const elsewhere = mkdtempSync(join(tmpdir(), "dac-elsewhere-"));
    try {
      const result = await runDac(["validate", "--format", "json", join(dir, "rules")], { cwd: elsewhere });
      expect(lockCodes(result)).toContain("version-lock-type-changed");
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("is `repository` in dac.config.yaml: the lock, deprecated rules and allow-list come from its etc/", async () => {
    write("dac.config.yaml", "rules: [rules]\nrepository: upstream\n");
    write("upstream/etc/version.lock.json", typeChangedLock);
    write(
      "upstream/etc/deprecated_rules.json",
      JSON.stringify({
        [RULE_ID]: { rule_name: "Old", deprecation_date: "2024/01/01", stack_version: "8.14" },
      }),
    );
    write("upstream/etc/non-ecs-schema.json", "{}");
    const result = await dac("validate", "--format", "json");
    expect(lockCodes(result)).toContain("version-lock-type-changed");
    expect(JSON.parse(result.stdout).findings).toContainEqual(
      expect.objectContaining({ code: "deprecated-rule-reactivated" }),
    );
    expect(loadConfig(dir).nonEcsSchema).toBe(join(dir, "upstream", "etc", "non-ecs-schema.json"));
  });
});

describe("dac export as detection-rules ships rules", () => {
  const exportedRule = async (...args: string[]) => {
    const result = await dac("export", "--out", "-", ...args);
    return { result, rule: JSON.parse(result.stdout.split("\n")[0]) };
  };

  it("collapses plain text onto one line, keeps Markdown, and writes required_fields with the ecs flag", async () => {
    write(
      "rules/admins.toml",
      variant([
        'description = "Detects a user added to the local administrators group."',
        'description = """\n  Detects a user added\n  to the local administrators group.\n"""',
      ]),
    );
    const { rule } = await exportedRule();
    expect(rule.description).toBe("Detects a user added to the local administrators group.");
    expect(rule.note).toBe("## Triage\nCheck who added the user.");
    expect(rule.required_fields).toEqual([
      { name: "event.action", type: "keyword", ecs: true },
      { name: "group.name", type: "keyword", ecs: true },
    ]);
  });

  it("ships the version of the lock's stack_emit epoch for the stack exported for", async () => {
    write("etc/version.lock.json", "{}");
    await dac("version", "lock");
    const entry = lock()[RULE_ID];
    write(
      "etc/version.lock.json",
      JSON.stringify({
        [RULE_ID]: { ...entry, stack_emit: { "9.5": { sha256: "1".repeat(64), version: 5 } } },
      }),
    );
    expect((await exportedRule("--stack-version", "9.6")).rule.version).toBe(5);
    expect((await exportedRule("--stack-version", "9.4")).rule.version).toBe(entry.version);
  });

  it("drops the fields an older stack does not know", async () => {
    const { rule } = await exportedRule("--stack-version", "8.2");
    expect(rule.required_fields).toBeUndefined();
    expect(rule.related_integrations).toBeUndefined();
    expect(rule.setup).toBeUndefined();
    expect(rule.query).toContain("added-member-to-group");
  });

  it("refuses a rule type the stack does not have, naming the rule", async () => {
    write(
      "rules/admins.toml",
      variant(['type = "query"', 'type = "new_terms"'], ["[[rule.threat]]", NEW_TERMS]),
    );
    const { result } = await exportedRule("--stack-version", "8.3");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /rule "User Added to Administrators" cannot be exported for stack 8\.3: new_terms rules need stack 8\.4/,
    );
  });
});

const NEW_TERMS = `[rule.new_terms]
field = "new_terms_fields"
value = ["user.name"]

[[rule.new_terms.history_window_start]]
field = "history_window_start"
value = "now-7d"

[[rule.threat]]`;
