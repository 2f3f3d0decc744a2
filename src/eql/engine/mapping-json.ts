/**
 * An Elasticsearch index mapping as JSON (`{"properties": ...}` or `{"mappings": {...}}`) read into dac's field
 * specs: objects flattened to dotted names, multi-fields as `name.sub`, aliases kept apart (EQL reads an alias
 * through its target), `null_value` remembered.
 */
import type { FieldSpec } from "../../catalog/types.js";
import { DacError } from "../../errors.js";

export interface JsonMapping {
  fields: Map<string, FieldSpec>;
  /** Alias name → the field it points to. */
  aliases: Map<string, string>;
  /** Field → the value indexed for an explicit null. */
  nullValues: Map<string, unknown>;
  dynamic: boolean;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function readJsonMapping(value: unknown, where: string): JsonMapping {
  const root = isObject(value) && isObject(value.mappings) ? value.mappings : value;
  if (!isObject(root)) throw new DacError("input", `${where}: a mapping must be a JSON object`);
  const mapping: JsonMapping = {
    fields: new Map(),
    aliases: new Map(),
    nullValues: new Map(),
    dynamic: root.dynamic !== false && root.dynamic !== "strict" && root.dynamic !== "false",
  };
  readProperties(root.properties, "", mapping, where);
  return mapping;
}

function readProperties(properties: unknown, prefix: string, mapping: JsonMapping, where: string): void {
  if (properties === undefined) return;
  if (!isObject(properties)) throw new DacError("input", `${where}: [properties] must be an object`);
  for (const [key, definition] of Object.entries(properties)) {
    const name = `${prefix}${key}`;
    if (!isObject(definition)) throw new DacError("input", `${where}: field [${name}] must be an object`);
    const type = typeof definition.type === "string" ? definition.type : "object";
    if (type === "alias") {
      if (typeof definition.path !== "string")
        throw new DacError("input", `${where}: alias [${name}] needs a [path]`);
      mapping.aliases.set(name, definition.path);
      continue;
    }
    mapping.fields.set(name, specOf(name, type, definition));
    if (definition.null_value !== undefined) mapping.nullValues.set(name, definition.null_value);
    if (type === "object" || type === "nested") {
      readProperties(definition.properties, `${name}.`, mapping, where);
      continue;
    }
    if (isObject(definition.fields)) {
      for (const [sub, subDefinition] of Object.entries(definition.fields)) {
        if (!isObject(subDefinition) || typeof subDefinition.type !== "string") continue;
        mapping.fields.set(`${name}.${sub}`, {
          ...specOf(`${name}.${sub}`, subDefinition.type, subDefinition),
          parent: name,
        });
      }
    }
  }
}

function specOf(name: string, type: string, definition: Json): FieldSpec {
  const spec: FieldSpec = {
    name,
    type,
    source: "mapping",
    aggregatable: type !== "text" && type !== "match_only_text",
  };
  if (typeof definition.ignore_above === "number") spec.ignoreAbove = definition.ignore_above;
  if (typeof definition.format === "string") spec.format = definition.format;
  if (typeof definition.value === "string") spec.value = definition.value;
  if (typeof definition.scaling_factor === "number") spec.scalingFactor = definition.scaling_factor;
  if (definition.index === false) spec.indexed = false;
  return spec;
}
