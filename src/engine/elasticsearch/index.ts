/**
 * dac's Elasticsearch engine: loads a data set into fresh indices of a real cluster (named under a
 * per-session prefix, deleted on close, on failure and on interrupt) and answers searches from it.
 */
import { randomBytes } from "node:crypto";
import type { Client, estypes } from "@elastic/elasticsearch";
import type { IndexMapping } from "../../catalog/types.js";
import { DacError } from "../../errors.js";
import { createInterruptCleanup, type InterruptCleanup } from "../../interrupts.js";
import { checkDocumentShape, DocumentRejectedError, duplicateId } from "../../semantics/documents.js";
import {
  type AddDocumentsOptions,
  type Dataset,
  EngineUnsupportedError,
  type EqlSearchRequest,
  type EqlSearchResponse,
  type JsonObject,
  type SearchEngine,
  type SearchRequest,
  type SearchResponse,
  type SearchSession,
  type StoredDocument,
} from "../types.js";
import { probeFieldTypes } from "./capabilities.js";
import {
  createClient,
  describeFailure,
  ElasticsearchEngineError,
  type ElasticsearchEngineOptions,
  reasonOf,
} from "./connection.js";
import { type BulkItem, bulkFailures, prepareDocument } from "./documents.js";
import { checkEsql, sendEsqlQuery } from "./esql.js";
import { type IndexPlan, nonCoreTypes, planIndex } from "./mapping.js";
import { eqlSearchParams, restoreEqlResponse, restoreResponse, searchParams } from "./request.js";

export { DocumentRejectedError } from "../../semantics/documents.js";
export {
  DEFAULT_ELASTICSEARCH_URL,
  ElasticsearchEngineError,
  type ElasticsearchEngineOptions,
  elasticsearchOptionsFromEnv,
} from "./connection.js";
export { type Substitution, substitutionFor } from "./substitutions.js";

export interface ElasticsearchEngine extends SearchEngine {
  name: "elasticsearch";
  /** What this engine had to adapt to the cluster (one line each, no repeats), for the test output. */
  readonly notices: readonly string[];
  /** The cluster's version, known after the first `open`. */
  readonly version: string | undefined;
  /** Closes the client's connections; sessions must be closed first. */
  close(): Promise<void>;
}

/** Whether the cluster answers (for skipping or choosing engines); never throws. */
export async function checkElasticsearch(
  options: ElasticsearchEngineOptions,
): Promise<{ ok: true; version: string } | { ok: false; message: string }> {
  let client: Client | undefined;
  try {
    client = createClient(options);
    const info = await client.info();
    return { ok: true, version: info.version.number };
  } catch (error) {
    return { ok: false, message: describeFailure(error, "connecting", options).message };
  } finally {
    await client?.close();
  }
}

/** Whether the cluster runs ES|QL queries (the Maven-built node does not); never throws. */
export async function checkElasticsearchEsql(
  options: ElasticsearchEngineOptions,
): Promise<{ ok: true } | { ok: false; message: string }> {
  let client: Client | undefined;
  try {
    client = createClient(options);
    return await checkEsql(client);
  } catch (error) {
    return { ok: false, message: describeFailure(error, "connecting", options).message };
  } finally {
    await client?.close();
  }
}

/** Non-core types probed on first use even when no mapping names them (dynamic rules may need them). */
const ALWAYS_PROBED = ["match_only_text", "wildcard", "constant_keyword", "flattened"];

