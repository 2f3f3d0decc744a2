/**
 * Sequences as Elasticsearch matches them: a state machine per join key over the events in order. A term
 * repeated `with runs=N` is N stages. Each stage holds at most one pending sequence per key — a newer partial
 * match replaces the older one — and an event moves a sequence from the previous stage when it matches, shares
 * the key and lies within `maxspan` of the sequence's first event. An `until` event drops the key's pending
 * sequences. Missing-event terms (`![...]`) are checked once the positive terms matched: no matching event with
 * the key may lie between the neighbouring events (before the first: within maxspan of the last; after the
 * last: within maxspan of the first).
 */
import type { EqlSequence } from "../ast.js";
import {
  compileEventQuery,
  compileKeys,
  type Event,
  type EventFilter,
  type EventSource,
  type KeyReader,
  type KeyTuple,
  keyString,
} from "./events.js";

export interface SequenceMatch {
  key: KeyTuple;
  /** One entry per term in query order; undefined marks a missing-event term. */
  events: (Event | undefined)[];
}

interface Stage {
  matches: EventFilter;
  keys: KeyReader;
  missing: boolean;
}

export function matchSequences(sequence: EqlSequence, source: EventSource, events: Event[]): SequenceMatch[] {
  const stages: Stage[] = sequence.terms.flatMap((term) => {
    const stage: Stage = {
      matches: compileEventQuery(term.query, source),
      keys: compileKeys([...sequence.by, ...term.by], source),
      missing: term.missing,
    };
    return new Array<Stage>(term.runs ?? 1).fill(stage);
  });
  const positive = stages.filter((stage) => !stage.missing);
  const until = sequence.until
    ? {
        matches: compileEventQuery(sequence.until.query, source),
        keys: compileKeys([...sequence.by, ...sequence.until.by], source),
      }
    : undefined;
  const maxspan = sequence.maxspan?.millis;
  const pending = positive.map(() => new Map<string, { key: KeyTuple; events: Event[] }>());
  const completed: { key: KeyTuple; events: Event[] }[] = [];
  const last = positive.length - 1;

  for (const event of events) {
    const { index, doc } = event;
    // Last stage first, so one event never advances a sequence twice.
    for (let s = last; s >= 0; s--) {
      const stage = positive[s];
      if (!stage.matches(index, doc)) continue;
      for (const tuple of stage.keys(index, doc)) {
        const key = keyString(tuple);
        let partial: { key: KeyTuple; events: Event[] };
        if (s === 0) partial = { key: tuple, events: [event] };
        else {
          const previous = pending[s - 1].get(key);
          if (!previous) continue;
          pending[s - 1].delete(key);
          if (maxspan !== undefined && event.timestamp - previous.events[0].timestamp > maxspan) continue;
          partial = { key: tuple, events: [...previous.events, event] };
        }
        if (s === last) completed.push(partial);
        else pending[s].set(key, partial);
      }
    }
    // An until event ends the key's pending sequences, but not one its own event just extended.
    if (until?.matches(index, doc)) {
      for (const tuple of until.keys(index, doc)) {
        const key = keyString(tuple);
        for (const stage of pending) {
          const partial = stage.get(key);
          if (partial && partial.events[partial.events.length - 1] !== event) stage.delete(key);
        }
      }
    }
  }

  const results: SequenceMatch[] = [];
  for (const match of completed) {
    const placed = placeMissing(stages, match.events);
    if (
      stages.some((stage) => stage.missing) &&
      !missingHold(stages, placed, match.key, events, maxspan ?? 0)
    )
      continue;
    results.push({ key: match.key, events: placed });
  }
  // Completed sequences are ordered by their last event, as Elasticsearch orders sequences by their ordinal.
  return results;
}

function placeMissing(stages: Stage[], positives: Event[]): (Event | undefined)[] {
  let next = 0;
  return stages.map((stage) => (stage.missing ? undefined : positives[next++]));
}

function missingHold(
  stages: Stage[],
  placed: (Event | undefined)[],
  key: KeyTuple,
  events: Event[],
  maxspan: number,
): boolean {
  const wanted = keyString(key);
  const present = placed.filter((event): event is Event => event !== undefined);
  const first = present[0];
  const lastEvent = present[present.length - 1];
  return stages.every((stage, position) => {
    if (!stage.missing) return true;
    const before = [...placed.slice(0, position)].reverse().find((event) => event !== undefined);
    const after = placed.slice(position + 1).find((event) => event !== undefined);
    const inWindow = (event: Event) => {
      if (before && after) return event.ordinal > before.ordinal && event.ordinal < after.ordinal;
      if (after) return event.ordinal < after.ordinal && event.timestamp >= lastEvent.timestamp - maxspan;
      return event.ordinal > before!.ordinal && event.timestamp <= first.timestamp + maxspan;
    };
    return !events.some(
      (event) =>
        inWindow(event) &&
        stage.matches(event.index, event.doc) &&
        stage.keys(event.index, event.doc).some((tuple) => keyString(tuple) === wanted),
    );
  });
}
