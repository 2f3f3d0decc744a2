import { describe, expect, it } from "vitest";
import { docs, ids, mapping, open } from "./helpers.js";

// Fields are inverted the first time a search touches them and extended as documents arrive: searches
// before and after addDocuments must see exactly the documents indexed so far.

const MAPPING = mapping("i", {
  "host.name": { type: "keyword" },
  message: { type: "text" },
  "message.keyword": { type: "keyword", parent: "message", ignoreAbove: 10 },
  ok: { type: "boolean" },
  bytes: { type: "long" },
  "@timestamp": { type: "date" },
});

const hostTerms = async (session: Awaited<ReturnType<typeof open>>) => {
  const response = await session.search({
    index: ["i"],
    size: 0,
    aggs: { hosts: { terms: { field: "host.name" } } },
  });
  return (response.aggregations!.hosts as { buckets: { key: string; doc_count: number }[] }).buckets;
};

describe("fields inverted on first use", () => {
  it("find documents added after the field was first searched", async () => {
    const session = await open(
      [MAPPING],
      docs("i", {
        a: { host: { name: "web" }, message: "disk full on web", ok: true, bytes: 5 },
        b: { host: { name: "db" }, message: "disk ok" },
      }),
    );
    expect(await ids(session, { term: { "host.name": "web" } })).toEqual(["a"]);
    expect(await ids(session, { match_phrase: { message: "disk full" } })).toEqual(["a"]);
    expect(await ids(session, { term: { ok: true } })).toEqual(["a"]);
    expect(await hostTerms(session)).toEqual([
      { key: "db", doc_count: 1 },
      { key: "web", doc_count: 1 },
    ]);

    await session.addDocuments(
      docs("i", {
        c: { host: { name: ["web", "mail"] }, message: ["disk", "full again"], ok: "true", bytes: "7" },
      }),
    );
    expect(await ids(session, { term: { "host.name": "web" } })).toEqual(["a", "c"]);
    expect(await ids(session, { term: { "host.name": "mail" } })).toEqual(["c"]);
    // Array elements are 100 positions apart: the phrase does not span them.
    expect(await ids(session, { match_phrase: { message: "disk full" } })).toEqual(["a"]);
    expect(await ids(session, { match_phrase: { message: "full again" } })).toEqual(["c"]);
    expect(await ids(session, { term: { ok: true } })).toEqual(["a", "c"]);
    expect(await ids(session, { range: { bytes: { gte: 6 } } })).toEqual(["c"]);
    expect(await hostTerms(session)).toEqual([
      { key: "web", doc_count: 2 },
      { key: "db", doc_count: 1 },
      { key: "mail", doc_count: 1 },
    ]);
  });

  it("leave a rejected document out of structures built before it arrived", async () => {
    const session = await open([MAPPING], docs("i", { a: { host: { name: "web" }, bytes: 1 } }));
    expect(await ids(session, { term: { "host.name": "web" } })).toEqual(["a"]);
    expect(await ids(session, { exists: { field: "@timestamp" } })).toEqual([]);
    await expect(
      session.addDocuments(
        docs("i", { bad: { host: { name: "web" }, "@timestamp": "2024-01-01T00:00:00.000Z", bytes: "x" } }),
      ),
    ).rejects.toThrow(/document \[bad\] in index \[i\]: failed to parse field \[bytes\]/);
    expect(await ids(session, { term: { "host.name": "web" } })).toEqual(["a"]);
    expect(await ids(session, { exists: { field: "@timestamp" } })).toEqual([]);
    expect(await hostTerms(session)).toEqual([{ key: "web", doc_count: 1 }]);
  });

  it("merge the values of one field given by a dotted key and by an object", async () => {
    const session = await open([MAPPING], docs("i", { a: { "host.name": "web", host: { name: "db" } } }));
    expect(await ids(session, { term: { "host.name": "web" } })).toEqual(["a"]);
    expect(await ids(session, { term: { "host.name": "db" } })).toEqual(["a"]);
    const response = await session.search({
      index: ["i"],
      size: 1,
      sort: [{ "host.name": { order: "desc" } }],
    });
    expect(response.hits.hits[0].sort).toEqual(["web"]);
  });

  it("apply ignore_above per value of a multi-field while the text field keeps every value", async () => {
    const session = await open(
      [MAPPING],
      docs("i", { short: { message: "tiny" }, long: { message: "much longer than ten" } }),
    );
    expect(await ids(session, { exists: { field: "message.keyword" } })).toEqual(["short"]);
    expect(await ids(session, { exists: { field: "message" } })).toEqual(["short", "long"]);
  });

  it("read canonical and other ISO dates alike", async () => {
    const session = await open(
      [MAPPING],
      docs("i", {
        canonical: { "@timestamp": "2024-02-29T23:59:59.999Z" },
        short: { "@timestamp": "2024-02-29T23:59:59.999+00:00" },
      }),
    );
    expect(await ids(session, { term: { "@timestamp": "2024-02-29T23:59:59.999Z" } })).toEqual([
      "canonical",
      "short",
    ]);
    await expect(
      session.addDocuments(docs("i", { impossible: { "@timestamp": "2023-02-29T00:00:00.000Z" } })),
    ).rejects.toThrow(/document \[impossible\] in index \[i\]: failed to parse field \[@timestamp\]/);
  });
});
