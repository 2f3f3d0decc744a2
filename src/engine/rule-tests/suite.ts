import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import type { IndexMapping } from "../../catalog/types.js";
import { DacError } from "../../errors.js";
import { executionFor } from "../../rule-types/executable.js";
import { firstRuleProblem } from "../../rule-types/rule-problems.js";
import { tomlRuleToApi, withApiDefaults } from "../../schema/convert.js";
import type { RuleFile } from "../../schema/rule-file.js";
import { toExecutableRule } from "../execution/index.js";
import { EngineUnsupportedError, type SearchEngine } from "../types.js";
import { FixtureError } from "./fixtures.js";
import { type CaseResult, runCase } from "./run-case.js";
import { readTestFile, TestFileError } from "./test-file.js";

/** A problem that stops one test file (or one case) from running; the others still run. */
export interface TestError {
  file: string;
  line: number;
  rule?: string;
  case?: string;
  message: string;
}

/** A case an engine cannot run (an Elasticsearch without EQL): not a failure, and said with the reason. */
export interface SkippedCase {
  file: string;
  rule: string;
  case: string;
  engine: string;
  reason: string;
}

export interface SuiteResult {
  rules: number;
  /** Rule files that have no test folder. */
  untested: string[];
  cases: CaseResult[];
  errors: TestError[];
  skipped: SkippedCase[];
}

export interface SuiteOptions {
  rules: RuleFile[];
  /** Folder holding one sub-folder of test files and fixtures per rule file name. */
  fixturesDir: string;
  engines: SearchEngine[];
  mappingFor: (index: string) => IndexMapping;
  now: Date;
  /** Only cases whose name contains this text. */
  filter?: string;
  /** Explain every event of every case that runs. */
  explain?: boolean;
  onCase?: (result: CaseResult, done: number) => void;
}

/** Finds each rule's test files and runs every case on every engine. */
export async function runRuleTests(options: SuiteOptions): Promise<SuiteResult> {
  const result: SuiteResult = { rules: 0, untested: [], cases: [], errors: [], skipped: [] };
  for (const ruleFile of options.rules) {
    if (!ruleFile.rule) continue;
    result.rules++;
    const folder = join(options.fixturesDir, basename(ruleFile.path, ".toml"));
    const testFiles = existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => /\.ya?ml$/.test(name))
          .sort()
          .map((name) => join(folder, name))
      : [];
    if (testFiles.length === 0) {
      result.untested.push(ruleFile.path);
      continue;
    }
    const problem = firstRuleProblem(ruleFile);
    if (problem) {
      result.errors.push({ file: ruleFile.path, line: problem.position.line, message: problem.message });
      continue;
    }
    let rule: ReturnType<typeof toExecutableRule>;
    try {
      rule = toExecutableRule(withApiDefaults(tomlRuleToApi(ruleFile.rule)));
    } catch (error) {
      result.errors.push({ file: ruleFile.path, line: 0, message: (error as Error).message });
      continue;
    }
    const { expected } = executionFor(rule);
    /** Per engine, why it cannot run this rule's cases (e.g. an Elasticsearch without EQL). */
    const cannotRun = new Map<SearchEngine, string>();
    for (const path of testFiles) {
      let testFile: ReturnType<typeof readTestFile>;
      try {
        testFile = { ...readTestFile(path, "", expected), rule: ruleFile.path };
      } catch (error) {
        result.errors.push(asTestError(error, path));
        continue;
      }
      for (const testCase of testFile.cases) {
        if (options.filter && !testCase.name.includes(options.filter)) continue;
        for (const engine of options.engines) {
          const skip = (reason: string) =>
            result.skipped.push({
              file: path,
              rule: ruleFile.path,
              case: testCase.name,
              engine: engine.name,
              reason,
            });
          // What an engine cannot do for one case of a rule it cannot do for the next: no session to find out again.
          const known = cannotRun.get(engine);
          if (known !== undefined) {
            skip(known);
            continue;
          }
          try {
            const caseResult = await runCase({
              testFile,
              testCase,
              rule,
              engine,
              mappingFor: options.mappingFor,
              now: options.now,
              explain: options.explain,
            });
            result.cases.push(caseResult);
            options.onCase?.(caseResult, result.cases.length);
          } catch (error) {
            // An engine that cannot be reached fails every case the same way: stop and say it once.
            if (error instanceof DacError && error.kind === "unreachable") throw error;
            if (error instanceof EngineUnsupportedError) {
              cannotRun.set(engine, error.message);
              skip(error.message);
              continue;
            }
            result.errors.push({ ...asTestError(error, path), rule: ruleFile.path, case: testCase.name });
          }
        }
      }
    }
  }
  return result;
}

function asTestError(error: unknown, file: string): TestError {
  if ((error instanceof FixtureError || error instanceof TestFileError) && error.location) {
    return { file: error.location.file, line: error.location.line ?? 0, message: error.message };
  }
  return { file, line: 0, message: (error as Error).message ?? String(error) };
}
