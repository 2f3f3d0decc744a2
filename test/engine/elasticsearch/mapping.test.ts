import { describe, expect, it } from "vitest";
import type { FieldSpec, IndexMapping } from "../../../src/catalog/types.js";
import { type IndexPlan, nonCoreTypes, planIndex } from "../../../src/engine/elasticsearch/mapping.js";
import type { JsonObject } from "../../../src/engine/types.js";

/** The mapping node of dotted `name` in the plan's properties tree. */
function fieldAt(plan: IndexPlan, name: string): JsonObject | undefined {
  let node: JsonObject | undefined = { properties: plan.body.mappings.properties };
  for (const part of name.split("."))
    node = (node?.properties as JsonObject | undefined)?.[part] as JsonObject | undefined;
  return node;
}

const spec = (name: string, type: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type,
  source: "ecs",
  aggregatable: true,
  ...extra,
});

function mapping(index: string, fields: FieldSpec[], dynamic = true): IndexMapping {
  return { index, fields: new Map(fields.map((field) => [field.name, field])), dynamic };
}

const FIELDS = [
  spec("@timestamp", "date"),
  spec("event.created", "date", { format: "strict_date_optional_time||epoch_millis" }),
  spec("host.name", "keyword", { ignoreAbove: 1024 }),
  spec("process.command_line", "wildcard"),
  spec("process.command_line.text", "match_only_text", {
    parent: "process.command_line",
    aggregatable: false,
  }),
  spec("message", "match_only_text", { aggregatable: false }),
  spec("data_stream.dataset", "constant_keyword", { value: "aws.cloudtrail" }),
  spec("container.cpu.usage", "scaled_float", { scalingFactor: 1000 }),
  spec("event.original", "keyword", { indexed: false, aggregatable: false }),
  spec("labels", "object", { objectType: "keyword", aggregatable: false }),
  spec("dll.pe.sections", "nested", { aggregatable: false }),
  spec("dll.pe.sections.name", "keyword", { nestedPath: "dll.pe.sections" }),
  spec("dll.pe.imports", "flattened"),
];

const everything = () => true;
const coreOnly = () => false;

describe("planIndex", () => {
  it("maps field specs to a properties tree with multi-fields and parameters", () => {
    const plan = planIndex(mapping("my-index", FIELDS), everything);
    expect(fieldAt(plan, "@timestamp")).toEqual({ type: "date" });
    expect(fieldAt(plan, "event.created")).toEqual({
      type: "date",
      format: "strict_date_optional_time||epoch_millis",
    });
    expect(fieldAt(plan, "host.name")).toEqual({ type: "keyword", ignore_above: 1024 });
    expect(fieldAt(plan, "process.command_line")).toEqual({
      type: "wildcard",
      fields: { text: { type: "match_only_text" } },
    });
    expect(fieldAt(plan, "data_stream.dataset")).toEqual({
      type: "constant_keyword",
      value: "aws.cloudtrail",
    });
    expect(fieldAt(plan, "container.cpu.usage")).toEqual({
      type: "scaled_float",
      scaling_factor: 1000,
    });
    expect(fieldAt(plan, "event.original")).toEqual({
      type: "keyword",
      index: false,
      doc_values: false,
    });
    expect(fieldAt(plan, "dll.pe.sections")).toEqual({
      type: "nested",
      properties: { name: { type: "keyword" } },
    });
    expect(plan.body.mappings.dynamic).toBe(true);
    expect(plan.body.mappings.dynamic_templates).toEqual([
      {
        dac_object_type_labels: {
          path_match: "labels.*",
          match_mapping_type: "string",
          mapping: { type: "keyword" },
        },
      },
    ]);
    expect(plan.substitutions).toEqual([]);
    expect(plan.omitted.size).toBe(0);
  });

  it("substitutes the types a cluster lacks and reports each once", () => {
    const plan = planIndex(mapping("my-index", FIELDS), coreOnly);
    expect(fieldAt(plan, "process.command_line")).toEqual({
      type: "keyword",
      fields: { text: { type: "text" } },
    });
    expect(fieldAt(plan, "message")).toEqual({ type: "text" });
    expect(fieldAt(plan, "data_stream.dataset")).toEqual({ type: "keyword" });
    expect(plan.constants).toEqual(new Map([["data_stream.dataset", "aws.cloudtrail"]]));
    expect(plan.substitutions.map((s) => `${s.from}→${s.to}`).sort()).toEqual([
      "constant_keyword→keyword",
      "match_only_text→text",
      "wildcard→keyword",
    ]);
  });

  it("leaves out fields whose type has no equivalent", () => {
    const plan = planIndex(mapping("my-index", FIELDS), coreOnly);
    expect(plan.omitted).toEqual(
      new Map([
        ["container.cpu.usage", "scaled_float"],
        ["dll.pe.imports", "flattened"],
      ]),
    );
    expect(fieldAt(plan, "container")).toBeUndefined();
    expect(fieldAt(plan, "dll.pe.imports")).toBeUndefined();
  });

  it("gives logs-*-* and Beats indices the dynamic rules of their templates", () => {
    const logs = planIndex(mapping("logs-aws.cloudtrail-default", []), coreOnly).body.mappings;
    expect(logs.date_detection).toBe(false);
    expect(logs.dynamic_templates).toEqual([
      { dac_ecs_ip: { match: "ip", match_mapping_type: "string", mapping: { type: "ip" } } },
      { dac_ecs_message: { path_match: "message", match_mapping_type: "string", mapping: { type: "text" } } },
      {
        dac_strings_as_keyword: {
          match_mapping_type: "string",
          mapping: { type: "keyword", ignore_above: 1024 },
        },
      },
    ]);
    const beats = planIndex(mapping("filebeat-8.15.0", []), everything).body.mappings;
    expect(beats.date_detection).toBe(false);
    expect(beats.dynamic_templates).toEqual([
      {
        dac_strings_as_keyword: {
          match_mapping_type: "string",
          mapping: { type: "keyword", ignore_above: 1024 },
        },
      },
    ]);
    const plain = planIndex(mapping("my-index", [], false), everything).body.mappings;
    expect(plain).toEqual({ dynamic: false, dynamic_templates: [], properties: {} });
  });

  it("lists the non-core types a mapping needs", () => {
    expect([...nonCoreTypes(mapping("x", FIELDS))].sort()).toEqual([
      "constant_keyword",
      "flattened",
      "match_only_text",
      "scaled_float",
      "wildcard",
    ]);
  });
});
