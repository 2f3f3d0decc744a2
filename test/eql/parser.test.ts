import { describe, expect, it } from "vitest";
import { checkEql, EqlQueryError, parseEql, printEql } from "../../src/eql/index.js";

function rejection(query: string): EqlQueryError {
  try {
    checkEql(query);
  } catch (error) {
    if (error instanceof EqlQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

const withoutOffsets = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (key, v) => (key === "start" || key === "end" ? undefined : v)));

describe("what Elasticsearch accepts", () => {
  it("parses an event query with its category, condition and offsets", () => {
    const statement = parseEql('process where process.name == "cmd.exe"');
    expect(statement.query).toMatchObject({
      type: "event",
      category: { name: "process", quoting: "none", start: 0, end: 7 },
      condition: {
        type: "comparison",
        operator: "==",
        left: { type: "field", name: "process.name", start: 14, end: 26 },
        right: { type: "literal", kind: "string", value: "cmd.exe", start: 30, end: 39 },
      },
    });
  });

  it("reads any, quoted and triple-quoted categories", () => {
    expect(parseEql("any where true").query).toMatchObject({ category: undefined });
    expect(parseEql('"my-events" where true').query).toMatchObject({ category: { name: "my-events" } });
    expect(parseEql('"""raw cat""" where true').query).toMatchObject({ category: { name: "raw cat" } });
  });

  it("parses a sequence with keys, maxspan, runs, missing events and until", () => {
    const statement = parseEql(`sequence by host.id with maxspan=5m
      [process where true] by process.entity_id
      [file where true] with runs=2
      ![network where true]
      until [process where event.type == "end"]`);
    expect(statement.query).toMatchObject({
      type: "sequence",
      by: [{ name: "host.id" }],
      maxspan: { value: 5, unit: "m", millis: 300_000 },
      terms: [
        { missing: false, by: [{ name: "process.entity_id" }] },
        { missing: false, runs: 2 },
        { missing: true },
      ],
      until: { query: { category: { name: "process" } } },
    });
  });

  it("parses samples and head/tail pipes", () => {
    const statement = parseEql("sample by host [a where true] [b where true] by user | head 3 | tail 1");
    expect(statement.query).toMatchObject({ type: "sample", by: [{ name: "host" }] });
    expect(statement.pipes).toMatchObject([
      { name: "head", count: 3 },
      { name: "tail", count: 1 },
    ]);
  });

  it("resolves string escapes, keeps raw strings raw and unescapes backquoted names", () => {
    const query =
      'any where a == "x\\ty\\"\\u{41}" and b : """C:\\Windows\\*""" and `sequence`.`my-field` == 1';
    expect(withoutOffsets(parseEql(query).query)).toMatchObject({
      condition: {
        left: {
          left: { right: { value: 'x\ty"A' } },
          right: { patterns: [{ value: "C:\\Windows\\*", quoting: "triple" }] },
        },
        right: { left: { name: "sequence.my-field", parts: [{ quoted: true }, { quoted: true }] } },
      },
    });
  });

  it("gives not, and, or their precedence and lets predicates bind to a primary", () => {
    const { query } = parseEql('any where not a == 1 and b in (1, 2) or c like~ ("x*", "y")');
    expect(withoutOffsets(query)).toMatchObject({
      condition: {
        type: "or",
        left: { type: "and", left: { type: "not", operand: { type: "comparison" } }, right: { type: "in" } },
        right: { type: "match", operator: "like~", list: true },
      },
    });
  });

  it("reads optional fields, function calls with ~ and arithmetic", () => {
    const { query } = parseEql('any where startsWith~(?user.name, "adm") and -x * 2 + 1 > 3 % 2');
    expect(withoutOffsets(query)).toMatchObject({
      condition: {
        left: {
          type: "function",
          name: "startsWith",
          caseInsensitive: true,
          args: [{ optional: true }, { value: "adm" }],
        },
        right: {
          left: { operator: "+", left: { operator: "*", left: { type: "negation" } } },
          right: { operator: "%" },
        },
      },
    });
  });

  it("skips line and block comments", () => {
    expect(withoutOffsets(parseEql("process /* c */ where // d\n true"))).toEqual(
      withoutOffsets(parseEql("process where true")),
    );
  });
});

describe("what Elasticsearch rejects", () => {
  it.each([
    ["registry wheer ((", 1, 10],
    ["process where a = 1", 1, 17],
    ["process where a == 'x'", 1, 20],
    ['process where a == ?"x"', 1, 20],
    ["PROCESS WHERE true", 1, 9],
    ["process where 1 < a < 3", 1, 21],
  ])("rejects %j at line %i, column %i", (query, line, column) => {
    const error = rejection(query);
    expect(error.errorType).toBe("parsing_exception");
    expect([error.line, error.column]).toEqual([line, column]);
  });

  it.each([
    ["join [a where true] [b where true]", "join"],
    ["process where descendant of [process where true]", "Process relationships"],
    ["process where true | unique a", "Pipe [unique] is not supported"],
    ["sequence [a where true]", "minimum of 2 queries"],
    ["sequence [a where true] ![b where true]", "[maxspan] is required"],
    ["sequence with maxspan=1x [a where true] [b where true]", "Unrecognized time unit [x]"],
    ["sequence with maxspan=1m by a [x where true] [y where true]", "[by] before [with]"],
    ["sequence [a where true] with runs=101 [b where true]", "runs"],
    ["sample [a where true]", "minimum of 2 queries"],
    ["process where a[0] == 1", "Array indexes"],
    ['process where a == "\\u{1}"', "[2-8] hex digits"],
  ])("rejects %j", (query, message) => {
    expect(rejection(query).message).toContain(message);
  });

  it.each([
    ["process where arrayContains(a, 1)", "Unknown function [arrayContains]"],
    ["process where length(a, b)", "error building [length]"],
    ["process where length~(a) > 1", "does not support case-insensitive"],
  ])("verifies functions: %j", (query, message) => {
    const error = rejection(query);
    expect(error.errorType).toBe("verification_exception");
    expect(error.message).toContain(message);
  });

  it("shows the offending line with a caret", () => {
    expect(rejection("process where\n  a = 1").format()).toBe(
      "line 2, column 5: mismatched input '=': use [==] to compare values\n  a = 1\n----^",
    );
  });
});

describe("printing", () => {
  it.each([
    'process where process.name : ("a*", "b") and not (x == 1 or y != 2)',
    'any where (a + b) * -c >= 10 and d not in~ ("x", "y")',
    "sequence by host.id with maxspan=30s\n  [process where true] by p\n  ![file where `sequence` == 1]\nuntil [process where true] | tail 2",
    'sample by ?a\n  [x where """raw\\path""" : "*"]\n  [y where true] by b',
    "process where not not a == 1",
    "any where a - (b - c) == a - b - c",
  ])("round-trips %j through the printer", (query) => {
    const printed = printEql(parseEql(query));
    expect(withoutOffsets(parseEql(printed))).toEqual(withoutOffsets(parseEql(query)));
    expect(printEql(parseEql(printed))).toBe(printed);
  });

  it("writes the canonical layout", () => {
    expect(
      printEql(parseEql('sequence by h with maxspan=5m [process where a==1] by b [file where c:"x"]')),
    ).toBe('sequence by h with maxspan=5m\n  [process where a == 1] by b\n  [file where c: "x"]');
  });
});
