/**
 * The one error root of dac. Every error dac raises on purpose is a DacError with a kind (what went wrong, which
 * decides the exit code) and, where the fault is in a file the user wrote, the place in that file.
 */

/** What kind of failure an error is; the CLI maps each kind to an exit code in one place (`exitCodeFor`). */
export type ErrorKind =
  /** the command line is wrong: unknown option, missing argument, a path that does not exist */
  | "usage"
  /** dac.config.yaml or a file it names is wrong */
  | "config"
  /** an input file (rule, test file, fixture, events, ndjson) cannot be read or is malformed */
  | "input"
  /** a service (Kibana, Elasticsearch) cannot be reached, or answers in a way dac cannot work with */
  | "unreachable"
  /** a document or request that Elasticsearch or Kibana would reject */
  | "rejected"
  /** something dac knowingly does not do (a rule type it cannot run, DSL the embedded engine lacks): asking for it is a usage error */
  | "unsupported"
  /** work that ran and failed: an execution error, a write that was not applied */
  | "failure";

/** A place in a source file; line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export interface DacErrorOptions {
  location?: SourceLocation;
  cause?: unknown;
}

export class DacError extends Error {
  readonly kind: ErrorKind;
  readonly location: SourceLocation | undefined;

  constructor(kind: ErrorKind, message: string, options: DacErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.location = options.location;
  }

  /** `file:line:column: message`, or the bare message when the error has no location. */
  describe(displayFile: (file: string) => string = (file) => file): string {
    const where = this.location;
    if (!where) return this.message;
    const position =
      where.line === undefined ? "" : `:${where.line}${where.column === undefined ? "" : `:${where.column}`}`;
    return `${displayFile(where.file)}${position}: ${this.message}`;
  }
}

/** Exit codes as the README documents them. */
export const EXIT_OK = 0;
/** Findings with severity error, failing tests, a deploy not fully applied. */
export const EXIT_FAILED = 1;
/** Wrong usage, unreadable input, bad configuration, a service that cannot be reached. */
export const EXIT_USAGE = 2;

/** The one mapping from error kind to exit code. */
export function exitCodeFor(kind: ErrorKind): number {
  switch (kind) {
    case "usage":
    case "config":
    case "input":
    case "unreachable":
    case "unsupported":
      return EXIT_USAGE;
    case "rejected":
    case "failure":
      return EXIT_FAILED;
  }
}
