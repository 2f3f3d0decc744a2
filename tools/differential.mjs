#!/usr/bin/env node
// Runs the differential tests (embedded engine vs Elasticsearch) with a chosen seed and size.
// Usage: node tools/differential.mjs [--seed N] [--cases N] [--rules N] [--show N]
//   --seed   the seed to run (default: a fresh random one, printed by the tests; CI uses a fixed seed)
//   --cases  query × corpus cases (default 5000)
//   --rules  rule execution scenarios (default 60)
//   --show   disagreements to print in full (default 5)
// Elasticsearch: ELASTICSEARCH_URL etc. as for `dac test --engine elasticsearch` (npm run es:start).
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    cases: { type: "string" },
    rules: { type: "string" },
    show: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: node tools/differential.mjs [--seed N] [--cases N] [--rules N] [--show N]");
  process.exit(0);
}
const env = { ...process.env, DAC_DIFF_SEED: String(Math.floor(Math.random() * 2 ** 31)) };
for (const [option, variable] of [
  ["seed", "DAC_DIFF_SEED"],
  ["cases", "DAC_DIFF_CASES"],
  ["rules", "DAC_DIFF_RULES"],
  ["show", "DAC_DIFF_SHOW"],
]) {
  const value = values[option];
  if (value === undefined) continue;
  if (!/^\d+$/.test(value)) {
    console.error(`--${option} must be a non-negative integer, got "${value}"`);
    process.exit(2);
  }
  env[variable] = value;
}
const result = spawnSync("npx", ["vitest", "run", "test/differential"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
