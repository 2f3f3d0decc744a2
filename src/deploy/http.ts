import http from "node:http";
import https from "node:https";
import { DacError } from "../errors.js";

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A network failure. `sent` tells whether the request may have reached the server: a refused connection or
 * a failed TLS handshake was certainly not applied; a reset or a timeout after sending may have been.
 */
export class TransportError extends DacError {
  constructor(
    message: string,
    readonly code: string,
    readonly sent: boolean,
    /** Retrying cannot help (bad certificate, unknown host). */
    readonly fatal: boolean,
  ) {
    super("unreachable", message);
  }
}

export type Transport = (request: HttpRequest, timeoutMs: number) => Promise<HttpResponse>;

const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const FATAL = new Set(["ENOTFOUND"]);

/**
 * node:http(s) transport. Node 20's global fetch cannot take a CA per request, so TLS trust goes through an
 * https.Agent; certificate verification stays on.
 */
export function nodeTransport(options: { ca?: string } = {}): Transport {
  const httpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets: 4,
    ca: options.ca,
    rejectUnauthorized: true,
  });
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  return (request, timeoutMs) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const url = new URL(request.url);
      const isHttps = url.protocol === "https:";
      const send = isHttps ? https.request : http.request;
      let connected = false;
      const req = send(
        url,
        { method: request.method, headers: request.headers, agent: isHttps ? httpsAgent : httpAgent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          res.on("error", (error) => reject(classify(error as NodeJS.ErrnoException, true)));
        },
      );
      req.on("socket", (socket) => {
        if (!socket.connecting) connected = true;
        socket.once(isHttps ? "secureConnect" : "connect", () => {
          connected = true;
        });
      });
      req.setTimeout(timeoutMs, () => {
        req.destroy(Object.assign(new Error(`no response within ${timeoutMs} ms`), { code: "ETIMEDOUT" }));
      });
      req.on("error", (error) => reject(classify(error as NodeJS.ErrnoException, connected)));
      req.end(request.body);
    });
}

function classify(error: NodeJS.ErrnoException, connected: boolean): TransportError {
  const code = error.code ?? "EUNKNOWN";
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) || /certificate/i.test(error.message)) {
    return new TransportError(
      `TLS verification failed (${code}); pass --ca FILE for a private certificate authority`,
      code,
      false,
      true,
    );
  }
  const sent = connected && !NOT_SENT.has(code);
  return new TransportError(`${describe(code)} (${code})`, code, sent, FATAL.has(code));
}

function describe(code: string): string {
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
      return "host not found";
    case "ECONNRESET":
      return "connection reset";
    case "ETIMEDOUT":
      return "request timed out";
    default:
      return "network error";
  }
}
