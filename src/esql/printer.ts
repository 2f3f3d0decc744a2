import type { Command, Expression, Field, IndexPattern, Literal, MapExpression, Query } from "./ast.js";

/**
 * Canonical ES|QL: the source command on the first line, each processing command on its own line after `| `,
 * keywords and function names in upper case, parentheses only where precedence needs them, comments dropped.
 * Parsing the printed text gives the same tree (offsets aside).
 */
export function printEsql(query: Query): string {
  const settings = query.settings.map((setting) => `SET ${setting.name} = ${printLiteral(setting.value)};\n`);
  return settings.join("") + query.commands.map(printCommand).join("\n| ");
}

/** Binding strength of each expression form; a child binding looser than its place needs parentheses. */
const OR = 1;
const AND = 2;
const NOT = 3;
const PREDICATE = 4;
const COMPARISON = 4.5;
const ADDITIVE = 5;
const MULTIPLICATIVE = 6;
const UNARY = 7;
const ATOM = 8;

function precedence(expression: Expression): number {
  switch (expression.type) {
    case "logical":
      return expression.operator === "or" ? OR : AND;
    case "not":
      return NOT;
    case "in":
    case "like":
    case "isNull":
    case "match":
      return PREDICATE;
    case "binary":
      if (["+", "-"].includes(expression.operator)) return ADDITIVE;
      if (["*", "/", "%"].includes(expression.operator)) return MULTIPLICATIVE;
      return COMPARISON;
    case "negate":
      return UNARY;
    default:
      return ATOM;
  }
}

/** Prints `expression`, in parentheses when it binds looser than `minimum`. */
function operand(expression: Expression, minimum: number): string {
  const text = printExpression(expression);
  return precedence(expression) < minimum ? `(${text})` : text;
}

export function printExpression(expression: Expression): string {
  switch (expression.type) {
    case "name":
      return printName(expression.parts);
    case "list":
      return `[${expression.items.map(printLiteral).join(", ")}]`;
    case "map":
      return printMap(expression);
    case "call": {
      const args = expression.star ? ["*"] : expression.args.map(printExpression);
      if (expression.options) args.push(printMap(expression.options));
      return `${expression.name.toUpperCase()}(${args.join(", ")})`;
    }
    case "binary": {
      // comparisons do not chain; arithmetic is left-associative
      const level = precedence(expression);
      const [left, right] = level === COMPARISON ? [ADDITIVE, ADDITIVE] : [level, level + 0.5];
      return `${operand(expression.left, left)} ${expression.operator} ${operand(expression.right, right)}`;
    }
    case "negate":
      return `-${operand(expression.operand, UNARY)}`;
    case "not":
      return `NOT ${operand(expression.operand, NOT)}`;
    case "logical": {
      const level = precedence(expression);
      const word = expression.operator.toUpperCase();
      return `${operand(expression.left, level)} ${word} ${operand(expression.right, level + 1)}`;
    }
    case "in":
      return `${operand(expression.value, COMPARISON)}${expression.negated ? " NOT" : ""} IN (${expression.list.map(printExpression).join(", ")})`;
    case "isNull":
      return `${operand(expression.value, COMPARISON)} IS ${expression.negated ? "NOT " : ""}NULL`;
    case "like": {
      const patterns = expression.patterns.map((pattern) => operand(pattern, ADDITIVE)).join(", ");
      const right = expression.list ? `(${patterns})` : patterns;
      return `${operand(expression.value, COMPARISON)}${expression.negated ? " NOT" : ""} ${expression.operator.toUpperCase()} ${right}`;
    }
    case "match":
      return `${operand(expression.field, COMPARISON)} : ${operand(expression.query, ADDITIVE)}`;
    case "cast":
      return `${operand(expression.value, ATOM)}::${expression.to}`;
    default:
      return printLiteral(expression);
  }
}

export function printLiteral(literal: Literal): string {
  switch (literal.type) {
    case "null":
      return "null";
    case "boolean":
      return String(literal.value);
    case "integer":
    case "decimal":
      return literal.text;
    case "string":
      return printString(literal.value, literal.triple);
    case "timespan":
      return `${literal.value} ${literal.unit}`;
    case "param":
      return `${literal.identifier ? "??" : "?"}${literal.name ?? literal.position ?? ""}`;
  }
}

