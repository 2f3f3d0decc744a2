import { DacError, type DacErrorOptions } from "../errors.js";

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

export function processIO(): CliIO {
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
