import { parseIsoDate } from "../../semantics/date-math.js";
import { firstValue, sourceValue } from "../../semantics/source.js";
import type { JsonObject, SearchSession } from "../types.js";
import type { ExecutionState } from "./alert.js";
import type { ExecutableRule } from "./executable-rule.js";
import type { TimeRange } from "./search.js";

/** Everything one execution of one range needs. */
export interface RunContext<P = unknown> {
  rule: ExecutableRule<P>;
  session: SearchSession;
  startedAt: Date;
  range: TimeRange;
  state: ExecutionState;
}

/** kibana.alert.original_time comes from @timestamp, whatever timestamp the rule searched on. */
export function sourceTimestamp(source: JsonObject): string | undefined {
  const first = firstValue(sourceValue(source, "@timestamp"));
  if (first === undefined) return undefined;
  const time = typeof first === "number" ? first : parseIsoDate(String(first))?.getTime();
  return time === undefined ? String(first) : new Date(time).toISOString();
}
