import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { IndexMapping } from "../../catalog/types.js";
import { executionFor } from "../../rule-types/executable.js";
import type { ExpectedAlertShape } from "../../rule-types/rule-type.js";
import type { RuleType } from "../../schema/rule-schema.js";
import { DocumentRejectedError } from "../../semantics/documents.js";
import { sourceValue } from "../../semantics/source.js";
import {
  type Alert,
  consecutiveExecutions,
  type ExecutableRule,
  type Execution,
  executeRule,
} from "../execution/index.js";
import type { SearchEngine, SearchSession, StoredDocument } from "../types.js";
import { type EventExplanation, explainEvents } from "./explain.js";
import { FixtureError, type FixtureEvent, readFixtureFile } from "./fixtures.js";
import { parseTime, resolveRelativeTimes } from "./relative-time.js";
import { type ExpectedAlert, type TestCase, type TestFile, TestFileError } from "./test-file.js";

export interface CaseRun {
  testFile: TestFile;
  testCase: TestCase;
  rule: ExecutableRule;
  engine: SearchEngine;
  mappingFor: (index: string) => IndexMapping;
  /** The moment relative times are anchored to when a case gives no `at`. */
  now: Date;
  /** Explain every event, not only those of failing cases. */
  explain?: boolean;
}

/** One simulated execution: when it ran, what it searched, what arrived before it, what it raised. */
export interface ExecutionStep {
  startedAt: string;
  ranges: { from: string; to: string }[];
  arrived: string[];
  alerts: Alert[];
}

export interface CaseResult {
  file: string;
  name: string;
  /** The rule's type, whose module describes its alerts. */
  type: RuleType;
  engine: string;
  passed: boolean;
  executions: ExecutionStep[];
  alerts: Alert[];
  /** Expected alerts no alert met, and alerts no expectation asked for, both in the test file's shape. */
  missing: ExpectedAlert[];
  unexpected: ExpectedAlert[];
  /** Missing and unexpected alerts in the one shape of the test file's expectations, one line each. */
  shown: { missing: string[]; unexpected: string[] };
  events: FixtureEvent[];
  /** Why each event did or did not alert; present for failing cases and when asked for. */
  explanations?: EventExplanation[];
  durationMs: number;
}

/** Runs one test case: loads its fixtures into the engine, executes the rule, compares alerts. */
export async function runCase(run: CaseRun): Promise<CaseResult> {
  const started = performance.now();
  const { testFile, testCase, rule } = run;
  const firstExecution = testCase.at ? parseTime(testCase.at, run.now) : wholeSecond(run.now);
  if (!firstExecution) throw new Error(`case "${testCase.name}": "at" is not a time: ${testCase.at}`);
  const events = loadEvents(testFile, testCase, firstExecution);
  // A misspelt silent id would make the expectation pass whatever happens.
  const unknown = testCase.silent.filter((id) => !events.some((event) => event._id === id));
  if (unknown.length > 0) {
    throw new TestFileError(
      `case "${testCase.name}": silent names no fixture event: ${unknown.join(", ")}`,
      testFile.file,
    );
  }
  const times = consecutiveExecutions(rule, firstExecution, testCase.runs);
  const arrival = (event: FixtureEvent) => arrivalTime(event, firstExecution);
  const executions = withArrivals(times, events, firstExecution);
  const indices = [...new Set(events.map((event) => event._index))].sort().map(run.mappingFor);
  const session = await run.engine.open({ indices, documents: [] });
  let steps: ExecutionStep[];
  try {
    const results = await executeRule(rule, withEventPositions(session), executions);
    steps = results.map((result, i) => ({
      startedAt: result.startedAt.toISOString(),
      ranges: result.ranges.map((range) => ({ from: range.from.toISOString(), to: range.to.toISOString() })),
      arrived: (executions[i].arriving ?? []).map((event) => event._id),
      alerts: result.alerts,
    }));
  } finally {
    await session.close();
  }
  const alerts = steps.flatMap((step) => step.alerts);
  const { expected } = executionFor(rule);
  const compared = compareAlerts(testCase.alerts, alerts, times, expected);
  const { missing } = compared;
  const unexpected = compared.unexpected.map((alert) => ({
    ...expected.asExpected(alert),
    execution: times.findIndex((time) => time.toISOString() === alert.execution) + 1,
  }));
  const inExecution = (number: number | undefined) =>
    number === undefined || times.length === 1 ? "" : ` in execution ${number}`;
  const shown = {
    missing: missing.map((alert) => `${expected.describe(alert)}${inExecution(alert.execution)}`),
    unexpected: unexpected.map((alert) => `${expected.describe(alert)}${inExecution(alert.execution)}`),
  };
  const passed = missing.length === 0 && unexpected.length === 0;
  let explanations: EventExplanation[] | undefined;
  if (!passed || run.explain) {
    const everything = await run.engine.open({ indices, documents: events });
    try {
      explanations = await explainEvents({
        rule,
        events,
        executions: times,
        alerts,
        arrival,
        session: everything,
      });
    } finally {
      await everything.close();
    }
  }
  return {
    file: testFile.file,
    name: testCase.name,
    type: rule.type,
    engine: run.engine.name,
    passed,
    executions: steps,
    alerts,
    missing,
    unexpected,
    shown,
    events,
    explanations,
    durationMs: performance.now() - started,
  };
}

