/** Figure: 1,000 generated rules deployed to the fake Kibana of the deploy tests, then re-deployed unchanged. */
import { benchDeploy } from "../test/deploy/bench.js";
import { measureLaps } from "./measure.js";
const RULES = 1000;
export async function deployFigure(plan) {
    let last;
    const laps = await measureLaps(plan, async () => {
        last = await benchDeploy(RULES);
        return { first: last.first.ms, unchanged: last.unchanged.ms };
    });
    return {
        rules: RULES,
        first: { requests: last.first.requests, writes: last.first.writes, ...laps.first },
        unchanged: { requests: last.unchanged.requests, writes: last.unchanged.writes, ...laps.unchanged },
    };
}
