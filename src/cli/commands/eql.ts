import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { openEventIndex } from "../../engine/memory/index.js";
import { readDocumentsText } from "../../eql/engine/documents-text.js";
import { readJsonMapping } from "../../eql/engine/mapping-json.js";
import { EqlRequestError, eqlSearch } from "../../eql/engine/search.js";
import type { EventIndex } from "../../eql/engine/store.js";
import { checkEql } from "../../eql/index.js";
import { printEql } from "../../eql/printer.js";
import { EqlQueryError } from "../../eql/query-error.js";
import { DacError } from "../../errors.js";
import { type CliIO, EXIT_FAILED, EXIT_OK, UsageError } from "../io.js";
import type { RegisterCommand } from "./index.js";

/**
 * `dac eql parse|fmt|search`. Exit codes: 0 ok; 1 the query is wrong (Elasticsearch would reject it);
 * 2 usage (unreadable data or mapping files, a malformed --data argument).
 */
export const registerEql: RegisterCommand = (program: Command, io: CliIO, exit) => {
  const eql = program.command("eql").description("parse, format and run EQL queries as Elasticsearch does");
  eql
    .command("parse")
    .description("print the syntax tree (with start/end offsets) as JSON")
    .argument("[query]", "the EQL query (default: read from standard input)")
    .action(async (query: string | undefined) => {
      const text = query ?? (await io.readStdin());
      exit(report(io, () => `${JSON.stringify(checkEql(text), null, 2)}\n`));
    });
  eql
    .command("fmt")
    .description("print the query in canonical form")
    .argument("[query]", "the EQL query (default: read from standard input)")
    .action(async (query: string | undefined) => {
      const text = query ?? (await io.readStdin());
      exit(report(io, () => `${printEql(checkEql(text))}\n`));
    });
  eql
    .command("search")
    .description(
      "run _eql/search requests over local documents, with Elasticsearch's request and response shapes",
    )
    .requiredOption(
      "--data <NAME=DOCS[:MAPPING]>",
      "an index: NDJSON or JSON-array documents, optionally an index mapping JSON (repeatable)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      "--batch",
      'read JSON lines {"index", "body"} from standard input, write one {"response"} or {"error"} line each',
    )
    .option("--index <NAME>", "the index expression to search (without --batch)")
    .argument("[query]", "the EQL query (without --batch; default: read from standard input)")
    .action(
      async (query: string | undefined, options: { data: string[]; batch?: boolean; index?: string }) => {
        const indices = options.data.map((spec) => loadIndex(spec, io.cwd));
        const now = Date.now();
        if (options.batch) {
          if (query !== undefined)
            throw new UsageError("eql search --batch reads its requests from standard input");
          const out: string[] = [];
          for (const line of (await io.readStdin()).split("\n")) {
            if (line.trim() === "") continue;
            out.push(JSON.stringify(batchLine(line, indices, now)));
          }
          io.stdout(out.length > 0 ? `${out.join("\n")}\n` : "");
          exit(EXIT_OK);
          return;
        }
        const text = query ?? (await io.readStdin());
        const index = options.index ?? indices.map((each) => each.name).join(",");
        const result = batchLine(JSON.stringify({ index, body: { query: text } }), indices, now);
        if ("error" in result) {
          io.stderr(`dac: ${result.error.type}: ${result.error.reason}\n`);
          exit(EXIT_FAILED);
          return;
        }
        io.stdout(`${JSON.stringify(result.response, null, 2)}\n`);
        exit(EXIT_OK);
      },
    );
};

function report(io: CliIO, run: () => string): number {
  try {
    io.stdout(run());
    return EXIT_OK;
  } catch (error) {
    if (error instanceof EqlQueryError) {
      io.stderr(`dac: EQL ${error.errorType} at ${error.format()}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}

type BatchResult = { response: unknown } | { error: { type: string; reason: string } };

function batchLine(line: string, indices: EventIndex[], now: number): BatchResult {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (error) {
    return { error: { type: "parse_exception", reason: `invalid JSON: ${(error as Error).message}` } };
  }
  const { index, body } = (request ?? {}) as { index?: unknown; body?: unknown };
  if (typeof index !== "string" || index === "") {
    return { error: { type: "illegal_argument_exception", reason: 'each line needs a string "index"' } };
  }
  try {
    return { response: eqlSearch(indices, index, body, { now }) };
  } catch (error) {
    if (error instanceof EqlQueryError) return { error: { type: error.errorType, reason: error.reason() } };
    if (error instanceof EqlRequestError) return { error: { type: error.type, reason: error.message } };
    if (error instanceof DacError)
      return { error: { type: "illegal_argument_exception", reason: error.message } };
    throw error;
  }
}

function loadIndex(spec: string, cwd: string): EventIndex {
  const equals = spec.indexOf("=");
  if (equals <= 0) throw new UsageError(`--data ${spec}: expected NAME=DOCS[:MAPPING]`);
  const name = spec.slice(0, equals);
  const [docsPath, mappingPath, extra] = spec.slice(equals + 1).split(":");
  if (!docsPath || extra !== undefined) throw new UsageError(`--data ${spec}: expected NAME=DOCS[:MAPPING]`);
  const documents = readDocumentsText(readText(resolve(cwd, docsPath)), docsPath);
  const mapping = mappingPath
    ? readJsonMapping(parseJson(readText(resolve(cwd, mappingPath)), mappingPath), mappingPath)
    : undefined;
  return openEventIndex({ name, documents, mapping });
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: invalid JSON: ${(error as Error).message}`);
  }
}
