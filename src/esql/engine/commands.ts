/**
 * The ES|QL processing commands over an in-memory table: each takes the table the previous command produced and
 * returns a new one, checking column references as Elasticsearch's verifier does.
 */
import type { AggregateField, Command, Expression, Field, NamePattern, SourceSpan } from "../ast.js";
import { FUNCTIONS, resultType } from "../functions.js";
import { AGGREGATIONS, type Aggregation } from "./aggregations.js";
import { verificationError } from "./errors.js";
import { type Compiled, columnName, ExpressionCompiler, type QueryContext } from "./expressions.js";
import { applyDissect, applyGrok, compileGrok, parseDissect } from "./patterns.js";
import { truncateDate } from "./scalars.js";
import {
  type Cell,
  type Column,
  cellOf,
  compareScalars,
  DATE_TYPES,
  type DataType,
  isSpan,
  type Scalar,
  STRING_TYPES,
  type Table,
  valuesOf,
} from "./values.js";

/** The largest LIMIT Elasticsearch returns (esql.query.result_truncation_max_size). */
export const MAX_LIMIT = 10_000;

/** Commands that keep every row (possibly adding rows): a LIMIT after them caps what they need to produce. */
const ROW_PRESERVING = new Set(["eval", "keep", "drop", "rename", "mv_expand", "dissect", "grok"]);

/** For each command, the most rows any later command can use (Infinity when unbounded). */
export function rowCaps(commands: readonly Command[]): number[] {
  const caps = commands.map(() => Number.POSITIVE_INFINITY);
  let cap = Number.POSITIVE_INFINITY;
  for (let i = commands.length - 1; i >= 0; i--) {
    caps[i] = cap;
    const command = commands[i];
    if (command.type === "limit" && command.count.type === "integer")
      cap = Math.min(command.count.value, MAX_LIMIT);
    else if (!ROW_PRESERVING.has(command.type)) cap = Number.POSITIVE_INFINITY;
  }
  return caps;
}

/** Runs one processing command; `cap` bounds the rows it must produce (see {@link rowCaps}). */
export function runCommand(
  command: Command,
  table: Table,
  context: QueryContext,
  cap = Number.POSITIVE_INFINITY,
): Table {
  const compiler = () => new ExpressionCompiler(table.columns, context);
  switch (command.type) {
    case "where": {
      const condition = compiler().compile(command.condition);
      if (condition.type !== "boolean" && condition.type !== "null") {
        throw verificationError(
          context.query,
          command.condition,
          `Condition expression needs to be boolean, found [${condition.type}]`,
        );
      }
      return { columns: table.columns, rows: table.rows.filter((row) => condition.eval(row) === true) };
    }
    case "eval":
    case "row":
      return evalFields(command.fields, table, context);
    case "stats":
      return stats(command.aggregates, command.groups, table, context);
    case "inline_stats":
      return inlineStats(command.aggregates, command.groups, table, context);
    case "keep":
      return keep(command.patterns, table, context);
    case "drop":
      return drop(command.patterns, table, context);
    case "rename":
      return rename(command.pairs, table, context);
    case "sort":
      return sort(command.keys, table, context);
    case "limit": {
      const count = compiler().compile(command.count).eval([]);
      if (typeof count !== "number" || count < 0) {
        throw verificationError(context.query, command.count, "LIMIT needs a non-negative integer");
      }
      return { columns: table.columns, rows: table.rows.slice(0, Math.min(count, MAX_LIMIT)) };
    }
    case "mv_expand":
      return mvExpand(command.column, table, context, cap);
    case "dissect":
      return dissect(command, table, context);
    case "grok":
      return grok(command, table, context);
    case "sample": {
      const probability = compiler().compile(command.probability).eval([]);
      return { columns: table.columns, rows: table.rows.filter(() => Math.random() < Number(probability)) };
    }
    default:
      throw verificationError(
        context.query,
        command,
        `${command.type.replace("_", " ").toUpperCase()} is not supported by dac's embedded ES|QL engine`,
      );
  }
}

/** The column name of a field: its alias, else its source text. */
function fieldName(field: Field, query: string): string {
  if (field.name) return columnName(field.name.parts);
  if (field.value.type === "name") return columnName(field.value.parts);
  return query.slice(field.value.start, field.value.end);
}

