import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DeployOptions, deploy, deploySucceeded } from "../../src/deploy/deploy.js";
import type { ApiRule } from "../../src/deploy/kibana-client.js";
import { type LocalRule, MANAGED_TAG } from "../../src/deploy/plan.js";
import { withApiDefaults } from "../../src/schema/convert.js";
import { type FakeKibana, startFakeKibana } from "./fake-kibana/server.js";
import { API_KEY, queryRule, testClient } from "./helpers.js";

let kibana: FakeKibana;
beforeEach(async () => {
  kibana = await startFakeKibana({ spaces: ["soc", "prod"], apiKeys: [API_KEY], connectors: ["slack-1"] });
});
afterEach(async () => {
  await kibana.close();
});

const options: DeployOptions = {
  prune: false,
  dryRun: false,
  enabledDefault: false,
  applyDefaults: withApiDefaults,
};
const local = (...bodies: ApiRule[]): LocalRule[] =>
  bodies.map((body) => ({ body, file: `rules/${body.rule_id}.toml` }));
const writes = () => kibana.requests.filter((r) => r.method !== "GET");

async function run(rules: LocalRule[], spaces = ["default"], extra: Partial<DeployOptions> = {}) {
  const reports = await deploy(testClient(kibana.url), rules, spaces, { ...options, ...extra });
  return { reports, ok: deploySucceeded(reports, extra.dryRun ?? false) };
}

