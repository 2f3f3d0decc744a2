import { expect, it } from "vitest";
import {
  type KqlNode,
  KqlSyntaxError,
  KqlTranslationError,
  parseKql,
  printKql,
  toElasticsearchQuery,
} from "../../src/kql/index.js";
import { createRandom } from "../support/random.js";
import { shape } from "./helpers.js";

/** Set KQL_FUZZ_SEED to replay a run; the seed used is printed. */
const SEED = Number(process.env.KQL_FUZZ_SEED ?? 20_240_611);
const INPUTS = 4000;
const TIME_LIMIT_MS = 20_000;

const TOKENS = [
  "a",
  "host.name",
  "x*",
  "*",
  " ",
  "  ",
  "\t",
  "\n",
  "\r",
  "\u00a0",
  ":",
  "(",
  ")",
  "{",
  "}",
  '"',
  "\\",
  "<",
  ">",
  "<=",
  ">=",
  "=",
  "and",
  "or",
  "not",
  "AND",
  "Or",
  "NoT",
  " and ",
  " or ",
  "not ",
  "\\n",
  "\\t",
  "\\u0041",
  "\\u00",
  "\\*",
  "\\\\",
  "\\:",
  '\\"',
  "\\and",
  "\\not",
  "true",
  "null",
  "-",
  "é",
  "😀",
  "\ud800",
  "0",
];

const SEEDS = [
  'process.name:"cmd.exe" and not user.name:(SYSTEM or "LOCAL SERVICE")',
  "event.category:process and process.args:(*-enc* or *-e *) and @timestamp >= now-15m",
  'users:{ first:alice and last:smi* } or message:"a \\"b\\"" or bytes < 100',
  "f:(a and (b or not c)) and *doubly*:x and \\(free\\) text",
  "",
];

function generate(next: () => number): string {
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  if (next() < 0.5) {
    return Array.from({ length: 1 + Math.floor(next() * 25) }, () => pick(TOKENS)).join("");
  }
  let text = pick(SEEDS);
  for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
    const at = Math.floor(next() * (text.length + 1));
    const roll = next();
    if (roll < 0.4) text = text.slice(0, at) + pick(TOKENS) + text.slice(at);
    else if (roll < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
    else text = text.slice(0, at) + pick(TOKENS) + text.slice(at + 1);
  }
  return text;
}

const dataView = { "host.name": "keyword", a: "date", "x.y": { type: "keyword", nested_path: "x" } };

function checkSpans(node: KqlNode, length: number): void {
  expect(0 <= node.start && node.start <= node.end && node.end <= length).toBe(true);
  if (node.type !== "function") return;
  for (const argument of node.arguments) if (typeof argument === "object") checkSpans(argument, length);
}

function checkOne(text: string): "accepted" | "rejected" {
  let tree: KqlNode;
  try {
    tree = parseKql(text);
  } catch (error) {
    expect(error).toBeInstanceOf(KqlSyntaxError);
    const syntax = error as KqlSyntaxError;
    expect(syntax.offset >= 0 && syntax.offset <= text.length).toBe(true);
    expect(syntax.line).toBeGreaterThanOrEqual(1);
    expect(syntax.format()).toContain("^");
    return "rejected";
  }
  checkSpans(tree, text.length);
  toElasticsearchQuery(tree);
  try {
    toElasticsearchQuery(tree, { fields: dataView, config: { dateFormatTZ: "UTC", caseInsensitive: true } });
  } catch (error) {
    expect(error).toBeInstanceOf(KqlTranslationError);
  }
  expect(shape(parseKql(printKql(tree)))).toEqual(shape(tree));
  printKql(tree, { kibana: true });
  try {
    parseKql(text, { allowLeadingWildcards: false });
  } catch (error) {
    expect(error).toBeInstanceOf(KqlSyntaxError);
  }
  return "accepted";
}

it("never hangs and never throws anything but KqlSyntaxError on random and mutated input", () => {
  console.log(`KQL fuzz seed ${SEED} (set KQL_FUZZ_SEED to replay)`);
  const next = createRandom(SEED).next;
  const started = performance.now();
  const counts = { accepted: 0, rejected: 0 };
  for (let i = 0; i < INPUTS; i++) {
    const text = generate(next);
    const before = performance.now();
    try {
      counts[checkOne(text)]++;
    } catch (error) {
      throw new Error(`seed ${SEED}, input #${i} ${JSON.stringify(text)}: ${(error as Error).message}`);
    }
    expect(performance.now() - before, `input #${i} took too long`).toBeLessThan(1000);
    expect(performance.now() - started).toBeLessThan(TIME_LIMIT_MS);
  }
  // Both outcomes must be exercised, or the generator has drifted.
  expect(counts.accepted).toBeGreaterThan(INPUTS / 10);
  expect(counts.rejected).toBeGreaterThan(INPUTS / 10);
});

it("stays fast on long and pathological input", () => {
  const long = [
    `${"a".repeat(50_000)}:${"b ".repeat(50_000)}`,
    `${"(".repeat(400)}x`,
    `f:${"\\".repeat(10_001)}`,
  ];
  for (const text of long) {
    const before = performance.now();
    try {
      parseKql(text);
    } catch (error) {
      expect(error).toBeInstanceOf(KqlSyntaxError);
    }
    expect(performance.now() - before).toBeLessThan(2000);
  }
});
