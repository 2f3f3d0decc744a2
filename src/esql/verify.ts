/**
 * Static checks of a parsed ES|QL query without its data: which columns exist after each command and of which type,
 * references to columns that cannot exist there, unknown functions, wrong arities, arguments of a type a function
 * does not accept, dates compared with strings that are no date, groupings on types that cannot be grouped,
 * aggregations outside STATS and unknown time units. Source fields are open (FROM may read any field) until a
 * command closes the column set: STATS keeps only its outputs, KEEP only what it names. A source field's type comes
 * from the caller (the field catalog in dac validate); a type nobody knows is not checked.
 */
import type { Command, Expression, Literal, NamePattern, QualifiedName, Query } from "./ast.js";
import {
  arithmeticType,
  CAST_TYPES,
  DATE_TYPES,
  type DataType,
  literalType,
  SPAN_TYPES,
  STRING_TYPES,
} from "./data-types.js";
import { EvaluationFailure } from "./engine/errors.js";
import { convertTo } from "./engine/scalars.js";
import {
  acceptsArgument,
  arityOf,
  describeClass,
  FUNCTIONS,
  type FunctionSignature,
  type Parameter,
  parameterAt,
  resultType,
} from "./functions.js";
import { TIME_UNIT_BY_NAME } from "./time-units.js";

export type EsqlProblemCode =
  | "esql-unknown-column"
  | "esql-unknown-function"
  | "esql-function-arity"
  | "esql-aggregate-outside-stats"
  | "esql-time-unit"
  | "esql-argument-type"
  | "esql-date-literal"
  | "esql-group-type";

export interface EsqlProblem {
  code: EsqlProblemCode;
  /** Offset into the query text. */
  offset: number;
  message: string;
  hint?: string;
}

/** The columns at one point of the pipeline. */
export interface ColumnSet {
  /** Columns the query produced or named, in output order. */
  known: string[];
  /** Whether source fields FROM reads may still be present beyond `known`. */
  open: boolean;
  /** While open: source columns removed by DROP or RENAME. */
  removed: Set<string>;
  /** While open after a KEEP with wildcards: the patterns a source column must match to remain. */
  openPatterns: RegExp[] | null;
  /** The types of known columns, where known. */
  types: ReadonlyMap<string, DataType>;
  /** Whether a source column still has its source field's type (a LOOKUP JOIN may replace any of them). */
  sourceTypes: boolean;
}

export interface VerifyOptions {
  /** The ES|QL type of a source field FROM reads; undefined when unknown. */
  sourceType?: (name: string) => DataType | undefined;
}

export interface Verification {
  problems: EsqlProblem[];
  /** The columns of the result. */
  output: ColumnSet;
  /** Source fields the query reads (names that are not produced by the query itself). */
  sourceFields: string[];
}

const nameOf = (parts: readonly string[]) => parts.join(".");

const closed = (known: string[], types: ReadonlyMap<string, DataType>): ColumnSet => ({
  known,
  open: false,
  removed: new Set(),
  openPatterns: null,
  types,
  sourceTypes: false,
});

/** Verifies `query`, parsed from `text` (unnamed EVAL and STATS columns are named by their source text). */
export function verifyEsql(query: Query, text: string, options: VerifyOptions = {}): Verification {
  const problems: EsqlProblem[] = [];
  const sourceFields = new Set<string>();
  const state = { problems, sourceFields, text, sourceType: options.sourceType ?? (() => undefined) };
  let columns = closed([], new Map());
  for (const command of query.commands) columns = verifyCommand(command, columns, state);
  return { problems, output: columns, sourceFields: [...sourceFields] };
}

interface State {
  problems: EsqlProblem[];
  sourceFields: Set<string>;
  text: string;
  sourceType: (name: string) => DataType | undefined;
}

/** What the verifier knows of an expression: its type when known, and whether it reads no column. */
interface Typed {
  type: DataType | undefined;
  constant: boolean;
}

const UNKNOWN: Typed = { type: undefined, constant: false };

function canExist(columns: ColumnSet, name: string): "known" | "source" | "no" {
  if (columns.known.includes(name)) return "known";
  if (!columns.open || columns.removed.has(name)) return "no";
  if (columns.openPatterns && !columns.openPatterns.some((pattern) => pattern.test(name))) return "no";
  return "source";
}

