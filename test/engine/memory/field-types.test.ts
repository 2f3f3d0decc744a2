import { describe, expect, it } from "vitest";
import { docs, ids, mapping, open } from "./helpers.js";

describe("keyword", () => {
  const setup = () =>
    open(
      [mapping("i", { "host.name": { type: "keyword", ignoreAbove: 10 } })],
      docs("i", {
        exact: { host: { name: "web-01" } },
        upper: { host: { name: "WEB-01" } },
        array: { host: { name: ["x", "web-01"] } },
        long: { host: { name: "web-01-very-long-name" } },
        empty: { host: { name: "" } },
        none: { host: { name: null } },
        missing: {},
        number: { host: { name: 42 } },
      }),
    );

  it("term/match/match_phrase compare the whole value, case-sensitively; arrays match on any element", async () => {
    const s = await setup();
    for (const query of [
      { term: { "host.name": "web-01" } },
      { match: { "host.name": "web-01" } },
      { match_phrase: { "host.name": "web-01" } },
    ]) {
      expect(await ids(s, query)).toEqual(["exact", "array"]);
    }
    expect(await ids(s, { term: { "host.name": { value: "web-01", case_insensitive: true } } })).toEqual([
      "exact",
      "upper",
      "array",
    ]);
    expect(await ids(s, { match: { "host.name": "web" } })).toEqual([]);
  });

  it("indexes numbers as their text", async () => {
    expect(await ids(await setup(), { term: { "host.name": "42" } })).toEqual(["number"]);
  });

  it("exists counts empty strings but not null, missing or values over ignore_above", async () => {
    expect(await ids(await setup(), { exists: { field: "host.name" } })).toEqual([
      "exact",
      "upper",
      "array",
      "empty",
      "number",
    ]);
  });

  it("range compares terms in UTF-8 byte order", async () => {
    expect(await ids(await setup(), { range: { "host.name": { gt: "a", lte: "x" } } })).toEqual([
      "exact",
      "array",
    ]);
  });

  it("wildcard matches the whole value; prefix too; case_insensitive folds case", async () => {
    const s = await setup();
    expect(await ids(s, { wildcard: { "host.name": { value: "web*" } } })).toEqual(["exact", "array"]);
    expect(await ids(s, { wildcard: { "host.name": { value: "w?b-0*", case_insensitive: true } } })).toEqual([
      "exact",
      "upper",
      "array",
    ]);
    expect(await ids(s, { wildcard: { "host.name": "*\\-01" } })).toEqual(["exact", "upper", "array"]);
    expect(await ids(s, { prefix: { "host.name": "WEB" } })).toEqual(["upper"]);
  });
});

describe("text and match_only_text (standard analyzer)", () => {
  const setup = () =>
    open(
      [mapping("i", { message: { type: "text" }, title: { type: "match_only_text" } })],
      docs("i", {
        a: { message: "The Quick, brown fox", title: "Kibana Guide" },
        b: { message: "brown quick dog", title: "Guide to Kibana" },
        c: { message: ["quick", "brown"], title: "" },
        d: { message: "quickly browns" },
      }),
    );

  it("match ORs the analysed tokens by default, ANDs them with operator and", async () => {
    const s = await setup();
    expect(await ids(s, { match: { message: "QUICK brown" } })).toEqual(["a", "b", "c"]);
    expect(await ids(s, { match: { message: { query: "quick fox", operator: "and" } } })).toEqual(["a"]);
  });

  it("match_phrase needs consecutive positions and never spans array elements", async () => {
    const s = await setup();
    expect(await ids(s, { match_phrase: { message: "quick, BROWN" } })).toEqual(["a"]);
    expect(await ids(s, { match_phrase: { title: "kibana guide!" } })).toEqual(["a"]);
  });

  it("term on text compares against the lower-cased tokens without analysing the value", async () => {
    const s = await setup();
    expect(await ids(s, { term: { message: "quick" } })).toEqual(["a", "b", "c"]);
    expect(await ids(s, { term: { message: "Quick" } })).toEqual([]);
  });

  it("exists counts an empty string although it has no tokens", async () => {
    expect(await ids(await setup(), { exists: { field: "title" } })).toEqual(["a", "b", "c"]);
  });

  it("refuses sorting and aggregating on text (no fielddata)", async () => {
    const s = await setup();
    await expect(s.search({ index: ["i"], sort: [{ message: "asc" }] })).rejects.toThrow(
      /Text fields are not optimised/,
    );
  });
});

