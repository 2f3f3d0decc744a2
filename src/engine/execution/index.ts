export { toExecutableRule } from "../../rule-types/executable.js";
export type { Alert, ExecutionState } from "./alert.js";
export { newExecutionState } from "./alert.js";
export type { ExecutableRule } from "./executable-rule.js";
export { RuleExecutionError, UnsupportedRuleError } from "./executable-rule.js";
export type { Execution, ExecutionResult } from "./execute.js";
export { executeRule } from "./execute.js";
export { consecutiveExecutions, executionRanges } from "./schedule.js";
export {
  buildEventsSearch,
  buildRuleQuery,
  buildTimeRangeFilter,
  requestedFields,
  ruleFiltersQuery,
  type TimeRange,
  timestampFields,
} from "./search.js";