/** Records a reference to a column and returns its type when known. */
function reference(
  node: QualifiedName | NamePattern,
  columns: ColumnSet,
  state: State,
): DataType | undefined {
  const name = nameOf(node.parts);
  const found = canExist(columns, name);
  if (found === "known") return columns.types.get(name);
  if (found === "source") {
    state.sourceFields.add(name);
    return columns.sourceTypes ? state.sourceType(name) : undefined;
  }
  const suggestion = closest(name, columns.known);
  state.problems.push({
    code: "esql-unknown-column",
    offset: node.start,
    message: `Unknown column [${name}]: ${columns.open ? "an earlier command dropped, renamed or did not keep it" : "no earlier command produces it"}`,
    ...(suggestion ? { hint: `did you mean [${suggestion}]?` } : {}),
  });
  return undefined;
}

/** `columns` with `added` appended (replacing columns of the same name), each with its type where known. */
function withKnown(
  columns: ColumnSet,
  added: string[],
  addedTypes: (DataType | undefined)[] = [],
): ColumnSet {
  const known = [...columns.known.filter((name) => !added.includes(name)), ...added];
  return {
    ...columns,
    known,
    removed: new Set([...columns.removed].filter((name) => !added.includes(name))),
    types: typesOf(known, columns.types, added, addedTypes),
  };
}

/** The types of `known`: from `previous`, except the `added` names, which get `addedTypes` (or none). */
function typesOf(
  known: readonly string[],
  previous: ReadonlyMap<string, DataType>,
  added: readonly string[] = [],
  addedTypes: readonly (DataType | undefined)[] = [],
): Map<string, DataType> {
  const types = new Map<string, DataType>();
  for (const name of known) {
    const index = added.lastIndexOf(name);
    const type = index >= 0 ? addedTypes[index] : previous.get(name);
    if (type !== undefined) types.set(name, type);
  }
  return types;
}

