import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogSchema, createCatalogCache, ecsSchema, openCatalog } from "../../src/catalog/catalog.js";
import { FieldsFileError, parseFieldsYml } from "../../src/catalog/fields-yml.js";
import { lookupField } from "../../src/catalog/lookup.js";
import { detectedDateFormat, dynamicFieldSpec, mappingForIndex } from "../../src/catalog/mapping.js";
import { schemasForRule } from "../../src/catalog/rule-schemas.js";
import { DacError } from "../../src/errors.js";

const cache = createCatalogCache();
const catalog = openCatalog({ cache });
const ecs = ecsSchema(catalog).fields;

describe("ECS fields", () => {
  it("gives type, ignore_above and multi-fields as their own entries", () => {
    expect(ecs.get("process.name")).toMatchObject({
      type: "keyword",
      ignoreAbove: 1024,
      aggregatable: true,
      source: "ecs",
    });
    expect(ecs.get("process.name.text")).toMatchObject({
      type: "match_only_text",
      parent: "process.name",
      aggregatable: false,
    });
    expect(ecs.get("source.ip")).toMatchObject({ type: "ip", aggregatable: true });
    expect(ecs.get("message")).toMatchObject({ type: "match_only_text", aggregatable: false });
    expect(ecs.get("process.command_line")?.type).toBe("wildcard");
  });

  it("marks non-indexed fields, typed objects and nested paths", () => {
    expect(ecs.get("event.original")).toMatchObject({ indexed: false, aggregatable: false });
    expect(ecs.get("labels")).toMatchObject({ type: "object", objectType: "keyword" });
    expect(ecs.get("threat.enrichments.indicator.ip")?.nestedPath).toBe("threat.enrichments");
  });

  it("is built once per cache", () => {
    expect(ecsSchema(openCatalog({ cache }))).toBe(ecsSchema(catalog));
    expect(ecsSchema(openCatalog({ cache: createCatalogCache() }))).not.toBe(ecsSchema(catalog));
  });
});

describe("lookupField", () => {
  const schemas = [ecsSchema(catalog)];
  it("resolves keys under typed objects and flattened fields, and object names", () => {
    expect(lookupField("labels.env", schemas)).toMatchObject({ kind: "field", spec: { type: "keyword" } });
    expect(lookupField("process.pe.imports.name", schemas)).toMatchObject({
      kind: "field",
      spec: { parent: "process.pe.imports" },
    });
    expect(lookupField("process.parent", schemas)).toEqual({ kind: "object" });
    expect(lookupField("process.nmae", schemas)).toEqual({ kind: "unknown" });
  });
});

describe("fields.yml reader", () => {
  const read = (text: string) => parseFieldsYml(text, { file: "custom.yml", source: "custom", ecs });

  it("reads groups, constant_keyword values, multi-fields, flattened, nested and external ecs", () => {
    const fields = read(`
- name: acme
  type: group
  fields:
    - name: kind
      type: constant_keyword
      value: proxy
    - name: url
      type: keyword
      ignore_above: 2048
      multi_fields:
        - name: text
          type: text
    - name: extra
      type: flattened
    - name: hops
      type: nested
      fields:
        - name: host
        - name: latency
          type: long
- name: source.ip
  external: ecs
`);
    expect(fields.get("acme.kind")).toMatchObject({
      type: "constant_keyword",
      value: "proxy",
      source: "custom",
    });
    expect(fields.get("acme.url")).toMatchObject({ type: "keyword", ignoreAbove: 2048 });
    expect(fields.get("acme.url.text")).toMatchObject({
      type: "text",
      parent: "acme.url",
      aggregatable: false,
    });
    expect(fields.get("acme.extra")?.type).toBe("flattened");
    expect(fields.get("acme.hops")?.type).toBe("nested");
    expect(fields.get("acme.hops.host")).toMatchObject({ type: "keyword", nestedPath: "acme.hops" });
    expect(fields.get("acme.hops.latency")).toMatchObject({ type: "long", nestedPath: "acme.hops" });
    expect(fields.get("source.ip")).toMatchObject({ type: "ip", source: "ecs" });
    expect(fields.has("acme")).toBe(false);
  });

  it("names the file and line of a bad entry", () => {
    const bad = "- name: a\n  type: keyword\n- name: b\n  ignore_above: many\n";
    expect(() => read(bad)).toThrow(FieldsFileError);
    expect(described(() => read(bad))).toBe("custom.yml:4:17: ignore_above must be a positive integer");
    expect(described(() => read("- name: x.y\n  external: ecs\n"))).toMatch(
      /^custom\.yml:1:3: x\.y is declared "external: ecs"/,
    );
    expect(described(() => read("- name: a\n- name: a\n"))).toMatch(
      /^custom\.yml:2:3: a is already defined at line 1/,
    );
    expect(described(() => read("- name: a\n  type: [keyword\n"))).toMatch(/^custom\.yml:\d+:\d+: /);
  });

  it("is a configuration error (exit 2)", () => {
    let thrown: unknown;
    try {
      read("- name: b\n  ignore_above: many\n");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DacError);
    expect((thrown as DacError).kind).toBe("config");
  });
});

