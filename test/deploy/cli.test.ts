import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MANAGED_TAG } from "../../src/deploy/plan.js";
import { formatRuleDocument } from "../../src/schema/toml/write.js";
import { runDac } from "../support/cli.js";
import { SERVER_KEYS } from "./fake-kibana/rules.js";
import { type FakeKibana, startFakeKibana } from "./fake-kibana/server.js";
import { queryRule } from "./helpers.js";

/** Recognisable secrets: if any of these shows up in output or files, a credential leaked. */
const SECRET_KEY = "LEAKCANARY-apikey-7f3a9c";
const SECRET_PASSWORD = "LEAKCANARY-password-1b2c";

let kibana: FakeKibana;
let dir: string;
beforeEach(async () => {
  kibana = await startFakeKibana({
    spaces: ["soc"],
    apiKeys: [SECRET_KEY],
    users: { deployer: SECRET_PASSWORD },
  });
  dir = mkdtempSync(join(tmpdir(), "dac-deploy-"));
  mkdirSync(join(dir, "rules"));
});
afterEach(async () => {
  await kibana.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeRule(n: number, overrides: Record<string, unknown> = {}) {
  const document = {
    metadata: { creation_date: "2024/01/02", updated_date: "2024/03/04", maturity: "production" },
    rule: { ...queryRule(n), author: ["dac tests"], license: "Elastic License v2", ...overrides },
  };
  writeFileSync(join(dir, "rules", `rule_${n}.toml`), formatRuleDocument(document));
}

function dac(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runDac(args, { cwd: dir, env: { KIBANA_URL: kibana.url, KIBANA_API_KEY: SECRET_KEY, ...env } });
}

describe("dac deploy", () => {
  it("validates, plans, applies and verifies; a second run changes nothing", async () => {
    writeRule(1);
    writeRule(2);
    const first = await dac(["deploy", "--space", "soc"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      'plan for space "soc": 2 to create, 0 to update, 0 to delete, 0 unchanged',
    );
    expect(first.stdout).toContain('space "soc": 2 applied, 0 unchanged, 0 failed, 0 skipped');
    expect(
      kibana
        .rules("soc")
        .map((r) => r.rule_id)
        .sort(),
    ).toEqual(["rule-0001", "rule-0002"]);
    expect(kibana.rules("soc").every((r) => r.enabled === false)).toBe(true);

    const second = await dac(["deploy", "--space", "soc"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("0 to create, 0 to update, 0 to delete, 2 unchanged");
    expect(kibana.requests.filter((r) => r.method !== "GET")).toHaveLength(1);
  });

  it("deploys nothing when a rule has a validation error", async () => {
    writeRule(1);
    writeRule(2, { severity: "extreme" });
    const result = await dac(["deploy", "--space", "soc"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/rule_2\.toml/);
    expect(result.stderr).toContain("nothing deployed");
    expect(kibana.requests).toHaveLength(0);
  });

  it("prints the diff on --dry-run and writes nothing", async () => {
    writeRule(1);
    await dac(["deploy", "--space", "soc"]);
    writeRule(1, { severity: "high", risk_score: 73 });
    const result = await dac(["deploy", "--space", "soc", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("~ update   rule-0001");
    expect(result.stdout).toContain('severity: "medium" → "high"');
    expect(result.stdout).toContain("version 1 → 2");
    expect(result.stdout).toContain("dry run: nothing was written");
    expect(kibana.rules("soc")[0].severity).toBe("medium");
  });

  it("reports json with per-rule outcomes and exits 1 when a space fails", async () => {
    writeRule(1);
    const result = await dac(["deploy", "--space", "soc", "--space", "missing", "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.success).toBe(false);
    expect(report.spaces[0].results).toEqual([
      { rule_id: "rule-0001", action: "create", outcome: "applied" },
    ]);
    expect(report.spaces[1].error).toMatch(/cannot read space "missing"/);
  });

  it("writes GitHub annotations for failed rules", async () => {
    writeRule(1, { actions: [{ action_type_id: ".slack", id: "no-connector", params: { message: "m" } }] });
    const result = await dac(["deploy", "--space", "soc", "--format", "github"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error file=rules\/rule_1\.toml,line=\d+,title=deploy soc::rule-0001: Rule actions reference the following missing action IDs: no-connector/,
    );
  });

  it("uses a named environment: its url, spaces, credential variables and enabled default", async () => {
    writeFileSync(
      join(dir, "dac.config.yaml"),
      `environments:\n  staging:\n    url: ${kibana.url}\n    spaces: [soc]\n    api_key_env: STAGING_KEY\n    enabled: true\n`,
    );
    writeRule(1);
    const result = await dac(["deploy", "--env", "staging"], {
      KIBANA_URL: undefined,
      KIBANA_API_KEY: undefined,
      STAGING_KEY: SECRET_KEY,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(kibana.rules("soc")[0].enabled).toBe(true);
  });

  it("refuses credentials in the URL and bad space ids as usage errors", async () => {
    writeRule(1);
    const url = new URL(kibana.url);
    url.username = "elastic";
    url.password = SECRET_PASSWORD;
    const inUrl = await dac(["deploy", "--url", url.toString(), "--space", "soc"]);
    expect(inUrl.code).toBe(2);
    expect(inUrl.stderr).toContain("credentials in the Kibana URL are not accepted");
    const badSpace = await dac(["deploy", "--space", "Bad Space"]);
    expect(badSpace.code).toBe(2);
    expect(badSpace.stderr).toContain('invalid space id "Bad Space"');
    expect(kibana.requests).toHaveLength(0);
  });

  it("never shows a credential: success, wrong key, basic auth, server errors, import", async () => {
    writeRule(1);
    writeRule(2, { actions: [{ action_type_id: ".slack", id: "nope", params: {} }] });
    const outputs = [
      await dac(["deploy", "--space", "soc"]),
      await dac(["deploy", "--space", "soc"], { KIBANA_API_KEY: `${SECRET_KEY}-wrong` }),
      await dac(["deploy", "--space", "soc"], {
        KIBANA_API_KEY: undefined,
        KIBANA_USERNAME: "deployer",
        KIBANA_PASSWORD: SECRET_PASSWORD,
      }),
      await dac(["deploy", "--space", "soc"], {
        KIBANA_API_KEY: undefined,
        KIBANA_USERNAME: "deployer",
        KIBANA_PASSWORD: "x",
      }),
    ];
    kibana.faults.push({
      times: 20,
      fault: { kind: "status", status: 500, body: { message: `echo ${SECRET_KEY}` } },
    });
    outputs.push(await dac(["deploy", "--space", "soc", "--format", "json"]));
    kibana.faults.length = 0;
    outputs.push(await dac(["import", "--space", "soc", "--rules-dir", "imported"]));
    const leaks = [
      SECRET_KEY,
      SECRET_PASSWORD,
      Buffer.from(`deployer:${SECRET_PASSWORD}`).toString("base64"),
    ];
    for (const { stdout, stderr } of outputs) {
      for (const secret of leaks) {
        expect(stdout).not.toContain(secret);
        expect(stderr).not.toContain(secret);
      }
    }
    expect(outputs[1].code).toBe(1);
    expect(outputs[1].stdout + outputs[1].stderr).toMatch(/HTTP 401/);
    expect(outputs[4].stdout).toContain("[REDACTED]");
    for (const file of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      const text = readFileSync(join(file.parentPath, file.name), "utf8");
      for (const secret of leaks) expect(text).not.toContain(secret);
    }
  });
});

describe("dac import", () => {
  it("writes new rules as canonical TOML, skips prebuilt ones, and diffs known ones", async () => {
    writeRule(1);
    await dac(["deploy", "--space", "soc"]);
    kibana.seedCustom("soc", queryRule(7, { name: "Made in the UI: Odd (Name)", enabled: true, version: 3 }));
    kibana.seedPrebuilt("soc", queryRule(8, { name: "Elastic rule" }));
    writeRule(1, { severity: "low", risk_score: 10 });
    const result = await dac(["import", "--space", "soc"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'space "soc": 1 new, 1 differ from the repository, 0 unchanged, 1 skipped',
    );
    expect(result.stdout).toContain("+ rules/made_in_the_ui_odd_name.toml  (rule-0007)");
    expect(result.stdout).toContain('severity: "low" → "medium"');
    expect(result.stdout).toContain("rule-0008  Elastic rule: Elastic prebuilt rule");
    const text = readFileSync(join(dir, "rules", "made_in_the_ui_odd_name.toml"), "utf8");
    expect(text).toMatch(/^\[metadata\]/);
    expect(text).not.toContain(MANAGED_TAG);
    expect(text).not.toMatch(/^(created_at|updated_by|revision|immutable|rule_source) =/m);

    const validate = await dac(["validate", "rules/made_in_the_ui_odd_name.toml"]);
    expect(validate.code).toBe(0);
  });

  it("round-trips: import from an export file, then export gives back every field Kibana returned", async () => {
    const created = kibana.seedCustom(
      "default",
      queryRule(9, {
        enabled: true,
        version: 4,
        note: "## Triage\nLook at the parent process.",
        severity_mapping: [{ field: "host.name", operator: "equals", value: "dc01", severity: "critical" }],
        required_fields: [{ name: "process.name", type: "keyword" }],
        max_signals: 50,
        interval: "10m",
        from: "now-11m",
      }),
    );
    writeFileSync(join(dir, "export.ndjson"), `${JSON.stringify(created)}\n{"exported_count":1}\n`);
    const imported = await dac(["import", "export.ndjson"]);
    expect(imported.code).toBe(0);
    const exported = await dac(["export", "rules", "--out", "out.ndjson"]);
    expect(exported.stderr).toBe("");
    const line = JSON.parse(readFileSync(join(dir, "out.ndjson"), "utf8").split("\n")[0]);
    const expected = Object.fromEntries(
      Object.entries(created).filter(([key]) => !SERVER_KEYS.includes(key)),
    );
    expected.required_fields = [{ name: "process.name", type: "keyword" }];
    expected.actions = [];
    expect(line).toEqual(expected);
  });
});
