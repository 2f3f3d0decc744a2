/**
 * ES|QL on a real cluster: `POST /_query` with the session's index prefix written into the query's sources, the
 * answer given back under the fixture's index names. The Maven-built node (and any cluster without the x-pack ES|QL
 * plugin) has no `_query` endpoint; that is detected and said plainly, as a DacError of kind `unsupported`.
 */
import { type Client, errors } from "@elastic/elasticsearch";
import type { Command, IndexPattern } from "../../esql/ast.js";
import { parseEsql } from "../../esql/parser.js";
import { EsqlSyntaxError } from "../../esql/syntax-error.js";
import type { EsqlRequest, EsqlResponse, JsonObject } from "../types.js";
import { ElasticsearchEngineError, reasonOf } from "./connection.js";

export class EsqlUnavailableError extends ElasticsearchEngineError {
  constructor(detail: string) {
    super(
      `ES|QL needs Elasticsearch's default distribution (the x-pack ES|QL plugin); this cluster has no _query endpoint (${detail}). Run ES|QL rules on the embedded engine, or point ELASTICSEARCH_URL at a cluster with ES|QL`,
      "unsupported",
    );
  }
}

export async function sendEsqlQuery(
  client: Client,
  prefix: string,
  request: EsqlRequest,
): Promise<EsqlResponse> {
  const body: JsonObject = { query: withPrefixedSources(request.query, prefix) };
  if (request.filter) body.filter = request.filter;
  if (request.params) body.params = request.params;
  let answer: { body: unknown; headers: Record<string, unknown> };
  try {
    answer = (await client.transport.request({ method: "POST", path: "/_query", body }, { meta: true })) as {
      body: unknown;
      headers: Record<string, unknown>;
    };
  } catch (error) {
    throw esqlFailure(error, prefix);
  }
  const response = answer.body as EsqlResponse;
  const unprefix = (text: string) => (text.startsWith(prefix) ? text.slice(prefix.length) : text);
  const indexColumn = response.columns.findIndex((column) => column.name === "_index");
  const values =
    indexColumn < 0
      ? response.values
      : response.values.map((row) =>
          row.map((cell, i) => (i === indexColumn && typeof cell === "string" ? unprefix(cell) : cell)),
        );
  const warnings = warningTexts(answer.headers.warning).map((text) => text.replaceAll(prefix, ""));
  return {
    columns: response.columns.map(({ name, type }) => ({ name, type })),
    values,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** Whether the cluster runs ES|QL (a `ROW` query needs no index); never throws. */
export async function checkEsql(client: Client): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await client.transport.request({ method: "POST", path: "/_query", body: { query: "ROW ok = 1" } });
    return { ok: true };
  } catch (error) {
    return { ok: false, message: esqlFailure(error, "").message };
  }
}

/** What a failed `_query` means: no ES|QL on this cluster, a query the cluster refuses, or a transport failure. */
function esqlFailure(error: unknown, prefix: string): Error {
  if (!(error instanceof errors.ResponseError)) return error as Error;
  const status = error.meta.statusCode;
  const reason = prefix === "" ? reasonOf(error) : reasonOf(error).replaceAll(prefix, "");
  // Without the plugin, POST /_query falls through to the index routes: 405 (or 400/404 "no handler found").
  if (status === 405 || /no handler found|Incorrect HTTP method/i.test(reason)) {
    return new EsqlUnavailableError(`POST /_query answered HTTP ${status}`);
  }
  if (status === 400) {
    const refusal = fullReason(error) ?? reason;
    const written = prefix === "" ? refusal : refusal.replaceAll(prefix, "");
    return new ElasticsearchEngineError(`Elasticsearch refused the ES|QL query: ${written}`, "rejected");
  }
  return error;
}

/** ES|QL's reasons span lines (`Found 1 problem` first, then each problem at its place): all of them, on one line. */
function fullReason(error: errors.ResponseError): string | undefined {
  const body = error.meta.body as { error?: { type?: string; reason?: string } } | undefined;
  const { type, reason } = body?.error ?? {};
  if (typeof reason !== "string") return undefined;
  return `${type ?? "error"}: ${reason.split("\n").join("; ")}`;
}

/** `logs-*, -logs-x` → `<prefix>logs-*, -<prefix>logs-x`: the session's indices stand for the fixture's names. */
export function withPrefixedSources(query: string, prefix: string): string {
  let commands: Command[];
  try {
    commands = parseEsql(query).commands;
  } catch (error) {
    // the cluster reports the syntax error in its own words
    if (error instanceof EsqlSyntaxError) return query;
    throw error;
  }
  const patterns: IndexPattern[] = commands.flatMap((command) =>
    command.type === "from" || command.type === "ts"
      ? command.indices
      : command.type === "lookup_join"
        ? [command.index]
        : [],
  );
  let text = query;
  for (const pattern of [...patterns].sort((a, b) => b.start - a.start)) {
    const prefixed = pattern.text
      .split(",")
      .map((part) => {
        const name = part.trim();
        if (name.includes(":") && !name.includes("::")) return part; // a remote cluster's index
        return name.startsWith("-") ? `-${prefix}${name.slice(1)}` : `${prefix}${name}`;
      })
      .join(",");
    const written = pattern.quoted ? JSON.stringify(prefixed) : prefixed;
    text = text.slice(0, pattern.start) + written + text.slice(pattern.end);
  }
  return text;
}

/** The texts of HTTP Warning headers (`299 Elasticsearch-x.y.z "text"`), as ES|QL reports row failures. */
function warningTexts(header: unknown): string[] {
  const lines = Array.isArray(header) ? header.map(String) : typeof header === "string" ? [header] : [];
  return lines.flatMap((line) =>
    [...line.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)].map((match) => match[1].replace(/\\(.)/g, "$1")),
  );
}
