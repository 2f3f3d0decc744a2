/**
 * What a field-type family does in the embedded engine, one module per family with these same exports:
 * the leaf queries on a field of the family and how its doc values are read, keyed and rendered.
 */
import type { FieldSpec } from "../../../catalog/types.js";
import type { IndexedValue } from "../../../semantics/values.js";
import type { DocSet } from "../index/bitset.js";
import { emptySet } from "../index/bitset.js";
import { type FieldIndex, postingsOf, termsOf } from "../index/field-index.js";
import type { Shard } from "../index/shard.js";
import { type QueryContext, QueryError } from "../request.js";

/** A field of a shard as a leaf query reads it. */
export interface LeafField {
  shard: Shard;
  name: string;
  spec: FieldSpec;
  /** Absent until a document brings a value. */
  index?: FieldIndex;
}

/** One end of a range; `inclusive` for gte/lte. */
export type Bound = { value: unknown; inclusive: boolean } | undefined;

export interface RangeQuery {
  lower: Bound;
  upper: Bound;
  format?: string;
  time_zone?: string;
  context: QueryContext;
}

export interface FamilyQueries {
  /** term: the exact indexed value (no analysis). */
  term(field: LeafField, value: unknown, context: QueryContext, caseInsensitive: boolean): DocSet;
  range(field: LeafField, range: RangeQuery): DocSet;
  /** wildcard / prefix on whole terms; absent where Elasticsearch refuses them. */
  pattern?(field: LeafField, regex: RegExp): DocSet;
  /** match / match_phrase on analysed text; absent where match is a term query on the whole value. */
  match?(field: LeafField, text: string, options: { operator?: "or" | "and"; phrase?: boolean }): DocSet;
}

/** The kinds of doc values: how aggregations and sorts compare, key and render a family's values. */
export type DocValueKind = "keyword" | "number" | "date" | "boolean" | "ip";

export interface FamilyDocValues {
  kind: DocValueKind;
  /** One value for every document of the index (constant_keyword) rather than per-document values. */
  constant?: boolean;
  /** A terms aggregation bucket's key. */
  bucketKey(value: IndexedValue): { key: unknown; key_as_string?: string };
  /** A composite aggregation source's key. */
  compositeKey(value: IndexedValue): unknown;
  /** A value from a request (composite `after`, terms `include`, search_after, sort `missing`); throws. */
  parseRequestValue(value: unknown, format?: string): IndexedValue;
  /** A value as a hit's `sort` array shows it. */
  sortValue(value: IndexedValue): unknown;
  /** What a hit's `sort` array shows for a document without a value (`floating`: a float-family field). */
  missingSortValue(floating: boolean, high: boolean): unknown;
}

export function size(shard: Shard): number {
  return shard.docs.length;
}

/** Documents holding any of the terms. */
export function postingsSet(field: LeafField, terms: Iterable<IndexedValue>): DocSet {
  const set = emptySet(size(field.shard));
  if (!field.index) return set;
  for (const term of terms) {
    for (const doc of postingsOf(field.index, term)) set[doc] = 1;
  }
  return set;
}

/** The field's string terms that pass `test`. */
export function matchingTerms(index: FieldIndex | undefined, test: (term: string) => boolean): string[] {
  if (!index) return [];
  return [...termsOf(index)].filter((term): term is string => typeof term === "string" && test(term));
}

/** A term-level query value as text; objects and null are refused as Elasticsearch refuses them. */
export function queryText(value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  throw new QueryError(
    `[term] query does not support a value of type [${value === null ? "null" : typeof value}]`,
  );
}

export function inRange<T>(
  value: T,
  lower: T | undefined,
  lowerInc: boolean,
  upper: T | undefined,
  upperInc: boolean,
  compare: (a: T, b: T) => number,
): boolean {
  if (lower !== undefined) {
    const c = compare(value, lower);
    if (c < 0 || (c === 0 && !lowerInc)) return false;
  }
  if (upper !== undefined) {
    const c = compare(value, upper);
    if (c > 0 || (c === 0 && !upperInc)) return false;
  }
  return true;
}

/** A test for values between the parsed bounds, inclusive or not as the range says. */
export function between<T>(
  range: RangeQuery,
  parse: (value: unknown) => T,
  compare: (a: T, b: T) => number,
): (value: T) => boolean {
  const lo = range.lower ? parse(range.lower.value) : undefined;
  const hi = range.upper ? parse(range.upper.value) : undefined;
  const lowerInc = range.lower?.inclusive ?? true;
  const upperInc = range.upper?.inclusive ?? true;
  return (value) => inRange(value, lo, lowerInc, hi, upperInc, compare);
}

export const compareNumbers = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);
export const compareBigints = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** A request value that is not a value of the kind. */
export function notAValue(value: unknown, kind: DocValueKind): QueryError {
  return new QueryError(`cannot use [${JSON.stringify(value)}] as a value of a ${kind} field`);
}
