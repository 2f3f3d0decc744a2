import { executionFor } from "../../rule-types/executable.js";
import type { SearchSession } from "../types.js";
import { type Alert, type ExecutionState, newExecutionState } from "./alert.js";
import type { ExecutableRule } from "./executable-rule.js";
import type { RunContext } from "./run-context.js";
import { executionRanges } from "./schedule.js";

export interface Execution {
  startedAt: Date;
  /** Documents that arrive (become searchable) before this execution starts. */
  arriving?: Parameters<SearchSession["addDocuments"]>[0];
}

export interface ExecutionResult {
  startedAt: Date;
  ranges: { from: Date; to: Date }[];
  alerts: Alert[];
}

/**
 * Runs a rule's executions in order against one search session, the way Kibana's task manager would:
 * each execution sees only documents that arrived before it, searches its range(s), and writes alerts
 * whose identity is new.
 */
export async function executeRule(
  rule: ExecutableRule,
  session: SearchSession,
  executions: Execution[],
  state: ExecutionState = newExecutionState(),
): Promise<ExecutionResult[]> {
  const { execute } = executionFor(rule);
  const results: ExecutionResult[] = [];
  let previous: Date | undefined;
  for (const execution of executions) {
    if (execution.arriving && execution.arriving.length > 0) await session.addDocuments(execution.arriving);
    const ranges = executionRanges(rule, execution.startedAt, previous);
    const alerts: Alert[] = [];
    for (const range of ranges) {
      const context: RunContext = { rule, session, startedAt: execution.startedAt, range, state };
      alerts.push(...(await execute(context)));
    }
    results.push({ startedAt: execution.startedAt, ranges, alerts });
    previous = execution.startedAt;
  }
  return results;
}
