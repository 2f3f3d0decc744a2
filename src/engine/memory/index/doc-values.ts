/**
 * Doc values as sorting and aggregations read them, and how Elasticsearch renders them in responses
 * (keys, sort values, value_as_string).
 */
import { DateParseError, formatDate, parseDate } from "../../../semantics/dates.js";
import { fieldFamily } from "../../../semantics/field-types.js";
import { formatIp, parseIp } from "../../../semantics/ip.js";
import { type IndexedValue, parseQueryBoolean, ValueError } from "../../../semantics/values.js";
import { QueryError } from "../request.js";
import { compareTerms, valuesAt } from "./field-index.js";
import { resolveField, type Shard } from "./shard.js";

export type DocValueKind = "keyword" | "number" | "date" | "boolean" | "ip";

export interface DocValues {
  kind: DocValueKind;
  /** The values of one document (empty when it has none). */
  of(doc: number): readonly IndexedValue[];
  format?: string;
}

const NONE: readonly IndexedValue[] = [];

/** Doc values of a field in a shard; undefined when the shard does not map it. */
export function docValues(shard: Shard, fieldName: string, purpose: string): DocValues | undefined {
  const field = resolveField(shard, fieldName);
  if (!field) return undefined;
  const kind = fieldFamily(field.spec.type);
  if (kind === "constant_keyword") {
    const constant = shard.constants.get(fieldName);
    const values = constant === undefined ? NONE : [constant];
    return { kind: "keyword", of: () => values };
  }
  if (kind === "text") {
    throw new QueryError(
      `Text fields are not optimised for operations that require per-document field data like ${purpose}, so these operations are disabled by default. Please use a keyword field instead. Field [${fieldName}]`,
    );
  }
  if (kind !== "keyword" && kind !== "number" && kind !== "date" && kind !== "boolean" && kind !== "ip") {
    throw new QueryError(`Field [${fieldName}] of type [${field.spec.type}] is not supported for ${purpose}`);
  }
  const index = field.index;
  return { kind, of: (doc) => valuesAt(index, doc), format: field.spec.format };
}

export function compareValues(a: IndexedValue, b: IndexedValue): number {
  if (typeof a === "string" && typeof b === "string") return compareTerms(a, b);
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** A key as the terms aggregation returns it: numbers for numeric/date/boolean, strings otherwise. */
export function bucketKey(kind: DocValueKind, value: IndexedValue): { key: unknown; key_as_string?: string } {
  switch (kind) {
    case "date":
      return { key: value, key_as_string: formatDate(value as number) };
    case "boolean":
      return { key: value, key_as_string: value === 1 ? "true" : "false" };
    case "ip":
      return { key: formatIp(value as bigint) };
    default:
      return { key: value };
  }
}

/** A composite source key: dates stay epoch millis, booleans are JSON booleans, ips strings. */
export function compositeKey(kind: DocValueKind, value: IndexedValue | null): unknown {
  if (value === null) return null;
  if (kind === "boolean") return value === 1;
  if (kind === "ip") return formatIp(value as bigint);
  return value;
}

/** A value from a request (composite `after`, terms `include`, search_after) in the field's domain. */
export function parseRequestValue(kind: DocValueKind, value: unknown, format?: string): IndexedValue {
  try {
    switch (kind) {
      case "keyword":
        return String(value);
      case "number":
        if (typeof value === "number") return value;
        if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))
          return Number(value);
        break;
      case "date":
        if (typeof value === "number") return value;
        if (typeof value === "string")
          return /^-?\d+$/.test(value) ? Number(value) : parseDate(value, { format });
        break;
      case "boolean":
        return typeof value === "number" ? value : parseQueryBoolean(value);
      case "ip": {
        const address = typeof value === "string" ? parseIp(value) : undefined;
        if (address !== undefined) return address;
        break;
      }
    }
  } catch (error) {
    if (!(error instanceof ValueError || error instanceof DateParseError)) throw error;
  }
  throw new QueryError(`cannot use [${JSON.stringify(value)}] as a value of a ${kind} field`);
}
