import { describe, expect, it } from "vitest";
import {
  type KqlFieldMap,
  type KqlQueryConfig,
  KqlSyntaxError,
  KqlTranslationError,
  parseKql,
  toElasticsearchQuery,
} from "../../src/kql/index.js";
import { should as S } from "./helpers.js";

const detection = (kql: string, config?: KqlQueryConfig) => toElasticsearchQuery(parseKql(kql), { config });

/** A small data view: order matters for wildcard expansion. */
const fields: KqlFieldMap = {
  "@timestamp": "date",
  "host.name": "keyword",
  message: "text",
  "user.name": "keyword",
  "user.name.text": "text",
  "url.original": "wildcard",
  "source.ip": "ip",
  bytes: "long",
  "event.success": "boolean",
  "users.first": { type: "keyword", nested_path: "users" },
  "users.last": { type: "keyword", nested_path: "users" },
  "users.pets.name": { type: "keyword", nested_path: "users.pets" },
};
const typed = (kql: string, config?: KqlQueryConfig) =>
  toElasticsearchQuery(parseKql(kql), { fields, config });

/** Equal including key order, which `toEqual` ignores. */
function expectDsl(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual, null, 1)).toBe(JSON.stringify(expected, null, 1));
}

const multi = (query: unknown, type = "best_fields") => ({ multi_match: { type, query, lenient: true } });

describe("detection-engine mode (no field list)", () => {
  it("wraps every field clause in a one-item should, quoted or not", () => {
    expectDsl(detection("process.name:cmd.exe"), S({ match: { "process.name": "cmd.exe" } }));
    expectDsl(detection('process.name:"cmd.exe"'), S({ match_phrase: { "process.name": "cmd.exe" } }));
    expectDsl(detection("event.outcome:*"), S({ exists: { field: "event.outcome" } }));
    expectDsl(detection("ssl:true"), S({ match: { ssl: true } }));
    expectDsl(detection("code:200"), S({ match: { code: "200" } }));
  });

  it("escapes wildcard values with query_string rules, spaces excepted", () => {
    expectDsl(
      detection("path:C\\:\\\\Win*/sys?-x* y"),
      S({ query_string: { fields: ["path"], query: "C\\:\\\\Win*\\/sys\\?\\-x* y" } }),
    );
    expectDsl(detection("f:a\\*b*"), S({ query_string: { fields: ["f"], query: "a\\*b*" } }));
  });

  it("keeps ranges as strings, stars included", () => {
    expectDsl(detection("bytes >= 10"), S({ range: { bytes: { gte: "10" } } }));
    expectDsl(detection("f < a*"), S({ range: { f: { lt: "a*" } } }));
  });

  it("translates boolean structure without flattening", () => {
    expectDsl(detection("a:1 and (b:2 or not c:3)"), {
      bool: {
        filter: [
          S({ match: { a: "1" } }),
          {
            bool: {
              should: [S({ match: { b: "2" } }), { bool: { must_not: S({ match: { c: "3" } }) } }],
              minimum_should_match: 1,
            },
          },
        ],
      },
    });
    expectDsl(detection("a:(x or y)"), {
      bool: { should: [S({ match: { a: "x" } }), S({ match: { a: "y" } })], minimum_should_match: 1 },
    });
    expectDsl(detection("a:1 and b:2", { filtersInMustClause: true }), {
      bool: { must: [S({ match: { a: "1" } }), S({ match: { b: "2" } })] },
    });
  });

  it("translates free text and match-all without a wrapper", () => {
    expectDsl(detection("alice"), multi("alice"));
    expectDsl(detection('"alice smith"'), multi("alice smith", "phrase"));
    expectDsl(detection("false"), multi(false));
    expectDsl(detection("ali*"), { query_string: { query: "ali*" } });
    expectDsl(detection("*"), { query_string: { query: "*" } });
    expectDsl(detection(""), { match_all: {} });
    expectDsl(detection("*:*"), { match_all: {} });
    expectDsl(detection('"*":*'), S({ exists: { field: "*" } }));
    expectDsl(detection("foo:bar and baz"), {
      bool: { filter: [S({ match: { foo: "bar" } }), multi("baz")] },
    });
  });

  it("prefixes nested paths and adds ignore_unmapped only when configured", () => {
    expectDsl(detection("a:{ b:{ c:1 } }", { nestedIgnoreUnmapped: false }), {
      nested: {
        path: "a",
        query: {
          nested: {
            path: "a.b",
            query: S({ match: { "a.b.c": "1" } }),
            score_mode: "none",
            ignore_unmapped: false,
          },
        },
        score_mode: "none",
        ignore_unmapped: false,
      },
    });
  });

  it("sends unknown wildcard field names through unchanged", () => {
    expectDsl(detection("host.*:x"), S({ match: { "host.*": "x" } }));
  });

  it("parses text with the leading-wildcard setting", () => {
    expect(() => toElasticsearchQuery("f:*x", { config: { allowLeadingWildcards: false } })).toThrow(
      KqlSyntaxError,
    );
    expect(toElasticsearchQuery("f:*x")).toEqual(S({ query_string: { fields: ["f"], query: "*x" } }));
  });
});

