/**
 * A local `_query`: runs an ES|QL request body over indexed documents and answers as Elasticsearch does (columns,
 * values, warnings), or raises the error Elasticsearch would (parsing_exception, verification_exception...).
 */

import { parseTimeZone } from "../../semantics/dates.js";
import { wildcardRegExp } from "../../semantics/wildcards.js";
import type { Command, Expression, Query } from "../ast.js";
import { parseEsql } from "../parser.js";
import { EsqlSyntaxError } from "../syntax-error.js";
import { verifyEsql } from "../verify.js";
import { MAX_LIMIT, rowCaps, runCommand } from "./commands.js";
import { EsqlQueryError, verificationError, Warnings } from "./errors.js";
import type { Params, QueryContext } from "./expressions.js";
import type { EsqlIndex } from "./indices.js";
import { kqlColumns } from "./kql.js";
import { type Cell, type Column, type DataType, type Table, toJson } from "./values.js";

/** The rows a query returns when it sets no LIMIT of its own. */
export const DEFAULT_LIMIT = 1000;

export interface QueryRequest {
  query: string;
  params?: unknown[];
  time_zone?: string;
  locale?: string;
  filter?: unknown;
}

export interface QueryResponse {
  columns: Column[];
  values: unknown[][];
  warnings?: string[];
}

export interface QueryOptions {
  /** What NOW() returns; defaults to the current time. */
  now?: number;
}

/** Runs one `_query` request body over `indices` (by name). */
export function runQuery(
  request: QueryRequest,
  indices: ReadonlyMap<string, EsqlIndex>,
  options: QueryOptions = {},
): QueryResponse {
  let query: Query;
  try {
    query = parseEsql(request.query);
  } catch (error) {
    if (error instanceof EsqlSyntaxError) throw new EsqlQueryError("parsing_exception", error.reason());
    throw error;
  }
  const timeZone = query.settings.find((setting) => setting.name.toLowerCase() === "time_zone");
  const zoneText = timeZone?.value.type === "string" ? timeZone.value.value : (request.time_zone ?? "Z");
  let zone: ReturnType<typeof parseTimeZone>;
  try {
    zone = parseTimeZone(zoneText);
  } catch {
    throw new EsqlQueryError("illegal_argument_exception", `Invalid time zone [${zoneText}]`);
  }
  const warnings = new Warnings(request.query);
  const context: QueryContext = {
    query: request.query,
    warnings,
    now: options.now ?? Date.now(),
    zoneOffset: (millis) => zone.offsetAt(millis),
    params: paramsOf(request.params),
    nextPositional: { value: 0 },
  };
  const [source, ...rest] = query.commands;
  const caps = rowCaps(query.commands);
  let table = sourceTable(source, indices, context, columnsRead(query, request.query));
  rest.forEach((command, i) => {
    table = runCommand(command, table, context, caps[i + 1]);
  });
  if (query.commands[query.commands.length - 1].type !== "limit") {
    table = { columns: table.columns, rows: table.rows.slice(0, DEFAULT_LIMIT) };
  }
  table = { columns: table.columns, rows: table.rows.slice(0, MAX_LIMIT) };
  const response: QueryResponse = {
    columns: table.columns.map((column) => ({ name: column.name, type: column.type })),
    values: table.rows.map((row) => row.map((cell, i) => toJson(cell, table.columns[i].type))),
  };
  const list = warnings.list();
  if (list.length > 0) response.warnings = list;
  return response;
}

