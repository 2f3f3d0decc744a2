import { DacError, type DacErrorOptions, EXIT_USAGE } from "../errors.js";

/** What a command needs from the outside world; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input. */
  readStdin: () => Promise<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when stderr is a terminal, so progress lines may be redrawn in place. */
  interactive: boolean;
}

export { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from "../errors.js";

/** What Unix tools exit with when the reader of their output went away (128 + SIGPIPE). */
export const EXIT_CLOSED_PIPE = 141;

/**
 * The real process. When the reader of standard output goes away (`dac ... | head -1`), dac stops quietly
 * as Unix tools do, instead of failing on the next write with a stack trace.
 */
export function processIO(): CliIO {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && stream === process.stdout) {
        process.stderr.write(`dac: cannot write output: ${error.message}\n`);
      }
      process.exit(error.code === "EPIPE" ? EXIT_CLOSED_PIPE : EXIT_USAGE);
    });
  }
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    cwd: process.cwd(),
    env: process.env,
    interactive: Boolean(process.stderr.isTTY),
  };
}

/** Raised by a command for bad usage or input it cannot work with; main turns it into a message and exit 2. */
export class UsageError extends DacError {
  constructor(message: string, options: DacErrorOptions = {}) {
    super("usage", message, options);
  }
}
