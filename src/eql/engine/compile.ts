/**
 * Compiles EQL expressions against one index into functions of a document, with Elasticsearch's semantics:
 * three-valued logic (a missing field makes a comparison null, and `not null` is null), any-value matching
 * for multi-valued fields, case-sensitive `==`/`in`/`like`/`regex`, case-insensitive `:` and `~` forms,
 * integer arithmetic that truncates, and literals read in the domain of the field they are compared with.
 */
import { parseDate } from "../../semantics/dates.js";
import type { EqlExpression, EqlField, EqlLiteral } from "../ast.js";
import { eqlFunction } from "../functions.js";
import { EqlQueryError } from "../query-error.js";
import { divideNumbers, FUNCTION_IMPLS, moduloNumbers, scalarText } from "./function-impls.js";
import type { EventField, EventIndex } from "./store.js";
import {
  compareScalars,
  type EqlValue,
  firstOf,
  luceneRegExp,
  type ScalarOrder,
  scalarsOf,
  valueOfScalars,
  wildcardRegExp,
} from "./values.js";

export type Evaluate = (doc: number) => EqlValue;

export interface Compiled {
  evaluate: Evaluate;
  /** The scalar order values of this expression compare in; undefined when unknown (null literal, unmapped). */
  order: ScalarOrder | undefined;
  integer: boolean;
  /** The field, when the expression is a field reference. */
  field?: EventField;
  /** Set for literals: their value, for reading them in the domain of a field. */
  literal?: EqlLiteral;
}

const NULL: Compiled = { evaluate: () => null, order: undefined, integer: false };
const nullLiteralAt = (at: EqlField): EqlLiteral => ({
  type: "literal",
  kind: "null",
  value: null,
  start: at.start,
  end: at.end,
});

/** What compiling needs beyond the index: the query text (for errors) and every index searched. */
export interface CompileScope {
  query: string;
  indices: readonly EventIndex[];
}

export function compileExpression(
  expression: EqlExpression,
  index: EventIndex,
  scope: CompileScope,
): Compiled {
  const compile = (node: EqlExpression): Compiled => compileExpression(node, index, scope);
  const fail = (message: string, node: EqlExpression = expression): never => {
    throw new EqlQueryError(message, scope.query, node.start, "verification_exception");
  };
  switch (expression.type) {
    case "literal":
      return literalOf(expression);
    case "field":
      return fieldOf(expression, index, scope);
    case "and":
    case "or": {
      const left = compile(expression.left).evaluate;
      const right = compile(expression.right).evaluate;
      const isAnd = expression.type === "and";
      return boolean((doc) => {
        const a = left(doc);
        if (isAnd ? a === false : a === true) return a;
        const b = right(doc);
        if (isAnd ? b === false : b === true) return b;
        return a === null || b === null ? null : isAnd;
      });
    }
    case "not": {
      const operand = compile(expression.operand).evaluate;
      return boolean((doc) => {
        const value = firstOf(operand(doc));
        return value === null ? null : !value;
      });
    }
    case "negation": {
      const operand = compile(expression.operand);
      const sign = expression.operator === "-" ? -1 : 1;
      return {
        evaluate: (doc) => {
          const value = firstOf(operand.evaluate(doc));
          return value === null ? null : sign * Number(value);
        },
        order: "number",
        integer: operand.integer,
      };
    }
    case "arithmetic": {
      const left = compile(expression.left);
      const right = compile(expression.right);
      const integer = left.integer && right.integer;
      const op = ARITHMETIC[expression.operator];
      return {
        evaluate: (doc) => {
          const a = firstOf(left.evaluate(doc));
          const b = firstOf(right.evaluate(doc));
          if (a === null || b === null) return null;
          return op(Number(a), Number(b), integer);
        },
        order: "number",
        integer,
      };
    }
    case "comparison":
      return compileComparison(
        expression.operator,
        compile(expression.left),
        compile(expression.right),
        fail,
      );
    case "in": {
      const subject = compile(expression.subject);
      const values = expression.values.map(compile);
      const order = subject.order ?? values.find((value) => value.order)?.order ?? "string";
      const fold = expression.caseInsensitive && order === "string";
      const constants = values.map((value) =>
        value.literal ? coerceLiteral(value.literal, subject, fail) : undefined,
      );
      const negated = expression.negated;
      return boolean((doc) => {
        const scalars = scalarsOf(subject.evaluate(doc));
        if (scalars.length === 0) return null;
        const found = values.some((value, i) => {
          const candidates = constants[i] === undefined ? scalarsOf(value.evaluate(doc)) : constants[i]!;
          return candidates.some((candidate) =>
            scalars.some((scalar) =>
              fold
                ? String(scalar).toLowerCase() === String(candidate).toLowerCase()
                : compareScalars(scalar, candidate, order) === 0,
            ),
          );
        });
        return negated ? !found : found;
      });
    }
    case "match": {
      const subject = compile(expression.subject);
      const insensitive = expression.operator === ":" || expression.operator.endsWith("~");
      const regex = expression.operator.startsWith("regex");
      const patterns = expression.patterns.map((pattern) => {
        if (pattern.kind !== "string") fail(`[${expression.operator}] patterns must be strings`, pattern);
        const source = pattern.value as string;
        return regex ? luceneRegExp(source, insensitive) : wildcardRegExp(source, insensitive);
      });
      return boolean((doc) => {
        const scalars = scalarsOf(subject.evaluate(doc));
        if (scalars.length === 0) return null;
        return scalars.some((scalar) => {
          const text = scalarText({ value: scalar, integer: subject.integer }) ?? "";
          return patterns.some((pattern) => pattern.test(text));
        });
      });
    }
    case "function": {
      const spec = eqlFunction(expression.name);
      const impl = spec ? FUNCTION_IMPLS[spec.name] : undefined;
      if (!spec || !impl) return fail(`Unknown function [${expression.name}]`);
      const args = expression.args.map(compile);
      const caseInsensitive = expression.caseInsensitive;
      const evaluate: Evaluate = (doc) =>
        impl(
          args.map((arg) => ({ value: firstOf(arg.evaluate(doc)), integer: arg.integer })),
          caseInsensitive,
        );
      const order: ScalarOrder = spec.returns === "string" ? "string" : spec.returns;
      const integer =
        spec.name === "indexOf" ||
        spec.name === "length" ||
        (spec.returns === "number" && args.every((a) => a.integer));
      return { evaluate, order, integer };
    }
  }
}

