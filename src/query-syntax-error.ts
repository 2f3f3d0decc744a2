import { DacError, type ErrorKind } from "./errors.js";

/**
 * A query (KQL, EQL, ES|QL) that would be rejected, with the position of the first character that could not be
 * accepted. Offsets are into the query; a rule check maps them into the rule file. Each language's error extends
 * it with the kind that decides its exit code.
 */
export class QuerySyntaxError extends DacError {
  /** 1-based line and column (in UTF-16 code units) of `offset`. */
  readonly line: number;
  readonly column: number;

  constructor(
    kind: ErrorKind,
    message: string,
    readonly query: string,
    /** 0-based offset into `query`. */
    readonly offset: number,
  ) {
    super(kind, message);
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

  /** Elasticsearch's form of the reason: `line L:C: message`. */
  reason(): string {
    return `line ${this.line}:${this.column}: ${this.message}`;
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