export function createElasticsearchEngine(options: ElasticsearchEngineOptions = {}): ElasticsearchEngine {
  const notices: string[] = [];
  const support = new Map<string, boolean>();
  const interrupts = createInterruptCleanup();
  // Planning an ECS mapping takes tens of milliseconds; callers reuse their IndexMapping objects.
  const plans = new WeakMap<IndexMapping, IndexPlan>();
  let client: Client | undefined;
  let version: string | undefined;

  const notice = (line: string) => {
    if (!notices.includes(line)) notices.push(line);
  };
  const step = async <T>(what: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw describeFailure(error, what, options);
    }
  };

  async function connect(prefix: string, mappings: IndexMapping[]): Promise<Client> {
    client ??= createClient(options);
    const connected = client;
    if (version === undefined) {
      const info = await step("connecting", () => connected.info());
      version = info.version.number;
    }
    const unknown = new Set([...ALWAYS_PROBED, ...mappings.flatMap((mapping) => [...nonCoreTypes(mapping)])]);
    for (const type of support.keys()) unknown.delete(type);
    if (unknown.size > 0) {
      const found = await step("checking which field types the cluster has", () =>
        probeFieldTypes(connected, unknown, `${prefix}probe`),
      );
      for (const [type, supported] of found) support.set(type, supported);
    }
    return connected;
  }

  return {
    name: "elasticsearch",
    notices,
    get version() {
      return version;
    },
    async open(dataset: Dataset): Promise<SearchSession> {
      const prefix = `${options.runPrefix ?? "dac-test"}-${randomBytes(4).toString("hex")}-`;
      const mappings = new Map(dataset.indices.map((mapping) => [mapping.index, mapping]));
      const connected = await connect(prefix, [...mappings.values()]);
      const session = createSession({
        client: connected,
        prefix,
        mappings,
        plan: (mapping) => {
          const plan = plans.get(mapping) ?? planIndex(mapping, (type) => support.get(type) === true);
          plans.set(mapping, plan);
          for (const substitution of plan.substitutions) notice(substitution.notice);
          for (const type of new Set(plan.omitted.values())) {
            notice(
              `${type}: this cluster lacks the type; its fields stay unmapped and documents with values for them are refused`,
            );
          }
          // Constants left open are fixed per session, by that session's documents.
          return { ...plan, constants: new Map(plan.constants) };
        },
        step,
        interrupts,
      });
      try {
        await Promise.all([...mappings.values()].map((mapping) => session.createIndex(mapping)));
        await session.addDocuments(dataset.documents);
      } catch (error) {
        await session.close().catch(() => undefined);
        throw error;
      }
      return session;
    },
    async close() {
      await client?.close();
      client = undefined;
    },
  };
}

interface SessionContext {
  client: Client;
  prefix: string;
  mappings: Map<string, IndexMapping>;
  plan(mapping: IndexMapping): IndexPlan;
  step<T>(what: string, action: () => Promise<T>): Promise<T>;
  interrupts: InterruptCleanup;
}

interface IndexState {
  plan: IndexPlan;
  /** Documents as given, by id: kept to index them again when a constant becomes known. */
  documents: Map<string, StoredDocument>;
  /** Constant fields the engine added to each document's source. */
  added: Map<string, string[]>;
}

