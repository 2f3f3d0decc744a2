import type { Command } from "commander";
import type { CliIO } from "../io.js";

/** Adds one command to the program; the command reports its exit code through `exit`. */
export type RegisterCommand = (program: Command, io: CliIO, exit: (code: number) => void) => void;

/**
 * dac's commands in the order help lists them, each module loaded only when needed: what a command imports
 * (an Elasticsearch client, the deploy planner, ...) is start-up time every other command would pay.
 */
const COMMANDS: Record<string, () => Promise<RegisterCommand>> = {
  check: async () => (await import("./check.js")).registerCheck,
  validate: async () => (await import("./validate.js")).registerValidate,
  export: async () => (await import("./export.js")).registerExport,
  deploy: async () => (await import("./deploy.js")).registerDeploy,
  import: async () => (await import("./import.js")).registerImport,
  kql: async () => (await import("./kql.js")).registerKql,
  fields: async () => (await import("./fields.js")).registerFields,
  esql: async () => (await import("./esql.js")).registerEsql,
  eql: async () => (await import("./eql.js")).registerEql,
  test: async () => (await import("./test.js")).registerTest,
  run: async () => (await import("./run.js")).registerRun,
  show: async () => (await import("./show.js")).registerShow,
  fmt: async () => (await import("./fmt.js")).registerFmt,
  version: async () => (await import("./version.js")).registerVersion,
  deprecate: async () => (await import("./deprecate.js")).registerDeprecate,
  coverage: async () => (await import("./coverage.js")).registerCoverage,
};

/** The commands to register for `argv`: only the one it names, else all (help, `--version`, a mistyped name). */
export function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const named = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? [COMMANDS[argv[0]]] : undefined;
  return Promise.all((named ?? Object.values(COMMANDS)).map((load) => load()));
}
