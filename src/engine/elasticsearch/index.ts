/**
 * dac's Elasticsearch engine: loads a data set into fresh indices of a real cluster (named under a
 * per-session prefix, deleted on close, on failure and on interrupt) and answers searches from it.
 */
import { randomBytes } from "node:crypto";
import type { Client, estypes } from "@elastic/elasticsearch";
import type { IndexMapping } from "../../catalog/types.js";
import type {
  Dataset,
  JsonObject,
  SearchEngine,
  SearchRequest,
  SearchResponse,
  SearchSession,
  StoredDocument,
} from "../types.js";
import { probeFieldTypes } from "./capabilities.js";
import {
  createClient,
  describeFailure,
  ElasticsearchEngineError,
  type ElasticsearchEngineOptions,
  reasonOf,
} from "./connection.js";
import { bulkFailure, DocumentRejectedError, prepareDocument } from "./documents.js";
import { createInterruptCleanup, type InterruptCleanup } from "./interrupts.js";
import { type IndexPlan, nonCoreTypes, planIndex } from "./mapping.js";
import { restoreResponse, searchParams } from "./request.js";

export {
  DEFAULT_ELASTICSEARCH_URL,
  ElasticsearchEngineError,
  type ElasticsearchEngineOptions,
  elasticsearchOptionsFromEnv,
} from "./connection.js";
export { DocumentRejectedError } from "./documents.js";
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
      throw error instanceof DocumentRejectedError
        ? new DocumentRejectedError(message)
        : new ElasticsearchEngineError(message);
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

  async function addDocuments(documents: StoredDocument[]): Promise<void> {
    const operations: JsonObject[] = [];
    const again = new Set<StoredDocument>();
    for (const document of documents) {
      checkShape(document);
      const state = await stateFor(document._index);
      if (state.documents.has(document._id)) {
        throw new DocumentRejectedError(
          `document [${document._id}] appears twice in index [${document._index}]`,
        );
      }
      const { source, added, fixed } = prepareDocument(document, state.plan);
      state.documents.set(document._id, document);
      if (added.length > 0) state.added.set(document._id, added);
      operations.push({ index: { _index: prefix + document._index, _id: document._id } }, source);
      if (fixed.length > 0)
        for (const earlier of state.documents.values()) if (earlier !== document) again.add(earlier);
    }
    for (const document of again) {
      const state = indices.get(document._index)!;
      const { source, added } = prepareDocument(document, state.plan);
      state.added.set(document._id, added);
      operations.push({ index: { _index: prefix + document._index, _id: document._id } }, source);
    }
    if (operations.length === 0) return;
    const response = await run("indexing documents", () => client.bulk({ operations, refresh: true }));
    if (response.errors) {
      const failure = bulkFailure(response.items as Parameters<typeof bulkFailure>[0], unprefix);
      if (failure) throw failure;
    }
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

/** Shard failures carry the same error body as a failed request. */
function shardError(failure: unknown): Error {
  const reason = (failure as { reason?: { type?: string; reason?: string } }).reason;
  return new Error(reason ? `${reason.type}: ${reason.reason}` : JSON.stringify(failure));
}

function checkShape(document: StoredDocument): void {
  if (typeof document._index !== "string" || document._index === "") {
    throw new DocumentRejectedError(`document [${document._id}] has no [_index]`);
  }
  if (typeof document._source !== "object" || document._source === null || Array.isArray(document._source)) {
    throw new DocumentRejectedError(
      `document [${document._id}] in index [${document._index}]: [_source] must be an object`,
    );
  }
}
