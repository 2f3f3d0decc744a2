/**
 * Doc values as sorting and aggregations read them; each family says how its values are keyed, parsed
 * from requests and rendered in responses (families/).
 */
import type { IndexedValue } from "../../../semantics/values.js";
import type { DocValueKind } from "../families/family.js";
import { docValuesOfKind, familyOf } from "../families/index.js";
import { QueryError } from "../request.js";
import { compareTerms, valuesAt } from "./field-index.js";
import { resolveField, type Shard } from "./shard.js";

export type { DocValueKind } from "../families/family.js";

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
  const family = familyOf(field.spec.type);
  if (family && !family.docValues) {
    throw new QueryError(
      `Text fields are not optimised for operations that require per-document field data like ${purpose}, so these operations are disabled by default. Please use a keyword field instead. Field [${fieldName}]`,
    );
  }
  if (!family?.docValues) {
    throw new QueryError(`Field [${fieldName}] of type [${field.spec.type}] is not supported for ${purpose}`);
  }
  const { kind, constant } = family.docValues;
  if (constant) {
    const value = shard.constants.get(fieldName);
    const values = value === undefined ? NONE : [value];
    return { kind, of: () => values };
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
  return docValuesOfKind(kind).bucketKey(value);
}

/** A composite source key: dates stay epoch millis, booleans are JSON booleans, ips strings. */
export function compositeKey(kind: DocValueKind, value: IndexedValue | null): unknown {
  return value === null ? null : docValuesOfKind(kind).compositeKey(value);
}

/** A value from a request (composite `after`, terms `include`, search_after) in the field's domain. */
export function parseRequestValue(kind: DocValueKind, value: unknown, format?: string): IndexedValue {
  return docValuesOfKind(kind).parseRequestValue(value, format);
}
