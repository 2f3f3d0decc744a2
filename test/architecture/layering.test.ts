import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** Every import edge inside src: importing file → imported file, both relative to src, as `.ts` paths. */
function importGraph(): { from: string; to: string }[] {
  const edges: { from: string; to: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = resolve(dirname(file), fileName).replace(/\.js$/, ".ts");
      edges.push({ from: relative(SRC, file), to: relative(SRC, target) });
    }
  }
  return edges;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const graph = importGraph();
const under = (folder: string) => (path: string) => path.startsWith(`${folder}/`);

/** The imports of files under `layer` that land in any of `forbidden`, as "from → to" lines. */
function violations(layer: string, forbidden: ((path: string) => boolean)[]): string[] {
  return graph
    .filter((edge) => under(layer)(edge.from) && forbidden.some((test) => test(edge.to)))
    .map((edge) => `${edge.from} → ${edge.to}`);
}

/** An engine's internals: anything in src/engine/<part>/ other than its index.ts. */
const engineInternals = (path: string) => /^engine\/[^/]+\/(?!index\.ts$)/.test(path);

describe("layering (read from the import graph of src)", () => {
  it("sees the imports it checks", () => {
    expect(graph).toContainEqual({ from: "cli/main.ts", to: "errors.ts" });
  });

  it("the model (src/schema) imports nothing from validation, engines, deploy or the CLI", () => {
    expect(violations("schema", [under("validate"), under("engine"), under("deploy"), under("cli")])).toEqual(
      [],
    );
  });

  it("deploy imports nothing from the CLI", () => {
    expect(violations("deploy", [under("cli")])).toEqual([]);
  });

  it("validation imports nothing from the CLI", () => {
    expect(violations("validate", [under("cli")])).toEqual([]);
  });

  it("rule execution, rule tests and rule types use no engine's internals: they talk to a search session", () => {
    const engines = [under("engine/memory"), under("engine/elasticsearch")];
    expect([
      ...violations("engine/execution", engines),
      ...violations("engine/rule-tests", engines),
      ...violations("rule-types", engines),
    ]).toEqual([]);
  });

  it("validation does not reach into engine internals", () => {
    expect(violations("validate", [engineInternals])).toEqual([]);
  });

  it("the query languages (EQL, ES|QL) use no engine's internals: Elasticsearch's semantics come from src/semantics, indexing from the embedded engine's public API", () => {
    const forbidden = [engineInternals, under("engine/elasticsearch")];
    expect([...violations("esql", forbidden), ...violations("eql", forbidden)]).toEqual([]);
  });

  it("Elasticsearch's semantics (src/semantics) depend on no engine, check, rule type or command", () => {
    const users = ["engine", "validate", "rule-types", "deploy", "cli"].map(under);
    expect(violations("semantics", users)).toEqual([]);
  });
});
