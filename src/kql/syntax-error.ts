import { DacError } from "../errors.js";

/** A KQL query Kibana would reject, with the position of the first character it could not accept. */
export class KqlSyntaxError extends DacError {
  /** 1-based line and column (in UTF-16 code units) of `offset`. */
  readonly line: number;
  readonly column: number;

  constructor(
    message: string,
    readonly query: string,
    /** 0-based offset into `query`. */
    readonly offset: number,
  ) {
    super("rejected", message);
    const { line, column } = lineAndColumn(query, offset);
    this.line = line;
    this.column = column;
  }

  /** The offending line of the query followed by a caret line pointing at the error column. */
  caret(): string {
    const lines = this.query.split(/\r\n|\r|\n/);
    const text = lines[this.line - 1] ?? "";
    return `${text}\n${"-".repeat(this.column - 1)}^`;
  }

  /** `line L, column C: message`, then the caret rendering. */
  format(): string {
    return `line ${this.line}, column ${this.column}: ${this.message}\n${this.caret()}`;
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