describe("typed mode (a data view)", () => {
  it("uses term and wildcard only for keyword fields, quoting aside", () => {
    expectDsl(typed("host.name:web-01"), S({ term: { "host.name": { value: "web-01" } } }));
    expectDsl(typed('host.name:"web 01"'), S({ term: { "host.name": { value: "web 01" } } }));
    expectDsl(
      typed("host.name:*-01", { caseInsensitive: false }),
      S({ wildcard: { "host.name": { value: "*\\-01", case_insensitive: false } } }),
    );
    expectDsl(
      typed("host.name:WEB", { caseInsensitive: true }),
      S({ term: { "host.name": { value: "WEB", case_insensitive: true } } }),
    );
    expectDsl(
      typed("url.original:*login*"),
      S({ query_string: { fields: ["url.original"], query: "*login*" } }),
    );
    expectDsl(typed("url.original:/login"), S({ match: { "url.original": "/login" } }));
    expectDsl(typed('source.ip:"10.1.2.3"'), S({ match_phrase: { "source.ip": "10.1.2.3" } }));
    expectDsl(typed("bytes:1000"), S({ match: { bytes: "1000" } }));
  });

  it("turns date equality into a range with the configured time zone, except for epoch values", () => {
    expectDsl(
      typed('@timestamp:"2024-01-01"', { dateFormatTZ: "Europe/Paris" }),
      S({ range: { "@timestamp": { gte: "2024-01-01", lte: "2024-01-01", time_zone: "Europe/Paris" } } }),
    );
    expectDsl(
      typed("@timestamp:1704067200000", { dateFormatTZ: "Europe/Paris" }),
      S({ range: { "@timestamp": { gte: "1704067200000", lte: "1704067200000" } } }),
    );
    expectDsl(
      typed("@timestamp >= now-15m", { dateFormatTZ: "UTC" }),
      S({ range: { "@timestamp": { gte: "now-15m", time_zone: "UTC" } } }),
    );
    expectDsl(typed("@timestamp:2024*"), S({ query_string: { fields: ["@timestamp"], query: "2024*" } }));
    expectDsl(typed("bytes > 5", { dateFormatTZ: "UTC" }), S({ range: { bytes: { gt: "5" } } }));
  });

  it("expands field-name wildcards in data-view order, wrapping nested fields", () => {
    expectDsl(
      typed("user.name*:alice"),
      S({ term: { "user.name": { value: "alice" } } }, { match: { "user.name.text": "alice" } }),
    );
    expectDsl(
      typed("users*:bob"),
      S(
        {
          nested: { path: "users", query: { term: { "users.first": { value: "bob" } } }, score_mode: "none" },
        },
        {
          nested: { path: "users", query: { term: { "users.last": { value: "bob" } } }, score_mode: "none" },
        },
        {
          nested: {
            path: "users.pets",
            query: { term: { "users.pets.name": { value: "bob" } } },
            score_mode: "none",
          },
        },
      ),
    );
    expectDsl(
      typed("*pets* < b"),
      S({
        nested: {
          path: "users.pets",
          query: { range: { "users.pets.name": { lt: "b" } } },
          score_mode: "none",
        },
      }),
    );
    expectDsl(typed("nothing*:x"), S({ match: { "nothing*": "x" } }));
  });

  it("checks nested paths at translation time", () => {
    expectDsl(typed("users:{ first:alice and last:smith }"), {
      nested: {
        path: "users",
        query: {
          bool: {
            filter: [
              S({ term: { "users.first": { value: "alice" } } }),
              S({ term: { "users.last": { value: "smith" } } }),
            ],
          },
        },
        score_mode: "none",
      },
    });
    const failures: [string, string][] = [
      [
        "users.first:alice",
        "users.first is a nested field, but is not in a nested group in the KQL expression.",
      ],
      [
        "user:{ name:x }",
        'user.name is not a nested field but is in nested group "user" in the KQL expression.',
      ],
      [
        "users:{ pets.name:x }",
        "Nested field users.pets.name is being queried with the incorrect nested path. The correct path is users.pets.",
      ],
    ];
    for (const [kql, message] of failures) {
      expect(() => typed(kql)).toThrow(new KqlTranslationError(message));
    }
    expect(() => detection("users.first:alice")).not.toThrow();
  });
});