function paramsOf(raw: unknown[] | undefined): Params {
  const params: Params = { positional: [], named: new Map() };
  for (const item of raw ?? []) {
    if (item !== null && typeof item === "object" && !Array.isArray(item)) {
      for (const [name, value] of Object.entries(item)) {
        params.named.set(name, isObject(value) && "value" in value ? value.value : value);
      }
    } else {
      params.positional.push(item);
    }
  }
  return params;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const METADATA_TYPES: Record<string, DataType> = {
  _id: "keyword",
  _index: "keyword",
  _version: "long",
  _score: "double",
  _ignored: "keyword",
  _index_mode: "keyword",
  _source: "unsupported",
};

/**
 * Which source columns the query can read or return: those it names, those its KEEP/DROP/RENAME patterns match,
 * or all of them when FROM's columns reach the output. Only these are read from the documents.
 */
function columnsRead(query: Query, text: string): (name: string) => boolean {
  const verification = verifyEsql(query, text);
  if (verification.output.open) return () => true;
  const named = new Set(verification.sourceFields);
  const patterns = query.commands.flatMap((command) => {
    if (command.type === "keep" || command.type === "drop") return command.patterns;
    if (command.type === "rename") return command.pairs.map((pair) => pair.from);
    return [];
  });
  const wildcards = patterns
    .filter((pattern) => pattern.parts.some((part) => part.includes("*")))
    .map((pattern) => wildcardRegExp(pattern.parts.join("."), false));
  const inKql = kqlQueries(query).map(kqlColumns);
  return (name) =>
    named.has(name) || wildcards.some((regex) => regex.test(name)) || inKql.some((reads) => reads(name));
}

/** The query strings of every KQL("...") call in the query. */
function kqlQueries(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(kqlQueries);
  if (typeof node !== "object" || node === null) return [];
  const record = node as Record<string, unknown>;
  const own =
    record.type === "call" && record.name === "kql"
      ? (record.args as Expression[]).flatMap((arg) => (arg.type === "string" ? [arg.value] : []))
      : [];
  return [...own, ...Object.values(record).flatMap(kqlQueries)];
}

function sourceTable(
  command: Command,
  indices: ReadonlyMap<string, EsqlIndex>,
  context: QueryContext,
  isRead: (name: string) => boolean,
): Table {
  if (command.type === "row") return runCommand(command, { columns: [], rows: [[]] }, context);
  if (command.type === "show") {
    return { columns: [{ name: "version", type: "keyword" }], rows: [["dac"]] };
  }
  if (command.type !== "from" && command.type !== "ts") {
    throw new EsqlQueryError("parsing_exception", `line 1:1: a query must start with FROM, ROW, SHOW or TS`);
  }
  const selected = selectIndices(command, indices, context);
  const columns = new Map<string, DataType>();
  for (const index of selected) {
    for (const column of index.columns) {
      const seen = columns.get(column.name);
      columns.set(column.name, seen === undefined || seen === column.type ? column.type : "unsupported");
    }
  }
  // columns the query cannot read or return are left out of the table
  const names = [...columns.keys()].filter(isRead).sort();
  for (const field of command.metadata) {
    const name = field.parts.join(".");
    if (!(name in METADATA_TYPES))
      throw verificationError(context.query, field, `unsupported metadata field [${name}]`);
  }
  const metadata = command.metadata.map((field) => field.parts.join("."));
  const rows: Cell[][] = [];
  for (const index of selected) {
    const position = new Map(index.columns.map((column, i) => [column.name, i]));
    const sources = names.map((name) => {
      const slot = position.get(name);
      return slot === undefined ? undefined : index.cells(slot);
    });
    index.documents.forEach((document, r) => {
      const row: Cell[] = sources.map((cells) => (cells === undefined ? null : cells[r]));
      for (const name of metadata) {
        if (name === "_id") row.push(document._id);
        else if (name === "_index") row.push(index.name);
        else if (name === "_version") row.push(document._version);
        else if (name === "_score") row.push(0);
        else row.push(null);
      }
      rows.push(row);
    });
  }
  return {
    columns: [
      ...names.map((name) => ({ name, type: columns.get(name)! })),
      ...metadata.map((name) => ({ name, type: METADATA_TYPES[name] })),
    ],
    rows,
  };
}

/** The indices the FROM patterns name: wildcards, comma lists, `-exclusions`; a pattern with no index is an error. */
function selectIndices(
  command: Extract<Command, { type: "from" | "ts" }>,
  indices: ReadonlyMap<string, EsqlIndex>,
  context: QueryContext,
): EsqlIndex[] {
  const chosen = new Set<string>();
  for (const pattern of command.indices) {
    for (const part of pattern.text.split(",")) {
      const text = part.trim().replace(/::(data|failures)$/, "");
      const exclude = text.startsWith("-");
      const regex = new RegExp(
        `^${(exclude ? text.slice(1) : text)
          .split("*")
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*")}$`,
      );
      const matches = [...indices.keys()].filter((name) => regex.test(name));
      if (exclude) for (const name of matches) chosen.delete(name);
      else {
        if (matches.length === 0 && !text.includes("*")) {
          throw verificationError(context.query, pattern, `Unknown index [${text}]`);
        }
        for (const name of matches) chosen.add(name);
      }
    }
  }
  // Wildcards that match nothing are fine beside an index that exists; alone, there is nothing to read.
  if (chosen.size === 0) {
    const written = command.indices.map((pattern) => pattern.text).join(",");
    throw verificationError(context.query, command.indices[0], `Unknown index [${written}]`);
  }
  return [...chosen].map((name) => indices.get(name)!);
}
