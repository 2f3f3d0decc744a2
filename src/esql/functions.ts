/**
 * The ES|QL function registry: every function's kind, parameters (with the types each accepts) and return type, as
 * data. The parser does not need it; the verifier (dac validate) and the engine (dac esql query) both read it.
 */
import type { DataType } from "./data-types.js";

export type FunctionKind = "scalar" | "aggregate" | "grouping";

/** A class of argument types. */
export type TypeClass =
  | "any"
  | "string"
  | "numeric"
  | "integer"
  | "date"
  | "ip"
  | "boolean"
  | "span"
  | "geo"
  | "map";

export interface Parameter {
  name: string;
  accepts: TypeClass;
  optional?: boolean;
  /** Takes every remaining argument. */
  variadic?: boolean;
}

/**
 * The result type: a fixed type, the type of an argument (`arg0`...), `sum` (integers widen to long), `numeric`
 * (integer stays integer, others double), or `case` (the type of the first value branch).
 */
export type ReturnRule = DataType | "arg0" | "arg1" | "sum" | "case";

export interface FunctionSignature {
  kind: FunctionKind;
  params: Parameter[];
  returns: ReturnRule;
}

/** `"name:class"`, `"name:class?"` (optional) or `"name:class..."` (variadic). */
function params(...specs: string[]): Parameter[] {
  return specs.map((spec) => {
    const [name, rest] = spec.split(":");
    const optional = rest.endsWith("?");
    const variadic = rest.endsWith("...");
    const accepts = rest.replace(/\?|\.\.\.$/g, "") as TypeClass;
    return { name, accepts, ...(optional ? { optional } : {}), ...(variadic ? { variadic } : {}) };
  });
}

const fn = (kind: FunctionKind, returns: ReturnRule, ...specs: string[]): FunctionSignature => ({
  kind,
  params: params(...specs),
  returns,
});
const scalar = (returns: ReturnRule, ...specs: string[]) => fn("scalar", returns, ...specs);
const aggregate = (returns: ReturnRule, ...specs: string[]) => fn("aggregate", returns, ...specs);

export const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = {
  // aggregations
  avg: aggregate("double", "number:numeric"),
  count: aggregate("long", "field:any?"),
  count_distinct: aggregate("long", "field:any", "precision:integer?"),
  max: aggregate("arg0", "field:any"),
  min: aggregate("arg0", "field:any"),
  median: aggregate("double", "number:numeric"),
  median_absolute_deviation: aggregate("double", "number:numeric"),
  percentile: aggregate("double", "number:numeric", "percentile:numeric"),
  std_dev: aggregate("double", "number:numeric"),
  variance: aggregate("double", "number:numeric"),
  sum: aggregate("sum", "number:numeric"),
  top: aggregate("arg0", "field:any", "limit:integer", "order:string"),
  values: aggregate("arg0", "field:any"),
  first: aggregate("arg0", "value:any", "sort:any"),
  last: aggregate("arg0", "value:any", "sort:any"),
  sample: aggregate("arg0", "field:any", "limit:integer"),
  weighted_avg: aggregate("double", "number:numeric", "weight:numeric"),
  // grouping
  bucket: fn("grouping", "arg0", "field:any", "buckets:any", "from:any?", "to:any?"),
  categorize: fn("grouping", "keyword", "field:string"),
  // conditional
  case: scalar("case", "condition:any..."),
  coalesce: scalar("arg0", "first:any", "rest:any..."),
  greatest: scalar("arg0", "first:any", "rest:any..."),
  least: scalar("arg0", "first:any", "rest:any..."),
  // dates
  date_trunc: scalar("arg1", "interval:any", "date:date"),
  date_diff: scalar("integer", "unit:string", "start:date", "end:date"),
  date_extract: scalar("long", "part:string", "date:date"),
  date_format: scalar("keyword", "format:any", "date:date?"),
  date_parse: scalar("date", "pattern:string", "date:string?"),
  now: scalar("date"),
  // strings
  to_lower: scalar("arg0", "str:string"),
  to_upper: scalar("arg0", "str:string"),
  length: scalar("integer", "str:string"),
  bit_length: scalar("integer", "str:string"),
  byte_length: scalar("integer", "str:string"),
  concat: scalar("keyword", "first:string", "rest:string..."),
  replace: scalar("keyword", "str:string", "regex:string", "replacement:string"),
  substring: scalar("keyword", "str:string", "start:integer", "length:integer?"),
  left: scalar("keyword", "str:string", "length:integer"),
  right: scalar("keyword", "str:string", "length:integer"),
  trim: scalar("keyword", "str:string"),
  ltrim: scalar("keyword", "str:string"),
  rtrim: scalar("keyword", "str:string"),
  starts_with: scalar("boolean", "str:string", "prefix:string"),
  ends_with: scalar("boolean", "str:string", "suffix:string"),
  contains: scalar("boolean", "str:string", "substring:string"),
  locate: scalar("integer", "str:string", "substring:string", "start:integer?"),
  split: scalar("keyword", "str:string", "delim:string"),
  space: scalar("keyword", "number:integer"),
  repeat: scalar("keyword", "str:string", "number:integer"),
  reverse: scalar("keyword", "str:string"),
  url_decode: scalar("keyword", "str:string"),
  url_encode: scalar("keyword", "str:string"),
  url_encode_component: scalar("keyword", "str:string"),
  from_base64: scalar("keyword", "str:string"),
  to_base64: scalar("keyword", "str:string"),
  md5: scalar("keyword", "str:string"),
  sha1: scalar("keyword", "str:string"),
  sha256: scalar("keyword", "str:string"),
  json_extract: scalar("keyword", "str:string", "path:string"),
  // conversions
  to_string: scalar("keyword", "field:any"),
  to_double: scalar("double", "field:any"),
  to_integer: scalar("integer", "field:any"),
  to_long: scalar("long", "field:any"),
  to_unsigned_long: scalar("unsigned_long", "field:any"),
  to_ip: scalar("ip", "field:any"),
  to_boolean: scalar("boolean", "field:any"),
  to_datetime: scalar("date", "field:any"),
  to_date_nanos: scalar("date_nanos", "field:any"),
  to_version: scalar("version", "field:any"),
  to_geopoint: scalar("geo_point", "field:any"),
  // math
  abs: scalar("arg0", "number:numeric"),
  ceil: scalar("arg0", "number:numeric"),
  floor: scalar("arg0", "number:numeric"),
  round: scalar("arg0", "number:numeric", "decimals:integer?"),
  pow: scalar("double", "base:numeric", "exponent:numeric"),
  sqrt: scalar("double", "number:numeric"),
  cbrt: scalar("double", "number:numeric"),
  exp: scalar("double", "number:numeric"),
  log: scalar("double", "base:numeric", "number:numeric?"),
  log10: scalar("double", "number:numeric"),
  signum: scalar("double", "number:numeric"),
  pi: scalar("double"),
  e: scalar("double"),
  tau: scalar("double"),
  // ip
  cidr_match: scalar("boolean", "ip:ip", "blocks:string..."),
  ip_prefix: scalar("ip", "ip:ip", "prefixLengthV4:integer", "prefixLengthV6:integer"),
  // multi-values
  mv_first: scalar("arg0", "field:any"),
  mv_last: scalar("arg0", "field:any"),
  mv_min: scalar("arg0", "field:any"),
  mv_max: scalar("arg0", "field:any"),
  mv_dedupe: scalar("arg0", "field:any"),
  mv_sort: scalar("arg0", "field:any", "order:string?"),
  mv_count: scalar("integer", "field:any"),
  mv_sum: scalar("arg0", "number:numeric"),
  mv_avg: scalar("double", "number:numeric"),
  mv_median: scalar("arg0", "number:numeric"),
  mv_concat: scalar("keyword", "str:string", "delim:string"),
  mv_slice: scalar("arg0", "field:any", "start:integer", "end:integer?"),
  mv_contains: scalar("boolean", "superset:any", "subset:any"),
  mv_append: scalar("arg0", "field1:any", "field2:any"),
  mv_intersection: scalar("arg0", "field1:any", "field2:any"),
  mv_zip: scalar("keyword", "first:string", "second:string", "delim:string?"),
  // full text
  match: scalar("boolean", "field:any", "query:any", "options:map?"),
  kql: scalar("boolean", "query:string"),
  qstr: scalar("boolean", "query:string", "options:map?"),
  // spatial
  st_x: scalar("double", "point:geo"),
  st_y: scalar("double", "point:geo"),
  st_distance: scalar("double", "a:geo", "b:geo"),
};