describe("numeric types", () => {
  const setup = () =>
    open(
      [
        mapping("i", {
          bytes: { type: "long" },
          ratio: { type: "float" },
          half: { type: "half_float" },
          price: { type: "scaled_float", scalingFactor: 100 },
          small: { type: "byte" },
        }),
      ],
      docs("i", {
        a: { bytes: 1000, ratio: 1.1, half: 0.1, price: 1.234, small: 1 },
        b: { bytes: "2000", ratio: "2.5", half: 1000.7, price: "9.999" },
        c: { bytes: [5, 3000] },
        d: { bytes: 1.9 },
        e: { bytes: "" },
      }),
    );

  it("coerces numeric strings and truncates decimals in integer fields", async () => {
    const s = await setup();
    expect(await ids(s, { match: { bytes: "2000" } })).toEqual(["b"]);
    expect(await ids(s, { term: { bytes: 1 } })).toEqual(["d"]);
    expect(await ids(s, { exists: { field: "bytes" } })).toEqual(["a", "b", "c", "d"]);
  });

  it("a decimal term on an integer field matches nothing; ranges compare exactly", async () => {
    const s = await setup();
    expect(await ids(s, { match: { bytes: "1000.5" } })).toEqual([]);
    expect(await ids(s, { match: { bytes: "1000.0" } })).toEqual(["a"]);
    expect(await ids(s, { range: { bytes: { gt: "1000" } } })).toEqual(["b", "c"]);
    expect(await ids(s, { range: { bytes: { gte: 999.5, lt: 1000.5 } } })).toEqual(["a"]);
  });

  it("rounds float and half_float values and query values to the field's precision", async () => {
    const s = await setup();
    expect(await ids(s, { term: { ratio: 1.1 } })).toEqual(["a"]);
    expect(await ids(s, { term: { half: 0.1 } })).toEqual(["a"]);
    expect(await ids(s, { term: { half: 1000.6 } })).toEqual(["b"]);
    expect(await ids(s, { range: { ratio: { gte: 1.1, lte: 1.1 } } })).toEqual(["a"]);
  });

  it("stores scaled_float as round(value × factor)", async () => {
    const s = await setup();
    expect(await ids(s, { term: { price: 1.23 } })).toEqual(["a"]);
    expect(await ids(s, { range: { price: { gt: 9.99 } } })).toEqual(["b"]);
  });

  it("a non-number query value is an error unless lenient", async () => {
    const s = await setup();
    await expect(ids(s, { match: { bytes: "abc" } })).rejects.toThrow(
      /failed to create query on field \[bytes\]/,
    );
    expect(await ids(s, { match: { bytes: { query: "abc", lenient: true } } })).toEqual([]);
    await expect(ids(s, { term: { small: 1000 } })).rejects.toThrow(/out of range for a byte/);
  });

  it("refuses wildcard queries on numbers", async () => {
    await expect(ids(await setup(), { wildcard: { bytes: "1*" } })).rejects.toThrow(
      /Can only use wildcard queries on keyword and text/,
    );
  });
});