function patternRegExp(pattern: NamePattern): RegExp {
  const text = nameOf(pattern.parts);
  return new RegExp(
    `^${text
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}

function fieldName(field: { name: QualifiedName | null; value: Expression }, text: string): string {
  if (field.name) return nameOf(field.name.parts);
  return field.value.type === "name"
    ? nameOf(field.value.parts)
    : text.slice(field.value.start, field.value.end);
}

function verifyCommand(command: Command, columns: ColumnSet, state: State): ColumnSet {
  const expressions = (expression: Expression, scope: ColumnSet, inStats = false) =>
    walk(expression, scope, state, inStats).type;
  switch (command.type) {
    case "from":
    case "ts":
      return {
        ...closed(
          command.metadata.map((field) => nameOf(field.parts)),
          new Map(),
        ),
        open: true,
        sourceTypes: true,
      };
    case "row":
    case "eval": {
      let current = command.type === "row" ? closed([], new Map()) : columns;
      for (const field of command.fields) {
        const type = expressions(field.value, current);
        current = withKnown(current, [fieldName(field, state.text)], [type]);
      }
      return current;
    }
    case "show":
      return closed(["version", "date", "hash"], new Map());
    case "where":
      expressions(command.condition, columns);
      return columns;
    case "stats":
    case "inline_stats": {
      const outputs: string[] = [];
      const outputTypes: (DataType | undefined)[] = [];
      for (const field of command.aggregates) {
        outputTypes.push(expressions(field.value, columns, true));
        if (field.where) expressions(field.where, columns);
        outputs.push(fieldName(field, state.text));
      }
      const groups: string[] = [];
      const groupTypes: (DataType | undefined)[] = [];
      for (const field of command.groups) {
        const type = expressions(field.value, columns, true);
        groupable(field.value, type, state);
        groups.push(fieldName(field, state.text));
        groupTypes.push(type);
      }
      if (command.type === "inline_stats") return withKnown(columns, outputs, outputTypes);
      const known = [...outputs, ...groups];
      return closed(known, typesOf(known, new Map(), known, [...outputTypes, ...groupTypes]));
    }
    case "keep": {
      const kept: string[] = [];
      const wildcards: RegExp[] = [];
      for (const pattern of command.patterns) {
        if (pattern.parts.some((part) => part.includes("*"))) {
          const regex = patternRegExp(pattern);
          wildcards.push(regex);
          kept.push(...columns.known.filter((name) => regex.test(name) && !kept.includes(name)));
        } else {
          reference(pattern, columns, state);
          const name = nameOf(pattern.parts);
          if (!kept.includes(name)) kept.push(name);
        }
      }
      const open = columns.open && wildcards.length > 0;
      return {
        ...columns,
        known: kept,
        open,
        removed: open ? columns.removed : new Set(),
        openPatterns: open ? [...(columns.openPatterns ?? []), ...wildcards] : null,
        types: typesOf(kept, new Map([...sourceTypesOf(kept, columns, state), ...columns.types])),
      };
    }
    case "drop": {
      const removed = new Set(columns.removed);
      let known = columns.known;
      for (const pattern of command.patterns) {
        if (pattern.parts.some((part) => part.includes("*"))) {
          const regex = patternRegExp(pattern);
          known = known.filter((name) => !regex.test(name));
        } else {
          reference(pattern, { ...columns, known }, state);
          const name = nameOf(pattern.parts);
          known = known.filter((column) => column !== name);
          removed.add(name);
        }
      }
      return { ...columns, known, removed, types: typesOf(known, columns.types) };
    }
    case "rename": {
      let current = columns;
      for (const { from, to } of command.pairs) {
        const type = reference(from, current, state);
        const old = nameOf(from.parts);
        const renamed = nameOf(to.parts);
        const known = current.known
          .map((name) => (name === old ? renamed : name))
          .filter((name, i, all) => all.indexOf(name) === i);
        if (!known.includes(renamed)) known.push(renamed);
        const types = typesOf(known, current.types, [renamed], [type]);
        current = { ...current, known, removed: new Set([...current.removed, old]), types };
      }
      return current;
    }
    case "sort":
      for (const key of command.keys) expressions(key.value, columns);
      return columns;
    case "limit":
    case "sample":
      return columns;
    case "mv_expand":
      reference(command.column, columns, state);
      return columns;
    case "dissect": {
      expressions(command.input, columns);
      const names = command.pattern.type === "string" ? dissectKeys(command.pattern.value) : [];
      return withKnown(
        columns,
        names,
        names.map(() => "keyword"),
      );
    }
    case "grok": {
      expressions(command.input, columns);
      const names = command.patterns.flatMap((pattern) =>
        pattern.type === "string" ? grokKeys(pattern.value) : [],
      );
      return withKnown(columns, [...new Set(names)]);
    }
    case "enrich": {
      if (command.on) reference(command.on, columns, state);
      const added = command.with.map(({ name, field }) => nameOf((name ?? field).parts));
      // without WITH, every enrich field of the policy is added: unknown here, so the set stays open
      return command.with.length === 0 ? { ...columns, open: true } : withKnown(columns, added);
    }
    case "lookup_join":
      for (const condition of command.on) expressions(condition, columns);
      // the lookup index's fields may replace any column, with types of their own
      return { ...columns, open: true, openPatterns: null, types: new Map(), sourceTypes: false };
    case "change_point": {
      reference(command.value, columns, state);
      if (command.key) reference(command.key, columns, state);
      const added = command.as ? command.as.map((name) => nameOf(name.parts)) : ["type", "pvalue"];
      return withKnown(columns, added);
    }
    case "completion":
      expressions(command.prompt, columns);
      return withKnown(columns, [command.target ? nameOf(command.target.parts) : "completion"]);
    case "rerank":
      for (const field of command.on) expressions(field.value, columns);
      return withKnown(columns, [command.target ? nameOf(command.target.parts) : "_score"]);
    case "fork": {
      const branches = command.branches.map((branch) =>
        branch.reduce((current, inner) => verifyCommand(inner, current, state), columns),
      );
      const known = [...new Set(branches.flatMap((branch) => branch.known)), "_fork"];
      const agreed = new Map<string, DataType>();
      for (const name of known) {
        const types = new Set(branches.map((branch) => branch.types.get(name)));
        const [type] = types;
        if (types.size === 1 && type !== undefined) agreed.set(name, type);
      }
      return { ...closed(known, agreed), open: branches.some((branch) => branch.open) };
    }
  }
}

/** The source types of the `names` a KEEP turns from source fields into known columns. */
function sourceTypesOf(names: readonly string[], columns: ColumnSet, state: State): Map<string, DataType> {
  const types = new Map<string, DataType>();
  if (!columns.sourceTypes) return types;
  for (const name of names) {
    const type = columns.known.includes(name) ? undefined : state.sourceType(name);
    if (type !== undefined) types.set(name, type);
  }
  return types;
}

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);
const BOOLEAN_CONSTANT: Typed = { type: "boolean", constant: true };
const BOOLEAN_VALUE: Typed = { type: "boolean", constant: false };

function booleanOf(constant: boolean): Typed {
  return constant ? BOOLEAN_CONSTANT : BOOLEAN_VALUE;
}

function walk(
  expression: Expression,
  columns: ColumnSet,
  state: State,
  inStats: boolean,
  inAggregate = false,
): Typed {
  switch (expression.type) {
    case "name":
      return { type: reference(expression, columns, state), constant: false };
    case "call": {
      const signature = FUNCTIONS[expression.name];
      const nested = inAggregate || signature?.kind === "aggregate";
      const args = expression.args.map((arg) => walk(arg, columns, state, inStats, nested));
      if (!signature) {
        const suggestion = closest(expression.name, Object.keys(FUNCTIONS));
        state.problems.push({
          code: "esql-unknown-function",
          offset: expression.start,
          message: `Unknown function [${expression.name}]`,
          ...(suggestion ? { hint: `did you mean [${suggestion}]?` } : {}),
        });
        return UNKNOWN;
      }
      const { min, max } = arityOf(signature);
      const count = expression.star ? (expression.name === "count" ? 1 : 0) : expression.args.length;
      const arityFits = count >= min && count <= max;
      if (!arityFits) {
        const expected = max === Infinity ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
        state.problems.push({
          code: "esql-function-arity",
          offset: expression.start,
          message: `[${expression.name}] takes ${expected} argument(s), found ${count}`,
        });
      }
      if (signature.kind !== "scalar" && (!inStats || inAggregate)) {
        state.problems.push({
          code: "esql-aggregate-outside-stats",
          offset: expression.start,
          message: inAggregate
            ? `aggregate function [${expression.name}] cannot be nested inside another aggregation`
            : `${signature.kind === "aggregate" ? "aggregate" : "grouping"} function [${expression.name}] is only allowed in STATS`,
        });
      }
      const fits = arityFits && argumentsFit(expression, signature, args, state);
      return { type: fits ? callType(signature, args) : undefined, constant: callConstant(expression, args) };
    }
    case "binary": {
      const left = walk(expression.left, columns, state, inStats, inAggregate);
      const right = walk(expression.right, columns, state, inStats, inAggregate);
      const constant = left.constant && right.constant;
      if (COMPARISONS.has(expression.operator)) {
        dateComparison(expression.left, left, expression.right, state);
        dateComparison(expression.right, right, expression.left, state);
        return booleanOf(constant);
      }
      if (expression.operator === "=~") return booleanOf(constant);
      const type =
        left.type !== undefined && right.type !== undefined
          ? arithmeticType(expression.operator, left.type, right.type)
          : undefined;
      return { type, constant };
    }
    case "logical": {
      const left = walk(expression.left, columns, state, inStats, inAggregate);
      const right = walk(expression.right, columns, state, inStats, inAggregate);
      return booleanOf(left.constant && right.constant);
    }
    case "negate":
      return walk(expression.operand, columns, state, inStats, inAggregate);
    case "not":
      return booleanOf(walk(expression.operand, columns, state, inStats, inAggregate).constant);
    case "in": {
      const value = walk(expression.value, columns, state, inStats, inAggregate);
      const items = expression.list.map((item) => walk(item, columns, state, inStats, inAggregate));
      return booleanOf(value.constant && items.every((item) => item.constant));
    }
    case "isNull":
      return booleanOf(walk(expression.value, columns, state, inStats, inAggregate).constant);
    case "cast": {
      const value = walk(expression.value, columns, state, inStats, inAggregate);
      return { type: CAST_TYPES[expression.to], constant: value.constant };
    }
    case "like": {
      const value = walk(expression.value, columns, state, inStats, inAggregate);
      for (const pattern of expression.patterns) walk(pattern, columns, state, inStats, inAggregate);
      return booleanOf(value.constant);
    }
    case "match":
      walk(expression.field, columns, state, inStats, inAggregate);
      walk(expression.query, columns, state, inStats, inAggregate);
      return booleanOf(false);
    case "timespan":
      if (!TIME_UNIT_BY_NAME.has(expression.unit)) {
        state.problems.push({
          code: "esql-time-unit",
          offset: expression.start,
          message: `Unexpected temporal unit: '${expression.unit}'`,
          hint: `use one of ${[...new Set([...TIME_UNIT_BY_NAME.values()].map((unit) => unit.name))].join(", ")} (or their abbreviations)`,
        });
      }
      return { type: literalType(expression), constant: true };
    case "list":
    case "map":
      return UNKNOWN;
    default:
      return { type: literalType(expression), constant: expression.type !== "param" };
  }
}

/** Checks each typed argument against its parameter; whether all fit. */
function argumentsFit(
  call: Extract<Expression, { type: "call" }>,
  signature: FunctionSignature,
  args: readonly Typed[],
  state: State,
): boolean {
  let fit = true;
  for (const [i, arg] of args.entries()) {
    if (arg.type === undefined) continue;
    const param = parameterAt(signature, i);
    const node = call.args[i];
    dateArgument(param, node, call.name, state);
    if (acceptsArgument(param, arg.type, arg.constant && STRING_TYPES.has(arg.type))) continue;
    fit = false;
    state.problems.push({
      code: "esql-argument-type",
      offset: node.start,
      message: `argument [${param.name}] of [${call.name}] must be [${describeClass(param.accepts)}], found [${state.text.slice(node.start, node.end)}] of type [${arg.type}]`,
    });
  }
  return fit;
}

const ARGUMENT_RULES = new Set(["arg0", "arg1", "sum", "case"]);

/** A call's type: fixed by its signature, or by its arguments' types when those are all known. */
function callType(signature: FunctionSignature, args: readonly Typed[]): DataType | undefined {
  if (!ARGUMENT_RULES.has(signature.returns)) return resultType(signature, []);
  const types = args.map((arg) => arg.type);
  return types.every((type) => type !== undefined) ? resultType(signature, types as DataType[]) : undefined;
}

/** A scalar function of constants is a constant (NOW() aside: it is the time of the query). */
function callConstant(call: Extract<Expression, { type: "call" }>, args: readonly Typed[]): boolean {
  return FUNCTIONS[call.name]?.kind === "scalar" && call.name !== "now" && args.every((arg) => arg.constant);
}

/** A string literal where a function takes a date: Elasticsearch reads it as one and rejects the query if it is none. */
function dateArgument(param: Parameter, node: Expression, call: string, state: State): void {
  if (param.accepts !== "date" || node.type !== "string" || isDate(node)) return;
  state.problems.push({
    code: "esql-date-literal",
    offset: node.start,
    message: `argument [${param.name}] of [${call}] is a date, but [${state.text.slice(node.start, node.end)}] is not one`,
    hint: DATE_HINT,
  });
}

const DATE_HINT = "write the date as 2024-01-31 or 2024-01-31T12:00:00Z, or use NOW() and a time span";

/** `date_column <op> "literal"`: Elasticsearch reads the literal as a date and rejects the query when it is none. */
function dateComparison(column: Expression, typed: Typed, other: Expression, state: State): void {
  if (typed.type === undefined || !DATE_TYPES.has(typed.type) || other.type !== "string") return;
  if (isDate(other)) return;
  state.problems.push({
    code: "esql-date-literal",
    offset: other.start,
    message: `[${state.text.slice(column.start, column.end)}] is a ${typed.type}, but [${state.text.slice(other.start, other.end)}] is not a date`,
    hint: DATE_HINT,
  });
}

function isDate(literal: Extract<Literal, { type: "string" }>): boolean {
  try {
    convertTo("date", literal.value, "keyword");
    return true;
  } catch (error) {
    if (error instanceof EvaluationFailure) return false;
    throw error;
  }
}

/** A STATS ... BY key must be of a type ES|QL can group by. */
function groupable(node: Expression, type: DataType | undefined, state: State): void {
  if (type !== "unsupported" && (type === undefined || !SPAN_TYPES.has(type))) return;
  state.problems.push({
    code: "esql-group-type",
    offset: node.start,
    message: `cannot group by [${state.text.slice(node.start, node.end)}] of type [${type}]`,
    hint:
      type === "unsupported"
        ? "ES|QL cannot read this field's mapping type; group by a field of a supported type"
        : "to group by time, use BUCKET(@timestamp, 1 hour)",
  });
}

function dissectKeys(pattern: string): string[] {
  return [...pattern.matchAll(/%\{([^}]*)\}/g)]
    .map((match) => match[1].replace(/->$/, ""))
    .filter((key) => key !== "" && !key.startsWith("?"))
    .map((key) => key.replace(/^[+*&]/, "").replace(/\/\d+$/, ""));
}

function grokKeys(pattern: string): string[] {
  const named = [...pattern.matchAll(/%\{\w+:([\w.@[\]-]+)(?::\w+)?\}/g)].map((match) => match[1]);
  const groups = [...pattern.matchAll(/\(\?<([A-Za-z_@][\w.@-]*)>/g)].map((match) => match[1]);
  return [...named, ...groups];
}

/** The candidate nearest to `name` by edit distance, when near enough to be a likely typo. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
