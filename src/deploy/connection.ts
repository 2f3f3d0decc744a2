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
}

export interface ConnectionOptions {
  url?: string;
  env?: string;
  spaces?: string[];
  ca?: string;
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

  const auth = resolveAuth(env, named);
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
    },
    warnings,
  };
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
): KibanaAuth {
  const apiKeyVar = named?.api_key_env ?? "KIBANA_API_KEY";
  const userVar = named?.username_env ?? "KIBANA_USERNAME";
  const passwordVar = named?.password_env ?? "KIBANA_PASSWORD";
  const apiKey = env[apiKeyVar];
  if (apiKey) return { kind: "apiKey", apiKey };
  const username = env[userVar];
  const password = env[passwordVar];
  if (username && password) return { kind: "basic", username, password };
  if (username || password) {
    throw new ConnectionError(`set both ${userVar} and ${passwordVar}, or ${apiKeyVar}`);
  }
  if (named?.api_key_env || named?.username_env) {
    throw new ConnectionError(
      `environment variable ${named.api_key_env ?? `${userVar}/${passwordVar}`} named in the configuration is not set`,
    );
  }
  return { kind: "none" };
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
