import { describe, expect, it } from "vitest";
import { type KqlFunctionNode, parseKql, printKql } from "../../src/kql/index.js";
import { shape } from "./helpers.js";

const fmt = (kql: string, kibana = false) => printKql(parseKql(kql), { kibana });

describe("printKql", () => {
  it.each([
    ["", "*: *"],
    ["*:*", "*: *"],
    ["  foo ", "foo"],
    ["foo and bar or baz", "((foo AND bar) OR baz)"],
    ["not extension:jpg", "NOT extension: jpg"],
    ['"extension":"jpg"', '"extension": "jpg"'],
    ["ext*:jpg*", "ext*: jpg*"],
    ["byt* >= 1000", "byt* >= 1000"],
    ["f:(a or b and not c)", "(f: a OR (f: b AND NOT f: c))"],
    ["p:{ q:{ r:x } }", "p: { q: { r: x } }"],
    ["p:{ a:1 and b:2 }", "p: { (a: 1 AND b: 2) }"],
    ["k:*\\\\*", "k: *\\\\*"],
    ['f:"say \\"hi\\" \\\\o/"', 'f: "say \\"hi\\" \\\\o/"'],
  ])("prints %j in Kibana's layout as %j", (kql, expected) => {
    expect(fmt(kql)).toBe(expected);
    expect(fmt(kql, true)).toBe(expected);
  });

  it("reproduces Kibana's escaping flaws only on request", () => {
    // Value "a not b" (unicode escape hides the keyword), a wildcard with a hyphen, braces.
    expect(fmt("f:a \\u006eot b", true)).toBe("f: a \\not b");
    expect(fmt("f:a \\u006eot b")).toBe("f: a \\u006eot b");
    expect(fmt("f:a-b*", true)).toBe("f: a\\-b*");
    expect(fmt("f:a-b*")).toBe("f: a-b*");
    expect(fmt("f:\\{x\\}", true)).toBe("f: {x}");
    expect(fmt("f:\\{x\\}")).toBe("f: \\{x\\}");
    expect(fmt("f:a \\and \\or b", true)).toBe("f: a \\and or b");
    expect(fmt("f:a \\and \\or b")).toBe("f: a \\and \\or b");
  });

  it.each([
    "f:a \\u006eot b",
    "f:a-b*",
    "f:\\{x\\} and g:\\}",
    "f:a \\and \\or b",
    "f:x \\or",
    "f:(x \\not)",
    "f:\\NOT",
    "f:a\\tb\\nc\\rd",
    'f:\\\\\\(\\)\\:\\<\\>\\"\\*',
    "a \\or\\:b:c\\:d*",
    "f:café ☕ \u00a0x",
    'f:"quoted\ttab \\\\ \\""',
    "p:{ q >= x\\* or not r:* }",
    "ma*:{ x:1 }",
  ])("parses its own output of %j back to the same tree", (kql) => {
    const tree = parseKql(kql);
    expect(shape(parseKql(printKql(tree)))).toEqual(shape(tree));
  });

  it("prints programmatic nodes", () => {
    const single: KqlFunctionNode = {
      type: "function",
      function: "and",
      arguments: [parseKql("machine.os:osx")],
      start: 0,
      end: 0,
    };
    expect(printKql(single)).toBe("(machine.os: osx)");
    const exists: KqlFunctionNode = {
      type: "function",
      function: "exists",
      arguments: [{ type: "literal", value: "response", isQuoted: false, start: 0, end: 0 }],
      start: 0,
      end: 0,
    };
    expect(printKql(exists)).toBe("response: *");
  });
});
