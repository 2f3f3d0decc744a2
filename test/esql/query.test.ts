import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EsqlQueryError } from "../../src/esql/engine/errors.js";
import { buildIndex } from "../../src/esql/engine/indices.js";
import { runQuery } from "../../src/esql/engine/query.js";
import { runDac } from "../support/cli.js";

const logins = buildIndex(
  "logs-auth",
  [
    {
      "@timestamp": "2024-05-01T10:00:00Z",
      user: { name: "alice" },
      source: { ip: "10.0.0.1" },
      tags: ["vpn", "mfa"],
      bytes: 10,
    },
    {
      "@timestamp": "2024-05-01T10:05:00Z",
      user: { name: "bob" },
      source: { ip: "10.0.0.2" },
      tags: ["vpn"],
      bytes: 30,
    },
    {
      "@timestamp": "2024-05-01T10:07:00Z",
      user: { name: "alice" },
      source: { ip: "192.168.1.9" },
      bytes: 5,
    },
    { "@timestamp": "2024-05-01T11:00:00Z", message: "login failed for carol from 10.0.0.3" },
  ],
  {
    mappings: {
      properties: {
        "@timestamp": { type: "date" },
        user: { properties: { name: { type: "keyword" } } },
        source: { properties: { ip: { type: "ip" } } },
        tags: { type: "keyword" },
        bytes: { type: "long" },
      },
    },
  },
);
const indices = new Map([[logins.name, logins]]);
const query = (text: string) => runQuery({ query: text }, indices);

function rejection(text: string): EsqlQueryError {
  try {
    query(text);
  } catch (error) {
    if (error instanceof EsqlQueryError) return error;
    throw error;
  }
  throw new Error(`accepted: ${text}`);
}

