import type { DacConfig } from "../config/config.js";
import { DacError } from "../errors.js";

export type KibanaAuth =
  | { kind: "apiKey"; apiKey: string }
  | { kind: "basic"; username: string; password: string }
  | { kind: "none" };

/** Everything needed to talk to one Kibana; the credentials live only here and in the Authorization header. */
export interface KibanaConnection {
  /** Origin plus optional base path (e.g. a reverse-proxy prefix), never with user info; no trailing slash. */
  baseUrl: string;
  spaces: string[];
  auth: KibanaAuth;
  /** PEM text of extra trusted CAs. */
  ca?: string;
  /** `enabled` for rules that do not set it. */
  enabledDefault: boolean;
  /** Where the connection came from, for messages (never contains secrets). */
  label: string;
  /** Where the credentials came from, for the hint on a 401: the variable names, and the environment's name. */
  credentialSource?: string;
  /** Longest wait for one complete response. */
  requestTimeoutMs: number;
  /** Longest the whole command may wait on Kibana, retries included. */
  deadlineMs: number;
}

/** Defaults for how long dac waits on Kibana; the README's "Deploying to Kibana" states them. */
export const DEFAULT_REQUEST_TIMEOUT_S = 30;
export const DEFAULT_DEADLINE_S = 600;

export interface ConnectionOptions {
  url?: string;
  env?: string;
  spaces?: string[];
  ca?: string;
  /** Seconds, from --request-timeout. */
  requestTimeout?: string;
  /** Seconds, from --deadline. */
  deadline?: string;
}

/** The Kibana target is not given or not usable as given (flags, environment, dac.config.yaml). */
export class ConnectionError extends DacError {
  constructor(message: string) {
    super("usage", message);
  }
}

/** Kibana space ids: lowercase letters, digits, "_" and "-" (what the Spaces UI allows). */
const SPACE_ID = /^[a-z0-9_-]+$/;

export function validateSpaceId(space: string): void {
  if (!SPACE_ID.test(space)) {
    throw new ConnectionError(
      `invalid space id "${space}": use lowercase letters, digits, "_" and "-" (e.g. "default", "soc-team")`,
    );
  }
}

/**
 * Resolves the target from flags, then the named environment (`--env`), then KIBANA_* variables.
 * Credentials come only from environment variables so they never show up in shell history or `ps`.
 */
