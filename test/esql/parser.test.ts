import { describe, expect, it } from "vitest";
import { EsqlSyntaxError, parseEsql, printEsql } from "../../src/esql/index.js";

const withoutOffsets = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (key, v) => (key === "start" || key === "end" ? undefined : v)));

function syntaxError(query: string): EsqlSyntaxError {
  try {
    parseEsql(query);
  } catch (error) {
    if (error instanceof EsqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed: ${query}`);
}

describe("parseEsql", () => {
  it("reads FROM with index patterns and METADATA fields", () => {
    const [from] = parseEsql("from logs-aws.cloudtrail-*, .alerts-security.* metadata _id, _index").commands;
    expect(from).toMatchObject({
      type: "from",
      indices: [{ text: "logs-aws.cloudtrail-*" }, { text: ".alerts-security.*" }],
      metadata: [{ parts: ["_id"] }, { parts: ["_index"] }],
    });
  });

  it("gives every node the offsets of its source text", () => {
    const query = 'FROM x | WHERE process.name == "cmd.exe"';
    const where = parseEsql(query).commands[1];
    expect(where.type === "where" && query.slice(where.condition.start, where.condition.end)).toBe(
      'process.name == "cmd.exe"',
    );
  });

  it("binds AND tighter than OR and NOT to its predicate", () => {
    const where = parseEsql("FROM x | WHERE a OR b AND NOT c IN (1, 2)").commands[1];
    expect(where.type === "where" && withoutOffsets(where.condition)).toMatchObject({
      type: "logical",
      operator: "or",
      right: { type: "logical", operator: "and", right: { type: "not", operand: { type: "in" } } },
    });
  });

  it("reads time spans, casts, triple-quoted strings and quoted name parts", () => {
    const evalCommand = parseEsql(
      'FROM x | EVAL t = date_trunc(30 seconds, @timestamp), d = x::double, r = """a\\d""", n = source.`as`.number',
    ).commands[1];
    expect(
      evalCommand.type === "eval" && withoutOffsets(evalCommand.fields.map((field) => field.value)),
    ).toEqual([
      {
        type: "call",
        name: "date_trunc",
        star: false,
        args: [
          { type: "timespan", value: 30, unit: "seconds" },
          { type: "name", parts: ["@timestamp"] },
        ],
      },
      { type: "cast", value: { type: "name", parts: ["x"] }, to: "double" },
      { type: "string", value: "a\\d", triple: true },
      { type: "name", parts: ["source", "as", "number"] },
    ]);
  });

  it("reads STATS with a filtered aggregation and BY groups, and INLINE STATS", () => {
    const query = parseEsql(
      "FROM x | STATS c = count(*) WHERE a > 1, values(b) BY h | INLINE STATS m = max(c)",
    );
    expect(query.commands[1]).toMatchObject({
      type: "stats",
      aggregates: [
        { name: { parts: ["c"] }, where: { type: "binary" } },
        { name: null, where: null },
      ],
      groups: [{ value: { parts: ["h"] } }],
    });
    expect(query.commands[2]).toMatchObject({ type: "inline_stats" });
  });

  it("reads the commands beyond the corpus", () => {
    const query = parseEsql(
      [
        'ROW a = "x y", b = [1, 2]',
        "MV_EXPAND b",
        'DISSECT a "%{p} %{q}" append_separator = ","',
        'GROK a "%{WORD:w}", "%{NUMBER:n}"',
        "RENAME p AS p2, q2 = q",
        "KEEP p*, `q2`",
        "DROP w",
        "SORT p2 ASC NULLS LAST",
        "ENRICH _any:languages-policy ON p2 WITH lang = language_name",
        "LOOKUP JOIN lookup-idx ON p2",
        "CHANGE_POINT n ON p2 AS kind, pv",
        "SAMPLE 0.5",
        "FORK (WHERE n > 1) (LIMIT 2)",
        'COMPLETION c = p2 WITH {"inference_id": "x"}',
        "LIMIT 10",
      ].join(" | "),
    );
    expect(query.commands.map((command) => command.type)).toEqual([
      "row",
      "mv_expand",
      "dissect",
      "grok",
      "rename",
      "keep",
      "drop",
      "sort",
      "enrich",
      "lookup_join",
      "change_point",
      "sample",
      "fork",
      "completion",
      "limit",
    ]);
  });

  it("skips line and block comments", () => {
    const query = parseEsql("FROM x // the source\n/* a note */ | LIMIT 1");
    expect(query.commands.map((command) => command.type)).toEqual(["from", "limit"]);
  });

  it("rejects a dangling operator at the end of the query, with line and column", () => {
    const error = syntaxError("FROM x\n| WHERE a ==");
    expect([error.line, error.column]).toEqual([2, 13]);
    expect(error.reason()).toBe("line 2:13: mismatched input <EOF> expecting an expression");
  });

  it("rejects an unknown command", () => {
    expect(syntaxError("FROM x | FILTER a").message).toContain("'FILTER' expecting a processing command");
  });

  it("rejects an unterminated string at its opening quote", () => {
    expect(syntaxError('FROM x | WHERE a == "b').column).toBe(21);
  });

  it("rejects a query that does not start with a source command", () => {
    expect(syntaxError("WHERE a == 1").column).toBe(1);
  });
});

describe("printEsql", () => {
  const roundTrip = (query: string) => printEsql(parseEsql(query));

  it("writes one command per line with upper-case keywords", () => {
    expect(roundTrip('from a metadata _id | where x like ("a*") | sort c desc nulls first | limit 5')).toBe(
      'FROM a METADATA _id\n| WHERE x LIKE ("a*")\n| SORT c DESC NULLS FIRST\n| LIMIT 5',
    );
  });

  it("keeps the parentheses precedence needs and drops the others", () => {
    expect(roundTrip("ROW x = (a + b) * (c), y = (a OR b) AND c, z = a - (b - c)")).toBe(
      "ROW x = (a + b) * c, y = (a OR b) AND c, z = a - (b - c)",
    );
  });

  it.each([
    'FROM x | WHERE NOT (a LIKE "b*") OR c IS NOT NULL',
    'ROW s = "tab\\tquote\\"", t = """raw\\d""", u = -(1 - 2)',
    "FROM x | KEEP `weird name`, a.`b.c`, Esql.*",
    "FROM x | EVAL d = (a == b) == c",
    'FROM x | WHERE KQL("a:b") AND f : "text"',
  ])("parses what it prints to the same tree: %s", (query) => {
    expect(withoutOffsets(parseEsql(roundTrip(query)))).toEqual(withoutOffsets(parseEsql(query)));
  });
});
