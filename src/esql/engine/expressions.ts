/**
 * Compiles ES|QL expressions against the columns of a pipeline stage: resolves names, checks and infers types the way
 * the verifier does (a verification_exception for what Elasticsearch rejects), and returns a row function with
 * ES|QL's null propagation and multi-value warnings.
 */

import { KqlSyntaxError } from "../../kql/syntax-error.js";
import type { BinaryOperator, Expression, Literal, SourceSpan } from "../ast.js";
import { arithmeticType, CAST_TYPES, comparableTypes, literalType } from "../data-types.js";
import {
  acceptsArgument,
  arityOf,
  describeClass,
  FUNCTIONS,
  type FunctionSignature,
  parameterAt,
  resultType,
} from "../functions.js";
import { TIME_UNIT_BY_NAME } from "../time-units.js";
import {
  at,
  EsqlQueryError,
  EvaluationFailure,
  MULTI_VALUE_WARNING,
  verificationError,
  type Warnings,
} from "./errors.js";
import { compileKql } from "./kql.js";
import { likeRegExp, rlikeRegExp } from "./patterns.js";
import { convertTo, SCALARS } from "./scalars.js";
import {
  type Cell,
  type Column,
  compareScalars,
  DATE_TYPES,
  type DataType,
  isSpan,
  NUMERIC_TYPES,
  type Scalar,
  type Span,
  STRING_TYPES,
  valuesOf,
  widerNumeric,
} from "./values.js";

export interface Compiled {
  type: DataType;
  eval: (row: Cell[]) => Cell;
  /** The value does not depend on the row (a literal or a function of literals). */
  constant?: boolean;
}

/** Values of `?` parameters: positional in order, or by name. */
export interface Params {
  positional: unknown[];
  named: Map<string, unknown>;
}

export interface QueryContext {
  query: string;
  warnings: Warnings;
  /** The time `NOW()` returns, fixed for the whole query. */
  now: number;
  /** Offset from UTC in milliseconds at a UTC instant, for the `time_zone` setting. */
  zoneOffset: (millis: number) => number;
  params: Params;
  /** Counts anonymous `?` parameters as they are compiled. */
  nextPositional: { value: number };
}

/** Compiles a call the surrounding command handles itself (aggregations in STATS), or returns undefined. */
export type CallHook = (call: Extract<Expression, { type: "call" }>) => Compiled | undefined;

export function columnName(parts: readonly string[]): string {
  return parts.join(".");
}

export class ExpressionCompiler {
  constructor(
    private readonly columns: readonly Column[],
    private readonly context: QueryContext,
    private readonly hook?: CallHook,
  ) {}

  compile(expression: Expression): Compiled {
    switch (expression.type) {
      case "name":
        return this.column(expression, columnName(expression.parts));
      case "list":
        return this.list(expression);
      case "map":
        throw this.error(expression, "a map is only allowed as the last argument of a function");
      case "call":
        return this.call(expression);
      case "binary":
        return COMPARISON_OPERATORS.has(expression.operator)
          ? this.comparison(expression, expression.operator)
          : this.arithmetic(expression, expression.operator);
      case "negate":
        return this.negate(expression);
      case "not": {
        const operand = this.booleanOperand(expression.operand, expression);
        return this.single(expression, "boolean", [operand], ([value]) => !value, operand.constant);
      }
      case "logical":
        return this.logical(expression);
      case "in":
        return this.in(expression);
      case "isNull": {
        const value = this.compile(expression.value);
        const negated = expression.negated;
        return {
          type: "boolean",
          eval: (row) => (value.eval(row) === null) !== negated,
          constant: value.constant,
        };
      }
      case "like":
        return this.like(expression);
      case "match":
        return this.fullText(expression, [expression.field, expression.query]);
      case "cast":
        return this.cast(expression);
      default:
        return this.literal(expression);
    }
  }

  private error(node: SourceSpan, message: string): EsqlQueryError {
    return verificationError(this.context.query, node, message);
  }

  private source(node: SourceSpan): string {
    return this.context.query.slice(node.start, node.end);
  }

  private column(node: SourceSpan, name: string): Compiled {
    for (let i = this.columns.length - 1; i >= 0; i--) {
      if (this.columns[i].name === name) {
        const { type } = this.columns[i];
        if (type === "unsupported") {
          throw this.error(node, `Cannot use field [${name}] with unsupported type`);
        }
        return { type, eval: (row) => row[i] };
      }
    }
    throw this.error(node, `Unknown column [${name}]`);
  }

