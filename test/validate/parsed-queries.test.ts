import { describe, expect, it } from "vitest";
import { ParsedQueries } from "../../src/validate/parsed-queries.js";

describe("a rule's queries parsed once per validation", () => {
  it("gives the syntax stage and the field stages the same tree", () => {
    const queries = new ParsedQueries({ query: 'process where process.name == "cmd.exe"' });
    const first = queries.parse("query", "eql");
    expect(first?.query.type).toBe("event");
    expect(queries.tree("query", "eql")).toBe(first);
  });

  it("rethrows the same syntax error to every stage that parses, and tree() is undefined", () => {
    const queries = new ParsedQueries({ query: "registry wheer ((" });
    let first: unknown;
    try {
      queries.parse("query", "eql");
    } catch (error) {
      first = error;
    }
    expect(first).toBeInstanceOf(Error);
    expect(() => queries.parse("query", "eql")).toThrow(first as Error);
    expect(queries.tree("query", "eql")).toBeUndefined();
  });

  it("keeps a query's trees apart by language", () => {
    const queries = new ParsedQueries({ query: "process.name : cmd.exe" });
    expect(queries.tree("query", "kuery")).toBeDefined();
    expect(queries.tree("query", "eql")).toBeUndefined();
  });

  it("has no tree for a key without query text", () => {
    expect(new ParsedQueries({ query: 3 }).parse("query", "eql")).toBeUndefined();
  });
});
