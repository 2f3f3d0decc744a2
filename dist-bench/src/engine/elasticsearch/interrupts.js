/**
 * Deletes the test indices when the process is interrupted: while any session is open, SIGINT and SIGTERM
 * run the registered clean-ups and are then delivered again, so the process ends as it would have.
 */
const SIGNALS = ["SIGINT", "SIGTERM"];
const CLEANUP_TIMEOUT_MS = 10_000;
export function createInterruptCleanup(target = process) {
    const cleanups = new Set();
    let interrupted = false;
    const release = () => {
        for (const signal of SIGNALS)
            target.off(signal, onSignal);
    };
    const onSignal = (signal) => {
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
            if (cleanups.size === 0)
                for (const signal of SIGNALS)
                    target.on(signal, onSignal);
            cleanups.add(cleanup);
            return () => {
                cleanups.delete(cleanup);
                if (cleanups.size === 0 && !interrupted)
                    release();
            };
        },
    };
}