describe("deploy", () => {
  it("creates rules in one import, verifies them, and a second deploy writes nothing", async () => {
    const rules = local(queryRule(1), queryRule(2), queryRule(3));
    const first = await run(rules);
    expect(first.ok).toBe(true);
    expect(first.reports[0].result?.results.map((r) => [r.ruleId, r.action, r.outcome])).toEqual([
      ["rule-0001", "create", "applied"],
      ["rule-0002", "create", "applied"],
      ["rule-0003", "create", "applied"],
    ]);
    expect(kibana.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/detection_engine/rules/_find",
      "POST /api/detection_engine/rules/_import",
      "GET /api/detection_engine/rules/_find",
    ]);
    const stored = kibana.rules();
    expect(stored.every((r) => r.enabled === false && r.version === 1)).toBe(true);
    expect(stored[0].tags).toEqual(["Domain: Endpoint", "OS: Windows", MANAGED_TAG]);

    kibana.requests.length = 0;
    const second = await run(rules);
    expect(second.ok).toBe(true);
    expect(second.reports[0].plan?.entries.every((e) => e.action === "unchanged")).toBe(true);
    expect(writes()).toHaveLength(0);
    expect(kibana.requests).toHaveLength(1);
  });

  it("updates only changed rules, with a field diff and a version bump", async () => {
    await run(local(queryRule(1), queryRule(2)));
    const { reports, ok } = await run(
      local(queryRule(1), queryRule(2, { severity: "high", risk_score: 73 })),
    );
    expect(ok).toBe(true);
    const entries = reports[0].plan?.entries ?? [];
    expect(entries.map((e) => e.action)).toEqual(["unchanged", "update"]);
    expect(entries[1].changes).toEqual([
      { field: "risk_score", before: 47, after: 73 },
      { field: "severity", before: "medium", after: "high" },
      { field: "version", before: 1, after: 2 },
    ]);
    expect(entries[1].version).toEqual({ deployed: 1, planned: 2, note: "content changed: version 1 → 2" });
    const stored = kibana.rules().find((r) => r.rule_id === "rule-0002");
    expect(stored).toMatchObject({ severity: "high", version: 2, revision: 1 });
  });

  it("never lowers a version and keeps a higher local one", async () => {
    await run(local(queryRule(1, { version: 5 })));
    const lower = await run(local(queryRule(1, { version: 3 })));
    expect(lower.reports[0].plan?.entries[0]).toMatchObject({
      action: "unchanged",
      version: { deployed: 5, planned: 5, note: "local version 3 is below the deployed 5; keeping 5" },
    });
    const changed = await run(local(queryRule(1, { version: 3, name: "Renamed" })));
    expect(changed.reports[0].plan?.entries[0].version?.planned).toBe(6);
    const raised = await run(local(queryRule(1, { version: 9, name: "Renamed again" })));
    expect(raised.reports[0].plan?.entries[0].version?.planned).toBe(9);
    expect(kibana.rules()[0].version).toBe(9);
  });

  it("sends enabled explicitly: the rule's own value, else the environment default", async () => {
    await run(local(queryRule(1), queryRule(2, { enabled: true })), ["default"], { enabledDefault: true });
    expect(kibana.rules().map((r) => r.enabled)).toEqual([true, true]);
    const { reports } = await run(local(queryRule(1), queryRule(2, { enabled: true })));
    expect(reports[0].plan?.entries.map((e) => [e.action, e.changes.map((c) => c.field)])).toEqual([
      ["update", ["enabled"]],
      ["unchanged", []],
    ]);
    expect(kibana.rules().map((r) => r.enabled)).toEqual([false, true]);
  });

  it("never touches a prebuilt Elastic rule with the same rule_id, and reports the conflict", async () => {
    const prebuilt = kibana.seedPrebuilt("default", queryRule(1, { name: "Elastic's own rule" }));
    const { reports, ok } = await run(local(queryRule(1), queryRule(2)));
    expect(ok).toBe(false);
    const [conflict, created] = reports[0].result?.results ?? [];
    expect(conflict).toMatchObject({ action: "conflict", outcome: "failed" });
    expect(conflict.message).toMatch(/prebuilt rule "Elastic's own rule".*never modifies prebuilt rules/);
    expect(created).toMatchObject({ ruleId: "rule-0002", outcome: "applied" });
    expect(kibana.rules().find((r) => r.rule_id === "rule-0001")).toEqual(prebuilt);
  });

  it("leaves a rule taken out of dac's hands (no managed tag) as it is, and says so in the plan", async () => {
    const unmanaged = kibana.seedCustom("default", queryRule(1, { name: "Tuned in the UI" }));
    const { reports, ok } = await run(local(queryRule(1)));
    expect(ok).toBe(false);
    expect(reports[0].plan?.entries[0]).toMatchObject({
      action: "conflict",
      message: expect.stringMatching(/without the tag "Managed: dac".*leaves it as it is.*--adopt/),
    });
    expect(kibana.rules()).toEqual([unmanaged]);
  });

  it("with adopt, takes over an unmanaged custom rule with the same rule_id and says so", async () => {
    kibana.seedCustom("default", queryRule(1));
    const { reports, ok } = await run(local(queryRule(1)), ["default"], { adopt: true });
    expect(ok).toBe(true);
    expect(reports[0].plan?.entries[0]).toMatchObject({
      action: "update",
      message: expect.stringMatching(/--adopt takes it over/),
    });
    expect(kibana.rules()[0].tags).toContain(MANAGED_TAG);
  });

  it("prunes only managed rules that left the repository", async () => {
    await run(local(queryRule(1), queryRule(2)));
    kibana.seedCustom("default", queryRule(50, { name: "Made in the UI" }));
    kibana.seedPrebuilt("default", queryRule(60, { tags: [MANAGED_TAG] }));
    const withoutPrune = await run(local(queryRule(1)));
    expect(withoutPrune.reports[0].plan?.entries.map((e) => e.action)).toEqual(["unchanged"]);
    const { reports, ok } = await run(local(queryRule(1)), ["default"], { prune: true });
    expect(ok).toBe(true);
    expect(reports[0].result?.results.map((r) => [r.ruleId, r.action, r.outcome])).toEqual([
      ["rule-0001", "unchanged", "unchanged"],
      ["rule-0002", "delete", "applied"],
    ]);
    expect(
      kibana
        .rules()
        .map((r) => r.rule_id)
        .sort(),
    ).toEqual(["rule-0001", "rule-0050", "rule-0060"]);
  });

  it("reports per-rule failures with Kibana's reason and leaves other rules intact", async () => {
    await run(local(queryRule(1), queryRule(2)));
    const before = kibana.rules().find((r) => r.rule_id === "rule-0002");
    const broken = queryRule(2, {
      name: "Changed",
      actions: [{ action_type_id: ".slack", id: "missing-connector", params: { message: "hi" } }],
    });
    const { reports, ok } = await run(
      local(queryRule(1, { name: "Also changed" }), broken, queryRule(3)),
      ["default"],
      {
        prune: true,
      },
    );
    expect(ok).toBe(false);
    const results = reports[0].result?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.outcome])).toEqual([
      ["rule-0001", "applied"],
      ["rule-0002", "failed"],
      ["rule-0003", "applied"],
    ]);
    expect(results[1].message).toBe(
      "Rule actions reference the following missing action IDs: missing-connector (HTTP 404)",
    );
    expect(kibana.rules().find((r) => r.rule_id === "rule-0002")).toEqual(before);
  });

  it("skips prune deletes when another change in the space failed", async () => {
    await run(local(queryRule(1), queryRule(2)));
    const broken = queryRule(1, { actions: [{ action_type_id: ".slack", id: "nope", params: {} }] });
    const { reports } = await run(local(broken), ["default"], { prune: true });
    expect(reports[0].result?.results[1]).toMatchObject({
      ruleId: "rule-0002",
      action: "delete",
      outcome: "skipped",
    });
    expect(kibana.rules()).toHaveLength(2);
  });

  it("catches a rule Kibana changed on the way in with the read-back", async () => {
    const withList = queryRule(1, {
      exceptions_list: [
        { id: "x", list_id: "not-in-this-space", type: "detection", namespace_type: "single" },
      ],
    });
    const { reports, ok } = await run(local(withList));
    expect(ok).toBe(false);
    expect(reports[0].result?.results[0].message).toMatch(/references a non existent exception list/);
    expect(kibana.rules()).toHaveLength(1);
  });

  it("deploys to several spaces; an unknown space fails alone", async () => {
    const { reports, ok } = await run(local(queryRule(1)), ["soc", "nope", "prod"]);
    expect(ok).toBe(false);
    expect(reports.map((r) => [r.space, r.error === undefined])).toEqual([
      ["soc", true],
      ["nope", false],
      ["prod", true],
    ]);
    expect(reports[1].error).toMatch(/cannot read space "nope": Not Found/);
    expect(kibana.rules("soc")).toHaveLength(1);
    expect(kibana.rules("prod")).toHaveLength(1);
  });

  it("writes nothing on a dry run", async () => {
    await run(local(queryRule(1), queryRule(2)));
    kibana.requests.length = 0;
    const { reports, ok } = await run(local(queryRule(1, { name: "New name" }), queryRule(3)), ["default"], {
      dryRun: true,
      prune: true,
    });
    expect(ok).toBe(true);
    expect(reports[0].plan?.entries.map((e) => e.action)).toEqual(["update", "create", "delete"]);
    expect(writes()).toHaveLength(0);
  });
});