  private literal(literal: Literal): Compiled {
    if (literal.type === "param") return this.param(literal);
    const type = literalType(literal);
    if (type === undefined) {
      throw new EsqlQueryError(
        "parsing_exception",
        at(this.context.query, literal, `Unexpected temporal unit: '${(literal as { unit: string }).unit}'`),
      );
    }
    if (literal.type === "timespan") {
      return constant(type, spanOf(literal.value, TIME_UNIT_BY_NAME.get(literal.unit)!));
    }
    return constant(type, literal.type === "null" ? null : literal.value);
  }

  private param(literal: Extract<Literal, { type: "param" }>): Compiled {
    const { params, nextPositional } = this.context;
    let value: unknown;
    if (literal.name !== null) {
      if (!params.named.has(literal.name))
        throw this.error(literal, `Unknown query parameter [${literal.name}]`);
      value = params.named.get(literal.name);
    } else {
      const position = literal.position ?? ++nextPositional.value;
      if (position < 1 || position > params.positional.length) {
        throw this.error(literal, `No parameter is defined for position ${position}`);
      }
      value = params.positional[position - 1];
    }
    if (literal.identifier) {
      if (typeof value !== "string")
        throw this.error(literal, "an identifier parameter needs a string value");
      return this.column(literal, value);
    }
    if (value === null) return constant("null", null);
    if (typeof value === "boolean") return constant("boolean", value);
    if (typeof value === "number") {
      return constant(
        Number.isInteger(value) ? (Math.abs(value) <= 2147483647 ? "integer" : "long") : "double",
        value,
      );
    }
    return constant("keyword", String(value));
  }

  private list(expression: Extract<Expression, { type: "list" }>): Compiled {
    const items = expression.items.map((item) => this.literal(item));
    let type: DataType = "null";
    for (const item of items) {
      if (item.type === "null") continue;
      if (type === "null") type = item.type;
      else if (NUMERIC_TYPES.has(type) && NUMERIC_TYPES.has(item.type)) type = widerNumeric(type, item.type);
      else if (type !== item.type)
        throw this.error(expression, "all values of a list must have the same type");
    }
    const values = items.flatMap((item) => valuesOf(item.eval([])));
    const cell: Cell = values.length === 0 ? null : values.length === 1 ? values[0] : values;
    return constant(type, cell);
  }

  private cast(expression: Extract<Expression, { type: "cast" }>): Compiled {
    const target = CAST_TYPES[expression.to];
    if (!target)
      throw this.error(expression, `Unsupported conversion to type [${expression.to.toUpperCase()}]`);
    const value = this.compile(expression.value);
    return this.conversion(expression, target, value);
  }

  /** A `to_*` conversion: per value, a failing value makes the result null with a warning. */
  private conversion(node: SourceSpan, target: DataType, value: Compiled): Compiled {
    const { warnings } = this.context;
    const from = value.type;
    const evaluate = (row: Cell[]): Cell => {
      const cell = value.eval(row);
      if (cell === null) return null;
      try {
        const converted = valuesOf(cell).map((item) => convertTo(target, item, from));
        return converted.length === 1 ? converted[0] : converted;
      } catch (error) {
        if (!(error instanceof EvaluationFailure)) throw error;
        warnings.add(node, error.message);
        return null;
      }
    };
    return this.finish({ type: target, eval: evaluate, constant: value.constant });
  }

  /** Folds a constant expression once, so literals cost nothing per row. */
  private finish(compiled: Compiled): Compiled {
    if (!compiled.constant) return compiled;
    const value = compiled.eval([]);
    return { type: compiled.type, eval: () => value, constant: true };
  }

  /** A function of single values: null when any input is null, null with a warning when one is multi-valued. */
  private single(
    node: SourceSpan,
    type: DataType,
    args: Compiled[],
    apply: (values: Scalar[]) => Cell,
    isConstant?: boolean,
  ): Compiled {
    const { warnings } = this.context;
    const evaluate = (row: Cell[]): Cell => {
      const values: Scalar[] = [];
      for (const arg of args) {
        const cell = arg.eval(row);
        if (cell === null) return null;
        if (Array.isArray(cell)) {
          warnings.add(node, MULTI_VALUE_WARNING);
          return null;
        }
        values.push(cell);
      }
      try {
        return apply(values);
      } catch (error) {
        if (!(error instanceof EvaluationFailure)) throw error;
        warnings.add(node, error.message);
        return null;
      }
    };
    return this.finish({ type, eval: evaluate, constant: isConstant ?? args.every((arg) => arg.constant) });
  }

