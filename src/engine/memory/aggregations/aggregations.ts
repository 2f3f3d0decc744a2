/**
 * The aggregations rule execution sends: composite (terms sources), terms, min, max, cardinality (exact),
 * value_count, sum, avg, top_hits, filter and filters. Scripts and pipeline aggregations are refused.
 */

import { formatDate } from "../../../semantics/dates.js";
import type { IndexedValue } from "../../../semantics/values.js";
import type { JsonObject } from "../../types.js";
import { type DocSet, fullSet } from "../index/bitset.js";
import {
  bucketKey,
  compareValues,
  compositeKey,
  type DocValueKind,
  type DocValues,
  docValues,
  parseRequestValue,
} from "../index/doc-values.js";
import type { Shard } from "../index/shard.js";
import { evaluate } from "../query/query.js";
import { type QueryContext, QueryError } from "../request.js";
import { type DocRef, sortDocs } from "../search/sort.js";

export type HitRenderer = (ref: DocRef, sort: unknown[] | undefined, source: unknown) => JsonObject;

interface AggContext {
  query: QueryContext;
  renderHit: HitRenderer;
  /**
   * Documents matching each filter (sub-)aggregation's query, per shard, for this search: a filter under a
   * terms aggregation runs once per bucket, and evaluating its query once instead of per bucket keeps
   * aggregations over large shards fast.
   */
  filterSets: WeakMap<JsonObject, Map<Shard, DocSet>>;
}

type Aggregator = (
  body: JsonObject,
  docs: DocRef[],
  sub: Record<string, JsonObject> | undefined,
  context: AggContext,
) => JsonObject;

export function runAggregations(
  aggs: Record<string, JsonObject>,
  docs: DocRef[],
  context: Omit<AggContext, "filterSets">,
): Record<string, JsonObject> {
  return aggregate(aggs, docs, { ...context, filterSets: new WeakMap() });
}

function aggregate(
  aggs: Record<string, JsonObject>,
  docs: DocRef[],
  context: AggContext,
): Record<string, JsonObject> {
  const result: Record<string, JsonObject> = {};
  for (const [name, definition] of Object.entries(aggs)) {
    const { aggs: subA, aggregations: subB, meta, ...rest } = definition;
    const types = Object.keys(rest);
    if (types.length !== 1)
      throw new QueryError(`aggregation [${name}] must have exactly one type, found [${types.join(", ")}]`);
    const type = types[0];
    const aggregator = AGGREGATORS[type];
    if (!aggregator) {
      throw new QueryError(
        `aggregation [${name}]: the embedded engine does not support [${type}] aggregations${/script|bucket_/.test(type) ? " (no scripts)" : ""}`,
      );
    }
    const body = rest[type] as JsonObject;
    if (body && typeof body === "object" && "script" in body)
      throw new QueryError(`aggregation [${name}]: scripts are not supported`);
    const output = aggregator(body, docs, (subA ?? subB) as Record<string, JsonObject> | undefined, context);
    result[name] = meta ? { meta, ...output } : output;
  }
  return result;
}

function subAggregations(sub: Record<string, JsonObject> | undefined, docs: DocRef[], context: AggContext) {
  return sub ? aggregate(sub, docs, context) : {};
}

function fieldOf(body: JsonObject, aggregation: string): string {
  if (typeof body?.field !== "string")
    throw new QueryError(`[${aggregation}] aggregation requires a [field]`);
  return body.field;
}

/** Per shard doc values, looked up once per shard. */
function valuesReader(
  field: string,
  purpose: string,
): (ref: DocRef) => { kind?: DocValueKind; values: readonly IndexedValue[]; source?: DocValues } {
  const cache = new Map<Shard, DocValues | undefined>();
  return (ref) => {
    if (!cache.has(ref.shard)) cache.set(ref.shard, docValues(ref.shard, field, purpose));
    const source = cache.get(ref.shard);
    return { kind: source?.kind, values: source ? source.of(ref.doc) : [], source };
  };
}

function valueKey(value: IndexedValue | null): string {
  if (value === null) return "n";
  return `${typeof value}:${String(value)}`;
}

interface Group {
  values: (IndexedValue | null)[];
  docs: DocRef[];
}

