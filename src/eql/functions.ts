/**
 * Elasticsearch's EQL function registry (EqlFunctionRegistry) as data: names (case-insensitive), arities,
 * whether a `~` case-insensitive variant exists, and the kind of value each argument takes.
 */

/** What an argument must be: a string (keyword-like), a number, an ip field, or anything. */
export type EqlArgumentKind = "string" | "number" | "ip" | "boolean" | "any";

export interface EqlFunctionSpec {
  /** Canonical spelling, as the documentation writes it. */
  name: string;
  minArgs: number;
  /** Infinity for variadic functions. */
  maxArgs: number;
  /** Accepts the `name~(...)` case-insensitive form. */
  caseInsensitive: boolean;
  /** Kind per argument position; the last one repeats for variadic functions. */
  args: readonly EqlArgumentKind[];
  /** What it returns. */
  returns: "string" | "number" | "boolean";
}

const fn = (
  name: string,
  minArgs: number,
  maxArgs: number,
  args: readonly EqlArgumentKind[],
  returns: EqlFunctionSpec["returns"],
  caseInsensitive = false,
): EqlFunctionSpec => ({ name, minArgs, maxArgs, args, returns, caseInsensitive });

export const EQL_FUNCTIONS: readonly EqlFunctionSpec[] = [
  fn("add", 2, 2, ["number", "number"], "number"),
  fn("between", 3, 4, ["string", "string", "string", "boolean"], "string", true),
  fn("cidrMatch", 2, Number.POSITIVE_INFINITY, ["ip", "string"], "boolean"),
  fn("concat", 1, Number.POSITIVE_INFINITY, ["any"], "string"),
  fn("divide", 2, 2, ["number", "number"], "number"),
  fn("endsWith", 2, 2, ["string", "string"], "boolean", true),
  fn("indexOf", 2, 3, ["string", "string", "number"], "number", true),
  fn("length", 1, 1, ["string"], "number"),
  fn("modulo", 2, 2, ["number", "number"], "number"),
  fn("multiply", 2, 2, ["number", "number"], "number"),
  fn("number", 1, 2, ["string", "number"], "number"),
  fn("startsWith", 2, 2, ["string", "string"], "boolean", true),
  fn("string", 1, 1, ["any"], "string"),
  fn("stringContains", 2, 2, ["string", "string"], "boolean", true),
  fn("substring", 2, 3, ["string", "number", "number"], "string"),
  fn("subtract", 2, 2, ["number", "number"], "number"),
];

const BY_NAME = new Map(EQL_FUNCTIONS.map((spec) => [spec.name.toLowerCase(), spec]));

/** The function named `name` (any case), or undefined when Elasticsearch has no such function. */
export function eqlFunction(name: string): EqlFunctionSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The kind of argument `index` (0-based) of `spec`. */
export function argumentKind(spec: EqlFunctionSpec, index: number): EqlArgumentKind {
  return spec.args[Math.min(index, spec.args.length - 1)];
}
