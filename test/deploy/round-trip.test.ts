import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatRuleDocument } from "../../src/schema/toml/write.js";
import { runDac } from "../support/cli.js";
import { type FakeKibana, startFakeKibana } from "./fake-kibana/server.js";
import { queryRule } from "./helpers.js";

const KEY = "round-trip-key";
let kibana: FakeKibana;
let dir: string;
beforeEach(async () => {
  kibana = await startFakeKibana({ apiKeys: [KEY] });
  dir = mkdtempSync(join(tmpdir(), "dac-round-trip-"));
  mkdirSync(join(dir, "rules"));
  for (const n of [1, 2]) {
    const document = {
      metadata: {
        creation_date: "2024/01/02",
        updated_date: "2024/03/04",
        maturity: "production",
        integration: ["endpoint"],
      },
      rule: { ...queryRule(n), author: ["dac tests"], license: "Elastic License v2" },
    };
    writeFileSync(join(dir, "rules", `rule_${n}.toml`), formatRuleDocument(document));
  }
});
afterEach(async () => {
  await kibana.close();
  rmSync(dir, { recursive: true, force: true });
});

function dac(args: string[]) {
  return runDac(args, { cwd: dir, env: { KIBANA_URL: kibana.url, KIBANA_API_KEY: KEY } });
}

describe("round trips show no false drift", () => {
  it("deploy, then import from the space: every rule is unchanged", async () => {
    expect((await dac(["deploy"])).code).toBe(0);
    const result = await dac(["import"]);
    expect(result.stdout).toContain("0 new, 0 differ from the repository, 2 unchanged");
    expect(result.code).toBe(0);
  });

  it("a rule changed in Kibana after the deploy still shows as differing", async () => {
    expect((await dac(["deploy"])).code).toBe(0);
    writeFileSync(
      join(dir, "rules", "rule_1.toml"),
      formatRuleDocument({
        metadata: { creation_date: "2024/01/02", updated_date: "2024/03/04", maturity: "production" },
        rule: { ...queryRule(1), author: ["dac tests"], license: "Elastic License v2", risk_score: 99 },
      }),
    );
    const result = await dac(["import"]);
    expect(result.stdout).toContain("1 differ from the repository, 1 unchanged");
    expect(result.stdout).toContain("risk_score: 99 → 47");
  });

  it("export, then import the file: every rule is unchanged", async () => {
    expect((await dac(["export", "--out", "out.ndjson"])).code).toBe(0);
    const result = await dac(["import", "out.ndjson"]);
    expect(result.stdout).toContain("0 new, 0 differ from the repository, 2 unchanged");
    expect(result.code).toBe(0);
  });
});
