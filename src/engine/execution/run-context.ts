import type { JsonObject, SearchSession } from "../types.js";
import type { ExecutionState } from "./alert.js";
import { parseIsoDate } from "./date-math.js";
import type { ExecutableRule } from "./executable-rule.js";
import type { TimeRange } from "./search.js";
import { readField } from "./timestamps.js";

/** Everything one execution of one range needs. */
export interface RunContext {
  rule: ExecutableRule;
  session: SearchSession;
  startedAt: Date;
  range: TimeRange;
  state: ExecutionState;
}

/** kibana.alert.original_time comes from @timestamp, whatever timestamp the rule searched on. */
export function sourceTimestamp(source: JsonObject): string | undefined {
  const value = readField(source, "@timestamp");
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return undefined;
  const time = typeof first === "number" ? first : parseIsoDate(String(first))?.getTime();
  return time === undefined ? String(first) : new Date(time).toISOString();
}
