/**
 * The EQL syntax tree. Every node carries the 0-based `start`/`end` offsets (end exclusive) of the text it was
 * parsed from, so findings can point into the query. Parentheses leave no node: the printer restores them.
 */

export interface Span {
  start: number;
  end: number;
}

export type EqlStatement = Span & {
  type: "statement";
  query: EqlQuery;
  pipes: EqlPipe[];
};

export type EqlQuery = EqlEventQuery | EqlSequence | EqlSample;

/** `<category> where <condition>`; `category` undefined means `any`. */
export type EqlEventQuery = Span & {
  type: "event";
  category: EqlCategory | undefined;
  condition: EqlExpression;
};

/** An event category as written: a bare name, a "string" or a """raw string""". */
export type EqlCategory = Span & { name: string; quoting: EqlStringQuoting | "none" };

export type EqlSequence = Span & {
  type: "sequence";
  by: EqlExpression[];
  maxspan: EqlTimeSpan | undefined;
  terms: EqlSequenceTerm[];
  until: EqlSequenceTerm | undefined;
};

export type EqlSequenceTerm = Span & {
  /** `![ ... ]`: no such event may occur in this position. */
  missing: boolean;
  query: EqlEventQuery;
  by: EqlExpression[];
  /** `with runs=N`. */
  runs: number | undefined;
};

export type EqlSample = Span & {
  type: "sample";
  by: EqlExpression[];
  terms: EqlSampleTerm[];
};

export type EqlSampleTerm = Span & { query: EqlEventQuery; by: EqlExpression[] };

export type EqlTimeUnit = "ms" | "s" | "m" | "h" | "d";

export type EqlTimeSpan = Span & { value: number; unit: EqlTimeUnit; millis: number };

export type EqlPipe = Span & { name: "head" | "tail"; count: number };

export type EqlExpression =
  | EqlLogical
  | EqlNot
  | EqlComparison
  | EqlArithmetic
  | EqlNegation
  | EqlIn
  | EqlMatch
  | EqlFunctionCall
  | EqlField
  | EqlLiteral;

export type EqlLogical = Span & { type: "and" | "or"; left: EqlExpression; right: EqlExpression };

export type EqlNot = Span & { type: "not"; operand: EqlExpression };

export type EqlComparisonOperator = "==" | "!=" | "<" | "<=" | ">" | ">=";

export type EqlComparison = Span & {
  type: "comparison";
  operator: EqlComparisonOperator;
  left: EqlExpression;
  right: EqlExpression;
};

export type EqlArithmeticOperator = "+" | "-" | "*" | "/" | "%";

export type EqlArithmetic = Span & {
  type: "arithmetic";
  operator: EqlArithmeticOperator;
  left: EqlExpression;
  right: EqlExpression;
};

export type EqlNegation = Span & { type: "negation"; operator: "-" | "+"; operand: EqlExpression };

/** `x in (...)`, `x not in (...)`, and their `in~` forms. */
export type EqlIn = Span & {
  type: "in";
  subject: EqlExpression;
  values: EqlExpression[];
  negated: boolean;
  caseInsensitive: boolean;
};

export type EqlMatchOperator = ":" | "like" | "like~" | "regex" | "regex~";

/** `x : "a*"`, `x like ("a", "b")`, ...: the patterns are constants; `list` records the parenthesised form. */
export type EqlMatch = Span & {
  type: "match";
  operator: EqlMatchOperator;
  subject: EqlExpression;
  patterns: EqlLiteral[];
  list: boolean;
};

export type EqlFunctionCall = Span & {
  type: "function";
  /** The name as written (function names are case-insensitive). */
  name: string;
  /** Written with `~`: the case-insensitive variant. */
  caseInsensitive: boolean;
  args: EqlExpression[];
};

/** A field reference: dotted name parts (backquoted parts unescaped), optional with a leading `?`. */
export type EqlField = Span & {
  type: "field";
  name: string;
  parts: EqlFieldPart[];
  optional: boolean;
};

export type EqlFieldPart = { name: string; quoted: boolean };

export type EqlStringQuoting = "double" | "triple";

export type EqlLiteral = Span &
  (
    | { type: "literal"; kind: "string"; value: string; quoting: EqlStringQuoting }
    | { type: "literal"; kind: "number"; value: number; text: string; integer: boolean }
    | { type: "literal"; kind: "boolean"; value: boolean }
    | { type: "literal"; kind: "null"; value: null }
  );
