/**
 * ES|QL's KQL("...") function, row by row: Elasticsearch runs it as a Lucene query on the source documents; here
 * each clause is tested against the row's columns with the same per-type meaning (keyword terms and wildcards,
 * analyzed text, numbers, dates, ip and CIDR, `field:*` as exists; a multi-valued column matches when any value does).
 */
import type { KqlFunctionNode, KqlValueNode } from "../../kql/ast.js";
import { isLoneWildcard, plainValue } from "../../kql/ast.js";
import { parseKql } from "../../kql/parser.js";
import { analyzeTerms } from "../../semantics/analyzer.js";
import { parseDate } from "../../semantics/dates.js";
import { parseCidr, parseIp } from "../../semantics/ip.js";
import { wildcardRegExp } from "../../semantics/wildcards.js";
import {
  type Cell,
  type Column,
  compareScalars,
  DATE_TYPES,
  NUMERIC_TYPES,
  type Scalar,
  valuesOf,
} from "./values.js";

export type RowPredicate = (row: Cell[]) => boolean;

/** The columns a KQL query reads: by name, by wildcard, or all of them (free text searches every field). */
export function kqlColumns(query: string): (name: string) => boolean {
  let root: KqlFunctionNode;
  try {
    root = parseKql(query);
  } catch {
    return () => true;
  }
  const names = new Set<string>();
  const patterns: RegExp[] = [];
  let all = false;
  const visit = (node: KqlFunctionNode): void => {
    if (node.function === "and" || node.function === "or") node.arguments.forEach(visit);
    else if (node.function === "not") visit(node.arguments[0]);
    else if (node.function === "nested") visit(node.arguments[1]);
    else {
      const field = node.arguments[0];
      if (field.type === "literal" && field.value === null) all = true;
      else if (field.type === "wildcard") patterns.push(wildcardRegExp(String(plainValue(field)), false));
      else names.add(String(plainValue(field)));
    }
  };
  visit(root);
  return (name) => all || names.has(name) || patterns.some((pattern) => pattern.test(name));
}

/** Compiles a KQL query against the columns of a row; throws the KQL syntax error for a bad query. */
export function compileKql(query: string, columns: readonly Column[]): RowPredicate {
  return compileNode(parseKql(query), columns);
}

function compileNode(node: KqlFunctionNode, columns: readonly Column[]): RowPredicate {
  switch (node.function) {
    case "and": {
      const parts = node.arguments.map((part) => compileNode(part, columns));
      return (row) => parts.every((part) => part(row));
    }
    case "or": {
      const parts = node.arguments.map((part) => compileNode(part, columns));
      return (row) => parts.some((part) => part(row));
    }
    case "not": {
      const inner = compileNode(node.arguments[0], columns);
      return (row) => !inner(row);
    }
    case "nested":
      return compileNode(node.arguments[1], columns);
    case "exists":
      return anyColumn(columnsNamed(node.arguments[0], columns), () => true);
    case "range": {
      const [field, operator, bound] = node.arguments;
      const test = {
        gt: (o: number) => o > 0,
        gte: (o: number) => o >= 0,
        lt: (o: number) => o < 0,
        lte: (o: number) => o <= 0,
      }[operator];
      return anyColumn(columnsNamed(field, columns), (value, column) => {
        const target = coerce(String(plainValue(bound)), column);
        return target !== undefined && test(compareScalars(value, target, column.type));
      });
    }
    case "is": {
      const [field, value] = node.arguments;
      const targets =
        field.type === "literal" && field.value === null
          ? [...columns.entries()]
          : columnsNamed(field, columns);
      if (isLoneWildcard(value)) return anyColumn(targets, () => true);
      return anyColumn(targets, valueMatcher(value));
    }
  }
}

/** The columns a KQL field names (a wildcard field names every matching column). */
function columnsNamed(field: KqlValueNode, columns: readonly Column[]): [number, Column][] {
  const name = String(plainValue(field));
  const regex = field.type === "wildcard" ? wildcardRegExp(name, false) : undefined;
  return [...columns.entries()].filter(([, column]) =>
    regex ? regex.test(column.name) : column.name === name,
  );
}

function anyColumn(
  targets: [number, Column][],
  test: (value: Scalar, column: Column) => boolean,
): RowPredicate {
  return (row) =>
    targets.some(([index, column]) => valuesOf(row[index]).some((value) => test(value, column)));
}

/** A KQL value as a value of the column's type; undefined when it cannot be one (so it matches nothing). */
function coerce(text: string, column: Column): Scalar | undefined {
  if (NUMERIC_TYPES.has(column.type)) {
    const number = Number(text);
    return text.trim() === "" || Number.isNaN(number) ? undefined : number;
  }
  if (DATE_TYPES.has(column.type)) {
    try {
      return parseDate(text);
    } catch {
      return undefined;
    }
  }
  if (column.type === "boolean") return text === "true" ? true : text === "false" ? false : undefined;
  return text;
}

function valueMatcher(value: KqlValueNode): (value: Scalar, column: Column) => boolean {
  const text = String(plainValue(value));
  const quoted = value.type === "literal" && value.isQuoted;
  const pattern = value.type === "wildcard" ? wildcardRegExp(text, false) : undefined;
  const queryTerms = analyzeTerms(text);
  return (cell, column) => {
    if (column.type === "text") {
      const terms = analyzeTerms(String(cell));
      if (pattern) return terms.some((term) => pattern.test(term));
      if (!quoted) return queryTerms.some((term) => terms.includes(term));
      return terms.some((_, start) => queryTerms.every((term, k) => terms[start + k] === term));
    }
    if (column.type === "ip") {
      const range = parseCidr(text);
      const address = parseIp(String(cell));
      if (address === undefined) return false;
      if (range) return address >= range.from && address <= range.to;
      return parseIp(text) === address;
    }
    if (pattern) return typeof cell === "string" && pattern.test(cell);
    const target = coerce(text, column);
    return target !== undefined && compareScalars(cell, target, column.type) === 0;
  };
}
