/**
 * One field of one shard as a column: every value the shard's documents hold for it, appended as documents
 * arrive, each with the document it belongs to. Values are already validated and converted (text fields keep
 * their text). Numbers, dates and booleans sit unboxed in a Float64Array, documents in an Int32Array, so
 * 100,000 documents of sixty fields cost a few hundred allocations instead of millions, and a scan reads
 * memory in order. What queries and doc values need beyond that (term → documents, text tokens, where each
 * document's values start, the numeric extent) is derived the first time a search touches the field and
 * extended as more documents arrive: a rule reads about ten of the sixty fields of a CloudTrail event.
 */
import type { FieldSpec } from "../../../catalog/types.js";
import { analyze, type Token } from "../../../semantics/analyzer.js";
import type { ValueFamily } from "../../../semantics/field-types.js";
import type { IndexedValue } from "../../../semantics/values.js";
import type { DocSet } from "./bitset.js";

export { compareTerms } from "../../../semantics/term-order.js";

export interface FieldIndex {
  spec: FieldSpec;
  kind: ValueFamily;
  /** How many values the column holds. */
  count: number;
  /** Per value, its document (by position in the shard); ascending, a document's values in source order. */
  docs: Int32Array;
  /** Per value: numbers, dates (epoch millis) and booleans (0/1) here… */
  numbers: Float64Array | undefined;
  /** …strings (keyword, text not yet analysed) and ips (128-bit) here. */
  objects: IndexedValue[] | undefined;
  /** Built by `docStarts` when a value is first read by document (sort, aggregations, EQL). */
  starts?: DocStarts;
  /** Built by `invertedOf` when a query first needs it. */
  inverted?: Inverted;
  /** Numeric and date fields: the range of values, kept by `numericExtent` (the rewrite asks every search). */
  extent?: { upTo: number; min: number; max: number };
}

/** Where each document's values start: document d holds values `at[d]` up to `at[d + 1]`. */
interface DocStarts {
  /** Values accounted for. */
  upTo: number;
  /** Documents whose start is known (`at[covered]` is the end of the last one). */
  covered: number;
  at: Int32Array;
}

export interface Inverted {
  /** How many values are inverted; later ones are added on the next `invertedOf`. */
  upTo: number;
  /** Term → documents (ascending), for keyword, text and boolean fields. */
  postings: Map<IndexedValue, number[]>;
  /** Text fields: per document, its tokens in order. */
  tokens: (Token[] | undefined)[];
}

const NONE: readonly IndexedValue[] = [];
const INITIAL_CAPACITY = 256;

/** Families whose values are JavaScript numbers (booleans as 0/1). */
function isNumeric(kind: ValueFamily): boolean {
  return kind === "number" || kind === "date" || kind === "boolean";
}

export function createFieldIndex(spec: FieldSpec, kind: ValueFamily): FieldIndex {
  const numeric = isNumeric(kind);
  return {
    spec,
    kind,
    count: 0,
    docs: new Int32Array(INITIAL_CAPACITY),
    numbers: numeric ? new Float64Array(INITIAL_CAPACITY) : undefined,
    objects: numeric ? undefined : [],
  };
}

function grow(index: FieldIndex): void {
  const capacity = index.docs.length * 2;
  const docs = new Int32Array(capacity);
  docs.set(index.docs);
  index.docs = docs;
  if (index.numbers) {
    const numbers = new Float64Array(capacity);
    numbers.set(index.numbers);
    index.numbers = numbers;
  }
}

/**
 * Adds one value of document `doc`, which is the column's last document or a later one. Further values of
 * the same document (arrays, or the same field reached by a dotted key and an object) follow it.
 */
export function appendValue(index: FieldIndex, doc: number, value: IndexedValue): void {
  const at = index.count;
  if (at === index.docs.length) grow(index);
  index.docs[at] = doc;
  if (index.numbers) index.numbers[at] = value as number;
  else index.objects!.push(value);
  index.count = at + 1;
}

