import { EcsFlat, EcsVersion } from "@elastic/ecs";
import { isAggregatable } from "../semantics/field-types.js";
import type { FieldSpec } from "./types.js";

export const ECS_VERSION: string = EcsVersion;

/** The parts of an `@elastic/ecs` flat entry this module reads. */
interface EcsFlatEntry {
  type: string;
  ignore_above?: number;
  scaling_factor?: number;
  object_type?: string;
  index?: boolean;
  doc_values?: boolean;
  multi_fields?: { flat_name: string; type: string }[];
}

/** Every ECS field as a FieldSpec, multi-fields as their own entries, keyed by flat name. */
export function ecsFieldSpecs(): Map<string, FieldSpec> {
  const flat = EcsFlat as unknown as Record<string, EcsFlatEntry>;
  const fields = new Map<string, FieldSpec>();
  for (const [name, entry] of Object.entries(flat)) {
    fields.set(name, ecsFieldSpec(name, entry));
    for (const multi of entry.multi_fields ?? []) {
      fields.set(multi.flat_name, {
        name: multi.flat_name,
        type: multi.type,
        parent: name,
        source: "ecs",
        aggregatable: isAggregatable(multi.type),
      });
    }
  }
  return withNestedPaths(fields);
}

function ecsFieldSpec(name: string, entry: EcsFlatEntry): FieldSpec {
  const spec: FieldSpec = {
    name,
    type: entry.type,
    source: "ecs",
    aggregatable: isAggregatable(entry.type, entry.doc_values !== false),
  };
  if (entry.ignore_above !== undefined) spec.ignoreAbove = entry.ignore_above;
  if (entry.scaling_factor !== undefined) spec.scalingFactor = entry.scaling_factor;
  if (entry.object_type !== undefined) spec.objectType = entry.object_type;
  if (entry.index === false) spec.indexed = false;
  return spec;
}

/** Sets `nestedPath` on every field below a `nested` field (the nearest nested ancestor wins). */
export function withNestedPaths(fields: Map<string, FieldSpec>): Map<string, FieldSpec> {
  const nested = [...fields.values()].filter((f) => f.type === "nested").map((f) => f.name);
  if (nested.length === 0) return fields;
  nested.sort((a, b) => b.length - a.length);
  for (const spec of fields.values()) {
    if (spec.nestedPath !== undefined) continue;
    const path = nested.find((n) => spec.name.startsWith(`${n}.`));
    if (path !== undefined) spec.nestedPath = path;
  }
  return fields;
}
