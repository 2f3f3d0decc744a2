/**
 * The embedded engine's shards as EQL reads them (src/eql/engine's `EventIndex`): fields with the types the
 * mapping gives them, each document's indexed values, and which documents a DSL filter keeps.
 */
import type { FieldSpec } from "../../catalog/types.js";
import type { JsonMapping } from "../../eql/engine/mapping-json.js";
import { EqlRequestError } from "../../eql/engine/request-error.js";
import type {
  EqlScalar,
  EqlValueKind,
  EventField,
  EventIndex,
  FieldProblem,
} from "../../eql/engine/store.js";
import { DacError } from "../../errors.js";
import { fieldFamily } from "../../semantics/field-types.js";
import { formatIp } from "../../semantics/ip.js";
import type { JsonObject } from "../types.js";
import { valuesAt } from "./index/field-index.js";
import { addDocument, createShard, resolveField, type Shard } from "./index/shard.js";
import { createLiveMapping } from "./mapping/live-mapping.js";
import { evaluate } from "./query/query.js";
import { QueryError } from "./request.js";

export interface IndexInput {
  name: string;
  documents: { id: string; source: JsonObject }[];
  mapping: JsonMapping | undefined;
}

const INTEGER_TYPES = new Set(["long", "integer", "short", "byte", "unsigned_long"]);

/** A new index of `input`'s documents (as `dac eql search --data` loads a file), read by EQL. */
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
  return eventIndexOf(shard, {
    source: (doc) => sources[doc],
    alias: (name) => mapping?.aliases.get(name),
  });
}

export interface EventIndexOptions {
  /** The `_source` EQL returns for a document; default: the one indexed. */
  source?: (doc: number) => JsonObject;
  /** The field a field alias points to. */
  alias?: (name: string) => string | undefined;
}

/**
 * EQL's view of a shard as it is now: documents added later are not in it (a search takes a fresh view).
 * Fields are resolved on first use and kept for the view's life.
 */
export function eventIndexOf(shard: Shard, options: EventIndexOptions = {}): EventIndex {
  const fields = new Map<string, EventField | FieldProblem>();
  return {
    name: shard.name,
    size: shard.docs.length,
    id: (doc) => shard.docs[doc]._id,
    source: options.source ?? ((doc) => shard.docs[doc]._source),
    field(name) {
      let field = fields.get(name);
      if (!field) {
        field = readField(shard, options.alias?.(name) ?? name, name);
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
