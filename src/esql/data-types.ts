/**
 * ES|QL's types and the rules that give an expression its type, without its data: shared by the verifier (dac
 * validate) and the engine (dac esql query), so both type a query the same way.
 */
import type { BinaryOperator, Literal } from "./ast.js";
import { TIME_UNIT_BY_NAME } from "./time-units.js";

/** The column types of an ES|QL response, plus the span types of `1 hour` / `1 month` literals. */
export type DataType =
  | "keyword"
  | "text"
  | "integer"
  | "long"
  | "unsigned_long"
  | "double"
  | "boolean"
  | "date"
  | "date_nanos"
  | "ip"
  | "version"
  | "geo_point"
  | "null"
  | "unsupported"
  | "time_duration"
  | "date_period";

export const STRING_TYPES: ReadonlySet<DataType> = new Set(["keyword", "text"]);
export const NUMERIC_TYPES: ReadonlySet<DataType> = new Set(["integer", "long", "unsigned_long", "double"]);
export const DATE_TYPES: ReadonlySet<DataType> = new Set(["date", "date_nanos"]);
export const SPAN_TYPES: ReadonlySet<DataType> = new Set(["time_duration", "date_period"]);

/** ES|QL's type for an Elasticsearch field type. */
export function esqlTypeOf(esType: string): DataType {
  switch (esType) {
    case "keyword":
    case "constant_keyword":
    case "wildcard":
      return "keyword";
    case "text":
    case "match_only_text":
      return "text";
    case "long":
      return "long";
    case "integer":
    case "short":
    case "byte":
      return "integer";
    case "double":
    case "float":
    case "half_float":
    case "scaled_float":
      return "double";
    case "unsigned_long":
    case "boolean":
    case "date":
    case "date_nanos":
    case "ip":
    case "version":
    case "geo_point":
      return esType;
    default:
      return "unsupported";
  }
}

/** The type of a literal; undefined for a `?` parameter (its value decides) and a time span of an unknown unit. */
export function literalType(literal: Literal): DataType | undefined {
  switch (literal.type) {
    case "null":
      return "null";
    case "boolean":
      return "boolean";
    case "integer":
      return Math.abs(literal.value) <= 2147483647 ? "integer" : "long";
    case "decimal":
      return "double";
    case "string":
      return "keyword";
    case "timespan":
      return TIME_UNIT_BY_NAME.get(literal.unit)?.kind;
    case "param":
      return undefined;
  }
}

export function widerNumeric(a: DataType, b: DataType): DataType {
  if (a === "double" || b === "double") return "double";
  if (a === "unsigned_long" || b === "unsigned_long") return "unsigned_long";
  if (a === "long" || b === "long") return "long";
  return "integer";
}

/** Whether `==`, `<` and the like may compare a value of type `a` with one of type `b` (null compares with all). */
export function comparableTypes(a: DataType, b: DataType): boolean {
  return (
    a === "null" ||
    b === "null" ||
    (NUMERIC_TYPES.has(a) && NUMERIC_TYPES.has(b)) ||
    (STRING_TYPES.has(a) && STRING_TYPES.has(b)) ||
    (DATE_TYPES.has(a) && DATE_TYPES.has(b)) ||
    a === b
  );
}

/** The type of `a <operator> b` for `+ - * / %`; undefined when ES|QL has no such operation. */
export function arithmeticType(operator: BinaryOperator, a: DataType, b: DataType): DataType | undefined {
  if (a === "null" || b === "null") return a === "null" ? b : a;
  if (NUMERIC_TYPES.has(a) && NUMERIC_TYPES.has(b)) return widerNumeric(a, b);
  const additive = operator === "+" || operator === "-";
  if (additive && DATE_TYPES.has(a) && SPAN_TYPES.has(b)) return a;
  if (operator === "+" && SPAN_TYPES.has(a) && DATE_TYPES.has(b)) return b;
  if (additive && a === b && SPAN_TYPES.has(a)) return a;
  return undefined;
}

/** `::type` targets and the type each converts to. */
export const CAST_TYPES: Readonly<Record<string, DataType>> = {
  string: "keyword",
  keyword: "keyword",
  text: "keyword",
  int: "integer",
  integer: "integer",
  long: "long",
  double: "double",
  bool: "boolean",
  boolean: "boolean",
  datetime: "date",
  date: "date",
  date_nanos: "date_nanos",
  ip: "ip",
  version: "version",
  unsigned_long: "unsigned_long",
  geo_point: "geo_point",
};
