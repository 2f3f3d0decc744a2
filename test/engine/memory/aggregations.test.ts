import { describe, expect, it } from "vitest";
import { docs, mapping, open } from "./helpers.js";

const MAPPING = mapping("i", {
  "@timestamp": { type: "date" },
  "user.name": { type: "keyword" },
  "host.name": { type: "keyword" },
  bytes: { type: "long" },
  ok: { type: "boolean" },
  "source.ip": { type: "ip" },
  message: { type: "text" },
});

const setup = () =>
  open(
    [MAPPING],
    docs("i", {
      e1: {
        "@timestamp": "2024-01-01T00:00:01Z",
        user: { name: "bob" },
        host: { name: ["h1", "h2"] },
        bytes: 3,
        ok: true,
        source: { ip: "10.0.0.2" },
      },
      e2: {
        "@timestamp": "2024-01-01T00:00:02Z",
        user: { name: "alice" },
        host: { name: "h1" },
        bytes: 1,
        ok: false,
        source: { ip: "10.0.0.10" },
      },
      e3: { "@timestamp": "2024-01-01T00:00:03Z", user: { name: "bob" }, host: { name: "h1" }, bytes: 3 },
      e4: { "@timestamp": "2024-01-01T00:00:04Z", host: { name: "h3" }, message: "no user" },
      e5: { "@timestamp": "2024-01-01T00:00:00Z", user: { name: "Bob" }, host: { name: "h2" } },
    }),
  );

const aggregate = async (aggs: Record<string, object>) => {
  const s = await setup();
  const response = await s.search({ index: ["i"], size: 0, aggs: aggs as never });
  return response.aggregations!;
};

describe("composite", () => {
  it("buckets every combination of values in ascending key order, skipping docs missing a source", async () => {
    const result = await aggregate({
      c: {
        composite: {
          size: 10,
          sources: [
            { "user.name": { terms: { field: "user.name" } } },
            { "host.name": { terms: { field: "host.name" } } },
          ],
        },
      },
    });
    expect(result.c).toEqual({
      after_key: { "user.name": "bob", "host.name": "h2" },
      buckets: [
        { key: { "user.name": "Bob", "host.name": "h2" }, doc_count: 1 },
        { key: { "user.name": "alice", "host.name": "h1" }, doc_count: 1 },
        { key: { "user.name": "bob", "host.name": "h1" }, doc_count: 2 },
        { key: { "user.name": "bob", "host.name": "h2" }, doc_count: 1 },
      ],
    });
  });

  it("pages with size and after, and returns no after_key once empty", async () => {
    const s = await setup();
    const page = (after?: object) =>
      s.search({
        index: ["i"],
        size: 0,
        aggs: {
          c: {
            composite: {
              size: 2,
              sources: [{ u: { terms: { field: "user.name" } } }],
              ...(after ? { after } : {}),
            },
          },
        },
      });
    const first = (await page()).aggregations!.c as { after_key: object; buckets: { key: { u: string } }[] };
    expect(first.buckets.map((b) => b.key.u)).toEqual(["Bob", "alice"]);
    const second = (await page(first.after_key)).aggregations!.c as {
      after_key: object;
      buckets: { key: { u: string } }[];
    };
    expect(second.buckets.map((b) => b.key.u)).toEqual(["bob"]);
    expect((await page(second.after_key)).aggregations!.c).toEqual({ buckets: [] });
  });

  it("types keys per field: numbers for long and date (epoch ms), strings for ip, booleans for boolean", async () => {
    const result = await aggregate({
      c: {
        composite: {
          sources: [
            { b: { terms: { field: "bytes" } } },
            { ip: { terms: { field: "source.ip" } } },
            { ok: { terms: { field: "ok" } } },
          ],
        },
      },
      d: { composite: { size: 1, sources: [{ t: { terms: { field: "@timestamp" } } }] } },
    });
    expect((result.c as { buckets: unknown[] }).buckets).toEqual([
      { key: { b: 1, ip: "10.0.0.10", ok: false }, doc_count: 1 },
      { key: { b: 3, ip: "10.0.0.2", ok: true }, doc_count: 1 },
    ]);
    expect((result.d as { buckets: unknown[] }).buckets).toEqual([
      { key: { t: 1704067200000 }, doc_count: 1 },
    ]);
  });

  it("runs sub-aggregations per bucket (min timestamp with value_as_string, top_hits)", async () => {
    const result = await aggregate({
      c: {
        composite: { sources: [{ u: { terms: { field: "user.name" } } }] },
        aggs: {
          first_seen: { min: { field: "@timestamp" } },
          docs: { top_hits: { size: 1, sort: [{ "@timestamp": { order: "asc" } }] } },
        },
      },
    });
    const bob = (
      result.c as {
        buckets: {
          key: { u: string };
          first_seen: object;
          docs: { hits: { hits: { _id: string; sort: unknown[] }[] } };
        }[];
      }
    ).buckets[2];
    expect(bob.key.u).toBe("bob");
    expect(bob.first_seen).toEqual({ value: 1704067201000, value_as_string: "2024-01-01T00:00:01.000Z" });
    expect(bob.docs.hits.hits.map((h) => [h._id, h.sort])).toEqual([["e1", [1704067201000]]]);
  });
});

