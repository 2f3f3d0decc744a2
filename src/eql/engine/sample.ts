/**
 * Samples as Elasticsearch finds them: events grouped by their join key (the `sample by` keys plus each term's
 * own keys, matched by position); for every key that each term has events for, up to `max_samples_per_key`
 * samples of distinct events, one per term. Keys come out in ascending order (nulls first), like the
 * composite aggregation Elasticsearch buckets them with; time plays no part.
 */
import type { EqlSample } from "../ast.js";
import { compileEventQuery, compileKeys, type EventSource, type KeyTuple, keyString } from "./events.js";
import type { EventIndex } from "./store.js";
import { compareScalars } from "./values.js";

export interface SampleEvent {
  index: EventIndex;
  doc: number;
}

export interface SampleMatch {
  key: KeyTuple;
  events: SampleEvent[];
}

export function matchSamples(
  sample: EqlSample,
  source: EventSource,
  keep: (index: EventIndex, doc: number) => boolean,
  maxPerKey: number,
): SampleMatch[] {
  const byKey = new Map<string, { key: KeyTuple; candidates: SampleEvent[][] }>();
  sample.terms.forEach((term, position) => {
    const matches = compileEventQuery(term.query, source);
    const keys = compileKeys([...sample.by, ...term.by], source);
    for (const index of source.indices) {
      for (let doc = 0; doc < index.size; doc++) {
        if (!keep(index, doc) || !matches(index, doc)) continue;
        for (const tuple of keys(index, doc)) {
          const id = keyString(tuple);
          let group = byKey.get(id);
          if (!group) {
            group = { key: tuple, candidates: sample.terms.map(() => []) };
            byKey.set(id, group);
          }
          group.candidates[position].push({ index, doc });
        }
      }
    }
  });
  const groups = [...byKey.values()].sort((a, b) => compareKeys(a.key, b.key));
  const results: SampleMatch[] = [];
  for (const group of groups) {
    if (group.candidates.some((candidates) => candidates.length === 0)) continue;
    const used = new Set<string>();
    for (let n = 0; n < maxPerKey; n++) {
      const picked = pick(group.candidates, 0, used, new Set());
      if (!picked) break;
      for (const event of picked) used.add(eventId(event));
      results.push({ key: group.key, events: picked });
    }
  }
  return results;
}

/** One distinct event per term, not yet used by an earlier sample of the key (depth-first). */
function pick(
  candidates: SampleEvent[][],
  term: number,
  used: Set<string>,
  taken: Set<string>,
): SampleEvent[] | undefined {
  if (term === candidates.length) return [];
  for (const event of candidates[term]) {
    const id = eventId(event);
    if (used.has(id) || taken.has(id)) continue;
    taken.add(id);
    const rest = pick(candidates, term + 1, used, taken);
    taken.delete(id);
    if (rest) return [event, ...rest];
  }
  return undefined;
}

const eventId = (event: SampleEvent) => `${event.index.name}\u0000${event.doc}`;

function compareKeys(a: KeyTuple, b: KeyTuple): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    const order = typeof x === "number" && typeof y === "number" ? "number" : "string";
    const cmp = compareScalars(x, y, order);
    if (cmp !== 0) return cmp;
  }
  return 0;
}
