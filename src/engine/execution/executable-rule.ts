import { DacError } from "../../errors.js";
import type { RuleType } from "../../schema/rule-schema.js";
import type { JsonObject } from "../types.js";

/** The parameters of a rule that decide which alerts it raises, read from its API (create) shape. */
export interface ExecutableRule {
  ruleId: string;
  name: string;
  /** A type whose module in src/rule-types/registry.ts can run. */
  type: RuleType;
  /** ES|QL: the FROM sources. */
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
  newTerms?: { fields: string[]; historyWindowStart: string };
  threshold?: { fields: string[]; value: number; cardinality?: { field: string; value: number } };
  /** Type-specific parameters, read (execution.read) and used only by the type's module. */
  params?: unknown;
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