function printString(value: string, triple: boolean): string {
  if (triple && !value.includes('"""') && !value.endsWith('"')) return `"""${value}"""`;
  const escaped = value.replace(
    /[\\"\n\r\t]/g,
    (ch) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[ch]!,
  );
  return `"${escaped}"`;
}

function printMap(map: MapExpression): string {
  const entries = map.entries.map(
    ({ key, value }) => `${printString(key, false)}: ${printExpression(value)}`,
  );
  return `{${entries.join(", ")}}`;
}

const PLAIN_PART = /^(?:[A-Za-z][A-Za-z0-9_]*|[_@][A-Za-z0-9_]+)$/;
const PATTERN_PART = /^[A-Za-z0-9_@*]+$/;
const KEYWORDS = new Set(["and", "or", "not", "in", "is", "like", "rlike", "null", "true", "false", "by"]);

/** A dotted name, backquoting each part that is not a plain identifier (or `*` pattern part). */
export function printName(parts: readonly string[]): string {
  return parts
    .map((part) =>
      (PLAIN_PART.test(part) || (part.includes("*") && PATTERN_PART.test(part))) &&
      !KEYWORDS.has(part.toLowerCase())
        ? part
        : `\`${part.replace(/`/g, "``")}\``,
    )
    .join(".");
}

function printField(field: Field): string {
  const value = printExpression(field.value);
  return field.name ? `${printName(field.name.parts)} = ${value}` : value;
}

function printIndex(index: IndexPattern): string {
  return index.quoted ? printString(index.text, false) : index.text;
}

function printCommand(command: Command): string {
  switch (command.type) {
    case "from":
    case "ts": {
      const metadata = command.metadata.map((name) => printName(name.parts)).join(", ");
      const indices = command.indices.map(printIndex).join(", ");
      return `${command.type.toUpperCase()} ${indices}${metadata ? ` METADATA ${metadata}` : ""}`;
    }
    case "row":
      return `ROW ${command.fields.map(printField).join(", ")}`;
    case "show":
      return "SHOW INFO";
    case "where":
      return `WHERE ${printExpression(command.condition)}`;
    case "eval":
      return `EVAL ${command.fields.map(printField).join(", ")}`;
    case "stats":
    case "inline_stats": {
      const aggregates = command.aggregates
        .map((field) => printField(field) + (field.where ? ` WHERE ${printExpression(field.where)}` : ""))
        .join(", ");
      const groups = command.groups.map(printField).join(", ");
      const keyword = command.type === "stats" ? "STATS" : "INLINE STATS";
      return [keyword, aggregates, groups ? `BY ${groups}` : ""].filter((part) => part !== "").join(" ");
    }
    case "keep":
    case "drop":
      return `${command.type.toUpperCase()} ${command.patterns.map((pattern) => printName(pattern.parts)).join(", ")}`;
    case "rename":
      return `RENAME ${command.pairs.map(({ from, to }) => `${printName(from.parts)} AS ${printName(to.parts)}`).join(", ")}`;
    case "sort":
      return `SORT ${command.keys
        .map(
          (key) =>
            printExpression(key.value) +
            (key.order ? ` ${key.order.toUpperCase()}` : "") +
            (key.nulls ? ` NULLS ${key.nulls.toUpperCase()}` : ""),
        )
        .join(", ")}`;
    case "limit":
      return `LIMIT ${printLiteral(command.count)}`;
    case "sample":
      return `SAMPLE ${printLiteral(command.probability)}`;
    case "dissect": {
      const options = command.options.map(({ name, value }) => ` ${name}=${printLiteral(value)}`).join("");
      return `DISSECT ${operand(command.input, ATOM)} ${printLiteral(command.pattern)}${options}`;
    }
    case "grok":
      return `GROK ${operand(command.input, ATOM)} ${command.patterns.map(printLiteral).join(", ")}`;
    case "mv_expand":
      return `MV_EXPAND ${printName(command.column.parts)}`;
    case "enrich": {
      const on = command.on ? ` ON ${printName(command.on.parts)}` : "";
      const withFields = command.with
        .map(({ name, field }) => (name ? `${printName(name.parts)} = ` : "") + printName(field.parts))
        .join(", ");
      return `ENRICH ${command.mode ? `${command.mode}:` : ""}${command.policy}${on}${withFields ? ` WITH ${withFields}` : ""}`;
    }
    case "lookup_join":
      return `LOOKUP JOIN ${printIndex(command.index)} ON ${command.on.map(printExpression).join(", ")}`;
    case "change_point": {
      const key = command.key ? ` ON ${printName(command.key.parts)}` : "";
      const as = command.as ? ` AS ${printName(command.as[0].parts)}, ${printName(command.as[1].parts)}` : "";
      return `CHANGE_POINT ${printName(command.value.parts)}${key}${as}`;
    }
    case "fork":
      return `FORK ${command.branches.map((branch) => `(${branch.map(printCommand).join(" | ")})`).join(" ")}`;
    case "completion": {
      const target = command.target ? `${printName(command.target.parts)} = ` : "";
      return `COMPLETION ${target}${operand(command.prompt, ATOM)} WITH ${printMap(command.options)}`;
    }
    case "rerank": {
      const target = command.target ? `${printName(command.target.parts)} = ` : "";
      const options = command.options ? ` WITH ${printMap(command.options)}` : "";
      return `RERANK ${target}${printLiteral(command.query)} ON ${command.on.map(printField).join(", ")}${options}`;
    }
  }
}
