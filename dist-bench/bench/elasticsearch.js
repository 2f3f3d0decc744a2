/** Figure: the first rule's test suite on a real Elasticsearch (indexing included), against the memory engine. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { checkElasticsearch, createElasticsearchEngine, elasticsearchOptionsFromEnv, } from "../src/engine/elasticsearch/index.js";
import { memoryEngine } from "../src/engine/memory/index.js";
import { loadRuleFile } from "../src/schema/toml/load.js";
import { FIRST_RULE } from "./cloudtrail.js";
import { measure, round } from "./measure.js";
import { runSuite, suiteCounts } from "./rule-tests.js";
/** Each Elasticsearch run creates and deletes indices per case; three runs bound the time it takes. */
const MAX_ELASTICSEARCH_RUNS = 3;
const START_TIMEOUT_MS = 300_000;
export async function elasticsearchFigure(root, plan, options) {
    const connection = elasticsearchOptionsFromEnv(process.env);
    let startup;
    let startedByBench = false;
    if (options.start) {
        if ((await checkElasticsearch(connection)).ok) {
            startup = { skipped: "Elasticsearch already answers; the bench neither starts nor stops it" };
        }
        else {
            startup = runScript(root, "start.sh");
            startedByBench = startup.exit_code === 0;
        }
    }
    try {
        const check = await checkElasticsearch(connection);
        if (!check.ok)
            return { skipped: `no Elasticsearch: ${check.message}`, ...(startup ? { start: startup } : {}) };
        return {
            version: check.version,
            ...(startup ? { start: startup } : {}),
            ...(await compareEngines(root, plan, connection)),
        };
    }
    finally {
        if (startedByBench)
            runScript(root, "stop.sh");
    }
}
async function compareEngines(root, plan, connection) {
    const rules = [loadRuleFile(join(root, FIRST_RULE))];
    const engine = createElasticsearchEngine({ ...connection, runPrefix: "dac-bench" });
    try {
        let suite;
        const elasticsearch = await measure({ ...plan, runs: Math.min(plan.runs, MAX_ELASTICSEARCH_RUNS) }, async () => {
            suite = await runSuite(root, rules, [engine]);
        });
        const memory = await measure(plan, () => runSuite(root, rules, [memoryEngine]));
        return {
            rule: FIRST_RULE,
            ...suiteCounts(suite),
            notices: engine.notices,
            elasticsearch,
            memory,
            ratio_median: round(elasticsearch.median_ms / memory.median_ms),
        };
    }
    finally {
        await engine.close();
    }
}
/** Runs a script of tools/local-elasticsearch, its output going to stderr with the bench's progress. */
function runScript(root, script) {
    const started = performance.now();
    const result = spawnSync("bash", [join(root, "tools/local-elasticsearch", script)], {
        cwd: root,
        stdio: ["ignore", 2, 2],
        timeout: START_TIMEOUT_MS,
    });
    return {
        script: `tools/local-elasticsearch/${script}`,
        exit_code: result.status,
        wall_ms: Math.round(performance.now() - started),
    };
}
