import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  type PositionedYaml,
  parseYamlWithPositions,
  YamlSyntaxError,
} from "../../catalog/yaml-positions.js";
import { DacError } from "../../errors.js";
import type { ExpectedAlert, ExpectedAlertShape } from "../../rule-types/rule-type.js";

export type { ExpectedAlert };

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

const CASE_KEYS = ["name", "events", "at", "runs", "alerts", "silent"];
/** Keys every expected alert may have, whatever the rule type. */
const COMMON_ALERT_KEYS = ["id", "execution"];

type Path = (string | number)[];

/**
 * Reads a rule test file against its schema: the case keys, and expected alerts in the shape of the rule's type
 * (`expected`, from the rule type's module). The rule defaults to `<rules dir>/<folder name>.toml`. Every
 * problem is a TestFileError at the line of the key or value at fault.
 */
export function readTestFile(file: string, rulesDir: string, expected: ExpectedAlertShape): TestFile {
  let document: PositionedYaml;
  try {
    document = parseYamlWithPositions(readFileSync(file, "utf8"));
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new TestFileError(error.reason, file, error.position.line);
    throw new TestFileError((error as Error).message, file);
  }
  const reader = new TestFileReader(file, document, expected);
  return reader.read(rulesDir);
}

class TestFileReader {
  constructor(
    private readonly file: string,
    private readonly document: PositionedYaml,
    private readonly expected: ExpectedAlertShape,
  ) {}

  read(rulesDir: string): TestFile {
    const root = this.object(this.document.value, [], "the test file");
    this.onlyKeys(root, [], "", ["rule", "cases"]);
    const folder = dirname(this.file);
    const rule =
      root.rule === undefined
        ? join(rulesDir, `${basename(folder)}.toml`)
        : resolve(folder, this.string(root.rule, ["rule"], "rule"));
    if (!Array.isArray(root.cases) || root.cases.length === 0) {
      this.fail(["cases"], "cases: expected a non-empty list of test cases");
    }
    const names = new Set<string>();
    const cases = (root.cases as unknown[]).map((item, index) => {
      const testCase = this.readCase(item, ["cases", index], `cases[${index}]`);
      if (names.has(testCase.name))
        this.fail(["cases", index, "name"], `case name "${testCase.name}" is used twice`);
      names.add(testCase.name);
      return testCase;
    });
    return { file: this.file, rule, cases };
  }

  private readCase(raw: unknown, path: Path, where: string): TestCase {
    const input = this.object(raw, path, where);
    this.onlyKeys(input, path, where, CASE_KEYS);
    const name = this.string(input.name, [...path, "name"], `${where}.name`);
    const at =
      input.at === undefined
        ? undefined
        : input.at instanceof Date
          ? input.at.toISOString()
          : this.string(input.at, [...path, "at"], `${where}.at`);
    const runs = input.runs === undefined ? 1 : Number(input.runs);
    if (!Number.isInteger(runs) || runs < 1)
      this.fail([...path, "runs"], `${where}.runs: expected a whole number ≥ 1`);
    const alerts = this.list(input.alerts ?? [], [...path, "alerts"], `${where}.alerts`).map((alert, i) =>
      this.readExpectedAlert(alert, [...path, "alerts", i], `${where}.alerts[${i}]`, runs),
    );
    return {
      name,
      events: this.list(input.events, [...path, "events"], `${where}.events`).map((event, i) =>
        this.string(event, [...path, "events", i], `${where}.events[${i}]`),
      ),
      at,
      runs,
      alerts,
      silent: this.list(input.silent ?? [], [...path, "silent"], `${where}.silent`).map((id, i) =>
        this.string(id, [...path, "silent", i], `${where}.silent[${i}]`),
      ),
    };
  }

  private readExpectedAlert(raw: unknown, path: Path, where: string, runs: number): ExpectedAlert {
    const input = this.object(raw, path, where);
    const own = Object.keys(this.expected.keys);
    const missing = this.expected.required.find((key) => input[key] === undefined);
    if (missing === "id") this.fail(path, `${where}: name the fixture "id" that raises the alert`);
    if (missing) this.fail(path, `${where}: "${missing}" is required for this rule type`);
    this.onlyKeys(input, path, where, [...COMMON_ALERT_KEYS, ...own]);
    const alert: ExpectedAlert = { details: {} };
    if (input.id !== undefined) alert.id = this.string(input.id, [...path, "id"], `${where}.id`);
    for (const key of own) {
      if (input[key] === undefined) continue;
      try {
        alert.details[key] = this.expected.keys[key]?.(input[key], `${where}.${key}`);
      } catch (error) {
        this.fail([...path, key], (error as Error).message);
      }
    }
    if (input.execution !== undefined) {
      const execution = Number(input.execution);
      if (!Number.isInteger(execution) || execution < 1 || execution > runs) {
        this.fail([...path, "execution"], `${where}.execution: expected a run number from 1 to ${runs}`);
      }
      alert.execution = execution;
    }
    return alert;
  }

  private onlyKeys(
    input: Record<string, unknown>,
    path: Path,
    where: string,
    allowed: readonly string[],
  ): void {
    for (const key of Object.keys(input)) {
      if (!allowed.includes(key))
        this.fail(
          [...path, key],
          `${where ? `${where}: ` : ""}unknown key "${key}" (expected ${allowed.join(", ")})`,
        );
    }
  }

  private object(value: unknown, path: Path, where: string): Record<string, unknown> {
    if (!value || typeof value !== "object" || Array.isArray(value) || value instanceof Date)
      this.fail(path, `${where}: expected a mapping`);
    return value as Record<string, unknown>;
  }

  private list(value: unknown, path: Path, where: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `${where}: expected a list`);
    return value as unknown[];
  }

  private string(value: unknown, path: Path, where: string): string {
    if (typeof value !== "string" || value === "") this.fail(path, `${where}: expected a non-empty string`);
    return value as string;
  }

  private fail(path: Path, message: string): never {
    throw new TestFileError(message, this.file, this.document.positionOf(path).line);
  }
}