function compositeAggregation(
  body: JsonObject,
  docs: DocRef[],
  sub: Record<string, JsonObject> | undefined,
  context: AggContext,
): JsonObject {
  const sources = (body.sources ?? []) as JsonObject[];
  const size = Number(body.size ?? 10);
  const definitions = sources.map((source) => {
    const [name, spec] = Object.entries(source)[0] as [string, JsonObject];
    const terms = spec.terms as JsonObject | undefined;
    if (!terms) throw new QueryError(`composite source [${name}]: only [terms] sources are supported`);
    return {
      name,
      read: valuesReader(fieldOf(terms, "terms"), "aggregations"),
      descending: terms.order === "desc",
      missingBucket: terms.missing_bucket === true,
    };
  });
  const kinds: (DocValueKind | undefined)[] = definitions.map(() => undefined);
  const groups = new Map<string, Group>();
  for (const ref of docs) {
    let combos: (IndexedValue | null)[][] = [[]];
    definitions.forEach((definition, i) => {
      const { kind, values } = definition.read(ref);
      kinds[i] ??= kind;
      const distinct = [...new Map(values.map((v) => [valueKey(v), v])).values()];
      const choices: (IndexedValue | null)[] =
        distinct.length > 0 ? distinct : definition.missingBucket ? [null] : [];
      combos = combos.flatMap((combo) => choices.map((choice) => [...combo, choice]));
    });
    for (const combo of combos) {
      const key = combo.map(valueKey).join("\u0000");
      const group = groups.get(key);
      if (group) group.docs.push(ref);
      else groups.set(key, { values: combo, docs: [ref] });
    }
  }
  const compare = (a: (IndexedValue | null)[], b: (IndexedValue | null)[]) => {
    for (let i = 0; i < definitions.length; i++) {
      const x = a[i];
      const y = b[i];
      let c: number;
      if (x === null || y === null) c = x === y ? 0 : x === null ? -1 : 1;
      else c = compareValues(x, y);
      if (definitions[i].descending) c = -c;
      if (c !== 0) return c;
    }
    return 0;
  };
  let ordered = [...groups.values()].sort((a, b) => compare(a.values, b.values));
  if (body.after) {
    const after = body.after as JsonObject;
    const afterValues = definitions.map((definition, i) => {
      const value = after[definition.name];
      if (value === null || value === undefined) return null;
      return kinds[i] ? parseRequestValue(kinds[i]!, value) : (value as IndexedValue);
    });
    ordered = ordered.filter((group) => compare(group.values, afterValues) > 0);
  }
  const page = ordered.slice(0, size);
  const keyOf = (values: (IndexedValue | null)[]) =>
    Object.fromEntries(definitions.map((d, i) => [d.name, compositeKey(kinds[i] ?? "keyword", values[i])]));
  const buckets = page.map((group) => ({
    key: keyOf(group.values),
    doc_count: group.docs.length,
    ...subAggregations(sub, group.docs, context),
  }));
  const result: JsonObject = {};
  if (page.length > 0) result.after_key = keyOf(page[page.length - 1].values);
  result.buckets = buckets;
  return result;
}

function termsAggregation(
  body: JsonObject,
  docs: DocRef[],
  sub: Record<string, JsonObject> | undefined,
  context: AggContext,
): JsonObject {
  const read = valuesReader(fieldOf(body, "terms"), "aggregations");
  const size = Number(body.size ?? 10);
  const minDocCount = Number(body.min_doc_count ?? 1);
  let kind: DocValueKind | undefined;
  let format: string | undefined;
  const groups = new Map<string, { value: IndexedValue; docs: DocRef[] }>();
  for (const ref of docs) {
    const { kind: k, values, source } = read(ref);
    kind ??= k;
    format ??= source?.format;
    const seen = new Set<string>();
    for (const value of values) {
      const key = valueKey(value);
      if (seen.has(key)) continue;
      seen.add(key);
      const group = groups.get(key);
      if (group) group.docs.push(ref);
      else groups.set(key, { value, docs: [ref] });
    }
  }
  let candidates = [...groups.values()];
  if (body.include !== undefined && kind)
    candidates = candidates.filter(includeFilter(body.include, kind, format, true));
  if (body.exclude !== undefined && kind)
    candidates = candidates.filter(includeFilter(body.exclude, kind, format, false));
  candidates = candidates.filter((group) => group.docs.length >= minDocCount);
  candidates.sort(termsOrder(body.order));
  const page = candidates.slice(0, size);
  const other = candidates.slice(size).reduce((sum, group) => sum + group.docs.length, 0);
  return {
    doc_count_error_upper_bound: 0,
    sum_other_doc_count: other,
    buckets: page.map((group) => ({
      ...bucketKey(kind ?? "keyword", group.value),
      doc_count: group.docs.length,
      ...subAggregations(sub, group.docs, context),
    })),
  };
}

function includeFilter(spec: unknown, kind: DocValueKind, format: string | undefined, keep: boolean) {
  if (Array.isArray(spec)) {
    const wanted = new Set(spec.map((value) => valueKey(parseRequestValue(kind, value, format))));
    return (group: { value: IndexedValue }) => wanted.has(valueKey(group.value)) === keep;
  }
  if (typeof spec === "string" && kind === "keyword") {
    const regex = new RegExp(`^(?:${spec})$`, "u");
    return (group: { value: IndexedValue }) => regex.test(String(group.value)) === keep;
  }
  throw new QueryError(
    "terms aggregation [include]/[exclude] must be an array of values (or a regex on keyword fields)",
  );
}

