import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { load as loadYaml } from "js-yaml";
import { ECS_VERSION, ecsFieldSpecs } from "./ecs.js";
import { FieldsFileError, parseFieldsYml } from "./fields-yml.js";
import type { FieldSpec } from "./types.js";

/** A set of field definitions: ECS, or one data stream / custom source. */
export interface FieldSchema {
  /** "ecs", a dataset such as "aws.cloudtrail", or a name from dac.config.yaml `fields:`. */
  name: string;
  /** Integration package the schema belongs to ("aws"); undefined for ECS. */
  package?: string;
  fields: ReadonlyMap<string, FieldSpec>;
  /** Every proper dotted prefix of a field name ("aws", "aws.cloudtrail", ...): the objects that hold fields. */
  objects: ReadonlySet<string>;
}

/** Builds a schema from its fields. */
export function fieldSchema(name: string, fields: ReadonlyMap<string, FieldSpec>, pkg?: string): FieldSchema {
  const objects = new Set<string>();
  for (const field of fields.keys()) {
    for (let dot = field.indexOf("."); dot > 0; dot = field.indexOf(".", dot + 1))
      objects.add(field.slice(0, dot));
  }
  return { name, ...(pkg === undefined ? {} : { package: pkg }), fields, objects };
}

/** An integration package dac knows a version of (shipped in data/fields/packages.yml). */
export interface IntegrationPackage {
  name: string;
  title?: string;
  version: string;
  /** Data stream names inside the package ("cloudtrail"). */
  dataStreams: string[];
  /** Beats whose legacy indices (filebeat-*) also carry this package's fields. */
  beats: string[];
}

/** Where a schema's definitions come from; read on first use. */
export interface SchemaSource {
  name: string;
  package: string;
  files: string[];
}

/**
 * Parsed definitions, shared by every catalog opened with it. One per process (or per test); parsing
 * happens on first use only.
 */
export interface CatalogCache {
  ecs?: FieldSchema;
  schemas: Map<string, FieldSchema>;
  packages?: Map<string, IntegrationPackage & { files: Record<string, string> }>;
}

export function createCatalogCache(): CatalogCache {
  return { schemas: new Map() };
}

/** The field knowledge available to a run: ECS, the shipped integration schemas and the user's files. */
export interface FieldCatalog {
  ecsVersion: string;
  /** Known schemas by name (dataset or custom name). */
  sources: ReadonlyMap<string, SchemaSource>;
  packages: ReadonlyMap<string, IntegrationPackage>;
  cache: CatalogCache;
}

export interface CatalogOptions {
  /** `dac.config.yaml` `fields:`: schema name → field files (absolute paths). Extends a shipped schema of the same name. */
  fields?: Record<string, string[]>;
  cache?: CatalogCache;
  /** Folder with packages.yml and the shipped field files; defaults to the package's data/fields. */
  dataDir?: string;
}

const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../data/fields/", import.meta.url));

/** Opens a catalog; cheap: field files are parsed when a schema is first asked for. */
export function openCatalog(options: CatalogOptions = {}): FieldCatalog {
  const cache = options.cache ?? createCatalogCache();
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  cache.packages ??= readPackages(dataDir);
  const sources = new Map<string, SchemaSource>();
  for (const pkg of cache.packages.values()) {
    for (const [stream, file] of Object.entries(pkg.files)) {
      const name = `${pkg.name}.${stream}`;
      sources.set(name, { name, package: pkg.name, files: [join(dataDir, file)] });
    }
  }
  for (const [name, files] of Object.entries(options.fields ?? {})) {
    const existing = sources.get(name);
    sources.set(name, {
      name,
      package: existing?.package ?? name.split(".")[0],
      files: [...(existing?.files ?? []), ...files],
    });
  }
  return { ecsVersion: ECS_VERSION, sources, packages: cache.packages, cache };
}

export function ecsSchema(catalog: FieldCatalog): FieldSchema {
  catalog.cache.ecs ??= fieldSchema("ecs", ecsFieldSpecs());
  return catalog.cache.ecs;
}

/** The schema of that name, parsed on first use; undefined when the catalog has none. Throws FieldsFileError. */
export function catalogSchema(catalog: FieldCatalog, name: string): FieldSchema | undefined {
  const source = catalog.sources.get(name);
  if (!source) return undefined;
  const key = `${name}\0${source.files.join("\0")}`;
  const cached = catalog.cache.schemas.get(key);
  if (cached) return cached;
  const ecs = ecsSchema(catalog).fields;
  const fields = new Map<string, FieldSpec>();
  for (const file of source.files) {
    for (const [field, spec] of parseFieldsYml(readText(file), { file, source: name, ecs }))
      fields.set(field, spec);
  }
  const schema = fieldSchema(name, fields, source.package);
  catalog.cache.schemas.set(key, schema);
  return schema;
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new FieldsFileError(
      file,
      { line: 1, column: 1 },
      `cannot read field file: ${(error as Error).message}`,
    );
  }
}

function readPackages(dataDir: string): Map<string, IntegrationPackage & { files: Record<string, string> }> {
  const file = join(dataDir, "packages.yml");
  const raw = loadYaml(readText(file)) as Record<string, Record<string, unknown>> | null;
  const packages = new Map<string, IntegrationPackage & { files: Record<string, string> }>();
  for (const [name, entry] of Object.entries(raw ?? {})) {
    const streams = (entry.data_streams ?? {}) as Record<string, string>;
    if (typeof entry.version !== "string") {
      throw new FieldsFileError(file, { line: 1, column: 1 }, `package ${name} has no version`);
    }
    packages.set(name, {
      name,
      ...(typeof entry.title === "string" ? { title: entry.title } : {}),
      version: entry.version,
      dataStreams: Object.keys(streams),
      beats: Array.isArray(entry.beats) ? entry.beats.map(String) : [],
      files: streams,
    });
  }
  return packages;
}
