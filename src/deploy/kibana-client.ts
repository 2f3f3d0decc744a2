import { randomBytes } from "node:crypto";
import { DacError } from "../errors.js";
import {
  authorizationHeader,
  connectionSecrets,
  DEFAULT_REQUEST_TIMEOUT_S,
  type KibanaConnection,
  validateSpaceId,
} from "./connection.js";
import { type HttpRequest, type HttpResponse, type Transport, TransportError } from "./http.js";
import { redact } from "./redact.js";
import { checkBulkDeleteResponse, checkFindPage, checkImportResponse, checkRule } from "./response-shapes.js";
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

/** Could not talk to Kibana at all (after retries), or it answered in a shape dac cannot act on. */
export class KibanaUnreachableError extends DacError {
  constructor(message: string) {
    super("unreachable", message);
  }
}

/** A response whose shape is not what the Kibana API answers; dac acts on nothing it cannot understand. */
export class UnexpectedResponseError extends KibanaUnreachableError {
  constructor(url: string, status: number, problem: string) {
    super(
      `unexpected response from Kibana: ${url} answered HTTP ${status} with ${problem}; nothing was written`,
    );
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
  /** Longest wait for one complete response (default DEFAULT_REQUEST_TIMEOUT_S). */
  timeoutMs?: number;
  /** Time (as `now()` counts it) after which no request is started or waited for: the command's deadline. */
  deadline?: number;
  /** Called before a retry, for progress output: `attempt` of `attempts` failed. */
  onRetry?: (info: {
    request: string;
    attempt: number;
    attempts: number;
    delayMs: number;
    reason: string;
  }) => void;
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
  const timeoutMs = deps.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_S * 1000;
  const deadline = deps.deadline ?? Number.POSITIVE_INFINITY;
  const pastDeadline = (label: string) =>
    new KibanaUnreachableError(
      `${label} to ${connection.baseUrl}: the command's deadline passed before Kibana answered; ` +
        "raise it with --deadline or DAC_DEADLINE if Kibana is only slow",
    );
  const secrets = connectionSecrets(connection);
  const scrub = (text: string) => redact(text, secrets);
  const authorization = authorizationHeader(connection.auth);

  const urlOf = (c: Call) => {
    const prefix = c.space === "default" ? "" : `/s/${c.space}`;
    const query = c.query
      ? `?${new URLSearchParams(Object.entries(c.query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`
      : "";
    return `${connection.baseUrl}${prefix}${c.path}${query}`;
  };

  async function call(c: Call): Promise<HttpResponse> {
    validateSpaceId(c.space);
    const prefix = c.space === "default" ? "" : `/s/${c.space}`;
    const url = urlOf(c);
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
        const remaining = deadline - now();
        if (remaining <= 0) throw pastDeadline(label);
        response = await deps.transport(
          { method: c.method, url, headers, body: c.body },
          Math.min(timeoutMs, remaining),
        );
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
    if (now() + delayMs >= deadline) throw pastDeadline(request);
    deps.onRetry?.({ request, attempt: attempt + 1, attempts: policy.attempts, delayMs, reason });
    await sleep(delayMs);
  }

  function fail(c: Call, response: HttpResponse): never {
    const hint =
      response.status === 401
        ? connection.credentialSource
          ? `; Kibana did not accept ${connection.credentialSource}: check that it is set to a valid, unexpired credential`
          : "; no credentials were sent: set KIBANA_API_KEY (or KIBANA_USERNAME/KIBANA_PASSWORD)"
        : "";
    throw new KibanaApiError(
      `${scrub(errorMessage(response))}${hint}`,
      response.status,
      c.space,
      `${c.method} ${c.space === "default" ? "" : `/s/${c.space}`}${c.path}`,
    );
  }

  /** The parsed body of a successful response, checked against the shape dac expects. */
  async function json(c: Call, check: (body: unknown) => string | undefined): Promise<unknown> {
    const response = await call(c);
    if (response.status >= 400) fail(c, response);
    return checked(c, response, check);
  }

  function checked(c: Call, response: HttpResponse, check: (body: unknown) => string | undefined): unknown {
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      throw new UnexpectedResponseError(
        urlOf(c),
        response.status,
        "a body that is not JSON (is the URL a Kibana?)",
      );
    }
    const problem = check(body);
    if (problem) throw new UnexpectedResponseError(urlOf(c), response.status, scrub(problem));
    return body;
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
        const { data, total } = (await json(c, checkFindPage)) as { data: ApiRule[]; total: number };
        rules.push(...data);
        if (data.length === 0 || rules.length >= total) return rules;
      }
    },

    async getRule(space, ruleId) {
      const c: Call = { space, method: "GET", path: RULES, query: { rule_id: ruleId }, idempotent: true };
      const response = await call(c);
      // A missing rule is a SIEM-shaped 404 (`status_code`); a platform 404 means an unknown space or route.
      if (response.status === 404 && response.body.includes('"status_code"')) return undefined;
      if (response.status >= 400) fail(c, response);
      return checked(c, response, checkRule) as ApiRule;
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
      const result = (await json(c, checkImportResponse)) as ImportResponse;
      return {
        success: result.success,
        success_count: result.success_count,
        rules_count: result.rules_count ?? rules.length,
        errors: result.errors.map((e) => ({
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
      if (response.status >= 400 && !response.body.includes('"attributes"')) fail(c, response);
      const parsed = checked(c, response, checkBulkDeleteResponse) as {
        attributes: { results: { deleted: ApiRule[] }; errors?: BulkDeleteResponse["errors"] };
      };
      return {
        deleted: parsed.attributes.results.deleted,
        errors: (parsed.attributes.errors ?? []).map((e) => ({ ...e, message: scrub(e.message) })),
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
