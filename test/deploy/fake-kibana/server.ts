/**
 * A strict local stand-in for Kibana's detection rules API (2023-10-31): spaces, auth, headers, both error
 * envelopes, server-generated fields, `_find` paging, `_import` multipart semantics, `_bulk_action`, and
 * fault injection. Bodies are checked with the project's own schema (validateRuleCreate).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { validateRuleCreate } from "../../../src/schema/validate-rule.js";
import { parseMultipart } from "./multipart.js";
import { newRule, type Rule, replacedRule, stripServerKeys } from "./rules.js";

export type Fault =
  | { kind: "latency"; ms: number }
  | { kind: "status"; status: number; retryAfter?: string; body?: unknown }
  /** Close the connection before handling the request. */
  | { kind: "drop" }
  /** Handle the request, then close the connection without answering. */
  | { kind: "applied-lost" }
  /** Never answer (the client's timeout must fire). */
  | { kind: "hang" }
  /** Send 200 headers, then one byte every `intervalMs`, never finishing (a stuck proxy). */
  | { kind: "drip"; intervalMs: number }
  /** Answer with `status` and a message echoing the request's credential in the form `encode` gives it. */
  | { kind: "echo-credential"; status: number; encode: (credential: string) => string };

export interface FaultRule {
  method?: string;
  /** Matched against the path without the space prefix, e.g. /api/detection_engine/rules/_import. */
  path?: RegExp;
  /** How many matching requests it affects. */
  times: number;
  fault: Fault;
}

export interface LoggedRequest {
  method: string;
  path: string;
  space: string;
  status: number;
  /** Headers as received (tests assert on them). */
  headers: IncomingMessage["headers"];
}

export interface FakeKibanaOptions {
  spaces?: string[];
  /** Accepted `Authorization: ApiKey <value>` credentials. */
  apiKeys?: string[];
  /** Accepted Basic users. */
  users?: Record<string, string>;
  /** Connector ids that exist (actions referencing others are rejected on import). */
  connectors?: string[];
  /** Exception list_ids that exist in every space. */
  exceptionLists?: string[];
  maxImportBytes?: number;
}

export interface FakeKibana {
  url: string;
  requests: LoggedRequest[];
  faults: FaultRule[];
  /** Rules of a space, by saved-object id. */
  rules(space?: string): Rule[];
  /** Installs an Elastic prebuilt rule (immutable, rule_source external). */
  seedPrebuilt(space: string, body: Rule): Rule;
  /** Stores a custom rule as if created through the UI. */
  seedCustom(space: string, body: Rule): Rule;
  close(): Promise<void>;
}

const API_VERSION = "2023-10-31";
const RULES = "/api/detection_engine/rules";
const MAX_IMPORT_RULES = 10_000;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

const platform = (status: number, error: string, message: string) =>
  new HttpFailure(status, { statusCode: status, error, message });
const siem = (status: number, message: string | string[]) =>
  new HttpFailure(status, { message, status_code: status });

