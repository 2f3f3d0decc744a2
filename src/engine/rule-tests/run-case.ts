import { isDeepStrictEqual } from "node:util";
import { dirname, resolve } from "node:path";
import type { IndexMapping } from "../../catalog/types.js";
import { type Alert, consecutiveExecutions, type ExecutableRule, type Execution, executeRule } from "../execution/index.js";
import { readField } from "../execution/timestamps.js";
import type { SearchEngine } from "../types.js";
import { type FixtureEvent, readFixtureFile } from "./fixtures.js";
import { parseTime, resolveRelativeTimes } from "./relative-time.js";
import type { ExpectedAlert, TestCase, TestFile } from "./test-file.js";

export interface CaseRun {
  testFile: TestFile;
  testCase: TestCase;
  rule: ExecutableRule;
  engine: SearchEngine;
  mappingFor: (index: string) => IndexMapping;
  /** The moment relative times are anchored to when a case gives no `at`. */
  now: Date;
}

export interface CaseResult {
  file: string;
  name: string;
  engine: string;
  passed: boolean;
  executions: string[];
  alerts: Alert[];
  missing: ExpectedAlert[];
  unexpected: Alert[];
  events: FixtureEvent[];
  durationMs: number;
}

/** Runs one test case: loads its fixtures into the engine, executes the rule, compares alerts. */
export async function runCase(run: CaseRun): Promise<CaseResult> {
  const started = performance.now();
  const { testFile, testCase, rule } = run;
  const firstExecution = testCase.at ? parseTime(testCase.at, run.now) : wholeSecond(run.now);
  if (!firstExecution) throw new Error(`case "${testCase.name}": "at" is not a time: ${testCase.at}`);
  const events = loadEvents(testFile, testCase, firstExecution);
  const times = consecutiveExecutions(rule, firstExecution, testCase.runs);
  const arrival = (event: FixtureEvent) => arrivalTime(event, firstExecution);
  const executions: Execution[] = times.map((startedAt, i) => ({
    startedAt,
    arriving: events.filter((event) => {
      const at = arrival(event);
      return at <= startedAt.getTime() && (i === 0 || at > times[i - 1].getTime());
    }),
  }));
  const indices = [...new Set(events.map((event) => event._index))].sort().map(run.mappingFor);
  const session = await run.engine.open({ indices, documents: [] });
  let alerts: Alert[];
  try {
    const results = await executeRule(rule, session, executions);
    alerts = results.flatMap((result) => result.alerts);
  } finally {
    await session.close();
  }
  const { missing, unexpected } = compareAlerts(testCase.alerts, alerts, times);
  return {
    file: testFile.file,
    name: testCase.name,
    engine: run.engine.name,
    passed: missing.length === 0 && unexpected.length === 0,
    executions: times.map((time) => time.toISOString()),
    alerts,
    missing,
    unexpected,
    events,
    durationMs: performance.now() - started,
  };
}

function loadEvents(testFile: TestFile, testCase: TestCase, execution: Date): FixtureEvent[] {
  const folder = dirname(testFile.file);
  const events = testCase.events.flatMap((name) => readFixtureFile(resolve(folder, name)));
  return events.map((event) => ({ ...event, _source: resolveRelativeTimes(event._source, execution) }));
}

/** When the event became searchable: `_arrival`, else event.ingested, else @timestamp. */
export function arrivalTime(event: FixtureEvent, execution: Date): number {
  const candidates = [event._arrival, readField(event._source, "event.ingested"), readField(event._source, "@timestamp")];
  for (const candidate of candidates) {
    if (typeof candidate !== "string") continue;
    const time = parseTime(candidate, execution);
    if (time) return time.getTime();
  }
  return Number.NEGATIVE_INFINITY;
}

function compareAlerts(expected: ExpectedAlert[], actual: Alert[], executions: Date[]) {
  const unmatched = [...actual];
  const missing: ExpectedAlert[] = [];
  for (const want of expected) {
    const index = unmatched.findIndex((alert) => matches(want, alert, executions));
    if (index === -1) missing.push(want);
    else unmatched.splice(index, 1);
  }
  return { missing, unexpected: unmatched };
}

function matches(want: ExpectedAlert, alert: Alert, executions: Date[]): boolean {
  if (want.id !== undefined && want.id !== alert._id) return false;
  if (want.new_terms !== undefined && !isDeepStrictEqual(want.new_terms, alert.new_terms)) return false;
  if (want.threshold) {
    if (!alert.threshold) return false;
    if (want.threshold.count !== undefined && want.threshold.count !== alert.threshold.count) return false;
    if (want.threshold.terms !== undefined && !isDeepStrictEqual(want.threshold.terms, alert.threshold.terms)) return false;
  }
  if (want.execution !== undefined && executions[want.execution - 1]?.toISOString() !== alert.execution) return false;
  return true;
}

function wholeSecond(time: Date): Date {
  return new Date(Math.floor(time.getTime() / 1000) * 1000);
}