function createSession(
  context: SessionContext,
): SearchSession & { createIndex(mapping: IndexMapping): Promise<void> } {
  const { client, prefix, step } = context;
  const indices = new Map<string, IndexState>();
  const unprefix = (text: string) => text.replaceAll(prefix, "");
  // Index creations still in flight: deleting before they finish would leave their indices behind.
  const creating = new Set<Promise<unknown>>();
  const deleteAll = async () => {
    await Promise.allSettled([...creating]);
    const names = [...indices.keys()].map((index) => prefix + index);
    if (names.length > 0) await client.indices.delete({ index: names }, { ignore: [404] });
  };
  const unregister = context.interrupts.add(deleteAll);
  let closed = false;

  // Names in errors are the fixture's, not the cluster's.
  const run = async <T>(what: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await step(what, action);
    } catch (error) {
      const message = unprefix((error as Error).message);
      if (error instanceof DocumentRejectedError) throw new DocumentRejectedError(message, error.document);
      // A cluster that cannot serve the request at all (no ES|QL): rule tests skip such cases.
      if (error instanceof DacError && error.kind === "unsupported")
        throw new EngineUnsupportedError(message);
      // The kind decides the exit code.
      throw new ElasticsearchEngineError(message, error instanceof DacError ? error.kind : undefined);
    }
  };

  async function createIndex(mapping: IndexMapping): Promise<IndexState> {
    const plan = context.plan(mapping);
    const state: IndexState = { plan, documents: new Map(), added: new Map() };
    indices.set(mapping.index, state);
    const created = run(`creating index ${mapping.index}`, () =>
      client.indices.create({
        index: prefix + mapping.index,
        ...(plan.body as Omit<estypes.IndicesCreateRequest, "index">),
      }),
    );
    creating.add(created);
    try {
      await created;
    } finally {
      creating.delete(created);
    }
    return state;
  }

  async function stateFor(index: string): Promise<IndexState> {
    const known = indices.get(index);
    if (known) return known;
    // Like Elasticsearch's automatic index creation: a dynamic index with no explicit fields.
    return createIndex(context.mappings.get(index) ?? { index, fields: new Map(), dynamic: true });
  }

  /**
   * One bulk request for the documents. A document the checks or the cluster reject is skipped and
   * reported to `onRejected` when given (as a bulk response reports an item), else the first is thrown.
   */
  async function addDocuments(documents: StoredDocument[], options: AddDocumentsOptions = {}): Promise<void> {
    const rejections: { document: StoredDocument; error: DocumentRejectedError }[] = [];
    const operations: JsonObject[] = [];
    /** The document of each operation, for the bulk items that fail. */
    const indexed: StoredDocument[] = [];
    /** Indices whose open constant a document of this batch fixed: every document of theirs goes again. */
    const fixedIndices = new Set<IndexState>();
    const forget = (document: StoredDocument) => {
      const state = indices.get(document._index);
      state?.documents.delete(document._id);
      state?.added.delete(document._id);
    };
    for (const document of documents) {
      try {
        checkDocumentShape(document);
        const state = await stateFor(document._index);
        if (state.documents.has(document._id)) throw duplicateId(document);
        const { source, added, fixed } = prepareDocument(document, state.plan);
        state.documents.set(document._id, document);
        if (added.length > 0) state.added.set(document._id, added);
        operations.push({ index: { _index: prefix + document._index, _id: document._id } }, source);
        indexed.push(document);
        if (fixed.length > 0) fixedIndices.add(state);
      } catch (error) {
        if (!(error instanceof DocumentRejectedError && options.onRejected)) throw error;
        rejections.push({ document, error });
      }
    }
    // In insertion order, so documents keep their order in the index (ties in a sort follow it).
    for (const state of fixedIndices) {
      for (const document of state.documents.values()) {
        const { source, added } = prepareDocument(document, state.plan);
        state.added.set(document._id, added);
        operations.push({ index: { _index: prefix + document._index, _id: document._id } }, source);
        indexed.push(document);
      }
    }
    if (operations.length > 0) {
      const response = await run("indexing documents", () => client.bulk({ operations, refresh: true }));
      const failures = response.errors ? bulkFailures(response.items as BulkItem[], unprefix) : [];
      if (failures.length > 0 && !options.onRejected) {
        const more = failures.length > 1 ? ` (and ${failures.length - 1} more documents)` : "";
        const first = failures[0].error;
        throw new DocumentRejectedError(`${first.message}${more}`, first.document);
      }
      for (const { position, error } of failures) {
        forget(indexed[position]);
        rejections.push({ document: indexed[position], error });
      }
    }
    const position = new Map(documents.map((document, i) => [document, i]));
    rejections.sort((a, b) => (position.get(a.document) ?? -1) - (position.get(b.document) ?? -1));
    for (const { document, error } of rejections) options.onRejected?.(document, error);
  }

  return {
    createIndex: async (mapping) => {
      await createIndex(mapping);
    },
    addDocuments,
    async search(request: SearchRequest): Promise<SearchResponse> {
      const response = (await run(`searching ${request.index.join(",")}`, () =>
        client.search(searchParams(request, prefix) as estypes.SearchRequest),
      )) as unknown as JsonObject;
      const failures = (response._shards as { failures?: unknown[] } | undefined)?.failures;
      if (failures && failures.length > 0) {
        throw new ElasticsearchEngineError(
          unprefix(
            `search of ${request.index.join(",")} failed on some indices: ${reasonOf(shardError(failures[0]))}`,
          ),
        );
      }
      return restoreResponse(response, {
        indexName: unprefix,
        addedFields: (clusterIndex, id) => indices.get(unprefix(clusterIndex))?.added.get(id),
      });
    },
    esqlQuery: (request) => run("running an ES|QL query", () => sendEsqlQuery(client, prefix, request)),
    async eqlSearch(request: EqlSearchRequest): Promise<EqlSearchResponse> {
      const params = eqlSearchParams(request, prefix) as unknown as estypes.EqlSearchRequest;
      const response = (await run(`searching ${request.index.join(",")} with EQL`, () =>
        client.eql.search(params),
      ).catch((error: Error) => {
        throw lacksEql(error) ? new EngineUnsupportedError(NO_EQL) : error;
      })) as unknown as JsonObject;
      return restoreEqlResponse(response, {
        indexName: unprefix,
        addedFields: (clusterIndex, id) => indices.get(unprefix(clusterIndex))?.added.get(id),
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await run("deleting the test indices", deleteAll);
      } finally {
        unregister();
      }
    },
  };
}

const NO_EQL =
  "EQL needs Elasticsearch's default distribution: this cluster has no _eql/search (a node built from Maven " +
  "Central leaves out x-pack's EQL plugin). Run the Docker image, or set ELASTICSEARCH_URL to a full cluster.";

/** A node without the EQL plugin has no handler for the endpoint at all. */
function lacksEql(error: Error): boolean {
  return /no handler found for uri \[[^\]]*_eql\/search/.test(error.message);
}

/** Shard failures carry the same error body as a failed request. */
function shardError(failure: unknown): Error {
  const reason = (failure as { reason?: { type?: string; reason?: string } }).reason;
  return new Error(reason ? `${reason.type}: ${reason.reason}` : JSON.stringify(failure));
}
