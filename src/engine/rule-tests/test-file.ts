import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { load as loadYaml } from "js-yaml";
import { DacError } from "../../errors.js";

/** An alert a case expects: by fixture id for query/new_terms rules, by group for threshold rules. */
export interface ExpectedAlert {
  id?: string;
  new_terms?: unknown[];
  threshold?: { terms?: { field: string; value: unknown }[]; count?: number };
  /** 1-based execution number the alert must come from. */
  execution?: number;
}

export interface TestCase {
  name: string;
  /** Fixture NDJSON files, relative to the test file's folder. */
  events: string[];
  /** First execution time: ISO 8601; default: the moment the tests run. */
  at?: string;
  runs: number;
  alerts: ExpectedAlert[];
  /** Fixture ids that must not raise an alert (documentation; every unlisted event must stay silent too). */
  silent: string[];
}

export interface TestFile {
  file: string;
  /** The rule under test. */
  rule: string;
  cases: TestCase[];
}

export class TestFileError extends DacError {
  constructor(message: string, file: string, line?: number) {
    super("input", message, { location: line ? { file, line } : { file } });
  }
}

const CASE_KEYS = new Set(["name", "events", "at", "runs", "alerts", "silent"]);
const ALERT_KEYS = new Set(["id", "new_terms", "threshold", "execution"]);

/** Reads a rule test file; the rule defaults to `<rules dir>/<folder name>.toml`. */
export function readTestFile(file: string, rulesDir: string): TestFile {
  let raw: unknown;
  try {
    raw = loadYaml(readFileSync(file, "utf8"), { filename: file });
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark;
    throw new TestFileError(
      (error as { reason?: string }).reason ?? (error as Error).message,
      file,
      mark ? mark.line + 1 : 0,
    );
  }
  const document = object(raw, "the test file", file);
  for (const key of Object.keys(document)) {
    if (key !== "rule" && key !== "cases")
      throw new TestFileError(`unknown key "${key}" (expected rule, cases)`, file);
  }
  const folder = dirname(file);
  const rule =
    document.rule === undefined
      ? join(rulesDir, `${basename(folder)}.toml`)
      : resolve(folder, string(document.rule, "rule", file));
  if (!Array.isArray(document.cases) || document.cases.length === 0) {
    throw new TestFileError("cases: expected a non-empty list of test cases", file);
  }
  const names = new Set<string>();
  const cases = document.cases.map((item, index) => {
    const testCase = readCase(item, `cases[${index}]`, file);
    if (names.has(testCase.name)) throw new TestFileError(`case name "${testCase.name}" is used twice`, file);
    names.add(testCase.name);
    return testCase;
  });
  return { file, rule, cases };
}

function readCase(raw: unknown, where: string, file: string): TestCase {
  const input = object(raw, where, file);
  for (const key of Object.keys(input)) {
    if (!CASE_KEYS.has(key))
      throw new TestFileError(`${where}: unknown key "${key}" (expected ${[...CASE_KEYS].join(", ")})`, file);
  }
  const name = string(input.name, `${where}.name`, file);
  const at =
    input.at === undefined
      ? undefined
      : input.at instanceof Date
        ? input.at.toISOString()
        : string(input.at, `${where}.at`, file);
  const runs = input.runs === undefined ? 1 : Number(input.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new TestFileError(`${where}.runs: expected a whole number ≥ 1`, file);
  const alerts = list(input.alerts ?? [], `${where}.alerts`, file).map((alert, i) =>
    readExpectedAlert(alert, `${where}.alerts[${i}]`, file, runs),
  );
  return {
    name,
    events: list(input.events, `${where}.events`, file).map((event, i) =>
      string(event, `${where}.events[${i}]`, file),
    ),
    at,
    runs,
    alerts,
    silent: list(input.silent ?? [], `${where}.silent`, file).map((id, i) =>
      string(id, `${where}.silent[${i}]`, file),
    ),
  };
}

function readExpectedAlert(raw: unknown, where: string, file: string, runs: number): ExpectedAlert {
  const input = object(raw, where, file);
  for (const key of Object.keys(input)) {
    if (!ALERT_KEYS.has(key))
      throw new TestFileError(
        `${where}: unknown key "${key}" (expected ${[...ALERT_KEYS].join(", ")})`,
        file,
      );
  }
  if (input.id === undefined && input.threshold === undefined) {
    throw new TestFileError(
      `${where}: name the fixture "id" that raises the alert (or the "threshold" group)`,
      file,
    );
  }
  const alert: ExpectedAlert = {};
  if (input.id !== undefined) alert.id = string(input.id, `${where}.id`, file);
  if (input.new_terms !== undefined) alert.new_terms = list(input.new_terms, `${where}.new_terms`, file);
  if (input.threshold !== undefined)
    alert.threshold = object(input.threshold, `${where}.threshold`, file) as ExpectedAlert["threshold"];
  if (input.execution !== undefined) {
    const execution = Number(input.execution);
    if (!Number.isInteger(execution) || execution < 1 || execution > runs) {
      throw new TestFileError(`${where}.execution: expected a run number from 1 to ${runs}`, file);
    }
    alert.execution = execution;
  }
  return alert;
}

function object(value: unknown, where: string, file: string): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new TestFileError(`${where}: expected a mapping`, file);
  return value as Record<string, unknown>;
}

function list(value: unknown, where: string, file: string): unknown[] {
  if (!Array.isArray(value)) throw new TestFileError(`${where}: expected a list`, file);
  return value;
}

function string(value: unknown, where: string, file: string): string {
  if (typeof value !== "string" || value === "")
    throw new TestFileError(`${where}: expected a non-empty string`, file);
  return value;
}
