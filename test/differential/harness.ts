/** Running the same searches on both engines and describing where they disagree. */
import {
  checkElasticsearch,
  createElasticsearchEngine,
  type ElasticsearchEngine,
  elasticsearchOptionsFromEnv,
} from "../../src/engine/elasticsearch/index.js";
import type { JsonObject, SearchRequest, SearchSession, StoredDocument } from "../../src/engine/types.js";

/** Elasticsearch at ELASTICSEARCH_URL, or why the differential tests are skipped. */
export async function elasticsearchForTests(): Promise<
  { engine: ElasticsearchEngine; skip: false } | { skip: true; reason: string }
> {
  const options = elasticsearchOptionsFromEnv();
  const check = await checkElasticsearch({ ...options, requestTimeoutMs: 5_000 });
  if (!check.ok) return { skip: true, reason: check.message };
  return { engine: createElasticsearchEngine({ ...options, runPrefix: "dac-diff" }), skip: false };
}

export interface Outcome {
  /** `index/id` of every hit, sorted; undefined when the search failed. */
  hits?: string[];
  total?: number;
  error?: string;
}

export async function outcomeOf(session: SearchSession, request: SearchRequest): Promise<Outcome> {
  try {
    const response = await session.search(request);
    return {
      hits: response.hits.hits.map((hit) => `${hit._index}/${hit._id}`).sort(),
      total: response.hits.total.value,
    };
  } catch (error) {
    return { error: (error as Error).message.split("\n")[0] };
  }
}

/** Same hits (or both failed: which message each engine gives is not compared). */
export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.error !== undefined || b.error !== undefined) return a.error !== undefined && b.error !== undefined;
  return a.total === b.total && JSON.stringify(a.hits) === JSON.stringify(b.hits);
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const position = next++;
      results[position] = await task(items[position]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The leaf queries (everything that is not a bool) of a query tree, in order. */
export function leafQueries(query: unknown): JsonObject[] {
  if (Array.isArray(query)) return query.flatMap(leafQueries);
  if (query === null || typeof query !== "object") return [];
  const object = query as JsonObject;
  if (object.bool && typeof object.bool === "object") {
    const bool = object.bool as JsonObject;
    return ["must", "filter", "should", "must_not"].flatMap((key) => leafQueries(bool[key]));
  }
  return [object];
}

/**
 * The smallest disagreement inside a disagreeing search: the first leaf query whose hits differ on its own
 * (undefined when only the combination differs).
 */
export async function narrowDown(
  request: SearchRequest,
  sessions: { elasticsearch: SearchSession; memory: SearchSession },
): Promise<{ query: JsonObject; elasticsearch: Outcome; memory: Outcome } | undefined> {
  for (const query of leafQueries(request.query)) {
    const single = { ...request, query };
    const [elasticsearch, memory] = await Promise.all([
      outcomeOf(sessions.elasticsearch, single),
      outcomeOf(sessions.memory, single),
    ]);
    if (!sameOutcome(elasticsearch, memory)) return { query, elasticsearch, memory };
  }
  return undefined;
}

export interface Disagreement {
  what: string;
  /** The first leaf query that disagrees on its own. */
  leaf?: JsonObject;
  request: JsonObject;
  elasticsearch: Outcome;
  memory: Outcome;
  /** The documents on which the answers differ. */
  documents: StoredDocument[];
}

export function differingDocuments(a: Outcome, b: Outcome, documents: StoredDocument[]): StoredDocument[] {
  const inA = new Set(a.hits ?? []);
  const inB = new Set(b.hits ?? []);
  const differing = new Set(
    [...inA].filter((id) => !inB.has(id)).concat([...inB].filter((id) => !inA.has(id))),
  );
  return documents.filter((document) => differing.has(`${document._index}/${document._id}`));
}

/** `match:labels.env`: the kind of leaf query and its field, to group disagreements. */
function signature(leaf: JsonObject | undefined): string {
  if (!leaf) return "(combination only)";
  const [type, body] = Object.entries(leaf)[0] ?? ["?", {}];
  const params = (body ?? {}) as JsonObject;
  const field =
    params.field ?? (params.fields as string[] | undefined)?.join(",") ?? Object.keys(params)[0] ?? "";
  return `${type}:${type === "multi_match" ? "*" : String(field)}`;
}

export function describeDisagreements(
  seed: number,
  disagreements: Disagreement[],
  limit = Number(process.env.DAC_DIFF_SHOW ?? 5),
): string {
  const groups = new Map<string, number>();
  for (const d of disagreements) groups.set(signature(d.leaf), (groups.get(signature(d.leaf)) ?? 0) + 1);
  const shown = disagreements
    .slice(0, limit)
    .map((d, position) =>
      [
        `#${position + 1} ${d.what}`,
        `  request: ${JSON.stringify(d.request)}`,
        ...(d.leaf ? [`  smallest disagreeing query: ${JSON.stringify(d.leaf)}`] : []),
        `  elasticsearch: ${JSON.stringify(d.elasticsearch)}`,
        `  memory:        ${JSON.stringify(d.memory)}`,
        ...d.documents
          .slice(0, 5)
          .map(
            (document) =>
              `  document ${document._index}/${document._id}: ${JSON.stringify(document._source)}`,
          ),
      ].join("\n"),
    );
  return [
    `${disagreements.length} disagreements (replay with DAC_DIFF_SEED=${seed}); by smallest query:`,
    ...[...groups].sort((a, b) => b[1] - a[1]).map(([key, count]) => `  ${count} × ${key}`),
    ...shown,
  ].join("\n");
}
