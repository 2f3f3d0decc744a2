import { DacError } from "../errors.js";
import { lineAndColumn } from "../kql/syntax-error.js";

/** Elasticsearch's error type for the failure: the parser's, or the analyzer's (names, arities, types). */
export type EqlErrorType = "parsing_exception" | "verification_exception";

/**
 * An EQL query Elasticsearch would reject, with the offset of the first character it could not accept and
 * the error type Elasticsearch reports it with.
 */
export class EqlQueryError extends DacError {
  /** 1-based line and column (UTF-16 code units) of `offset` in `query`. */
  readonly line: number;
  readonly column: number;

  constructor(
    message: string,
    readonly query: string,
    /** 0-based offset into `query`. */
    readonly offset: number,
    readonly errorType: EqlErrorType = "parsing_exception",
  ) {
    super("rejected", message);
    const { line, column } = lineAndColumn(query, offset);
    this.line = line;
    this.column = column;
  }

  /** The offending line of the query followed by a caret line pointing at the error column. */
  caret(): string {
    const text = this.query.split(/\r\n|\r|\n/)[this.line - 1] ?? "";
    return `${text}\n${"-".repeat(this.column - 1)}^`;
  }

  /** `line L, column C: message`, then the caret rendering. */
  format(): string {
    return `line ${this.line}, column ${this.column}: ${this.message}\n${this.caret()}`;
  }

  /** The reason Elasticsearch gives: the message prefixed with `line:column`. */
  reason(): string {
    return `line ${this.line}:${this.column}: ${this.message}`;
  }
}
