import { DacError } from "../errors.js";
import { lineAndColumn } from "../kql/syntax-error.js";

/**
 * An ES|QL query Elasticsearch would reject as a `parsing_exception`, with the position of the first character the
 * grammar could not accept. Offsets are into the query; a rule check maps them into the rule file.
 */
export class EsqlSyntaxError extends DacError {
  /** 1-based line and column (in UTF-16 code units) of `offset`. */
  readonly line: number;
  readonly column: number;

  constructor(
    message: string,
    readonly query: string,
    /** 0-based offset into `query`. */
    readonly offset: number,
  ) {
    super("input", message);
    const { line, column } = lineAndColumn(query, offset);
    this.line = line;
    this.column = column;
  }

  /** Elasticsearch's form of the reason: `line L:C: message`. */
  reason(): string {
    return `line ${this.line}:${this.column}: ${this.message}`;
  }

  /** The offending line of the query followed by a caret line pointing at the error column. */
  format(): string {
    const text = this.query.split(/\r\n|\r|\n/)[this.line - 1] ?? "";
    return `line ${this.line}, column ${this.column}: ${this.message}\n${text}\n${"-".repeat(this.column - 1)}^`;
  }
}
