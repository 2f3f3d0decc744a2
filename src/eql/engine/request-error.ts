/** A request Elasticsearch refuses before running the query, with its error type (body fields, indices, filter). */
export class EqlRequestError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}