/** Replaces columns named like the new ones and appends the new ones at the end. */
function withColumns(table: Table, added: Column[], values: (row: Cell[]) => Cell[]): Table {
  const names = new Set(added.map((column) => column.name));
  const kept = table.columns.flatMap((column, i) => (names.has(column.name) ? [] : [i]));
  return {
    columns: [...kept.map((i) => table.columns[i]), ...added],
    rows: table.rows.map((row) => [...kept.map((i) => row[i]), ...values(row)]),
  };
}

function evalFields(fields: readonly Field[], table: Table, context: QueryContext): Table {
  let current = table;
  for (const field of fields) {
    const compiled = new ExpressionCompiler(current.columns, context).compile(field.value);
    const name = fieldName(field, context.query);
    current = withColumns(current, [{ name, type: compiled.type }], (row) => [compiled.eval(row)]);
  }
  return current;
}

// ---- STATS ----

interface AggregateSlot {
  aggregation: Aggregation;
  name: string;
  /** The first argument, or undefined for COUNT(*). */
  argument?: Compiled;
  second?: Compiled;
  filter?: Compiled;
  type: DataType;
  options: Scalar[];
  usesPairs: boolean;
}

interface CompiledStats {
  groups: { name: string; value: Compiled }[];
  slots: AggregateSlot[];
  /** Per output aggregate: its name and its value over the slots' results (and group keys). */
  outputs: { name: string; value: Compiled }[];
}

function compileStats(
  aggregates: readonly AggregateField[],
  groupFields: readonly Field[],
  table: Table,
  context: QueryContext,
): CompiledStats {
  const input = new ExpressionCompiler(table.columns, context);
  const grouping = new ExpressionCompiler(table.columns, context, (call) =>
    call.name === "bucket" ? bucket(call, input, context) : undefined,
  );
  const groups = groupFields.map((field) => ({
    name: fieldName(field, context.query),
    value: grouping.compile(field.value),
  }));
  const slots: AggregateSlot[] = [];
  // after aggregation, a row holds the group keys then one value per slot
  const afterColumns: Column[] = groups.map((group) => ({ name: group.name, type: group.value.type }));
  const outputs = aggregates.map((field) => {
    const filter = field.where ? input.compile(field.where) : undefined;
    let sawAggregate = false;
    const hook = (call: Extract<Expression, { type: "call" }>): Compiled | undefined => {
      const signature = FUNCTIONS[call.name];
      if (signature?.kind !== "aggregate") return undefined;
      sawAggregate = true;
      const args = call.star ? [] : input.arguments(call, signature);
      const options = args.slice(1).map((arg) => {
        if (!arg.constant && call.name !== "first" && call.name !== "last" && call.name !== "weighted_avg") {
          throw verificationError(context.query, call, `the options of [${call.name}] must be constants`);
        }
        return arg.eval([]) as Scalar;
      });
      const index = afterColumns.length + slots.length;
      const type = resultType(
        signature,
        args.map((arg) => arg.type),
      );
      slots.push({
        aggregation: AGGREGATIONS[call.name],
        name: context.query.slice(call.start, call.end),
        argument: args[0]?.constant && call.name === "count" ? undefined : args[0],
        second: args[1],
        filter,
        type,
        options,
        usesPairs: call.name === "first" || call.name === "last" || call.name === "weighted_avg",
      });
      return { type, eval: (row) => row[index] };
    };
    const value = new ExpressionCompiler(afterColumns, context, hook).compile(field.value);
    if (!sawAggregate && field.value.type !== "name") {
      throw verificationError(
        context.query,
        field.value,
        `expected an aggregate function but found [${context.query.slice(field.value.start, field.value.end)}]`,
      );
    }
    return { name: fieldName(field, context.query), value };
  });
  return { groups, slots, outputs };
}

