/**
 * One concrete index held in memory: its documents in insertion order and, per field, a column of the values
 * documents hold (field-index.ts, inverted lazily). Adding a document walks its source once, validating and
 * converting each value straight into its column; a value the mapping rejects takes back what the document
 * wrote, so a rejected document changes nothing. Nested fields get a child shard of their own whose documents
 * point back to their parent.
 */
import type { FieldSpec } from "../../../catalog/types.js";
import { DacError } from "../../../errors.js";
import { constantMismatch, fieldRejected } from "../../../semantics/documents.js";
import { fieldFamily, type ValueFamily } from "../../../semantics/field-types.js";
import {
  indexesStringsAsIs,
  ValueError,
  type ValueIndexer,
  valueIndexer,
} from "../../../semantics/values.js";
import type { JsonObject, StoredDocument } from "../../types.js";
import type { LiveMapping } from "../mapping/live-mapping.js";
import { createSourceWalker, FieldViolation, type PathNode, rootPath } from "../mapping/source-walk.js";
import { appendValue, createFieldIndex, type FieldIndex, truncateFrom } from "./field-index.js";

export type { FieldIndex } from "./field-index.js";

export interface NestedIndex {
  shard: Shard;
  /** For each nested document, its parent document in the owning shard. */
  parentOf: number[];
}

export interface Shard {
  name: string;
  mapping: LiveMapping;
  docs: StoredDocument[];
  fields: Map<string, FieldIndex>;
  nested: Map<string, NestedIndex>;
  /** constant_keyword values, from the mapping or set by the first document that has one. */
  constants: Map<string, string>;
  /** For each constant in `constants`' order, the document that set it (-1: the mapping). */
  constantsSetBy: number[];
  /** The nested path this shard holds, when it is a child shard. */
  nestedPath?: string;
  /** The paths documents of this shard have used, each with the fields its values go to (source-walk.ts). */
  paths: PathNode<Target[]>;
  /** Made on the first document. */
  writer?: Writer;
}

/** A field a source path's values are indexed into: the path's own field, or one of its multi-fields. */
type Target =
  | { kind: "constant"; spec: FieldSpec }
  | { kind: ValueFamily; spec: FieldSpec; index: FieldIndex; toValue: ValueIndexer; stringsAsIs: boolean };

export function createShard(name: string, mapping: LiveMapping, nestedPath?: string): Shard {
  const constants = new Map<string, string>();
  for (const spec of mapping.fields()) {
    if (spec.type === "constant_keyword" && spec.value !== undefined) constants.set(spec.name, spec.value);
  }
  return {
    name,
    mapping,
    docs: [],
    fields: new Map(),
    nested: new Map(),
    constants,
    constantsSetBy: constants.size === 0 ? [] : new Array(constants.size).fill(-1),
    nestedPath,
    paths: rootPath(nestedPath ?? ""),
  };
}

function fieldIndex(shard: Shard, spec: FieldSpec, kind: ValueFamily): FieldIndex {
  let index = shard.fields.get(spec.name);
  if (!index) {
    index = createFieldIndex(spec, kind);
    shard.fields.set(spec.name, index);
  }
  return index;
}

function targetOf(shard: Shard, spec: FieldSpec): Target | undefined {
  const kind = fieldFamily(spec.type);
  switch (kind) {
    case "constant_keyword":
      return { kind: "constant", spec };
    case "flattened": {
      const asKeyword = { ...spec, type: "keyword" };
      return {
        kind: "keyword",
        spec: asKeyword,
        index: fieldIndex(shard, asKeyword, "keyword"),
        toValue: valueIndexer(asKeyword, "keyword"),
        stringsAsIs: indexesStringsAsIs(asKeyword, "keyword"),
      };
    }
    case "object":
    case "nested":
    case "unsupported":
      return undefined;
    default:
      return {
        kind,
        spec,
        index: fieldIndex(shard, spec, kind),
        toValue: valueIndexer(spec, kind),
        stringsAsIs: indexesStringsAsIs(spec, kind),
      };
  }
}

/**
 * The fields a source path's values go to, or undefined when the path is unmapped and only dynamic mapping
 * can say. A mapped name keeps its field and multi-fields, so this is worked out once per path.
 */
