/**
 * dac's embedded search engine: answers Elasticsearch search requests over fixture documents, with
 * Elasticsearch's per-type semantics, entirely in memory.
 */
import type { IndexMapping } from "../../catalog/types.js";
import { checkDocumentShape, DocumentRejectedError, duplicateId } from "../../semantics/documents.js";
import { resolveIndices } from "../../semantics/index-patterns.js";
import type {
  AddDocumentsOptions,
  Dataset,
  JsonObject,
  SearchEngine,
  SearchHit,
  SearchRequest,
  SearchResponse,
  SearchSession,
  StoredDocument,
} from "../types.js";
import { runAggregations } from "./aggs.js";
import { type QueryContext, QueryError } from "./field-queries.js";
import { createLiveMapping } from "./mapping.js";
import { evaluate } from "./query.js";
import { addDocument, createShard, type Shard } from "./shard.js";
import { type DocRef, sortDocs } from "./sort.js";

export { QueryError } from "./field-queries.js";

export interface MemoryEngineOptions {
  /** The clock for `now` in date math; defaults to the system clock. */
  now?: () => number;
}

const DEFAULT_SIZE = 10;
const DEFAULT_TRACK_TOTAL_HITS = 10_000;

export function createMemoryEngine(options: MemoryEngineOptions = {}): SearchEngine {
  const now = options.now ?? Date.now;
  return {
    name: "memory",
    async open(dataset: Dataset): Promise<SearchSession> {
      const session = createSession(dataset.indices, now);
      session.add(dataset.documents);
      return {
        search: async (request) => session.search(request),
        addDocuments: async (documents, options) => session.add(documents, options),
        close: async () => {},
      };
    },
  };
}

export const memoryEngine: SearchEngine = createMemoryEngine();

function createSession(indices: IndexMapping[], now: () => number) {
  const mappings = new Map(indices.map((mapping) => [mapping.index, mapping]));
  const shards = new Map<string, Shard>();
  const ids = new Map<string, Set<string>>();

  const shardFor = (name: string): Shard => {
    let shard = shards.get(name);
    if (!shard) {
      shard = createShard(
        name,
        createLiveMapping(mappings.get(name) ?? { index: name, fields: new Map(), dynamic: true }),
      );
      shards.set(name, shard);
      ids.set(name, new Set());
    }
    return shard;
  };

  // Like created indices: their mappings apply to searches before any document arrives.
  for (const name of mappings.keys()) shardFor(name);

  return {
    add(documents: StoredDocument[], options: AddDocumentsOptions = {}): void {
      for (const document of documents) {
        try {
          addOne(document);
        } catch (error) {
          if (!(error instanceof DocumentRejectedError && options.onRejected)) throw error;
          options.onRejected(document, error);
        }
      }
    },
    search(request: SearchRequest): SearchResponse {
      return search([...shards.values()], request, { now: now() });
    },
  };

  function addOne(document: StoredDocument): void {
    checkDocumentShape(document);
    const shard = shardFor(document._index);
    const known = ids.get(document._index)!;
    // One hash lookup per document rather than two (has, then add): with 100,000 ids it shows.
    const count = known.size;
    known.add(document._id);
    if (known.size === count) throw duplicateId(document);
    try {
      addDocument(shard, document);
    } catch (error) {
      known.delete(document._id);
      throw error;
    }
  }
}

function search(allShards: Shard[], request: SearchRequest, context: QueryContext): SearchResponse {
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
