import { describe, expect, it } from "vitest";
import { openCatalog } from "../../src/catalog/catalog.js";
import { detectionRulesRequiredFields } from "../../src/repository/required-fields.js";

/** detection-rules resolves the datasets of packages its integration manifests list; these stand for them. */
const requiredFieldsOf = detectionRulesRequiredFields({
  catalog: openCatalog(),
  knownPackage: (name) => ["aws", "network_traffic", "system"].includes(name),
});

const required = (rule: Record<string, unknown>) =>
  requiredFieldsOf({ type: "query", language: "kuery", ...rule }, {});

describe("required_fields for the content hash, as detection-rules computes them", () => {
  it("types ECS fields with the ECS of detection-rules' release and marks them ecs", () => {
    expect(required({ query: "process.name:x and host.ip:1.2.3.4" })).toEqual({
      fields: [
        { name: "host.ip", type: "ip", ecs: true },
        { name: "process.name", type: "keyword", ecs: true },
      ],
    });
  });

  it("types other fields from the integration of a dataset the query names, by type family", () => {
    const result = required({
      index: ["logs-network_traffic.icmp*"],
      query: 'event.dataset:"network_traffic.icmp" and icmp.request.type:8',
    });
    expect(result?.fields).toContainEqual({ name: "icmp.request.type", type: "integer", ecs: false });
    expect(result?.uncertain).toMatch(/icmp.request.type come from dac's integration schemas/);
  });

  it("does not look at the integration an index pattern names: without a dataset in the query the type is unknown", () => {
    expect(required({ index: ["logs-aws.cloudtrail-*"], query: "aws.cloudtrail.read_only:false" })).toEqual({
      fields: [{ name: "aws.cloudtrail.read_only", type: "unknown", ecs: false }],
    });
  });

  it("ignores datasets of packages detection-rules does not know", () => {
    expect(required({ query: 'event.dataset:"okta.system" and icmp.request.type:8' })?.fields).toContainEqual(
      { name: "icmp.request.type", type: "unknown", ecs: false },
    );
  });

  it("takes the Beats schema of a *beat-* index when the query names no known dataset", () => {
    expect(
      required({ index: ["winlogbeat-*"], query: "winlog.event_data.AuthenticationPackageName:NTLM" }),
    ).toEqual({
      fields: [{ name: "winlog.event_data.AuthenticationPackageName", type: "keyword", ecs: false }],
    });
  });

  it("reads datasets from EQL equality and `in` comparisons", () => {
    const result = requiredFieldsOf(
      {
        type: "eql",
        language: "eql",
        query: 'network where data_stream.dataset in ("network_traffic.icmp") and icmp.request.type == 8',
      },
      {},
    );
    expect(result?.fields).toContainEqual({ name: "icmp.request.type", type: "integer", ecs: false });
  });

  it("hashes ES|QL rules without fields, and says why the hash may differ", () => {
    const result = requiredFieldsOf({ type: "esql", language: "esql", query: "FROM logs-* | KEEP a" }, {});
    expect(result?.fields).toEqual([]);
    expect(result?.uncertain).toMatch(/live stack/);
  });

  it("cannot compute them for Lucene queries", () => {
    expect(required({ language: "lucene", query: "a:b" })).toBeUndefined();
  });
});