function mappedTargets(shard: Shard, node: PathNode<Target[]>): Target[] | undefined {
  if (!node.resolved) {
    const spec = shard.mapping.get(node.path) ?? flattenedKeyedSpec(shard.mapping, node.path);
    if (spec) node.resolved = targetsOf(shard, spec);
  }
  return node.resolved;
}

function dynamicTargets(shard: Shard, node: PathNode<Target[]>, firstValue: unknown): Target[] {
  if (!node.resolved) {
    const spec = shard.mapping.addDynamic(node.path, firstValue);
    node.resolved = spec ? targetsOf(shard, spec) : [];
  }
  return node.resolved;
}

function targetsOf(shard: Shard, spec: FieldSpec): Target[] {
  const targets: Target[] = [];
  for (const field of [spec, ...shard.mapping.multiFields(spec.name)]) {
    const target = targetOf(shard, field);
    if (target) targets.push(target);
  }
  return targets;
}

function flattenedRoot(mapping: LiveMapping, path: string): FieldSpec | undefined {
  for (let dot = path.lastIndexOf("."); dot > 0; dot = path.lastIndexOf(".", dot - 1)) {
    const spec = mapping.get(path.slice(0, dot));
    if (spec?.type === "flattened") return spec;
  }
  return undefined;
}

/** A constant_keyword value other than the index's constant; the caller names the document. */
class ConstantMismatch extends DacError {
  constructor(
    readonly field: string,
    readonly constant: string,
    readonly value: string,
  ) {
    super("rejected", `[${field}] is ${constant}, not ${value}`);
  }
}

/**
 * Writes one document's values straight into the columns; the caller rolls a failed document back. Values
 * of unmapped paths wait until the walk is over, so the object checks of the whole document see the mapping
 * without the fields it introduces; when a mapped value fails, the waiting ones (all earlier in the document)
 * are checked first, so the failure reported is the first in document order, as Elasticsearch's parser
 * reports it. The buffers and the walker are made once per shard: per document, indexing then allocates
 * nothing but what the columns keep.
 */
interface Writer {
  /** Writes the values of `source` as document `doc`; returns its nested objects, per nested path. */
  write(source: JsonObject, doc: number): Map<string, JsonObject[]> | undefined;
}

function writeValue(shard: Shard, target: Target, doc: number, raw: unknown): void {
  if (target.kind === "constant") {
    const name = target.spec.name;
    const text = String(raw);
    const current = shard.constants.get(name);
    if (current === undefined) {
      shard.constants.set(name, text);
      shard.constantsSetBy.push(doc);
    } else if (current !== text) throw new ConstantMismatch(name, current, text);
    return;
  }
  // Text keeps its text (analysed when a query first reads the field); every text value, even "", counts.
  const value = target.stringsAsIs && typeof raw === "string" ? raw : target.toValue(raw);
  if (value !== undefined) appendValue(target.index, doc, value);
}

function writeLeaf(shard: Shard, node: PathNode, targets: Target[], doc: number, raw: unknown): void {
  try {
    for (let i = 0; i < targets.length; i++) writeValue(shard, targets[i], doc, raw);
  } catch (error) {
    if (error instanceof ConstantMismatch) throw error;
    if (error instanceof ValueError) throw new FieldViolation(node.path, error.message);
    throw error;
  }
}

function createWriter(shard: Shard): Writer {
  let doc = 0;
  let unmapped = 0;
  const unmappedNodes: PathNode<Target[]>[] = [];
  const unmappedValues: unknown[] = [];
  const writeUnmapped = () => {
    const waiting = unmapped;
    unmapped = 0;
    for (let i = 0; i < waiting; i++) {
      const node = unmappedNodes[i];
      const raw = unmappedValues[i];
      writeLeaf(shard, node, dynamicTargets(shard, node, raw), doc, raw);
    }
  };
  const walk = createSourceWalker<Target[]>(shard.mapping, shard.nestedPath, shard.paths, (node, raw) => {
    const targets = mappedTargets(shard, node);
    if (!targets) {
      unmappedNodes[unmapped] = node;
      unmappedValues[unmapped] = raw;
      unmapped++;
      return;
    }
    try {
      writeLeaf(shard, node, targets, doc, raw);
    } catch (error) {
      writeUnmapped();
      throw error;
    }
  });
  return {
    write(source, at) {
      doc = at;
      unmapped = 0;
      const nestedObjects = walk(source);
      writeUnmapped();
      return nestedObjects;
    },
  };
}

