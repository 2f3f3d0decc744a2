import { describe, expect, it } from "vitest";
import { docs, ids, mapping, open } from "./helpers.js";

const MAPPING = mapping("i", {
  "host.name": { type: "keyword" },
  tags: { type: "keyword" },
  message: { type: "text" },
  bytes: { type: "long" },
  "source.ip": { type: "ip" },
  "@timestamp": { type: "date" },
  users: { type: "nested" },
  "users.first": { type: "keyword", nestedPath: "users" },
  "users.last": { type: "keyword", nestedPath: "users" },
});

const DOCS = docs("i", {
  a: {
    host: { name: "web-01" },
    tags: ["prod", "eu"],
    message: "quick brown fox",
    bytes: 10,
    users: [{ first: "alice", last: "smith" }],
  },
  b: {
    host: { name: "db-01" },
    tags: ["prod"],
    message: "lazy dog",
    bytes: 20,
    users: [
      { first: "alice", last: "jones" },
      { first: "bob", last: "smith" },
    ],
  },
  c: { host: { name: "web-02" }, message: "alice smith wrote", source: { ip: "10.0.0.1" } },
});

const setup = () => open([MAPPING], DOCS);
const should = (...queries: object[]) => ({ bool: { should: queries, minimum_should_match: 1 } });

describe("bool", () => {
  it("filter/must AND, must_not excludes (including docs without the field), should ORs", async () => {
    const s = await setup();
    expect(
      await ids(s, { bool: { filter: [{ term: { tags: "prod" } }, { term: { tags: "eu" } }] } }),
    ).toEqual(["a"]);
    expect(await ids(s, { bool: { must_not: { term: { tags: "eu" } } } })).toEqual(["b", "c"]);
    expect(
      await ids(s, should({ term: { "host.name": "web-01" } }, { term: { "host.name": "db-01" } })),
    ).toEqual(["a", "b"]);
  });

  it("should is optional next to must/filter unless minimum_should_match is set (ES 7+ default)", async () => {
    const s = await setup();
    const query = { filter: [{ term: { tags: "prod" } }], should: [{ term: { "host.name": "nope" } }] };
    expect(await ids(s, { bool: query })).toEqual(["a", "b"]);
    expect(await ids(s, { bool: { ...query, minimum_should_match: 1 } })).toEqual([]);
  });

  it("supports numeric, negative and percentage minimum_should_match", async () => {
    const s = await setup();
    const clauses = [
      { term: { tags: "prod" } },
      { term: { tags: "eu" } },
      { exists: { field: "source.ip" } },
    ];
    expect(await ids(s, { bool: { should: clauses, minimum_should_match: 2 } })).toEqual(["a"]);
    expect(await ids(s, { bool: { should: clauses, minimum_should_match: "-2" } })).toEqual(["a", "b", "c"]);
    expect(await ids(s, { bool: { should: clauses, minimum_should_match: "67%" } })).toEqual(["a"]);
  });

  it("an empty should with minimum_should_match 1 matches nothing; an empty bool matches everything", async () => {
    const s = await setup();
    expect(await ids(s, { bool: { should: [], minimum_should_match: 1 } })).toEqual([]);
    expect(await ids(s, { bool: {} })).toEqual(["a", "b", "c"]);
  });
});

describe("term-level queries", () => {
  it("terms, ids, match_all, match_none, exists on an object", async () => {
    const s = await setup();
    expect(await ids(s, { terms: { "host.name": ["web-01", "web-02"] } })).toEqual(["a", "c"]);
    expect(await ids(s, { ids: { values: ["c", "a", "zz"] } })).toEqual(["a", "c"]);
    expect(await ids(s, { match_all: {} })).toEqual(["a", "b", "c"]);
    expect(await ids(s, { match_none: {} })).toEqual([]);
    expect(await ids(s, { exists: { field: "source" } })).toEqual(["c"]);
  });

  it("queries on unmapped fields match nothing without error", async () => {
    const s = await setup();
    expect(await ids(s, { match: { "no.such": "x" } })).toEqual([]);
    expect(await ids(s, { match: { "host.*": "web-01" } })).toEqual([]);
    expect(await ids(s, { range: { missing: { gte: 1 } } })).toEqual([]);
  });
});

describe("nested", () => {
  it("requires all conditions within the same nested object", async () => {
    const s = await setup();
    const inner = {
      bool: { filter: [{ term: { "users.first": "alice" } }, { term: { "users.last": "smith" } }] },
    };
    expect(await ids(s, { nested: { path: "users", query: inner, score_mode: "none" } })).toEqual(["a"]);
    expect(await ids(s, { nested: { path: "users", query: { term: { "users.last": "smith" } } } })).toEqual([
      "a",
      "b",
    ]);
  });

  it("nested fields are invisible to plain queries; a non-nested path is an error", async () => {
    const s = await setup();
    expect(await ids(s, { term: { "users.first": "alice" } })).toEqual([]);
    await expect(ids(s, { nested: { path: "host", query: { match_all: {} } } })).rejects.toThrow(
      /failed to find nested object/,
    );
    expect(
      await ids(s, { nested: { path: "host", query: { match_all: {} }, ignore_unmapped: true } }),
    ).toEqual([]);
  });
});