/** BUCKET(field, span): dates truncated like DATE_TRUNC, numbers floored to a multiple of the span. */
function bucket(
  call: Extract<Expression, { type: "call" }>,
  input: ExpressionCompiler,
  context: QueryContext,
): Compiled {
  const args = input.arguments(call, FUNCTIONS.bucket);
  if (args.length !== 2) {
    throw verificationError(
      context.query,
      call,
      "BUCKET with a bucket count and range is not supported by dac's embedded ES|QL engine",
    );
  }
  const [field, span] = args;
  if (!span.constant) throw verificationError(context.query, call, "the span of BUCKET must be a constant");
  const size = span.eval([]);
  const isDate = DATE_TYPES.has(field.type);
  if (isDate !== isSpan(size) || (!isDate && typeof size !== "number")) {
    throw verificationError(
      context.query,
      call,
      `second argument of [${context.query.slice(call.start, call.end)}] must be [${isDate ? "date_period or time_duration" : "numeric"}] for a [${field.type}] field`,
    );
  }
  const one = (value: Scalar): Scalar =>
    isSpan(size)
      ? truncateDate(value as number, size, context.zoneOffset)
      : Math.floor((value as number) / (size as number)) * (size as number);
  return {
    type: isDate ? field.type : "double",
    eval: (row) => {
      const cell = field.eval(row);
      return cell === null ? null : cellOf(valuesOf(cell).map(one));
    },
  };
}

interface GroupState {
  keys: Cell[];
  inputs: { values: Scalar[]; rows: number; pairs: [Cell, Cell][] }[];
}

/** Groups rows by their key values (a multi-valued key puts the row in one group per value). */
function aggregate(
  compiled: CompiledStats,
  rows: readonly Cell[][],
  withRows?: Map<string, number[]>,
): GroupState[] {
  const groups = new Map<string, GroupState>();
  const newState = (keys: Cell[]): GroupState => ({
    keys,
    inputs: compiled.slots.map(() => ({ values: [], rows: 0, pairs: [] })),
  });
  if (compiled.groups.length === 0) groups.set(JSON.stringify([]), newState([]));
  rows.forEach((row, rowIndex) => {
    const cells = compiled.groups.map((group) => group.value.eval(row));
    // the common case, no multi-valued key, needs no cross product
    let keySets: Cell[][] = [cells];
    if (cells.some(Array.isArray)) {
      keySets = [[]];
      for (const cell of cells) {
        const options = cell === null ? [null] : valuesOf(cell);
        keySets = keySets.flatMap((keys) => options.map((option) => [...keys, option]));
      }
    }
    for (const keys of keySets) {
      const id = JSON.stringify(keys);
      let state = groups.get(id);
      if (!state) {
        state = newState(keys);
        groups.set(id, state);
      }
      if (withRows) withRows.set(id, [...(withRows.get(id) ?? []), rowIndex]);
      compiled.slots.forEach((slot, i) => {
        if (slot.filter && slot.filter.eval(row) !== true) return;
        const input = state.inputs[i];
        input.rows++;
        if (slot.usesPairs) {
          input.pairs.push([slot.argument?.eval(row) ?? null, slot.second?.eval(row) ?? null]);
          return;
        }
        if (!slot.argument) {
          input.values.push(1);
          return;
        }
        for (const value of valuesOf(slot.argument.eval(row))) input.values.push(value);
      });
    }
  });
  return [...groups.values()];
}

function finishGroup(compiled: CompiledStats, state: GroupState): Cell[] {
  const after = [
    ...state.keys,
    ...compiled.slots.map((slot, i) =>
      slot.aggregation(state.inputs[i], slot.argument?.type ?? "long", slot.options),
    ),
  ];
  return compiled.outputs.map((output) => output.value.eval(after));
}

function stats(
  aggregates: readonly AggregateField[],
  groupFields: readonly Field[],
  table: Table,
  context: QueryContext,
): Table {
  const compiled = compileStats(aggregates, groupFields, table, context);
  const states = aggregate(compiled, table.rows);
  const columns = [
    ...compiled.outputs.map((output) => ({ name: output.name, type: output.value.type })),
    ...compiled.groups.map((group) => ({ name: group.name, type: group.value.type })),
  ];
  const rows = states.map((state) => [...finishGroup(compiled, state), ...state.keys]);
  return dedupeColumns({ columns, rows });
}

