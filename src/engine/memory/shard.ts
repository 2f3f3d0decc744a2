/**
 * One concrete index held in memory: its documents in insertion order, and per field the indexed
 * values per document plus an inverted index (term → documents), built once as documents arrive.
 * Nested fields get a child shard of their own whose documents point back to their parent.
 */
import type { FieldSpec } from "../../catalog/types.js";
import type { JsonObject, StoredDocument } from "../types.js";
import { analyze, type Token } from "./analyzer.js";
import { fieldKind, type IndexedValue, indexValue, ValueError, type ValueKind } from "./field-types.js";
import type { LiveMapping } from "./mapping.js";

export interface FieldIndex {
  spec: FieldSpec;
  kind: ValueKind;
  /** Indexed values per document in source order (not kept for text fields, which have no doc values). */
  values: (IndexedValue[] | undefined)[];
  /** Documents (ascending) with at least one indexed value; for text, any non-null value, even "". */
  present: number[];
  /** Term → documents, for keyword, text and boolean fields (numbers, dates and ips are scanned instead). */
  postings: Map<IndexedValue, number[]>;
  /** Text fields: per document, its tokens in order. */
  tokens?: (Token[] | undefined)[];
}

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
  /** The nested path this shard holds, when it is a child shard. */
  nestedPath?: string;
}

/** A document violates its index's mapping: Elasticsearch rejects it with a mapper_parsing_exception. */
export class MappingViolation extends Error {}

export function createShard(name: string, mapping: LiveMapping, nestedPath?: string): Shard {
  const constants = new Map<string, string>();
  for (const spec of mapping.fields()) {
    if (spec.type === "constant_keyword" && spec.value !== undefined) constants.set(spec.name, spec.value);
  }
  return { name, mapping, docs: [], fields: new Map(), nested: new Map(), constants, nestedPath };
}

interface Extracted {
  leaves: Map<string, unknown[]>;
  nested: Map<string, JsonObject[]>;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Flattens a source like Elasticsearch's object mapper: dotted keys, objects and arrays of values. */
function extract(source: JsonObject, mapping: LiveMapping, nestedPath: string | undefined): Extracted {
  const result: Extracted = { leaves: new Map(), nested: new Map() };
  const walk = (value: unknown, path: string): void => {
    if (value === null || value === undefined) return;
    const spec = mapping.get(path);
    if (spec?.type === "nested" && path !== nestedPath) {
      const objects = (Array.isArray(value) ? value.flat(Number.POSITIVE_INFINITY) : [value]).filter(
        (v) => v !== null,
      );
      for (const object of objects) {
        if (!isPlainObject(object)) throw new FieldViolation(path, concreteValueMessage(path));
        result.nested.set(path, [...(result.nested.get(path) ?? []), object]);
      }
      return;
    }
    if (spec?.type === "flattened") {
      collectFlattened(value, path, path, result.leaves);
      return;
    }
    if (Array.isArray(value)) {
      for (const element of value) walk(element, path);
      return;
    }
    if (isPlainObject(value)) {
      if (spec && fieldKind(spec.type) !== "object" && fieldKind(spec.type) !== "nested") {
        if (fieldKind(spec.type) === "unsupported") return;
        throw new FieldViolation(path, `field of type [${spec.type}]: Can't get text on a START_OBJECT`);
      }
      for (const [key, child] of Object.entries(value)) walk(child, path === "" ? key : `${path}.${key}`);
      return;
    }
    if (mapping.isObject(path) || spec?.type === "nested")
      throw new FieldViolation(path, concreteValueMessage(path));
    const leaves = result.leaves.get(path);
    if (leaves) leaves.push(value);
    else result.leaves.set(path, [value]);
  };
  walk(source, nestedPath ?? "");
  return result;
}

function concreteValueMessage(path: string): string {
  return `object mapping for [${path}] tried to parse field [${path}] as object, but found a concrete value`;
}

/** Flattened fields index every leaf as a keyword, under the root and under `root.key`. */
function collectFlattened(value: unknown, root: string, path: string, leaves: Map<string, unknown[]>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const element of value) collectFlattened(element, root, path, leaves);
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) collectFlattened(child, root, `${path}.${key}`, leaves);
    return;
  }
  const text = String(value);
  leaves.set(root, [...(leaves.get(root) ?? []), text]);
  if (path !== root) leaves.set(path, [...(leaves.get(path) ?? []), text]);
}

function fieldIndex(shard: Shard, spec: FieldSpec, kind: ValueKind): FieldIndex {
  let index = shard.fields.get(spec.name);
  if (!index) {
    index = { spec, kind, values: [], present: [], postings: new Map() };
    if (kind === "text") index.tokens = [];
    shard.fields.set(spec.name, index);
  }
  return index;
}

function addPosting(index: FieldIndex, term: IndexedValue, doc: number): void {
  const docs = index.postings.get(term);
  if (!docs) index.postings.set(term, [doc]);
  else if (docs[docs.length - 1] !== doc) docs.push(doc);
}

/** What one field of one document contributes; computed before anything is written, so a bad value changes nothing. */
type FieldUpdate =
  | { kind: "constant"; spec: FieldSpec; value: string }
  | {
      kind: ValueKind;
      spec: FieldSpec;
      values: IndexedValue[];
      tokens?: Token[];
      present: boolean;
    };