describe("query_string (Lucene syntax)", () => {
  const qs = (query: string, extra: object = {}) => ({ query_string: { query, ...extra } });

  it("lower-cases wildcard terms on text fields and matches them against tokens", async () => {
    const s = await setup();
    expect(await ids(s, qs("Qu*ck", { fields: ["message"] }))).toEqual(["a"]);
    expect(await ids(s, qs("qu*ck bro*", { fields: ["message"] }))).toEqual(["a"]);
    expect(await ids(s, qs("do?", { fields: ["message"] }))).toEqual(["b"]);
  });

  it("splits on whitespace and ORs the parts (default_operator OR)", async () => {
    const s = await setup();
    expect(await ids(s, qs("lazy fox", { fields: ["message"] }))).toEqual(["a", "b"]);
    expect(await ids(s, qs("lazy fox", { fields: ["message"], default_operator: "AND" }))).toEqual([]);
  });

  it("keyword wildcards are case-sensitive and anchored; escaped characters are literal", async () => {
    const s = await setup();
    expect(await ids(s, qs("web\\-0*", { fields: ["host.name"] }))).toEqual(["a", "c"]);
    expect(await ids(s, qs("WEB*", { fields: ["host.name"] }))).toEqual([]);
    expect(await ids(s, qs("*-01", { fields: ["host.name"] }))).toEqual(["a", "b"]);
  });

  it("field:value, boolean operators, NOT, groups, ranges and _exists_", async () => {
    const s = await setup();
    expect(await ids(s, qs('host.name:web-01 OR message:"lazy dog"'))).toEqual(["a", "b"]);
    expect(await ids(s, qs("tags:prod AND NOT host.name:db-01"))).toEqual(["a"]);
    expect(await ids(s, qs("NOT tags:prod"))).toEqual(["c"]);
    expect(await ids(s, qs("host.name:(web-01 OR web-02) AND _exists_:source.ip"))).toEqual(["c"]);
    expect(await ids(s, qs("bytes:[10 TO 20}"))).toEqual(["a"]);
    expect(await ids(s, qs("bytes:>=20"))).toEqual(["b"]);
    expect(await ids(s, qs("+tags:prod -tags:eu"))).toEqual(["b"]);
  });

  it("follows Lucene's conjunction rules: `a AND b OR c` makes a and b required", async () => {
    const s = await setup();
    expect(await ids(s, qs("tags:prod AND tags:eu OR host.name:web-02"))).toEqual(["a"]);
  });

  it("a bare * matches all documents; field:* is exists", async () => {
    const s = await setup();
    expect(await ids(s, qs("*"))).toEqual(["a", "b", "c"]);
    expect(await ids(s, qs("source.ip:*"))).toEqual(["c"]);
  });

  it("free text over all fields is lenient: numbers/ips/dates that cannot parse the term are skipped", async () => {
    const s = await setup();
    expect(await ids(s, qs("alice"))).toEqual(["c"]);
    expect(await ids(s, qs("10.0.0.1"))).toEqual(["c"]);
  });

  it("analyze_wildcard splits a prefix into analysed tokens", async () => {
    const s = await setup();
    expect(await ids(s, qs("message:brown-fo*", { analyze_wildcard: true }))).toEqual(["a"]);
  });

  it("reports syntax errors and unsupported syntax clearly", async () => {
    const s = await setup();
    await expect(ids(s, qs("host.name:(web"))).rejects.toThrow(/Failed to parse query/);
    await expect(ids(s, qs("message:/reg.x/"))).rejects.toThrow(/regular expressions are not supported/);
    await expect(ids(s, qs("message:quikc~"))).rejects.toThrow(/fuzzy/);
  });
});

describe("multi_match (KQL free text)", () => {
  it("best_fields over all fields, lenient: keyword exact, text tokens", async () => {
    const s = await setup();
    expect(await ids(s, { multi_match: { type: "best_fields", query: "web-01", lenient: true } })).toEqual([
      "a",
    ]);
    expect(await ids(s, { multi_match: { type: "best_fields", query: "alice", lenient: true } })).toEqual([
      "c",
    ]);
    expect(await ids(s, { multi_match: { type: "best_fields", query: 20, lenient: true } })).toEqual(["b"]);
  });

  it("phrase type uses match_phrase per field", async () => {
    const s = await setup();
    expect(await ids(s, { multi_match: { type: "phrase", query: "smith wrote", lenient: true } })).toEqual([
      "c",
    ]);
    expect(await ids(s, { multi_match: { type: "phrase", query: "wrote smith", lenient: true } })).toEqual(
      [],
    );
  });
});

describe("unsupported requests fail clearly", () => {
  it("refuses scripts and unknown query types", async () => {
    const s = await setup();
    await expect(ids(s, { script: { script: { source: "true" } } })).rejects.toThrow(
      /\[script\] query \(scripts are not supported\)/,
    );
    await expect(ids(s, { fuzzy: { message: "quikc" } })).rejects.toThrow(
      /does not support the \[fuzzy\] query/,
    );
    await expect(ids(s, { match_phrase: { message: { query: "a b", slop: 2 } } })).rejects.toThrow(/slop/);
  });
});
