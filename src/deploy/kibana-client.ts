import { randomBytes } from "node:crypto";
import { DacError } from "../errors.js";
import {
  authorizationHeader,
  connectionSecrets,
  type KibanaConnection,
  validateSpaceId,
} from "./connection.js";
import { type HttpRequest, type HttpResponse, type Transport, TransportError } from "./http.js";
import { redact } from "./redact.js";
import { DEFAULT_RETRY, RETRYABLE_STATUS, type RetryPolicy, retryDelay } from "./retry.js";

/** A rule as the Kibana API speaks it (create body or response). */
export type ApiRule = Record<string, unknown>;

export const API_VERSION = "2023-10-31";
const RULES = "/api/detection_engine/rules";
/** Rules per `_find` page. Kibana sets no maximum, but saved-object paging stops at 10,000 results. */
export const FIND_PAGE_SIZE = 1000;
/** Kibana's `_bulk_action` accepts at most 100 ids per request. */
export const BULK_IDS_MAX = 100;

/** Kibana answered with an error status. `message` is Kibana's own reason (either error envelope). */
/** Kibana answered with an error status dac cannot work with. */
export class KibanaApiError extends DacError {
  constructor(
    message: string,
    readonly status: number,
    readonly space: string,
    readonly request: string,
  ) {
    super("unreachable", `${message} (HTTP ${status})`);
  }
}

/**
 * A write failed in a way that leaves its outcome unknown (connection lost after sending, gateway timeout).
 * It is never retried blindly; the caller re-reads the state instead.
 */
export class OutcomeUnknownError extends DacError {
  constructor(
    message: string,
    readonly space: string,
    readonly request: string,
  ) {
    super("failure", message);
  }
}

/** Could not talk to Kibana at all (after retries). */
export class KibanaUnreachableError extends DacError {
  constructor(message: string) {
    super("unreachable", message);
  }
}

export interface ImportError {
  rule_id?: string;
  id?: string;
  error: { status_code: number; message: string };
}

export interface ImportResponse {
  success: boolean;
  success_count: number;
  rules_count: number;
  errors: ImportError[];
}

export interface BulkDeleteResponse {
  deleted: ApiRule[];
  errors: { message: string; status_code: number; rules: { id: string; name?: string }[] }[];
}

export interface KibanaClient {
  /** All rules of a space, every page. */
  findRules(space: string): Promise<ApiRule[]>;
  getRule(space: string, ruleId: string): Promise<ApiRule | undefined>;
  /** `_import` with `overwrite=true`: creates missing rules and fully replaces existing ones by rule_id. */
  importRules(space: string, rules: ApiRule[]): Promise<ImportResponse>;
  /** `_bulk_action` delete by saved-object ids (at most BULK_IDS_MAX). */
  deleteRules(space: string, ids: string[]): Promise<BulkDeleteResponse>;
  /** Scrubs this connection's secrets from a text. */
  redact(text: string): string;
}

export interface ClientDeps {
  transport: Transport;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** Called before a retry, for progress output. */
  onRetry?: (info: { request: string; attempt: number; delayMs: number; reason: string }) => void;
}

interface Call {
  space: string;
  method: HttpRequest["method"];
  path: string;
  query?: Record<string, string | number | boolean>;
  body?: string | Buffer;
  contentType?: string;
  /**
   * Replaying the request cannot change the end state. Non-idempotent requests are retried only when
   * the server certainly did not process them (429, refused connection).
   */
  idempotent: boolean;
}

