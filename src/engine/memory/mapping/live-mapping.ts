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

/** What a mapping's own fields give a live mapping: the same for every index opened with that mapping. */
export interface MappingBase {
  specs: ReadonlyMap<string, FieldSpec>;
  /** Multi-fields per leaf. */
  children: ReadonlyMap<string, readonly FieldSpec[]>;
  /** Object names: every prefix of a mapped name. */
  objects: ReadonlySet<string>;
}

/** Where a live mapping registers names: its own additions, seen over its base. */
interface Registry {
  base: MappingBase;
  specs: Map<string, FieldSpec>;
  children: Map<string, FieldSpec[]>;
  objects: Set<string>;
}

const EMPTY_BASE: MappingBase = { specs: new Map(), children: new Map(), objects: new Set() };

/** Registers `spec` (a leaf under a leaf is a multi-field); returns the object names it introduced. */
function register(registry: Registry, spec: FieldSpec): string[] {
  const { base, specs, children, objects } = registry;
  specs.set(spec.name, spec);
  const parent = spec.parent ? (specs.get(spec.parent) ?? base.specs.get(spec.parent)) : undefined;
  if (parent && isLeaf(parent)) {
    children.set(parent.name, [...(children.get(parent.name) ?? []), spec]);
    return [];
  }
  const introduced: string[] = [];
  const { name } = spec;
  for (let dot = name.indexOf("."); dot !== -1; dot = name.indexOf(".", dot + 1)) {
    const object = name.slice(0, dot);
    if (objects.has(object) || base.objects.has(object)) continue;
    introduced.push(object);
    objects.add(object);
  }
  return introduced;
}

/**
 * The base of a mapping's live mappings. Worked out once per mapping by whoever opens many indices with it
 * (a mapping of ECS has thousands of names; `dac test` opens one index per case).
 */
export function mappingBase(mapping: IndexMapping | undefined): MappingBase {
  // Every name is known before any is registered: a multi-field may come before its parent.
  const specs = new Map(mapping?.fields ?? []);
  const registry: Registry = { base: EMPTY_BASE, specs, children: new Map(), objects: new Set() };
  for (const spec of [...specs.values()]) register(registry, spec);
  return { specs, children: registry.children, objects: registry.objects };
}

export function createLiveMapping(
  mapping: IndexMapping | undefined,
  base: MappingBase = mappingBase(mapping),
): LiveMapping {
  const dynamic = mapping?.dynamic ?? true;
  const own: Registry = { base, specs: new Map(), children: new Map(), objects: new Set() };
  const get = (name: string) => own.specs.get(name) ?? base.specs.get(name);
  /** Dynamically mapped names in mapping order, with the object names each one introduced. */
  const added: { spec: FieldSpec; objects: string[] }[] = [];
  let version = 0;

  const unregister = ({ spec, objects: introduced }: { spec: FieldSpec; objects: string[] }) => {
    own.specs.delete(spec.name);
    for (const object of introduced) own.objects.delete(object);
    const siblings = spec.parent ? own.children.get(spec.parent) : undefined;
    if (siblings)
      own.children.set(
        spec.parent!,
        siblings.filter((sibling) => sibling !== spec),
      );
  };

  return {
    get,
    multiFields: (name) => {
      const given = base.children.get(name) ?? [];
      const added = own.children.get(name);
      return added ? [...given, ...added] : [...given];
    },
    isObject: (name) => own.objects.has(name) || base.objects.has(name) || get(name)?.type === "object",
    addDynamic(name, firstValue) {
      if (!dynamic) return undefined;
      const detected = dynamicFieldSpec(firstValue, { field: name, index: mapping?.index });
      // Date detection comes first: a string detected as a date never reaches the object_type template.
      const objectType =
        typeof firstValue === "string" && detected[0]?.type !== "date" ? objectTypeOf(get, name) : undefined;
      const [spec, ...subFields] = objectType
        ? [{ name, type: objectType, source: "dynamic", aggregatable: true }]
        : detected;
      if (!spec) return undefined;
      for (const each of [spec, ...subFields]) {
        version++;
        added.push({ spec: each, objects: register(own, each) });
      }
      return spec;
    },
    *fields() {
      yield* base.specs.values();
      yield* own.specs.values();
    },
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
function objectTypeOf(get: (name: string) => FieldSpec | undefined, name: string): string | undefined {
  for (let dot = name.lastIndexOf("."); dot > 0; dot = name.lastIndexOf(".", dot - 1)) {
    const objectType = get(name.slice(0, dot))?.objectType;
    if (objectType) return objectType;
  }
  return undefined;
}
