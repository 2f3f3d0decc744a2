/**
 * Flattens a document source like Elasticsearch's object mapper: dotted keys, objects and arrays become
 * leaf values under dotted paths; nested objects are set aside for their child shard; a concrete value
 * where the mapping has an object (or an object where it has a leaf) is a mapping violation.
 */
import { DacError } from "../../../errors.js";
import { fieldFamily } from "../../../semantics/field-types.js";
import type { JsonObject } from "../../types.js";
import type { LiveMapping } from "./live-mapping.js";

/** A value of `field` the mapping rejects; the caller names the document. */
export class FieldViolation extends DacError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super("rejected", message);
  }
}

/**
 * The dotted paths sources have used, as a tree. Walking a document follows keys to nodes rather than
 * building and hashing a path string per value, and each node keeps what the mapping says about its path
 * until the mapping changes: per value the walk then does no lookups (it was the hot spot of indexing).
 */
export interface PathNode<Resolved = unknown> {
  path: string;
  children: Map<string, PathNode<Resolved>>;
  /**
   * The keys of the last object walked here, in order, with their nodes: documents of one shape find each
   * child by comparing one (interned) key instead of hashing it.
   */
  lastKeys: string[];
  lastChildren: PathNode<Resolved>[];
  /** What the caller made of the path (the fields its values go to), kept with it. */
  resolved?: Resolved;
  /** The mapping version the facts below were read at (-1: never). */
  seen: number;
  /** Paths whose whole value is handled apart: nested objects, flattened fields. */
  special?: "nested" | "flattened";
  /** An object here is walked (objects, unmapped), skipped (types such as geo_point) or rejected (leaves). */
  objects: "walk" | "skip" | "reject";
  /** A concrete value here is a leaf, or rejected where the mapping has an object. */
  values: "leaf" | "reject";
  /** The mapped type, for the violation message. */
  type?: string;
}

export function rootPath<Resolved>(path: string): PathNode<Resolved> {
  return {
    path,
    children: new Map(),
    lastKeys: [],
    lastChildren: [],
    seen: -1,
    objects: "walk",
    values: "leaf",
  };
}

/** The child of `node` for the `at`-th key of the object being walked. */
function childAt<Resolved>(node: PathNode<Resolved>, key: string, at: number): PathNode<Resolved> {
  if (node.lastKeys[at] === key) return node.lastChildren[at];
  const found = child(node, key);
  node.lastKeys[at] = key;
  node.lastChildren[at] = found;
  return found;
}

function child<Resolved>(node: PathNode<Resolved>, key: string): PathNode<Resolved> {
  let found = node.children.get(key);
  if (!found) {
    found = rootPath(node.path === "" ? key : `${node.path}.${key}`);
    node.children.set(key, found);
  }
  return found;
}

/** Brings the node's facts up to date with the mapping (walks call it when a name was mapped since). */
function refresh<Resolved>(
  node: PathNode<Resolved>,
  mapping: LiveMapping,
  version: number,
  nestedPath: string | undefined,
): void {
  const spec = mapping.get(node.path);
  const kind = spec ? fieldFamily(spec.type) : undefined;
  node.special =
    kind === "nested" && node.path !== nestedPath ? "nested" : kind === "flattened" ? "flattened" : undefined;
  node.objects =
    kind === undefined || kind === "object" || kind === "nested"
      ? "walk"
      : kind === "unsupported"
        ? "skip"
        : "reject";
  node.values = mapping.isObject(node.path) || kind === "nested" ? "reject" : "leaf";
  node.type = spec?.type;
  node.seen = version;
}

const hasOwn = Object.prototype.hasOwnProperty;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function concreteValueMessage(path: string): string {
  return `object mapping for [${path}] tried to parse field [${path}] as object, but found a concrete value`;
}

/**
 * A walker of sources that sit at `root` (the document, or an object of a nested field): it calls `onLeaf`
 * for every leaf value in document order (`onLeaf` must not change the mapping) and returns the objects of
 * nested fields, per nested path. Made once per shard: walking a document then allocates nothing of its own.
 */
export function createSourceWalker<Resolved>(
  mapping: LiveMapping,
  nestedPath: string | undefined,
  root: PathNode<Resolved>,
  onLeaf: (node: PathNode<Resolved>, value: unknown) => void,
): (source: JsonObject) => Map<string, JsonObject[]> | undefined {
  let nestedObjects: Map<string, JsonObject[]> | undefined;
  let version = mapping.version;
  /** Flattened fields index every leaf as a keyword, under the root and under `root.key`. */
  const flattened = (value: unknown, field: PathNode<Resolved>, node: PathNode<Resolved>): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const element of value) flattened(element, field, node);
      return;
    }
    if (isPlainObject(value)) {
      for (const key in value) if (hasOwn.call(value, key)) flattened(value[key], field, child(node, key));
      return;
    }
    const text = String(value);
    onLeaf(field, text);
    if (node !== field) onLeaf(node, text);
  };
  const special = (value: unknown, node: PathNode<Resolved>): void => {
    if (node.special === "flattened") {
      flattened(value, node, node);
      return;
    }
    const { path } = node;
    const nested = (Array.isArray(value) ? value.flat(Number.POSITIVE_INFINITY) : [value]).filter(
      (v) => v !== null,
    );
    for (const object of nested) {
      if (!isPlainObject(object)) throw new FieldViolation(path, concreteValueMessage(path));
      nestedObjects ??= new Map();
      nestedObjects.set(path, [...(nestedObjects.get(path) ?? []), object]);
    }
  };
  // Called for every value of every document: scalars, the common case, are settled first.
  const walk = (value: unknown, node: PathNode<Resolved>): void => {
    if (value === null || value === undefined) return;
    if (node.seen !== version) refresh(node, mapping, version, nestedPath);
    if (node.special !== undefined) {
      special(value, node);
      return;
    }
    if (typeof value !== "object") {
      if (node.values === "reject") throw new FieldViolation(node.path, concreteValueMessage(node.path));
      onLeaf(node, value);
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) walk(value[i], node);
      return;
    }
    if (node.objects !== "walk") {
      if (node.objects === "skip") return;
      throw new FieldViolation(node.path, `field of type [${node.type}]: Can't get text on a START_OBJECT`);
    }
    // for-in rather than Object.keys: no array per object, and V8 reads the values through its enum cache.
    let at = 0;
    for (const key in value)
      if (hasOwn.call(value, key)) walk((value as JsonObject)[key], childAt(node, key, at++));
  };
  return (source) => {
    nestedObjects = undefined;
    version = mapping.version;
    walk(source, root);
    return nestedObjects;
  };
}
