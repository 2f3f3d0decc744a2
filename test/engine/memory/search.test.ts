import { describe, expect, it } from "vitest";
import { resolveIndices } from "../../../src/semantics/index-patterns.js";
import { docs, mapping, open } from "./helpers.js";

const LOGS = mapping("logs-a", {
  "@timestamp": { type: "date" },
  "host.name": { type: "keyword" },
  bytes: { type: "long" },
  ratio: { type: "double" },
  "source.ip": { type: "ip" },
});

const setup = () =>
  open(
    [LOGS, mapping("logs-b", { "@timestamp": { type: "date" } }), mapping("other", {})],
    [
      ...docs("logs-a", {
        a1: {
          "@timestamp": "2024-01-03T00:00:00Z",
          host: { name: "b" },
          bytes: [5, 50],
          source: { ip: "10.0.0.2" },
        },
        a2: { "@timestamp": "2024-01-01T00:00:00Z", host: { name: "a" }, bytes: 20, ratio: 0.5 },
        a3: { host: { name: "c" }, source: { ip: "10.0.0.10" } },
        a4: { "@timestamp": "2024-01-01T00:00:00Z", host: { name: "a" } },
      }),
      ...docs("logs-b", { b1: { "@timestamp": "2024-01-02T00:00:00Z" } }),
      ...docs("other", { o1: { "@timestamp": "2024-01-02T00:00:00Z", note: "x" } }),
    ],
  );

describe("index patterns", () => {
  it("expands wildcards, comma lists and exclusions against concrete index names", () => {
    const names = ["logs-a", "logs-b", "other", ".hidden"];
    expect(resolveIndices(names, ["logs-*"])).toEqual(["logs-a", "logs-b"]);
    expect(resolveIndices(names, ["logs-*,other", "-logs-b"])).toEqual(["logs-a", "other"]);
    expect(resolveIndices(names, ["*"])).toEqual(["logs-a", "logs-b", "other"]);
    expect(resolveIndices(names, ["missing"])).toEqual([]);
  });
});

describe("sorting", () => {
  it("sorts ascending with missing values last and ties broken by index then insertion order", async () => {
    const s = await setup();
    const response = await s.search({
      index: ["logs-*"],
      sort: [{ "@timestamp": { order: "asc", unmapped_type: "date" } }],
    });
    expect(response.hits.hits.map((h) => h._id)).toEqual(["a2", "a4", "b1", "a1", "a3"]);
    expect(response.hits.hits.map((h) => h.sort)).toEqual([
      [1704067200000],
      [1704067200000],
      [1704153600000],
      [1704240000000],
      [2 ** 63],
    ]);
  });

  it("descending keeps missing last and uses each document's max value; asc uses min", async () => {
    const s = await setup();
    const desc = await s.search({ index: ["logs-a"], sort: [{ bytes: "desc" }] });
    expect(desc.hits.hits.map((h) => [h._id, h.sort![0]])).toEqual([
      ["a1", 50],
      ["a2", 20],
      ["a3", -(2 ** 63)],
      ["a4", -(2 ** 63)],
    ]);
    const asc = await s.search({ index: ["logs-a"], sort: [{ bytes: { order: "asc" } }] });
    expect(asc.hits.hits.map((h) => h._id)).toEqual(["a1", "a2", "a3", "a4"]);
  });

  it("renders keyword and ip sort values as strings, missing keywords as null, missing doubles as Infinity", async () => {
    const s = await setup();
    const response = await s.search({
      index: ["logs-a"],
      sort: [{ "source.ip": "asc" }, { ratio: "asc" }, { "host.name": "asc" }],
    });
    expect(response.hits.hits.map((h) => h.sort)).toEqual([
      ["10.0.0.2", Number.POSITIVE_INFINITY, "b"],
      ["10.0.0.10", Number.POSITIVE_INFINITY, "c"],
      [null, 0.5, "a"],
      [null, Number.POSITIVE_INFINITY, "a"],
    ]);
  });

  it("an unmapped sort field without unmapped_type is an error", async () => {
    const s = await setup();
    await expect(s.search({ index: ["logs-*"], sort: [{ "host.name": "asc" }] })).rejects.toThrow(
      /No mapping found for \[host.name\]/,
    );
  });

  it("search_after continues strictly after the given sort values", async () => {
    const s = await setup();
    const sort = [
      { "@timestamp": { order: "asc", unmapped_type: "date" } },
      { "host.name": { order: "asc", unmapped_type: "keyword" } },
    ];
    const first = await s.search({ index: ["logs-*"], sort, size: 2 });
    expect(first.hits.hits.map((h) => h._id)).toEqual(["a2", "a4"]);
    const next = await s.search({ index: ["logs-*"], sort, size: 2, search_after: first.hits.hits[1].sort });
    expect(next.hits.hits.map((h) => h._id)).toEqual(["b1", "a1"]);
    const last = await s.search({ index: ["logs-*"], sort, size: 2, search_after: next.hits.hits[1].sort });
    expect(last.hits.hits.map((h) => h._id)).toEqual(["a3"]);
    const done = await s.search({ index: ["logs-*"], sort, size: 2, search_after: last.hits.hits[0].sort });
    expect(done.hits.hits).toEqual([]);
  });
});

describe("response shape", () => {
  it("returns _index, _id, _source; honours size and _source: false", async () => {
    const s = await setup();
    const response = await s.search({ index: ["other"], size: 1 });
    expect(response.hits).toEqual({
      total: { value: 1, relation: "eq" },
      hits: [{ _index: "other", _id: "o1", _source: { "@timestamp": "2024-01-02T00:00:00Z", note: "x" } }],
    });
    const noSource = await s.search({ index: ["other"], _source: false });
    expect(noSource.hits.hits[0]).toEqual({ _index: "other", _id: "o1" });
    const empty = await s.search({ index: ["logs-*"], size: 0 });
    expect(empty.hits).toEqual({ total: { value: 5, relation: "eq" }, hits: [] });
  });

  it("caps total hits at 10,000 unless track_total_hits is set", async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ _index: "big", _id: String(i), _source: {} }));
    const s = await open([], many);
    expect((await s.search({ index: ["big"], size: 0 })).hits.total).toEqual({
      value: 10_000,
      relation: "gte",
    });
    expect((await s.search({ index: ["big"], size: 0, track_total_hits: true })).hits.total).toEqual({
      value: 10_001,
      relation: "eq",
    });
  });

  it("makes added documents searchable (addDocuments)", async () => {
    const s = await setup();
    await s.addDocuments(docs("logs-b", { b2: { "@timestamp": "2024-02-01T00:00:00Z" } }));
    const response = await s.search({
      index: ["logs-b"],
      query: { range: { "@timestamp": { gte: "2024-02-01" } } },
    });
    expect(response.hits.hits.map((h) => h._id)).toEqual(["b2"]);
  });
});