/** Arity of a signature: required count and maximum (Infinity when variadic). */
export function arityOf(signature: FunctionSignature): { min: number; max: number } {
  const min = signature.params.filter((param) => !param.optional && !param.variadic).length;
  const max = signature.params.some((param) => param.variadic) ? Infinity : signature.params.length;
  return { min, max };
}

const CLASS_TYPES: Record<TypeClass, readonly DataType[] | "all"> = {
  any: "all",
  string: ["keyword", "text"],
  numeric: ["integer", "long", "unsigned_long", "double"],
  integer: ["integer", "long"],
  date: ["date", "date_nanos"],
  ip: ["ip"],
  boolean: ["boolean"],
  span: ["time_duration", "date_period"],
  geo: ["geo_point"],
  map: "all",
};

/** The parameter the `index`th argument of a call binds to (the last one takes the rest when variadic). */
export function parameterAt(signature: FunctionSignature, index: number): Parameter {
  return signature.params[Math.min(index, signature.params.length - 1)];
}

/**
 * Whether an argument of `type` fits `param`: by its type class, or as a constant string where a date is expected
 * (Elasticsearch reads it as a date). An unsupported field is reported where it is read, not here.
 */
export function acceptsArgument(param: Parameter, type: DataType, constantString: boolean): boolean {
  if (type === "unsupported" || accepts(param.accepts, type)) return true;
  return param.accepts === "date" && constantString && (type === "keyword" || type === "text");
}

/** The type a call returns, by its signature's return rule and its arguments' types. */
export function resultType(signature: FunctionSignature, args: readonly DataType[]): DataType {
  const rule = signature.returns;
  switch (rule) {
    case "arg0":
      return args[0] ?? "null";
    case "arg1":
      return args[1] ?? "null";
    case "sum":
      return args[0] === "double" ? "double" : "long";
    case "case": {
      const values = args.filter((_, i) => i % 2 === 1 || (i === args.length - 1 && args.length % 2 === 1));
      return values.find((type) => type !== "null") ?? "null";
    }
    default:
      return rule;
  }
}

/** Whether a value of `type` may be passed where `accepts` is expected (null fits everywhere). */
export function accepts(accepted: TypeClass, type: DataType): boolean {
  const types = CLASS_TYPES[accepted];
  return type === "null" || types === "all" || types.includes(type);
}

/** The human form Elasticsearch uses in type errors: `[keyword or text]`. */
export function describeClass(accepted: TypeClass): string {
  const types = CLASS_TYPES[accepted];
  return types === "all" ? "any" : types.join(" or ");
}
