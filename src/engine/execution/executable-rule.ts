import { DacError } from "../../errors.js";
import type { JsonObject } from "../types.js";

/** The parameters of a rule that decide which alerts it raises, read from its API (create) shape. */
export interface ExecutableRule {
  ruleId: string;
  name: string;
  type: "query" | "new_terms" | "threshold";
  index: string[];
  query: string;
  language: "kuery" | "lucene";
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

const EXECUTABLE_TYPES = new Set(["query", "new_terms", "threshold"]);

/** Reads an API-shaped rule; rule types the local engines cannot run are refused with the reason. */
export function toExecutableRule(rule: Record<string, unknown>): ExecutableRule {
  const type = String(rule.type);
  if (!EXECUTABLE_TYPES.has(type)) {
    throw new UnsupportedRuleError(
      `rule type "${type}" cannot be executed locally; dac runs query, new_terms and threshold rules`,
    );
  }
  if (!Array.isArray(rule.index) || rule.index.length === 0) {
    throw new UnsupportedRuleError(
      "rule has no index patterns (data views cannot be resolved without Kibana); tests need `index`",
    );
  }
  const override = typeof rule.timestamp_override === "string" ? rule.timestamp_override : undefined;
  const primaryTimestamp = override ?? "@timestamp";
  const fallback =
    override !== undefined && override !== "@timestamp" && rule.timestamp_override_fallback_disabled !== true;
  const executable: ExecutableRule = {
    ruleId: String(rule.rule_id ?? ""),
    name: String(rule.name ?? ""),
    type: type as ExecutableRule["type"],
    index: rule.index.map(String),
    query: typeof rule.query === "string" ? rule.query : "",
    language: rule.language === "lucene" ? "lucene" : "kuery",
    filters: Array.isArray(rule.filters) ? (rule.filters as JsonObject[]) : [],
    from: String(rule.from ?? "now-6m"),
    to: String(rule.to ?? "now"),
    interval: String(rule.interval ?? "5m"),
    maxSignals: typeof rule.max_signals === "number" ? rule.max_signals : 100,
    primaryTimestamp,
    secondaryTimestamp: fallback ? "@timestamp" : undefined,
  };
  if (type === "new_terms") {
    executable.newTerms = {
      fields: (rule.new_terms_fields as string[]) ?? [],
      historyWindowStart: String(rule.history_window_start ?? ""),
    };
  }
  if (type === "threshold") {
    const threshold = (rule.threshold ?? {}) as Record<string, unknown>;
    const fields =
      threshold.field === undefined
        ? []
        : Array.isArray(threshold.field)
          ? threshold.field
          : [threshold.field];
    const cardinality = Array.isArray(threshold.cardinality) ? threshold.cardinality[0] : undefined;
    executable.threshold = {
      fields: fields.map(String).filter((field) => field !== ""),
      value: Number(threshold.value ?? 1),
      cardinality: cardinality
        ? { field: String(cardinality.field), value: Number(cardinality.value) }
        : undefined,
    };
  }
  return executable;
}
