/**
 * What every part of a search shares: the request-wide context and the error for a request Elasticsearch
 * would refuse.
 */
import { DacError } from "../../errors.js";

/** A request Elasticsearch would refuse (HTTP 400), or DSL the embedded engine does not implement. */
export class QueryError extends DacError {
  constructor(message: string) {
    super("rejected", message);
  }
}

/** Request-wide values: `now` for date math. */
export interface QueryContext {
  now: number;
}