const ARITHMETIC: Record<string, (a: number, b: number, integer: boolean) => number | null> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": divideNumbers,
  "%": moduloNumbers,
};

function boolean(evaluate: Evaluate): Compiled {
  return { evaluate, order: "boolean", integer: false };
}

function literalOf(literal: EqlLiteral): Compiled {
  const value = literal.value;
  const order: ScalarOrder | undefined =
    literal.kind === "string"
      ? "string"
      : literal.kind === "number"
        ? "number"
        : literal.kind === "boolean"
          ? "boolean"
          : undefined;
  return { evaluate: () => value, order, integer: literal.kind === "number" && literal.integer, literal };
}

function fieldOf(field: EqlField, index: EventIndex, scope: CompileScope): Compiled {
  const resolved = index.field(field.name);
  if ("problem" in resolved) {
    // An optional field no index maps is the null literal (so `?x == null` holds); one mapped elsewhere has no
    // values here.
    const knownAnywhere = scope.indices.some((other) => !("problem" in other.field(field.name)));
    return knownAnywhere ? NULL : { ...NULL, literal: nullLiteralAt(field) };
  }
  const order: ScalarOrder =
    resolved.kind === "keyword"
      ? resolved.type === "version"
        ? "version"
        : "string"
      : resolved.kind === "date"
        ? "number"
        : resolved.kind;
  return {
    evaluate: (doc) => valueOfScalars(resolved.values(doc)),
    order,
    integer: resolved.integer,
    field: resolved,
  };
}

/** A literal compared with `other` read in `other`'s domain: dates from strings, numbers from numeric strings. */
function coerceLiteral(
  literal: EqlLiteral,
  other: Compiled,
  fail: (message: string, node?: EqlExpression) => never,
): readonly (string | number | boolean)[] {
  if (literal.kind === "null") return [];
  const value = literal.value as string | number | boolean;
  const field = other.field;
  if (!field) return [value];
  if (field.kind === "date" && typeof value === "string") {
    try {
      return [field.type === "date_nanos" ? parseNanosDate(value) : parseDate(value)];
    } catch {
      return fail(`cannot compare date field [${field.name}] with [${value}]`, literal);
    }
  }
  if (field.kind === "number" && typeof value === "string") {
    const number = Number(value);
    if (value.trim() === "" || Number.isNaN(number)) {
      return fail(
        `first argument of [${field.name}] must be [numeric], found value [${value}] type [keyword]`,
        literal,
      );
    }
    return [number];
  }
  if (field.kind === "keyword" && typeof value !== "string") return [String(value)];
  return [value];
}

/**
 * A date_nanos literal in the unit the field holds: epoch milliseconds with the sub-millisecond digits as a
 * fraction (the embedded engine parses dates to whole milliseconds).
 */
function parseNanosDate(text: string): number {
  const millis = parseDate(text);
  const fraction = /T[^.]*\.\d{3}(\d{1,6})/.exec(text)?.[1];
  return fraction && millis >= 0 ? Number(`${millis}.${fraction}`) : millis;
}

function compileComparison(
  operator: string,
  left: Compiled,
  right: Compiled,
  fail: (message: string, node?: EqlExpression) => never,
): Compiled {
  // `x == null` / `x != null`: a test for presence, which is never null itself.
  const nullSide = left.literal?.kind === "null" ? right : right.literal?.kind === "null" ? left : undefined;
  if (nullSide && (operator === "==" || operator === "!=")) {
    const wantNull = operator === "==";
    return boolean((doc) => (firstOf(nullSide.evaluate(doc)) === null) === wantNull);
  }
  const order = left.order ?? right.order ?? "string";
  const leftConstant = left.literal ? coerceLiteral(left.literal, right, fail) : undefined;
  const rightConstant = right.literal ? coerceLiteral(right.literal, left, fail) : undefined;
  const test = COMPARE[operator];
  const equalityNegated = operator === "!=";
  return boolean((doc) => {
    const a = leftConstant ?? scalarsOf(left.evaluate(doc));
    const b = rightConstant ?? scalarsOf(right.evaluate(doc));
    if (a.length === 0 || b.length === 0) return null;
    if (equalityNegated) return !a.some((x) => b.some((y) => compareScalars(x, y, order) === 0));
    return a.some((x) => b.some((y) => test(compareScalars(x, y, order))));
  });
}

const COMPARE: Record<string, (cmp: number) => boolean> = {
  "==": (cmp) => cmp === 0,
  "!=": (cmp) => cmp !== 0,
  "<": (cmp) => cmp < 0,
  "<=": (cmp) => cmp <= 0,
  ">": (cmp) => cmp > 0,
  ">=": (cmp) => cmp >= 0,
};
