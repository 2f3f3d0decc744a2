import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parseEsql, printEsql } from "../../src/esql/index.js";
import { verifyEsql } from "../../src/esql/verify.js";

/** Set DAC_CORPUS_DIR to a checkout of elastic/detection-rules (its rules/ and rules_building_block/). */
const corpusDir = process.env.DAC_CORPUS_DIR;

function esqlQueries(directory: string): { file: string; query: string }[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".toml"))
    .map((entry) => join(entry.parentPath, entry.name))
    .flatMap((file) => {
      const text = readFileSync(file, "utf8");
      if (!text.includes('language = "esql"')) return [];
      const rule = parse(text).rule as Record<string, unknown>;
      return typeof rule.query === "string" ? [{ file, query: rule.query }] : [];
    });
}

const withoutOffsets = (value: unknown) =>
  JSON.stringify(value, (key, v) => (key === "start" || key === "end" ? undefined : v));

describe.skipIf(!corpusDir)("ES|QL queries of the detection-rules corpus (DAC_CORPUS_DIR)", () => {
  const queries = corpusDir ? esqlQueries(corpusDir) : [];

  it("parses every query", () => {
    expect(queries.length).toBeGreaterThan(0);
    const failing = queries.filter(({ query }) => {
      try {
        parseEsql(query);
        return false;
      } catch {
        return true;
      }
    });
    expect(failing.map(({ file }) => file)).toEqual([]);
  });

  it("prints every query to text that parses to the same tree", () => {
    const different = queries.filter(
      ({ query }) =>
        withoutOffsets(parseEsql(printEsql(parseEsql(query)))) !== withoutOffsets(parseEsql(query)),
    );
    expect(different.map(({ file }) => file)).toEqual([]);
  });

  it("finds only real problems: the one rule whose DATE_TRUNC span uses the unit 'm'", () => {
    const problems = queries.flatMap(({ file, query }) =>
      verifyEsql(parseEsql(query), query).problems.map(
        (problem) => `${file.split("/").pop()}: ${problem.code}`,
      ),
    );
    expect([...new Set(problems)]).toEqual([
      "defense_evasion_audit_policy_disabled_winlog.toml: esql-time-unit",
    ]);
  });
});
