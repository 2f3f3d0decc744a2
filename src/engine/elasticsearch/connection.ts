/**
 * Where the Elasticsearch engine connects and how it words failures: every failure names the step, the
 * cluster (without credentials) and what to do, and never carries a secret.
 */

import { readFileSync } from "node:fs";
import { Client, errors } from "@elastic/elasticsearch";
import { DacError } from "../../errors.js";

export interface ElasticsearchEngineOptions {
  /** Cluster URL; default http://127.0.0.1:9200. */
  url?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** PEM file of the CA that signed the cluster's certificate. */
  caFile?: string;
  /** Per request; default 30 s. */
  requestTimeoutMs?: number;
  /** Start of every index name the engine creates; a random part is appended per session. Default "dac-test". */
  runPrefix?: string;
}

export const DEFAULT_ELASTICSEARCH_URL = "http://127.0.0.1:9200";
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Reads ELASTICSEARCH_URL, ELASTICSEARCH_API_KEY, ELASTICSEARCH_USERNAME/PASSWORD and ELASTICSEARCH_CA. */
export function elasticsearchOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): ElasticsearchEngineOptions {
  const value = (name: string) => {
    const text = env[name]?.trim();
    return text === undefined || text === "" ? undefined : text;
  };
  const options: ElasticsearchEngineOptions = {
    url: value("ELASTICSEARCH_URL") ?? DEFAULT_ELASTICSEARCH_URL,
  };
  const apiKey = value("ELASTICSEARCH_API_KEY");
  const username = value("ELASTICSEARCH_USERNAME");
  const password = env.ELASTICSEARCH_PASSWORD;
  const caFile = value("ELASTICSEARCH_CA");
  if (apiKey !== undefined) options.apiKey = apiKey;
  if (username !== undefined) options.username = username;
  if (password !== undefined && password !== "") options.password = password;
  if (caFile !== undefined) options.caFile = caFile;
  return options;
}

/** An Elasticsearch engine failure with a message meant for the person running dac. */
export class ElasticsearchEngineError extends DacError {
  constructor(message: string) {
    super("unreachable", message);
  }
}

/** The URL without user info, safe to print. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "<invalid ELASTICSEARCH_URL>";
  }
}

export function createClient(options: ElasticsearchEngineOptions): Client {
  const url = options.url ?? DEFAULT_ELASTICSEARCH_URL;
  try {
    new URL(url);
  } catch {
    throw new ElasticsearchEngineError(
      `ELASTICSEARCH_URL is not a URL (expected e.g. ${DEFAULT_ELASTICSEARCH_URL}); fix the variable`,
    );
  }
  if (options.username !== undefined && options.password === undefined) {
    throw new ElasticsearchEngineError(
      "ELASTICSEARCH_USERNAME is set but ELASTICSEARCH_PASSWORD is not; set both",
    );
  }
  let ca: Buffer | undefined;
  if (options.caFile !== undefined) {
    try {
      ca = readFileSync(options.caFile);
    } catch (error) {
      throw new ElasticsearchEngineError(
        `cannot read the CA certificate ELASTICSEARCH_CA=${options.caFile}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`,
      );
    }
  }
  const auth = options.apiKey
    ? { apiKey: options.apiKey }
    : options.username !== undefined
      ? { username: options.username, password: options.password ?? "" }
      : undefined;
  return new Client({
    node: url,
    ...(auth ? { auth } : {}),
    ...(ca ? { tls: { ca } } : {}),
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    // One node, fixtures: a retry only hides the problem for longer.
    maxRetries: 0,
  });
}

/** First line of the cluster's reason for a failed request, or the client's message. */
export function reasonOf(error: unknown): string {
  if (error instanceof errors.ResponseError) {
    const body = error.meta.body as { error?: ErrorBody | string } | undefined;
    const cause = typeof body?.error === "object" ? (body.error.root_cause?.[0] ?? body.error) : undefined;
    const text = cause
      ? `${cause.type}: ${cause.reason}`
      : typeof body?.error === "string"
        ? body.error
        : undefined;
    return firstLine(text ?? `HTTP ${error.meta.statusCode}`);
  }
  return firstLine(error instanceof Error ? error.message : String(error));
}

interface ErrorBody {
  type?: string;
  reason?: string;
  root_cause?: { type?: string; reason?: string }[];
}

function firstLine(text: string): string {
  return text.split("\n")[0].slice(0, 500);
}

/**
 * Wraps a client failure of step `what` (e.g. "creating index logs-x") into a message that says what
 * failed and what to do. Errors that are already ours pass through.
 */
export function describeFailure(error: unknown, what: string, options: ElasticsearchEngineOptions): Error {
  if (error instanceof ElasticsearchEngineError) return error;
  const where = displayUrl(options.url ?? DEFAULT_ELASTICSEARCH_URL);
  const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const start = `Elasticsearch at ${where}: ${what} failed`;
  if (error instanceof errors.TimeoutError) {
    return new ElasticsearchEngineError(
      `${start}: no answer within ${timeout} ms. The cluster is overloaded or stuck; check its health ` +
        "(curl .../_cluster/health), restart it (npm run es:stop && npm run es:start) or raise the timeout.",
    );
  }
  if (error instanceof errors.ConnectionError || error instanceof errors.NoLivingConnectionsError) {
    return new ElasticsearchEngineError(
      `${start}: cannot connect (${reasonOf(error)}). Start a local node with \`npm run es:start\`, ` +
        "or set ELASTICSEARCH_URL to a running cluster.",
    );
  }
  if (error instanceof errors.ProductNotSupportedError) {
    return new ElasticsearchEngineError(
      `${start}: the server is not Elasticsearch; check ELASTICSEARCH_URL.`,
    );
  }
  if (error instanceof errors.ResponseError) {
    const status = error.meta.statusCode;
    if (status === 401) {
      return new ElasticsearchEngineError(
        `${start}: authentication failed (401); check ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD.`,
      );
    }
    if (status === 403) {
      return new ElasticsearchEngineError(
        `${start}: not allowed (403: ${reasonOf(error)}); the credentials need the create_index, write, read and ` +
          "delete_index privileges on the test indices.",
      );
    }
    return new ElasticsearchEngineError(`${start}: HTTP ${status} ${reasonOf(error)}`);
  }
  return new ElasticsearchEngineError(`${start}: ${reasonOf(error)}`);
}
