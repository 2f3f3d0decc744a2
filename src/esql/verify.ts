/**
 * Static checks of a parsed ES|QL query without its data: which columns exist after each command, references to
 * columns that cannot exist there, unknown functions, wrong arities, aggregations outside STATS and unknown time
 * units. Source fields are open (FROM may read any field) until a command closes the column set: STATS keeps only
 * its outputs, KEEP only what it names.
 */
import type { Command, Expression, NamePattern, QualifiedName, Query } from "./ast.js";
import { arityOf, FUNCTIONS } from "./functions.js";
import { TIME_UNIT_BY_NAME } from "./time-units.js";

export type EsqlProblemCode =
  | "esql-unknown-column"
  | "esql-unknown-function"
  | "esql-function-arity"
  | "esql-aggregate-outside-stats"
  | "esql-time-unit";

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
}

export interface Verification {
  problems: EsqlProblem[];
  /** The columns of the result. */
  output: ColumnSet;
  /** Source fields the query reads (names that are not produced by the query itself). */
  sourceFields: string[];
}

const nameOf = (parts: readonly string[]) => parts.join(".");

/** Verifies `query`, parsed from `text` (unnamed EVAL and STATS columns are named by their source text). */
export function verifyEsql(query: Query, text: string): Verification {
  const problems: EsqlProblem[] = [];
  const sourceFields = new Set<string>();
  let columns: ColumnSet = { known: [], open: false, removed: new Set(), openPatterns: null };
  for (const command of query.commands) {
    columns = verifyCommand(command, columns, { problems, sourceFields, text });
  }
  return { problems, output: columns, sourceFields: [...sourceFields] };
}

interface State {
  problems: EsqlProblem[];
  sourceFields: Set<string>;
  text: string;
}

function canExist(columns: ColumnSet, name: string): "known" | "source" | "no" {
  if (columns.known.includes(name)) return "known";
  if (!columns.open || columns.removed.has(name)) return "no";
  if (columns.openPatterns && !columns.openPatterns.some((pattern) => pattern.test(name))) return "no";
  return "source";
}

function reference(node: QualifiedName | NamePattern, columns: ColumnSet, state: State): void {
  const name = nameOf(node.parts);
  const found = canExist(columns, name);
  if (found === "source") state.sourceFields.add(name);
  if (found !== "no") return;
  const suggestion = closest(name, columns.known);
  state.problems.push({
    code: "esql-unknown-column",
    offset: node.start,
    message: `Unknown column [${name}]: ${columns.open ? "an earlier command dropped, renamed or did not keep it" : "no earlier command produces it"}`,
    ...(suggestion ? { hint: `did you mean [${suggestion}]?` } : {}),
  });
}

function withKnown(columns: ColumnSet, added: string[]): ColumnSet {
  const known = [...columns.known.filter((name) => !added.includes(name)), ...added];
  return {
    ...columns,
    known,
    removed: new Set([...columns.removed].filter((name) => !added.includes(name))),
  };
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
    walk(expression, scope, state, inStats);
  switch (command.type) {
    case "from":
    case "ts":
      return {
        known: command.metadata.map((field) => nameOf(field.parts)),
        open: true,
        removed: new Set(),
        openPatterns: null,
      };
    case "row":
    case "eval": {
      let current = command.type === "row" ? { ...columns, open: false } : columns;
      for (const field of command.fields) {
        expressions(field.value, current);
        current = withKnown(current, [fieldName(field, state.text)]);
      }
      return current;
    }
    case "show":
      return { known: ["version", "date", "hash"], open: false, removed: new Set(), openPatterns: null };
    case "where":
      expressions(command.condition, columns);
      return columns;
    case "stats":
    case "inline_stats": {
      const outputs: string[] = [];
      for (const field of command.aggregates) {
        expressions(field.value, columns, true);
        if (field.where) expressions(field.where, columns);
        outputs.push(fieldName(field, state.text));
      }
      const groups = command.groups.map((field) => {
        expressions(field.value, columns, true);
        return fieldName(field, state.text);
      });
      if (command.type === "inline_stats") return withKnown(columns, outputs);
      return { known: [...outputs, ...groups], open: false, removed: new Set(), openPatterns: null };
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
        known: kept,
        open,
        removed: open ? columns.removed : new Set(),
        openPatterns: open ? [...(columns.openPatterns ?? []), ...wildcards] : null,
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
      return { ...columns, known, removed };
    }
    case "rename": {
      let current = columns;
      for (const { from, to } of command.pairs) {
        reference(from, current, state);
        const old = nameOf(from.parts);
        const renamed = nameOf(to.parts);
        const known = current.known
          .map((name) => (name === old ? renamed : name))
          .filter((name, i, all) => all.indexOf(name) === i);
        if (!known.includes(renamed)) known.push(renamed);
        current = { ...current, known, removed: new Set([...current.removed, old]) };
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
      return withKnown(columns, names);
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
      return { ...columns, open: true, openPatterns: null };
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
      return { known, open: branches.some((branch) => branch.open), removed: new Set(), openPatterns: null };
    }
  }
}

function walk(
  expression: Expression,
  columns: ColumnSet,
  state: State,
  inStats: boolean,
  inAggregate = false,
): void {
  const recurse = (child: Expression, nested = inAggregate) => walk(child, columns, state, inStats, nested);
  switch (expression.type) {
    case "name":
      reference(expression, columns, state);
      return;
    case "call": {
      const signature = FUNCTIONS[expression.name];
      if (!signature) {
        const suggestion = closest(expression.name, Object.keys(FUNCTIONS));
        state.problems.push({
          code: "esql-unknown-function",
          offset: expression.start,
          message: `Unknown function [${expression.name}]`,
          ...(suggestion ? { hint: `did you mean [${suggestion}]?` } : {}),
        });
      } else {
        const { min, max } = arityOf(signature);
        const count = expression.star ? (expression.name === "count" ? 1 : 0) : expression.args.length;
        if (count < min || count > max) {
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
      }
      const nested = inAggregate || signature?.kind === "aggregate";
      for (const arg of expression.args) recurse(arg, nested);
      return;
    }
    case "binary":
    case "logical":
      recurse(expression.left);
      recurse(expression.right);
      return;
    case "negate":
    case "not":
      recurse(expression.operand);
      return;
    case "in":
      recurse(expression.value);
      for (const item of expression.list) recurse(item);
      return;
    case "isNull":
    case "cast":
      recurse(expression.value);
      return;
    case "like":
      recurse(expression.value);
      for (const pattern of expression.patterns) recurse(pattern);
      return;
    case "match":
      recurse(expression.field);
      recurse(expression.query);
      return;
    case "timespan":
      if (!TIME_UNIT_BY_NAME.has(expression.unit)) {
        state.problems.push({
          code: "esql-time-unit",
          offset: expression.start,
          message: `Unexpected temporal unit: '${expression.unit}'`,
          hint: `use one of ${[...new Set([...TIME_UNIT_BY_NAME.values()].map((unit) => unit.name))].join(", ")} (or their abbreviations)`,
        });
      }
      return;
    default:
      return;
  }
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
