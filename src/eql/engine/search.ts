/**
 * A local `_eql/search`: the request body Elasticsearch takes, the response it gives (hits.events, or
 * hits.sequences with join_keys and events, missing events marked), and its error types.
 */
import type { EqlHit, EqlSearchResponse, EqlSequenceHit, JsonObject } from "../../engine/types.js";
import type { EqlExpression, EqlStatement } from "../ast.js";
import { parseEql } from "../parser.js";
import { EqlQueryError } from "../query-error.js";
import { verifyEql } from "../verify.js";
import { topExpressions, walkExpression } from "../walk.js";
import { compileEventQuery, type Event, type EventSource, type KeyTuple, orderedEvents } from "./events.js";
import { EqlRequestError } from "./request-error.js";
import { matchSamples } from "./sample.js";
import { matchSequences } from "./sequence.js";
import { type EventIndex, resolveIndexNames } from "./store.js";

export { EqlRequestError } from "./request-error.js";

export interface EqlSearchBody {
  query: string;
  size?: number;
  filter?: JsonObject;
  timestamp_field?: string;
  event_category_field?: string;
  tiebreaker_field?: string;
  max_samples_per_key?: number;
  result_position?: "head" | "tail";
  fetch_size?: number;
}

/** Body fields Elasticsearch accepts that change nothing here (paging, async search, partial results). */
const ACCEPTED_WITHOUT_EFFECT = new Set([
  "fetch_size",
  "allow_partial_search_results",
  "allow_partial_sequence_results",
  "keep_alive",
  "keep_on_completion",
  "wait_for_completion_timeout",
  "fields",
]);
const BODY_FIELDS = new Set([
  "query",
  "size",
  "filter",
  "timestamp_field",
  "event_category_field",
  "tiebreaker_field",
  "max_samples_per_key",
  "result_position",
  ...ACCEPTED_WITHOUT_EFFECT,
]);

const DEFAULT_SIZE = 10;

export interface EqlSearchOptions {
  /** `now` for date math in the filter. */
  now: number;
  /** Index patterns that match no index give no hits instead of `index_not_found_exception`. */
  allowNoIndices?: boolean;
}

/** `_eql/search` over `indices`: those the index expression(s) select, with the body's query and parameters. */
export function eqlSearch(
  indices: readonly EventIndex[],
  indexPattern: string | readonly string[],
  rawBody: unknown,
  options: EqlSearchOptions,
): EqlSearchResponse {
  const body = readBody(rawBody);
  const expression = typeof indexPattern === "string" ? indexPattern : indexPattern.join(",");
  const selected = resolveIndexNames(
    indices.map((index) => index.name),
    expression,
  ).map((name) => indices.find((index) => index.name === name)!);
  const statement = parseEql(body.query);
  if (selected.length === 0) {
    if (options.allowNoIndices) return response({ events: [] }, 0);
    throw new EqlRequestError("index_not_found_exception", `no such index [${expression}]`);
  }
  verifyEql(statement, body.query);
  const source: EventSource = {
    indices: selected,
    timestampField: body.timestamp_field ?? "@timestamp",
    tiebreakerField: body.tiebreaker_field,
    categoryField: body.event_category_field ?? "event.category",
    query: body.query,
  };
  verifyFields(statement, source);
  const filters = new Map(selected.map((index) => [index, index.filter(body.filter, options.now)]));
  const kept = (index: EventIndex, doc: number) => filters.get(index)![doc] === 1;
  const size = body.size ?? DEFAULT_SIZE;
  // Pipes first, then `size` from the end result_position names (samples have no time order: the first ones).
  const window = <T>(results: T[], position = body.result_position ?? "tail"): T[] => {
    let out = results;
    for (const pipe of statement.pipes) {
      out = pipe.name === "head" ? out.slice(0, pipe.count) : out.slice(Math.max(0, out.length - pipe.count));
    }
    if (out.length <= size) return out;
    return position === "head" ? out.slice(0, size) : out.slice(out.length - size);
  };
  const query = statement.query;
  if (query.type === "event") {
    const matches = compileEventQuery(query, source);
    const events = window(orderedEvents(source, (index, doc) => kept(index, doc) && matches(index, doc)));
    return response({ events: events.map(renderEvent) }, events.length);
  }
  if (query.type === "sequence") {
    const events = orderedEvents(source, kept);
    const sequences = window(matchSequences(query, source, events));
    return response(
      {
        sequences: sequences.map((sequence) => ({
          ...joinKeys(sequence.key),
          events: sequence.events.map((event) =>
            event ? renderEvent(event) : { _index: "", _id: "", missing: true },
          ),
        })),
      },
      sequences.length,
    );
  }
  const samples = window(matchSamples(query, source, kept, body.max_samples_per_key ?? 1), "head");
  return response(
    {
      sequences: samples.map((sample) => ({
        ...joinKeys(sample.key),
        events: sample.events.map((event) => renderEvent(event)),
      })),
    },
    samples.length,
  );
}

