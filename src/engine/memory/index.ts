/**
 * dac's embedded search engine: answers Elasticsearch search requests over fixture documents, with
 * Elasticsearch's per-type semantics, entirely in memory.
 */
import type { IndexMapping } from "../../catalog/types.js";
import { eqlSearch } from "../../eql/engine/search.js";
import { checkDocumentShape, DocumentRejectedError, duplicateId } from "../../semantics/documents.js";
import type {
  AddDocumentsOptions,
  Dataset,
  EqlSearchRequest,
  EqlSearchResponse,
  SearchEngine,
  SearchRequest,
  SearchResponse,
  SearchSession,
  StoredDocument,
} from "../types.js";
import { eventIndexOf } from "./eql-events.js";
import { esqlQuery } from "./esql.js";
import { addDocument, createShard, type Shard } from "./index/shard.js";
import { createLiveMapping, type MappingBase, mappingBase } from "./mapping/live-mapping.js";
import { search } from "./search/search.js";

/** EQL over a file of documents (`dac eql search --data`), indexed as the engine indexes fixtures. */
export { type IndexInput, openEventIndex } from "./eql-events.js";

export interface MemoryEngineOptions {
  /** The clock for `now` in date math; defaults to the system clock. */
  now?: () => number;
}

export function createMemoryEngine(options: MemoryEngineOptions = {}): SearchEngine {
  const now = options.now ?? Date.now;
  // What a mapping's thousands of names give an index is worked out once per mapping, not per session.
  const bases = new WeakMap<IndexMapping, MappingBase>();
  const baseOf = (mapping: IndexMapping): MappingBase => {
    let base = bases.get(mapping);
    if (!base) {
      base = mappingBase(mapping);
      bases.set(mapping, base);
    }
    return base;
  };
  return {
    name: "memory",
    async open(dataset: Dataset): Promise<SearchSession> {
      const session = createSession(dataset.indices, now, baseOf);
      session.add(dataset.documents);
      return {
        search: async (request) => session.search(request),
        esqlQuery: async (request) => esqlQuery(session.shards(), request, now()),
        eqlSearch: async (request) => session.eqlSearch(request),
        addDocuments: async (documents, options) => session.add(documents, options),
        close: async () => {},
      };
    },
  };
}

export const memoryEngine: SearchEngine = createMemoryEngine();

function createSession(
  indices: IndexMapping[],
  now: () => number,
  baseOf: (mapping: IndexMapping) => MappingBase,
) {
  const mappings = new Map(indices.map((mapping) => [mapping.index, mapping]));
  /** Per index, its shard and the `_id`s it holds. */
  const byName = new Map<string, { shard: Shard; ids: Set<string> }>();

  const indexFor = (name: string) => {
    let index = byName.get(name);
    if (!index) {
      const given = mappings.get(name);
      const live = given
        ? createLiveMapping(given, baseOf(given))
        : createLiveMapping({ index: name, fields: new Map(), dynamic: true });
      index = { shard: createShard(name, live), ids: new Set() };
      byName.set(name, index);
    }
    return index;
  };

  // Like created indices: their mappings apply to searches before any document arrives.
  for (const name of mappings.keys()) indexFor(name);

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
      return search(
        [...byName.values()].map(({ shard }) => shard),
        request,
        { now: now() },
      );
    },
    shards: () => [...byName.values()].map(({ shard }) => shard),
    eqlSearch(request: EqlSearchRequest): EqlSearchResponse {
      const indices = [...byName.values()].map(({ shard }) => eventIndexOf(shard));
      return eqlSearch(indices, request.index, request.body, { now: now(), allowNoIndices: true });
    },
  };

  function addOne(document: StoredDocument): void {
    checkDocumentShape(document);
    const { shard, ids } = indexFor(document._index);
    // One hash lookup per document rather than two (has, then add): with 100,000 ids it shows.
    const count = ids.size;
    ids.add(document._id);
    if (ids.size === count) throw duplicateId(document);
    try {
      addDocument(shard, document);
    } catch (error) {
      ids.delete(document._id);
      throw error;
    }
  }
}
