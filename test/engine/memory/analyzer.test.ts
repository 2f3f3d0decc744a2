import { describe, expect, it } from "vitest";
import { analyze, analyzeTerms } from "../../../src/engine/memory/analysis/analyzer.js";

describe("standard analyzer (UAX #29 word boundaries + lowercase)", () => {
  it.each([
    ["The Quick, brown FOX!", ["the", "quick", "brown", "fox"]],
    ["web-01", ["web", "01"]],
    ["cmd.exe /c whoami", ["cmd.exe", "c", "whoami"]],
    ["10.0.0.1", ["10.0.0.1"]],
    ["1,000.5", ["1,000.5"]],
    ["O'Neil's", ["o'neil's"]],
    ["foo_bar __x", ["foo_bar", "__x"]],
    ["user@example.com", ["user", "example.com"]],
    ["C:\\Windows\\System32", ["c", "windows", "system32"]],
    ["a1.b2", ["a1", "b2"]],
    ["end.", ["end"]],
    ["mailto:bob", ["mailto:bob"]],
    ["日本語", ["日", "本", "語"]],
    ["Ünïcödé", ["ünïcödé"]],
    ["", []],
    ["--- ___ ...", []],
  ])("splits %j into %j", (text, terms) => {
    expect(analyzeTerms(text)).toEqual(terms);
  });

  it("splits tokens longer than max_token_length 255", () => {
    expect(analyzeTerms("a".repeat(300)).map((t) => t.length)).toEqual([255, 45]);
  });

  it("separates array elements by position_increment_gap 100", () => {
    expect(analyze(["a b", "c"]).map((t) => t.position)).toEqual([0, 1, 102]);
  });
});
