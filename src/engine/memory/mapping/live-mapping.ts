/**
 * The live mapping of one concrete index: the given field specs plus what Elasticsearch's dynamic
 * mapping adds when documents bring unmapped fields.
 */
import { dynamicFieldSpec } from "../../../catalog/mapping.js";
import type { FieldSpec, IndexMapping } from "../../../catalog/types.js";
import { fieldFamily } from "../../../semantics/field-types.js";

export interface LiveMapping {
  get(name: string): FieldSpec | undefined;
  /** Multi-fields indexed from `name`'s value (e.g. `message.keyword`). */
  multiFields(name: string): FieldSpec[];
  /** True when `name` is an object in the mapping (a prefix of mapped fields). */
  isObject(name: string): boolean;
  /** Maps an unmapped leaf by its first value; undefined when the index is not dynamic. */
  addDynamic(name: string, firstValue: unknown): FieldSpec | undefined;
  fields(): Iterable<FieldSpec>;
  /** A point to roll dynamic mappings back to. */
  checkpoint(): number;
  /**
   * Unmaps every name addDynamic mapped since `checkpoint` (Elasticsearch keeps no mapping from a rejected
   * document) and returns those names.
   */
  rollback(checkpoint: number): string[];
  /** Grows with every name mapped: what a caller derived from the mapping holds while it is unchanged. */
  readonly version: number;
}

export function createLiveMapping(mapping: IndexMapping | undefined): LiveMapping {
  const specs = new Map<string, FieldSpec>(mapping?.fields ?? []);
  const dynamic = mapping?.dynamic ?? true;
  const children = new Map<string, FieldSpec[]>();
  const objects = new Set<string>();
  /** Dynamically mapped names in mapping order, with the object names each one introduced. */
  const added: { spec: FieldSpec; objects: string[] }[] = [];

  let version = 0;
  const register = (spec: FieldSpec): string[] => {
    version++;
    specs.set(spec.name, spec);
    const parent = spec.parent ? specs.get(spec.parent) : undefined;
    if (parent && isLeaf(parent)) {
      children.set(parent.name, [...(children.get(parent.name) ?? []), spec]);
      return [];
    }
    const introduced: string[] = [];
    const { name } = spec;
    for (let dot = name.indexOf("."); dot !== -1; dot = name.indexOf(".", dot + 1)) {
      const object = name.slice(0, dot);
      if (objects.has(object)) continue;
      introduced.push(object);
      objects.add(object);
    }
    return introduced;
  };
  const unregister = ({ spec, objects: introduced }: { spec: FieldSpec; objects: string[] }) => {
    specs.delete(spec.name);
    for (const object of introduced) objects.delete(object);
    const siblings = spec.parent ? children.get(spec.parent) : undefined;
    if (siblings)
      children.set(
        spec.parent!,
        siblings.filter((sibling) => sibling !== spec),
      );
  };
  for (const spec of [...specs.values()]) register(spec);

  return {
    get: (name) => specs.get(name),
    multiFields: (name) => children.get(name) ?? [],
    isObject: (name) => objects.has(name) || specs.get(name)?.type === "object",
    addDynamic(name, firstValue) {
      if (!dynamic) return undefined;
      const detected = dynamicFieldSpec(firstValue, { field: name, index: mapping?.index });
      // Date detection comes first: a string detected as a date never reaches the object_type template.
      const objectType =
        typeof firstValue === "string" && detected[0]?.type !== "date"
          ? objectTypeOf(specs, name)
          : undefined;
      const [spec, ...subFields] = objectType
        ? [{ name, type: objectType, source: "dynamic", aggregatable: true }]
        : detected;
      if (!spec) return undefined;
      for (const each of [spec, ...subFields]) added.push({ spec: each, objects: register(each) });
      return spec;
    },
    fields: () => specs.values(),
    checkpoint: () => added.length,
    rollback(checkpoint) {
      const removed = added.splice(checkpoint);
      if (removed.length === 0) return [];
      for (const entry of removed.reverse()) unregister(entry);
      // Versions only grow: what a caller derived at an earlier version must not look current again.
      version++;
      return removed.map(({ spec }) => spec.name);
    },
    get version() {
      return version;
    },
  };
}

function isLeaf(spec: FieldSpec): boolean {
  const kind = fieldFamily(spec.type);
  return kind !== "object" && kind !== "nested";
}

/** ECS `object_type`: string values anywhere under such an object get that type (Fleet's dynamic template). */
function objectTypeOf(specs: Map<string, FieldSpec>, name: string): string | undefined {
  for (let dot = name.lastIndexOf("."); dot > 0; dot = name.lastIndexOf(".", dot - 1)) {
    const objectType = specs.get(name.slice(0, dot))?.objectType;
    if (objectType) return objectType;
  }
  return undefined;
}