/** The error `run` throws, as the CLI prints it: `file:line:column: message`. */
function described(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as DacError).describe();
  }
  throw new Error("expected an error");
}

describe("shipped aws.cloudtrail schema", () => {
  const schema = catalogSchema(catalog, "aws.cloudtrail")!;
  it("declares the data-stream constants the integration fixes", () => {
    expect(schema.package).toBe("aws");
    expect(schema.fields.get("event.dataset")).toMatchObject({
      type: "constant_keyword",
      value: "aws.cloudtrail",
    });
    expect(schema.fields.get("event.module")).toMatchObject({ type: "constant_keyword", value: "aws" });
    expect(schema.fields.get("data_stream.dataset")?.type).toBe("constant_keyword");
  });
  it("has the CloudTrail fields with their types", () => {
    const arn = "aws.cloudtrail.user_identity.session_context.session_issuer.arn";
    expect(schema.fields.get(arn)).toMatchObject({ type: "keyword", aggregatable: true });
    expect(schema.fields.get("aws.cloudtrail.read_only")?.type).toBe("boolean");
    expect(schema.fields.get("aws.cloudtrail.request_parameters")).toMatchObject({ ignoreAbove: 8191 });
    expect(schema.fields.get("aws.cloudtrail.request_parameters.text")?.type).toBe("text");
    expect(schema.fields.get("aws.cloudtrail.flattened.request_parameters")?.type).toBe("flattened");
    expect(schema.fields.get("user.name.text")?.type).toBe("match_only_text");
  });
});

describe("user field files from dac.config.yaml", () => {
  it("add a schema selected by index pattern, and extend shipped ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "dac-fields-"));
    const okta = join(dir, "okta.yml");
    writeFileSync(okta, "- name: okta.actor.id\n");
    const extra = join(dir, "extra.yml");
    writeFileSync(extra, "- name: aws.cloudtrail.custom_tag\n");
    const custom = openCatalog({
      cache: createCatalogCache(),
      fields: { "okta.system": [okta], "aws.cloudtrail": [extra] },
    });
    const okRule = schemasForRule({ index: ["logs-okta.system-*"] }, custom);
    expect(okRule.complete).toBe(true);
    expect(okRule.schemas.map((s) => s.name)).toEqual(["okta.system", "ecs"]);
    expect(catalogSchema(custom, "okta.system")!.fields.get("okta.actor.id")?.source).toMatch(/okta\.yml$/);
    const aws = catalogSchema(custom, "aws.cloudtrail")!;
    expect(aws.fields.has("aws.cloudtrail.custom_tag")).toBe(true);
    expect(aws.fields.has("aws.cloudtrail.error_code")).toBe(true);
  });
});

