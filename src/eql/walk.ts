import type { EqlEventQuery, EqlExpression, EqlStatement } from "./ast.js";

/** The event queries of a statement in order (sequence/sample terms, then `until`). */
export function eventQueries(statement: EqlStatement): EqlEventQuery[] {
  const { query } = statement;
  if (query.type === "event") return [query];
  const terms = query.terms.map((term) => term.query);
  return query.type === "sequence" && query.until ? [...terms, query.until.query] : terms;
}

/** Every top-level expression of a statement: join keys and conditions. */
export function topExpressions(statement: EqlStatement): EqlExpression[] {
  const { query } = statement;
  if (query.type === "event") return [query.condition];
  const terms = query.type === "sequence" && query.until ? [...query.terms, query.until] : query.terms;
  return [...query.by, ...terms.flatMap((term) => [...term.by, term.query.condition])];
}

/** Calls `visit` on `expression` and every expression inside it, parents first. */
export function walkExpression(expression: EqlExpression, visit: (node: EqlExpression) => void): void {
  visit(expression);
  // A switch rather than a list of children: validation walks every rule's query, and arrays per node add up.
  switch (expression.type) {
    case "and":
    case "or":
    case "comparison":
    case "arithmetic":
      walkExpression(expression.left, visit);
      walkExpression(expression.right, visit);
      return;
    case "not":
    case "negation":
      walkExpression(expression.operand, visit);
      return;
    case "in":
      walkExpression(expression.subject, visit);
      for (const value of expression.values) walkExpression(value, visit);
      return;
    case "match":
      walkExpression(expression.subject, visit);
      for (const pattern of expression.patterns) walkExpression(pattern, visit);
      return;
    case "function":
      for (const arg of expression.args) walkExpression(arg, visit);
      return;
    case "field":
    case "literal":
      return;
  }
}

/** The names of every field a statement reads (conditions and join keys), optional ones included, sorted. */
export function fieldNames(statement: EqlStatement): string[] {
  const names = new Set<string>();
  for (const expression of topExpressions(statement)) {
    walkExpression(expression, (node) => {
      if (node.type === "field") names.add(node.name);
    });
  }
  return [...names].sort();
}
