import { QuerySyntaxError } from "../query-syntax-error.js";

/**
 * An ES|QL query Elasticsearch would reject as a `parsing_exception`, with the position of the first character the
 * grammar could not accept.
 */
export class EsqlSyntaxError extends QuerySyntaxError {
  constructor(message: string, query: string, offset: number) {
    super("input", message, query, offset);
  }
}
