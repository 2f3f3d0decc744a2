import { DacError } from "../../errors.js";
import { lineAndColumn } from "../../query-syntax-error.js";
import type { SourceSpan } from "../ast.js";

/** Elasticsearch's error types for a rejected `_query` request. */
export type EsqlErrorType = "parsing_exception" | "verification_exception" | "illegal_argument_exception";

/** A query Elasticsearch would reject, with the error type and reason its response carries. */
export class EsqlQueryError extends DacError {
  constructor(
    readonly type: EsqlErrorType,
    readonly reason: string,
  ) {
    super("rejected", reason);
  }
}

/** `line L:C: message` for a node of `query`, Elasticsearch's form of a position in a reason or warning. */
export function at(query: string, node: SourceSpan, message: string): string {
  const { line, column } = lineAndColumn(query, node.start);
  return `line ${line}:${column}: ${message}`;
}

/** A verification failure: Elasticsearch reports them all at once, as `Found N problem(s)`. */
export function verificationError(query: string, node: SourceSpan, message: string): EsqlQueryError {
  return new EsqlQueryError("verification_exception", `Found 1 problem\n${at(query, node, message)}`);
}

/** Raised by a function on one row; the row's result becomes null and a warning is recorded. */
export class EvaluationFailure extends Error {}

/** The response warnings, as Elasticsearch's Warning headers carry them: per failing expression, its first failures. */
export class Warnings {
  private readonly byNode = new Map<string, string[]>();

  constructor(private readonly query: string) {}

  add(node: SourceSpan, exception: string): void {
    const key = `${node.start}:${node.end}`;
    let messages = this.byNode.get(key);
    if (!messages) {
      const header = `evaluation of [${this.query.slice(node.start, node.end)}] failed, treating result as null. Only first 20 failures recorded.`;
      messages = [this.line(node, header)];
      this.byNode.set(key, messages);
    }
    const message = this.line(node, exception);
    if (messages.length <= 20 && !messages.includes(message)) messages.push(message);
  }

  list(): string[] {
    return [...this.byNode.values()].flat();
  }

  private line(node: SourceSpan, message: string): string {
    const { line, column } = lineAndColumn(this.query, node.start);
    return `Line ${line}:${column}: ${message}`;
  }
}

export const MULTI_VALUE_WARNING =
  "java.lang.IllegalArgumentException: single-value function encountered multi-value";