describe("terms", () => {
  it("orders by doc_count desc then key asc, counts each doc once per value, reports sum_other_doc_count", async () => {
    const result = await aggregate({ t: { terms: { field: "host.name", size: 2 } } });
    expect(result.t).toEqual({
      doc_count_error_upper_bound: 0,
      sum_other_doc_count: 1,
      buckets: [
        { key: "h1", doc_count: 3 },
        { key: "h2", doc_count: 2 },
      ],
    });
  });

  it("include keeps only the listed values; date keys are epoch ms with key_as_string; booleans are 1/0", async () => {
    const result = await aggregate({
      t: { terms: { field: "user.name", include: ["bob", "nobody"] } },
      d: { terms: { field: "@timestamp", include: [1704067204000] } },
      b: { terms: { field: "ok" } },
    });
    expect((result.t as { buckets: unknown[] }).buckets).toEqual([{ key: "bob", doc_count: 2 }]);
    expect((result.d as { buckets: unknown[] }).buckets).toEqual([
      { key: 1704067204000, key_as_string: "2024-01-01T00:00:04.000Z", doc_count: 1 },
    ]);
    expect((result.b as { buckets: unknown[] }).buckets).toEqual([
      { key: 0, key_as_string: "false", doc_count: 1 },
      { key: 1, key_as_string: "true", doc_count: 1 },
    ]);
  });
});

describe("metrics and filters", () => {
  it("min/max/cardinality (exact)/value_count", async () => {
    const result = await aggregate({
      min: { min: { field: "bytes" } },
      max: { max: { field: "@timestamp" } },
      none: { max: { field: "missing" } },
      users: { cardinality: { field: "user.name" } },
      count: { value_count: { field: "host.name" } },
    });
    expect(result).toEqual({
      min: { value: 1 },
      max: { value: 1704067204000, value_as_string: "2024-01-01T00:00:04.000Z" },
      none: { value: null },
      users: { value: 3 },
      count: { value: 6 },
    });
  });

  it("filter and filters narrow the documents of their sub-aggregations", async () => {
    const result = await aggregate({
      f: {
        filter: { term: { "host.name": "h1" } },
        aggs: { users: { cardinality: { field: "user.name" } } },
      },
      fs: {
        filters: { filters: { bob: { term: { "user.name": "bob" } }, h3: { term: { "host.name": "h3" } } } },
      },
    });
    expect(result.f).toEqual({ doc_count: 3, users: { value: 2 } });
    expect(result.fs).toEqual({ buckets: { bob: { doc_count: 2 }, h3: { doc_count: 1 } } });
  });

  it("refuses scripts, pipeline aggregations and text fields", async () => {
    await expect(aggregate({ s: { terms: { script: { source: "1" } } } })).rejects.toThrow(
      /scripts are not supported/,
    );
    await expect(
      aggregate({ t: { terms: { field: "user.name" }, aggs: { sel: { bucket_selector: {} } } } }),
    ).rejects.toThrow(/\[bucket_selector\].*no scripts/);
    await expect(aggregate({ t: { terms: { field: "message" } } })).rejects.toThrow(
      /Text fields are not optimised/,
    );
  });
});
