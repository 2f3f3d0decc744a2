/**
 * What `dac fields list|show|why` print: the catalog's schemas, the mapping the engines give the indices of
 * an index pattern, and which schema gives a field its type.
 */

import { globRegExp } from "../semantics/index-patterns.js";
import { catalogSchema, type FieldCatalog } from "./catalog.js";
import { lookupField } from "./lookup.js";
import { mappingForIndex } from "./mapping.js";
import { datasetOfPattern, schemasForRule } from "./rule-schemas.js";
import type { FieldSpec } from "./types.js";

export interface CatalogListing {
  ecs_version: string;
  packages: { name: string; title?: string; versions: string[]; data_streams: string[]; beats: string[] }[];
  /** Schemas from dac.config.yaml `fields:` (field files and snapshots), with their files. */
  custom: { name: string; files: string[] }[];
  /** The non-ECS allow-list's keys, in file order, with how many fields each declares. */
  allow_list: { pattern: string; fields: number }[];
}

export function listCatalog(catalog: FieldCatalog): CatalogListing {
  const packages = [...catalog.packages.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((pkg) => ({
      name: pkg.name,
      ...(pkg.title === undefined ? {} : { title: pkg.title }),
      versions: pkg.versions,
      data_streams: [...pkg.dataStreams].sort(),
      beats: pkg.beats,
    }));
  const shipped = new Set([...(catalog.cache.shipped?.sources.values() ?? [])].flatMap((s) => s.files));
  const custom = [...catalog.sources.values()]
    .map((source) => ({ name: source.name, files: source.files.filter((file) => !shipped.has(file)) }))
    .filter((source) => source.files.length > 0);
  const allowList = catalog.allowList.map((entry) => ({
    pattern: entry.pattern,
    fields: entry.schema.fields.size,
  }));
  return { ecs_version: catalog.ecsVersion, packages, custom, allow_list: allowList };
}

/** A field as `show` and `why` print it: the FieldSpec's facts in snake_case. */
export interface ShownField {
  type: string;
  source: string;
  value?: string;
  ignore_above?: number;
  parent?: string;
  nested_path?: string;
  object_type?: string;
  index?: false;
  aggregatable: boolean;
  conflicting_types?: Record<string, string[]>;
}

export interface ShownIndex {
  /** The concrete index the mapping is for (a data stream pattern is shown for its `default` namespace). */
  index: string;
  dataset?: string;
  package?: string;
  version?: string;
  /** Whether unmapped fields are mapped dynamically (false for Elastic Defend's data streams). */
  dynamic: boolean;
  fields: Record<string, ShownField>;
}

/** The mappings the engines would use for the indices an index pattern (or index name) stands for. */
export function showIndexPattern(pattern: string, catalog: FieldCatalog): ShownIndex[] {
  return concreteIndices(pattern, catalog).map(({ index, dataset }) => {
    const mapping = mappingForIndex(index, catalog);
    const schema = dataset === undefined ? undefined : catalogSchema(catalog, dataset);
    const fields: Record<string, ShownField> = {};
    for (const name of [...mapping.fields.keys()].sort())
      fields[name] = shown(mapping.fields.get(name) as FieldSpec);
    return {
      index,
      ...(dataset === undefined ? {} : { dataset }),
      ...(schema?.package === undefined ? {} : { package: schema.package }),
      ...(schema?.version === undefined ? {} : { version: schema.version }),
      dynamic: mapping.dynamic,
      fields,
    };
  });
}

export interface FieldExplanation {
  field: string;
  index: string;
  /** Every schema the pattern selects that defines the field, most specific first. */
  definitions: (ShownField & { schema: string; package?: string; version?: string })[];
  /** The definition validation uses (the first of `definitions`, or one below a flattened / typed object). */
  used?: ShownField;
  /** How the engines map the field in each concrete index; "dynamic" when only a document's value decides. */
  mappings: { index: string; mapping: ShownField | "dynamic" | "not indexed" }[];
}

/** Which source gives a field its type for the rules and indices of an index pattern. */
export function explainField(
  field: string,
  pattern: string,
  catalog: FieldCatalog,
  integrations: readonly string[] = [],
): FieldExplanation {
  const { schemas } = schemasForRule({ index: [pattern], integrations }, catalog);
  const definitions: FieldExplanation["definitions"] = [];
  for (const schema of schemas) {
    const found = lookupField(field, [schema]);
    if (found.kind !== "field") continue;
    definitions.push({
      schema: schema.name,
      ...(schema.package === undefined ? {} : { package: schema.package }),
      ...(schema.version === undefined ? {} : { version: schema.version }),
      ...shown(found.spec),
    });
  }
  const used = lookupField(field, schemas);
  const mappings = concreteIndices(pattern, catalog).map(({ index }) => {
    const mapping = mappingForIndex(index, catalog);
    const spec = mapping.fields.get(field) ?? fieldBelowObject(field, mapping.fields);
    return {
      index,
      mapping: spec ? shown(spec) : mapping.dynamic ? ("dynamic" as const) : ("not indexed" as const),
    };
  });
  return {
    field,
    index: pattern,
    definitions,
    ...(used.kind === "field" ? { used: shown(used.spec) } : {}),
    mappings,
  };
}

/** A key below a flattened field or a typed object is mapped by that field. */
function fieldBelowObject(field: string, fields: ReadonlyMap<string, FieldSpec>): FieldSpec | undefined {
  const found = lookupField(field, [{ name: "", fields, objects: new Set() }]);
  return found.kind === "field" ? found.spec : undefined;
}

/** Data stream patterns stand for each dataset they match (namespace `default`); other patterns for themselves. */
function concreteIndices(pattern: string, catalog: FieldCatalog): { index: string; dataset?: string }[] {
  const glob = datasetOfPattern(pattern);
  if (glob === undefined) return [{ index: pattern }];
  const type = pattern.slice(0, pattern.indexOf("-"));
  const regex = globRegExp(glob);
  const datasets = [...catalog.sources.keys()].filter((name) => regex.test(name)).sort();
  if (datasets.length === 0 && !glob.includes("*")) datasets.push(glob);
  return datasets.map((dataset) => ({ index: `${type}-${dataset}-default`, dataset }));
}

function shown(spec: FieldSpec): ShownField {
  return {
    type: spec.type,
    source: spec.source,
    ...(spec.value === undefined ? {} : { value: spec.value }),
    ...(spec.ignoreAbove === undefined ? {} : { ignore_above: spec.ignoreAbove }),
    ...(spec.parent === undefined ? {} : { parent: spec.parent }),
    ...(spec.nestedPath === undefined ? {} : { nested_path: spec.nestedPath }),
    ...(spec.objectType === undefined ? {} : { object_type: spec.objectType }),
    ...(spec.indexed === false ? { index: false as const } : {}),
    aggregatable: spec.aggregatable,
    ...(spec.conflictingTypes === undefined ? {} : { conflicting_types: spec.conflictingTypes }),
  };
}