/** Drops the values of documents from `doc` on (a document the mapping rejected part-way through). */
export function truncateFrom(index: FieldIndex, doc: number): void {
  let count = index.count;
  while (count > 0 && index.docs[count - 1] >= doc) count--;
  index.count = count;
  if (index.objects) index.objects.length = count;
}

/** The value at position `at` of the column. */
function valueAt(index: FieldIndex, at: number): IndexedValue {
  return index.numbers ? index.numbers[at] : index.objects![at];
}

function docStarts(index: FieldIndex): DocStarts {
  index.starts ??= { upTo: 0, covered: 0, at: new Int32Array(INITIAL_CAPACITY) };
  const starts = index.starts;
  const last = index.docs[index.count - 1];
  if (starts.at.length < last + 2) {
    const at = new Int32Array(Math.max(last + 2, starts.at.length * 2));
    at.set(starts.at);
    starts.at = at;
  }
  const { docs } = index;
  for (let p = starts.upTo; p < index.count; p++) {
    const doc = docs[p];
    while (starts.covered <= doc) starts.at[starts.covered++] = p;
  }
  starts.at[starts.covered] = index.count;
  starts.upTo = index.count;
  return starts;
}

/** The values document `doc` holds for the field, in source order (empty when none). */
export function valuesAt(index: FieldIndex | undefined, doc: number): readonly IndexedValue[] {
  if (!index || index.count === 0) return NONE;
  const starts = index.starts?.upTo === index.count ? index.starts : docStarts(index);
  if (doc >= starts.covered) return NONE;
  const from = starts.at[doc];
  const to = starts.at[doc + 1];
  if (from === to) return NONE;
  const { numbers, objects } = index;
  if (to - from === 1) return numbers ? [numbers[from]] : [objects![from]];
  return numbers ? Array.from(numbers.subarray(from, to)) : objects!.slice(from, to);
}

/** The documents with at least one value (exists). */
export function docsWithValues(size: number, index: FieldIndex | undefined): DocSet {
  const set = new Uint8Array(size);
  if (!index) return set;
  const { docs, count } = index;
  for (let at = 0; at < count; at++) set[docs[at]] = 1;
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
  const { docs, count, numbers, objects } = index;
  if (numbers) {
    for (let at = 0; at < count; at++) if (test(numbers[at])) set[docs[at]] = 1;
  } else {
    for (let at = 0; at < count; at++) if (test(objects![at])) set[docs[at]] = 1;
  }
  return set;
}

/** The smallest and largest value of a numeric or date field, or undefined when it holds none. */
export function numericExtent(index: FieldIndex | undefined): { min: number; max: number } | undefined {
  if (!index?.numbers) return undefined;
  index.extent ??= { upTo: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
  const extent = index.extent;
  const { numbers, count } = index;
  for (; extent.upTo < count; extent.upTo++) {
    const value = numbers[extent.upTo];
    if (value < extent.min) extent.min = value;
    if (value > extent.max) extent.max = value;
  }
  return extent.min <= extent.max ? { min: extent.min, max: extent.max } : undefined;
}

/** The field's inverted structures, brought up to date with the values added since they were built. */
export function invertedOf(index: FieldIndex): Inverted {
  index.inverted ??= { upTo: 0, postings: new Map(), tokens: [] };
  const inverted = index.inverted;
  const { docs, count } = index;
  if (index.kind === "text") {
    // A document's texts are analysed together: positions run on across the values of an array.
    while (inverted.upTo < count) {
      const doc = docs[inverted.upTo];
      const texts: string[] = [];
      for (; inverted.upTo < count && docs[inverted.upTo] === doc; inverted.upTo++) {
        texts.push(index.objects![inverted.upTo] as string);
      }
      const tokens = analyze(texts);
      inverted.tokens[doc] = tokens;
      for (const token of tokens) addPosting(inverted.postings, token.term, doc);
    }
    return inverted;
  }
  for (; inverted.upTo < count; inverted.upTo++) {
    addPosting(inverted.postings, valueAt(index, inverted.upTo), docs[inverted.upTo]);
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
