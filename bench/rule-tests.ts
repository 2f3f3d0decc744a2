/** Figures: the rule tests of `rules/` — `dac test` as a child process and `runRuleTests` in process. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { openCatalog } from "../src/catalog/catalog.js";
import { cachedMappings } from "../src/catalog/mapping.js";
import { runRuleTests, type SuiteResult } from "../src/engine/rule-tests/suite.js";
import type { SearchEngine } from "../src/engine/types.js";
import type { RuleFile } from "../src/schema/rule-file.js";
import { loadRuleFiles } from "../src/schema/toml/load.js";
import { against, measure, type RunPlan } from "./measure.js";

const RULE_TESTS_TARGET_MS = 1000;
const CLI_TIMEOUT_MS = 120_000;

/** Runs every case of `rules` on `engines` with a fresh field catalog, as `dac test` does. */
export function runSuite(root: string, rules: RuleFile[], engines: SearchEngine[]): Promise<SuiteResult> {
  const catalog = openCatalog();
  const mappingFor = cachedMappings(catalog);
  return runRuleTests({
    rules,
    fixturesDir: join(root, "test/fixtures"),
    engines,
    mappingFor,
    now: new Date(),
  });
}

export function suiteCounts(suite: SuiteResult) {
  const passed = suite.cases.filter((result) => result.passed).length;
  return {
    rules: suite.rules,
    cases: suite.cases.length,
    passed,
    failed: suite.cases.length - passed,
    errors: suite.errors.length,
  };
}

export async function ruleTestsFigure(root: string, engine: SearchEngine, plan: RunPlan) {
  let exitCode: number | null = null;
  const cli = await measure(plan, async () => {
    exitCode = await runCli(root, ["test", "--format", "json"]);
  });
  const rules = loadRuleFiles([join(root, "rules")]);
  let suite: SuiteResult | undefined;
  const inProcess = await measure(plan, async () => {
    suite = await runSuite(root, rules, [engine]);
  });
  return {
    ...suiteCounts(suite!),
    cli: { command: "node bin/dac.js test", exit_code: exitCode, ...against(cli, RULE_TESTS_TARGET_MS) },
    in_process: against(inProcess, RULE_TESTS_TARGET_MS),
  };
}

/** Runs `node bin/dac.js ARGS` in `root`; resolves with its exit code (output is discarded). */
function runCli(root: string, args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "bin/dac.js"), ...args], {
      cwd: root,
      env: { ...process.env, GITHUB_ACTIONS: "" },
      stdio: ["ignore", "ignore", "pipe"],
      timeout: CLI_TIMEOUT_MS,
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (signal) reject(new Error(`dac ${args.join(" ")} stopped by ${signal}: ${stderr.trim()}`));
      else resolve(code);
    });
  });
}