function response(
  hits: { events: EqlHit[] } | { sequences: EqlSequenceHit[] },
  total: number,
): EqlSearchResponse {
  return {
    is_partial: false,
    is_running: false,
    took: 0,
    timed_out: false,
    hits: { total: { value: total, relation: "eq" }, ...hits },
  };
}

function renderEvent(event: Pick<Event, "index" | "doc">): EqlHit {
  return { _index: event.index.name, _id: event.index.id(event.doc), _source: event.index.source(event.doc) };
}

function joinKeys(key: KeyTuple): { join_keys?: unknown[] } {
  return key.length === 0 ? {} : { join_keys: key };
}

function readBody(raw: unknown): EqlSearchBody & { query: string } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new EqlRequestError("parse_exception", "request body is required");
  }
  const body = raw as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!BODY_FIELDS.has(key))
      throw new EqlRequestError("x_content_parse_exception", `[eql/search] unknown field [${key}]`);
  }
  if (typeof body.query !== "string" || body.query.trim() === "") {
    throw new EqlRequestError(
      "action_request_validation_exception",
      "Validation Failed: 1: query is null or empty;",
    );
  }
  const nonNegative = (key: string, minimum: number) => {
    const value = body[key];
    if (value === undefined) return;
    if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
      throw new EqlRequestError(
        "action_request_validation_exception",
        `Validation Failed: 1: ${key} must be ${minimum === 0 ? "greater than or equal to 0" : "greater than 0"};`,
      );
    }
  };
  nonNegative("size", 0);
  nonNegative("fetch_size", 1);
  nonNegative("max_samples_per_key", 1);
  for (const key of ["timestamp_field", "event_category_field", "tiebreaker_field"]) {
    if (body[key] !== undefined && (typeof body[key] !== "string" || body[key] === "")) {
      throw new EqlRequestError(
        "action_request_validation_exception",
        `Validation Failed: 1: @${key} is null or empty;`,
      );
    }
  }
  if (
    body.result_position !== undefined &&
    body.result_position !== "head" &&
    body.result_position !== "tail"
  ) {
    throw new EqlRequestError(
      "illegal_argument_exception",
      `[result_position] must be one of [head, tail], found [${String(body.result_position)}]`,
    );
  }
  if (body.filter !== undefined && (typeof body.filter !== "object" || body.filter === null)) {
    throw new EqlRequestError("parsing_exception", "[filter] must be a query object");
  }
  return body as unknown as EqlSearchBody & { query: string };
}

/** Every non-optional field must exist in one of the indices, as Elasticsearch's analyzer requires. */
function verifyFields(statement: EqlStatement, source: EventSource): void {
  const check = (name: string, at: number) => {
    const seen = source.indices.map((index) => index.field(name));
    if (seen.some((field) => !("problem" in field))) return;
    const unsupported = seen.find((field) => "problem" in field && field.problem === "unsupported");
    const message =
      unsupported && "type" in unsupported
        ? `Cannot use field [${name}] with unsupported type [${unsupported.type}]`
        : `Unknown column [${name}]`;
    throw new EqlQueryError(message, source.query, at, "verification_exception");
  };
  const visit = (expression: EqlExpression) =>
    walkExpression(expression, (node) => {
      if (node.type === "field" && !node.optional) check(node.name, node.start);
    });
  topExpressions(statement).forEach(visit);
}
