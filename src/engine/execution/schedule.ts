import { intervalToMs, resolveDateMath } from "../../semantics/date-math.js";
import type { ExecutableRule } from "./executable-rule.js";
import type { TimeRange } from "./search.js";

const MAX_CATCHUP_TUPLES = 4;

/**
 * The ranges one execution searches: its own [from, to] and, when the previous execution started too
 * long ago, up to four catch-up ranges shifted back by whole intervals — oldest first, as Kibana runs them.
 */
export function executionRanges(
  rule: ExecutableRule,
  startedAt: Date,
  previousStartedAt?: Date,
): TimeRange[] {
  const to = resolveDateMath(rule.to, startedAt);
  const from = resolveDateMath(rule.from, startedAt);
  const ranges: TimeRange[] = [{ from, to }];
  if (previousStartedAt) {
    const interval = intervalToMs(rule.interval);
    const gap = startedAt.getTime() - previousStartedAt.getTime() - (to.getTime() - from.getTime());
    const catchup = gap > 0 && interval > 0 ? Math.min(Math.ceil(gap / interval), MAX_CATCHUP_TUPLES) : 0;
    for (let i = 1; i <= catchup; i++) {
      ranges.unshift({
        from: new Date(from.getTime() - i * interval),
        to: new Date(to.getTime() - i * interval),
      });
    }
  }
  return ranges;
}

/** Execution start times of `runs` consecutive on-schedule executions starting at `first`. */
export function consecutiveExecutions(rule: ExecutableRule, first: Date, runs: number): Date[] {
  const interval = intervalToMs(rule.interval);
  return Array.from({ length: runs }, (_, i) => new Date(first.getTime() + i * interval));
}
