import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  stdin?: string;
  interactive?: boolean;
}

/** Runs `dac ARGS` through the real command line with captured output, as a user's shell would. */
export async function runDac(args: string[], options: CliRunOptions): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? "",
    cwd: options.cwd,
    env: options.env ?? {},
    interactive: options.interactive ?? false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