describe("date", () => {
  const setup = () =>
    open(
      [mapping("i", { "@timestamp": { type: "date" }, day: { type: "date", format: "yyyy/MM/dd" } })],
      docs("i", {
        start: { "@timestamp": "2024-01-01T00:00:00Z", day: "2024/01/01" },
        end: { "@timestamp": "2024-01-01T23:59:59.999Z" },
        next: { "@timestamp": 1704153600000 },
        paris: { "@timestamp": "2023-12-31T23:30:00Z" },
      }),
    );

  it("gte = lte with a day matches the whole day (upper bound rounded up)", async () => {
    const s = await setup();
    expect(await ids(s, { range: { "@timestamp": { gte: "2024-01-01", lte: "2024-01-01" } } })).toEqual([
      "start",
      "end",
    ]);
    expect(await ids(s, { match: { "@timestamp": "2024-01-01" } })).toEqual(["start", "end"]);
  });

  it("gt rounds up, lt rounds down", async () => {
    const s = await setup();
    expect(await ids(s, { range: { "@timestamp": { gt: "2024-01-01" } } })).toEqual(["next"]);
    expect(await ids(s, { range: { "@timestamp": { lt: "2024-01-01" } } })).toEqual(["paris"]);
  });

  it("time_zone shifts values without offset; epoch millis never shift", async () => {
    const s = await setup();
    const paris = { gte: "2024-01-01", lte: "2024-01-01", time_zone: "Europe/Paris" };
    expect(await ids(s, { range: { "@timestamp": paris } })).toEqual(["start", "paris"]);
    expect(await ids(s, { range: { "@timestamp": { gte: "1704153600000", time_zone: "+05:00" } } })).toEqual([
      "next",
    ]);
  });

  it("uses date math relative to now, and the field's or the query's format", async () => {
    const s = await setup();
    expect(await ids(s, { range: { "@timestamp": { gte: "now-100d/d" } } })).toEqual([]);
    expect(await ids(s, { range: { "@timestamp": { lt: "now-5M" } } })).toEqual([
      "start",
      "end",
      "next",
      "paris",
    ]);
    expect(await ids(s, { match: { day: "2024/01/01" } })).toEqual(["start"]);
    expect(
      await ids(s, {
        range: { "@timestamp": { gte: "01/01/2024", format: "dd/MM/yyyy", lt: "02/01/2024" } },
      }),
    ).toEqual(["start", "end"]);
  });

  it("an unparseable date is an error; wildcards on dates are refused", async () => {
    const s = await setup();
    await expect(ids(s, { match: { "@timestamp": "yesterday" } })).rejects.toThrow(/failed to parse date/);
    await expect(ids(s, { query_string: { query: "2024*", fields: ["@timestamp"] } })).rejects.toThrow(
      /Can only use wildcard/,
    );
  });
});