describe("schemasForRule", () => {
  const names = (r: { schemas: { name: string }[] }) => r.schemas.map((s) => s.name);
  it("selects the dataset of logs-<dataset>* patterns", () => {
    const r = schemasForRule({ index: ["logs-aws.cloudtrail-*"] }, catalog);
    expect(names(r)).toEqual(["aws.cloudtrail", "ecs"]);
    expect(r.complete).toBe(true);
    expect(schemasForRule({ index: ["logs-aws.cloudtrail*"] }, catalog).complete).toBe(true);
  });
  it("resolves dataset globs as Kibana resolves index patterns", () => {
    expect(names(schemasForRule({ index: ["logs-okta*"] }, catalog))).toEqual(["okta.system", "ecs"]);
    expect(names(schemasForRule({ index: ["logs-system.security*"] }, catalog))).toEqual([
      "system.security",
      "ecs",
    ]);
    const azure = names(schemasForRule({ index: ["logs-azure.*-*"] }, catalog));
    expect(azure).toContain("azure.signinlogs");
    expect(azure).toContain("azure.activitylogs");
    expect(azure).not.toContain("aws.cloudtrail");
    const process = schemasForRule({ index: ["logs-endpoint.events.process-*"] }, catalog);
    expect(names(process)).toEqual(["endpoint.events.process", "ecs"]);
    expect(process.complete).toBe(true);
  });
  it("narrows a glob over several packages to the metadata's integrations", () => {
    const all = names(schemasForRule({ index: ["logs-m*"] }, catalog));
    expect(all).toContain("m365_defender.event");
    expect(all).toContain("microsoft_sentinel.alert");
    const narrowed = schemasForRule({ index: ["logs-m*"], integrations: ["microsoft_sentinel"] }, catalog);
    expect(names(narrowed)).toEqual(["microsoft_sentinel.alert", "ecs"]);
  });
  it("uses [metadata] integration for Beats patterns", () => {
    const r = schemasForRule(
      { index: ["filebeat-*", "logs-aws.cloudtrail*"], integrations: ["aws"] },
      catalog,
    );
    expect(names(r)).toEqual(["aws.cloudtrail", "ecs"]);
    expect(r.complete).toBe(true);
    const noMeta = schemasForRule({ index: ["filebeat-*"] }, catalog);
    expect(noMeta.complete).toBe(false);
    expect(noMeta.missing).toEqual(["(no [metadata] integration)"]);
    expect(names(noMeta)).toContain("okta.system");
  });
  it("reads winlogbeat-* as the Windows and System packages", () => {
    const r = schemasForRule({ index: ["winlogbeat-*"] }, catalog);
    expect(r.complete).toBe(true);
    expect(names(r)).toContain("windows.sysmon_operational");
    expect(names(r)).toContain("system.security");
    expect(names(r)).not.toContain("okta.system");
  });
  it("is incomplete for datasets without a schema", () => {
    const r = schemasForRule({ index: ["logs-acme.app-*"], integrations: ["acme"] }, catalog);
    expect(names(r)).toEqual(["ecs"]);
    expect(r.missing).toEqual(["logs-acme.app-*"]);
    expect(schemasForRule({ index: ["logs-aws*"] }, catalog).complete).toBe(false);
  });
});

describe("mappingForIndex", () => {
  it("maps an integration data stream with its constants, data_stream.* left to the first document", () => {
    const m = mappingForIndex("logs-aws.cloudtrail-default", catalog);
    expect(m.dynamic).toBe(true);
    for (const name of ["data_stream.type", "data_stream.dataset", "data_stream.namespace"]) {
      expect(m.fields.get(name)?.type, name).toBe("constant_keyword");
      expect(m.fields.get(name)?.value, name).toBeUndefined();
    }
    expect(m.fields.get("event.dataset")).toMatchObject({
      type: "constant_keyword",
      value: "aws.cloudtrail",
    });
    expect(m.fields.get("event.module")).toMatchObject({ value: "aws" });
    expect(m.fields.get("aws.cloudtrail.error_code")?.type).toBe("keyword");
    expect(m.fields.get("process.name")?.type).toBe("keyword");
  });
  it("maps backing indices like their data stream", () => {
    const m = mappingForIndex(".ds-logs-aws.cloudtrail-prod-2024.05.01-000001", catalog);
    expect(m.fields.get("data_stream.namespace")?.type).toBe("constant_keyword");
    expect(m.fields.get("event.dataset")?.value).toBe("aws.cloudtrail");
  });
  it("maps filebeat indices as ECS plus the aws module fields, without data-stream constants", () => {
    const m = mappingForIndex("filebeat-8.15.0", catalog);
    expect(m.fields.get("event.dataset")).toMatchObject({ type: "keyword" });
    expect(m.fields.get("event.dataset")?.value).toBeUndefined();
    expect(m.fields.get("data_stream.dataset")?.value).toBeUndefined();
    expect(m.fields.get("aws.cloudtrail.user_identity.type")?.type).toBe("keyword");
  });
  it("maps winlogbeat indices with the Windows and System fields, constants as plain keywords", () => {
    const m = mappingForIndex("winlogbeat-8.17.0", catalog);
    expect(m.fields.get("winlog.event_id")?.type).toBe("keyword");
    expect(m.fields.get("event.module")).toMatchObject({ type: "keyword" });
    expect(m.fields.get("event.module")?.value).toBeUndefined();
    expect(m.fields.has("okta.client.ip")).toBe(false);
  });
  it("maps other indices as ECS, and other data streams without integration fields", () => {
    const other = mappingForIndex("my-index", catalog);
    expect(other.fields.get("source.ip")?.type).toBe("ip");
    expect(other.fields.has("aws.cloudtrail.error_code")).toBe(false);
    const acme = mappingForIndex("logs-acme.app-default", catalog);
    expect(acme.fields.get("data_stream.dataset")?.type).toBe("constant_keyword");
    expect(acme.fields.get("event.dataset")?.type).toBe("keyword");
  });
});