export async function startFakeKibana(options: FakeKibanaOptions = {}): Promise<FakeKibana> {
  const spaces = new Map<string, Map<string, Rule>>();
  for (const space of ["default", ...(options.spaces ?? [])]) spaces.set(space, new Map());
  const apiKeys = new Set(options.apiKeys ?? []);
  const users = options.users ?? {};
  const connectors = new Set(options.connectors ?? []);
  const exceptionLists = new Set(options.exceptionLists ?? []);
  const maxImportBytes = options.maxImportBytes ?? 10 * 1024 * 1024;
  const requests: LoggedRequest[] = [];
  const faults: FaultRule[] = [];
  const sockets = new Set<Socket>();
  const now = () => new Date().toISOString();

  const storeOf = (space: string) => spaces.get(space) as Map<string, Rule>;
  const byRuleId = (space: string, ruleId: string) =>
    [...storeOf(space).values()].find((r) => r.rule_id === ruleId);

  function authenticate(req: IncomingMessage): string {
    const header = req.headers.authorization ?? "";
    const [scheme, credential = ""] = header.split(" ", 2);
    if (scheme === "ApiKey" && apiKeys.has(credential)) return "api-key-owner";
    if (scheme === "Basic") {
      const [user, ...rest] = Buffer.from(credential, "base64").toString("utf8").split(":");
      if (user in users && users[user] === rest.join(":")) return user;
    }
    throw platform(
      401,
      "Unauthorized",
      "[security_exception\n\tRoot causes:\n\t\tsecurity_exception: unable to authenticate user for REST request [/_security/_authenticate]]: unable to authenticate user for REST request [/_security/_authenticate]",
    );
  }

  function checkBody(body: unknown, where: string): Rule {
    const issues = validateRuleCreate(stripServerKeys((body ?? {}) as Rule)).filter(
      (i) => i.kind === "schema",
    );
    if (issues.length) {
      throw platform(
        400,
        "Bad Request",
        `${where}${issues.map((i) => `${i.path.join(".")}: ${i.message}`).join(", ")}`,
      );
    }
    return stripUnknown(body as Rule);
  }

  /** Kibana's schemas are non-strict: unknown keys are dropped, not rejected. */
  function stripUnknown(body: Rule): Rule {
    const unknown = new Set(
      validateRuleCreate(stripServerKeys(body))
        .filter((i) => i.kind === "unknown-key" && i.path.length === 1)
        .map((i) => String(i.path[0])),
    );
    return Object.fromEntries(Object.entries(body).filter(([key]) => !unknown.has(key)));
  }

  function handle(
    space: string,
    user: string,
    method: string,
    path: string,
    query: URLSearchParams,
    raw: Buffer,
    req: IncomingMessage,
  ): unknown {
    const store = storeOf(space);
    const json = () => {
      try {
        return JSON.parse(raw.toString("utf8") || "null");
      } catch {
        throw platform(400, "Bad Request", "Invalid request payload JSON format");
      }
    };
    const pickOne = (source: Record<string, unknown>) => {
      const id = source.id as string | undefined;
      const ruleId = source.rule_id as string | undefined;
      if (id && ruleId) throw siem(400, ['both "id" and "rule_id" cannot exist, choose one or the other']);
      if (!id && !ruleId) throw siem(400, ['either "id" or "rule_id" must be set']);
      const rule = id ? store.get(id) : byRuleId(space, ruleId as string);
      if (!rule) throw siem(404, id ? `id: "${id}" not found` : `rule_id: "${ruleId}" not found`);
      return rule;
    };

    if (path === RULES && method === "GET") return pickOne(Object.fromEntries(query));
    if (path === RULES && method === "POST") {
      const body = checkBody(json(), "[request body]: ");
      if (body.rule_id !== undefined && byRuleId(space, String(body.rule_id))) {
        throw siem(409, `rule_id: "${body.rule_id}" already exists`);
      }
      const rule = newRule(body, user, now());
      store.set(rule.id as string, rule);
      return rule;
    }
    if (path === RULES && method === "PUT") {
      const body = json() as Rule;
      const old = pickOne(body);
      const { id: _id, ...content } = checkBody(body, "[request body]: ");
      const updated = replacedRule(
        old,
        { enabled: old.enabled, version: old.version, ...content },
        user,
        now(),
      );
      store.set(old.id as string, updated);
      return updated;
    }
    if (path === RULES && method === "DELETE") {
      const rule = pickOne(Object.fromEntries(query));
      store.delete(rule.id as string);
      return rule;
    }
    if (path === `${RULES}/_find` && method === "GET") return find(store, query);
    if (path === `${RULES}/_import` && method === "POST") return importRules(space, user, query, raw, req);
    if (path === `${RULES}/_bulk_action` && method === "POST") return bulkAction(store, json() as Rule);
    throw platform(404, "Not Found", "Not Found");
  }

  function find(store: Map<string, Rule>, query: URLSearchParams) {
    const page = Number(query.get("page") ?? 1);
    const perPage = Number(query.get("per_page") ?? 20);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 0) {
      throw platform(400, "Bad Request", "[request query]: page: Number must be greater than or equal to 1");
    }
    const sortField = query.get("sort_field");
    const sortOrder = query.get("sort_order");
    if ((sortField === null) !== (sortOrder === null)) {
      throw siem(400, ['when "sort_order" and "sort_field" must exist together or not at all']);
    }
    let data = [...store.values()];
    const tag = /^alert\.attributes\.tags:"([^"]*)"$/.exec(query.get("filter") ?? "");
    if (query.get("filter") && !tag) throw siem(400, "unsupported filter in the fake");
    if (tag) data = data.filter((rule) => (rule.tags as string[]).includes(tag[1]));
    if (sortField) {
      const key = sortField === "createdAt" ? "created_at" : sortField;
      data.sort((a, b) => String(a[key]).localeCompare(String(b[key])) * (sortOrder === "desc" ? -1 : 1));
    }
    return { page, perPage, total: data.length, data: data.slice((page - 1) * perPage, page * perPage) };
  }

  function importRules(
    space: string,
    user: string,
    query: URLSearchParams,
    raw: Buffer,
    req: IncomingMessage,
  ) {
    if (raw.length > maxImportBytes) {
      throw platform(
        413,
        "Request Entity Too Large",
        `Payload content length greater than maximum allowed: ${maxImportBytes}`,
      );
    }
    const parts = parseMultipart(req.headers["content-type"], raw);
    const file = parts?.find((part) => part.name === "file");
    if (!file) throw platform(400, "Bad Request", "[request body]: file: Required");
    const extension = /\.([^.]*)$/.exec(file.filename ?? "")?.[1] ?? "";
    if (extension.toLowerCase() !== "ndjson") throw siem(400, `Invalid file extension .${extension}`);
    const overwrite = query.get("overwrite") === "true";
    const store = storeOf(space);
    const errors: Rule[] = [];
    const rules: Rule[] = [];
    for (const line of file.content.split("\n")) {
      if (!line.trim()) continue;
      let parsed: Rule;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        errors.push({ error: { status_code: 400, message: (error as Error).message } });
        rules.push({});
        continue;
      }
      if ("exported_count" in parsed || "list_id" in parsed || "item_id" in parsed || "entries" in parsed)
        continue;
      rules.push(parsed);
    }
    if (rules.length >= MAX_IMPORT_RULES) throw siem(500, `Can't import more than ${MAX_IMPORT_RULES} rules`);
    const counts = new Map<string, number>();
    for (const rule of rules)
      if (rule.rule_id) counts.set(String(rule.rule_id), (counts.get(String(rule.rule_id)) ?? 0) + 1);
    let successCount = 0;
    for (const [index, rule] of rules.entries()) {
      if (Object.keys(rule).length === 0) continue;
      const ruleId = rule.rule_id as string | undefined;
      const fail = (status_code: number, message: string) =>
        errors.push({ rule_id: ruleId, error: { status_code, message } });
      if (!ruleId) {
        fail(400, "rule_id: Required");
        continue;
      }
      const issues = validateRuleCreate(stripServerKeys(rule)).filter((i) => i.kind === "schema");
      if (issues.length) {
        fail(400, issues.map((i) => `${i.path.join(".")}: ${i.message}`).join(", "));
        continue;
      }
      if (!overwrite && (counts.get(ruleId) ?? 0) > 1) {
        const last = rules.map((r) => r.rule_id).lastIndexOf(ruleId);
        if (index !== last) {
          fail(400, `More than one rule with rule-id: "${ruleId}" found`);
          continue;
        }
      }
      const missing = ((rule.actions as Rule[] | undefined) ?? [])
        .map((a) => String(a.id))
        .filter((id) => !connectors.has(id));
      if (missing.length) {
        fail(404, `Rule actions reference the following missing action IDs: ${missing.join(",")}`);
        continue;
      }
      const body = stripUnknown(stripServerKeys(rule));
      const lists = (body.exceptions_list as Rule[] | undefined) ?? [];
      const kept = lists.filter((list) => exceptionLists.has(String(list.list_id)));
      for (const list of lists.filter((l) => !kept.includes(l))) {
        fail(
          400,
          `Rule with rule_id: "${ruleId}" references a non existent exception list of list_id: "${list.list_id}". Reference has been removed.`,
        );
      }
      body.exceptions_list = kept;
      const existing = byRuleId(space, ruleId);
      if (existing && !overwrite) {
        fail(409, "Rule with this rule_id already exists");
        continue;
      }
      const stored = existing
        ? replacedRule(existing, body, user, now())
        : newRule({ version: 1, ...body }, user, now());
      store.set(stored.id as string, stored);
      successCount++;
    }
    return {
      success: errors.length === 0,
      success_count: successCount,
      rules_count: rules.length,
      errors,
      exceptions_success: true,
      exceptions_success_count: 0,
      exceptions_errors: [],
      action_connectors_success: true,
      action_connectors_success_count: 0,
      action_connectors_errors: [],
      action_connectors_warnings: [],
    };
  }

  function bulkAction(store: Map<string, Rule>, body: Rule) {
    const action = body.action as string;
    if (!["delete", "enable", "disable"].includes(action))
      throw siem(400, `action ${action} is not supported by the fake`);
    const ids = body.ids as string[] | undefined;
    if (ids && body.query !== undefined) {
      throw siem(400, "Both query and ids are sent. Define either ids or query in request payload.");
    }
    if (ids && ids.length > 100) throw siem(400, "More than 100 ids sent for bulk edit action.");
    const targets = ids ?? [...store.keys()];
    const results = {
      updated: [] as Rule[],
      created: [] as Rule[],
      deleted: [] as Rule[],
      skipped: [] as Rule[],
    };
    const notFound: { id: string }[] = [];
    for (const id of targets) {
      const rule = store.get(id);
      if (!rule) {
        notFound.push({ id });
        continue;
      }
      if (action === "delete") {
        store.delete(id);
        results.deleted.push(rule);
      } else {
        const updated = { ...rule, enabled: action === "enable", updated_at: now() };
        store.set(id, updated);
        results.updated.push(updated);
      }
    }
    const succeeded = results.deleted.length + results.updated.length;
    const summary = { failed: notFound.length, skipped: 0, succeeded, total: targets.length };
    if (notFound.length) {
      throw new HttpFailure(500, {
        message: succeeded ? "Bulk edit partially failed" : "Bulk edit failed",
        status_code: 500,
        attributes: {
          errors: [{ message: "Rule not found", status_code: 500, rules: notFound }],
          results,
          summary,
        },
      });
    }
    return { success: true, rules_count: targets.length, attributes: { results, summary } };
  }

  function takeFault(method: string, path: string): Fault | undefined {
    const rule = faults.find(
      (f) => f.times > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)),
    );
    if (!rule) return undefined;
    rule.times--;
    return rule.fault;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void serve(req, res, Buffer.concat(chunks));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    const match = /^\/s\/([^/]+)(\/.*)$/.exec(url.pathname);
    const space = match ? match[1] : "default";
    const path = match ? match[2] : url.pathname;
    const log: LoggedRequest = { method, path, space, status: 0, headers: req.headers };
    requests.push(log);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };

    const fault = takeFault(method, path);
    if (fault?.kind === "latency") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === "drop") return req.socket.destroy();
    if (fault?.kind === "hang") return;
    if (fault?.kind === "drip") {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => res.write(" "), fault.intervalMs);
      res.on("close", () => clearInterval(timer));
      return;
    }
    if (fault?.kind === "echo-credential") {
      const credential = (req.headers.authorization ?? "").split(" ", 2)[1] ?? "";
      return send(fault.status, {
        statusCode: fault.status,
        error: "Echo",
        message: `rejected credential ${fault.encode(credential)} (header: ${req.headers.authorization})`,
      });
    }
    if (fault?.kind === "status") {
      return send(
        fault.status,
        fault.body ?? { statusCode: fault.status, error: "Fault", message: "injected" },
        {
          ...(fault.retryAfter ? { "retry-after": fault.retryAfter } : {}),
        },
      );
    }
    try {
      if (!spaces.has(space)) throw platform(404, "Not Found", "Not Found");
      const user = authenticate(req);
      if (method !== "GET" && method !== "HEAD" && req.headers["kbn-xsrf"] === undefined) {
        throw platform(400, "Bad Request", "Request must contain a kbn-xsrf header.");
      }
      const version = req.headers["elastic-api-version"];
      if (version !== API_VERSION) {
        throw platform(
          400,
          "Bad Request",
          version === undefined
            ? "Please specify a version via elastic-api-version header. Available versions: 2023-10-31"
            : `Invalid version. Received "${version}", expected one of ["${API_VERSION}"]`,
        );
      }
      const result = handle(space, user, method, path, url.searchParams, raw, req);
      if (fault?.kind === "applied-lost") return req.socket.destroy();
      send(200, result);
    } catch (error) {
      if (fault?.kind === "applied-lost") return req.socket.destroy();
      if (error instanceof HttpFailure) return send(error.status, error.body);
      send(500, { message: (error as Error).message, status_code: 500 });
    }
  }

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const seed = (space: string, body: Rule, prebuilt: boolean) => {
    const rule = newRule(body, prebuilt ? "elastic" : "ui-user", new Date().toISOString());
    if (prebuilt)
      Object.assign(rule, { immutable: true, rule_source: { type: "external", is_customized: false } });
    storeOf(space).set(rule.id as string, rule);
    return rule;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    rules: (space = "default") => [...storeOf(space).values()],
    seedPrebuilt: (space, body) => seed(space, body, true),
    seedCustom: (space, body) => seed(space, body, false),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
