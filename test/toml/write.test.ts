import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, TomlDate } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parseRuleFile } from "../../src/schema/toml/load.js";
import { scanComments } from "../../src/schema/toml/scan.js";
import { formatRuleDocument, formatRuleFile } from "../../src/schema/toml/write.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");

/** Writes, reads back and writes again: the data must survive and the text must not change. */
function roundTrip(document: Record<string, unknown>): string {
  const text = formatRuleDocument(document);
  const reread = parseRuleFile("roundtrip.toml", text);
  expect(reread.findings.filter((f) => f.code.startsWith("toml-"))).toEqual([]);
  expect(reread.document).toEqual(document);
  expect(formatRuleDocument(reread.document!)).toBe(text);
  return text;
}

describe("formatRuleDocument", () => {
  it("leaves a canonical file exactly as it is", () => {
    const text = fixture("canonical.toml");
    expect(formatRuleFile(text)).toEqual({ text });
  });

  it("writes a hand-made file in the canonical layout without changing its data", () => {
    const messy = parseRuleFile("messy.toml", fixture("messy.toml"));
    expect(messy.findings).toEqual([]);
    expect(formatRuleFile(fixture("messy.toml"))).toEqual({ text: fixture("messy.formatted.toml") });
    roundTrip(messy.document!);
  });

  it("orders top-level tables metadata, transform, rule, then the rest", () => {
    const text = roundTrip({ zeta: { a: 1 }, rule: { name: "r" }, alpha: { b: 2 }, metadata: { m: 1 } });
    expect(text.match(/^\[\w+\]$/gm)).toEqual(["[metadata]", "[rule]", "[alpha]", "[zeta]"]);
  });

  it("puts the query last in [rule], after a blank line", () => {
    const text = roundTrip({
      rule: { type: "query", query: "a : 1\n", author: ["x"], threat_query: "b : 2\n" },
    });
    expect(text).toBe(
      "[rule]\nauthor = [\"x\"]\ntype = \"query\"\n\nquery = '''\na : 1\n'''\n\nthreat_query = '''\nb : 2\n'''\n",
    );
  });

  it("writes arrays one item per line once they are long", () => {
    const short = ["a", "b"];
    const long = Array.from({ length: 8 }, (_, i) => `Use Case: Number ${i}`);
    const text = roundTrip({ rule: { short, long } });
    expect(text).toContain('short = ["a", "b"]');
    expect(text).toContain(`long = [\n${long.map((tag) => `    "${tag}",\n`).join("")}]`);
  });

  it("chooses string forms that keep every value exact", () => {
    const values = {
      plain: "plain",
      doubleQuotes: 'say "hi"',
      bothQuotes: `it's "quoted"`,
      backslash: "C:\\Windows\\System32",
      control: "bell\u0007 tab\t cr\r del\u007f",
      unicode: "café 😀 — ok",
      multiline: "line 1\nline 2\n",
      leadingNewline: "\nstarts with a newline",
      tripleQuotes: 'a """ b """" c ""',
      endsWithQuote: 'one\n"two"',
      literalTriple: "x\n''' y",
      trailingBackslash: "ends with \\\nnext\\",
      crlf: "windows\r\nline",
    };
    roundTrip({ rule: { ...values, query: "q\n", note: "\nnote starting with newline", setup: "a'''\nb" } });
    roundTrip({ rule: { query: "has ''' inside\n", threat_query: 'ends with quote\n"' } });
    roundTrip({ rule: { query: "ends with single quote\n'", note: "ends with two\n''" } });
  });

  it("writes numbers, booleans and dates exactly", () => {
    roundTrip({
      rule: {
        ints: [0, -1, 9007199254740991],
        floats: [0.5, -2.25, 1e-7, 1.5e300, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
        huge: 1e21,
        flags: [true, false],
      },
    });
    expect(formatRuleDocument({ rule: { nan: Number.NaN } })).toBe("[rule]\nnan = nan\n");
    const dates = parse(
      "a = 2024-05-01\nb = 07:32:00\nc = 1979-05-27T07:32:00\nd = 1979-05-27T00:32:00-07:00\n",
    );
    expect(dates.a).toBeInstanceOf(TomlDate);
    expect(formatRuleDocument({ rule: dates })).toBe(
      "[rule]\na = 2024-05-01\nb = 07:32:00.000\nc = 1979-05-27T07:32:00.000\nd = 1979-05-27T00:32:00.000-07:00\n",
    );
    roundTrip({ rule: dates });
  });

  it("writes nested and empty structures: quoted keys, empty tables, mixed arrays, tables in arrays of tables", () => {
    const text = roundTrip({
      rule: {
        "key with spaces": 1,
        $state: { store: "appState" },
        empty_table: {},
        empty_array: [],
        mixed: [1, "two", { three: 3 }, [4]],
        filters: [{}, { meta: { negate: true, "dotted.key": "x" }, query: { match: { "file.path": "a" } } }],
        inline_holder: [[{ a: "multi\nline", b: ["x", "y"] }]],
      },
    });
    expect(text).toContain('"key with spaces" = 1');
    expect(text).toContain('[rule."$state"]');
    expect(text).toContain("[rule.empty_table]");
    expect(text).toContain('[rule.filters.query.match]\n"file.path" = "a"');
    expect(text).toContain('inline_holder = [[{ a = "multi\\nline", b = ["x", "y"] }]]');
  });

  it("refuses values TOML cannot hold", () => {
    expect(() => formatRuleDocument({ rule: { nothing: null } })).toThrow(/null/);
    expect(formatRuleDocument({ rule: { skipped: undefined, kept: 1 } })).toBe("[rule]\nkept = 1\n");
  });
});

describe("formatRuleFile", () => {
  it("gives findings instead of text for input that is not TOML", () => {
    const result = formatRuleFile("[rule\n", "bad.toml");
    expect(result).toMatchObject({ findings: [{ file: "bad.toml", code: "toml-syntax", line: 1 }] });
  });
});

// The corpus (e.g. a checkout of Elastic's detection-rules) is outside the project; point DAC_CORPUS_DIR at it.
const corpus = process.env.DAC_CORPUS_DIR;
if (!corpus)
  console.warn(
    "test/toml/write.test.ts: DAC_CORPUS_DIR is not set, skipping the round trip over a rule corpus",
  );

/** Every comment of a file with what it is attached to, in a comparable form. */
function commentsOf(text: string): unknown {
  const { header, above, trailing, closing, footer } = scanComments(text);
  const sorted = (map: Map<string, unknown>) => [...map].sort(([a], [b]) => (a < b ? -1 : 1));
  return { header, above: sorted(above), trailing: sorted(trailing), closing: sorted(closing), footer };
}

describe.skipIf(!corpus)("round trip over the corpus in DAC_CORPUS_DIR", () => {
  it("parse → write → parse keeps every file's data, and writing is stable", () => {
    const paths = (readdirSync(corpus!, { recursive: true }) as string[])
      .filter((path) => path.endsWith(".toml"))
      .sort();
    expect(paths.length).toBeGreaterThan(0);
    let canonical = 0;
    for (const path of paths) {
      const file = parseRuleFile(path, readFileSync(join(corpus!, path), "utf8"));
      expect(file.findings, path).toEqual([]);
      const { text } = formatRuleFile(file.text) as { text: string };
      const reread = parseRuleFile(path, text);
      expect(reread.document, path).toEqual(file.document);
      expect(formatRuleFile(text), path).toEqual({ text });
      expect(commentsOf(text), path).toEqual(commentsOf(file.text));
      if (text === file.text) canonical += 1;
    }
    console.info(
      `corpus: ${paths.length} files round-trip losslessly; ${canonical} already canonical byte for byte`,
    );
  });
});
