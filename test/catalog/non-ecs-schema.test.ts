import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCatalogCache, openCatalog } from "../../src/catalog/catalog.js";
import { FieldsFileError } from "../../src/catalog/fields-yml.js";
import { lookupField } from "../../src/catalog/lookup.js";
import { mappingForIndex } from "../../src/catalog/mapping.js";
import { parseNonEcsSchema } from "../../src/catalog/non-ecs-schema.js";
import { schemasForRule } from "../../src/catalog/rule-schemas.js";
import { runDac } from "../support/cli.js";
import { variant } from "../validate/helpers.js";

/** A small allow-list in detection-rules' layout; `okta` overrides a shipped field and an ECS one. */
const ALLOW_LIST = `{
  "logs-okta*": {
    "okta.debug_context.debug_data.authnRequestId": "long",
    "source.port": "keyword",
    "okta.custom.risk_score": "long"
  },
  "logs-endpoint.events.*": {
    "process.Ext.custom_flag": "boolean"
  },
  "endgame-*": {
    "endgame": { "metadata": { "type": "keyword" }, "event_subtype_full": "keyword" }
  }
}
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "dac-non-ecs-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function catalogWith(files: Record<string, string>, fields: Record<string, string[]> = {}) {
  const dir = project({ "allow.json": ALLOW_LIST, ...files });
  const absolute = Object.fromEntries(
    Object.entries(fields).map(([name, paths]) => [name, paths.map((p) => join(dir, p))]),
  );
  return openCatalog({
    cache: createCatalogCache(),
    nonEcsSchema: join(dir, "allow.json"),
    fields: absolute,
  });
}

const typeOf = (field: string, index: string[], catalog: ReturnType<typeof catalogWith>) => {
  const found = lookupField(field, schemasForRule({ index }, catalog).schemas);
  return found.kind === "field" ? `${found.spec.type} ${found.spec.source.replace(/.*\//, "")}` : found.kind;
};

describe("the non-ECS allow-list file", () => {
  it("flattens nested objects into dotted fields with their types, the file as their source", () => {
    const [, , endgame] = parseNonEcsSchema(ALLOW_LIST, "etc/allow.json");
    expect(endgame.pattern).toBe("endgame-*");
    expect([...endgame.fields.values()]).toEqual([
      { name: "endgame.metadata.type", type: "keyword", source: "etc/allow.json", aggregatable: true },
      { name: "endgame.event_subtype_full", type: "keyword", source: "etc/allow.json", aggregatable: true },
    ]);
  });

  it("keeps the last of a repeated key, as JSON does", () => {
    const [key] = parseNonEcsSchema('{"logs-*": {"a.b": "keyword", "a.b": "long"}}', "x.json");
    expect(key.fields.get("a.b")?.type).toBe("long");
  });

  it("rejects a value that is neither a type nor an object, at its line", () => {
    const bad = '{\n  "logs-*": {\n    "a.b": 3\n  }\n}\n';
    expect(() => parseNonEcsSchema(bad, "etc/allow.json")).toThrow(FieldsFileError);
    expect(() => parseNonEcsSchema(bad, "etc/allow.json")).toThrow(
      /a\.b: expected an Elasticsearch field type/,
    );
    try {
      parseNonEcsSchema(bad, "etc/allow.json");
    } catch (error) {
      expect((error as FieldsFileError).location).toMatchObject({ file: "etc/allow.json", line: 3 });
    }
  });
});

describe("allow-list keys in the rule's schemas", () => {
  const catalog = catalogWith({});

  it("apply to a rule pattern the key matches: equal, covered by the key's wildcard, or behind a cluster prefix", () => {
    expect(typeOf("okta.custom.risk_score", ["logs-okta*"], catalog)).toBe("long allow.json");
    expect(typeOf("process.Ext.custom_flag", ["logs-endpoint.events.process-*"], catalog)).toBe(
      "boolean allow.json",
    );
    expect(typeOf("okta.custom.risk_score", ["remote:logs-okta*"], catalog)).toBe("long allow.json");
    expect(typeOf("endgame.event_subtype_full", ["endgame-*"], catalog)).toBe("keyword allow.json");
  });

  it("do not apply to other patterns", () => {
    expect(typeOf("okta.custom.risk_score", ["logs-aws.cloudtrail-*"], catalog)).toBe("unknown");
    expect(typeOf("process.Ext.custom_flag", ["logs-*"], catalog)).toBe("unknown");
  });

  it("come before the shipped integration schema and ECS", () => {
    const names = schemasForRule({ index: ["logs-okta*"] }, catalog).schemas.map((s) => s.name);
    expect(names).toEqual(["allow-list logs-okta*", "okta.system", "ecs"]);
    expect(typeOf("okta.debug_context.debug_data.authnRequestId", ["logs-okta*"], catalog)).toBe(
      "long allow.json",
    );
    expect(typeOf("source.port", ["logs-okta*"], catalog)).toBe("keyword allow.json");
  });

  it("come after a field file from dac.config.yaml fields:", () => {
    const withFile = catalogWith(
      { "okta.yml": "- name: okta.debug_context.debug_data.authnRequestId\n  type: ip\n" },
      { "okta.system": ["okta.yml"] },
    );
    const names = schemasForRule({ index: ["logs-okta*"] }, withFile).schemas.map((s) => s.name);
    expect(names).toEqual(["okta.system", "allow-list logs-okta*", "ecs"]);
    expect(typeOf("okta.debug_context.debug_data.authnRequestId", ["logs-okta*"], withFile)).toBe(
      "ip okta.yml",
    );
  });
});

const OKTA_RULE = (query: string) =>
  variant(
    ['index = ["logs-endpoint.events.*"]', 'index = ["logs-okta*"]'],
    ['event.action:"added-member-to-group" and group.name:"Administrators"', query],
  );

describe("dac validate with an allow-list", () => {
  it("knows its fields through dac.config.yaml non_ecs_schema, a path relative to the config", async () => {
    const dir = project({
      "config/allow.json": ALLOW_LIST,
      "config/dac.config.yaml": "non_ecs_schema: allow.json\n",
      "rules/a.toml": OKTA_RULE("okta.custom.risk_score:7"),
    });
    const known = await runDac(
      ["validate", "--config", "config/dac.config.yaml", "rules", "--format", "json"],
      {
        cwd: dir,
      },
    );
    expect(JSON.parse(known.stdout).findings.map((f: { code: string }) => f.code)).not.toContain(
      "kql-unknown-field",
    );
    const without = await runDac(["validate", "rules", "--format", "json"], { cwd: dir });
    expect(JSON.parse(without.stdout).findings.map((f: { code: string }) => f.code)).toContain(
      "kql-unknown-field",
    );
  });

  it("reads etc/non-ecs-schema.json beside dac.config.yaml by default, and checks values against its types", async () => {
    const dir = project({
      "etc/non-ecs-schema.json": ALLOW_LIST,
      "dac.config.yaml": "rules: [rules]\n",
      "rules/a.toml": OKTA_RULE("okta.custom.risk_score:high"),
    });
    const run = await runDac(["validate", "--format", "json"], { cwd: dir });
    const findings = JSON.parse(run.stdout).findings as { code: string; message: string }[];
    expect(findings.map((f) => f.code)).toContain("kql-value-type");
    expect(findings.map((f) => f.code)).not.toContain("kql-unknown-field");
  });

  it.each([
    ["the checkout's rules folder", "checkout/rules"],
    ["the checkout itself", "checkout"],
  ])(
    "without a dac.config.yaml, reads the allow-list of a detection-rules checkout given as %s",
    async (_, path) => {
      const dir = project({
        "checkout/etc/non-ecs-schema.json": ALLOW_LIST,
        "checkout/rules/a.toml": OKTA_RULE("okta.custom.risk_score:7"),
      });
      const run = await runDac(["validate", path, "--format", "json"], { cwd: dir });
      expect(JSON.parse(run.stdout).findings.map((f: { code: string }) => f.code)).not.toContain(
        "kql-unknown-field",
      );
    },
  );

  it("can turn the default off with non_ecs_schema: false", async () => {
    const dir = project({
      "etc/non-ecs-schema.json": ALLOW_LIST,
      "dac.config.yaml": "non_ecs_schema: false\n",
      "rules/a.toml": OKTA_RULE("okta.custom.risk_score:7"),
    });
    const run = await runDac(["validate", "--format", "json"], { cwd: dir });
    expect(JSON.parse(run.stdout).findings.map((f: { code: string }) => f.code)).toContain(
      "kql-unknown-field",
    );
  });

  it("reports a configured file that does not exist as a configuration error naming it", async () => {
    const dir = project({
      "dac.config.yaml": "non_ecs_schema: etc/missing.json\n",
      "rules/a.toml": OKTA_RULE("okta.custom.risk_score:7"),
    });
    const run = await runDac(["validate"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing.json");
    expect(run.stderr).toContain("cannot read non-ECS schema");
  });
});

describe("dac fields with an allow-list", () => {
  it("list names each key with its field count", async () => {
    const dir = project({ "etc/non-ecs-schema.json": ALLOW_LIST, "dac.config.yaml": "rules: [rules]\n" });
    const run = await runDac(["fields", "list"], { cwd: dir });
    expect(run.stdout).toContain(
      "allow-list logs-okta*: 3 fields\nallow-list logs-endpoint.events.*: 1 field\n",
    );
  });

  it("names the allow-list key and its file as the source", async () => {
    const dir = project({ "etc/non-ecs-schema.json": ALLOW_LIST, "dac.config.yaml": "rules: [rules]\n" });
    const run = await runDac(["fields", "why", "okta.custom.risk_score", "--index", "logs-okta*"], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("used: long from allow-list logs-okta* [etc/non-ecs-schema.json]");
    expect(run.stdout).toContain("engines map it in logs-okta.system-default as long");
  });
});

describe("the engines' index mappings with an allow-list", () => {
  it("map its fields in the indices a key matches, over the shipped schema", () => {
    const catalog = catalogWith({});
    const okta = mappingForIndex("logs-okta.system-default", catalog).fields;
    expect(okta.get("okta.custom.risk_score")?.type).toBe("long");
    expect(okta.get("okta.debug_context.debug_data.authnRequestId")?.type).toBe("long");
    expect(okta.get("data_stream.dataset")?.type).toBe("constant_keyword");
    const backing = mappingForIndex(".ds-logs-okta.system-default-2024.01.01-000001", catalog).fields;
    expect(backing.get("okta.custom.risk_score")?.type).toBe("long");
    expect(mappingForIndex("endgame-8.0", catalog).fields.get("endgame.metadata.type")?.type).toBe("keyword");
    expect(mappingForIndex("logs-aws.cloudtrail-default", catalog).fields.has("okta.custom.risk_score")).toBe(
      false,
    );
  });

  it("leave a dataset's field from dac.config.yaml fields: as it is", () => {
    const withFile = catalogWith(
      { "okta.yml": "- name: okta.debug_context.debug_data.authnRequestId\n  type: ip\n" },
      { "okta.system": ["okta.yml"] },
    );
    const okta = mappingForIndex("logs-okta.system-default", withFile).fields;
    expect(okta.get("okta.debug_context.debug_data.authnRequestId")?.type).toBe("ip");
    expect(okta.get("okta.custom.risk_score")?.type).toBe("long");
  });
});