export function resolveConnection(
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv,
  config: Pick<DacConfig, "environments" | "file">,
  readFile: (path: string) => string,
): { connection: KibanaConnection; warnings: string[] } {
  const warnings: string[] = [];
  const named = options.env === undefined ? undefined : config.environments[options.env];
  if (options.env !== undefined && !named) {
    const known = Object.keys(config.environments);
    throw new ConnectionError(
      `unknown environment "${options.env}"${config.file ? ` in ${config.file}` : " (no dac.config.yaml found)"}` +
        (known.length ? `; known: ${known.join(", ")}` : ""),
    );
  }
  const rawUrl = options.url ?? named?.url ?? env.KIBANA_URL;
  if (!rawUrl) {
    throw new ConnectionError("no Kibana URL: pass --url, --env NAME, or set KIBANA_URL");
  }
  const baseUrl = parseBaseUrl(rawUrl, warnings);

  const spaces = options.spaces?.length
    ? options.spaces
    : named
      ? named.spaces
      : env.KIBANA_SPACE
        ? [env.KIBANA_SPACE]
        : ["default"];
  for (const space of spaces) validateSpaceId(space);

  const { auth, source: credentialSource } = resolveAuth(env, named, options.env);
  if (auth.kind === "none") {
    warnings.push(
      "no credentials set (KIBANA_API_KEY or KIBANA_USERNAME/KIBANA_PASSWORD); sending anonymous requests",
    );
  }
  const caPath = options.ca ?? named?.ca;
  let ca: string | undefined;
  if (caPath !== undefined) {
    try {
      ca = readFile(caPath);
    } catch (error) {
      throw new ConnectionError(
        `cannot read CA file ${caPath}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      );
    }
    if (!ca.includes("-----BEGIN CERTIFICATE-----")) {
      throw new ConnectionError(`CA file ${caPath} holds no PEM certificate`);
    }
  }
  if (baseUrl.startsWith("http:") && auth.kind !== "none" && !isLoopback(baseUrl)) {
    warnings.push(`${baseUrl} is plain http: credentials travel unencrypted`);
  }
  return {
    connection: {
      baseUrl,
      spaces,
      auth,
      ca,
      enabledDefault: named?.enabled ?? false,
      label: options.env ? `environment ${options.env} (${baseUrl})` : baseUrl,
      credentialSource,
      requestTimeoutMs:
        seconds(
          [
            ["--request-timeout", options.requestTimeout],
            ["DAC_REQUEST_TIMEOUT", env.DAC_REQUEST_TIMEOUT],
            [`environments.${options.env}.request_timeout`, named?.request_timeout],
          ],
          DEFAULT_REQUEST_TIMEOUT_S,
        ) * 1000,
      deadlineMs:
        seconds(
          [
            ["--deadline", options.deadline],
            ["DAC_DEADLINE", env.DAC_DEADLINE],
            [`environments.${options.env}.deadline`, named?.deadline],
          ],
          DEFAULT_DEADLINE_S,
        ) * 1000,
    },
    warnings,
  };
}

/** The first setting given (flag, then variable, then configuration), as a positive number of seconds. */
function seconds(settings: [string, string | number | undefined][], fallback: number): number {
  for (const [name, value] of settings) {
    if (value === undefined || value === "") continue;
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0) {
      throw new ConnectionError(`${name} must be a positive number of seconds, not "${value}"`);
    }
    return number;
  }
  return fallback;
}

function parseBaseUrl(raw: string, warnings: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConnectionError(
      "Kibana URL is not a valid absolute URL (expected e.g. https://kibana.example.com:5601)",
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConnectionError(`Kibana URL must use https or http, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    // The URL is echoed in messages; credentials inside it would leak there.
    throw new ConnectionError(
      "credentials in the Kibana URL are not accepted; set KIBANA_API_KEY or KIBANA_USERNAME/KIBANA_PASSWORD instead",
    );
  }
  if (url.search || url.hash) warnings.push("query string and fragment of the Kibana URL are ignored");
  const path = url.pathname.replace(/\/+$/, "");
  if (/\/s\/[^/]+$/.test(path)) {
    throw new ConnectionError(
      "put the space in --space or the environment's spaces, not in the URL (/s/<space>)",
    );
  }
  return `${url.protocol}//${url.host}${path}`;
}

function resolveAuth(
  env: NodeJS.ProcessEnv,
  named: DacConfig["environments"][string] | undefined,
  envName: string | undefined,
): { auth: KibanaAuth; source?: string } {
  const apiKeyVar = named?.api_key_env ?? "KIBANA_API_KEY";
  const userVar = named?.username_env ?? "KIBANA_USERNAME";
  const passwordVar = named?.password_env ?? "KIBANA_PASSWORD";
  const from = (variables: string) =>
    named?.api_key_env || named?.username_env
      ? `${variables} (named by environment ${envName} in the configuration)`
      : variables;
  const apiKey = env[apiKeyVar];
  if (apiKey) return { auth: { kind: "apiKey", apiKey }, source: `the API key in ${from(apiKeyVar)}` };
  const username = env[userVar];
  const password = env[passwordVar];
  if (username && password) {
    return {
      auth: { kind: "basic", username, password },
      source: `the user and password in ${from(`${userVar}/${passwordVar}`)}`,
    };
  }
  if (username || password) {
    throw new ConnectionError(`set both ${userVar} and ${passwordVar}, or ${apiKeyVar}`);
  }
  if (named?.api_key_env || named?.username_env) {
    throw new ConnectionError(
      `environment variable ${named.api_key_env ?? `${userVar}/${passwordVar}`} named in the configuration is not set`,
    );
  }
  return { auth: { kind: "none" } };
}

function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** The secret strings of a connection, for scrubbing any text that leaves the process. */
export function connectionSecrets(connection: KibanaConnection): string[] {
  const auth = connection.auth;
  if (auth.kind === "apiKey") return [auth.apiKey];
  if (auth.kind === "basic") {
    return [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString("base64")];
  }
  return [];
}

export function authorizationHeader(auth: KibanaAuth): string | undefined {
  if (auth.kind === "apiKey") return `ApiKey ${auth.apiKey}`;
  if (auth.kind === "basic")
    return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
  return undefined;
}
