import { performance } from "node:perf_hooks";
import { deploy, deploySucceeded } from "../../src/deploy/deploy.js";
import { withApiDefaults } from "../../src/schema/convert.js";
import { startFakeKibana } from "./fake-kibana/server.js";
import { API_KEY, queryRule, testClient } from "./helpers.js";
/** Deploys `count` generated rules to the fake Kibana, then deploys them again unchanged. */
export async function benchDeploy(count = 1000) {
    const kibana = await startFakeKibana({ apiKeys: [API_KEY] });
    try {
        const client = testClient(kibana.url);
        const local = Array.from({ length: count }, (_, i) => ({ body: queryRule(i) }));
        const options = { prune: true, dryRun: false, enabledDefault: false, applyDefaults: withApiDefaults };
        const run = async () => {
            kibana.requests.length = 0;
            const started = performance.now();
            const reports = await deploy(client, local, ["default"], options);
            if (!deploySucceeded(reports, false))
                throw new Error("benchmark deploy failed");
            return {
                ms: Math.round(performance.now() - started),
                requests: kibana.requests.length,
                writes: kibana.requests.filter((r) => r.method !== "GET").length,
            };
        };
        const first = await run();
        const unchanged = await run();
        return { rules: count, first, unchanged };
    }
    finally {
        await kibana.close();
    }
}