  private booleanOperand(expression: Expression, parent: SourceSpan): Compiled {
    const operand = this.compile(expression);
    if (operand.type !== "boolean" && operand.type !== "null") {
      throw this.error(
        parent,
        `argument of [${this.source(parent)}] must be [boolean], found value [${this.source(expression)}] type [${operand.type}]`,
      );
    }
    return operand;
  }

  private logical(expression: Extract<Expression, { type: "logical" }>): Compiled {
    const left = this.booleanOperand(expression.left, expression);
    const right = this.booleanOperand(expression.right, expression);
    const { warnings } = this.context;
    // three-valued logic; a multi-valued operand is null with a warning
    const read = (compiled: Compiled, row: Cell[]): boolean | null => {
      const cell = compiled.eval(row);
      if (Array.isArray(cell)) {
        warnings.add(expression, MULTI_VALUE_WARNING);
        return null;
      }
      return cell as boolean | null;
    };
    const evaluate =
      expression.operator === "and"
        ? (row: Cell[]): Cell => {
            const a = read(left, row);
            if (a === false) return false;
            const b = read(right, row);
            if (b === false) return false;
            return a === null || b === null ? null : true;
          }
        : (row: Cell[]): Cell => {
            const a = read(left, row);
            if (a === true) return true;
            const b = read(right, row);
            if (b === true) return true;
            return a === null || b === null ? null : false;
          };
    return this.finish({ type: "boolean", eval: evaluate, constant: left.constant && right.constant });
  }

  /** Makes two operands comparable: a constant string beside a date, ip or version is read as one. */
  private coerce(a: Compiled, b: Compiled, node: SourceSpan): [Compiled, Compiled] {
    const fix = (value: Compiled, other: DataType): Compiled => {
      if (!STRING_TYPES.has(value.type) || !value.constant) return value;
      if (DATE_TYPES.has(other) || other === "ip" || other === "version") {
        return this.conversion(node, DATE_TYPES.has(other) ? "date" : other, value);
      }
      return value;
    };
    return [fix(a, b.type), fix(b, a.type)];
  }

  private comparable(left: Compiled, right: Compiled, node: Extract<Expression, { type: "binary" }>): void {
    const a = left.type;
    const b = right.type;
    if (!comparableTypes(a, b)) {
      throw this.error(
        node,
        `first argument of [${this.source(node)}] is [${describeType(a)}] so second argument must also be [${describeType(a)}] but was [${b}]`,
      );
    }
    if (a === "geo_point" && node.operator !== "==" && node.operator !== "!=") {
      throw this.error(node, `first argument of [${this.source(node)}] must be comparable, found [${a}]`);
    }
  }

  private comparison(node: Extract<Expression, { type: "binary" }>, operator: BinaryOperator): Compiled {
    const [left, right] = this.coerce(this.compile(node.left), this.compile(node.right), node);
    this.comparable(left, right, node);
    const type = left.type === "null" ? right.type : left.type;
    if (operator === "=~") {
      return this.single(
        node,
        "boolean",
        [left, right],
        ([a, b]) => String(a).toLowerCase() === String(b).toLowerCase(),
      );
    }
    const test = COMPARATORS[operator];
    return this.single(node, "boolean", [left, right], ([a, b]) => test(compareScalars(a, b, type)));
  }

