import type { Alert } from "../../engine/execution/alert.js";

/** What a new_terms rule adds to the common execution parameters. */
export interface NewTermsParams {
  fields: string[];
  historyWindowStart: string;
}

/** kibana.alert.new_terms of an alert: the new values, in new_terms_fields order. */
export function newTermsOf(alert: Alert): unknown[] | undefined {
  const terms = alert.details.new_terms;
  return Array.isArray(terms) ? terms : undefined;
}
