import { Command, CommanderError } from "commander";
import { DacError, exitCodeFor } from "../errors.js";
import { commandsFor } from "./commands/index.js";
import { displayPath } from "./common.js";
import { type CliIO, EXIT_USAGE, processIO } from "./io.js";

/** Runs the dac command line and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = 0;
  const program = new Command("dac")
    .description("Elastic Security detection rules as code: validate, test, export and deploy TOML rules.")
    .version(packageVersion(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of await commandsFor(argv)) {
    register(program, io, (code) => {
      exitCode = code;
    });
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof DacError) {
      io.stderr(`dac: ${error.describe((file) => displayPath(file, io.cwd))}\n`);
      if (io.env.DAC_DEBUG) io.stderr(`${error.stack ?? ""}\n`);
      return exitCodeFor(error.kind);
    }
    const bug = error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError;
    io.stderr(`dac: ${bug ? "internal error: " : ""}${(error as Error)?.message ?? String(error)}\n`);
    if (io.env.DAC_DEBUG) io.stderr(`${(error as Error)?.stack ?? ""}\n`);
    return EXIT_USAGE;
  }
}

function packageVersion(): string {
  return "0.1.0";
}
