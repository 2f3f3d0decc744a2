import { load as loadYaml } from "js-yaml";
import { describe, expect, it } from "vitest";
import { ecsFieldSpecs } from "../../src/catalog/ecs.js";
import { parseFieldsYml } from "../../src/catalog/fields-yml.js";
import { snapshotFromResponses, snapshotYaml } from "../../src/catalog/snapshot.js";

/** What a cluster answers for two indices of logs-custom.app-*: one maps acme.size as long, the other as keyword. */
const mappings = {
  "logs-custom.app-a": {
    mappings: {
      properties: {
        "@timestamp": { type: "date" },
        event: { properties: { dataset: { type: "constant_keyword", value: "custom.app" } } },
        acme: {
          properties: {
            size: { type: "long" },
            url: { type: "keyword", ignore_above: 1024, fields: { text: { type: "match_only_text" } } },
            body: { type: "keyword", index: false },
            raw: { type: "flattened" },
            meta: { type: "object", enabled: false },
          },
        },
        client_ip: { type: "alias", path: "source.ip" },
        source: { properties: { ip: { type: "ip" } } },
      },
      runtime: { "acme.day": { type: "keyword" } },
    },
  },
  "logs-custom.app-b": {
    mappings: { properties: { acme: { properties: { size: { type: "keyword" } } } } },
  },
};
const caps = {
  indices: ["logs-custom.app-a", "logs-custom.app-b"],
  fields: {
    _id: { _id: { type: "_id" } },
    "@timestamp": { date: { type: "date", indices: ["logs-custom.app-a"] }, unmapped: { type: "unmapped" } },
    "event.dataset": { constant_keyword: { type: "constant_keyword" } },
    "acme.size": {
      long: { type: "long", indices: ["logs-custom.app-a"] },
      keyword: { type: "keyword", indices: ["logs-custom.app-b"] },
    },
    "acme.url": { keyword: { type: "keyword" } },
    "acme.url.text": { match_only_text: { type: "match_only_text" } },
    "acme.body": { keyword: { type: "keyword" } },
    "acme.raw": { flattened: { type: "flattened" } },
    "acme.meta": { object: { type: "object" } },
    "acme.day": { keyword: { type: "keyword" } },
    acme: { object: { type: "object" } },
    client_ip: { ip: { type: "ip" } },
    "source.ip": { ip: { type: "ip" } },
  },
};

describe("field snapshots", () => {
  const snapshot = snapshotFromResponses(["logs-custom.app-*"], mappings, caps);
  const byName = new Map(snapshot.fields.map((field) => [field.name, field]));

  it("keeps every mapped leaf with its mapping details, and no metadata or container fields", () => {
    expect([...byName.keys()]).toEqual([
      "@timestamp",
      "acme.body",
      "acme.day",
      "acme.meta",
      "acme.raw",
      "acme.size",
      "acme.url",
      "client_ip",
      "event.dataset",
      "source.ip",
    ]);
    expect(byName.get("event.dataset")).toMatchObject({ type: "constant_keyword", value: "custom.app" });
    expect(byName.get("acme.url")).toMatchObject({
      ignore_above: 1024,
      multi_fields: [{ name: "text", type: "match_only_text" }],
    });
    expect(byName.get("acme.body")?.index).toBe(false);
    expect(byName.get("client_ip")).toMatchObject({ type: "alias", path: "source.ip" });
  });

  it("keeps conflicting types with their indices", () => {
    expect(byName.get("acme.size")).toMatchObject({
      type: "keyword",
      conflicting_types: { keyword: ["logs-custom.app-b"], long: ["logs-custom.app-a"] },
    });
  });

  it("writes a fields.yml document dac reads back", () => {
    const text = snapshotYaml(snapshot, {
      cluster: "http://es:9200",
      takenAt: new Date("2026-01-02T03:04:05Z"),
    });
    expect(text).toMatch(
      /^# dac field snapshot of logs-custom\.app-\* on http:\/\/es:9200, 2026-01-02T03:04:05\.000Z/,
    );
    expect(Array.isArray(loadYaml(text))).toBe(true);
    const fields = parseFieldsYml(text, { file: "snap.yml", source: "snap.yml", ecs: ecsFieldSpecs() });
    expect(fields.get("acme.size")?.conflictingTypes).toEqual({
      keyword: ["logs-custom.app-b"],
      long: ["logs-custom.app-a"],
    });
    expect(fields.get("acme.url.text")).toMatchObject({ type: "match_only_text", parent: "acme.url" });
    expect(fields.get("client_ip")?.type).toBe("ip");
    expect(fields.get("acme.body")?.indexed).toBe(false);
  });
});
