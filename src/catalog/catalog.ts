import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { load as loadYaml } from "js-yaml";
import { ECS_VERSION, ecsFieldSpecs } from "./ecs.js";
import { FieldsFileError, parseFieldsYml } from "./fields-yml.js";
import { readShippedFields, readShippedIndex, type ShippedDataStream } from "./integrations.js";
import { type AllowListKey, readNonEcsSchema } from "./non-ecs-schema.js";
import type { FieldSpec } from "./types.js";
import { compareVersions, pickVersion } from "./versions.js";

/** A set of field definitions: ECS, or one data stream / custom source. */
export interface FieldSchema {
  /** "ecs", a dataset such as "aws.cloudtrail", or a name from dac.config.yaml `fields:`. */
  name: string;
  /** Integration package the schema belongs to ("aws"); undefined for ECS. */
  package?: string;
  /** The package version the shipped definitions come from; undefined for ECS and user-only schemas. */
  version?: string;
  fields: ReadonlyMap<string, FieldSpec>;
  /** Every proper dotted prefix of a field name ("aws", "aws.cloudtrail", ...): the objects that hold fields. */
  objects: ReadonlySet<string>;
}

/** Builds a schema from its fields. */
export function fieldSchema(
  name: string,
  fields: ReadonlyMap<string, FieldSpec>,
  pkg?: string,
  version?: string,
): FieldSchema {
  const objects = new Set<string>();
  for (const field of fields.keys()) {
    for (let dot = field.indexOf("."); dot > 0; dot = field.indexOf(".", dot + 1))
      objects.add(field.slice(0, dot));
  }
  return {
    name,
    ...(pkg === undefined ? {} : { package: pkg }),
    ...(version === undefined ? {} : { version }),
    fields,
    objects,
  };
}

/** An integration package dac ships field definitions of. */
export interface IntegrationPackage {
  name: string;
  title?: string;
  /** The newest shipped version. */
  version: string;
  /** Every shipped version, oldest first. */
  versions: string[];
  /** Data stream names inside the package ("cloudtrail"). */
  dataStreams: string[];
  /** Beats whose legacy indices (filebeat-*) also carry this package's fields (data/fields/beats.yml). */
  beats: string[];
}

/** A legacy Beats index family (winlogbeat-*) and the packages whose fields it carries. */
export interface BeatIndices {
  packages: string[];
  /** True when those packages are all the beat writes: a field in none of them cannot be in its indices. */
  complete: boolean;
}

/** Where a schema's definitions come from; read on first use. */
export interface SchemaSource {
  name: string;
  package: string;
  /** Shipped versions in dac's compact form (data/fields/integrations), any order. */
  shipped: ShippedDataStream[];
  /** Elastic fields.yml files: shipped hand-written ones, then dac.config.yaml `fields:` (later files win). */
  files: string[];
}

interface ShippedCatalog {
  packages: Map<string, IntegrationPackage>;
  sources: Map<string, SchemaSource>;
  beats: Map<string, BeatIndices>;
}

/**
 * Parsed definitions, shared by every catalog opened with it. One per process (or per test); parsing
 * happens on first use only.
 */
export interface CatalogCache {
  ecs?: FieldSchema;
  schemas: Map<string, FieldSchema>;
  shipped?: ShippedCatalog;
}

export function createCatalogCache(): CatalogCache {
  return { schemas: new Map() };
}

/** One index-pattern key of the non-ECS allow-list, with its fields as a schema named "allow-list <pattern>". */
export interface AllowListEntry extends AllowListKey {
  schema: FieldSchema;
}