describe("deploy under faults", () => {
  it("rides out 429 and 503 on the import", async () => {
    kibana.faults.push({
      path: /_import/,
      times: 1,
      fault: { kind: "status", status: 429, retryAfter: "1" },
    });
    kibana.faults.push({ path: /_import/, times: 1, fault: { kind: "status", status: 503 } });
    const { ok } = await run(local(queryRule(1)));
    expect(ok).toBe(true);
    expect(kibana.rules()).toHaveLength(1);
  });

  it("converges when the import was applied but its response lost", async () => {
    kibana.faults.push({ path: /_import/, times: 1, fault: { kind: "applied-lost" } });
    const { ok } = await run(local(queryRule(1), queryRule(2)));
    expect(ok).toBe(true);
    expect(kibana.rules()).toHaveLength(2);
  });

  it("re-reads the space instead of resending a delete whose response was lost", async () => {
    await run(local(queryRule(1), queryRule(2)));
    kibana.faults.push({ path: /_bulk_action/, times: 1, fault: { kind: "applied-lost" } });
    const { reports, ok } = await run(local(queryRule(1)), ["default"], { prune: true });
    expect(ok).toBe(true);
    expect(reports[0].result?.results[1]).toMatchObject({ action: "delete", outcome: "applied" });
    expect(kibana.requests.filter((r) => r.path.endsWith("_bulk_action"))).toHaveLength(1);
  });

  it("reports every rule of a failed import when Kibana keeps answering 5xx", async () => {
    kibana.faults.push({ path: /_import/, times: 10, fault: { kind: "status", status: 504 } });
    const { reports, ok } = await run(local(queryRule(1), queryRule(2)));
    expect(ok).toBe(false);
    expect(reports[0].result?.results.map((r) => r.outcome)).toEqual(["failed", "failed"]);
    expect(reports[0].result?.results[0].message).toMatch(/504/);
    expect(kibana.rules()).toHaveLength(0);
  });

  it("survives latency", async () => {
    kibana.faults.push({ times: 3, fault: { kind: "latency", ms: 50 } });
    expect((await run(local(queryRule(1)))).ok).toBe(true);
  });
});