/** INLINE STATS: every input row gets its group's aggregates as new columns. */
function inlineStats(
  aggregates: readonly AggregateField[],
  groupFields: readonly Field[],
  table: Table,
  context: QueryContext,
): Table {
  const compiled = compileStats(aggregates, groupFields, table, context);
  const members = new Map<string, number[]>();
  const states = aggregate(compiled, table.rows, members);
  const perRow = new Map<number, Cell[]>();
  for (const state of states) {
    const values = finishGroup(compiled, state);
    for (const rowIndex of members.get(JSON.stringify(state.keys)) ?? []) {
      if (!perRow.has(rowIndex)) perRow.set(rowIndex, values);
    }
  }
  const added = compiled.outputs.map((output) => ({ name: output.name, type: output.value.type }));
  const table2 = withColumns(table, added, () => []);
  return {
    columns: table2.columns,
    rows: table2.rows.map((row, i) => [...row, ...(perRow.get(i) ?? added.map(() => null))]),
  };
}

/** When two output columns share a name, the later one wins. */
function dedupeColumns(table: Table): Table {
  const last = new Map<string, number>();
  for (const [i, column] of table.columns.entries()) last.set(column.name, i);
  const keep = table.columns.flatMap((column, i) => (last.get(column.name) === i ? [i] : []));
  if (keep.length === table.columns.length) return table;
  return {
    columns: keep.map((i) => table.columns[i]),
    rows: table.rows.map((row) => keep.map((i) => row[i])),
  };
}

// ---- projections ----

