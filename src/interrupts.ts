/**
 * Clean-ups for an interrupted process (the Elasticsearch engine's test indices, `dac import`'s half-written
 * files): while any is registered, SIGINT and SIGTERM run them and are then delivered again, so the process
 * ends as it would have.
 */

const SIGNALS = ["SIGINT", "SIGTERM"] as const;
const CLEANUP_TIMEOUT_MS = 10_000;

export interface InterruptCleanup {
  /** Registers a clean-up; the returned function unregisters it. */
  add(cleanup: () => Promise<void>): () => void;
}

/** The process surface used, so tests can pass a stand-in. */
export type SignalTarget = Pick<NodeJS.Process, "on" | "off" | "kill" | "pid">;

export function createInterruptCleanup(target: SignalTarget = process): InterruptCleanup {
  const cleanups = new Set<() => Promise<void>>();
  let interrupted = false;

  const release = () => {
    for (const signal of SIGNALS) target.off(signal, onSignal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      // A second interrupt: stop waiting for the clean-up.
      release();
      target.kill(target.pid, signal);
      return;
    }
    interrupted = true;
    const pending = [...cleanups].map((cleanup) => cleanup().catch(() => undefined));
    const deadline = new Promise((resolve) => setTimeout(resolve, CLEANUP_TIMEOUT_MS).unref());
    void Promise.race([Promise.all(pending), deadline]).then(() => {
      release();
      target.kill(target.pid, signal);
    });
  };

  return {
    add(cleanup) {
      if (cleanups.size === 0) for (const signal of SIGNALS) target.on(signal, onSignal);
      cleanups.add(cleanup);
      return () => {
        cleanups.delete(cleanup);
        if (cleanups.size === 0 && !interrupted) release();
      };
    },
  };
}
