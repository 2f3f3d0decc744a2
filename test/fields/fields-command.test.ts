import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDac } from "../support/cli.js";

const cwd = mkdtempSync(join(tmpdir(), "dac-fields-cli-"));

describe("dac fields list", () => {
  it("lists the shipped packages with their versions and data streams", async () => {
    const run = await runDac(["fields", "list", "--format", "json"], { cwd });
    expect(run.code).toBe(0);
    const listing = JSON.parse(run.stdout);
    const okta = listing.packages.find((p: { name: string }) => p.name === "okta");
    expect(okta).toMatchObject({ data_streams: ["system"], beats: ["filebeat"] });
    expect(okta.versions).toHaveLength(1);
    expect(listing.packages.find((p: { name: string }) => p.name === "endpoint").data_streams).toContain(
      "process",
    );
  });
});

describe("dac fields show", () => {
  it("prints the mapping the engines use for an okta index, with its constants", async () => {
    const run = await runDac(["fields", "show", "logs-okta.system-*", "--format", "json"], { cwd });
    expect(run.code).toBe(0);
    const [index] = JSON.parse(run.stdout);
    expect(index).toMatchObject({
      index: "logs-okta.system-default",
      dataset: "okta.system",
      package: "okta",
    });
    expect(index.fields["event.dataset"]).toMatchObject({ type: "constant_keyword", value: "okta.system" });
    expect(index.fields["okta.client.ip"]).toMatchObject({ type: "ip", source: "okta.system" });
    expect(index.fields["data_stream.namespace"]).toEqual({
      type: "constant_keyword",
      source: "okta.system",
      aggregatable: true,
    });
  });

  it("shows Elastic Defend's data streams as not dynamic", async () => {
    const run = await runDac(["fields", "show", "logs-endpoint.events.process-*"], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(
      /^logs-endpoint\.events\.process-default \(endpoint [^)]+\), dynamic: false$/,
    );
    expect(run.stdout).toContain(
      "  process.Ext.token.integrity_level_name  keyword  [endpoint.events.process]",
    );
  });
});

describe("dac fields why", () => {
  it("says the integration's constant_keyword wins over ECS's keyword", async () => {
    const run = await runDac(
      ["fields", "why", "event.dataset", "--index", "logs-okta*", "--format", "json"],
      { cwd },
    );
    expect(run.code).toBe(0);
    const why = JSON.parse(run.stdout);
    expect(why.definitions.map((d: { schema: string; type: string }) => `${d.schema} ${d.type}`)).toEqual([
      "okta.system constant_keyword",
      "ecs keyword",
    ]);
    expect(why.used).toMatchObject({ type: "constant_keyword", value: "okta.system" });
  });

  it("names a dac.config.yaml field file when it defines the field, and exits 1 for an unknown field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dac-fields-why-"));
    writeFileSync(join(dir, "extra.yml"), "- name: okta.client.ip\n  type: keyword\n");
    writeFileSync(join(dir, "dac.config.yaml"), "fields:\n  okta.system: [extra.yml]\n");
    const run = await runDac(["fields", "why", "okta.client.ip", "--index", "logs-okta.system-*"], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("used: keyword from okta.system (okta ");
    expect(run.stdout).toContain("[extra.yml]");
    const unknown = await runDac(["fields", "why", "okta.nope", "--index", "logs-okta*"], { cwd: dir });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain("no schema defines it");
  });
});