/** The field knowledge available to a run: ECS, the shipped integration schemas and the user's files. */
export interface FieldCatalog {
  ecsVersion: string;
  /** Known schemas by name (dataset or custom name). */
  sources: ReadonlyMap<string, SchemaSource>;
  /** Names of schemas `dac.config.yaml` `fields:` gives files to: they come before the allow-list. */
  configured: ReadonlySet<string>;
  /** The non-ECS allow-list (`non_ecs_schema`), in file order; empty without one. */
  allowList: readonly AllowListEntry[];
  packages: ReadonlyMap<string, IntegrationPackage>;
  beats: ReadonlyMap<string, BeatIndices>;
  cache: CatalogCache;
  /** Schemas already resolved by this catalog, by name and stack version: rules ask for the same ones again and again. */
  resolved: Map<string, FieldSchema | undefined>;
}

/** What a catalog reads beyond the shipped data; a `DacConfig` (src/config) is one. */
export interface CatalogOptions {
  /** `dac.config.yaml` `fields:`: schema name → field files (absolute paths). Extends a shipped schema of the same name. */
  fields?: Record<string, string[]>;
  /** `dac.config.yaml` `non_ecs_schema`: the allow-list file (absolute path). */
  nonEcsSchema?: string;
  cache?: CatalogCache;
  /** Folder with packages.yml, beats.yml, integrations/ and the shipped field files; defaults to the package's data/fields. */
  dataDir?: string;
}

const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../data/fields/", import.meta.url));

/**
 * The parsed shipped data of each data folder, for catalogs opened without a cache of their own: the files
 * never change while dac runs, and every `dac validate` / `dac test` in a process (a bench, a watch loop)
 * would otherwise parse ECS and the integration schemas again.
 */
const SHIPPED_CACHES = new Map<string, CatalogCache>();

/** Opens a catalog; cheap: only the shipped indexes are read, field files when a schema is first asked for. */
export function openCatalog(options: CatalogOptions = {}): FieldCatalog {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const cache = options.cache ?? sharedCache(dataDir);
  cache.shipped ??= readShipped(dataDir);
  const sources = new Map(cache.shipped.sources);
  for (const [name, files] of Object.entries(options.fields ?? {})) {
    const existing = sources.get(name);
    sources.set(name, {
      name,
      package: existing?.package ?? name.split(".")[0],
      shipped: existing?.shipped ?? [],
      files: [...(existing?.files ?? []), ...files],
    });
  }
  const allowList = options.nonEcsSchema === undefined ? [] : readNonEcsSchema(options.nonEcsSchema);
  return {
    ecsVersion: ECS_VERSION,
    sources,
    configured: new Set(Object.keys(options.fields ?? {})),
    allowList: allowList.map((key) => ({
      ...key,
      schema: fieldSchema(`allow-list ${key.pattern}`, key.fields),
    })),
    packages: cache.shipped.packages,
    beats: cache.shipped.beats,
    cache,
    resolved: new Map(),
  };
}

function sharedCache(dataDir: string): CatalogCache {
  let cache = SHIPPED_CACHES.get(dataDir);
  if (!cache) {
    cache = createCatalogCache();
    SHIPPED_CACHES.set(dataDir, cache);
  }
  return cache;
}

export function ecsSchema(catalog: FieldCatalog): FieldSchema {
  catalog.cache.ecs ??= fieldSchema("ecs", ecsFieldSpecs());
  return catalog.cache.ecs;
}

/**
 * The schema of that name, parsed on first use; undefined when the catalog has none. Where several versions
 * are shipped, `stackVersion` (a rule's min_stack_version) picks one (see pickVersion). Throws FieldsFileError.
 */
export function catalogSchema(
  catalog: FieldCatalog,
  name: string,
  stackVersion?: string,
): FieldSchema | undefined {
  const source = catalog.sources.get(name);
  if (!source) return undefined;
  const shipped = pickVersion(source.shipped, stackVersion);
  const key = `${name}\0${shipped?.version ?? ""}\0${source.files.join("\0")}`;
  const cached = catalog.cache.schemas.get(key);
  if (cached) return cached;
  const ecs = ecsSchema(catalog).fields;
  const fields = shipped ? readShippedFields(shipped, ecs) : new Map<string, FieldSpec>();
  for (const file of source.files) {
    // Fields from the user's files name their file: `dac fields why` shows where a type came from.
    const label = file.startsWith(DEFAULT_DATA_DIR) ? name : file;
    for (const [field, spec] of parseFieldsYml(readText(file), { file, source: label, ecs }))
      fields.set(field, spec);
  }
  const schema = fieldSchema(
    name,
    fields,
    source.package,
    shipped?.version ?? packageVersion(catalog, source),
  );
  catalog.cache.schemas.set(key, schema);
  return schema;
}

