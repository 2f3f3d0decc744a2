/**
 * Field snapshots: the fields a live cluster really has for some index patterns, written in Elastic's
 * fields.yml format so that dac.config.yaml `fields:` reads them like any field file. Built from the cluster's
 * `_mapping` (types, multi-fields, constant_keyword values, index/doc_values settings, aliases, runtime fields)
 * and `_field_caps?include_unmapped` (the types each index gives a field: where indices disagree, every type
 * is kept under `conflicting_types` and the majority type is the field's type).
 */
import { dump as dumpYaml } from "js-yaml";

/** `GET <patterns>/_mapping`: index → its mappings. */
export type MappingResponse = Record<string, { mappings?: MappingObject }>;

/** `GET <patterns>/_field_caps?fields=*&include_unmapped=true`. */
export interface FieldCapsResponse {
  indices: string[];
  fields: Record<string, Record<string, { type: string; indices?: string[] }>>;
}

interface MappingObject {
  properties?: Record<string, MappingProperty>;
  runtime?: Record<string, { type: string }>;
}

interface MappingProperty extends MappingObject {
  type?: string;
  value?: string;
  index?: boolean;
  doc_values?: boolean;
  ignore_above?: number;
  scaling_factor?: number;
  format?: string;
  path?: string;
  fields?: Record<string, { type: string; ignore_above?: number }>;
}

/** One fields.yml entry of a snapshot. */
export interface SnapshotField {
  name: string;
  type: string;
  value?: string;
  index?: false;
  doc_values?: false;
  ignore_above?: number;
  scaling_factor?: number;
  date_format?: string;
  path?: string;
  multi_fields?: { name: string; type: string; ignore_above?: number }[];
  /** Types that the indices of the snapshot disagree on: type → indices. */
  conflicting_types?: Record<string, string[]>;
}

export interface Snapshot {
  patterns: string[];
  indices: string[];
  fields: SnapshotField[];
}

/** Fields that every index has and no rule is about: Elasticsearch's metadata fields. */
const METADATA_FIELD = /^_/;

/** The snapshot of a cluster's answers, fields sorted by name. */
export function snapshotFromResponses(
  patterns: readonly string[],
  mappings: MappingResponse,
  caps: FieldCapsResponse,
): Snapshot {
  const perIndex = new Map<string, Map<string, SnapshotField>>();
  for (const [index, { mappings: mapping }] of Object.entries(mappings)) {
    const fields = new Map<string, SnapshotField>();
    flattenMapping(mapping ?? {}, "", fields);
    for (const [name, runtime] of Object.entries(mapping?.runtime ?? {}))
      fields.set(name, { name, type: runtime.type });
    perIndex.set(index, fields);
  }
  const multiFieldNames = new Set<string>();
  for (const fields of perIndex.values()) {
    for (const field of fields.values())
      for (const multi of field.multi_fields ?? []) multiFieldNames.add(`${field.name}.${multi.name}`);
  }
  const result: SnapshotField[] = [];
  for (const name of Object.keys(caps.fields).sort()) {
    if (METADATA_FIELD.test(name) || multiFieldNames.has(name)) continue;
    const byType = mappedTypes(caps.fields[name], caps.indices);
    if (byType.size === 0) continue;
    const type = majorityType(byType);
    if (type === "object" && !isLeafObject(name, perIndex)) continue;
    const definition = definitionOf(name, type, perIndex) ?? { name, type };
    // field_caps gives an alias its target's type; the mapping says it is an alias.
    const field: SnapshotField = definition.type === "alias" ? { ...definition } : { ...definition, type };
    if (byType.size > 1) field.conflicting_types = Object.fromEntries([...byType].sort());
    result.push(field);
  }
  return { patterns: [...patterns], indices: [...caps.indices].sort(), fields: result };
}

/** The snapshot as a fields.yml document, with a header saying where it comes from and how to refresh it. */
export function snapshotYaml(snapshot: Snapshot, source: { cluster: string; takenAt: Date }): string {
  const patterns = snapshot.patterns.map((p) => `'${p}'`).join(" --index ");
  const conflicts = snapshot.fields.filter((f) => f.conflicting_types).length;
  const header = [
    `# dac field snapshot of ${snapshot.patterns.join(", ")} on ${source.cluster}, ${source.takenAt.toISOString()}:`,
    `# ${snapshot.indices.length} indices, ${snapshot.fields.length} fields, ${conflicts} with conflicting types.`,
    `# Refresh with: dac fields snapshot --index ${patterns} --out <this file>`,
    "# Use it from dac.config.yaml `fields:` under the dataset (or name) whose rules read these indices.",
  ];
  const body =
    snapshot.fields.length === 0 ? "[]\n" : dumpYaml(snapshot.fields, { lineWidth: -1, noRefs: true });
  return `${header.join("\n")}\n${body}`;
}

/** Per mapped type, the indices that map the field so ("unmapped" is not a type). */
function mappedTypes(
  entry: Record<string, { type: string; indices?: string[] }>,
  allIndices: readonly string[],
): Map<string, string[]> {
  const types = new Map<string, string[]>();
  for (const [type, caps] of Object.entries(entry)) {
    if (type === "unmapped") continue;
    types.set(type, [...(caps.indices ?? allIndices)].sort());
  }
  return types;
}

/** The type most indices give the field; on a tie, the first in alphabetical order. */
function majorityType(byType: Map<string, string[]>): string {
  return [...byType].sort(([a, ia], [b, ib]) => ib.length - ia.length || a.localeCompare(b))[0][0];
}

/** The first index's definition of a field with that type (multi-fields, constant value, settings). */
function definitionOf(
  name: string,
  type: string,
  perIndex: Map<string, Map<string, SnapshotField>>,
): SnapshotField | undefined {
  for (const fields of perIndex.values()) {
    const field = fields.get(name);
    if (field?.type === type || field?.type === "alias") return field;
  }
  return undefined;
}

/** An object field is worth its own entry only when no index maps anything below it (e.g. enabled: false). */
function isLeafObject(name: string, perIndex: Map<string, Map<string, SnapshotField>>): boolean {
  const prefix = `${name}.`;
  for (const fields of perIndex.values())
    for (const key of fields.keys()) if (key.startsWith(prefix)) return false;
  return true;
}

function flattenMapping(mapping: MappingObject, prefix: string, into: Map<string, SnapshotField>): void {
  for (const [key, property] of Object.entries(mapping.properties ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    const type = property.type ?? "object";
    if (type === "object" && property.properties) {
      flattenMapping(property, name, into);
      continue;
    }
    const field: SnapshotField = { name, type };
    if (property.value !== undefined) field.value = String(property.value);
    if (property.index === false) field.index = false;
    if (property.doc_values === false) field.doc_values = false;
    if (property.ignore_above !== undefined) field.ignore_above = property.ignore_above;
    if (property.scaling_factor !== undefined) field.scaling_factor = property.scaling_factor;
    if (property.format !== undefined && type.startsWith("date")) field.date_format = property.format;
    if (property.path !== undefined) field.path = property.path;
    if (property.fields) {
      field.multi_fields = Object.entries(property.fields).map(([multi, spec]) => ({
        name: multi,
        type: spec.type,
        ...(spec.ignore_above === undefined ? {} : { ignore_above: spec.ignore_above }),
      }));
    }
    into.set(name, field);
    if (type === "nested" && property.properties) flattenMapping(property, name, into);
  }
}
