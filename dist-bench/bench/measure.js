import { performance } from "node:perf_hooks";
/** Runs `step` once to warm up, then `plan.runs` times; each run returns named laps in milliseconds. */
export async function measureLaps(plan, step) {
    const samples = [];
    for (let run = 0; run <= plan.runs; run++) {
        plan.settle?.();
        samples.push(await step(run));
    }
    const laps = Object.keys(samples[0]);
    return Object.fromEntries(laps.map((lap) => [lap, summarize(samples.map((sample) => sample[lap]))]));
}
/** Times one function per run. */
export async function measure(plan, run) {
    const { total } = await measureLaps(plan, async (index) => {
        const started = performance.now();
        await run(index);
        return { total: performance.now() - started };
    });
    return total;
}
/** A stopwatch for laps inside one run. */
export function stopwatch() {
    let last = performance.now();
    return {
        lap() {
            const now = performance.now();
            const elapsed = now - last;
            last = now;
            return elapsed;
        },
    };
}
function summarize([first, ...measured]) {
    const sorted = [...measured].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    return { first_ms: round(first), median_ms: round(median), min_ms: round(sorted[0]), runs: sorted.length };
}
/** A timing judged against a target: met when the median is within it. */
export function against(timing, targetMs) {
    return { ...timing, target_ms: targetMs, met: timing.median_ms <= targetMs };
}
export function round(ms) {
    return Math.round(ms * 10) / 10;
}
