import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { exitCodeFor } from "../../errors.js";
import type { KqlFieldMap } from "../../kql/data-view.js";
import { type KqlQueryConfig, KqlTranslationError, toElasticsearchQuery } from "../../kql/dsl.js";
import { parseKql } from "../../kql/parser.js";
import { printKql } from "../../kql/printer.js";
import { KqlSyntaxError } from "../../kql/syntax-error.js";
import { type CliIO, EXIT_OK, UsageError } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface DslOptions {
  fields?: string;
  queryConfig?: string;
  batch?: boolean;
}

const CONFIG_KEYS: Record<keyof KqlQueryConfig, "boolean" | "string"> = {
  allowLeadingWildcards: "boolean",
  dateFormatTZ: "string",
  caseInsensitive: "boolean",
  nestedIgnoreUnmapped: "boolean",
  filtersInMustClause: "boolean",
};

/**
 * `dac kql dsl|parse|fmt`. Exit codes: 0 ok; 1 the query itself is wrong (syntax error, or a nested-field error
 * Kibana raises while translating); 2 usage (unreadable --fields file, malformed --query-config).
 */
export const registerKql: RegisterCommand = (program: Command, io: CliIO, exit) => {
  const kql = program.command("kql").description("parse, format and translate KQL exactly as Kibana does");
  kql
    .command("dsl")
    .description("print the Elasticsearch query DSL Kibana builds for a KQL query")
    .argument("[query]", "the KQL query (default: read from standard input)")
    .option(
      "--fields <file>",
      "JSON object of field name -> type or {type, nested_path}, like a Kibana data view",
    )
    .option("--query-config <json>", `JSON object with any of: ${Object.keys(CONFIG_KEYS).join(", ")}`)
    .option(
      "--batch",
      'read JSON lines {"kql", "fields"?, "config"?} from standard input, write one {"dsl"} or {"error"} line each',
    )
    .action(async (query: string | undefined, options: DslOptions) => {
      const fields = options.fields ? readFields(resolve(io.cwd, options.fields)) : undefined;
      if (options.batch) {
        if (query !== undefined)
          throw new UsageError("kql dsl --batch reads its queries from standard input");
        io.stdout(runBatch(await io.readStdin(), fields));
        exit(EXIT_OK);
        return;
      }
      const config = options.queryConfig ? checkConfig(parseJson(options.queryConfig, "--query-config")) : {};
      const text = query ?? (await io.readStdin());
      exit(report(io, () => `${JSON.stringify(toElasticsearchQuery(text, { fields, config }), null, 2)}\n`));
    });
  kql
    .command("parse")
    .description("print the syntax tree (Kibana's node shapes plus start/end offsets) as JSON")
    .argument("[query]", "the KQL query (default: read from standard input)")
    .action(async (query: string | undefined) => {
      const text = query ?? (await io.readStdin());
      exit(report(io, () => `${JSON.stringify(parseKql(text), null, 2)}\n`));
    });
  kql
    .command("fmt")
    .description("print the query in canonical form (Kibana's toKqlExpression layout)")
    .argument("[query]", "the KQL query (default: read from standard input)")
    .action(async (query: string | undefined) => {
      const text = query ?? (await io.readStdin());
      exit(report(io, () => `${printKql(parseKql(text))}\n`));
    });
};

/** Runs one query command: its output on success, the query's error on stderr with exit 1 otherwise. */
function report(io: CliIO, run: () => string): number {
  try {
    io.stdout(run());
    return EXIT_OK;
  } catch (error) {
    if (error instanceof KqlSyntaxError) {
      io.stderr(`dac: KQL syntax error at ${error.format()}\n`);
      return exitCodeFor(error.kind);
    }
    if (error instanceof KqlTranslationError) {
      io.stderr(`dac: KQL translation error: ${error.message}\n`);
      return exitCodeFor(error.kind);
    }
    throw error;
  }
}

/** One output line per non-blank input line; a bad line yields an error line and the rest continue. */
function runBatch(input: string, defaultFields: KqlFieldMap | undefined): string {
  const out: string[] = [];
  input.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    out.push(JSON.stringify(batchLine(line, index + 1, defaultFields)));
  });
  return out.length > 0 ? `${out.join("\n")}\n` : "";
}

function batchLine(line: string, lineNumber: number, defaultFields: KqlFieldMap | undefined): object {
  try {
    const request = parseJson(line, `input line ${lineNumber}`);
    if (!isObject(request) || typeof request.kql !== "string") {
      throw new UsageError(`input line ${lineNumber}: expected an object with a string "kql"`);
    }
    const fields =
      request.fields === undefined ? defaultFields : checkFields(request.fields, `input line ${lineNumber}`);
    const config = request.config === undefined ? {} : checkConfig(request.config);
    return { dsl: toElasticsearchQuery(request.kql, { fields, config }) };
  } catch (error) {
    if (error instanceof KqlSyntaxError) {
      return { error: { message: error.message, line: error.line, column: error.column } };
    }
    if (error instanceof KqlTranslationError || error instanceof UsageError) {
      return { error: { message: error.message } };
    }
    throw error;
  }
}

function readFields(path: string): KqlFieldMap {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--fields: cannot read ${path}: ${(error as Error).message}`);
  }
  return checkFields(parseJson(text, path), path);
}

function checkFields(value: unknown, where: string): KqlFieldMap {
  if (!isObject(value)) throw new UsageError(`${where}: fields must be a JSON object of field name -> type`);
  for (const [name, spec] of Object.entries(value)) {
    const valid =
      typeof spec === "string" ||
      (isObject(spec) &&
        (spec.type === undefined || typeof spec.type === "string") &&
        (spec.nested_path === undefined || typeof spec.nested_path === "string"));
    if (!valid) {
      throw new UsageError(
        `${where}: field "${name}" must be a type name or {"type": ..., "nested_path": ...}`,
      );
    }
  }
  return value as KqlFieldMap;
}

function checkConfig(value: unknown): KqlQueryConfig {
  if (!isObject(value)) throw new UsageError("config must be a JSON object");
  for (const [key, setting] of Object.entries(value)) {
    const expected = CONFIG_KEYS[key as keyof KqlQueryConfig];
    if (expected === undefined) {
      throw new UsageError(`unknown config key "${key}" (known: ${Object.keys(CONFIG_KEYS).join(", ")})`);
    }
    if (typeof setting !== expected) throw new UsageError(`config key "${key}" must be a ${expected}`);
  }
  return value as KqlQueryConfig;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${where}: invalid JSON: ${(error as Error).message}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
