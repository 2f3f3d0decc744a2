import { describe, expect, it } from "vitest";
import { KqlSyntaxError, parseKql } from "../../src/kql/index.js";
import { fn, is, lit, shape, wild } from "./helpers.js";

const parsed = (text: string) => shape(parseKql(text));

function syntaxError(text: string, options = {}): KqlSyntaxError {
  try {
    parseKql(text, options);
  } catch (error) {
    if (error instanceof KqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

describe("query structure", () => {
  it("reads an empty or blank query as match-all", () => {
    for (const text of ["", "   ", "\t\r\n\u00a0"]) expect(parsed(text)).toEqual(is(wild("*"), wild("*")));
  });

  it("gives or < and < not precedence and builds one n-ary node per chain", () => {
    expect(parsed("a or b and c or d")).toEqual(
      fn(
        "or",
        is(lit(null), lit("a")),
        fn("and", is(lit(null), lit("b")), is(lit(null), lit("c"))),
        is(lit(null), lit("d")),
      ),
    );
    expect(parsed("not x:1 and y:2")).toEqual(
      fn("and", fn("not", is(lit("x"), lit("1"))), is(lit("y"), lit("2"))),
    );
    expect(parsed("(a or b) and c")).toEqual(
      fn("and", fn("or", is(lit(null), lit("a")), is(lit(null), lit("b"))), is(lit(null), lit("c"))),
    );
  });

  it("accepts keywords in any letter case and no-break spaces around them", () => {
    expect(parsed("a AnD b oR NOT c")).toEqual(parsed("a and b or not c"));
    expect(parsed("a\u00a0and\u00a0b")).toEqual(parsed("a and b"));
  });

  it("lets parentheses group without adding a node", () => {
    expect(parsed("((((x:y))))")).toEqual(is(lit("x"), lit("y")));
  });

  it("parses field:value forms, value lists and nested groups", () => {
    expect(parsed('f:"a b"')).toEqual(is(lit("f"), lit("a b", true)));
    expect(parsed("f : a b")).toEqual(is(lit("f"), lit("a b")));
    expect(parsed("f:*")).toEqual(is(lit("f"), wild("*")));
    expect(parsed("f:((a or b) and not c)")).toEqual(
      fn("and", fn("or", is(lit("f"), lit("a")), is(lit("f"), lit("b"))), fn("not", is(lit("f"), lit("c")))),
    );
    expect(parsed("p:{ q:{ r:1 } }")).toEqual(
      fn("nested", lit("p"), fn("nested", lit("q"), is(lit("r"), lit("1")))),
    );
    expect(parsed("*:*")).toEqual(is(wild("*"), wild("*")));
    expect(parsed("script string:x")).toEqual(is(lit("script string"), lit("x")));
  });

  it("parses ranges with or without spaces, and a value with spaces", () => {
    expect(parsed("bytes>1000")).toEqual(fn("range", lit("bytes"), "gt", lit("1000")));
    expect(parsed("b <= a b")).toEqual(fn("range", lit("b"), "lte", lit("a b")));
    expect(parsed('t >= "2024-01-01T00:00:00"')).toEqual(
      fn("range", lit("t"), "gte", lit("2024-01-01T00:00:00", true)),
    );
    expect(parsed("x < 5")).toEqual(fn("range", lit("x"), "lt", lit("5")));
  });
});

describe("literals", () => {
  it("types only true, false and null; numbers stay strings", () => {
    expect(parsed("f:true")).toEqual(is(lit("f"), lit(true)));
    expect(parsed("f:false")).toEqual(is(lit("f"), lit(false)));
    expect(parsed("f:null")).toEqual(is(lit("f"), lit(null)));
    expect(parsed('f:"true"')).toEqual(is(lit("f"), lit("true", true)));
    for (const number of ["200", "-4", "0.0", "070", ".3", "1e3"]) {
      expect(parsed(`f:${number}`)).toEqual(is(lit("f"), lit(number)));
    }
    expect(parsed("f:\\u0074rue")).toEqual(is(lit("f"), lit(true)));
  });

  it("unescapes unquoted text", () => {
    expect(parsed('f:\\\\\\(\\)\\:\\<\\>\\"\\*\\{\\}')).toEqual(is(lit("f"), lit('\\():<>"*{}')));
    expect(parsed("f:a\\tb\\rc\\nd")).toEqual(is(lit("f"), lit("a\tb\rc\nd")));
    expect(parsed("f:\\u00e9\\u00C9")).toEqual(is(lit("f"), lit("éÉ")));
    expect(parsed("f:x \\AND y \\or z \\Not w")).toEqual(is(lit("f"), lit("x AND y or z Not w")));
    // `\n` wins over the escaped keyword: `\not` is newline + "ot".
    expect(parsed("f:a\\not")).toEqual(is(lit("f"), lit("a\not")));
    expect(parsed("f:a\\*b*")).toEqual(is(lit("f"), { type: "wildcard", value: "a*b@kuery-wildcard@" }));
  });

  it("trims unquoted values after unescaping, never quoted ones", () => {
    expect(parsed("f:  a b  \\t")).toEqual(is(lit("f"), lit("a b")));
    expect(parsed('f:" a "')).toEqual(is(lit("f"), lit(" a ", true)));
  });

  it("keeps unknown escapes inside quotes", () => {
    expect(parsed('f:"C:\\Windows\\temp\\\\x\\"y\\u0041"')).toEqual(
      is(lit("f"), lit('C:\\Windows\temp\\x"yA', true)),
    );
    expect(parsed('f:"a\\*"')).toEqual(is(lit("f"), lit("a\\*", true)));
    expect(parsed('f:"*"')).toEqual(is(lit("f"), lit("*", true)));
    expect(parsed('"line\nbreak"')).toEqual(is(lit(null), lit("line\nbreak", true)));
  });

  it("treats stars in field names as wildcards unless quoted or escaped", () => {
    expect(parsed("ma*ne:x")).toEqual(is(wild("ma*ne"), lit("x")));
    expect(parsed('"ma*ne":x')).toEqual(is(lit("ma*ne", true), lit("x")));
    expect(parsed("a\\:b:c")).toEqual(is(lit("a:b"), lit("c")));
  });

  it("ends an unquoted value at a keyword, even `not ` inside a word", () => {
    expect(parsed("foo:bar and baz")).toEqual(
      fn("and", is(lit("foo"), lit("bar")), is(lit(null), lit("baz"))),
    );
    expect(parsed("f:android")).toEqual(is(lit("f"), lit("android")));
    expect(parsed("f:x and")).toEqual(is(lit("f"), lit("x and")));
    expect(parsed("a or b or")).toEqual(fn("or", is(lit(null), lit("a")), is(lit(null), lit("b or"))));
    expect(parsed("f = 5")).toEqual(is(lit(null), lit("f = 5")));
    expect(() => parseKql("message:cannot connect")).toThrow(KqlSyntaxError);
  });
});

describe("rejections", () => {
  it.each([
    "not not foo",
    "not(foo)",
    "f:not a",
    "x:({y:z})",
    "f:>5",
    'a:"b" c',
    "foo:a\\b",
    "foo:\\ bar",
    '"abc\\"',
    "(a",
    "a)",
    "p:{ q:1",
    "f:(a or )",
    "a:b:c",
    "message:knot tied",
  ])("rejects %j", (text) => {
    expect(() => parseKql(text)).toThrow(KqlSyntaxError);
  });

  it("reports what was expected, like Kibana", () => {
    const cases: [string, string, number][] = [
      ["response:", 'Expected "(", "{", value, whitespace but end of input found.', 9],
      ["response:200 or ", 'Expected "(", NOT, field name, value but end of input found.', 16],
      ["response:(200 or )", 'Expected "(", NOT, value but ")" found.', 17],
      ["response:200 and not ", 'Expected "(", field name, value but end of input found.', 21],
      ['foo:"ba ', 'Expected "(", "{", value, whitespace but """ found.', 4],
      ["foo:ba:r", 'Expected AND, OR, end of input but ":" found.', 6],
      ["foo > ", "Expected literal, whitespace but end of input found.", 6],
      ["< 1000", 'Expected "(", NOT, end of input, field name, value, whitespace but "<" found.', 0],
    ];
    for (const [text, message, offset] of cases) {
      const error = syntaxError(text);
      expect([error.message, error.offset]).toEqual([message, offset]);
    }
  });

  it("gives 1-based line and column and renders a caret", () => {
    const error = syntaxError("a:b and\n  c:d e:f");
    expect([error.line, error.column]).toEqual([2, 8]);
    expect(error.caret()).toBe("  c:d e:f\n-------^");
    expect(error.format()).toBe(`line 2, column 8: ${error.message}\n  c:d e:f\n-------^`);
  });

  it("rejects leading wildcards only when asked to, and never a lone star", () => {
    const options = { allowLeadingWildcards: false };
    const error = syntaxError("f:*bar", options);
    expect(error.message).toBe(
      "Leading wildcards are disabled. See query:allowLeadingWildcards in Advanced Settings.",
    );
    expect(error.offset).toBe(2);
    expect(() => parseKql("f:* and f:b* and *x:y and f:\\*a", options)).not.toThrow();
    expect(() => parseKql("f:*bar")).not.toThrow();
  });

  it("refuses absurd nesting with a syntax error instead of overflowing the stack", () => {
    expect(() => parseKql(`${"(".repeat(5000)}a${")".repeat(5000)}`)).toThrow(KqlSyntaxError);
    expect(() => parseKql(`${"f:(".repeat(5000)}a${")".repeat(5000)}`)).toThrow(KqlSyntaxError);
    expect(shape(parseKql(`${"(".repeat(300)}a${")".repeat(300)}`))).toEqual(is(lit(null), lit("a")));
  });
});

describe("source offsets", () => {
  it("puts start/end on every node, trimmed to the written text", () => {
    const text = 'not  host.name : web 01  and p:{ q >= "x" }';
    const node = parseKql(text);
    const slice = (n: { start: number; end: number }) => text.slice(n.start, n.end);
    expect(node.function).toBe("and");
    if (node.function !== "and") return;
    const [negation, nested] = node.arguments;
    expect(slice(negation)).toBe("not  host.name : web 01");
    if (negation.function !== "not" || nested.function !== "nested") throw new Error("unexpected shape");
    const clause = negation.arguments[0];
    if (clause.function !== "is") throw new Error("unexpected shape");
    expect(clause.arguments.map(slice)).toEqual(["host.name", "web 01"]);
    expect(slice(nested)).toBe('p:{ q >= "x" }');
    expect(slice(nested.arguments[1])).toBe('q >= "x"');
  });
});
