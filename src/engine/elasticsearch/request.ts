/**
 * Searches and answers between dac's names and the cluster's: the test indices live under a run prefix,
 * so index patterns gain it on the way in and `_index` loses it on the way out, and the constants the
 * engine added to documents are taken out of their `_source` again.
 */
import type {
  EqlHit,
  EqlSearchRequest,
  EqlSearchResponse,
  JsonObject,
  SearchHit,
  SearchRequest,
  SearchResponse,
} from "../types.js";

/** `logs-*` → `<prefix>logs-*`; `-x*` exclusions and `*`/`_all` stay inside the prefix. */
export function prefixPatterns(patterns: string[], prefix: string): string[] {
  return patterns
    .flatMap((pattern) => pattern.split(","))
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part, position) => {
      if (part.startsWith("-") && position > 0) return `-${prefix}${part.slice(1)}`;
      return part === "_all" ? `${prefix}*` : `${prefix}${part}`;
    });
}

/**
 * The client's search parameters for `request`. `fields` is not sent: hits carry `_source`, which is
 * all dac reads, and the fields section would double every answer.
 */
export function searchParams(request: SearchRequest, prefix: string): JsonObject {
  const { index, fields: _fields, ...body } = request;
  return {
    index: prefixPatterns(index, prefix),
    // As Kibana's detection engine: patterns that match nothing give no hits rather than an error.
    ignore_unavailable: true,
    allow_no_indices: true,
    ...body,
  };
}

export interface HitRestorer {
  /** The fixture index name of a cluster index. */
  indexName(clusterIndex: string): string;
  /** Fields the engine added to that document's source. */
  addedFields(clusterIndex: string, id: string): readonly string[] | undefined;
}

/** A hit as dac's engines give it: `_index`, `_id`, `_source` and `sort` (no scores, no metadata). */
function restoreHit(hit: JsonObject, restorer: HitRestorer): JsonObject {
  const clusterIndex = String(hit._index);
  const restored: JsonObject = { _index: restorer.indexName(clusterIndex), _id: hit._id };
  if (hit._source && typeof hit._source === "object") {
    const source = { ...(hit._source as JsonObject) };
    for (const field of restorer.addedFields(clusterIndex, String(hit._id)) ?? []) delete source[field];
    restored._source = source;
  }
  if (hit.sort !== undefined) restored.sort = hit.sort;
  return restored;
}

function isHit(value: JsonObject): boolean {
  return typeof value._index === "string" && "_id" in value;
}

/** Restores hits wherever they appear (top_hits inside aggregations too). */
function restoreDeep(value: unknown, restorer: HitRestorer): unknown {
  if (Array.isArray(value)) return value.map((element) => restoreDeep(element, restorer));
  if (value === null || typeof value !== "object") return value;
  const object = value as JsonObject;
  if (isHit(object)) return restoreHit(object, restorer);
  return Object.fromEntries(
    Object.entries(object).map(([key, child]) => [key, restoreDeep(child, restorer)]),
  );
}

/** The cluster's answer in dac's names, with only the parts `SearchResponse` describes. */
export function restoreResponse(response: JsonObject, restorer: HitRestorer): SearchResponse {
  const hits = response.hits as { total?: SearchResponse["hits"]["total"] | number; hits: JsonObject[] };
  const total = typeof hits.total === "number" ? { value: hits.total, relation: "eq" as const } : hits.total;
  const restored: SearchResponse = {
    hits: {
      total: total ?? { value: hits.hits.length, relation: "eq" },
      hits: hits.hits.map((hit) => restoreHit(hit, restorer) as unknown as SearchHit),
    },
  };
  if (response.aggregations) {
    restored.aggregations = restoreDeep(response.aggregations, restorer) as SearchResponse["aggregations"];
  }
  return restored;
}

/** The client's `eql.search` parameters: the body as given, on the prefixed patterns, missing indices allowed. */
export function eqlSearchParams(request: EqlSearchRequest, prefix: string): JsonObject {
  return {
    index: prefixPatterns(request.index, prefix),
    ignore_unavailable: true,
    allow_no_indices: true,
    ...request.body,
  };
}

/** The cluster's EQL answer in dac's names: events and sequences' events restored, missing events kept. */
export function restoreEqlResponse(response: JsonObject, restorer: HitRestorer): EqlSearchResponse {
  const hits = response.hits as EqlSearchResponse["hits"];
  const event = (hit: EqlHit): EqlHit =>
    hit.missing
      ? { _index: "", _id: "", missing: true }
      : (restoreHit({ ...hit }, restorer) as unknown as EqlHit);
  const restored: EqlSearchResponse["hits"] = { total: hits.total };
  if (hits.events) restored.events = hits.events.map(event);
  if (hits.sequences) {
    restored.sequences = hits.sequences.map((sequence) => ({
      ...(sequence.join_keys ? { join_keys: sequence.join_keys } : {}),
      events: sequence.events.map(event),
    }));
  }
  return { hits: restored };
}
