import { openCatalog } from "../../../src/catalog/catalog.js";
import { mappingForIndex } from "../../../src/catalog/mapping.js";
import {
  type Alert,
  type ExecutableRule,
  type Execution,
  type ExecutionResult,
  executeRule,
  toExecutableRule,
} from "../../../src/engine/execution/index.js";
import { memoryEngine } from "../../../src/engine/memory/index.js";
import type { JsonObject, StoredDocument } from "../../../src/engine/types.js";

export const INDEX = "logs-test-default";

const catalog = openCatalog();

/** A small API-shaped rule: a KQL query rule on logs-test-* every 5 minutes over 9 minutes. */
export function rule(overrides: Record<string, unknown> = {}): ExecutableRule {
  return toExecutableRule({
    rule_id: "test-rule",
    name: "test rule",
    description: "test rule",
    risk_score: 21,
    severity: "low",
    type: "query",
    index: ["logs-test-*"],
    language: "kuery",
    query: 'event.action:"login"',
    from: "now-9m",
    interval: "5m",
    ...overrides,
  });
}

/** An event: `_index` defaults to logs-test-default; `arrival` (ISO) is when it becomes searchable. */
export interface TestEvent extends StoredDocument {
  arrival?: string;
}

export function event(
  id: string,
  source: JsonObject,
  options: { index?: string; arrival?: string } = {},
): TestEvent {
  return { _index: options.index ?? INDEX, _id: id, _source: source, arrival: options.arrival };
}

/** A login event by a user at a time; the query rule's default query matches it. */
export function login(id: string, timestamp: string, extra: JsonObject = {}): TestEvent {
  return event(id, { "@timestamp": timestamp, event: { action: "login" }, ...extra });
}

function arrivalOf(document: TestEvent): number {
  if (document.arrival) return Date.parse(document.arrival);
  const timestamp = document._source["@timestamp"];
  return typeof timestamp === "string" ? Date.parse(timestamp) : Number.NEGATIVE_INFINITY;
}

/**
 * Executes the rule at each start time; an event becomes searchable before the first execution at or
 * after its arrival (its `arrival`, else its @timestamp).
 */
export async function execute(
  executable: ExecutableRule,
  events: TestEvent[],
  startTimes: string[],
): Promise<ExecutionResult[]> {
  const indices = [...new Set(events.map((e) => e._index))]
    .sort()
    .map((index) => mappingForIndex(index, catalog));
  const times = startTimes.map((time) => Date.parse(time));
  const executions: Execution[] = times.map((time, i) => ({
    startedAt: new Date(time),
    arriving: events
      .filter((e) => arrivalOf(e) <= time && (i === 0 || arrivalOf(e) > times[i - 1]))
      .map(({ _index, _id, _source }) => ({ _index, _id, _source })),
  }));
  const session = await memoryEngine.open({ indices, documents: [] });
  try {
    return await executeRule(executable, session, executions);
  } finally {
    await session.close();
  }
}

/** `id@execution` for each alert, in the order raised. */
export function raised(results: ExecutionResult[]): string[] {
  return results.flatMap((result) => result.alerts.map((alert) => `${alert._id}@${time(alert.execution)}`));
}

export function alertsOf(results: ExecutionResult[]): Alert[] {
  return results.flatMap((result) => result.alerts);
}

/** "12:00:00" for an ISO time, to keep expectations short. */
export function time(iso: string): string {
  return iso.slice(11, 19);
}

/** An ISO time on the test day (2025-01-15, UTC): "11:55:30" → "2025-01-15T11:55:30.000Z". */
export function at(clock: string, day = "2025-01-15"): string {
  return new Date(`${day}T${clock}Z`).toISOString();
}

/** `minutes` before `clock` on the test day, as ISO. */
export function minus(clock: string, minutes: number): string {
  return new Date(Date.parse(at(clock)) - minutes * 60_000).toISOString();
}