function prepareLeaf(shard: Shard, spec: FieldSpec, raws: unknown[], pending: FieldUpdate[]): void {
  const kind = fieldKind(spec.type);
  if (kind === "constant_keyword") {
    for (const raw of raws) {
      const text = String(raw);
      const current =
        shard.constants.get(spec.name) ??
        pending.find(
          (u): u is Extract<FieldUpdate, { kind: "constant" }> =>
            u.kind === "constant" && u.spec.name === spec.name,
        )?.value;
      if (current !== undefined && current !== text) {
        throw new ValueError(
          `[constant_keyword] field [${spec.name}] only accepts values that are equal to the value defined in the mappings [${current}], but got [${text}]`,
        );
      }
      if (current === undefined) pending.push({ kind: "constant", spec, value: text });
    }
    return;
  }
  if (kind === "flattened") {
    prepareLeaf(shard, { ...spec, type: "keyword" }, raws, pending);
    return;
  }
  if (kind === "object" || kind === "nested" || kind === "unsupported") return;
  if (kind === "text") {
    const texts = raws.map((raw) => indexValue(spec, raw) as string);
    const tokens = analyze(texts);
    pending.push({
      kind,
      spec,
      values: [...new Set(tokens.map((token) => token.term))],
      tokens,
      present: true,
    });
    return;
  }
  const values: IndexedValue[] = [];
  for (const raw of raws) {
    const value = indexValue(spec, raw);
    if (value !== undefined) values.push(value);
  }
  pending.push({ kind, spec, values, present: values.length > 0 });
}

function applyUpdate(shard: Shard, update: FieldUpdate, doc: number): void {
  if (update.kind === "constant") {
    shard.constants.set(update.spec.name, update.value);
    return;
  }
  if (!update.present) return;
  const index = fieldIndex(shard, update.spec, update.kind);
  if (update.kind === "keyword" || update.kind === "text" || update.kind === "boolean") {
    for (const value of update.values) addPosting(index, value, doc);
  }
  if (update.tokens) index.tokens![doc] = update.tokens;
  else index.values[doc] = update.values;
  index.present.push(doc);
}

function specFor(shard: Shard, path: string, raws: unknown[]): FieldSpec | undefined {
  return (
    shard.mapping.get(path) ??
    flattenedKeyedSpec(shard.mapping, path) ??
    shard.mapping.addDynamic(path, raws[0])
  );
}

function flattenedRoot(mapping: LiveMapping, path: string): FieldSpec | undefined {
  for (let dot = path.lastIndexOf("."); dot > 0; dot = path.lastIndexOf(".", dot - 1)) {
    const spec = mapping.get(path.slice(0, dot));
    if (spec?.type === "flattened") return spec;
  }
  return undefined;
}

interface PreparedDocument {
  updates: FieldUpdate[];
  nested: { path: string; children: PreparedDocument[]; sources: JsonObject[] }[];
}

function prepareSource(shard: Shard, source: JsonObject): PreparedDocument {
  const extracted = extract(source, shard.mapping, shard.nestedPath);
  const updates: FieldUpdate[] = [];
  for (const [path, raws] of extracted.leaves) {
    const spec = specFor(shard, path, raws);
    if (!spec) continue;
    try {
      prepareLeaf(shard, spec, raws, updates);
      for (const sub of shard.mapping.multiFields(spec.name)) prepareLeaf(shard, sub, raws, updates);
    } catch (error) {
      if (error instanceof ValueError) throw new FieldViolation(path, error.message);
      throw error;
    }
  }
  const nested = [...extracted.nested].map(([path, sources]) => {
    const child = nestedIndex(shard, path);
    return { path, sources, children: sources.map((object) => prepareSource(child.shard, object)) };
  });
  return { updates, nested };
}

function nestedIndex(shard: Shard, path: string): NestedIndex {
  let nested = shard.nested.get(path);
  if (!nested) {
    nested = { shard: createShard(shard.name, shard.mapping, path), parentOf: [] };
    shard.nested.set(path, nested);
  }
  return nested;
}

function applyDocument(shard: Shard, prepared: PreparedDocument, document: StoredDocument): void {
  const doc = shard.docs.length;
  for (const update of prepared.updates) applyUpdate(shard, update, doc);
  for (const { path, sources, children } of prepared.nested) {
    const nested = nestedIndex(shard, path);
    children.forEach((child, i) => {
      nested.parentOf.push(doc);
      applyDocument(nested.shard, child, { _index: shard.name, _id: document._id, _source: sources[i] });
    });
  }
  shard.docs.push(document);
}

class FieldViolation extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Indexes one document; a value the mapping rejects fails with the document and field named, changing nothing. */
export function addDocument(shard: Shard, document: StoredDocument): void {
  let prepared: PreparedDocument;
  try {
    prepared = prepareSource(shard, document._source);
  } catch (error) {
    if (error instanceof FieldViolation || error instanceof ValueError) {
      const field = error instanceof FieldViolation ? error.field : "";
      throw new MappingViolation(
        `document [${document._id}] in index [${document._index}]: failed to parse field [${field}]: ${error.message}`,
      );
    }
    throw error;
  }
  applyDocument(shard, prepared, document);
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
