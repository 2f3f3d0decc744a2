/**
 * dac's Elasticsearch engine: loads a data set into fresh indices of a real cluster (named under a
 * per-session prefix, deleted on close, on failure and on interrupt) and answers searches from it.
 */
import { randomBytes } from "node:crypto";
import { probeFieldTypes } from "./capabilities.js";
import { createClient, describeFailure, ElasticsearchEngineError, reasonOf, } from "./connection.js";
import { bulkFailure, DocumentRejectedError, prepareDocument } from "./documents.js";
import { createInterruptCleanup } from "./interrupts.js";
import { nonCoreTypes, planIndex } from "./mapping.js";
import { restoreResponse, searchParams } from "./request.js";
export { DEFAULT_ELASTICSEARCH_URL, ElasticsearchEngineError, elasticsearchOptionsFromEnv, } from "./connection.js";
export { DocumentRejectedError } from "./documents.js";
export { substitutionFor } from "./substitutions.js";
/** Whether the cluster answers (for skipping or choosing engines); never throws. */
export async function checkElasticsearch(options) {
    let client;
    try {
        client = createClient(options);
        const info = await client.info();
        return { ok: true, version: info.version.number };
    }
    catch (error) {
        return { ok: false, message: describeFailure(error, "connecting", options).message };
    }
    finally {
        await client?.close();
    }
}
/** Non-core types probed on first use even when no mapping names them (dynamic rules may need them). */
const ALWAYS_PROBED = ["match_only_text", "wildcard", "constant_keyword", "flattened"];
export function createElasticsearchEngine(options = {}) {
    const notices = [];
    const support = new Map();
    const interrupts = createInterruptCleanup();
    let client;
    let version;
    const notice = (line) => {
        if (!notices.includes(line))
            notices.push(line);
    };
    const step = async (what, action) => {
        try {
            return await action();
        }
        catch (error) {
            throw describeFailure(error, what, options);
        }
    };
    async function connect(prefix, mappings) {
        client ??= createClient(options);
        const connected = client;
        if (version === undefined) {
            const info = await step("connecting", () => connected.info());
            version = info.version.number;
        }
        const unknown = new Set([...ALWAYS_PROBED, ...mappings.flatMap((mapping) => [...nonCoreTypes(mapping)])]);
        for (const type of support.keys())
            unknown.delete(type);
        if (unknown.size > 0) {
            const found = await step("checking which field types the cluster has", () => probeFieldTypes(connected, unknown, `${prefix}probe`));
            for (const [type, supported] of found)
                support.set(type, supported);
        }
        return connected;
    }
    return {
        name: "elasticsearch",
        notices,
        get version() {
            return version;
        },
        async open(dataset) {
            const prefix = `${options.runPrefix ?? "dac-test"}-${randomBytes(4).toString("hex")}-`;
            const mappings = new Map(dataset.indices.map((mapping) => [mapping.index, mapping]));
            const connected = await connect(prefix, [...mappings.values()]);
            const session = createSession({
                client: connected,
                prefix,
                mappings,
                plan: (mapping) => {
                    const plan = planIndex(mapping, (type) => support.get(type) === true);
                    for (const substitution of plan.substitutions)
                        notice(substitution.notice);
                    for (const type of new Set(plan.omitted.values())) {
                        notice(`${type}: this cluster lacks the type; its fields stay unmapped and documents with values for them are refused`);
                    }
                    return plan;
                },
                step,
                interrupts,
            });
            try {
                for (const mapping of mappings.values())
                    await session.createIndex(mapping);
                await session.addDocuments(dataset.documents);
            }
            catch (error) {
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
function createSession(context) {
    const { client, prefix, step } = context;
    const indices = new Map();
    const unprefix = (text) => text.replaceAll(prefix, "");
    const deleteAll = async () => {
        const names = [...indices.keys()].map((index) => prefix + index);
        if (names.length > 0)
            await client.indices.delete({ index: names }, { ignore: [404] });
    };
    const unregister = context.interrupts.add(deleteAll);
    let closed = false;
    // Names in errors are the fixture's, not the cluster's.
    const run = async (what, action) => {
        try {
            return await step(what, action);
        }
        catch (error) {
            const message = unprefix(error.message);
            throw error instanceof DocumentRejectedError
                ? new DocumentRejectedError(message)
                : new ElasticsearchEngineError(message);
        }
    };
    async function createIndex(mapping) {
        const plan = context.plan(mapping);
        const state = { plan, documents: new Map(), added: new Map() };
        indices.set(mapping.index, state);
        await run(`creating index ${mapping.index}`, () => client.indices.create({
            index: prefix + mapping.index,
            ...plan.body,
        }));
        return state;
    }
    async function stateFor(index) {
        const known = indices.get(index);
        if (known)
            return known;
        // Like Elasticsearch's automatic index creation: a dynamic index with no explicit fields.
        return createIndex(context.mappings.get(index) ?? { index, fields: new Map(), dynamic: true });
    }
    async function addDocuments(documents) {
        const operations = [];
        const again = new Set();
        for (const document of documents) {
            checkShape(document);
            const state = await stateFor(document._index);
            if (state.documents.has(document._id)) {
                throw new DocumentRejectedError(`document [${document._id}] appears twice in index [${document._index}]`);
            }
            const { source, added, fixed } = prepareDocument(document, state.plan);
            state.documents.set(document._id, document);
            if (added.length > 0)
                state.added.set(document._id, added);
            operations.push({ index: { _index: prefix + document._index, _id: document._id } }, source);
            if (fixed.length > 0)
                for (const earlier of state.documents.values())
                    if (earlier !== document)
                        again.add(earlier);
        }
        for (const document of again) {
            const state = indices.get(document._index);
            const { source, added } = prepareDocument(document, state.plan);
            state.added.set(document._id, added);
            operations.push({ index: { _index: prefix + document._index, _id: document._id } }, source);
        }
        if (operations.length === 0)
            return;
        const response = await run("indexing documents", () => client.bulk({ operations, refresh: true }));
        if (response.errors) {
            const failure = bulkFailure(response.items, unprefix);
            if (failure)
                throw failure;
        }
    }
    return {
        createIndex: async (mapping) => {
            await createIndex(mapping);
        },
        addDocuments,
        async search(request) {
            const response = (await run(`searching ${request.index.join(",")}`, () => client.search(searchParams(request, prefix))));
            const failures = response._shards?.failures;
            if (failures && failures.length > 0) {
                throw new ElasticsearchEngineError(unprefix(`search of ${request.index.join(",")} failed on some indices: ${reasonOf(shardError(failures[0]))}`));
            }
            return restoreResponse(response, {
                indexName: unprefix,
                addedFields: (clusterIndex, id) => indices.get(unprefix(clusterIndex))?.added.get(id),
            });
        },
        async close() {
            if (closed)
                return;
            closed = true;
            try {
                await run("deleting the test indices", deleteAll);
            }
            finally {
                unregister();
            }
        },
    };
}
/** Shard failures carry the same error body as a failed request. */
function shardError(failure) {
    const reason = failure.reason;
    return new Error(reason ? `${reason.type}: ${reason.reason}` : JSON.stringify(failure));
}
function checkShape(document) {
    if (typeof document._index !== "string" || document._index === "") {
        throw new DocumentRejectedError(`document [${document._id}] has no [_index]`);
    }
    if (typeof document._source !== "object" || document._source === null || Array.isArray(document._source)) {
        throw new DocumentRejectedError(`document [${document._id}] in index [${document._index}]: [_source] must be an object`);
    }
}
