/**
 * `npm run bench`: dac's performance figures as one JSON object on stdout (progress on stderr).
 * Usage: run.js [--only NAME[,NAME]] [--runs N] [--corpus DIR] [--es-start]
 */
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { memoryEngine } from "../src/engine/memory/index.js";
import type { RuleFile } from "../src/schema/rule-file.js";
import { loadRuleFiles } from "../src/schema/toml/load.js";
import { cloudTrailFigure } from "./cloudtrail.js";
import { eqlFigure, kqlFigure, loadAndValidateFigure, schemaFigure } from "./corpus.js";
import { deployFigure } from "./deploy.js";
import { elasticsearchFigure } from "./elasticsearch.js";
import { eqlSequenceFigure } from "./eql-sequence.js";
import { esqlCloudTrailFigure, esqlFigure, esqlRuleFigure } from "./esql.js";
import type { RunPlan } from "./measure.js";
import { ruleTestsFigure } from "./rule-tests.js";

const USAGE = "usage: npm run bench -- [--only NAME[,NAME]] [--runs N] [--corpus DIR] [--es-start]";
const NO_CORPUS = { skipped: "no corpus: pass --corpus DIR" };

interface Options {
  only: string[];
  runs: number;
  corpus?: string;
  esStart: boolean;
}

interface Context {
  /** The repository: rules/, test/fixtures and bin/ of the project being measured. */
  root: string;
  plan: RunPlan;
  options: Options;
  corpusFiles: () => RuleFile[] | undefined;
}

const FIGURES: Record<string, (context: Context) => Promise<unknown>> = {
  corpus: ({ options, plan }) =>
    options.corpus ? loadAndValidateFigure(options.corpus, plan) : Promise.resolve(NO_CORPUS),
  kql: async ({ corpusFiles, plan }) => {
    const files = corpusFiles();
    return files ? kqlFigure(files, plan) : NO_CORPUS;
  },
  esql: async ({ corpusFiles, plan }) => {
    const files = corpusFiles();
    return files ? esqlFigure(files, plan) : NO_CORPUS;
  },
  "esql-cloudtrail": ({ plan }) => esqlCloudTrailFigure(plan),
  "esql-rule": ({ root, plan }) => esqlRuleFigure(root, plan),
  eql: async ({ corpusFiles, plan }) => {
    const files = corpusFiles();
    return files ? eqlFigure(files, plan) : NO_CORPUS;
  },
  schema: async ({ corpusFiles, plan }) => {
    const files = corpusFiles();
    return files ? schemaFigure(files, plan) : NO_CORPUS;
  },
  cloudtrail: ({ root, plan }) => cloudTrailFigure(root, plan),
  "eql-sequence": ({ plan }) => eqlSequenceFigure(plan),
  "rule-tests": ({ root, plan }) => ruleTestsFigure(root, memoryEngine, plan),
  elasticsearch: ({ root, plan, options }) => elasticsearchFigure(root, plan, { start: options.esStart }),
  deploy: ({ plan }) => deployFigure(plan),
};

class UsageError extends Error {}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: "string" },
      runs: { type: "string" },
      corpus: { type: "string" },
      "es-start": { type: "boolean", default: false },
    },
    strict: true,
  });
  const only = values.only ? values.only.split(",").map((name) => name.trim()) : Object.keys(FIGURES);
  const unknown = only.filter((name) => !(name in FIGURES));
  if (unknown.length > 0) {
    throw new UsageError(
      `--only: unknown figure ${unknown.join(", ")} (one of ${Object.keys(FIGURES).join(", ")})`,
    );
  }
  const runs = values.runs === undefined ? 5 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new UsageError("--runs must be a whole number of at least 1");
  const corpus = values.corpus ?? (env.DAC_CORPUS_DIR?.trim() || undefined);
  return { only, runs, corpus: corpus ? resolve(corpus) : undefined, esStart: values["es-start"] ?? false };
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = readOptions(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let corpus: RuleFile[] | undefined;
  const context: Context = {
    root: fileURLToPath(new URL("../../", import.meta.url)),
    plan: { runs: options.runs, settle: () => globalThis.gc?.() },
    options,
    corpusFiles: () => {
      if (options.corpus) corpus ??= loadRuleFiles([options.corpus]);
      return corpus;
    },
  };
  const load_average_start = loadavg().map(round2);
  const figures: Record<string, unknown> = {};
  for (const name of options.only) {
    process.stderr.write(`bench: ${name}…\n`);
    try {
      figures[name] = await FIGURES[name](context);
    } catch (error) {
      figures[name] = { error: (error as Error).message ?? String(error) };
    }
  }
  const result = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    load_average_start,
    load_average_end: loadavg().map(round2),
    runs: options.runs,
    warmup_runs: 1,
    figures,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  // Missed targets are results; a figure that could not be measured is a failure of the bench.
  return Object.values(figures).some((figure) => (figure as { error?: string }).error !== undefined) ? 1 : 0;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

process.exitCode = await main();