/** Whether unmapped fields of this dataset's indices are indexed (false when its template sets dynamic: false). */
export function datasetIsDynamic(catalog: FieldCatalog, name: string): boolean {
  const shipped = pickVersion(catalog.sources.get(name)?.shipped ?? []);
  return shipped?.dynamic !== false;
}

function packageVersion(catalog: FieldCatalog, source: SchemaSource): string | undefined {
  const pkg = catalog.packages.get(source.package);
  return pkg && source.files.length > 0 ? pkg.version : undefined;
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

/** A shipped YAML map; a data folder may leave it out (a test's, or one with built schemas only). */
function readOptionalYaml(file: string): Record<string, Record<string, unknown>> {
  if (!existsSync(file)) return {};
  return (loadYaml(readText(file)) ?? {}) as Record<string, Record<string, unknown>>;
}

/**
 * The shipped catalog: hand-written fields.yml schemas listed in packages.yml, the built integration schemas
 * (integrations/index.json) and the Beats index families (beats.yml).
 */
function readShipped(dataDir: string): ShippedCatalog {
  const packages = new Map<string, IntegrationPackage>();
  const sources = new Map<string, SchemaSource>();
  const addPackage = (name: string, version: string, streams: string[], title?: string) => {
    const pkg = packages.get(name);
    if (!pkg) {
      packages.set(name, {
        name,
        ...(title === undefined ? {} : { title }),
        version,
        versions: [version],
        dataStreams: [...streams],
        beats: [],
      });
      return;
    }
    if (!pkg.versions.includes(version)) pkg.versions.push(version);
    pkg.versions.sort(compareVersions);
    pkg.version = pkg.versions[pkg.versions.length - 1];
    for (const stream of streams) if (!pkg.dataStreams.includes(stream)) pkg.dataStreams.push(stream);
  };
  const source = (name: string, pkg: string) => {
    let entry = sources.get(name);
    if (!entry) {
      entry = { name, package: pkg, shipped: [], files: [] };
      sources.set(name, entry);
    }
    return entry;
  };
  const index = readShippedIndex(join(dataDir, "integrations"));
  for (const pkg of index.packages) addPackage(pkg.name, pkg.version, pkg.dataStreams, pkg.title);
  for (const stream of index.streams) source(stream.dataset, stream.package).shipped.push(stream);
  const listFile = join(dataDir, "packages.yml");
  for (const [name, entry] of Object.entries(readOptionalYaml(listFile))) {
    if (typeof entry.version !== "string")
      throw new FieldsFileError(listFile, { line: 1, column: 1 }, `package ${name} has no version`);
    const streams = (entry.data_streams ?? {}) as Record<string, string>;
    addPackage(
      name,
      entry.version,
      Object.keys(streams),
      typeof entry.title === "string" ? entry.title : undefined,
    );
    for (const [stream, file] of Object.entries(streams))
      source(`${name}.${stream}`, name).files.push(join(dataDir, file));
  }
  const beats = new Map<string, BeatIndices>();
  for (const [beat, entry] of Object.entries(readOptionalYaml(join(dataDir, "beats.yml")))) {
    const names = Array.isArray(entry.packages) ? entry.packages.map(String) : [];
    beats.set(beat, { packages: names, complete: entry.complete === true });
    for (const name of names) packages.get(name)?.beats.push(beat);
  }
  return { packages, sources, beats };
}
