import type { Command } from "commander";
import { parseEsql } from "../../esql/parser.js";
import { printEsql } from "../../esql/printer.js";
import { EsqlSyntaxError } from "../../esql/syntax-error.js";
import { type CliIO, EXIT_FAILED, EXIT_OK } from "../io.js";
import type { RegisterCommand } from "./index.js";

/** `dac esql parse|fmt`. Exit codes: 0 ok; 1 the query does not parse. */
export const registerEsql: RegisterCommand = (program: Command, io: CliIO, exit) => {
  const esql = program.command("esql").description("parse, format and run ES|QL queries");
  esql
    .command("parse")
    .description("print the syntax tree (with start/end offsets) as JSON")
    .argument("[query]", "the ES|QL query (default: read from standard input)")
    .action(async (query: string | undefined) => {
      const text = query ?? (await io.readStdin());
      exit(report(io, () => `${JSON.stringify(parseEsql(text), null, 2)}\n`));
    });
  esql
    .command("fmt")
    .description("print the query in canonical form: one command per line, keywords in upper case")
    .argument("[query]", "the ES|QL query (default: read from standard input)")
    .action(async (query: string | undefined) => {
      const text = query ?? (await io.readStdin());
      exit(report(io, () => `${printEsql(parseEsql(text))}\n`));
    });
};

/** Runs one query command: its output on success, the syntax error on stderr with exit 1 otherwise. */
function report(io: CliIO, run: () => string): number {
  try {
    io.stdout(run());
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof EsqlSyntaxError)) throw error;
    io.stderr(`dac: ES|QL syntax error at ${error.format()}\n`);
    return EXIT_FAILED;
  }
}