function nestedIndex(shard: Shard, path: string): NestedIndex {
  let nested = shard.nested.get(path);
  if (!nested) {
    nested = { shard: createShard(shard.name, shard.mapping, path), parentOf: [] };
    shard.nested.set(path, nested);
  }
  return nested;
}

/** Writes a document and its nested objects; on a failure part of it may be written (see `rollBack`). */
function writeDocument(shard: Shard, document: StoredDocument): void {
  const doc = shard.docs.length;
  shard.writer ??= createWriter(shard);
  const nestedObjects = shard.writer.write(document._source, doc);
  for (const [path, sources] of nestedObjects ?? []) {
    const nested = nestedIndex(shard, path);
    for (const source of sources) {
      nested.parentOf.push(doc);
      writeDocument(nested.shard, { _index: shard.name, _id: document._id, _source: source });
    }
  }
  shard.docs.push(document);
}

/** Takes back everything written for documents from `doc` on: values, nested documents, constants set. */
function rollBack(shard: Shard, doc: number): void {
  for (const index of shard.fields.values()) truncateFrom(index, doc);
  shard.docs.length = Math.min(shard.docs.length, doc);
  const { constantsSetBy } = shard;
  let kept = constantsSetBy.length;
  while (kept > 0 && constantsSetBy[kept - 1] >= doc) kept--;
  if (kept < constantsSetBy.length) {
    for (const name of [...shard.constants.keys()].slice(kept)) shard.constants.delete(name);
    constantsSetBy.length = kept;
  }
  for (const { shard: child, parentOf } of shard.nested.values()) {
    let children = parentOf.length;
    while (children > 0 && parentOf[children - 1] >= doc) children--;
    parentOf.length = children;
    rollBack(child, children);
  }
}

/** Indexes one document; a value the mapping rejects fails with the document and field named, changing nothing. */
export function addDocument(shard: Shard, document: StoredDocument): void {
  const checkpoint = shard.mapping.checkpoint();
  const doc = shard.docs.length;
  try {
    writeDocument(shard, document);
  } catch (error) {
    rollBack(shard, doc);
    forgetFields(shard, new Set(shard.mapping.rollback(checkpoint)));
    if (error instanceof ConstantMismatch)
      throw constantMismatch(document, error.field, error.constant, error.value);
    if (error instanceof FieldViolation || error instanceof ValueError) {
      throw fieldRejected(document, error instanceof FieldViolation ? error.field : "", error.message);
    }
    throw error;
  }
}

/** Drops what the shard (and its nested shards) derived from fields that are no longer mapped. */
function forgetFields(shard: Shard, names: Set<string>): void {
  if (names.size === 0) return;
  for (const name of names) shard.fields.delete(name);
  const forgetPaths = (node: PathNode<Target[]>) => {
    if (node.resolved?.some((target) => names.has(target.spec.name))) node.resolved = undefined;
    for (const child of node.children.values()) forgetPaths(child);
  };
  forgetPaths(shard.paths);
  for (const { shard: child } of shard.nested.values()) forgetFields(child, names);
}

/** A field as a query sees it in this shard: its mapping and its index (absent when no document has a value). */
export interface ResolvedField {
  spec: FieldSpec;
  index?: FieldIndex;
}

export function resolveField(shard: Shard, name: string): ResolvedField | undefined {
  const spec = shard.mapping.get(name) ?? flattenedKeyedSpec(shard.mapping, name);
  // Objects have no field type in Elasticsearch: queries and aggregations treat them as unmapped.
  if (!spec || spec.type === "object" || spec.type === "nested") return undefined;
  // A flattened root answers like a keyword field holding every leaf value.
  const asSeen = spec.type === "flattened" ? { ...spec, type: "keyword" } : spec;
  return { spec: asSeen, index: shard.fields.get(name) };
}

function flattenedKeyedSpec(mapping: LiveMapping, name: string): FieldSpec | undefined {
  const root = flattenedRoot(mapping, name);
  return root
    ? { name, type: "keyword", source: root.source, aggregatable: true, parent: root.name }
    : undefined;
}