describe("dynamicFieldSpec", () => {
  it("follows Elasticsearch's default dynamic mapping", () => {
    expect(dynamicFieldSpec("hello", { field: "a.b" })).toEqual([
      { name: "a.b", type: "text", source: "dynamic", aggregatable: false },
      {
        name: "a.b.keyword",
        type: "keyword",
        ignoreAbove: 256,
        parent: "a.b",
        source: "dynamic",
        aggregatable: true,
      },
    ]);
    expect(dynamicFieldSpec("2024-05-01T10:00:00Z", { field: "t" })[0]).toMatchObject({ type: "date" });
    expect(dynamicFieldSpec("2024-05-01", { field: "t" })[0].type).toBe("date");
    expect(dynamicFieldSpec("2015/09/02", { field: "t" })[0].type).toBe("date");
    expect(dynamicFieldSpec("2024-13-01", { field: "t" })[0].type).toBe("text");
    expect(dynamicFieldSpec("05/01/2024", { field: "t" })[0].type).toBe("text");
    expect(dynamicFieldSpec("42", { field: "n" })[0].type).toBe("text");
    expect(dynamicFieldSpec(42, { field: "n" })[0].type).toBe("long");
    expect(dynamicFieldSpec(4.2, { field: "n" })[0].type).toBe("float");
    expect(dynamicFieldSpec(true, { field: "b" })[0].type).toBe("boolean");
    expect(dynamicFieldSpec({ x: 1 }, { field: "o" })[0].type).toBe("object");
    expect(dynamicFieldSpec([null, 3], { field: "n" })[0].type).toBe("long");
    expect(dynamicFieldSpec(null, { field: "n" })).toEqual([]);
  });
  it("detects dates as Elasticsearch 9.5 did when probed", () => {
    const dates = [
      "2024-01",
      "2024-01-02T10",
      "2024-01-02T10Z",
      "2024-01-02T10:11:12,5Z",
      "2024-01-02T10:11:12+01",
      "2024-01-02T10:11:12-0130",
      "2024-01-02T10:11:12.123456789Z",
      "0000-01-01",
      "0000-02-29",
      "2024/01/02 10:11:12",
    ];
    const strings = [
      "2024",
      "20240102",
      "1700000000000",
      "-2024",
      "2024-1-1",
      "2024-01-02Z",
      "2024-01-02 10:11:12",
      "2024-01-02T24:00:00",
      "2024-01-02T10:11:60",
      "2024-01-02T10:11:12.1234567891Z",
      "2024-01-02T10:11:12z",
      "1900-02-29",
      "2024/01/02 10:11",
      "2024/01/02 10:11:12 +0100",
      "2024/01/02 Z",
    ];
    for (const text of dates) expect(detectedDateFormat(text), text).toBeDefined();
    for (const text of strings) expect(detectedDateFormat(text), text).toBeUndefined();
  });
  it("maps whole numbers from 1e21 on as float: JSON sends them in exponent form", () => {
    expect(dynamicFieldSpec(2 ** 70, { field: "n" })[0].type).toBe("float");
    expect(dynamicFieldSpec(-1e21, { field: "n" })[0].type).toBe("float");
    expect(dynamicFieldSpec(1e20, { field: "n" })[0].type).toBe("long");
  });
  it("follows the logs and Beats templates: keyword strings, no date detection, @timestamp a date", () => {
    const logs = "logs-custom.app-default";
    expect(dynamicFieldSpec("2024-05-01", { field: "t", index: logs })).toEqual([
      { name: "t", type: "keyword", ignoreAbove: 1024, source: "dynamic", aggregatable: true },
    ]);
    expect(dynamicFieldSpec("10.0.0.1", { field: "client.ip", index: logs })[0].type).toBe("ip");
    expect(dynamicFieldSpec("2024-05-01T10:00:00Z", { field: "@timestamp", index: logs })[0].type).toBe(
      "date",
    );
    expect(dynamicFieldSpec("2024-05-01", { field: "@timestamp", index: "winlogbeat-9.0.0" })[0].type).toBe(
      "date",
    );
    expect(dynamicFieldSpec("hi", { field: "message", index: logs })[0].type).toBe("match_only_text");
    expect(dynamicFieldSpec("hi", { field: "x", index: "filebeat-8.15.0" })[0]).toMatchObject({
      type: "keyword",
      ignoreAbove: 1024,
    });
  });
});
