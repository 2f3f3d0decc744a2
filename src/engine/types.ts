import type { IndexMapping } from "../catalog/types.js";
import { DacError } from "../errors.js";
import type { DocumentRejectedError } from "../semantics/documents.js";

export type JsonObject = Record<string, unknown>;

/** A document as Elasticsearch returns it in a hit. */
export interface StoredDocument {
  _index: string;
  _id: string;
  _source: JsonObject;
}

/** The subset of Elasticsearch's search request that rule execution sends. */
export interface SearchRequest {
  /** Index patterns as the rule gives them (comma-free list). */
  index: string[];
  query?: JsonObject;
  size?: number;
  sort?: JsonObject[];
  search_after?: unknown[];
  aggs?: Record<string, JsonObject>;
  track_total_hits?: boolean;
  _source?: boolean;
  /** Kibana's searches ask for every field; engines may ignore this. */
  fields?: JsonObject[];
}

export interface SearchHit extends StoredDocument {
  sort?: unknown[];
}

export interface SearchResponse {
  hits: { total: { value: number; relation: "eq" | "gte" }; hits: SearchHit[] };
  aggregations?: Record<string, JsonObject>;
}

/** The subset of Elasticsearch's `_query` (ES|QL) request body that rule execution sends. */
export interface EsqlRequest {
  query: string;
  /** Query DSL applied to the source indices before the pipeline runs (Kibana's time range and exceptions). */
  filter?: JsonObject;
  params?: unknown[];
}

/** `_query`'s answer: typed columns, one row per result, and the warnings Elasticsearch sends as headers. */
export interface EsqlResponse {
  columns: { name: string; type: string }[];
  values: unknown[][];
  warnings?: string[];
}

/** Elasticsearch's `_eql/search`: index patterns and the request body (query, size, filter, timestamp_field...). */
export interface EqlSearchRequest {
  index: string[];
  body: JsonObject;
}

/** An event of an EQL answer; a sequence's missing event (`![...]`) is `{_index: "", _id: "", missing: true}`. */
export interface EqlHit {
  _index: string;
  _id: string;
  _source?: JsonObject;
  missing?: boolean;
}

export interface EqlSequenceHit {
  join_keys?: unknown[];
  events: EqlHit[];
}

/** `hits.events` for event queries, `hits.sequences` for sequences and samples. */
export interface EqlSearchResponse {
  is_partial?: boolean;
  is_running?: boolean;
  took?: number;
  timed_out?: boolean;
  hits: {
    total: { value: number; relation: "eq" | "gte" };
    events?: EqlHit[];
    sequences?: EqlSequenceHit[];
  };
}

/**
 * A request the engine cannot serve at all, whatever the data (an Elasticsearch without EQL): rule tests skip the
 * case with this message as the reason.
 */
export class EngineUnsupportedError extends DacError {
  constructor(message: string) {
    super("unsupported", message);
  }
}

/** What a search engine answers: Elasticsearch's search API over a prepared data set. */
export interface SearchSession {
  search(request: SearchRequest): Promise<SearchResponse>;
  /**
   * An ES|QL query over the session's indices. Throws a DacError of kind `unsupported` when the engine has no
   * ES|QL (an Elasticsearch without the ES|QL plugin), `rejected` when the query is refused.
   */
  esqlQuery(request: EsqlRequest): Promise<EsqlResponse>;
  /**
   * Elasticsearch's EQL search over the same indices. Index patterns that match nothing give no hits, as
   * Kibana asks (`allow_no_indices`). An engine without EQL throws an `EngineUnsupportedError`.
   */
  eqlSearch(request: EqlSearchRequest): Promise<EqlSearchResponse>;
  /**
   * Makes more documents searchable (indexed and refreshed), as events arriving between two rule
   * executions. Their indices must be among the dataset's indices or be dynamic.
   */
  addDocuments(documents: StoredDocument[], options?: AddDocumentsOptions): Promise<void>;
  close(): Promise<void>;
}

export interface AddDocumentsOptions {
  /**
   * Given: each document the index rejects is skipped and reported here, as a bulk response reports a
   * failed item, and the others are indexed. Not given: the first rejection is thrown.
   */
  onRejected?: (document: StoredDocument, error: DocumentRejectedError) => void;
}

export interface Dataset {
  indices: IndexMapping[];
  documents: StoredDocument[];
}

/** A search engine that can be loaded with fixtures: the embedded one or a real Elasticsearch. */
export interface SearchEngine {
  name: "memory" | "elasticsearch";
  open(dataset: Dataset): Promise<SearchSession>;
  /** What the engine had to adapt so far (e.g. field types a local cluster lacks), for the test output. */
  readonly notices?: readonly string[];
}
