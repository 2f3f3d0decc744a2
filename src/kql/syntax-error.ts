import { QuerySyntaxError } from "../query-syntax-error.js";

/** A KQL query Kibana would reject, with the position of the first character it could not accept. */
export class KqlSyntaxError extends QuerySyntaxError {
  constructor(message: string, query: string, offset: number) {
    super("rejected", message, query, offset);
  }
}
