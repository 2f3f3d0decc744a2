import { DacError } from "../../errors.js";
import type { RuleType } from "../../schema/rule-schema.js";
import type { JsonObject } from "../types.js";

/**
 * The parameters of a rule that decide which alerts it raises, read from its API (create) shape: those every
 * runnable type has, and `params`, which only the type's module reads.
 */
export interface ExecutableRule<P = unknown> {
  ruleId: string;
  name: string;
  /** A type whose module in src/rule-types/registry.ts can run. */
  type: RuleType;
  index: string[];
  query: string;
  language: "kuery" | "lucene" | "eql" | "esql";
  filters: JsonObject[];
  from: string;
  to: string;
  interval: string;
  maxSignals: number;
  /** The timestamp used for the time range, first-seen times and sorting. */
  primaryTimestamp: string;
  /** `@timestamp`, used for documents that lack the override field (Kibana's fallback). */
  secondaryTimestamp?: string;
  /** The type's own parameters (new_terms fields, the threshold, ...), read and used by its module alone. */
  params: P;
}

export class UnsupportedRuleError extends DacError {
  constructor(message: string) {
    super("unsupported", message);
  }
}

/** An execution Kibana would fail, e.g. a new-terms history window that does not start before `from`. */
export class RuleExecutionError extends DacError {
  constructor(message: string) {
    super("failure", message);
  }
}
