import type { Alert, ExecutionState } from "../../engine/execution/alert.js";

export type Terms = { field: string; value: unknown }[];

/** What a threshold rule adds to the common execution parameters. */
export interface ThresholdParams {
  fields: string[];
  value: number;
  cardinality?: { field: string; value: number };
}

/** kibana.alert.threshold_result, as dac keeps it on an alert's details under `threshold`. */
export interface ThresholdResult {
  terms: Terms;
  count: number;
  /** The earliest event of the group the alert counted. */
  from: string;
  cardinality?: { field: string; value: number }[];
}

/** Per group, the latest event time already alerted on: Kibana's signal history for a threshold rule. */
export type SignalHistory = Map<string, { terms: Terms; lastSignal: number }>;

export function thresholdOf(alert: Alert): ThresholdResult | undefined {
  return alert.details.threshold as ThresholdResult | undefined;
}

/** The rule's signal history, kept between executions in the execution state. */
export function signalHistory(state: ExecutionState): SignalHistory {
  let history = state.typeState.get("threshold") as SignalHistory | undefined;
  if (!history) {
    history = new Map();
    state.typeState.set("threshold", history);
  }
  return history;
}