describe("boolean, ip, constant_keyword, wildcard type, flattened", () => {
  it("boolean accepts true/false and their strings; other values are errors", async () => {
    const s = await open(
      [mapping("i", { ok: { type: "boolean" } })],
      docs("i", { t: { ok: true }, ts: { ok: "true" }, f: { ok: false }, e: { ok: "" } }),
    );
    expect(await ids(s, { match: { ok: true } })).toEqual(["t", "ts"]);
    expect(await ids(s, { term: { ok: "false" } })).toEqual(["f", "e"]);
    await expect(ids(s, { match: { ok: "yes" } })).rejects.toThrow(/Can't parse boolean value \[yes\]/);
  });

  it("ip matches addresses exactly, CIDR blocks by range, v4 and v6 alike", async () => {
    const s = await open(
      [mapping("i", { "source.ip": { type: "ip" } })],
      docs("i", {
        a: { source: { ip: "10.1.2.3" } },
        b: { source: { ip: ["1.1.1.1", "10.9.9.9"] } },
        c: { source: { ip: "11.0.0.1" } },
        v6: { source: { ip: "2001:db8::1" } },
      }),
    );
    expect(await ids(s, { match: { "source.ip": "10.0.0.0/8" } })).toEqual(["a", "b"]);
    expect(await ids(s, { match_phrase: { "source.ip": "10.1.2.3" } })).toEqual(["a"]);
    expect(await ids(s, { term: { "source.ip": "2001:db8:0:0:0:0:0:1" } })).toEqual(["v6"]);
    expect(await ids(s, { term: { "source.ip": "2001:db8::/32" } })).toEqual(["v6"]);
    expect(await ids(s, { range: { "source.ip": { gte: "10.0.0.0", lte: "10.255.255.255" } } })).toEqual([
      "a",
      "b",
    ]);
    await expect(ids(s, { match: { "source.ip": "nope" } })).rejects.toThrow(/not an IP string literal/);
    await expect(ids(s, { query_string: { query: "10.*", fields: ["source.ip"] } })).rejects.toThrow(
      /Can only use wildcard/,
    );
  });

  it("constant_keyword matches every document of its index, even those without the field", async () => {
    const s = await open(
      [
        mapping("logs", { "data_stream.type": { type: "constant_keyword", value: "logs" } }),
        mapping("metrics", { "data_stream.type": { type: "constant_keyword", value: "metrics" } }),
      ],
      [...docs("logs", { l1: {}, l2: { data_stream: { type: "logs" } } }), ...docs("metrics", { m1: {} })],
    );
    expect(await ids(s, { match: { "data_stream.type": "logs" } })).toEqual(["l1", "l2"]);
    expect(await ids(s, { exists: { field: "data_stream.type" } })).toEqual(["l1", "l2", "m1"]);
    expect(await ids(s, { wildcard: { "data_stream.type": "met*" } })).toEqual(["m1"]);
  });

  it("wildcard field type compares whole values like keyword", async () => {
    const s = await open(
      [mapping("i", { "url.original": { type: "wildcard" } })],
      docs("i", { a: { url: { original: "/login" } }, b: { url: { original: "/admin/login?x=1" } } }),
    );
    expect(await ids(s, { match: { "url.original": "/login" } })).toEqual(["a"]);
    expect(await ids(s, { query_string: { query: "*login*", fields: ["url.original"] } })).toEqual([
      "a",
      "b",
    ]);
  });

  it("flattened indexes every leaf as a keyword under the root and under root.key", async () => {
    const s = await open(
      [mapping("i", { labels: { type: "flattened" } })],
      docs("i", {
        a: { labels: { env: "prod", deep: { x: 1 } } },
        b: { labels: { env: "Prod", other: "prod" } },
      }),
    );
    expect(await ids(s, { match: { "labels.env": "prod" } })).toEqual(["a"]);
    expect(await ids(s, { match: { labels: "prod" } })).toEqual(["a", "b"]);
    expect(await ids(s, { term: { "labels.deep.x": "1" } })).toEqual(["a"]);
  });
});

describe("multi-fields and dynamic mapping", () => {
  it("indexes multi-fields from the parent's value with their own type", async () => {
    const s = await open(
      [
        mapping("i", {
          "user.name": { type: "keyword" },
          "user.name.text": { type: "text", parent: "user.name" },
        }),
      ],
      docs("i", { a: { user: { name: "Alice Smith" } } }),
    );
    expect(await ids(s, { match: { "user.name": "alice" } })).toEqual([]);
    expect(await ids(s, { match: { "user.name.text": "alice" } })).toEqual(["a"]);
  });

  it("maps unknown strings as text + .keyword (ignore_above 256), dates by detection, numbers as long/float", async () => {
    const long = "x".repeat(300);
    const s = await open(
      [],
      docs("dyn", {
        a: { msg: "Hello World", when: "2024-01-01T10:00:00Z", n: 5, f: 1.5, ok: true, year: "2024" },
        b: { msg: long, when: "2024-02-01", n: "7", f: 2 },
      }),
    );
    expect(await ids(s, { match: { msg: "hello" } })).toEqual(["a"]);
    expect(await ids(s, { term: { "msg.keyword": "Hello World" } })).toEqual(["a"]);
    expect(await ids(s, { exists: { field: "msg.keyword" } })).toEqual(["a"]);
    expect(await ids(s, { range: { when: { gte: "2024-01-15" } } })).toEqual(["b"]);
    expect(await ids(s, { range: { n: { gt: 6 } } })).toEqual(["b"]);
    expect(await ids(s, { match: { ok: true } })).toEqual(["a"]);
    expect(await ids(s, { match: { year: "2024" } })).toEqual(["a"]);
  });

  it("ignores unmapped fields when the mapping is not dynamic", async () => {
    const s = await open([mapping("i", {}, false)], docs("i", { a: { extra: "x" } }));
    expect(await ids(s, { exists: { field: "extra" } })).toEqual([]);
  });
});
