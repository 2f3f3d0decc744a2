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
  /**
   * What the rule type writes on the alert beyond the source event (kibana.alert.new_terms, the threshold
   * result, ...), owned by the type's module; empty for an alert that is one source event.
   */
  details: JsonObject;
}

/** Remembered between executions of one rule, as Kibana's alerts index and rule state remember it. */
export interface ExecutionState {
  /** Identity of every alert written so far; a candidate with a known identity is dropped. */
  alertKeys: Set<string>;
  /** What a rule type remembers between executions (a threshold's signal history), keyed by its module. */
  typeState: Map<string, unknown>;
}

export function newExecutionState(): ExecutionState {
  return { alertKeys: new Set(), typeState: new Map() };
}
