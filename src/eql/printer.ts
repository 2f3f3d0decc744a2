/**
 * Canonical EQL text for a syntax tree: lower-case keywords, one sequence/sample term per line, parentheses only
 * where precedence needs them. Parsing the output gives the same tree (offsets aside).
 */
import type {
  EqlCategory,
  EqlEventQuery,
  EqlExpression,
  EqlField,
  EqlFieldPart,
  EqlLiteral,
  EqlQuery,
  EqlStatement,
} from "./ast.js";
import { KEYWORDS } from "./lexer.js";

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);
const IDENTIFIER = /^[A-Za-z_@][A-Za-z0-9_@]*$/;

/** Binding strength: higher binds tighter. */
const PRECEDENCE: Record<EqlExpression["type"], number> = {
  or: 1,
  and: 2,
  not: 3,
  comparison: 4,
  arithmetic: 5,
  negation: 7,
  in: 8,
  match: 8,
  function: 9,
  field: 9,
  literal: 9,
};

export function printEql(statement: EqlStatement): string {
  const pipes = statement.pipes.map((pipe) => ` | ${pipe.name} ${pipe.count}`).join("");
  return `${printQuery(statement.query)}${pipes}`;
}

function printQuery(query: EqlQuery): string {
  switch (query.type) {
    case "event":
      return printEventQuery(query);
    case "sequence": {
      let head = "sequence";
      if (query.by.length > 0) head += ` by ${printList(query.by)}`;
      if (query.maxspan) head += ` with maxspan=${query.maxspan.value}${query.maxspan.unit}`;
      const lines = query.terms.map((term) => {
        let line = `  ${term.missing ? "!" : ""}[${printEventQuery(term.query)}]`;
        if (term.by.length > 0) line += ` by ${printList(term.by)}`;
        if (term.runs !== undefined) line += ` with runs=${term.runs}`;
        return line;
      });
      if (query.until) {
        const by = query.until.by.length > 0 ? ` by ${printList(query.until.by)}` : "";
        lines.push(`until [${printEventQuery(query.until.query)}]${by}`);
      }
      return [head, ...lines].join("\n");
    }
    case "sample": {
      const head = query.by.length > 0 ? `sample by ${printList(query.by)}` : "sample";
      const lines = query.terms.map((term) => {
        const by = term.by.length > 0 ? ` by ${printList(term.by)}` : "";
        return `  [${printEventQuery(term.query)}]${by}`;
      });
      return [head, ...lines].join("\n");
    }
  }
}

function printEventQuery(query: EqlEventQuery): string {
  return `${printCategory(query.category)} where ${printExpression(query.condition)}`;
}

function printCategory(category: EqlCategory | undefined): string {
  if (!category) return "any";
  if (category.quoting === "none" && !KEYWORD_SET.has(category.name)) return category.name;
  return printString(category.name, category.quoting === "triple" ? "triple" : "double");
}

function printList(expressions: EqlExpression[]): string {
  return expressions.map((expression) => printExpression(expression)).join(", ");
}

export function printExpression(expression: EqlExpression): string {
  switch (expression.type) {
    case "or":
    case "and": {
      const own = PRECEDENCE[expression.type];
      // Left-associative: a right operand of the same operator keeps its parentheses.
      return `${wrap(expression.left, own)} ${expression.type} ${wrap(expression.right, own + 1)}`;
    }
    case "not":
      return `not ${wrap(expression.operand, PRECEDENCE.not)}`;
    case "comparison":
      return `${wrap(expression.left, PRECEDENCE.arithmetic)} ${expression.operator} ${wrap(expression.right, PRECEDENCE.arithmetic)}`;
    case "arithmetic": {
      const own = expression.operator === "+" || expression.operator === "-" ? 5 : 6;
      return `${wrap(expression.left, own)} ${expression.operator} ${wrap(expression.right, own + 1)}`;
    }
    case "negation":
      return `${expression.operator}${wrap(expression.operand, PRECEDENCE.negation)}`;
    case "in": {
      const operator = `${expression.negated ? "not " : ""}in${expression.caseInsensitive ? "~" : ""}`;
      return `${wrap(expression.subject, PRECEDENCE.function)} ${operator} (${printList(expression.values)})`;
    }
    case "match": {
      const patterns = expression.patterns.map(printLiteral).join(", ");
      const right = expression.list ? `(${patterns})` : patterns;
      const gap = expression.operator === ":" ? "" : " ";
      return `${wrap(expression.subject, PRECEDENCE.function)}${gap}${expression.operator} ${right}`;
    }
    case "function":
      return `${expression.name}${expression.caseInsensitive ? "~" : ""}(${printList(expression.args)})`;
    case "field":
      return printField(expression);
    case "literal":
      return printLiteral(expression);
  }
}

function wrap(expression: EqlExpression, minimum: number): string {
  const text = printExpression(expression);
  return precedenceOf(expression) < minimum ? `(${text})` : text;
}

function precedenceOf(expression: EqlExpression): number {
  if (expression.type === "arithmetic")
    return expression.operator === "+" || expression.operator === "-" ? 5 : 6;
  return PRECEDENCE[expression.type];
}

export function printField(field: EqlField): string {
  return `${field.optional ? "?" : ""}${field.parts.map(printFieldPart).join(".")}`;
}

function printFieldPart(part: EqlFieldPart): string {
  return IDENTIFIER.test(part.name) && !KEYWORD_SET.has(part.name)
    ? part.name
    : `\`${part.name.replaceAll("`", "``")}\``;
}

export function printLiteral(literal: EqlLiteral): string {
  switch (literal.kind) {
    case "string":
      return printString(literal.value, literal.quoting);
    case "number":
      return literal.text;
    case "boolean":
      return String(literal.value);
    case "null":
      return "null";
  }
}

/** A raw string stays raw when its value can be written that way; anything else is escaped. */
function printString(value: string, quoting: "double" | "triple"): string {
  if (quoting === "triple" && !value.includes('"""') && !value.endsWith('"')) return `"""${value}"""`;
  const escaped = value.replace(/[\\"\n\r\t\b\f]/g, (ch) => ESCAPES[ch]);
  return `"${escaped}"`;
}

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};
