import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { EsqlQueryError } from "../../esql/engine/errors.js";
import { buildIndex, type EsqlIndex } from "../../esql/engine/indices.js";
import { type QueryRequest, runQuery } from "../../esql/engine/query.js";
import { parseEsql } from "../../esql/parser.js";
import { printEsql } from "../../esql/printer.js";
import { EsqlSyntaxError } from "../../esql/syntax-error.js";
import { type CliIO, EXIT_FAILED, EXIT_OK, UsageError } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface QueryOptions {
  data: string[];
  batch?: boolean;
}

/** `dac esql parse|fmt|query`. Exit codes: 0 ok; 1 the query does not parse or is rejected; 2 usage. */
export const registerEsql: RegisterCommand = (program: Command, io: CliIO, exit) => {
  const esql = program.command("esql").description("parse, format and run ES|QL queries");
  esql
    .command("parse")
    .description("print the syntax tree (with start/end offsets) as JSON")
    .argument("[query]", "the ES|QL query (default: read from standard input)")
    .action(async (query: string | undefined) => {
      const text = query ?? (await io.readStdin());
      exit(report(io, () => `${JSON.stringify(parseEsql(text), null, 2)}\n`));
    });
  esql
    .command("fmt")
    .description("print the query in canonical form: one command per line, keywords in upper case")
    .argument("[query]", "the ES|QL query (default: read from standard input)")
    .action(async (query: string | undefined) => {
      const text = query ?? (await io.readStdin());
      exit(report(io, () => `${printEsql(parseEsql(text))}\n`));
    });
  esql
    .command("query")
    .description("run an ES|QL query on local documents, answering like Elasticsearch's _query API")
    .argument("[query]", "the ES|QL query (default: read from standard input)")
    .option(
      "--data <NAME=DOCS[:MAPPING]>",
      "an index: NAME, a file of documents (NDJSON or a JSON array), optionally an index mapping JSON (repeatable)",
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option(
      "--batch",
      'read JSON lines {"body": {query, params?, time_zone?}}, write one {"response"} or {"error"} line each',
    )
    .action(async (query: string | undefined, options: QueryOptions) => {
      const indices = new Map(
        options.data.map((spec) => loadData(spec, io.cwd)).map((index) => [index.name, index]),
      );
      if (options.batch) {
        if (query !== undefined)
          throw new UsageError("esql query --batch reads its requests from standard input");
        io.stdout(runBatch(await io.readStdin(), indices));
        exit(EXIT_OK);
        return;
      }
      const text = query ?? (await io.readStdin());
      const answer = answerRequest({ query: text }, indices);
      if ("error" in answer) {
        io.stderr(`dac: ${answer.error.type}: ${answer.error.reason}\n`);
        exit(EXIT_FAILED);
        return;
      }
      io.stdout(`${JSON.stringify(answer.response, null, 2)}\n`);
      exit(EXIT_OK);
    });
};

/** `NAME=DOCS[:MAPPING]`: an index name, its documents file, optionally its mapping file. */
function loadData(spec: string, cwd: string): EsqlIndex {
  const equals = spec.indexOf("=");
  if (equals <= 0) throw new UsageError(`--data ${spec}: expected NAME=DOCS[:MAPPING]`);
  const name = spec.slice(0, equals);
  const files = spec.slice(equals + 1);
  const colon = files.lastIndexOf(":");
  const [docsFile, mappingFile] =
    colon > 0 ? [files.slice(0, colon), files.slice(colon + 1)] : [files, undefined];
  const documents = parseDocuments(readText(resolve(cwd, docsFile)), docsFile);
  const mapping =
    mappingFile === undefined ? undefined : parseJson(readText(resolve(cwd, mappingFile)), mappingFile);
  return buildIndex(name, documents, mapping);
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--data: cannot read ${path}: ${(error as Error).message}`);
  }
}

/** A JSON array of documents, or one document per line (blank lines skipped). */
function parseDocuments(text: string, where: string): unknown[] {
  if (text.trimStart().startsWith("[")) {
    const documents = parseJson(text, where);
    if (!Array.isArray(documents)) throw new UsageError(`${where}: expected a JSON array of documents`);
    return documents;
  }
  return text
    .split("\n")
    .map((line, i) => [line, i] as const)
    .filter(([line]) => line.trim() !== "")
    .map(([line, i]) => parseJson(line, `${where}:${i + 1}`));
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${where}: invalid JSON: ${(error as Error).message}`);
  }
}

type Answer = { response: object } | { error: { type: string; reason: string } };

function answerRequest(body: QueryRequest, indices: ReadonlyMap<string, EsqlIndex>): Answer {
  try {
    return { response: runQuery(body, indices) };
  } catch (error) {
    if (error instanceof EsqlQueryError) return { error: { type: error.type, reason: error.reason } };
    throw error;
  }
}

/** One output line per non-blank input line, in order; a malformed line answers with an error line. */
function runBatch(input: string, indices: ReadonlyMap<string, EsqlIndex>): string {
  const out: string[] = [];
  for (const line of input.split("\n")) {
    if (line.trim() === "") continue;
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch (error) {
      out.push(
        JSON.stringify({ error: { type: "x_content_parse_exception", reason: (error as Error).message } }),
      );
      continue;
    }
    const body = (request as { body?: unknown } | null)?.body as QueryRequest | undefined;
    if (typeof body?.query !== "string") {
      out.push(
        JSON.stringify({ error: { type: "parsing_exception", reason: "request body is missing [query]" } }),
      );
      continue;
    }
    out.push(JSON.stringify(answerRequest(body, indices)));
  }
  return out.length > 0 ? `${out.join("\n")}\n` : "";
}

/** Runs one query command: its output on success, the syntax error on stderr with exit 1 otherwise. */
function report(io: CliIO, run: () => string): number {
  try {
    io.stdout(run());
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof EsqlSyntaxError)) throw error;
    io.stderr(`dac: ES|QL syntax error at ${error.format()}\n`);
    return EXIT_FAILED;
  }
}