/** A document an engine rejects (a string in a long field) is an error at the fixture line that holds it. */
export function withEventPositions(session: SearchSession): SearchSession {
  return {
    search: (request) => session.search(request),
    esqlQuery: (request) => session.esqlQuery(request),
    eqlSearch: (request) => session.eqlSearch(request),
    close: () => session.close(),
    addDocuments: async (documents, options) => {
      try {
        await session.addDocuments(documents, options);
      } catch (error) {
        const culprit = error instanceof DocumentRejectedError ? fixtureOf(documents, error) : undefined;
        if (culprit) throw new FixtureError((error as Error).message, culprit.file, culprit.line);
        throw error;
      }
    },
  };
}

/** The fixture event a rejection is about, when the documents came from fixture files. */
export function fixtureOf(
  documents: StoredDocument[],
  error: DocumentRejectedError,
): FixtureEvent | undefined {
  const rejected = error.document;
  if (!rejected) return undefined;
  return (documents as FixtureEvent[]).find(
    (event) => event.file !== undefined && event._id === rejected._id && event._index === rejected._index,
  );
}

function loadEvents(testFile: TestFile, testCase: TestCase, execution: Date): FixtureEvent[] {
  const folder = dirname(testFile.file);
  const events = testCase.events.flatMap((name) => {
    const path = resolve(folder, name);
    if (!existsSync(path)) {
      throw new TestFileError(
        `case "${testCase.name}": fixture file ${name} does not exist (${path})`,
        testFile.file,
      );
    }
    return readFixtureFile(path);
  });
  return events.map((event) => ({ ...event, _source: resolveRelativeTimes(event._source, execution) }));
}

/** Each execution with the events that arrive after the previous one started and before it starts. */
export function withArrivals(times: Date[], events: FixtureEvent[], anchor: Date): Execution[] {
  return times.map((startedAt, i) => ({
    startedAt,
    arriving: events.filter((event) => {
      const at = arrivalTime(event, anchor);
      return at <= startedAt.getTime() && (i === 0 || at > times[i - 1].getTime());
    }),
  }));
}

/** When the event became searchable: `_arrival`, else event.ingested, else @timestamp. */
export function arrivalTime(event: FixtureEvent, execution: Date): number {
  const candidates = [
    event._arrival,
    sourceValue(event._source, "event.ingested"),
    sourceValue(event._source, "@timestamp"),
  ];
  for (const candidate of candidates) {
    if (typeof candidate !== "string") continue;
    const time = parseTime(candidate, execution);
    if (time) return time.getTime();
  }
  return Number.NEGATIVE_INFINITY;
}

/**
 * Pairs expectations with alerts one to one. An alert that is part of another raised in the same execution is
 * checked through it (its `parts`), not paired; without that other alert it is paired on its own, so unexpected.
 */
export function compareAlerts(
  expected: ExpectedAlert[],
  actual: Alert[],
  executions: Date[],
  shape: ExpectedAlertShape,
) {
  const wholeOf = (alert: Alert) => shape.partOf?.(alert);
  const isPartOf = (part: Alert, whole: Alert) =>
    part !== whole && part.execution === whole.execution && wholeOf(part) === whole._id;
  const partsOf = (whole: Alert) => actual.filter((part) => isPartOf(part, whole));
  const covered = (part: Alert) =>
    wholeOf(part) !== undefined &&
    actual.some((whole) => wholeOf(whole) === undefined && isPartOf(part, whole));
  const unmatched = actual.filter((alert) => !covered(alert));
  const missing: ExpectedAlert[] = [];
  for (const want of expected) {
    const index = unmatched.findIndex((alert) => matches(want, alert, executions, shape, partsOf(alert)));
    if (index === -1) missing.push(want);
    else unmatched.splice(index, 1);
  }
  return { missing, unexpected: unmatched };
}

function matches(
  want: ExpectedAlert,
  alert: Alert,
  executions: Date[],
  shape: ExpectedAlertShape,
  parts: readonly Alert[],
): boolean {
  if (want.id !== undefined && want.id !== alert._id) return false;
  if (want.execution !== undefined && executions[want.execution - 1]?.toISOString() !== alert.execution)
    return false;
  return shape.matches(want, alert, parts);
}

function wholeSecond(time: Date): Date {
  return new Date(Math.floor(time.getTime() / 1000) * 1000);
}
