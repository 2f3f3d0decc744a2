import { type CliRun, runDac } from "../support/cli.js";

export type { CliRun };

/** Runs `dac ARGS` in `cwd` with captured output. */
export function dac(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runDac(args, { cwd, env });
}