  private arithmetic(node: Extract<Expression, { type: "binary" }>, operator: BinaryOperator): Compiled {
    const left = this.compile(node.left);
    const right = this.compile(node.right);
    const a = left.type;
    const b = right.type;
    const type = arithmeticType(operator, a, b);
    if (type !== undefined && (a === "null" || b === "null")) return constant(type, null);
    if (type !== undefined && NUMERIC_TYPES.has(a) && NUMERIC_TYPES.has(b)) {
      return this.single(node, type, [left, right], ([x, y]) =>
        numeric(operator, x as number, y as number, type),
      );
    }
    if (type !== undefined && DATE_TYPES.has(a)) {
      const zone = this.context.zoneOffset;
      return this.single(node, type, [left, right], ([date, span]) =>
        addSpan(date as number, span as Span, operator === "+" ? 1 : -1, zone),
      );
    }
    if (type !== undefined && DATE_TYPES.has(b)) {
      const zone = this.context.zoneOffset;
      return this.single(node, type, [left, right], ([span, date]) =>
        addSpan(date as number, span as Span, 1, zone),
      );
    }
    if (type !== undefined) {
      const sign = operator === "+" ? 1 : -1;
      return this.single(node, type, [left, right], ([x, y]) => {
        const p = x as Span;
        const q = y as Span;
        return {
          months: p.months + sign * q.months,
          days: p.days + sign * q.days,
          millis: p.millis + sign * q.millis,
        };
      });
    }
    throw this.error(
      node,
      `first argument of [${this.source(node)}] is [${a}] and second is [${b}]. [${operator}] has arguments with incompatible types`,
    );
  }

  private negate(node: Extract<Expression, { type: "negate" }>): Compiled {
    const operand = this.compile(node.operand);
    if (operand.type === "null") return operand;
    if (NUMERIC_TYPES.has(operand.type))
      return this.single(node, operand.type, [operand], ([x]) => -(x as number));
    if (operand.type === "time_duration" || operand.type === "date_period") {
      return this.single(node, operand.type, [operand], ([x]) => {
        const span = x as Span;
        return { months: -span.months, days: -span.days, millis: -span.millis };
      });
    }
    throw this.error(
      node,
      `argument of [${this.source(node)}] must be [numeric, date_period or time_duration], found value [${this.source(node.operand)}] type [${operand.type}]`,
    );
  }

  private in(node: Extract<Expression, { type: "in" }>): Compiled {
    const value = this.compile(node.value);
    const items = node.list.map((item) => this.coerce(value, this.compile(item), node)[1]);
    const type = value.type;
    for (const [i, item] of items.entries()) {
      const fits =
        item.type === "null" ||
        type === "null" ||
        item.type === type ||
        (NUMERIC_TYPES.has(type) && NUMERIC_TYPES.has(item.type)) ||
        (STRING_TYPES.has(type) && STRING_TYPES.has(item.type)) ||
        (DATE_TYPES.has(type) && DATE_TYPES.has(item.type));
      if (!fits) {
        throw this.error(
          node,
          `${ordinal(i + 2)} argument of [${this.source(node)}] must be [${describeType(type)}], found value [${this.source(node.list[i])}] type [${item.type}]`,
        );
      }
    }
    const { warnings } = this.context;
    const negated = node.negated;
    const evaluate = (row: Cell[]): Cell => {
      const cell = value.eval(row);
      if (cell === null) return null;
      if (Array.isArray(cell)) {
        warnings.add(node, MULTI_VALUE_WARNING);
        return null;
      }
      let sawNull = false;
      for (const item of items) {
        const candidate = item.eval(row);
        if (candidate === null) {
          sawNull = true;
          continue;
        }
        if (Array.isArray(candidate)) {
          warnings.add(node, MULTI_VALUE_WARNING);
          sawNull = true;
          continue;
        }
        if (compareScalars(cell, candidate, type) === 0) return !negated;
      }
      return sawNull ? null : negated;
    };
    return this.finish({
      type: "boolean",
      eval: evaluate,
      constant: value.constant && items.every((i) => i.constant),
    });
  }

  private like(node: Extract<Expression, { type: "like" }>): Compiled {
    const value = this.compile(node.value);
    if (!STRING_TYPES.has(value.type) && value.type !== "null") {
      throw this.error(
        node,
        `first argument of [${this.source(node)}] must be [string], found value [${this.source(node.value)}] type [${value.type}]`,
      );
    }
    const toRegExp = (text: string, pattern: SourceSpan) =>
      node.operator === "like" ? likeRegExp(text) : rlikeRegExp(text, this.context.query, pattern);
    const texts = node.patterns.map((pattern) => {
      const compiled = this.compile(pattern);
      if (!STRING_TYPES.has(compiled.type) && compiled.type !== "null") {
        throw this.error(
          pattern,
          `pattern of [${this.source(node)}] must be a string, found [${this.source(pattern)}]`,
        );
      }
      return { compiled, pattern };
    });
    const negated = node.negated;
    // Elasticsearch rewrites a match-everything pattern to IS NOT NULL, so NOT LIKE "*" keeps the null rows
    const matchAll = node.operator === "like" ? "*" : ".*";
    if (texts.some(({ compiled }) => compiled.constant && compiled.eval([]) === matchAll)) {
      return { type: "boolean", eval: (row) => (value.eval(row) !== null) !== negated };
    }
    const cache = new Map<string, RegExp>();
    const regexOf = (text: string, pattern: SourceSpan) => {
      let regex = cache.get(text);
      if (!regex) {
        regex = toRegExp(text, pattern);
        cache.set(text, regex);
      }
      return regex;
    };
    const args = [value, ...texts.map(({ compiled }) => compiled)];
    return this.single(
      node,
      "boolean",
      args,
      ([text, ...patterns]) =>
        patterns.some((pattern, i) => regexOf(String(pattern), texts[i].pattern).test(String(text))) !==
        negated,
    );
  }

