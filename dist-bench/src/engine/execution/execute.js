import { newExecutionState } from "./alert.js";
import { executeNewTermsRule } from "./new-terms-rule.js";
import { executeQueryRule } from "./query-rule.js";
import { executionRanges } from "./schedule.js";
import { executeThresholdRule } from "./threshold-rule.js";
const EXECUTORS = { query: executeQueryRule, new_terms: executeNewTermsRule, threshold: executeThresholdRule };
/**
 * Runs a rule's executions in order against one search session, the way Kibana's task manager would:
 * each execution sees only documents that arrived before it, searches its range(s), and writes alerts
 * whose identity is new.
 */
export async function executeRule(rule, session, executions, state = newExecutionState()) {
    const results = [];
    let previous;
    for (const execution of executions) {
        if (execution.arriving && execution.arriving.length > 0)
            await session.addDocuments(execution.arriving);
        const ranges = executionRanges(rule, execution.startedAt, previous);
        const alerts = [];
        for (const range of ranges) {
            const context = { rule, session, startedAt: execution.startedAt, range, state };
            alerts.push(...(await EXECUTORS[rule.type](context)));
        }
        results.push({ startedAt: execution.startedAt, ranges, alerts });
        previous = execution.startedAt;
    }
    return results;
}
