/**
 * Field sorting as Elasticsearch does it: min value for ascending, max for descending, missing values
 * last by default, `unmapped_type` for indices without the field, ties broken by index then insertion
 * order. Sort values are rendered as Elasticsearch returns them in `hit.sort`.
 */

import { isFloatType } from "../../../semantics/field-types.js";
import type { IndexedValue } from "../../../semantics/values.js";
import type { JsonObject } from "../../types.js";
import { docValuesOfKind, familyOf } from "../families/index.js";
import { LONG_MAX } from "../families/numeric-missing.js";
import {
  compareValues,
  type DocValueKind,
  type DocValues,
  docValues,
  parseRequestValue,
} from "../index/doc-values.js";
import type { Shard } from "../index/shard.js";
import { QueryError } from "../request.js";

export interface DocRef {
  shard: Shard;
  /** Position of the shard in the search (tie-breaker). */
  shardOrder: number;
  doc: number;
}

interface SortClause {
  field: string;
  descending: boolean;
  missingFirst: boolean;
  missingValue?: unknown;
  unmappedType?: string;
  /** Which value of a multi-valued field counts: min (default for asc) or max (default for desc). */
  pickMax: boolean;
}

function parseSort(sort: JsonObject[] | undefined): SortClause[] {
  return (sort ?? []).map((entry) => {
    const item = typeof entry === "string" ? { [entry]: {} } : entry;
    const keys = Object.keys(item);
    if (keys.length !== 1) throw new QueryError("each sort entry must name exactly one field");
    const field = keys[0];
    const raw = item[field];
    const options: JsonObject = typeof raw === "string" ? { order: raw } : ((raw ?? {}) as JsonObject);
    for (const key of Object.keys(options)) {
      if (!["order", "unmapped_type", "missing", "mode", "format", "numeric_type"].includes(key)) {
        throw new QueryError(`sort option [${key}] is not supported by the embedded engine`);
      }
    }
    if (options.mode !== undefined && !["min", "max"].includes(String(options.mode))) {
      throw new QueryError(`sort mode [${String(options.mode)}] is not supported by the embedded engine`);
    }
    const descending = String(options.order ?? (field === "_score" ? "desc" : "asc")) === "desc";
    const missing = options.missing ?? "_last";
    return {
      field,
      descending,
      missingFirst: missing === "_first",
      missingValue: missing === "_first" || missing === "_last" ? undefined : missing,
      unmappedType: options.unmapped_type as string | undefined,
      pickMax: options.mode === undefined ? descending : options.mode === "max",
    };
  });
}

interface SortKey {
  /** Comparable value; null = missing (placed by missingFirst). */
  value: IndexedValue | null;
  rendered: unknown;
}

function unmappedKind(type: string | undefined, field: string): DocValueKind {
  if (!type) throw new QueryError(`No mapping found for [${field}] in order to sort on`);
  return familyOf(type)?.docValues?.kind ?? "keyword";
}

function isFloating(shard: Shard, field: string): boolean {
  const type = shard.mapping.get(field)?.type ?? "";
  return isFloatType(type);
}

function render(kind: DocValueKind, value: IndexedValue): unknown {
  return docValuesOfKind(kind).sortValue(value);
}

function missingRendered(kind: DocValueKind, floating: boolean, high: boolean): unknown {
  return docValuesOfKind(kind).missingSortValue(floating, high);
}

/** Sorts matching documents; returns each with its rendered sort values. */
export function sortDocs(
  refs: DocRef[],
  sort: JsonObject[] | undefined,
  searchAfter: unknown[] | undefined,
): { ref: DocRef; sort?: unknown[] }[] {
  const clauses = parseSort(sort);
  if (clauses.length === 0) {
    if (searchAfter) throw new QueryError("search_after requires a sort");
    return refs.map((ref) => ({ ref }));
  }
  const valuesByShard = new Map<
    Shard,
    (DocValues | { kind: DocValueKind; of: () => [] } | "doc" | "score")[]
  >();
  const keysOf = (ref: DocRef): SortKey[] => {
    let values = valuesByShard.get(ref.shard);
    if (!values) {
      values = clauses.map((clause) => {
        if (clause.field === "_doc") return "doc";
        if (clause.field === "_score") return "score";
        return (
          docValues(ref.shard, clause.field, "sorting") ?? {
            kind: unmappedKind(clause.unmappedType, clause.field),
            of: () => [],
          }
        );
      });
      valuesByShard.set(ref.shard, values);
    }
    return clauses.map((clause, i) => {
      const source = values![i];
      if (source === "doc") return { value: ref.doc, rendered: ref.doc };
      if (source === "score") return { value: 0, rendered: 0 };
      const docValuesOf = source.of(ref.doc) as IndexedValue[];
      if (docValuesOf.length === 0) {
        if (clause.missingValue !== undefined) {
          const value = parseRequestValue(source.kind, clause.missingValue, (source as DocValues).format);
          return { value, rendered: render(source.kind, value) };
        }
        const high = clause.missingFirst === clause.descending;
        return {
          value: null,
          rendered: missingRendered(source.kind, isFloating(ref.shard, clause.field), high),
        };
      }
      let best = docValuesOf[0];
      for (const v of docValuesOf) {
        const c = compareValues(v, best);
        if (clause.pickMax ? c > 0 : c < 0) best = v;
      }
      return { value: best, rendered: render(source.kind, best) };
    });
  };
  const compareKeys = (a: SortKey[], b: SortKey[]): number => {
    for (let i = 0; i < clauses.length; i++) {
      const c = compareKey(a[i], b[i], clauses[i]);
      if (c !== 0) return c;
    }
    return 0;
  };
  let entries = refs.map((ref) => ({ ref, keys: keysOf(ref) }));
  if (searchAfter) {
    if (searchAfter.length !== clauses.length) {
      throw new QueryError(`search_after has ${searchAfter.length} value(s) but sort has ${clauses.length}`);
    }
    entries = entries.filter(({ ref, keys }) => {
      const after = afterKeys(searchAfter, ref);
      return compareKeys(keys, after) > 0;
    });
  }
  entries.sort(
    (a, b) => compareKeys(a.keys, b.keys) || a.ref.shardOrder - b.ref.shardOrder || a.ref.doc - b.ref.doc,
  );
  return entries.map(({ ref, keys }) => ({ ref, sort: keys.map((key) => key.rendered) }));

  function afterKeys(values: unknown[], ref: DocRef): SortKey[] {
    const sources = valuesByShard.get(ref.shard)!;
    return values.map((value, i) => {
      const source = sources[i];
      const kind: DocValueKind = source === "doc" || source === "score" ? "number" : source.kind;
      if (value === null || value === undefined) return { value: null, rendered: null };
      if (typeof value === "number" && Math.abs(value) >= LONG_MAX) return { value: null, rendered: value };
      const format = source === "doc" || source === "score" ? undefined : (source as DocValues).format;
      return { value: parseRequestValue(kind, value, format), rendered: value };
    });
  }
}

function compareKey(a: SortKey, b: SortKey, clause: SortClause): number {
  if (a.value === null || b.value === null) {
    if (a.value === null && b.value === null) return 0;
    const missingSign = clause.missingFirst ? -1 : 1;
    return a.value === null ? missingSign : -missingSign;
  }
  const c = compareValues(a.value, b.value);
  return clause.descending ? -c : c;
}