  /** MATCH and `:` need the inverted index; row by row they match when the analyzed query terms occur. */
  private fullText(node: SourceSpan, [field, query]: Expression[]): Compiled {
    const compiledField = this.compile(field);
    const compiledQuery = this.compile(query);
    return this.single(node, "boolean", [compiledField, compiledQuery], ([text, terms]) => {
      const words = (value: Scalar) =>
        String(value)
          .toLowerCase()
          .split(/[^\p{L}\p{N}_]+/u)
          .filter(Boolean);
      if (!STRING_TYPES.has(compiledField.type) || compiledField.type === "keyword")
        return String(text) === String(terms);
      const have = new Set(words(text));
      return words(terms).some((word) => have.has(word));
    });
  }

  private call(node: Extract<Expression, { type: "call" }>): Compiled {
    const hooked = this.hook?.(node);
    if (hooked) return hooked;
    const signature = FUNCTIONS[node.name];
    if (!signature) throw this.error(node, `Unknown function [${node.name}]`);
    if (signature.kind !== "scalar") {
      throw this.error(
        node,
        signature.kind === "aggregate"
          ? `aggregate function [${this.source(node)}] not allowed outside STATS command`
          : `grouping function [${this.source(node)}] cannot be used outside STATS ... BY`,
      );
    }
    if (node.name === "match") return this.fullText(node, node.args);
    if (node.name === "kql") return this.kql(node, signature);
    if (node.name === "qstr") {
      throw this.error(node, "[QSTR] is not supported by dac's embedded ES|QL engine");
    }
    const args = this.arguments(node, signature);
    if (node.name === "now") return constant("date", this.context.now);
    const type = resultType(
      signature,
      args.map((arg) => arg.type),
    );
    const conversion = CONVERSIONS[node.name];
    if (conversion) return this.conversion(node, conversion, args[0]);
    const implementation = SCALARS[node.name];
    if (!implementation) {
      throw this.error(node, `function [${node.name}] is not supported by dac's embedded ES|QL engine`);
    }
    const types = args.map((arg) => arg.type);
    const context = { now: this.context.now, zoneOffset: this.context.zoneOffset, types, type };
    if (implementation.multiValued) {
      const { warnings } = this.context;
      const evaluate = (row: Cell[]): Cell => {
        try {
          return implementation.apply(
            args.map((arg) => arg.eval(row)),
            context,
          );
        } catch (error) {
          if (!(error instanceof EvaluationFailure)) throw error;
          warnings.add(node, error.message);
          return null;
        }
      };
      return this.finish({ type, eval: evaluate, constant: args.every((arg) => arg.constant) });
    }
    return this.single(node, type, args, (values) => implementation.apply(values, context));
  }

  /** KQL("..."): the query, a constant string, tested against the row's columns. */
  private kql(node: Extract<Expression, { type: "call" }>, signature: FunctionSignature): Compiled {
    const [query] = this.arguments(node, signature);
    const text = query.constant ? query.eval([]) : null;
    if (typeof text !== "string")
      throw this.error(node, `the argument of [${this.source(node)}] must be a constant string`);
    let predicate: (row: Cell[]) => boolean;
    try {
      predicate = compileKql(text, this.columns);
    } catch (error) {
      if (!(error instanceof KqlSyntaxError)) throw error;
      throw this.error(node, `Invalid KQL query [${text}]: ${error.message}`);
    }
    return { type: "boolean", eval: predicate };
  }

