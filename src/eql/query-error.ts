import { QuerySyntaxError } from "../query-syntax-error.js";

/** Elasticsearch's error type for the failure: the parser's, or the analyzer's (names, arities, types). */
export type EqlErrorType = "parsing_exception" | "verification_exception";

/**
 * An EQL query Elasticsearch would reject, with the offset of the first character it could not accept and
 * the error type Elasticsearch reports it with.
 */
export class EqlQueryError extends QuerySyntaxError {
  constructor(
    message: string,
    query: string,
    offset: number,
    readonly errorType: EqlErrorType = "parsing_exception",
  ) {
    super("rejected", message, query, offset);
  }
}
