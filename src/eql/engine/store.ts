/**
 * The narrow adapter between EQL and the embedded engine: documents are indexed by src/engine/memory (its
 * dynamic mapping, per-type value parsing, multi-fields, dates and ips), and EQL reads back only what it
 * needs — which fields exist, their types and each document's values, and which documents a DSL filter keeps.
 */
import type { FieldSpec } from "../../catalog/types.js";
import {
  addDocument,
  createLiveMapping,
  createShard,
  evaluate,
  QueryError,
  resolveField,
  type Shard,
  valuesAt,
} from "../../engine/memory/index.js";
import type { JsonObject } from "../../engine/types.js";
import { DacError } from "../../errors.js";
import { fieldFamily } from "../../semantics/field-types.js";
import { resolveIndices } from "../../semantics/index-patterns.js";
import { formatIp } from "../../semantics/ip.js";
import type { JsonMapping } from "./mapping-json.js";
import { EqlRequestError } from "./request-error.js";

/** How EQL sees a field's values: strings (keyword-like), numbers, dates (epoch millis), booleans, ips. */
export type EqlValueKind = "keyword" | "number" | "date" | "boolean" | "ip";

/** A scalar as EQL computes with it; ips are kept as their text. */
export type EqlScalar = string | number | boolean;

export interface EventField {
  /** The name as the query wrote it. */
  name: string;
  /** The mapping type of the field read (for a text field, that of its keyword sub-field). */
  type: string;
  kind: EqlValueKind;
  /** Whether the type is an integer type (arithmetic on integers truncates). */
  integer: boolean;
  values(doc: number): readonly EqlScalar[];
}

/** Why a field cannot be used: unknown, or of a type EQL cannot compare. */
export type FieldProblem = { problem: "unknown" } | { problem: "unsupported"; type: string };

export interface EventIndex {
  name: string;
  size: number;
  id(doc: number): string;
  source(doc: number): JsonObject;
  field(name: string): EventField | FieldProblem;
  /** Documents an Elasticsearch DSL filter keeps, as a 0/1 array (all when no filter). */
  filter(query: JsonObject | undefined, now: number): Uint8Array;
}

export interface IndexInput {
  name: string;
  documents: { id: string; source: JsonObject }[];
  mapping: JsonMapping | undefined;
}

const INTEGER_TYPES = new Set(["long", "integer", "short", "byte", "unsigned_long"]);

export function openEventIndex(input: IndexInput): EventIndex {
  const mapping = input.mapping;
  const shard = createShard(
    input.name,
    createLiveMapping({
      index: input.name,
      fields: mapping?.fields ?? new Map(),
      dynamic: mapping?.dynamic ?? true,
    }),
  );
  const sources: JsonObject[] = [];
  for (const { id, source } of input.documents) {
    try {
      addDocument(shard, { _index: input.name, _id: id, _source: withNullValues(source, mapping) });
    } catch (error) {
      throw new DacError("input", `index [${input.name}]: ${(error as Error).message}`, { cause: error });
    }
    sources.push(source);
  }
  const fields = new Map<string, EventField | FieldProblem>();
  return {
    name: input.name,
    size: sources.length,
    id: (doc) => shard.docs[doc]._id,
    source: (doc) => sources[doc],
    field(name) {
      let field = fields.get(name);
      if (!field) {
        field = readField(shard, mapping?.aliases.get(name) ?? name, name);
        fields.set(name, field);
      }
      return field;
    },
    filter(query, now) {
      try {
        return evaluate(query, shard, { now });
      } catch (error) {
        if (error instanceof QueryError)
          throw new EqlRequestError("parsing_exception", `[filter] ${error.message}`);
        throw error;
      }
    },
  };
}

function readField(shard: Shard, target: string, name: string): EventField | FieldProblem {
  let spec = resolveField(shard, target)?.spec;
  if (!spec) return { problem: "unknown" };
  if (fieldFamily(spec.type) === "text") {
    // EQL compares text fields through their keyword-like sub-field, as Elasticsearch's exact-match lookup does.
    const exact = shard.mapping.multiFields(spec.name).find((sub) => fieldFamily(sub.type) === "keyword");
    if (!exact) return { problem: "unsupported", type: spec.type };
    spec = exact;
  }
  const kind = kindOf(spec);
  if (!kind) return { problem: "unsupported", type: spec.type };
  if (kind === "keyword" && spec.type === "constant_keyword") {
    const constant = shard.constants.get(spec.name);
    const values = constant === undefined ? [] : [constant];
    return { name, type: spec.type, kind, integer: false, values: () => values };
  }
  const fieldName = spec.name;
  const convert = converterFor(kind);
  return {
    name,
    type: spec.type,
    kind,
    integer: INTEGER_TYPES.has(spec.type),
    // Strings, numbers and dates are held as EQL reads them: no copy per read (sequences read every event).
    values: convert
      ? (doc) => valuesAt(shard.fields.get(fieldName), doc).map(convert)
      : (doc) => valuesAt(shard.fields.get(fieldName), doc) as readonly EqlScalar[],
  };
}

function kindOf(spec: FieldSpec): EqlValueKind | undefined {
  const kind = fieldFamily(spec.type);
  if (kind === "constant_keyword" || kind === "keyword") return "keyword";
  if (kind === "number" || kind === "date" || kind === "boolean" || kind === "ip") return kind;
  return undefined;
}

function converterFor(kind: EqlValueKind): ((value: string | number | bigint) => EqlScalar) | undefined {
  switch (kind) {
    case "boolean":
      return (value) => value === 1;
    case "ip":
      return (value) => formatIpValue(value);
    default:
      return undefined;
  }
}

function formatIpValue(value: string | number | bigint): string {
  return typeof value === "bigint" ? formatIp(value) : String(value);
}

/** A copy of the source with `null_value` substituted for explicit nulls, as the mapper indexes them. */
function withNullValues(source: JsonObject, mapping: JsonMapping | undefined): JsonObject {
  if (!mapping || mapping.nullValues.size === 0) return source;
  const copy: JsonObject = { ...source };
  for (const [field, value] of mapping.nullValues) {
    if (field in copy && copy[field] === null) copy[field] = value as JsonObject[string];
  }
  return copy;
}

/** The index names a request's index expression (comma list, wildcards, `-exclusions`) selects. */
export function resolveIndexNames(names: string[], expression: string): string[] {
  return resolveIndices(names, [expression]);
}
