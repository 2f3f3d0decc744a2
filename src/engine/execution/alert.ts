import type { JsonObject } from "../types.js";

/** What dac reports for an alert: the facts a rule test asserts, as Kibana would put them on the alert. */
export interface Alert {
  /** The execution (task start time, ISO) that created the alert. */
  execution: string;
  /** Source document index and id; for threshold alerts the synthetic document Kibana builds. */
  _index: string;
  _id: string;
  /** kibana.alert.original_time: the source document's @timestamp. */
  original_time?: string;
  /** kibana.alert.new_terms, in new_terms_fields order. */
  new_terms?: unknown[];
  /** kibana.alert.threshold_result. */
  threshold?: {
    terms: { field: string; value: unknown }[];
    count: number;
    from: string;
    cardinality?: { field: string; value: number }[];
  };
  /** Type-specific facts Kibana writes on the alert, owned by the type's module (ES|QL: the row's columns). */
  details?: JsonObject;
}

/** Remembered between executions of one rule, as Kibana's alerts index and rule state remember it. */
export interface ExecutionState {
  /** Identity of every alert written so far; a candidate with a known identity is dropped. */
  alertKeys: Set<string>;
  /** Threshold signal history: per group, the latest event time already alerted on. */
  thresholdHistory: Map<string, { terms: { field: string; value: unknown }[]; lastSignal: number }>;
  /** Whatever a type remembers between executions, keyed by the module. */
  typeState: Map<string, unknown>;
}

export function newExecutionState(): ExecutionState {
  return { alertKeys: new Set(), thresholdHistory: new Map(), typeState: new Map() };
}
