import type { KibanaConnection } from "../../src/deploy/connection.js";
import { nodeTransport } from "../../src/deploy/http.js";
import { type ApiRule, createKibanaClient, type KibanaClient } from "../../src/deploy/kibana-client.js";

export const API_KEY = "ZGFjLXRlc3Q6c2VjcmV0LWtleS1kby1ub3QtbGVhaw==";

/** A small valid custom query rule in API (create) shape. */
export function queryRule(n: number, overrides: ApiRule = {}): ApiRule {
  return {
    rule_id: `rule-${String(n).padStart(4, "0")}`,
    type: "query",
    name: `Suspicious process ${n}`,
    description: `Detects suspicious process number ${n}.`,
    risk_score: 47,
    severity: "medium",
    query: `process.name:"proc${n}.exe" and event.type:start`,
    language: "kuery",
    index: ["logs-endpoint.events.process-*"],
    tags: ["Domain: Endpoint", "OS: Windows"],
    threat: [
      {
        framework: "MITRE ATT&CK",
        tactic: { id: "TA0002", name: "Execution", reference: "https://attack.mitre.org/tactics/TA0002/" },
        technique: [
          {
            id: "T1059",
            name: "Command and Scripting Interpreter",
            reference: "https://attack.mitre.org/techniques/T1059/",
          },
        ],
      },
    ],
    ...overrides,
  };
}

export function connection(url: string, spaces = ["default"]): KibanaConnection {
  return {
    baseUrl: url,
    spaces,
    auth: { kind: "apiKey", apiKey: API_KEY },
    enabledDefault: false,
    label: url,
    requestTimeoutMs: 5_000,
    deadlineMs: 60_000,
  };
}

/** A client with no real waiting; records the delays it would have slept. */
export function testClient(url: string, sleeps: number[] = [], timeoutMs = 5_000): KibanaClient {
  return createKibanaClient(connection(url), {
    transport: nodeTransport(),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    timeoutMs,
  });
}