function patternRegExp(pattern: NamePattern): RegExp {
  const text = columnName(pattern.parts);
  return new RegExp(
    `^${text
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}

function isWildcard(pattern: NamePattern): boolean {
  return pattern.parts.some((part) => part.includes("*"));
}

/** The columns a pattern names; an exact name that is missing is an error, as is a pattern that matches nothing. */
function matching(pattern: NamePattern, table: Table, context: QueryContext): number[] {
  const regex = patternRegExp(pattern);
  const found = table.columns.flatMap((column, i) => (regex.test(column.name) ? [i] : []));
  if (found.length === 0) {
    const name = columnName(pattern.parts);
    throw verificationError(
      context.query,
      pattern,
      isWildcard(pattern) ? `No matches found for pattern [${name}]` : `Unknown column [${name}]`,
    );
  }
  return found;
}

function project(table: Table, indices: number[]): Table {
  return {
    columns: indices.map((i) => table.columns[i]),
    rows: table.rows.map((row) => indices.map((i) => row[i])),
  };
}

/** KEEP: columns in pattern order; an exact name outranks a wildcard that also matches it. */
function keep(patterns: readonly NamePattern[], table: Table, context: QueryContext): Table {
  const placement = new Map<number, { pattern: number; exact: boolean }>();
  patterns.forEach((pattern, p) => {
    const exact = !isWildcard(pattern);
    for (const i of matching(pattern, table, context)) {
      const current = placement.get(i);
      if (!current || (exact && !current.exact) || (exact === current.exact && exact))
        placement.set(i, { pattern: p, exact });
    }
  });
  const indices = [...placement.entries()]
    .sort((a, b) => a[1].pattern - b[1].pattern || a[0] - b[0])
    .map(([i]) => i);
  return project(table, indices);
}

function drop(patterns: readonly NamePattern[], table: Table, context: QueryContext): Table {
  const dropped = new Set(patterns.flatMap((pattern) => matching(pattern, table, context)));
  return project(
    table,
    table.columns.flatMap((_, i) => (dropped.has(i) ? [] : [i])),
  );
}

function rename(
  pairs: readonly { from: NamePattern; to: { parts: string[] } }[],
  table: Table,
  context: QueryContext,
): Table {
  let current = table;
  for (const { from, to } of pairs) {
    const [index] = matching(from, current, context);
    const newName = columnName(to.parts);
    const columns = current.columns.map((column, i) => (i === index ? { ...column, name: newName } : column));
    const keepIndices = columns.flatMap((column, i) => (column.name === newName && i !== index ? [] : [i]));
    current = project({ columns, rows: current.rows }, keepIndices);
  }
  return current;
}

function sort(
  keys: readonly { value: Expression; order: "asc" | "desc" | null; nulls: "first" | "last" | null }[],
  table: Table,
  context: QueryContext,
): Table {
  const compiler = new ExpressionCompiler(table.columns, context);
  const compiled = keys.map((key) => {
    const value = compiler.compile(key.value);
    const descending = key.order === "desc";
    const nullsFirst = key.nulls ? key.nulls === "first" : descending;
    return { value, descending, nullsFirst };
  });
  // a multi-value sorts by its smallest value ascending and by its largest value descending
  const keyed = table.rows.map((row, index) => ({
    row,
    index,
    keys: compiled.map(({ value, descending }) => {
      const values = valuesOf(value.eval(row));
      if (values.length === 0) return null;
      return values.reduce((a, b) =>
        (descending ? compareScalars(b, a, value.type) > 0 : compareScalars(b, a, value.type) < 0) ? b : a,
      );
    }),
  }));
  keyed.sort((a, b) => {
    for (const [i, key] of compiled.entries()) {
      const x = a.keys[i];
      const y = b.keys[i];
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === key.nullsFirst ? -1 : 1;
      }
      const order = compareScalars(x, y, key.value.type);
      if (order !== 0) return key.descending ? -order : order;
    }
    return a.index - b.index;
  });
  return { columns: table.columns, rows: keyed.map((entry) => entry.row) };
}

function mvExpand(
  column: { parts: string[] } & SourceSpan,
  table: Table,
  context: QueryContext,
  cap: number,
): Table {
  const name = columnName(column.parts);
  const index = table.columns.findLastIndex((c) => c.name === name);
  if (index < 0) throw verificationError(context.query, column, `Unknown column [${name}]`);
  const rows: Cell[][] = [];
  for (const row of table.rows) {
    if (rows.length >= cap) break;
    const cell = row[index];
    if (!Array.isArray(cell)) rows.push(row);
    else for (const value of cell) rows.push(row.map((c, i) => (i === index ? value : c)));
  }
  return { columns: table.columns, rows };
}

function stringInput(input: Expression, table: Table, context: QueryContext, command: string): Compiled {
  const compiled = new ExpressionCompiler(table.columns, context).compile(input);
  if (!STRING_TYPES.has(compiled.type) && compiled.type !== "null") {
    throw verificationError(
      context.query,
      input,
      `${command} only supports KEYWORD or TEXT values, found expression [${context.query.slice(input.start, input.end)}] type [${compiled.type}]`,
    );
  }
  return compiled;
}

function dissect(command: Extract<Command, { type: "dissect" }>, table: Table, context: QueryContext): Table {
  const input = stringInput(command.input, table, context, "DISSECT");
  const pattern = parseDissect(String(command.pattern.type === "string" ? command.pattern.value : ""));
  const separatorOption = command.options.find((option) => option.name.toLowerCase() === "append_separator");
  const separator = separatorOption?.value.type === "string" ? separatorOption.value.value : "";
  const added = pattern.names.map((name) => ({ name, type: "keyword" as DataType }));
  return withColumns(table, added, (row) => {
    const results = valuesOf(input.eval(row)).flatMap((value) => {
      const found = applyDissect(pattern, String(value), separator);
      return found ? [found] : [];
    });
    return pattern.names.map((name) =>
      cellOf(results.flatMap((result) => (result.has(name) ? [result.get(name)!] : []))),
    );
  });
}

function grok(command: Extract<Command, { type: "grok" }>, table: Table, context: QueryContext): Table {
  const input = stringInput(command.input, table, context, "GROK");
  const texts = command.patterns.map((pattern) => (pattern.type === "string" ? pattern.value : ""));
  const pattern = compileGrok(texts, context.query, command);
  const added = pattern.fields.map((field) => ({ name: field.name, type: field.type as DataType }));
  const convert = (value: string, type: DataType): Scalar =>
    type === "integer" || type === "long"
      ? Math.trunc(Number(value))
      : type === "double"
        ? Number(value)
        : type === "boolean"
          ? value.toLowerCase() === "true"
          : value;
  return withColumns(table, added, (row) => {
    const results = valuesOf(input.eval(row)).flatMap((value) => {
      const found = applyGrok(pattern, String(value));
      return found ? [found] : [];
    });
    return pattern.fields.map((field) =>
      cellOf(
        results.flatMap((result) =>
          (result.get(field.name) ?? []).map((value) => convert(value, field.type)),
        ),
      ),
    );
  });
}
