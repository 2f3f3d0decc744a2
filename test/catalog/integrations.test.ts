import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogSchema, createCatalogCache, openCatalog } from "../../src/catalog/catalog.js";
import { mappingForIndex } from "../../src/catalog/mapping.js";
import { schemasForRule } from "../../src/catalog/rule-schemas.js";
import { pickVersion, satisfiesConstraint } from "../../src/catalog/versions.js";

const fixtures = join(import.meta.dirname, "fixtures");

/** Builds compact schemas from the fixture checkouts with the build tool, into a fresh data folder. */
function buildData(): string {
  const dataDir = mkdtempSync(join(tmpdir(), "dac-fields-data-"));
  execFileSync(
    process.execPath,
    [
      "tools/fields/build.mjs",
      join(fixtures, "integrations-old"),
      join(fixtures, "integrations-new"),
      join(fixtures, "endpoint-package"),
      "--out",
      join(dataDir, "integrations"),
    ],
    { stdio: "pipe" },
  );
  return dataDir;
}

const dataDir = buildData();
const catalog = openCatalog({ dataDir, cache: createCatalogCache() });

describe("fields:build output read by the catalog", () => {
  it("lists every package version with its data streams", () => {
    expect(catalog.packages.get("acme")).toMatchObject({ version: "2.0.0", versions: ["1.2.0", "2.0.0"] });
    expect(catalog.packages.get("endpoint")?.dataStreams).toEqual(["process"]);
    expect([...catalog.sources.keys()].sort()).toEqual(["acme.app", "endpoint.events.process"]);
  });

  it("keeps constants, multi-fields, index and doc_values settings, object types, nested fields and aliases", () => {
    const app = catalogSchema(catalog, "acme.app", "8.14.0")!;
    expect(app.version).toBe("1.2.0");
    expect(app.fields.get("event.dataset")).toMatchObject({ type: "constant_keyword", value: "acme.app" });
    expect(app.fields.get("acme.app.url")).toMatchObject({ type: "keyword", ignoreAbove: 2048 });
    expect(app.fields.get("acme.app.url.text")).toMatchObject({
      type: "match_only_text",
      parent: "acme.app.url",
    });
    expect(app.fields.get("acme.app.body")?.indexed).toBe(false);
    expect(app.fields.get("acme.app.latency")).toMatchObject({ type: "long", aggregatable: false });
    expect(app.fields.get("acme.app.headers")).toMatchObject({ type: "object", objectType: "keyword" });
    expect(app.fields.get("acme.app.raw")?.type).toBe("flattened");
    expect(app.fields.get("acme.app.hops.host")).toMatchObject({ nestedPath: "acme.app.hops" });
    expect(app.fields.get("acme.app.client_ip")).toMatchObject({ type: "ip", source: "acme.app" });
  });

  it("resolves external: ecs against the shipped ECS, including reused field sets", () => {
    const app = catalogSchema(catalog, "acme.app", "8.14.0")!;
    expect(app.fields.get("source.ip")?.type).toBe("ip");
    expect(app.fields.get("geo.city_name")?.type).toBe("keyword");
    expect(app.fields.get("data_stream.dataset")?.type).toBe("constant_keyword");
  });

  it("picks the package version a rule's min_stack_version can install", () => {
    expect(catalogSchema(catalog, "acme.app", "9.1.0")?.version).toBe("2.0.0");
    expect(catalogSchema(catalog, "acme.app")?.fields.get("acme.app.url")?.type).toBe("wildcard");
    expect(catalogSchema(catalog, "acme.app")?.fields.get("acme.shared.region")?.type).toBe("keyword");
    const old = schemasForRule({ index: ["logs-acme.app-*"], stackVersion: "8.12.0" }, catalog);
    expect(old.schemas[0].fields.has("acme.app.tenant")).toBe(false);
    const current = schemasForRule({ index: ["logs-acme.app-*"], stackVersion: "9.2.0" }, catalog);
    expect(current.schemas[0].fields.has("acme.app.tenant")).toBe(true);
  });

  it("maps the endpoint package's data streams without dynamic mapping", () => {
    const mapping = mappingForIndex("logs-endpoint.events.process-default", catalog);
    expect(mapping.dynamic).toBe(false);
    expect(mapping.fields.get("process.Ext.token.integrity_level_name")?.type).toBe("keyword");
    expect(mappingForIndex("logs-acme.app-default", catalog).dynamic).toBe(true);
  });
});

describe("versions", () => {
  it("reads the constraint forms of package manifests", () => {
    expect(satisfiesConstraint("8.14.0", "^8.10.1 || ^9.0.0")).toBe(true);
    expect(satisfiesConstraint("8.9.0", "^8.10.1 || ^9.0.0")).toBe(false);
    expect(satisfiesConstraint("7.5.0", ">=7.3.0 <8.0.0")).toBe(true);
    expect(satisfiesConstraint("8.0.0", ">=7.3.0 <8.0.0")).toBe(false);
    expect(satisfiesConstraint("8.3.2", "8.x")).toBe(true);
  });
  it("falls back to the newest version when none admits the stack", () => {
    const versions = [
      { version: "1.0.0", kibana: "^8.0.0" },
      { version: "1.10.0", kibana: "^8.12.0" },
    ];
    expect(pickVersion(versions, "8.5.0")?.version).toBe("1.0.0");
    expect(pickVersion(versions, "7.17.0")?.version).toBe("1.10.0");
    expect(pickVersion(versions)?.version).toBe("1.10.0");
  });
});
