import type { FieldSpec, IndexMapping } from "../../../src/catalog/types.js";
import { createMemoryEngine } from "../../../src/engine/memory/index.js";
import type { JsonObject, SearchRequest, SearchSession, StoredDocument } from "../../../src/engine/types.js";

export const NOW = Date.parse("2024-06-15T12:34:56.789Z");

type FieldShape = Omit<FieldSpec, "name" | "source" | "aggregatable"> &
  Partial<Pick<FieldSpec, "aggregatable">>;

/** An index mapping from `{name: {type, ...}}`. */
export function mapping(index: string, fields: Record<string, FieldShape>, dynamic = false): IndexMapping {
  const specs = new Map<string, FieldSpec>(
    Object.entries(fields).map(([name, shape]) => [
      name,
      { aggregatable: true, source: "test", name, ...shape },
    ]),
  );
  return { index, fields: specs, dynamic };
}

/** Documents `{_id: source}` of one index. */
export function docs(index: string, sources: Record<string, JsonObject>): StoredDocument[] {
  return Object.entries(sources).map(([_id, _source]) => ({ _index: index, _id, _source }));
}

export async function open(indices: IndexMapping[], documents: StoredDocument[]): Promise<SearchSession> {
  return createMemoryEngine({ now: () => NOW }).open({ indices, documents });
}

/** Ids of the documents a query matches, in index then insertion order. */
export async function ids(session: SearchSession, query: JsonObject, index = ["*"]): Promise<string[]> {
  const response = await session.search({ index, query, size: 10_000 } satisfies SearchRequest);
  return response.hits.hits.map((hit) => hit._id);
}
