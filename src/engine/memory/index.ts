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
import { addDocument, createShard, type Shard } from "./index/shard.js";
import { createLiveMapping } from "./mapping/live-mapping.js";
import { search } from "./search/search.js";

/** EQL over a file of documents (`dac eql search --data`), indexed as the engine indexes fixtures. */
export { type IndexInput, openEventIndex } from "./eql-events.js";

export interface MemoryEngineOptions {
  /** The clock for `now` in date math; defaults to the system clock. */
  now?: () => number;
}

export function createMemoryEngine(options: MemoryEngineOptions = {}): SearchEngine {
  const now = options.now ?? Date.now;
  return {
    name: "memory",
    async open(dataset: Dataset): Promise<SearchSession> {
      const session = createSession(dataset.indices, now);
      session.add(dataset.documents);
      return {
        search: async (request) => session.search(request),
        eqlSearch: async (request) => session.eqlSearch(request),
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
    eqlSearch(request: EqlSearchRequest): EqlSearchResponse {
      const indices = [...shards.values()].map((shard) => eventIndexOf(shard));
      return eqlSearch(indices, request.index, request.body, { now: now(), allowNoIndices: true });
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
