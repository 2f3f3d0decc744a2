/**
 * One search request over the shards it names: the query per shard, hits sorted and paged, total hits
 * tracked as Elasticsearch tracks them, and the aggregations over every match.
 */

import { resolveIndices } from "../../../semantics/index-patterns.js";
import type { JsonObject, SearchHit, SearchRequest, SearchResponse } from "../../types.js";
import { runAggregations } from "../aggregations/aggregations.js";
import type { Shard } from "../index/shard.js";
import { evaluate } from "../query/query.js";
import { type QueryContext, QueryError } from "../request.js";
import { type DocRef, sortDocs } from "./sort.js";

const DEFAULT_SIZE = 10;
const DEFAULT_TRACK_TOTAL_HITS = 10_000;

export function search(allShards: Shard[], request: SearchRequest, context: QueryContext): SearchResponse {
  const names = resolveIndices(
    allShards.map((shard) => shard.name),
    request.index,
  );
  const byName = new Map(allShards.map((shard) => [shard.name, shard]));
  const refs: DocRef[] = [];
  names.forEach((name, shardOrder) => {
    const shard = byName.get(name)!;
    const matches = evaluate(request.query, shard, context);
    for (let doc = 0; doc < matches.length; doc++) if (matches[doc]) refs.push({ shard, shardOrder, doc });
  });
  const size = request.size ?? DEFAULT_SIZE;
  if (!Number.isInteger(size) || size < 0)
    throw new QueryError(`[size] must be a non-negative integer, got [${size}]`);
  const renderHit = (ref: DocRef, sort: unknown[] | undefined, source: unknown): JsonObject => {
    if (source !== undefined && typeof source !== "boolean") {
      throw new QueryError("[_source] filtering by field lists is not supported by the embedded engine");
    }
    const document = ref.shard.docs[ref.doc];
    const hit: JsonObject = { _index: document._index, _id: document._id };
    if (source !== false) hit._source = document._source;
    if (sort) hit.sort = sort;
    return hit;
  };
  const hits = size === 0 ? [] : sortDocs(refs, request.sort, request.search_after).slice(0, size);
  const total = refs.length;
  const tracked = request.track_total_hits !== undefined || total <= DEFAULT_TRACK_TOTAL_HITS;
  const response: SearchResponse = {
    hits: {
      total: tracked
        ? { value: total, relation: "eq" }
        : { value: DEFAULT_TRACK_TOTAL_HITS, relation: "gte" },
      hits: hits.map(({ ref, sort }) => renderHit(ref, sort, request._source) as unknown as SearchHit),
    },
  };
  if (request.aggs)
    response.aggregations = runAggregations(request.aggs, refs, { query: context, renderHit });
  return response;
}
