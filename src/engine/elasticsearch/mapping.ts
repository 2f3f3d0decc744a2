/**
 * An `IndexMapping` as Elasticsearch mapping JSON, adapted to what the cluster supports (see
 * substitutions.ts): field specs become a properties tree with multi-fields, unmapped fields get the
 * dynamic rules of the index's family (as the catalog describes them), and every adaptation is reported.
 */
import { dynamicMappingStyle } from "../../catalog/mapping.js";
import type { FieldSpec, IndexMapping } from "../../catalog/types.js";
import { hasDocValues, isFloatType, isIntegerType } from "../../semantics/field-types.js";
import type { JsonObject } from "../types.js";
import { type FieldTypeSupport, type Substitution, substitutionFor } from "./substitutions.js";

export interface IndexPlan {
  /** The index name as the fixtures give it. */
  index: string;
  body: { settings: JsonObject; mappings: JsonObject };
  /** constant_keyword fields mapped as keyword: field → constant (undefined until a document brings it). */
  constants: Map<string, string | undefined>;
  /** Fields left out because the cluster lacks their type: field → type. Documents must not use them. */
  omitted: Map<string, string>;
  substitutions: Substitution[];
}

/** Types every Elasticsearch distribution has (the server module); the others are probed. */
export const CORE_FIELD_TYPES: ReadonlySet<string> = new Set([
  "keyword",
  "text",
  "long",
  "integer",
  "short",
  "byte",
  "double",
  "float",
  "half_float",
  "date",
  "date_nanos",
  "boolean",
  "ip",
  "object",
  "nested",
]);

const SETTINGS: JsonObject = {
  number_of_shards: 1,
  number_of_replicas: 0,
  // The engine refreshes explicitly after each bulk request.
  refresh_interval: -1,
  // ECS alone has about 2,000 leaf fields; integration templates raise the limit the same way.
  "mapping.total_fields.limit": 20_000,
};

/** Field types the mapping uses that are not core: the ones the cluster must be asked about. */
export function nonCoreTypes(mapping: IndexMapping): Set<string> {
  const types = new Set<string>();
  for (const spec of mapping.fields.values()) {
    if (!CORE_FIELD_TYPES.has(spec.type)) types.add(spec.type);
    if (spec.objectType && !CORE_FIELD_TYPES.has(spec.objectType)) types.add(spec.objectType);
  }
  return types;
}

/** Plans the index for `mapping`; `support` says which non-core types the cluster has. */
export function planIndex(mapping: IndexMapping, support: FieldTypeSupport): IndexPlan {
  const plan: IndexPlan = {
    index: mapping.index,
    body: { settings: SETTINGS, mappings: {} },
    constants: new Map(),
    omitted: new Map(),
    substitutions: [],
  };
  const specs = [...mapping.fields.values()].sort((a, b) => a.name.localeCompare(b.name));
  const effectiveType = (spec: FieldSpec): string | undefined => {
    if (CORE_FIELD_TYPES.has(spec.type) || support(spec.type)) return spec.type;
    const substitution = substitutionFor(spec.type);
    if (!substitution) return undefined;
    if (!plan.substitutions.some((known) => known.from === spec.type)) plan.substitutions.push(substitution);
    return substitution.to;
  };

  const root: JsonObject = {};
  const dynamicTemplates: JsonObject[] = [];
  const leaves = new Map<string, JsonObject>();
  for (const spec of specs) {
    if (spec.parent && mapping.fields.get(spec.parent) && !isContainer(mapping.fields.get(spec.parent)!))
      continue;
    const type = effectiveType(spec);
    if (type === undefined) {
      plan.omitted.set(spec.name, spec.type);
      continue;
    }
    if (spec.type === "constant_keyword" && type === "keyword") plan.constants.set(spec.name, spec.value);
    const node = placeAt(root, spec.name);
    Object.assign(node, fieldMapping(spec, type));
    leaves.set(spec.name, node);
    if (spec.objectType) {
      const objectType = effectiveType({ ...spec, type: spec.objectType });
      if (objectType === undefined) plan.omitted.set(`${spec.name}.*`, spec.objectType);
      else dynamicTemplates.push(objectTypeTemplate(spec.name, objectType));
    }
  }
  for (const spec of specs) {
    const parentSpec = spec.parent ? mapping.fields.get(spec.parent) : undefined;
    if (!spec.parent || !parentSpec || isContainer(parentSpec)) continue;
    const parent = leaves.get(spec.parent);
    const type = effectiveType(spec);
    if (!parent || type === undefined) {
      plan.omitted.set(spec.name, spec.type);
      continue;
    }
    const subName = spec.name.slice(spec.parent.length + 1);
    parent.fields = {
      ...((parent.fields as JsonObject | undefined) ?? {}),
      [subName]: fieldMapping(spec, type),
    };
  }

  const family = dynamicFamily(mapping.index);
  plan.body.mappings = {
    dynamic: mapping.dynamic,
    ...(family.dateDetection ? {} : { date_detection: false }),
    dynamic_templates: [...dynamicTemplates, ...family.templates(effectiveType)],
    properties: root,
  };
  return plan;
}

