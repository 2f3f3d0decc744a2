import { resolve } from "node:path";
import type { Command } from "commander";
import { openCatalog } from "../../catalog/catalog.js";
import { mappingForIndex } from "../../catalog/mapping.js";
import { consecutiveExecutions, executeRule } from "../../engine/execution/index.js";
import { type FixtureEvent, readFixtureFile } from "../../engine/rule-tests/fixtures.js";
import { resolveRelativeTimes } from "../../engine/rule-tests/relative-time.js";
import { fixtureOf, withArrivals } from "../../engine/rule-tests/run-case.js";
import type { SearchSession, StoredDocument } from "../../engine/types.js";
import { executionFor } from "../../rule-types/executable.js";
import { parseIsoDate } from "../../semantics/date-math.js";
import { DocumentRejectedError } from "../../semantics/documents.js";
import { displayPath, loadExecutableRule, readConfig } from "../common.js";
import { selectEngines } from "../engines.js";
import { type CliIO, EXIT_OK, UsageError } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface RunOptions {
  events: string;
  at: string;
  runs: string;
  engine?: string;
  config?: string;
  strict?: boolean;
}

export const registerRun: RegisterCommand = (program: Command, io: CliIO, exit) => {
  program
    .command("run")
    .description("preview a rule locally: execute it over events and print one JSON line per alert")
    .argument("<rule>", "the rule's TOML file")
    .requiredOption(
      "--events <file>",
      'NDJSON, one hit per line: {"_index": ..., "_id": ..., "_source": {...}}',
    )
    .requiredOption("--at <time>", "first execution time (ISO 8601)")
    .option("--runs <n>", "consecutive executions, one interval apart", "1")
    .option("--engine <engine>", "memory or elasticsearch (default: memory)")
    .option("--strict", "stop at the first event the index rejects (exit 1) instead of skipping it")
    .option("--config <file>", "configuration file (default: dac.config.yaml in this or a parent directory)")
    .action(async (rulePath: string, options: RunOptions) => {
      exit(await runPreview(rulePath, options, io));
    });
};

async function runPreview(rulePath: string, options: RunOptions, io: CliIO): Promise<number> {
  const runs = Number(options.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new UsageError(`--runs must be a whole number ≥ 1, not "${options.runs}"`);
  const at = parseIsoDate(options.at);
  if (!at) throw new UsageError(`--at must be an ISO 8601 time, not "${options.at}"`);
  if (options.engine === "both") throw new UsageError("--engine must be memory or elasticsearch");
  const [engine] = selectEngines(options.engine, io.env);
  const config = readConfig(io, options.config);

  const rule = loadExecutableRule(rulePath, io);
  const events = readFixtureFile(resolve(io.cwd, options.events)).map((event) => ({
    ...event,
    _source: resolveRelativeTimes(event._source, at),
  }));

  const catalog = openCatalog(config);
  const indices = [...new Set(events.map((event) => event._index))]
    .sort()
    .map((index) => mappingForIndex(index, catalog));
  const times = consecutiveExecutions(rule, at, runs);
  const executions = withArrivals(times, events, at);
  const session = await engine.open({ indices, documents: [] });
  const indexing = options.strict
    ? strictIndexing(session)
    : skippingRejected(session, (event, error) =>
        io.stderr(`${displayPath(event.file, io.cwd)}:${event.line}: ${error.message}\n`),
      );
  try {
    const results = await executeRule(rule, indexing.session, executions);
    if (indexing.rejected > 0) io.stderr(`${indexing.indexed} indexed, ${indexing.rejected} rejected\n`);
    for (const result of results) {
      for (const alert of result.alerts) {
        const line = {
          execution: alert.execution,
          _index: alert._index,
          _id: alert._id,
          ...executionFor(rule).alertFields(alert),
        };
        io.stdout(`${JSON.stringify(line)}\n`);
      }
    }
  } finally {
    await session.close();
  }
  return EXIT_OK;
}

interface Indexing {
  session: SearchSession;
  indexed: number;
  rejected: number;
}

/** Events the index rejects are reported (as a bulk response reports a failed item), skipped and counted. */
function skippingRejected(
  session: SearchSession,
  report: (event: FixtureEvent, error: DocumentRejectedError) => void,
): Indexing {
  const indexing: Indexing = {
    indexed: 0,
    rejected: 0,
    session: withAddDocuments(session, async (documents) => {
      let rejected = 0;
      await session.addDocuments(documents, {
        onRejected: (document, error) => {
          rejected++;
          report(document as FixtureEvent, error);
        },
      });
      indexing.indexed += documents.length - rejected;
      indexing.rejected += rejected;
    }),
  };
  return indexing;
}

/** The first event the index rejects ends the run: an error at its line of the events file (exit 1). */
function strictIndexing(session: SearchSession): Indexing {
  return {
    indexed: 0,
    rejected: 0,
    session: withAddDocuments(session, async (documents) => {
      try {
        await session.addDocuments(documents);
      } catch (error) {
        const event = error instanceof DocumentRejectedError ? fixtureOf(documents, error) : undefined;
        if (event) throw (error as DocumentRejectedError).at({ file: event.file, line: event.line });
        throw error;
      }
    }),
  };
}

/** The session with its own way of adding documents. */
function withAddDocuments(
  session: SearchSession,
  addDocuments: (documents: StoredDocument[]) => Promise<void>,
): SearchSession {
  return {
    search: (request) => session.search(request),
    eqlSearch: (request) => session.eqlSearch(request),
    close: () => session.close(),
    addDocuments,
  };
}