export function createKibanaClient(connection: KibanaConnection, deps: ClientDeps): KibanaClient {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const policy = deps.retry ?? DEFAULT_RETRY;
  const timeoutMs = deps.timeoutMs ?? 60_000;
  const secrets = connectionSecrets(connection);
  const scrub = (text: string) => redact(text, secrets);
  const authorization = authorizationHeader(connection.auth);

  async function call(c: Call): Promise<HttpResponse> {
    validateSpaceId(c.space);
    const prefix = c.space === "default" ? "" : `/s/${c.space}`;
    const query = c.query
      ? `?${new URLSearchParams(Object.entries(c.query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`
      : "";
    const url = `${connection.baseUrl}${prefix}${c.path}${query}`;
    const label = `${c.method} ${prefix}${c.path}`;
    const headers: Record<string, string> = {
      "elastic-api-version": API_VERSION,
      accept: "application/json",
    };
    if (c.method !== "GET") headers["kbn-xsrf"] = "true";
    if (c.contentType) headers["content-type"] = c.contentType;
    if (authorization) headers.authorization = authorization;

    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= policy.attempts;
      let response: HttpResponse;
      try {
        response = await deps.transport({ method: c.method, url, headers, body: c.body }, timeoutMs);
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        const reason = scrub(error.message);
        if (error.sent && !c.idempotent) {
          throw new OutcomeUnknownError(
            `${label}: ${reason}; the request may or may not have been applied`,
            c.space,
            label,
          );
        }
        if (error.fatal || last) {
          throw new KibanaUnreachableError(`${label} to ${connection.baseUrl}: ${reason}`);
        }
        await pause(label, attempt, reason, undefined);
        continue;
      }
      if (!RETRYABLE_STATUS.has(response.status)) return response;
      const reason = `HTTP ${response.status}`;
      if (!c.idempotent && response.status !== 429) {
        throw new OutcomeUnknownError(
          `${label}: ${reason}; the request may or may not have been applied`,
          c.space,
          label,
        );
      }
      if (last) return response;
      await pause(label, attempt, reason, headerValue(response.headers["retry-after"]));
    }
  }

  async function pause(request: string, attempt: number, reason: string, retryAfter: string | undefined) {
    const delayMs = retryDelay(policy, attempt, random, retryAfter, now());
    deps.onRetry?.({ request, attempt: attempt + 1, delayMs, reason });
    await sleep(delayMs);
  }

  function fail(c: Call, response: HttpResponse): never {
    throw new KibanaApiError(
      scrub(errorMessage(response)),
      response.status,
      c.space,
      `${c.method} ${c.space === "default" ? "" : `/s/${c.space}`}${c.path}`,
    );
  }

  async function json(c: Call): Promise<unknown> {
    const response = await call(c);
    if (response.status >= 400) fail(c, response);
    try {
      return JSON.parse(response.body);
    } catch {
      throw new KibanaApiError(
        "response is not JSON (is the URL a Kibana?)",
        response.status,
        c.space,
        c.path,
      );
    }
  }

  return {
    redact: scrub,

    async findRules(space) {
      const rules: ApiRule[] = [];
      for (let page = 1; ; page++) {
        const c: Call = {
          space,
          method: "GET",
          path: `${RULES}/_find`,
          query: { page, per_page: FIND_PAGE_SIZE, sort_field: "created_at", sort_order: "asc" },
          idempotent: true,
        };
        const body = (await json(c)) as { data?: ApiRule[]; total?: number };
        const data = Array.isArray(body.data) ? body.data : [];
        rules.push(...data);
        if (data.length === 0 || rules.length >= (body.total ?? 0)) return rules;
      }
    },

    async getRule(space, ruleId) {
      const c: Call = { space, method: "GET", path: RULES, query: { rule_id: ruleId }, idempotent: true };
      const response = await call(c);
      // A missing rule is a SIEM-shaped 404 (`status_code`); a platform 404 means an unknown space or route.
      if (response.status === 404 && response.body.includes('"status_code"')) return undefined;
      if (response.status >= 400) fail(c, response);
      return JSON.parse(response.body) as ApiRule;
    },

    async importRules(space, rules) {
      const boundary = `dac-${randomBytes(12).toString("hex")}`;
      const ndjson = rules.map((rule) => JSON.stringify(rule)).join("\n");
      const body = Buffer.from(
        `--${boundary}\r\n` +
          'Content-Disposition: form-data; name="file"; filename="dac-deploy.ndjson"\r\n' +
          "Content-Type: application/ndjson\r\n\r\n" +
          `${ndjson}\n\r\n--${boundary}--\r\n`,
      );
      const c: Call = {
        space,
        method: "POST",
        path: `${RULES}/_import`,
        query: { overwrite: true },
        body,
        contentType: `multipart/form-data; boundary=${boundary}`,
        // overwrite=true replaces each rule by rule_id with exactly this content, so a replay converges
        // to the same state: safe to retry even when a response was lost.
        idempotent: true,
      };
      const result = (await json(c)) as ImportResponse;
      return {
        success: Boolean(result.success),
        success_count: result.success_count ?? 0,
        rules_count: result.rules_count ?? rules.length,
        errors: (result.errors ?? []).map((e) => ({
          ...e,
          error: { ...e.error, message: scrub(e.error.message) },
        })),
      };
    },

    async deleteRules(space, ids) {
      if (ids.length > BULK_IDS_MAX) throw new Error(`at most ${BULK_IDS_MAX} ids per bulk delete`);
      const c: Call = {
        space,
        method: "POST",
        path: `${RULES}/_bulk_action`,
        body: JSON.stringify({ action: "delete", ids }),
        contentType: "application/json",
        idempotent: false,
      };
      const response = await call(c);
      // Partial failure is HTTP 500 with the per-rule errors under `attributes`.
      let parsed: {
        attributes?: { results?: { deleted?: ApiRule[] }; errors?: BulkDeleteResponse["errors"] };
      };
      try {
        parsed = JSON.parse(response.body);
      } catch {
        fail(c, response);
      }
      if (response.status >= 400 && !parsed.attributes) fail(c, response);
      return {
        deleted: parsed.attributes?.results?.deleted ?? [],
        errors: (parsed.attributes?.errors ?? []).map((e) => ({ ...e, message: scrub(e.message) })),
      };
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Kibana's reason from either error envelope: platform `{statusCode, error, message}` or SIEM `{message, status_code}`. */
export function errorMessage(response: HttpResponse): string {
  try {
    const body = JSON.parse(response.body) as { message?: unknown; error?: unknown };
    const message = Array.isArray(body.message) ? body.message.join("; ") : body.message;
    if (typeof message === "string" && message) return message;
    if (typeof body.error === "string") return body.error;
  } catch {
    // not JSON: fall through to the status line
  }
  const text = response.body.trim().slice(0, 200);
  return text ? `HTTP ${response.status}: ${text}` : `HTTP ${response.status}`;
}