function termsOrder(order: unknown) {
  const entries = order === undefined ? [{ _count: "desc" }] : Array.isArray(order) ? order : [order];
  const criteria = entries.map((entry) => {
    const [key, direction] = Object.entries(entry as JsonObject)[0];
    if (key !== "_count" && key !== "_key")
      throw new QueryError(`terms aggregation order by [${key}] is not supported`);
    return { key, sign: direction === "desc" ? -1 : 1 };
  });
  if (!criteria.some((c) => c.key === "_key")) criteria.push({ key: "_key", sign: 1 });
  return (a: { value: IndexedValue; docs: DocRef[] }, b: { value: IndexedValue; docs: DocRef[] }) => {
    for (const { key, sign } of criteria) {
      const c = key === "_count" ? a.docs.length - b.docs.length : compareValues(a.value, b.value);
      if (c !== 0) return sign * c;
    }
    return 0;
  };
}

function numericValues(body: JsonObject, docs: DocRef[], aggregation: string) {
  const read = valuesReader(fieldOf(body, aggregation), "aggregations");
  const values: number[] = [];
  let kind: DocValueKind | undefined;
  for (const ref of docs) {
    const { kind: k, values: docValuesOf } = read(ref);
    kind ??= k;
    if (k === "keyword" || k === "ip") {
      throw new QueryError(
        `Field [${body.field}] of type [${k}] is not supported for aggregation [${aggregation}]`,
      );
    }
    for (const value of docValuesOf) values.push(value as number);
  }
  return { values, kind };
}

function metric(value: number | null, kind: DocValueKind | undefined): JsonObject {
  if (value === null) return { value: null };
  if (kind === "date") return { value, value_as_string: formatDate(value) };
  if (kind === "boolean") return { value, value_as_string: value === 1 ? "true" : "false" };
  return { value };
}

function extremum(aggregation: "min" | "max"): Aggregator {
  return (body, docs) => {
    const { values, kind } = numericValues(body, docs, aggregation);
    if (values.length === 0) return { value: null };
    let best = values[0];
    for (const value of values) if (aggregation === "min" ? value < best : value > best) best = value;
    return metric(best, kind);
  };
}

function cardinalityAggregation(body: JsonObject, docs: DocRef[]): JsonObject {
  const read = valuesReader(fieldOf(body, "cardinality"), "aggregations");
  const distinct = new Set<string>();
  for (const ref of docs) for (const value of read(ref).values) distinct.add(valueKey(value));
  return { value: distinct.size };
}

function topHitsAggregation(
  body: JsonObject,
  docs: DocRef[],
  _sub: unknown,
  context: AggContext,
): JsonObject {
  const size = Number(body.size ?? 3);
  const sorted = sortDocs(docs, body.sort as JsonObject[] | undefined, undefined);
  return {
    hits: {
      total: { value: docs.length, relation: "eq" },
      max_score: null,
      hits: sorted.slice(0, size).map(({ ref, sort }) => context.renderHit(ref, sort, body._source)),
    },
  };
}

function filterDocs(query: JsonObject, docs: DocRef[], context: AggContext): DocRef[] {
  const sets = (query && context.filterSets.get(query)) || new Map<Shard, DocSet>();
  if (query) context.filterSets.set(query, sets);
  return docs.filter((ref) => {
    let set = sets.get(ref.shard);
    if (!set) {
      set = query ? evaluate(query, ref.shard, context.query) : fullSet(ref.shard.docs.length);
      sets.set(ref.shard, set);
    }
    return set[ref.doc] === 1;
  });
}

function filterAggregation(
  body: JsonObject,
  docs: DocRef[],
  sub: Record<string, JsonObject> | undefined,
  context: AggContext,
): JsonObject {
  const matching = filterDocs(body, docs, context);
  return { doc_count: matching.length, ...subAggregations(sub, matching, context) };
}

function filtersAggregation(
  body: JsonObject,
  docs: DocRef[],
  sub: Record<string, JsonObject> | undefined,
  context: AggContext,
): JsonObject {
  const filters = body.filters as JsonObject | JsonObject[];
  const bucket = (query: JsonObject) => {
    const matching = filterDocs(query, docs, context);
    return { doc_count: matching.length, ...subAggregations(sub, matching, context) };
  };
  if (body.other_bucket === true || body.other_bucket_key !== undefined) {
    throw new QueryError("filters aggregation [other_bucket] is not supported by the embedded engine");
  }
  if (Array.isArray(filters)) return { buckets: filters.map(bucket) };
  return {
    buckets: Object.fromEntries(
      Object.entries(filters).map(([name, query]) => [name, bucket(query as JsonObject)]),
    ),
  };
}

const AGGREGATORS: Record<string, Aggregator> = {
  composite: compositeAggregation,
  terms: termsAggregation,
  min: extremum("min"),
  max: extremum("max"),
  cardinality: cardinalityAggregation,
  value_count: (body, docs) => {
    const read = valuesReader(fieldOf(body, "value_count"), "aggregations");
    return { value: docs.reduce((sum, ref) => sum + read(ref).values.length, 0) };
  },
  sum: (body, docs) => ({ value: numericValues(body, docs, "sum").values.reduce((a, b) => a + b, 0) }),
  avg: (body, docs) => {
    const { values } = numericValues(body, docs, "avg");
    return { value: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length };
  },
  top_hits: topHitsAggregation,
  filter: filterAggregation,
  filters: filtersAggregation,
};
