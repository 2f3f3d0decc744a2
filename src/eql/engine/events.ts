/**
 * The events a query runs over: the documents of the selected indices that pass the request filter, each with
 * its timestamp and tiebreaker, in Elasticsearch's order (timestamp, then tiebreaker, then index and
 * document order), and event queries compiled per index.
 */
import type { EqlEventQuery, EqlExpression } from "../ast.js";
import { compileExpression } from "./compile.js";
import type { EventIndex } from "./store.js";
import { compareScalars, type EqlValue, firstOf, scalarsOf } from "./values.js";

export interface Event {
  index: EventIndex;
  doc: number;
  /** Position in the global order, for comparisons. */
  ordinal: number;
  timestamp: number;
}

export interface EventSource {
  indices: EventIndex[];
  timestampField: string;
  tiebreakerField: string | undefined;
  categoryField: string;
  query: string;
}

/** All events (documents with a timestamp that pass `keep`) in order. */
export function orderedEvents(
  source: EventSource,
  keep: (index: EventIndex, doc: number) => boolean,
): Event[] {
  const rows: {
    index: EventIndex;
    doc: number;
    timestamp: number;
    tiebreaker: EqlValue;
  }[] = [];
  for (const index of source.indices) {
    const timestamp = index.field(source.timestampField);
    if ("problem" in timestamp) continue;
    const tiebreaker = source.tiebreakerField ? index.field(source.tiebreakerField) : undefined;
    for (let doc = 0; doc < index.size; doc++) {
      if (!keep(index, doc)) continue;
      const time = timestamp.values(doc)[0];
      if (time === undefined) continue;
      const tie = tiebreaker && !("problem" in tiebreaker) ? (tiebreaker.values(doc)[0] ?? null) : null;
      rows.push({ index, doc, timestamp: Number(time), tiebreaker: tie });
    }
  }
  // Rows are built in index and document order and the sort is stable: ties keep that order.
  rows.sort(
    source.tiebreakerField
      ? (a, b) => a.timestamp - b.timestamp || compareTiebreakers(a.tiebreaker, b.tiebreaker)
      : (a, b) => a.timestamp - b.timestamp,
  );
  return rows.map((row, ordinal) => ({ index: row.index, doc: row.doc, ordinal, timestamp: row.timestamp }));
}

function compareTiebreakers(a: EqlValue, b: EqlValue): number {
  const left = firstOf(a);
  const right = firstOf(b);
  if (left === null || right === null) return left === right ? 0 : left === null ? 1 : -1;
  return compareScalars(left, right, typeof left === "number" ? "number" : "string");
}

/** An event query compiled for every index: does a document match it? */
export type EventFilter = (index: EventIndex, doc: number) => boolean;

export function compileEventQuery(query: EqlEventQuery, source: EventSource): EventFilter {
  const perIndex = new Map<EventIndex, (doc: number) => boolean>();
  for (const index of source.indices) {
    const condition = compileExpression(query.condition, index, source).evaluate;
    const category = query.category;
    if (!category) {
      perIndex.set(index, (doc) => condition(doc) === true);
      continue;
    }
    const field = index.field(source.categoryField);
    if ("problem" in field) {
      perIndex.set(index, () => false);
      continue;
    }
    const name = category.name;
    perIndex.set(
      index,
      (doc) => field.values(doc).some((value) => value === name) && condition(doc) === true,
    );
  }
  return dispatch(perIndex);
}

/** One function over every index; with a single index (the common case) no lookup per call. */
function dispatch<Result>(
  perIndex: Map<EventIndex, (doc: number) => Result>,
): (index: EventIndex, doc: number) => Result {
  if (perIndex.size === 1) {
    const only = perIndex.values().next().value!;
    return (_index, doc) => only(doc);
  }
  return (index, doc) => perIndex.get(index)!(doc);
}

/** Join keys compiled for every index: the key tuples of a document (several for multi-valued keys). */
export type KeyReader = (index: EventIndex, doc: number) => KeyTuple[];

export type KeyTuple = (string | number | boolean | null)[];

export function compileKeys(keys: EqlExpression[], source: EventSource): KeyReader {
  const perIndex = new Map<EventIndex, (doc: number) => KeyTuple[]>();
  for (const index of source.indices) {
    const compiled = keys.map((key) => ({
      evaluate: compileExpression(key, index, source).evaluate,
      optional: key.type === "field" && key.optional,
    }));
    perIndex.set(index, (doc) => {
      let tuples: KeyTuple[] = [[]];
      for (const { evaluate, optional } of compiled) {
        const values = scalarsOf(evaluate(doc));
        if (values.length === 0) {
          if (!optional) return [];
          for (const tuple of tuples) tuple.push(null);
        } else if (values.length === 1) {
          for (const tuple of tuples) tuple.push(values[0]);
        } else {
          const distinct = [...new Set(values)];
          tuples = tuples.flatMap((tuple) => distinct.map((value) => [...tuple, value]));
        }
      }
      return tuples;
    });
  }
  return dispatch(perIndex);
}

export const keyString = (tuple: KeyTuple): string => JSON.stringify(tuple);