describe("runQuery", () => {
  it("lists an index's columns in name order, with dynamically mapped text and its keyword sub-field", () => {
    const response = query("FROM logs-auth | LIMIT 0");
    expect(response.columns).toEqual([
      { name: "@timestamp", type: "date" },
      { name: "bytes", type: "long" },
      { name: "message", type: "text" },
      { name: "message.keyword", type: "keyword" },
      { name: "source.ip", type: "ip" },
      { name: "tags", type: "keyword" },
      { name: "user.name", type: "keyword" },
    ]);
  });

  it("reads nothing from a wildcard that matches no index beside one that does, and rejects sources that match none", () => {
    expect(query("FROM logs-auth, archive-* | STATS n = COUNT(*)").values).toEqual(
      query("FROM logs-auth | STATS n = COUNT(*)").values,
    );
    expect(rejection("FROM archive-*, other-* | LIMIT 1")).toMatchObject({
      type: "verification_exception",
      reason: "Found 1 problem\nline 1:6: Unknown index [archive-*,other-*]",
    });
  });

  it("returns METADATA fields after the index columns", () => {
    const response = query("FROM logs-auth METADATA _id, _index | KEEP _id, _index, user.name | LIMIT 1");
    expect(response.values).toEqual([["1", "logs-auth", "alice"]]);
  });

  it("aggregates with STATS ... BY, aggregate columns first", () => {
    const response = query(
      "FROM logs-auth | WHERE user.name IS NOT NULL | STATS events = COUNT(*), total = SUM(bytes), ips = COUNT_DISTINCT(source.ip) BY user.name | SORT user.name",
    );
    expect(response.columns.map((column) => `${column.name}:${column.type}`)).toEqual([
      "events:long",
      "total:long",
      "ips:long",
      "user.name:keyword",
    ]);
    expect(response.values).toEqual([
      [2, 15, 2, "alice"],
      [1, 30, 1, "bob"],
    ]);
  });

  it("puts a row in one group per value of a multi-valued BY field", () => {
    const response = query("FROM logs-auth | STATS c = COUNT(*) BY tags | SORT tags NULLS LAST");
    expect(response.values).toEqual([
      [1, "mfa"],
      [2, "vpn"],
      [2, null],
    ]);
  });

  it("makes a single-value function of a multi-value null, with Elasticsearch's warning", () => {
    const response = query('FROM logs-auth | EVAL t = CONCAT(tags, "!") | KEEP t | LIMIT 2');
    expect(response.values).toEqual([[null], ["vpn!"]]);
    expect(response.warnings).toEqual([
      'Line 1:27: evaluation of [CONCAT(tags, "!")] failed, treating result as null. Only first 20 failures recorded.',
      "Line 1:27: java.lang.IllegalArgumentException: single-value function encountered multi-value",
    ]);
  });

  it("compares dates with date strings and truncates them", () => {
    const response = query(
      'FROM logs-auth | WHERE @timestamp >= "2024-05-01T10:05:00Z" | EVAL hour = DATE_TRUNC(1 hour, @timestamp) | STATS c = COUNT(*) BY hour | SORT hour',
    );
    expect(response.values).toEqual([
      [2, "2024-05-01T10:00:00.000Z"],
      [1, "2024-05-01T11:00:00.000Z"],
    ]);
  });

  it("groups by BUCKET of a date and of a number", () => {
    expect(
      query("FROM logs-auth | STATS c = COUNT(*) BY b = BUCKET(@timestamp, 1 hour) | SORT b").values,
    ).toEqual([
      [3, "2024-05-01T10:00:00.000Z"],
      [1, "2024-05-01T11:00:00.000Z"],
    ]);
    expect(query("FROM logs-auth | STATS c = COUNT(*) BY b = BUCKET(bytes, 20) | SORT b").values).toEqual([
      [2, 0],
      [1, 20],
      [1, null],
    ]);
  });

  it("filters with KQL() against the row's columns", () => {
    const response = query(
      'FROM logs-auth | WHERE KQL("user.name:ali* and not source.ip:192.168.0.0/16 or message:carol") | KEEP user.name, message',
    );
    expect(response.values).toEqual([
      ["alice", null],
      [null, "login failed for carol from 10.0.0.3"],
    ]);
  });

  it("returns source columns named only by a KEEP wildcard", () => {
    expect(query("FROM logs-auth | WHERE bytes > 5 | KEEP user.*, s*").values).toEqual([
      ["alice", "10.0.0.1"],
      ["bob", "10.0.0.2"],
    ]);
  });

  it("sorts nulls last ascending and first descending", () => {
    expect(query("FROM logs-auth | SORT bytes | KEEP bytes").values).toEqual([[5], [10], [30], [null]]);
    expect(query("FROM logs-auth | SORT bytes DESC | KEEP bytes").values).toEqual([[null], [30], [10], [5]]);
  });

  it("matches CIDR blocks, LIKE and IN", () => {
    const response = query(
      'FROM logs-auth | WHERE CIDR_MATCH(source.ip, "10.0.0.0/8") AND user.name LIKE "a*" OR user.name IN ("bob") | KEEP user.name',
    );
    expect(response.values).toEqual([["alice"], ["bob"]]);
  });

  it("extracts columns with DISSECT and typed GROK captures", () => {
    const response = query(
      'FROM logs-auth | WHERE message IS NOT NULL | DISSECT message "login %{outcome} for %{who} from %{from}" | GROK message "%{IP:addr}" | KEEP outcome, who, addr',
    );
    expect(response.values).toEqual([["failed", "carol", "10.0.0.3"]]);
  });

  it("applies the default LIMIT of 1000 rows", () => {
    const many = buildIndex(
      "many",
      Array.from({ length: 1200 }, (_, i) => ({ n: i })),
    );
    const response = runQuery({ query: "FROM many" }, new Map([["many", many]]));
    expect(response.values).toHaveLength(1000);
  });

  it("rejects an unknown column as a verification_exception at its position", () => {
    const error = rejection("FROM logs-auth | KEEP usr.name");
    expect([error.type, error.reason]).toEqual([
      "verification_exception",
      "Found 1 problem\nline 1:23: Unknown column [usr.name]",
    ]);
  });

  it("rejects an aggregation outside STATS", () => {
    expect(rejection("FROM logs-auth | EVAL c = COUNT(*)").reason).toContain(
      "not allowed outside STATS command",
    );
  });

  it("rejects a syntax error as a parsing_exception", () => {
    expect(rejection("FROM logs-auth | WHERE").type).toBe("parsing_exception");
  });
});

describe("dac esql query --batch", () => {
  it("answers one line per request, in order, with responses and errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dac-esql-"));
    writeFileSync(join(dir, "docs.ndjson"), '{"host": "a", "n": 1}\n{"host": "b", "n": 2}\n');
    writeFileSync(
      join(dir, "mapping.json"),
      JSON.stringify({ mappings: { properties: { host: { type: "keyword" }, n: { type: "integer" } } } }),
    );
    const stdin = [
      { body: { query: "FROM hosts | STATS total = SUM(n)" } },
      { body: { query: "FROM hosts | WHERE nope > 1" } },
      { body: { query: "FROM hosts | WHERE n > ? | KEEP host", params: [1] } },
    ]
      .map((line) => JSON.stringify(line))
      .join("\n");
    const run = await runDac(["esql", "query", "--data", "hosts=docs.ndjson:mapping.json", "--batch"], {
      cwd: dir,
      stdin,
    });
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { response: { columns: [{ name: "total", type: "long" }], values: [[3]] } },
      {
        error: {
          type: "verification_exception",
          reason: "Found 1 problem\nline 1:20: Unknown column [nope]",
        },
      },
      { response: { columns: [{ name: "host", type: "keyword" }], values: [["b"]] } },
    ]);
  });

  it("prints the canonical form with esql fmt", async () => {
    const run = await runDac(["esql", "fmt", "from a | where b == 1"], { cwd: process.cwd() });
    expect(run.stdout).toBe("FROM a\n| WHERE b == 1\n");
  });
});