function isContainer(spec: FieldSpec): boolean {
  return spec.type === "object" || spec.type === "nested";
}

/** The node for dotted `name` inside a properties tree, creating objects on the way. */
function placeAt(root: JsonObject, name: string): JsonObject {
  const parts = name.split(".");
  let properties = root;
  for (const part of parts.slice(0, -1)) {
    const existing = (properties[part] ?? {}) as JsonObject;
    properties[part] = existing;
    existing.properties ??= {};
    properties = existing.properties as JsonObject;
  }
  const leaf = parts[parts.length - 1];
  properties[leaf] = (properties[leaf] ?? {}) as JsonObject;
  return properties[leaf] as JsonObject;
}

function fieldMapping(spec: FieldSpec, type: string): JsonObject {
  const mapping: JsonObject = { type };
  if (spec.ignoreAbove !== undefined && (type === "keyword" || type === "wildcard" || type === "flattened")) {
    mapping.ignore_above = spec.ignoreAbove;
  }
  if (type === "constant_keyword" && spec.value !== undefined) mapping.value = spec.value;
  if (type === "scaled_float") mapping.scaling_factor = spec.scalingFactor ?? 1;
  if ((type === "date" || type === "date_nanos") && spec.format) mapping.format = spec.format;
  if (spec.indexed === false && type !== "object" && type !== "nested") mapping.index = false;
  if (!spec.aggregatable && hasDocValues(type) && spec.type !== "constant_keyword") {
    mapping.doc_values = false;
  }
  return mapping;
}

/** ECS `object_type`: every value under the object gets that type (as Fleet's templates do). */
function objectTypeTemplate(name: string, type: string): JsonObject {
  const numeric = isIntegerType(type)
    ? "long"
    : isFloatType(type)
      ? "double"
      : type === "boolean"
        ? "boolean"
        : "string";
  return {
    [`dac_object_type_${name}`]: { path_match: `${name}.*`, match_mapping_type: numeric, mapping: { type } },
  };
}

interface DynamicFamily {
  dateDetection: boolean;
  templates(effectiveType: (spec: FieldSpec) => string | undefined): JsonObject[];
}

/**
 * The dynamic rules of an index family, matching `dynamicFieldSpec` in the catalog: logs-*-* data streams
 * (logs@mappings + ecs@mappings) and Beats indices map strings to keyword and turn date detection off; the
 * rest keep Elasticsearch's defaults. The real templates cannot apply: the test indices are renamed.
 */
function dynamicFamily(index: string): DynamicFamily {
  const style = dynamicMappingStyle(index);
  if (style === "default") return { dateDetection: true, templates: () => [] };
  const keyword = { match_mapping_type: "string", mapping: { type: "keyword", ignore_above: 1024 } };
  if (style === "beats")
    return { dateDetection: false, templates: () => [{ dac_strings_as_keyword: keyword }] };
  return {
    dateDetection: false,
    templates: (effectiveType) => {
      const messageType =
        effectiveType({ name: "message", type: "match_only_text", source: "dynamic", aggregatable: false }) ??
        "text";
      return [
        { dac_ecs_ip: { match: "ip", match_mapping_type: "string", mapping: { type: "ip" } } },
        {
          dac_ecs_message: {
            path_match: "message",
            match_mapping_type: "string",
            mapping: { type: messageType },
          },
        },
        { dac_strings_as_keyword: keyword },
      ];
    },
  };
}
