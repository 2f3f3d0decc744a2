import { describe, expect, it } from "vitest";
import type { StoredDocument } from "../../../src/engine/types.js";
import { docs, ids, mapping, open } from "./helpers.js";

// Values are written into the columns as the walk converts them: a document rejected part-way through must
// leave no trace, and the documents after it must keep exactly their own values.

const MAPPING = mapping("i", {
  "host.name": { type: "keyword" },
  bytes: { type: "long" },
  small: { type: "byte" },
  "@timestamp": { type: "date" },
  "data_stream.dataset": { type: "constant_keyword" },
  tags: { type: "nested" },
  "tags.name": { type: "keyword" },
  "tags.score": { type: "long" },
});

/** Each document with bytes and its smallest, in sort order (read by document, as sorting reads doc values). */
async function bytesBySort(session: Awaited<ReturnType<typeof open>>) {
  const response = await session.search({
    index: ["i"],
    size: 100,
    query: { exists: { field: "bytes" } },
    sort: [{ bytes: { order: "asc" } }],
  });
  return response.hits.hits.map((hit) => [hit._id, hit.sort?.[0]]);
}

describe("a document rejected part-way through", () => {
  it("leaves none of the values written before the failing one", async () => {
    const session = await open([MAPPING], docs("i", { a: { "host.name": "web", bytes: 1 } }));
    await expect(
      session.addDocuments(docs("i", { bad: { "host.name": "db", bytes: 2, small: 1000 } })),
    ).rejects.toThrow(/document \[bad\].*\[small\]/);
    await session.addDocuments(docs("i", { b: { small: 1 } }));
    expect(await ids(session, { term: { "host.name": "db" } })).toEqual([]);
    expect(await ids(session, { exists: { field: "bytes" } })).toEqual(["a"]);
  });

  it("does not shift the values of the documents added after it", async () => {
    const rejected: string[] = [];
    const session = await open([MAPPING], []);
    await session.addDocuments(
      docs("i", {
        a: { bytes: [5, 6], "@timestamp": "2024-06-01T00:00:00.000Z" },
        bad: { bytes: [7, 8], small: "many" },
        b: { bytes: 3 },
        c: { "host.name": "web" },
        d: { bytes: [9, 4] },
      }),
      { onRejected: (document) => rejected.push(document._id) },
    );
    expect(rejected).toEqual(["bad"]);
    expect(await bytesBySort(session)).toEqual([
      ["b", 3],
      ["d", 4],
      ["a", 5],
    ]);
    expect(await ids(session, { range: { bytes: { gte: 7, lte: 8 } } })).toEqual([]);
  });

  it("does not keep the constant_keyword value it set first", async () => {
    const session = await open([MAPPING], []);
    await expect(
      session.addDocuments(docs("i", { bad: { data_stream: { dataset: "first" }, bytes: "abc" } })),
    ).rejects.toThrow(/document \[bad\]/);
    await session.addDocuments(docs("i", { good: { data_stream: { dataset: "second" } } }));
    expect(await ids(session, { term: { "data_stream.dataset": "second" } })).toEqual(["good"]);
  });

  it("leaves none of its nested objects when a later one is rejected", async () => {
    const documents: StoredDocument[] = docs("i", {
      bad: {
        tags: [
          { name: "kept?", score: 1 },
          { name: "x", score: "high" },
        ],
      },
    });
    const session = await open([MAPPING], docs("i", { a: { tags: [{ name: "ok", score: 2 }] } }));
    await expect(session.addDocuments(documents)).rejects.toThrow(/document \[bad\].*tags.score/);
    await session.addDocuments(docs("i", { b: { tags: [{ name: "later", score: 3 }] } }));
    const nested = (name: string) => ({ nested: { path: "tags", query: { term: { "tags.name": name } } } });
    expect(await ids(session, nested("kept?"))).toEqual([]);
    expect(await ids(session, nested("ok"))).toEqual(["a"]);
    expect(await ids(session, nested("later"))).toEqual(["b"]);
  });
});
