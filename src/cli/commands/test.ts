import { resolve } from "node:path";
import type { Command } from "commander";
import { openCatalog } from "../../catalog/catalog.js";
import { cachedMappings } from "../../catalog/mapping.js";
import type { Alert } from "../../engine/execution/index.js";
import { runRuleTests } from "../../engine/rule-tests/suite.js";
import type { SearchEngine } from "../../engine/types.js";
import type { RuleType } from "../../schema/rule-schema.js";
import { displayPath, loadRules, outputFormat, progress, readConfig, ruleLoadErrors } from "../common.js";
import { ENGINE_CHOICES, selectEngines } from "../engines.js";
import { type CliIO, EXIT_FAILED, EXIT_OK } from "../io.js";
import { counts, type EngineDifference, formatTestReport, type TestReport } from "../test-output.js";
import type { RegisterCommand } from "./index.js";

export interface TestOptions {
  engine?: string;
  format?: string;
  explain?: string;
  fixtures?: string;
  config?: string;
}

export const registerTest: RegisterCommand = (program: Command, io: CliIO, exit) => {
  program
    .command("test")
    .description(
      "run each rule's test cases (fixture events → expected alerts) as Kibana would execute the rule",
    )
    .argument("[paths...]", "rule files or directories (default: `rules` from dac.config.yaml, else ./rules)")
    .option("--engine <engine>", `search engine: ${ENGINE_CHOICES.join(", ")} (default: memory)`)
    .option(
      "--format <format>",
      "output format: human, json, github (default: human, github in GitHub Actions)",
    )
    .option(
      "--explain <case>",
      "run only cases whose name contains this text and show every execution step by step",
    )
    .option(
      "--fixtures <dir>",
      "folder with one sub-folder of tests per rule file name (default: test/fixtures)",
    )
    .option("--config <file>", "configuration file (default: dac.config.yaml in this or a parent directory)")
    .action(async (paths: string[], options: TestOptions) => {
      exit(await runTestCommand(paths, options, io));
    });
};

/** Runs the rule tests and prints the report; returns the exit code. */
export async function runTestCommand(paths: string[], options: TestOptions, io: CliIO): Promise<number> {
  const format = outputFormat(options.format, io);
  const config = readConfig(io, options.config, paths);
  const engines = selectEngines(options.engine, io.env);
  const started = performance.now();
  const rules = loadRules(paths, config, io);
  const catalog = openCatalog(config);
  const mappingFor = cachedMappings(catalog);
  const line = progress(io, "testing: case runs");
  const suite = await runRuleTests({
    rules,
    fixturesDir: options.fixtures ? resolve(io.cwd, options.fixtures) : resolve(config.root, "test/fixtures"),
    engines,
    mappingFor,
    now: new Date(),
    filter: options.explain,
    explain: options.explain !== undefined,
    onCase: (_, done) => line.update(done, done),
  });
  line.clear();
  // A rule file that cannot be read, or a path without rules, must not pass as "0 failed".
  for (const problem of ruleLoadErrors(rules)) {
    suite.errors.push({
      file: problem.file,
      line: problem.line,
      message: `${problem.code}: ${problem.message}`,
    });
  }
  const report: TestReport = {
    suite,
    differences: engines.length > 1 ? differences(suite.cases, engines) : [],
    notices: engines.flatMap((engine) => engine.notices ?? []),
    elapsedMs: performance.now() - started,
    explain: options.explain !== undefined,
  };
  io.stdout(formatTestReport(format, report, (file) => displayPath(file, io.cwd)));
  return counts(report).failed > 0 ? EXIT_FAILED : EXIT_OK;
}

/** Cases where the engines raised different alerts; Elasticsearch is the reference. */
function differences(cases: TestReport["suite"]["cases"], engines: SearchEngine[]): EngineDifference[] {
  const [first, second] = engines.map((engine) => engine.name);
  const byCase = new Map<string, { type: RuleType; alerts: Partial<Record<string, Alert[]>> }>();
  for (const result of cases) {
    const key = `${result.file}\u0000${result.name}`;
    const alerts = { ...byCase.get(key)?.alerts, [result.engine]: result.alerts };
    byCase.set(key, { type: result.type, alerts });
  }
  const found: EngineDifference[] = [];
  for (const [key, { type, alerts }] of byCase) {
    const a = alerts[first];
    const b = alerts[second];
    if (!a || !b || sameAlerts(a, b)) continue;
    const [file, name] = key.split("\u0000");
    found.push({ file, name, type, engines: [first, second], alerts: [a, b] });
  }
  return found;
}

function sameAlerts(a: Alert[], b: Alert[]): boolean {
  const identity = (alert: Alert) =>
    JSON.stringify([alert.execution, alert._index, alert._id, alert.details]);
  const left = a.map(identity).sort();
  const right = b.map(identity).sort();
  return left.length === right.length && left.every((value, i) => value === right[i]);
}
