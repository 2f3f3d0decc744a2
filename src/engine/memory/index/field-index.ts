/**
 * One field of one shard as documents arrive: which documents hold values and what those values are,
 * already validated and converted (text fields keep their text). The inverted structures queries need
 * (term → documents, text tokens) are derived from this the first time a query touches the field and
 * extended as more documents arrive: indexing then costs one append per value, and a search pays only
 * for the few fields it touches (a rule reads about ten of the sixty fields of a CloudTrail event).
 */
import type { FieldSpec } from "../../../catalog/types.js";
import { analyze, type Token } from "../../../semantics/analyzer.js";
import type { ValueFamily } from "../../../semantics/field-types.js";
import type { IndexedValue } from "../../../semantics/values.js";
import type { DocSet } from "./bitset.js";

export { compareTerms } from "../../../semantics/term-order.js";

/** A document's values for one field: the value itself when it holds one (the common case), else an array. */
export type Entry = IndexedValue | IndexedValue[];

export interface FieldIndex {
  spec: FieldSpec;
  kind: ValueFamily;
  /**
   * Per document (by its position in the shard), its values in source order, or a hole when it has none
   * (text: the texts, not yet analysed; for text any non-null value counts, even ""). One array per field
   * rather than one per document keeps millions of values to a few allocations; an array of single
   * numbers is even held unboxed.
   */
  byDoc: (Entry | undefined)[];
  /** Built by `invertedOf` when a query first needs it. */
  inverted?: Inverted;
  /** Numeric and date fields: the range of values, kept by `numericExtent` (the rewrite asks every search). */
  extent?: { upTo: number; min: number; max: number };
}

export interface Inverted {
  /** How many documents are inverted; later ones are added on the next `invertedOf`. */
  upTo: number;
  /** Term → documents (ascending), for keyword, text and boolean fields. */
  postings: Map<IndexedValue, number[]>;
  /** Text fields: per document, its tokens in order. */
  tokens: (Token[] | undefined)[];
}

const NONE: readonly IndexedValue[] = [];

export function createFieldIndex(spec: FieldSpec, kind: ValueFamily): FieldIndex {
  return { spec, kind, byDoc: [] };
}

/**
 * Adds one value of document `doc`. Further values of the same document (arrays, or the same field
 * reached by a dotted key and an object) join its entry.
 */
export function appendValue(index: FieldIndex, doc: number, value: IndexedValue): void {
  const entry = index.byDoc[doc];
  // Arrays in entries are only ever created here, so growing one in place is safe.
  if (entry === undefined) index.byDoc[doc] = value;
  else if (Array.isArray(entry)) entry.push(value);
  else index.byDoc[doc] = [entry, value];
}

export function valuesOfEntry(entry: Entry | undefined): readonly IndexedValue[] {
  if (entry === undefined) return NONE;
  return Array.isArray(entry) ? entry : [entry];
}

/** The values document `doc` holds for the field (empty when none). */
export function valuesAt(index: FieldIndex | undefined, doc: number): readonly IndexedValue[] {
  return index ? valuesOfEntry(index.byDoc[doc]) : NONE;
}

/** The documents with at least one value (exists). */
export function docsWithValues(size: number, index: FieldIndex | undefined): DocSet {
  const set = new Uint8Array(size);
  if (!index) return set;
  const { byDoc } = index;
  for (let doc = 0; doc < byDoc.length; doc++) if (byDoc[doc] !== undefined) set[doc] = 1;
  return set;
}

/** The documents with at least one value passing `test` (numbers, dates and ips are scanned, not inverted). */
export function docsWhere(
  size: number,
  index: FieldIndex | undefined,
  test: (value: IndexedValue) => boolean,
): DocSet {
  const set = new Uint8Array(size);
  if (!index) return set;
  const { byDoc } = index;
  for (let doc = 0; doc < byDoc.length; doc++) {
    const entry = byDoc[doc];
    if (entry === undefined) continue;
    if (Array.isArray(entry) ? entry.some(test) : test(entry)) set[doc] = 1;
  }
  return set;
}

/** The smallest and largest value of a numeric or date field, or undefined when it holds none. */
export function numericExtent(index: FieldIndex | undefined): { min: number; max: number } | undefined {
  if (!index) return undefined;
  index.extent ??= { upTo: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
  const extent = index.extent;
  const { byDoc } = index;
  for (; extent.upTo < byDoc.length; extent.upTo++) {
    for (const value of valuesOfEntry(byDoc[extent.upTo]) as number[]) {
      if (value < extent.min) extent.min = value;
      if (value > extent.max) extent.max = value;
    }
  }
  return extent.min <= extent.max ? { min: extent.min, max: extent.max } : undefined;
}

/** The field's inverted structures, brought up to date with the documents added since they were built. */
export function invertedOf(index: FieldIndex): Inverted {
  index.inverted ??= { upTo: 0, postings: new Map(), tokens: [] };
  const inverted = index.inverted;
  const { byDoc } = index;
  for (; inverted.upTo < byDoc.length; inverted.upTo++) {
    const doc = inverted.upTo;
    const entry = byDoc[doc];
    if (entry === undefined) continue;
    if (index.kind === "text") {
      const tokens = analyze(valuesOfEntry(entry) as string[]);
      inverted.tokens[doc] = tokens;
      for (const token of tokens) addPosting(inverted.postings, token.term, doc);
    } else if (Array.isArray(entry)) {
      for (const value of entry) addPosting(inverted.postings, value, doc);
    } else {
      addPosting(inverted.postings, entry, doc);
    }
  }
  return inverted;
}

function addPosting(postings: Map<IndexedValue, number[]>, term: IndexedValue, doc: number): void {
  const docs = postings.get(term);
  if (!docs) postings.set(term, [doc]);
  else if (docs[docs.length - 1] !== doc) docs.push(doc);
}

/** Documents holding `term` (ascending); empty when none does. */
export function postingsOf(index: FieldIndex | undefined, term: IndexedValue): readonly number[] {
  return index ? (invertedOf(index).postings.get(term) ?? []) : [];
}

/** Every distinct term of the field. */
export function termsOf(index: FieldIndex | undefined): Iterable<IndexedValue> {
  return index ? invertedOf(index).postings.keys() : [];
}

/** A text field's tokens of document `doc`, in order. */
export function tokensAt(index: FieldIndex, doc: number): readonly Token[] {
  return invertedOf(index).tokens[doc] ?? [];
}