  /** Compiles and type-checks the arguments of a scalar or aggregate call against its signature. */
  arguments(node: Extract<Expression, { type: "call" }>, signature: FunctionSignature): Compiled[] {
    const { min, max } = arityOf(signature);
    const count = node.star ? 0 : node.args.length;
    if (count < min || count > max) {
      const expected = max === Infinity ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
      throw this.error(
        node,
        `error building [${node.name}]: expects ${expected} argument(s), found ${count}`,
      );
    }
    return node.args.map((arg, i) => {
      const param = parameterAt(signature, i);
      const compiled = this.compile(arg);
      if (!acceptsArgument(param, compiled.type, compiled.constant === true)) {
        throw this.error(
          node,
          `${ordinal(i + 1)} argument of [${this.source(node)}] must be [${describeClass(param.accepts)}], found value [${this.source(arg)}] type [${compiled.type}]`,
        );
      }
      const isDateString = param.accepts === "date" && STRING_TYPES.has(compiled.type) && compiled.constant;
      return isDateString ? this.conversion(arg, "date", compiled) : compiled;
    });
  }
}

function constant(type: DataType, value: Cell): Compiled {
  return { type, eval: () => value, constant: true };
}

function describeType(type: DataType): string {
  if (NUMERIC_TYPES.has(type)) return "numeric";
  if (STRING_TYPES.has(type)) return "keyword or text";
  return type;
}

function ordinal(n: number): string {
  return (
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"][n - 1] ?? `${n}th`
  );
}

const COMPARISON_OPERATORS = new Set<BinaryOperator>(["==", "!=", "<", "<=", ">", ">=", "=~"]);

const COMPARATORS: Record<string, (order: number) => boolean> = {
  "==": (order) => order === 0,
  "!=": (order) => order !== 0,
  "<": (order) => order < 0,
  "<=": (order) => order <= 0,
  ">": (order) => order > 0,
  ">=": (order) => order >= 0,
};

/** Java arithmetic: integer division truncates, division by zero and int overflow fail the row. */
function numeric(operator: BinaryOperator, x: number, y: number, type: DataType): number {
  const integral = type !== "double";
  let result: number;
  switch (operator) {
    case "+":
      result = x + y;
      break;
    case "-":
      result = x - y;
      break;
    case "*":
      result = x * y;
      break;
    case "/":
      if (integral && y === 0) throw new EvaluationFailure("java.lang.ArithmeticException: / by zero");
      result = integral ? Math.trunc(x / y) : x / y;
      break;
    default:
      if (integral && y === 0) throw new EvaluationFailure("java.lang.ArithmeticException: / by zero");
      result = x % y;
  }
  if (type === "integer" && (result > 2147483647 || result < -2147483648)) {
    throw new EvaluationFailure("java.lang.ArithmeticException: integer overflow");
  }
  if (type === "double" && !Number.isFinite(result)) {
    throw new EvaluationFailure(
      "org.elasticsearch.xpack.esql.core.expression.predicate.operator.arithmetic.ArithmeticException: / by zero",
    );
  }
  return result;
}

function spanOf(
  amount: number,
  unit: { millis?: number; period?: { days?: number; months?: number } },
): Span {
  if (unit.millis !== undefined) return { months: 0, days: 0, millis: amount * unit.millis };
  return { months: amount * (unit.period?.months ?? 0), days: amount * (unit.period?.days ?? 0), millis: 0 };
}

/** Calendar arithmetic in the query's time zone for periods; plain milliseconds for durations. */
export function addSpan(
  date: number,
  span: Span,
  sign: number,
  zoneOffset: (millis: number) => number,
): number {
  if (!isSpan(span)) return date;
  let result = date + sign * span.millis;
  if (span.months || span.days) {
    const offset = zoneOffset(result);
    const local = new Date(result + offset);
    if (span.months) {
      const day = local.getUTCDate();
      local.setUTCDate(1);
      local.setUTCMonth(local.getUTCMonth() + sign * span.months);
      const last = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
      local.setUTCDate(Math.min(day, last));
    }
    if (span.days) local.setUTCDate(local.getUTCDate() + sign * span.days);
    result = local.getTime() - offset;
  }
  return result;
}

const CONVERSIONS: Record<string, DataType> = {
  to_string: "keyword",
  to_double: "double",
  to_integer: "integer",
  to_long: "long",
  to_unsigned_long: "unsigned_long",
  to_ip: "ip",
  to_boolean: "boolean",
  to_datetime: "date",
  to_date_nanos: "date_nanos",
  to_version: "version",
  to_geopoint: "geo_point",
};
